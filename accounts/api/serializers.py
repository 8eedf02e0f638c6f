from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings

from accounts.models import Language, User
from accounts.services.login_limits import (
    client_address,
    forget_login_failures,
    login_paused,
    login_paused_message,
    pause_minutes,
    record_login_failure,
)
from accounts.services.tokens import VersionedRefreshToken, token_is_current
from core.uploads import validate_image_upload


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, style={"input_type": "password"}, max_length=128)
    password_confirm = serializers.CharField(write_only=True, style={"input_type": "password"}, max_length=128)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=Language.choices, required=False, default=Language.ENGLISH)

    def validate(self, attrs: dict) -> dict:
        if attrs["password"] != attrs.pop("password_confirm"):
            raise serializers.ValidationError({"password_confirm": [_("The two passwords do not match.")]})
        return attrs


class RegisteredSerializer(serializers.Serializer):
    """The same answer whether or not an account already has the address."""

    email = serializers.EmailField()
    detail = serializers.CharField()


class UserInfoSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "user_type"]


class LoginSerializer(TokenObtainPairSerializer):
    """E-mail and password in; a SimpleJWT pair and who logged in out. Wrong or unconfirmed → 401.

    Too many failures for the account or from the address → 429 (accounts.services.login_limits).
    """

    token_class = VersionedRefreshToken
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)
    user_info = UserInfoSerializer(read_only=True)

    def validate(self, attrs: dict) -> dict:
        email, address = attrs["email"], client_address(self.context["request"])
        if login_paused(email=email, address=address):
            raise Throttled(wait=pause_minutes() * 60, detail=login_paused_message())
        try:
            data = super().validate(attrs)
        except AuthenticationFailed:
            record_login_failure(email=email, address=address)
            raise
        forget_login_failures(email=email, address=address)
        data["user_info"] = UserInfoSerializer(self.user).data
        return data


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenRotationSerializer(TokenRefreshSerializer):
    """SimpleJWT's rotation; the token of an account deleted since is refused (401), not a crash, and so is one
    issued before the account's sessions last ended (were it rotated while they ended, it would escape the
    blacklist)."""

    def validate(self, attrs: dict) -> dict:
        try:
            refresh = self.token_class(attrs["refresh"])
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        user = User.objects.filter(pk=refresh.get(api_settings.USER_ID_CLAIM)).first()
        if user is None:
            raise InvalidToken(_("The account of this token no longer exists."))
        if not token_is_current(token=refresh, user=user):
            raise InvalidToken(_("This session has ended; log in again."))
        return super().validate(attrs)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class EmailChangeSerializer(EmailSerializer):
    password = serializers.CharField(write_only=True, style={"input_type": "password"}, max_length=128)


class PasswordResetConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)
    password = serializers.CharField(write_only=True, style={"input_type": "password"}, max_length=128)


class AvatarSerializer(serializers.Serializer):
    original = serializers.URLField()
    thumbnail = serializers.URLField(allow_null=True)


def _file_url(request, field) -> str | None:
    if not field:
        return None
    return request.build_absolute_uri(field.url) if request else field.url


class UserSerializer(serializers.ModelSerializer):
    """The account as its owner sees it; `avatar` is null until one is uploaded, `thumbnail` until it is made."""

    avatar = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "user_type", "avatar", "language"]
        read_only_fields = fields

    @extend_schema_field(AvatarSerializer(allow_null=True))
    def get_avatar(self, user: User) -> dict | None:
        if not user.avatar:
            return None
        request = self.context.get("request")
        return {"original": _file_url(request, user.avatar), "thumbnail": _file_url(request, user.avatar_thumbnail)}


class ProfileUpdateSerializer(serializers.Serializer):
    """Names and the avatar image (multipart). `avatar: null` removes the avatar."""

    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    # A plain file field: validate_image_upload checks type, bytes (413) and pixels in that order.
    avatar = serializers.FileField(required=False, allow_null=True)

    def validate_avatar(self, upload):
        if upload is None:
            return None
        try:
            validate_image_upload(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return upload


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(write_only=True, style={"input_type": "password"}, max_length=128)
    new_password = serializers.CharField(write_only=True, style={"input_type": "password"}, max_length=128)


class PasswordChangedSerializer(TokenPairSerializer):
    """The new pair of the device that changed the password; every other session has ended."""

    detail = serializers.CharField()


class EmailConfirmedSerializer(serializers.Serializer):
    """A confirmed address; the pair only in the one answer that logs the customer in (see confirm-email POST)."""

    detail = serializers.CharField()
    access = serializers.CharField(required=False)
    refresh = serializers.CharField(required=False)


class SocialProviderSerializer(serializers.Serializer):
    """A social login the server has credentials for; the browser visits `login_url` to start it."""

    id = serializers.CharField()
    name = serializers.CharField()
    login_url = serializers.CharField()
