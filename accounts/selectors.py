"""Account reads."""

from django.conf import settings

from .models import User


def email_is_taken(*, email: str) -> bool:
    """Whether any account uses `email`, whatever its case."""
    return User.objects.filter(email__iexact=email).exists()


# Settings fall back to placeholders such as "google-client-id-not-set" so the app starts without them.
UNSET_CLIENT_ID_SUFFIX = "-not-set"


def social_provider_is_configured(*, allauth_provider: str) -> bool:
    """Whether settings hold a real OAuth client id for `allauth_provider` ("google", "github")."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get(allauth_provider, {}).get("APPS", [])
    client_id = (apps[0].get("client_id") or "").strip() if apps else ""
    return bool(client_id) and not client_id.endswith(UNSET_CLIENT_ID_SUFFIX)
