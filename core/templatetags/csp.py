from django import template

from core.csp import script_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    """The current request's script nonce, for `<script nonce="{% csp_nonce %}">` in admin templates."""
    return script_nonce()
