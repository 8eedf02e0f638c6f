"""Notifications in the back office: the e-mail templates staff edit (under Settings)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import EmailTemplateForm
from .models import EmailTemplate


class EmailTemplateViewSet(SnippetViewSet):
    model = EmailTemplate
    icon = "mail"
    menu_label = _("E-mail templates")
    add_to_settings_menu = True
    list_display = ["key", "subject", "updated_at"]
    list_export = ["key", "subject", "text_body", "html_body", "updated_at"]
    export_filename = "email-templates"
    search_fields = ["key", "subject"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=_(
                    "Subject and bodies are Django templates. Write placeholders as {{ name }}; order e-mails "
                    "know {{ order_id }}, {{ customer_name }}, {{ from_status }} and {{ to_status }}. "
                    "Deleting the template brings back the built-in e-mail."
                )
            ),
            FieldPanel("key"),
            FieldPanel("subject"),
            FieldPanel("text_body"),
            FieldPanel("html_body"),
        ],
        base_form_class=EmailTemplateForm,
    )


register_snippet(EmailTemplateViewSet)
