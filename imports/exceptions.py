"""Domain errors of the import pipeline; the API maps them to HTTP in core.errors."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.errors import ConflictError, DomainError


class PriceListInvalid(DomainError):
    """The price list cannot be imported; `errors` lists every problem found, not just the first."""

    status_code = 400

    def __init__(self, errors: list[dict]):
        super().__init__(str(_("The price list has %(count)s problem(s).") % {"count": len(errors)}), errors=errors)
        self.errors = errors


ERRORS_KEPT = 1_000


def errors_to_store(errors: list[dict]) -> list[dict]:
    """The errors kept on a run: the first ERRORS_KEPT, then one line saying how many more there were."""
    if len(errors) <= ERRORS_KEPT:
        return errors
    more = str(_("… and %(count)s more problems.") % {"count": len(errors) - ERRORS_KEPT})
    return [*errors[:ERRORS_KEPT], {"field": "file", "message": more}]


class ImportConflict(ConflictError):
    """The run is not in a state that allows this step, or another import of the shop is running."""


def megabytes(size: int) -> str:
    """A size in MB (2^20 bytes) with one decimal, as the active language writes numbers: 1.5 / 1,5."""
    return number_format(round(size / 2**20, 1), decimal_pos=1, use_l10n=True)


class PriceListTooLarge(PriceListInvalid):
    status_code = 413

    def __init__(self, *, size: int, limit: int):
        message = _(
            "The file is %(size)s MB; at most %(limit)s MB are accepted. Split the price list into smaller files."
        ) % {"size": megabytes(size), "limit": megabytes(limit)}
        super().__init__([{"field": "file", "message": str(message), "size": size, "limit": limit}])


class ImportNeedsConfirmation(ImportConflict):
    """Applying would withdraw too much of the shop, or the file is another shop's: confirm it explicitly."""


class ImportOutdated(ImportConflict):
    """The shop's catalogue changed since the preview and the diff with it differs: preview again."""


class ImportQueueUnavailable(DomainError):
    """The task queue refused the job; the run was not left waiting for a worker that will never come."""

    status_code = 503


class ImportAlreadyHandled(ImportConflict):
    """Another execution holds the run (a task delivered twice) or it is finished: nothing to do."""


class FeedUnavailable(DomainError):
    """A price-list feed could not be fetched (refused address, HTTP error, timeout, too large)."""

    status_code = 502

    def __init__(self, detail: str, *, http_status: int | None = None, bytes_received: int = 0):
        super().__init__(str(detail))
        self.http_status = http_status
        self.bytes_received = bytes_received
