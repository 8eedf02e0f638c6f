import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_REGEX = r"^\+?\d[\d ()\-]{5,17}\d$"
PHONE_PATTERN = re.compile(PHONE_REGEX)
PHONE_DIGITS = (7, 15)  # E.164 allows at most 15 digits


def validate_phone(value: str) -> None:
    """A phone number: digits with optional leading +, spaces, dashes and brackets; 7 to 15 digits."""
    digits = sum(char.isdigit() for char in value)
    if not PHONE_PATTERN.match(value) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise ValidationError(_("Enter a phone number such as +7 900 123-45-67."), code="invalid_phone")
