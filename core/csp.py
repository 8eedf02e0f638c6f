"""A script nonce per request, for the few inline scripts the Wagtail admin still renders.

Wagtail 8 initialises date pickers, choosers and inline panels with inline `<script>` elements
(wagtail/wagtail#12940). Rather than allow every inline script in the admin, each request gets a fresh nonce,
named in its Content-Security-Policy and put only on the scripts our template overrides and the chooser
widgets write; a script injected any other way carries no nonce and does not run. Widgets render without the
request, so the nonce travels in a context variable set for the duration of the request.
"""

import secrets
from contextvars import ContextVar

from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.widgets.chooser import BaseChooser

_request_nonce: ContextVar[str] = ContextVar("csp_script_nonce", default="")


def new_script_nonce() -> str:
    """Start the nonce of the current request; `ContentSecurityPolicyMiddleware` names it in the policy."""
    nonce = secrets.token_urlsafe(18)
    _request_nonce.set(nonce)
    return nonce


def script_nonce() -> str:
    return _request_nonce.get()


_render_chooser = BaseChooser.render


def _render_chooser_with_nonce(self, name, value, attrs=None, renderer=None) -> SafeString:
    # BaseChooser.render ends its markup with `<script>{js init}</script>`; only that last tag gets the nonce.
    html = _render_chooser(self, name, value, attrs, renderer)
    start = html.rindex("<script>")
    nonced = f'<script nonce="{script_nonce()}">'
    return mark_safe(html[:start] + nonced + html[start + len("<script>") :])  # noqa: S308


def give_chooser_scripts_a_nonce() -> None:
    """Called once from CoreConfig.ready(): every chooser widget (image, page, snippet, task) carries the nonce."""
    BaseChooser.render = _render_chooser_with_nonce
