from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..change_display import with_display
from ..models import ChangeKind, ImportFormat, ImportRun
from ..selectors import counts
from ..services import can_resume, is_stale, run_guards


class ImportRunSerializer(serializers.ModelSerializer):
    shop_name = serializers.CharField(source="shop.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    counts = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    created_by = serializers.EmailField(source="created_by.email", read_only=True, default=None)
    rolled_back_by = serializers.EmailField(source="rolled_back_by.email", read_only=True, default=None)

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "shop_id",
            "shop_name",
            "source",
            "format",
            "status",
            "status_display",
            "counts",
            "progress",
            "errors",
            "failure",
            "task_id",
            "created_by",
            "created_at",
            "applied_at",
            "rolled_back_at",
            "rolled_back_by",
        ]
        read_only_fields = fields

    def get_counts(self, run: ImportRun) -> dict:
        return counts(run)

    def get_progress(self, run: ImportRun) -> dict:
        return {"done": run.progress_done, "total": run.progress_total}


class ImportRunDetailSerializer(ImportRunSerializer):
    """A run with its warnings, the first page of each kind of change (the diff summary), what must be
    confirmed before it is applied, and whether its worker died."""

    changes = serializers.SerializerMethodField()
    withdrawn_share = serializers.SerializerMethodField(
        help_text=_("Share (0–1) of the shop's active offers withdrawn.")
    )
    guards = serializers.SerializerMethodField()
    stale = serializers.SerializerMethodField(help_text=_("Applying, but its worker gave no sign of life."))
    can_resume = serializers.SerializerMethodField()

    class Meta(ImportRunSerializer.Meta):
        fields = [
            *ImportRunSerializer.Meta.fields,
            "file_shop_name",
            "active_offer_count",
            "withdrawn_share",
            "guards",
            "heartbeat_at",
            "stale",
            "can_resume",
            "warnings",
            "changes",
        ]
        read_only_fields = fields

    def get_withdrawn_share(self, run: ImportRun) -> float:
        return round(run.withdrawn_share, 4)

    def get_guards(self, run: ImportRun) -> list[dict]:
        """[{code: empty_file|withdrawals|shop_name, message, confirmed}]"""
        return [guard.as_dict() for guard in run_guards(run)]

    def get_stale(self, run: ImportRun) -> bool:
        return is_stale(run)

    def get_can_resume(self, run: ImportRun) -> bool:
        return can_resume(run)

    def get_changes(self, run: ImportRun) -> dict:
        pages = {chunk.kind: chunk.rows for chunk in run.changes.filter(position=0)}
        return {kind: with_display(kind, pages.get(kind, [])) for kind in ChangeKind.values}


CONFIRM_WITHDRAWALS_HELP = _("Apply even if it withdraws more than the allowed share of the shop's offers, or all.")
CONFIRM_SHOP_NAME_HELP = _("Staff only: apply even though the file names another shop.")


class ConfirmWithdrawalsSerializer(serializers.Serializer):
    confirm_withdrawals = serializers.BooleanField(required=False, default=False, help_text=CONFIRM_WITHDRAWALS_HELP)


class StaffConfirmationsSerializer(ConfirmWithdrawalsSerializer):
    confirm_shop_name = serializers.BooleanField(required=False, default=False, help_text=CONFIRM_SHOP_NAME_HELP)

    def validate_confirm_shop_name(self, value: bool) -> bool:
        user = self.context["request"].user
        if value and not (user.is_staff or user.is_superuser):
            raise serializers.ValidationError(_("Only staff may apply another shop's price list."))
        return value


class RollbackSerializer(serializers.Serializer):
    overwrite_edits = serializers.BooleanField(
        required=False, default=False, help_text=_("Roll back even over offers edited by hand since the import.")
    )


class StartShopImportSerializer(StaffConfirmationsSerializer):
    file = serializers.FileField(required=False, help_text=_("A YAML, CSV or XLSX price list."))
    yaml_file_path = serializers.CharField(
        required=False, max_length=500, help_text=_("A price list inside the configured data folder.")
    )
    format = serializers.ChoiceField(choices=ImportFormat.choices, required=False)

    def validate(self, attrs):
        if attrs.get("file") and attrs.get("yaml_file_path"):
            raise serializers.ValidationError({"file": [_("Give a file or a path, not both.")]})
        return attrs


class SupplierUploadSerializer(ConfirmWithdrawalsSerializer):
    file = serializers.FileField(help_text=_("A YAML, CSV or XLSX price list."))
    format = serializers.ChoiceField(choices=ImportFormat.choices, required=False)


class TaskStartedSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    import_id = serializers.IntegerField(required=False)
    import_ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class TaskStatusSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    state = serializers.ChoiceField(choices=["PENDING", "STARTED", "PROGRESS", "SUCCESS", "FAILURE"])
    status = serializers.CharField()
    progress = serializers.DictField()
    result = serializers.DictField()
