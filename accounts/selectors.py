"""Account reads."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower

from .models import User


def email_is_taken(*, email: str) -> bool:
    """Whether any account uses `email`, whatever its case."""
    return User.objects.filter(email__iexact=email).exists()


def user_owning_email(*, email: str) -> User | None:
    """The account whose own e-mail is `email`, else the one that verified it as an extra address; any case."""
    own = User.objects.filter(email__iexact=email).first()
    if own is not None:
        return own
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=email, verified=True)
    return User.objects.filter(Exists(verified)).first()


def awaits_first_confirmation(*, user: User) -> bool:
    """Whether `user` registered and never confirmed its e-mail nor logged in (not an account switched off)."""
    confirmations = user.email_confirmations.all()
    return (
        user.last_login is None
        and confirmations.exists()
        and not confirmations.filter(confirmed_at__isnull=False).exists()
    )


# Settings fall back to placeholders such as "google-client-id-not-set" so the app starts without them.
UNSET_CLIENT_ID_SUFFIX = "-not-set"


def social_provider_is_configured(*, allauth_provider: str) -> bool:
    """Whether settings hold a real OAuth client id for `allauth_provider` ("google", "github")."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get(allauth_provider, {}).get("APPS", [])
    client_id = (apps[0].get("client_id") or "").strip() if apps else ""
    return bool(client_id) and not client_id.endswith(UNSET_CLIENT_ID_SUFFIX)


def languages_by_address(*, addresses: list[str], default: str) -> dict[str, list[str]]:
    """`addresses` grouped by the e-mail language of the account each belongs to (any case); an address with no
    account gets `default`. One query."""
    languages = dict(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in={address.lower() for address in addresses})
        .values_list("address", "language")
    )
    grouped: dict[str, list[str]] = {}
    for address in addresses:
        grouped.setdefault(languages.get(address.lower()) or default, []).append(address)
    return grouped
