"""drf-spectacular hooks: what the schema documents, the same whichever database generates it."""

# Django takes integer bounds from the connected backend: SQLite's are 64-bit, PostgreSQL's (production) 32-bit.
_SQLITE_TO_POSTGRES_BOUNDS = {
    "maximum": {9_223_372_036_854_775_807: 2_147_483_647},
    "minimum": {-9_223_372_036_854_775_808: -2_147_483_648},
}


def public_api_only(endpoints):
    """Preprocessing hook: document our /api/v1/ only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def postgres_integer_bounds(result, generator, request, public):
    """Postprocessing hook: integer fields carry PostgreSQL's bounds, so SQLite and CI write one schema."""
    _narrow_integer_bounds(result)
    return result


def _narrow_integer_bounds(node) -> None:
    if isinstance(node, list):
        for item in node:
            _narrow_integer_bounds(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "integer":
        narrowed = False
        for key, mapping in _SQLITE_TO_POSTGRES_BOUNDS.items():
            if node.get(key) in mapping:
                node[key] = mapping[node[key]]
                narrowed = True
        if narrowed and node.get("format") == "int64":
            del node["format"]
    for value in node.values():
        _narrow_integer_bounds(value)
