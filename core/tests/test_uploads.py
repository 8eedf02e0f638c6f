import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import UploadTooLarge, reencoded_image, validate_image_upload

HTML_PAYLOAD = b"<html><body><script>alert(document.domain)</script></body></html>"


def image_with_html_appended(fmt="PNG") -> bytes:
    """A valid image that browsers sniffing for HTML would render as a page: the payload follows its end marker."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, fmt)
    return buffer.getvalue() + HTML_PAYLOAD


def image_file(fmt="PNG", size=(20, 10), name="pic.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_common_image_formats_pass(fmt):
    validate_image_upload(image_file(fmt))


def test_text_pretending_to_be_an_image_is_refused():
    with pytest.raises(ValidationError):
        validate_image_upload(SimpleUploadedFile("a.png", b"not an image", content_type="image/png"))


def test_a_decompression_bomb_is_refused_from_its_header():
    bomb = SimpleUploadedFile("bomb.png", png_bomb(100_000, 100_000), content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(bomb)
    assert caught.value.code in {"too_many_pixels", "invalid_image"}


def test_pixel_limit_is_configurable():
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(image_file(size=(100, 100)), max_pixels=5_000)
    assert caught.value.code == "too_many_pixels"


def test_too_many_bytes_is_a_413():
    with pytest.raises(UploadTooLarge) as caught:
        validate_image_upload(image_file(size=(200, 200)), max_bytes=100)
    assert caught.value.status_code == 413


@pytest.mark.parametrize("fmt, extension", [("PNG", "png"), ("GIF", "gif"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_reencoding_names_the_file_after_its_real_format_and_drops_appended_bytes(fmt, extension):
    upload = SimpleUploadedFile("me.html", image_with_html_appended(fmt), content_type="text/html")

    clean = reencoded_image(upload)

    name, _, suffix = clean.name.rpartition(".")
    assert suffix == extension and len(name) == 32
    content = clean.read()
    assert HTML_PAYLOAD not in content
    assert Image.open(io.BytesIO(content)).format == fmt


def test_reencoding_keeps_the_frames_of_an_animated_gif():
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (4, 4), colour) for colour in ("red", "green", "blue")]
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])

    assert Image.open(io.BytesIO(buffer.getvalue())).n_frames == 3
    clean = reencoded_image(SimpleUploadedFile("anim.gif", buffer.getvalue()))

    assert Image.open(io.BytesIO(clean.read())).n_frames == 3
