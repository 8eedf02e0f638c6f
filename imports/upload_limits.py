"""The price-list size limit, enforced while the request body is read, before any of it reaches the disk.

Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file as they arrive; checking the
size of the finished upload would let a client fill the disk first. This handler, put first in the
request's upload handlers, refuses a declared Content-Length over the limit at once and stops a body
that grows past it chunk by chunk, raising PriceListTooLarge (413) either way.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler

from .exceptions import PriceListTooLarge

# Room for the multipart boundaries and the other form fields around the file.
FORM_OVERHEAD = 64 * 1024


class PriceListSizeLimit(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        check_content_length(content_length)

    def receive_data_chunk(self, raw_data, start):
        limit = settings.PRICELIST_MAX_BYTES
        if start + len(raw_data) > limit:
            raise PriceListTooLarge(size=start + len(raw_data), limit=limit)
        return raw_data

    def file_complete(self, file_size):
        return None


def check_content_length(content_length: int | None) -> None:
    limit = settings.PRICELIST_MAX_BYTES
    if content_length and content_length > limit + FORM_OVERHEAD:
        raise PriceListTooLarge(size=content_length, limit=limit)


def limit_upload_size(request) -> None:
    """Check the request's declared length and watch its body as it is read; call before touching
    request.POST / FILES (or DRF's request.data)."""
    try:
        content_length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        content_length = 0
    check_content_length(content_length)
    request.upload_handlers.insert(0, PriceListSizeLimit(request))
