"""Notifications in the back office: the e-mail templates staff edit (under Settings), and the outgoing e-mails
with their delivery state, which staff can resend."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .bulk_actions import ResendMessagesBulkAction
from .forms import EmailTemplateForm
from .models import EmailTemplate, OutboxMessage


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


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Only the code writes the outbox: the view permission shows the e-mails, the change permission lets one
    resend them; nobody adds, edits or deletes a message by hand."""

    WRITE_ACTIONS = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action: str) -> bool:
        if action in self.WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, "change" if action == "resend" else action)

    def users_with_any_permission(self, actions):
        allowed = ["change" if action == "resend" else action for action in actions if action not in self.WRITE_ACTIONS]
        return super().users_with_any_permission(allowed)


class OutboxMessageViewSet(SnippetViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outgoing e-mails")
    add_to_settings_menu = True
    inspect_view_enabled = True
    inspect_view_fields = [
        "key",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "idempotency_key",
        "context",
    ]
    list_display = ["__str__", "status", "attempts", "last_error", "next_attempt_at", "created_at", "sent_at"]
    list_filter = ["status", "key"]
    list_export = ["key", "recipients", "status", "attempts", "last_error", "next_attempt_at", "created_at", "sent_at"]
    export_filename = "outgoing-emails"
    search_fields = ["key", "last_error"]
    search_backend_name = None


register_snippet(EmailTemplateViewSet)
register_permission_policy(OutboxMessage, OutboxPermissionPolicy(OutboxMessage))
register_snippet(OutboxMessageViewSet)
hooks.register("register_bulk_action", ResendMessagesBulkAction)
