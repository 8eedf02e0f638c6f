"""Account reads."""

from .models import User


def email_is_taken(*, email: str) -> bool:
    """Whether any account uses `email`, whatever its case."""
    return User.objects.filter(email__iexact=email).exists()
