"""Renders a notification: from the e-mail template edited in the back office when there is one,
else from the files emails/<key>.subject.txt, <key>.txt and <key>.html."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.template import engines
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string

from backoffice.models import EmailTemplate

PLACEHOLDER = re.compile(r"{{\s*([A-Za-z_]\w*)")
# Values shown in the back-office preview for the placeholders our notifications use.
SAMPLE_VALUES = {
    "order_id": 1042,
    "customer_name": "Anna Ivanova",
    "from_status": "New",
    "to_status": "Confirmed",
}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None


def render_notification(key: str, context: dict) -> RenderedEmail:
    edited = EmailTemplate.objects.filter(key=key).first()
    if edited is not None:
        return render_email_template(edited, context)
    subject = render_to_string(f"emails/{key}.subject.txt", context)
    text = render_to_string(f"emails/{key}.txt", context)
    try:
        html = render_to_string(f"emails/{key}.html", context)
    except TemplateDoesNotExist:
        html = None
    return RenderedEmail(subject=_one_line(subject), text=text, html=html)


def render_email_template(template: EmailTemplate, context: dict) -> RenderedEmail:
    engine = engines["django"]
    return RenderedEmail(
        subject=_one_line(engine.from_string(template.subject).render(context)),
        text=engine.from_string(template.text_body).render(context),
        html=engine.from_string(template.html_body).render(context) if template.html_body.strip() else None,
    )


def sample_context(template: EmailTemplate) -> dict:
    """A context for previewing `template`: each placeholder it uses gets a sample value."""
    names = PLACEHOLDER.findall(" ".join((template.subject, template.text_body, template.html_body)))
    return {name: SAMPLE_VALUES.get(name, f"[{name}]") for name in names}


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


def _one_line(text: str) -> str:
    return " ".join(text.split())
