"""Checks on uploaded images, shared by avatars and product pictures, and their re-encoding before storage.

The header is read before any pixel is decoded, so a decompression bomb is refused without being
expanded in memory. A file that passes is never stored as sent: it is decoded and encoded again under a
random name whose extension comes from the format Pillow found, so bytes appended to a valid image (an
HTML page after a GIF, say) and the client's own file name never reach the media folder.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
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
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(_("The file is not a valid image."), code="invalid_image") from exc
    finally:
        upload.seek(0)


def reencoded_image(upload: UploadedFile) -> ContentFile:
    """The validated image `upload` decoded and encoded again, named `<uuid>.<ext>` after its real format.

    Raises what validate_image_upload raises. Animated GIF/WebP/PNG keep their frames; JPEG and WebP
    photos are turned upright by their EXIF orientation, which is then dropped with the other metadata.
    """
    validate_image_upload(upload)
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
    except (OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(_("The file is not a valid image."), code="invalid_image") from exc
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
