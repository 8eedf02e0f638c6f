"""Sessions end wherever a change comes from: a new password or a newly linked social account ends every API
session (every access and refresh token issued before).

Receivers rather than calls in each service, because passwords change through the API, Wagtail's account
and user forms, allauth and `changepassword`, and social accounts are linked inside allauth.
"""

from allauth.socialaccount.models import SocialAccount
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import User
from .services.tokens import end_all_sessions

PASSWORD_CHANGED = "_password_changed"


@receiver(pre_save, sender=User, dispatch_uid="accounts.note_password_change")
def note_password_change(sender, instance: User, update_fields=None, raw=False, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    # A row that never had a password (stored empty, not even an unusable one) has no session to end.
    setattr(instance, PASSWORD_CHANGED, bool(stored) and stored != instance.password)


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens_after_password_change")
def revoke_tokens_after_password_change(sender, instance: User, created: bool, raw=False, **kwargs) -> None:
    if getattr(instance, PASSWORD_CHANGED, False):
        setattr(instance, PASSWORD_CHANGED, False)
        end_all_sessions(user=instance)


@receiver(post_save, sender=SocialAccount, dispatch_uid="accounts.revoke_tokens_after_social_link")
def revoke_tokens_after_social_link(sender, instance: SocialAccount, created: bool, raw=False, **kwargs) -> None:
    if created and not raw:
        end_all_sessions(user=instance.user)
