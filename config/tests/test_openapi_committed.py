"""docs/openapi.yaml is the schema the code generates today, so readers of the repository see the real API."""

import difflib
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

COMMITTED_SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def generate_schema(target: Path) -> str:
    """The schema as `make schema` writes it."""
    call_command("spectacular", "--lang", "en", "--validate", "--file", str(target), stdout=StringIO())
    return target.read_text(encoding="utf-8")


def test_the_committed_openapi_schema_is_current(tmp_path):
    generated = generate_schema(tmp_path / "openapi.yaml")
    committed = COMMITTED_SCHEMA.read_text(encoding="utf-8") if COMMITTED_SCHEMA.exists() else ""
    if generated != committed:
        diff = difflib.unified_diff(
            committed.splitlines(), generated.splitlines(), "docs/openapi.yaml", "generated", lineterm="", n=1
        )
        excerpt = "\n".join(list(diff)[:40])
        raise AssertionError(f"docs/openapi.yaml is stale: run `make schema` and commit it.\n{excerpt}")


def test_schema_generation_is_deterministic(tmp_path):
    assert generate_schema(tmp_path / "first.yaml") == generate_schema(tmp_path / "second.yaml")
