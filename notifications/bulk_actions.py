"""Bulk action on the outgoing e-mails: resend the selected ones that have not gone out."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .models import OutboxMessage
from .services import resend_messages


class ResendMessagesBulkAction(SnippetBulkAction):
    display_name = _("Resend")
    action_type = "resend"
    aria_label = _("Resend the selected e-mails")
    template_name = "notifications/admin/bulk_resend.html"
    action_priority = 10
    models = [OutboxMessage]

    def check_perm(self, message: OutboxMessage) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, "resend")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return resend_messages(message_ids=[message.pk for message in objects]), 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext(
            "%(count)d e-mail queued to be sent again.",
            "%(count)d e-mails queued to be sent again.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
