def public_api_only(endpoints):
    """drf-spectacular preprocessing hook: document our /api/v1/ only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
