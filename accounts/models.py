import uuid
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

EMAIL_CONFIRMATION_LIFETIME = timedelta(hours=24)
PASSWORD_RESET_LIFETIME = timedelta(hours=1)
INVITATION_LIFETIME = timedelta(days=7)
AVATAR_THUMBNAIL_SIZE = (150, 150)


class UserType(models.TextChoices):
    CLIENT = "client", _("Client")
    SUPPLIER = "supplier", _("Supplier")


class Language(models.TextChoices):
    """The storefront's and the e-mails' languages (settings.LANGUAGES)."""

    ENGLISH = "en", "English"
    RUSSIAN = "ru", "Русский"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in by e-mail: a client who shops, or a supplier who runs a shop."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    user_type = models.CharField(_("type"), max_length=16, choices=UserType.choices, default=UserType.CLIENT)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)
    # Made from `avatar` by a Celery task; empty until it has run.
    avatar_thumbnail = models.ImageField(_("avatar thumbnail"), upload_to="avatars/thumbnails/%Y/%m/", blank=True)
    # The customer's choice in the storefront; their e-mails are rendered in it.
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    # Stamped into every JWT issued; raised by a password change, a logout or a linked social account, which
    # ends every token issued before (accounts.services.tokens.end_all_sessions).
    token_version = models.PositiveIntegerField(_("token version"), default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(condition=models.Q(user_type__in=UserType.values), name="accounts_user_type_valid"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_supplier(self) -> bool:
        return self.user_type == UserType.SUPPLIER


class EmailConfirmation(models.Model):
    """A link e-mailed at registration; its id is the secret in the link.

    `password` is the hash chosen by the registration that sent it: opening the link gives the account that
    password, so whoever registered an address first cannot keep a password on the account its owner confirms
    by registering again. Empty (a resent link) keeps the account's password. `logged_in_at` records the one
    login the link may give, right after it confirmed the account (accounts.services.registration).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_confirmations")
    password = models.CharField(_("password"), max_length=128, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    logged_in_at = models.DateTimeField(_("logged in at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("e-mail confirmation")
        verbose_name_plural = _("e-mail confirmations")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.pk}"

    def is_expired(self, now) -> bool:
        return self.created_at + EMAIL_CONFIRMATION_LIFETIME < now


class PasswordResetToken(models.Model):
    """A one-time password-reset link. Only the SHA-256 of the token is stored, so a database leak opens nothing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_reset_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("password reset token")
        verbose_name_plural = _("password reset tokens")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.pk}"


class AccountInvitation(models.Model):
    """A one-time link inviting a person to set the password of an account made for them (a supplier's user).

    Only the SHA-256 of the link's token is stored, so a database leak opens nothing.
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.pk}"

    def is_open(self, now) -> bool:
        """Not yet accepted, revoked or expired: its link still sets a password."""
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at
