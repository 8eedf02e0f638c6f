from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")
    ROLLED_BACK = "rolled_back", _("Rolled back")


class ImportFormat(models.TextChoices):
    YAML = "yaml", "YAML"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


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

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["shop", "status", "-applied_at"], name="imports_run_shop_status_idx")]

    def __str__(self) -> str:
        return f"Import #{self.pk} of {self.shop} ({self.get_status_display()})"
