import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import UploadTooLarge, validate_image_upload


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
