"""Account writes."""

from django.db import transaction

from .models import User


@transaction.atomic
def ensure_demo_staff(*, email: str, password: str) -> bool:
    """Create the demo superuser if no account has this e-mail; returns whether it was created."""
    if User.objects.filter(email__iexact=email).exists():
        return False
    User.objects.create_superuser(email=email, password=password, first_name="Demo", last_name="Admin")
    return True
