from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ChangeKind, ImportFormat, ImportRun
from ..selectors import counts


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
    """A run with its warnings and the first page of each kind of change (the diff summary)."""

    changes = serializers.SerializerMethodField()

    class Meta(ImportRunSerializer.Meta):
        fields = [*ImportRunSerializer.Meta.fields, "warnings", "changes"]
        read_only_fields = fields

    def get_changes(self, run: ImportRun) -> dict:
        pages = {chunk.kind: chunk.rows for chunk in run.changes.filter(position=0)}
        return {kind: pages.get(kind, []) for kind in ChangeKind.values}


class StartShopImportSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text=_("A YAML, CSV or XLSX price list."))
    yaml_file_path = serializers.CharField(
        required=False, max_length=500, help_text=_("A price list inside the configured data folder.")
    )
    format = serializers.ChoiceField(choices=ImportFormat.choices, required=False)

    def validate(self, attrs):
        if attrs.get("file") and attrs.get("yaml_file_path"):
            raise serializers.ValidationError({"file": [_("Give a file or a path, not both.")]})
        return attrs


class SupplierUploadSerializer(serializers.Serializer):
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
