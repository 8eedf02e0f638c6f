from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .rendering import notification_keys


class EmailTemplateForm(WagtailAdminModelForm):
    """The notification is picked from those that exist (each has file templates to fall back on)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"] = forms.ChoiceField(
            label=_("Notification"),
            choices=[(key, key) for key in notification_keys()],
            help_text=_("The e-mail this template replaces."),
        )
