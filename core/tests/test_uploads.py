import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import InvalidImage, UploadTooLarge, gif_frames_and_canvas, reencoded_image, validate_image_upload

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


def gif_bomb(frames: int = 100, screen: tuple[int, int] = (3000, 3000), frame: tuple[int, int] = (1, 1)) -> bytes:
    """A GIF of about 2 KB whose frames each cost a full `screen` canvas to decode: Pillow composes every frame
    onto it (and grows it to a frame that lies outside). 100 frames of 3000×3000 took 84 s to re-encode."""
    gif = bytearray(b"GIF89a" + struct.pack("<HHBBB", *screen, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff")
    for _ in range(frames):
        gif += b"\x21\xf9\x04\x00\x01\x00\x00\x00"  # graphic control extension: 10 ms
        gif += b"\x2c" + struct.pack("<HHHHB", 0, 0, *frame, 0)  # image descriptor
        gif += b"\x02\x02\x44\x01\x00"  # LZW minimum code size 2, one pixel
    return bytes(gif + b"\x3b")


def animation(fmt: str, frames: int, size: tuple[int, int]) -> SimpleUploadedFile:
    images = [Image.new("RGB", size, (index * 40 % 256, 0, 0)) for index in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, fmt, save_all=True, append_images=images[1:])
    return SimpleUploadedFile(f"anim.{fmt.lower()}", buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def png_with_short_image_data(width: int = 64, height: int = 64) -> bytes:
    """A PNG whose chunks (and their checksums) are whole but whose compressed pixels stop half-way:
    Pillow's verify() passes it, decoding it fails."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\0" + os.urandom(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels)[: len(pixels) // 2])
        + chunk(b"IEND", b"")
    )


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


@pytest.mark.parametrize(
    "bomb",
    [gif_bomb(), gif_bomb(frames=20, screen=(1, 1), frame=(3000, 3000))],
    ids=["frames-on-a-big-screen", "frames-outside-a-tiny-screen"],
)
def test_an_animated_gif_bomb_is_refused_by_frames_times_pixels_before_decoding(bomb):
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(SimpleUploadedFile("bomb.gif", bomb, content_type="image/gif"))
    assert caught.value.code == "too_many_pixels"
    with pytest.raises(InvalidImage):
        reencoded_image(SimpleUploadedFile("bomb.gif", bomb, content_type="image/gif"))


def test_a_gifs_frames_and_canvas_are_read_from_its_blocks():
    assert gif_frames_and_canvas(gif_bomb(frames=7, screen=(10, 20), frame=(30, 5))) == (7, (30, 20))
    assert gif_frames_and_canvas(animation("GIF", 3, (4, 6)).read()) == (3, (4, 6))


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_every_animation_format_is_held_to_frames_times_pixels(fmt):
    validate_image_upload(animation(fmt, 2, (100, 100)), max_pixels=30_000)  # 20,000 pixels to decode
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(animation(fmt, 4, (100, 100)), max_pixels=30_000)  # 40,000: each frame alone fits
    assert caught.value.code == "too_many_pixels"


def test_an_image_that_fails_to_decode_is_an_invalid_image_domain_error():
    upload = SimpleUploadedFile("short.png", png_with_short_image_data(), content_type="image/png")
    validate_image_upload(upload)  # the header and the chunks are sound
    with pytest.raises(InvalidImage) as caught:
        reencoded_image(upload)
    assert caught.value.status_code == 400
