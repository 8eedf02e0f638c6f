"""E-mails rendered from Django template source: what the file templates and the templates edited in the
back office have in common."""

import re
from dataclasses import dataclass

from django.template import engines

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


def render_source(*, subject: str, text: str, html: str, context: dict) -> RenderedEmail:
    """Render template source; an empty HTML source means a text-only e-mail."""
    engine = engines["django"]
    return RenderedEmail(
        subject=one_line(engine.from_string(subject).render(context)),
        text=engine.from_string(text).render(context),
        html=engine.from_string(html).render(context) if html.strip() else None,
    )


def sample_context(*sources: str) -> dict:
    """A context for previewing `sources`: each placeholder they use gets a sample value."""
    names = PLACEHOLDER.findall(" ".join(sources))
    return {name: SAMPLE_VALUES.get(name, f"[{name}]") for name in names}


def one_line(text: str) -> str:
    """A subject is one line, however the template wraps it."""
    return " ".join(text.split())
