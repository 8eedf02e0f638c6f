"""Renders a notification: from the e-mail template edited in the back office when there is one,
else from the files emails/<key>.subject.txt, <key>.txt and <key>.html."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .models import EmailTemplate
from .templating import RenderedEmail, one_line


def in_language(language: str) -> translation.override:
    """Activate a recipient's language (the site's default when they have none) while an e-mail's context is
    built or the e-mail is rendered: whoever triggered it (staff in another admin language, a supplier, a
    worker) leaves no trace of their own language in it."""
    return translation.override(language or settings.LANGUAGE_CODE)


def render_notification(key: str, context: dict) -> RenderedEmail:
    edited = EmailTemplate.objects.filter(key=key).first()
    if edited is not None:
        return edited.render(context)
    subject = render_to_string(f"emails/{key}.subject.txt", context)
    text = render_to_string(f"emails/{key}.txt", context)
    try:
        html = render_to_string(f"emails/{key}.html", context)
    except TemplateDoesNotExist:
        html = None
    return RenderedEmail(subject=one_line(subject), text=text, html=html)


def notification_keys() -> list[str]:
    """Every notification that has file templates (emails/<key>.subject.txt) in a template folder."""
    folders = [Path(folder) for engine in engines.all() for folder in engine.template_dirs]
    return sorted(
        {
            path.name.removesuffix(".subject.txt")
            for folder in folders
            for path in (folder / "emails").glob("*.subject.txt")
        }
    )
