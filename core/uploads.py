"""Checks on uploaded images, shared by avatars and product pictures.

The header is read before any pixel is decoded, so a decompression bomb is refused without being
expanded in memory.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .errors import DomainError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class UploadTooLarge(DomainError):
    status_code = 413


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
