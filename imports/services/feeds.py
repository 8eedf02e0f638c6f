"""Price-list feeds: fetching a shop's published price list on its schedule and importing it like an upload."""

import hashlib
import logging
from collections.abc import Collection
from datetime import timedelta
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from notifications.rendering import in_language
from notifications.services import queue_notification
from shop.emails import shop_recipients_by_language

from .. import feed_fetcher
from ..exceptions import FeedUnavailable, ImportNeedsConfirmation
from ..models import FeedFetch, FeedFetchStatus, ImportRun, ImportStatus, PriceListFeed
from .guards import run_guards
from .runs import create_upload_run, run_import

logger = logging.getLogger(__name__)


# what makes the last import's ETag, Last-Modified and content hash describe another file
FEED_SOURCE_FIELDS = frozenset({"url", "import_format"})


@transaction.atomic
def save_feed(*, feed: PriceListFeed, changed_fields: Collection[str]) -> PriceListFeed:
    """Save a feed edited in a form. A new URL or format forgets the last import's ETag, Last-Modified and
    content hash (the new address's file is older or the same bytes, and would never be imported) and is
    fetched at the next round."""
    if feed.pk is None or FEED_SOURCE_FIELDS.intersection(changed_fields):
        feed.etag = feed.last_modified = feed.content_sha256 = ""
        feed.next_fetch_at = None
    feed.save()
    return feed


@transaction.atomic
def claim_feed(*, feed_id: int, force: bool = False) -> PriceListFeed | None:
    """Take the feed for one fetch: its next fetch moves one interval on under the row's lock, so a round
    queued twice, or two workers, fetch it once. None when it is inactive, or not due and not `force`d."""
    now = timezone.now()
    due = Q(pk=feed_id, is_active=True)
    if not force:
        due &= Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now)
    feed = PriceListFeed.objects.select_for_update(skip_locked=True, of=("self",)).filter(due).first()
    if feed is None:
        return None
    feed.next_fetch_at = now + timedelta(hours=feed.interval_hours)
    feed.save(update_fields=["next_fetch_at"])
    return PriceListFeed.objects.select_related("shop__owner").get(pk=feed_id)


def fetch_feed(*, feed_id: int, force: bool = False) -> FeedFetch | None:
    """Fetch one due feed (see imports.feed_fetcher for what the download guarantees) and import it.

    Guarantees: every fetch leaves one FeedFetch row saying what happened; nothing is imported from a
    failed download; an unchanged feed (304, or the same bytes as the last import) starts no import; a
    changed one is previewed and applied by the same services and guards as an upload, and a guard that
    needs confirmation leaves the run previewed and e-mails the shop (its order address, in its owner's
    language). The feed's ETag, Last-Modified and content hash are kept only once an import is applied,
    so a file that failed is fetched and tried again next time; the same bytes as a run still waiting for
    confirmation are that run again (no second run, no second e-mail). Returns None when the feed was not due.
    """
    feed = claim_feed(feed_id=feed_id, force=force)
    if feed is None:
        return None
    try:
        response = feed_fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    except FeedUnavailable as exc:
        logger.info("feed %s of shop %s: %s", feed.pk, feed.shop_id, exc.detail)
        return _record(
            feed,
            FeedFetchStatus.FAILED,
            http_status=exc.http_status,
            bytes_received=exc.bytes_received,
            error=exc.detail,
        )
    digest = hashlib.sha256(response.content).hexdigest()
    received = {"http_status": response.status, "bytes_received": len(response.content), "content_sha256": digest}
    if response.unchanged or digest == feed.content_sha256:
        return _record(feed, FeedFetchStatus.UNCHANGED, **received)
    waiting = (
        FeedFetch.objects.filter(
            feed=feed,
            status=FeedFetchStatus.NEEDS_CONFIRMATION,
            content_sha256=digest,
            run__status=ImportStatus.PREVIEWED,
        )
        .order_by("-started_at", "-id")
        .first()
    )
    if waiting is not None:
        return _record(feed, FeedFetchStatus.NEEDS_CONFIRMATION, run=waiting.run, error=waiting.error, **received)
    return _import(feed, response, received)


def _import(feed: PriceListFeed, response: feed_fetcher.FeedResponse, received: dict) -> FeedFetch:
    run = None
    try:
        file = ContentFile(response.content, name=_filename(response.url))
        run = create_upload_run(shop=feed.shop, file=file, import_format=feed.import_format or None)
        run = run_import(run_id=run.pk)
    except ImportNeedsConfirmation as exc:
        run.refresh_from_db()
        _ask_for_confirmation(feed, run)
        return _record(feed, FeedFetchStatus.NEEDS_CONFIRMATION, run=run, error=exc.detail, **received)
    except DomainError as exc:
        status = FeedFetchStatus.FAILED if run is not None else FeedFetchStatus.INVALID
        return _record(feed, status, run=run, error=exc.detail, **received)
    except Exception as exc:  # recorded for the shop's history; the traceback goes to the log (and Sentry)
        logger.exception("feed %s of shop %s: the import crashed", feed.pk, feed.shop_id)
        return _record(feed, FeedFetchStatus.FAILED, run=run, error=f"{type(exc).__name__}: {exc}"[:1000], **received)
    if run.status != ImportStatus.APPLIED:
        return _record(feed, FeedFetchStatus.INVALID, run=run, error=run.failure, **received)
    PriceListFeed.objects.filter(pk=feed.pk).update(
        etag=response.etag, last_modified=response.last_modified, content_sha256=received["content_sha256"]
    )
    return _record(feed, FeedFetchStatus.APPLIED, run=run, **received)


@transaction.atomic
def _record(feed: PriceListFeed, status: str, *, run: ImportRun | None = None, **fields) -> FeedFetch:
    return FeedFetch.objects.create(feed=feed, status=status, run=run, finished_at=timezone.now(), **fields)


def _filename(url: str) -> str:
    """The URL's last path segment names the file for the format's detection; "feed" when it has none."""
    return PurePosixPath(urlsplit(url).path).name or "feed"


def _ask_for_confirmation(feed: PriceListFeed, run: ImportRun) -> None:
    shop = feed.shop
    for language, addresses in shop_recipients_by_language(shop).items():
        with in_language(language):
            reasons = [guard.message for guard in run_guards(run) if not guard.confirmed]
        queue_notification(
            key="feed_needs_confirmation",
            to=addresses,
            language=language,
            context={
                "shop_name": shop.name,
                "feed_url": feed.url,
                "run_id": run.pk,
                "reasons": reasons,
                "import_url": settings.WAGTAILADMIN_BASE_URL + reverse("imports:detail", args=[run.pk]),
            },
        )
