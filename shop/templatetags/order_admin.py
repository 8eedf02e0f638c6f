"""`{% order_bulk_action_choices %}`: the orders list's bulk bar without Wagtail's generic "Delete" action,
which is registered for every snippet model; orders are cancelled, never deleted."""

from django import template
from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices

register = template.Library()


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def order_bulk_action_choices(context) -> dict:
    choices = bulk_action_choices(context, "shop", "order")
    return {"buttons": [button for button in choices["buttons"] if not button.url.endswith("/delete/")]}
