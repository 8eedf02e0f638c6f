from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .exceptions import FeedUnavailable
from .feed_fetcher import check_url


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PREVIEWED = "previewed", _("Previewed")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")
    ROLLED_BACK = "rolled_back", _("Rolled back")
    DISCARDED = "discarded", _("Discarded")


class ImportFormat(models.TextChoices):
    YAML = "yaml", "YAML"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    YML = "yml", _("YML (Yandex Market XML)")


class ImportRun(models.Model):
    """One price-list import of one shop: its source, outcome, counts and errors, and who ran it."""

    shop = models.ForeignKey("shop.Shop", verbose_name=_("shop"), on_delete=models.CASCADE, related_name="import_runs")
    source = models.CharField(_("source"), max_length=500)
    format = models.CharField(_("format"), max_length=8, choices=ImportFormat.choices, default=ImportFormat.YAML)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, db_index=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    withdrawn_count = models.PositiveIntegerField(_("withdrawn"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    progress_done = models.PositiveIntegerField(_("progress done"), default=0)
    progress_total = models.PositiveIntegerField(_("progress total"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True, db_index=True)
    catalogue_version = models.PositiveBigIntegerField(
        _("catalogue version"),
        null=True,
        blank=True,
        help_text=_("The shop's catalogue version the preview was made against."),
    )
    previewed_at = models.DateTimeField(
        _("previewed"),
        null=True,
        blank=True,
        help_text=_(
            "When the preview read the shop's offers: units sold since then are subtracted from the file's stock."
        ),
    )
    file_shop_name = models.CharField(_("shop name in the file"), max_length=200, blank=True)
    active_offer_count = models.PositiveIntegerField(_("active offers at preview"), default=0)
    withdrawals_confirmed = models.BooleanField(_("withdrawals confirmed"), default=False)
    shop_name_confirmed = models.BooleanField(_("other shop's file confirmed"), default=False)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"), null=True, blank=True, help_text=_("Refreshed by the worker while it applies.")
    )
    pruned_at = models.DateTimeField(
        _("data pruned"), null=True, blank=True, help_text=_("Its file, diff and before-image were pruned.")
    )
    lease_token = models.CharField(_("lease"), max_length=32, blank=True, help_text=_("Which execution applies."))
    failure = models.TextField(_("failure"), blank=True, help_text=_("Why applying or rolling back failed."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    rolled_back_at = models.DateTimeField(_("rolled back"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rolled back by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["shop", "status", "-applied_at"], name="imports_run_shop_status_idx")]

    def __str__(self) -> str:
        return _("Import #%(id)s of %(shop)s (%(status)s)") % {
            "id": self.pk,
            "shop": self.shop,
            "status": self.get_status_display(),
        }

    @property
    def offer_count(self) -> int:
        """Offers the price list lists."""
        return self.created_count + self.updated_count + self.unchanged_count

    @property
    def withdrawn_share(self) -> float:
        """The share (0–1) of the shop's active offers this import withdraws."""
        return self.withdrawn_count / self.active_offer_count if self.active_offer_count else 0.0


class ImportUpload(models.Model):
    """The uploaded price list itself, kept in the database so any worker on any host can read it."""

    run = models.OneToOneField(ImportRun, verbose_name=_("import run"), on_delete=models.CASCADE, related_name="upload")
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("uploaded price list")
        verbose_name_plural = _("uploaded price lists")

    def __str__(self) -> str:
        return self.filename


class ImportPriceList(models.Model):
    """The validated, normalised price list of a previewed run: apply reads it instead of parsing again,
    so what is applied is exactly what was previewed (compressed JSON, see pricelist.dump_pricelist)."""

    run = models.OneToOneField(ImportRun, verbose_name=_("import run"), on_delete=models.CASCADE, related_name="parsed")
    data = models.BinaryField(_("data"))
    diff_plan = models.BinaryField(
        _("diff plan"),
        null=True,
        help_text=_("The preview's diff by offer position and id, reused by apply while the catalogue is unchanged."),
    )

    class Meta:
        verbose_name = _("parsed price list")
        verbose_name_plural = _("parsed price lists")

    def __str__(self) -> str:
        return f"{self.run_id}"


class ChangeKind(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ImportChangeChunk(models.Model):
    """A page of the run's diff: up to CHANGES_PER_CHUNK changes of one kind, as JSON.

    One row per page keeps a 100,000-offer preview to a few hundred rows written in one statement,
    and a page of the admin's change table is exactly one row.
    """

    run = models.ForeignKey(ImportRun, verbose_name=_("import run"), on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind.choices)
    position = models.PositiveIntegerField(_("position"))
    rows = models.JSONField(_("rows"), default=list)

    class Meta:
        verbose_name = _("change page")
        verbose_name_plural = _("change pages")
        ordering = ["run", "kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "position"], name="imports_change_chunk_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.kind}/{self.position}"


class SnapshotKind(models.TextChoices):
    OFFERS = "offers", _("Offers as they were")
    CREATED_OFFERS = "created_offers", _("Offers the import created")
    CREATED_PRODUCTS = "created_products", _("Products the import created")
    CREATED_CATEGORIES = "created_categories", _("Categories the import created")
    CREATED_PARAMETERS = "created_parameters", _("Parameters the import created")
    CREATED_SHOP_CATEGORIES = "created_shop_categories", _("Category links the import created")
    AFTER = "after", _("Offers right after the import")


class ImportSnapshotChunk(models.Model):
    """The before-image rollback needs, in compact JSON chunks written set-based during apply."""

    run = models.ForeignKey(
        ImportRun, verbose_name=_("import run"), on_delete=models.CASCADE, related_name="snapshot_chunks"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=SnapshotKind.choices)
    position = models.PositiveIntegerField(_("position"))
    rows = models.JSONField(_("rows"), default=list)

    class Meta:
        verbose_name = _("before-image chunk")
        verbose_name_plural = _("before-image chunks")
        ordering = ["run", "kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "position"], name="imports_snapshot_chunk_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.kind}/{self.position}"


class PriceListFeed(models.Model):
    """A shop's price list published at a URL, fetched and imported on a schedule (see services.feeds)."""

    shop = models.OneToOneField("shop.Shop", verbose_name=_("shop"), on_delete=models.CASCADE, related_name="feed")
    url = models.URLField(
        _("feed URL"),
        max_length=2000,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("http or https; the price list your shop engine or ERP publishes."),
    )
    import_format = models.CharField(
        _("format"),
        max_length=8,
        choices=ImportFormat.choices,
        blank=True,
        help_text=_("Leave empty to tell it from the URL's suffix and the file's start."),
    )
    interval_hours = models.PositiveSmallIntegerField(
        _("fetch every (hours)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24 * 7)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    next_fetch_at = models.DateTimeField(
        _("next fetch"), null=True, blank=True, db_index=True, help_text=_("Empty: at the next round.")
    )
    etag = models.CharField(_("ETag"), max_length=255, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=64, blank=True, editable=False)
    content_sha256 = models.CharField(_("content hash"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("price-list feed")
        verbose_name_plural = _("price-list feeds")
        ordering = ["shop__name"]

    def __str__(self) -> str:
        return f"{self.shop}: {self.url}"

    def clean(self):
        """The URL the fetcher would refuse outright (its addresses are checked at each fetch: they change)."""
        try:
            check_url(self.url)
        except FeedUnavailable as exc:
            raise ValidationError({"url": exc.detail}) from exc


class FeedFetchStatus(models.TextChoices):
    APPLIED = "applied", _("Imported")
    UNCHANGED = "unchanged", _("Unchanged")
    NEEDS_CONFIRMATION = "needs_confirmation", _("Waiting for confirmation")
    INVALID = "invalid", _("Invalid price list")
    FAILED = "failed", _("Fetch failed")


class FeedFetch(models.Model):
    """One fetch of a feed: when, what the server answered, how many bytes, the import it started."""

    feed = models.ForeignKey(PriceListFeed, verbose_name=_("feed"), on_delete=models.CASCADE, related_name="fetches")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=FeedFetchStatus.choices)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    bytes_received = models.PositiveBigIntegerField(_("bytes"), default=0)
    content_sha256 = models.CharField(_("content hash"), max_length=64, blank=True)
    run = models.ForeignKey(
        ImportRun, verbose_name=_("import run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("feed fetch")
        verbose_name_plural = _("feed fetches")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["feed", "-started_at"], name="imports_feedfetch_feed_idx")]

    def __str__(self) -> str:
        return f"{self.feed_id} @ {self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"
