"""Secrets an e-mail carries (reset and confirmation links) sealed at rest: encrypted into the outbox row, opened
only by delivery, so no back-office page, export or log that shows the row shows a live link.

The key is derived from SECRET_KEY; SECRET_KEY_FALLBACKS still open what older keys sealed, so rotating the
key does not strand the e-mails waiting to be sent.
"""

import base64
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_variables

KEY_SALT = "notifications.sealing"


class UnsealableContext(Exception):
    """Sealed values that no configured key opens (SECRET_KEY changed without a fallback)."""


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(salted_hmac(KEY_SALT, "", secret=key, algorithm="sha256").digest()))
            for key in keys
        ]
    )


@sensitive_variables("values")
def seal(values: dict) -> str:
    """Encrypt `values` (plain JSON values) for the outbox row; empty stays empty."""
    if not values:
        return ""
    return _fernet().encrypt(json.dumps(values).encode()).decode()


@sensitive_variables()
def unseal(sealed: str) -> dict:
    """The values `seal` encrypted. Raises UnsealableContext when no configured key opens them."""
    if not sealed:
        return {}
    try:
        return json.loads(_fernet().decrypt(sealed.encode()))
    except InvalidToken as exc:
        raise UnsealableContext("the sealed context opens with no configured key") from exc
