"""Renders a notification from its templates: emails/<key>.subject.txt, <key>.txt and <key>.html."""

from dataclasses import dataclass

from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None


def render_notification(key: str, context: dict) -> RenderedEmail:
    subject = " ".join(render_to_string(f"emails/{key}.subject.txt", context).split())
    text = render_to_string(f"emails/{key}.txt", context)
    try:
        html = render_to_string(f"emails/{key}.html", context)
    except TemplateDoesNotExist:
        html = None
    return RenderedEmail(subject=subject, text=text, html=html)
