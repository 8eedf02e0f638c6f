"""Renders a notification: from the e-mail template edited in the back office when there is one,
else from the files emails/<key>.subject.txt, <key>.txt and <key>.html."""

from pathlib import Path

from django.template import engines
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string

from .models import EmailTemplate
from .templating import RenderedEmail, one_line


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
