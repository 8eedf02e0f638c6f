"""Checks on uploaded images, shared by avatars and product pictures, and their re-encoding before storage.

The header is read before any pixel is decoded, so a decompression bomb is refused without being
expanded in memory; an animation counts every frame it would decode at the size it would decode it (a tiny
GIF of a hundred 3000×3000 frames is 900 million pixels, not 9 million), as Wagtail's own image field does.
A file that passes is never stored as sent: it is decoded and encoded again under a
random name whose extension comes from the format Pillow found, so bytes appended to a valid image (an
HTML page after a GIF, say) and the client's own file name never reach the media folder.
"""

import io
import struct
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError

# Pillow's format name → the extension an image of that format is stored and served under.
IMAGE_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ALLOWED_IMAGE_FORMATS = set(IMAGE_EXTENSIONS)
# What /media/ may serve, by extension: our own uploads and Wagtail's renditions of them.
SERVED_IMAGE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
}


class UploadTooLarge(DomainError):
    status_code = 413
    code = "upload_too_large"


class InvalidImage(DomainError):
    """A file that passed the header checks but cannot be decoded (a truncated image, say): 400."""

    code = "invalid_image"


def validate_image_upload(upload: UploadedFile, *, max_bytes: int | None = None, max_pixels: int | None = None) -> None:
    """Refuse anything that is not a JPEG/PNG/WebP/GIF within the byte and pixel limits.

    Raises UploadTooLarge (413) past the byte limit and ValidationError (400) otherwise.
    """
    max_bytes = max_bytes or settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    max_pixels = max_pixels or settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    if upload.size is not None and upload.size > max_bytes:
        raise UploadTooLarge(_("The file is larger than %(limit)s MB.") % {"limit": round(max_bytes / 1024 / 1024, 1)})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            image_format = image.format
            if image_format not in ALLOWED_IMAGE_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."), code="invalid_image")
            if width * height > max_pixels:
                raise ValidationError(
                    _("The image has too many pixels (%(width)s×%(height)s).") % {"width": width, "height": height},
                    code="too_many_pixels",
                )
            frames, (width, height) = _frames_and_canvas(image, upload)
            if frames * width * height > max_pixels:
                raise ValidationError(
                    ngettext(
                        "The animation has too many pixels: %(frames)s frame of %(width)s×%(height)s.",
                        "The animation has too many pixels: %(frames)s frames of %(width)s×%(height)s.",
                        frames,
                    )
                    % {"frames": frames, "width": width, "height": height},
                    code="too_many_pixels",
                )
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, EOFError) as exc:
        raise ValidationError(_("The file is not a valid image."), code="invalid_image") from exc
    finally:
        upload.seek(0)


def _frames_and_canvas(image: Image.Image, upload: UploadedFile) -> tuple[int, tuple[int, int]]:
    """How many frames decoding `image` composes, and on how large a canvas, read without decoding a pixel.

    APNG and animated WebP frames must fit their canvas (Pillow and libwebp refuse others), so the header's
    size holds; their frame count is the declared one (APNG's acTL) or the container's. A GIF frame may lie
    outside the logical screen, and Pillow then grows the canvas for every frame: its frame descriptors are
    walked for the real extent."""
    if image.format == "GIF":
        position = upload.tell()
        upload.seek(0)
        try:
            return gif_frames_and_canvas(upload.read())
        finally:
            upload.seek(position)
    return getattr(image, "n_frames", 1), image.size


GIF_EXTENSION, GIF_IMAGE, GIF_TRAILER = 0x21, 0x2C, 0x3B


def gif_frames_and_canvas(data: bytes) -> tuple[int, tuple[int, int]]:
    """The frame count of a GIF and the canvas its frames span (the logical screen grown to every frame's
    extent), from its block structure only, the way Pillow walks it: one pass, no LZW decoding."""
    if len(data) < 13:
        raise EOFError("truncated GIF header")
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    position = 13 + (_colour_table_bytes(flags) if flags & 0x80 else 0)
    frames = 0
    while position < len(data) and data[position] != GIF_TRAILER:
        block = data[position]
        if block == GIF_EXTENSION:
            position = _after_sub_blocks(data, position + 2)
        elif block == GIF_IMAGE:
            if position + 10 > len(data):
                raise EOFError("truncated GIF image descriptor")
            left, top, frame_width, frame_height, frame_flags = struct.unpack_from("<HHHHB", data, position + 1)
            width, height = max(width, left + frame_width), max(height, top + frame_height)
            frames += 1
            position += 10 + (_colour_table_bytes(frame_flags) if frame_flags & 0x80 else 0)
            position = _after_sub_blocks(data, position + 1)  # after the LZW minimum code size
        else:
            position += 1  # Pillow skips a stray byte between blocks too
    return max(frames, 1), (width, height)


def _colour_table_bytes(flags: int) -> int:
    return 3 << ((flags & 7) + 1)


def _after_sub_blocks(data: bytes, position: int) -> int:
    """The position after a chain of GIF data sub-blocks (a length byte, that many bytes; 0 ends it)."""
    while position < len(data) and data[position]:
        position += data[position] + 1
    return position + 1


def reencoded_image(upload: UploadedFile) -> ContentFile:
    """The validated image `upload` decoded and encoded again, named `<uuid>.<ext>` after its real format.

    Raises UploadTooLarge (413) past the byte limit and InvalidImage (400) for anything else refused, from the
    header checks of validate_image_upload or from decoding: services call it, so a refusal must be a domain
    error the API and the admin show, not a Django ValidationError. Animated GIF/WebP/PNG keep their frames;
    JPEG and WebP photos are turned upright by their EXIF orientation, which is then dropped with the other
    metadata.
    """
    try:
        validate_image_upload(upload)
    except ValidationError as exc:
        raise InvalidImage(" ".join(exc.messages)) from exc
    try:
        with Image.open(upload) as image:
            image_format = image.format
            animated = getattr(image, "is_animated", False)
            buffer = io.BytesIO()
            if animated:
                image.save(buffer, image_format, save_all=True)
            else:
                image.load()
                _encode_still(ImageOps.exif_transpose(image), image_format, buffer)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        raise InvalidImage(_("The file is not a valid image.")) from exc
    finally:
        upload.seek(0)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{IMAGE_EXTENSIONS[image_format]}")


def _encode_still(image: Image.Image, image_format: str, buffer: io.BytesIO) -> None:
    if image_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=90)
    elif image_format == "GIF":
        image.save(buffer, "GIF")
    else:
        image.save(buffer, image_format)
