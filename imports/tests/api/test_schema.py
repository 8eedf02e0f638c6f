"""The committed OpenAPI schema tells the SPA how a supplier's dry run answers (config/tests keeps it current)."""

from pathlib import Path

import yaml
from django.conf import settings

SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def test_the_supplier_upload_documents_the_dry_run_and_its_queued_preview():
    operation = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))["paths"]["/api/v1/partner/update/"]["post"]
    assert {"in": "query", "name": "dry_run"}.items() <= operation["parameters"][0].items()
    queued = operation["responses"]["202"]
    assert queued["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/TaskStarted"}
    assert "PRICELIST_INLINE_PREVIEW_MAX_BYTES" in queued["description"]
