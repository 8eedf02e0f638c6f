"""Accounts API: one view per operation; rules live in the accounts.services modules."""

from dataclasses import asdict

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from accounts.adapters import SOCIAL_LOGIN_SESSION_KEY, spa_landing
from accounts.models import User
from accounts.selectors import social_provider_is_configured
from accounts.services.email_change import confirm_email_change, request_email_change, undo_email_change
from accounts.services.password_change import change_password
from accounts.services.password_reset import request_password_reset, reset_password
from accounts.services.profile import update_profile
from accounts.services.registration import (
    confirm_email,
    confirm_email_and_log_in,
    register_user,
    resend_confirmation,
)
from accounts.services.tokens import issue_token_pair, log_out
from core.api_schema import DetailSerializer, errors
from core.throttling import ScopedRateThrottle

from .serializers import (
    EmailChangeSerializer,
    EmailConfirmedSerializer,
    EmailSerializer,
    LoginSerializer,
    PasswordChangedSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    ProfileUpdateSerializer,
    RefreshSerializer,
    RegisteredSerializer,
    RegisterSerializer,
    SocialProviderSerializer,
    TokenPairSerializer,
    TokenRotationSerializer,
    UserSerializer,
)

TAGS = ["accounts"]

# Our paths keep the seed's provider names; allauth knows Google as "google".
SOCIAL_PROVIDERS = {"google-oauth2": "google", "github": "github"}
# The original project's React client reads its tokens under these names; it starts at /auth/login/<provider>/.
ORIGINAL_CLIENT = "original"
TOKEN_NAMES = {"": ("access", "refresh"), ORIGINAL_CLIENT: ("access_token", "refresh_token")}


class PublicAuthView(APIView):
    """Anonymous endpoints under the stricter `auth` throttle scope (brute force, e-mail spam)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"


class RegisterView(PublicAuthView):
    @extend_schema(
        tags=TAGS,
        request=RegisterSerializer,
        responses={201: RegisteredSerializer, **errors(400, 429)},
        summary="Register an address: a confirmation link goes to it (the answer is the same for a registered one)",
        description=(
            "A free address gets an inactive account and a confirmation link; an address whose account awaits its "
            "first confirmation gets a new link carrying this registration's password; the owner of any other "
            "account is told by e-mail instead. The answer is the same in every case."
        ),
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        register_user(**serializer.validated_data)
        email = User.objects.normalize_email(serializer.validated_data["email"])
        answer = {"email": email, "detail": _("A confirmation link is on its way to this address.")}
        return Response(RegisteredSerializer(answer).data, status=status.HTTP_201_CREATED)


CONFIRMATION_ERRORS = {
    400: OpenApiResponse(
        DetailSerializer,
        description="The link is older than 24 hours; a pending account gets a new one (at most one a day).",
    ),
    **errors(described={404: "Unknown link."}),
}
CONFIRMATION_PATH = [OpenApiParameter("confirmation_id", OpenApiTypes.UUID, OpenApiParameter.PATH)]


class ConfirmEmailView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        tags=TAGS,
        request=None,
        parameters=CONFIRMATION_PATH,
        responses={200: DetailSerializer, **CONFIRMATION_ERRORS},
        summary="Activate the account of a confirmation link (never logs in: mail scanners open links)",
    )
    def get(self, request, confirmation_id: str):
        confirm_email(confirmation_id=confirmation_id)
        return Response({"detail": _("Your e-mail address is confirmed; you can log in.")})

    @extend_schema(
        tags=TAGS,
        request=None,
        parameters=CONFIRMATION_PATH,
        responses={200: EmailConfirmedSerializer, **CONFIRMATION_ERRORS},
        summary="Activate the account of a confirmation link and log in, once, right after confirming",
        description=(
            "Confirms like GET. The answer carries a token pair only the first time this link is posted within "
            "30 minutes of the moment it confirmed the account; any later answer (or for a link whose account "
            "was confirmed otherwise) is the same `detail` without tokens: the customer logs in with the password."
        ),
    )
    def post(self, request, confirmation_id: str):
        _user, tokens = confirm_email_and_log_in(confirmation_id=confirmation_id)
        if tokens is None:
            return Response({"detail": _("Your e-mail address is confirmed; you can log in.")})
        answer = {"detail": _("Your e-mail address is confirmed; you are logged in."), **asdict(tokens)}
        return Response(EmailConfirmedSerializer(answer).data)


@extend_schema(
    tags=TAGS,
    request=LoginSerializer,
    responses={
        200: LoginSerializer,
        **errors(400, 429, described={401: "Wrong e-mail or password, or the account is not active."}),
    },
    summary="Log in by e-mail and password",
)
class LoginView(TokenObtainPairView):
    serializer_class = LoginSerializer
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"


@extend_schema(
    tags=TAGS,
    request=RefreshSerializer,
    responses={
        200: TokenPairSerializer,
        **errors(400, 429, described={401: "Invalid, expired or blacklisted refresh token, or its account is gone."}),
    },
    summary="Exchange a refresh token for a new pair (the old refresh token is blacklisted)",
)
class RefreshView(TokenRefreshView):
    serializer_class = TokenRotationSerializer
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "token"


class LogoutView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "token"

    def get_authenticate_header(self, request) -> str:
        # Without authentication classes DRF would turn a refused token's 401 into a 403.
        return 'Bearer realm="api"'

    @extend_schema(
        tags=TAGS,
        request=RefreshSerializer,
        responses={
            205: OpenApiResponse(
                description="Logged out everywhere: every access and refresh token of the account stops working."
            ),
            **errors(400, 429, described={401: "Invalid, expired or already blacklisted token."}),
        },
        summary="End every session of the refresh token's account (all devices)",
    )
    def post(self, request):
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        log_out(refresh=serializer.validated_data["refresh"])
        return Response(status=status.HTTP_205_RESET_CONTENT)


class PasswordResetView(PublicAuthView):
    @extend_schema(
        tags=TAGS,
        request=EmailSerializer,
        responses={202: DetailSerializer, **errors(400, 429)},
        summary="E-mail a one-time password reset link (the answer is the same for unknown addresses)",
    )
    def post(self, request):
        serializer = EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        request_password_reset(email=serializer.validated_data["email"])
        return Response(
            {"detail": _("If an account uses this address, a reset link is on its way.")},
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetConfirmView(PublicAuthView):
    @extend_schema(
        tags=TAGS,
        request=PasswordResetConfirmSerializer,
        responses={200: DetailSerializer, **errors(400, 429)},
        summary="Set a new password with a reset token; every refresh token of the account stops working",
    )
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reset_password(**serializer.validated_data)
        return Response({"detail": _("Your password has been changed; log in again.")})


class MeView(APIView):
    @extend_schema(tags=TAGS, responses={200: UserSerializer, **errors(401)}, summary="The logged-in account")
    def get(self, request):
        return Response(UserSerializer(request.user, context={"request": request}).data)


PROFILE_UPDATE_SCHEMA = extend_schema(
    tags=TAGS,
    request={"multipart/form-data": ProfileUpdateSerializer, "application/json": ProfileUpdateSerializer},
    responses={
        200: UserSerializer,
        **errors(400, 401, 413),
    },
    summary="Change names, language and/or the avatar; the thumbnail is made in the background",
)


class ProfileView(MeView):
    @PROFILE_UPDATE_SCHEMA
    def put(self, request):
        serializer = ProfileUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = update_profile(
            user=request.user,
            first_name=data.get("first_name"),
            last_name=data.get("last_name"),
            avatar=data.get("avatar"),
            remove_avatar="avatar" in data and data["avatar"] is None,
            language=data.get("language"),
        )
        return Response(UserSerializer(user, context={"request": request}).data)

    @PROFILE_UPDATE_SCHEMA
    def patch(self, request):
        return self.put(request)


class SocialLoginStartView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={
            302: OpenApiResponse(description="Redirect into the provider's OAuth flow (django-allauth)."),
        },
        summary="Start a Google or GitHub login in the browser",
    )
    def get(self, request, provider: str, client: str = ""):
        complete = reverse("accounts-api:social-login-complete")
        if client:
            complete += f"?{urlencode({'client': client})}"
        query = urlencode({"process": "login", "next": complete})
        return HttpResponseRedirect(f"{reverse(f'{SOCIAL_PROVIDERS[provider]}_login')}?{query}")


@require_GET
def social_login_complete(request: HttpRequest) -> HttpResponseRedirect:
    """Where allauth sends the browser after a social login: trade the session for SimpleJWT tokens in the fragment.

    Only a session that a social login opened is traded (not, say, one from /admin/login/); it is ended at
    once, so the SPA holds the only credentials. `?client=original` (set by the original client's start paths)
    names the tokens `access_token`/`refresh_token` as that client expects, still in the fragment.
    """
    if not request.user.is_authenticated or not request.session.get(SOCIAL_LOGIN_SESSION_KEY):
        return spa_landing(error="login_failed")
    access_name, refresh_name = TOKEN_NAMES.get(request.GET.get("client", ""), TOKEN_NAMES[""])
    tokens = issue_token_pair(user=request.user)
    logout(request)
    return spa_landing(**{access_name: tokens.access, refresh_name: tokens.refresh})


class ResendConfirmationView(PublicAuthView):
    @extend_schema(
        tags=TAGS,
        request=EmailSerializer,
        responses={202: DetailSerializer, **errors(400, 429)},
        summary="E-mail a new confirmation link to a pending account (the answer is the same for any address)",
    )
    def post(self, request):
        serializer = EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        resend_confirmation(email=serializer.validated_data["email"])
        return Response(
            {"detail": _("If an account awaits confirmation at this address, a new link is on its way.")},
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordChangeView(APIView):
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"

    @extend_schema(
        tags=TAGS,
        request=PasswordChangeSerializer,
        responses={200: PasswordChangedSerializer, **errors(400, 401, 429)},
        summary="Change the password with the current one; every token issued before stops working",
        description="Every access and refresh token of the account stops working; the answer carries a new pair "
        "for the device that asked.",
    )
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tokens = change_password(user=request.user, **serializer.validated_data)
        answer = {
            "detail": _("Your password has been changed; log in again on your other devices."),
            "access": tokens.access,
            "refresh": tokens.refresh,
        }
        return Response(PasswordChangedSerializer(answer).data)


class EmailChangeView(APIView):
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"

    @extend_schema(
        tags=TAGS,
        request=EmailChangeSerializer,
        responses={202: DetailSerializer, **errors(400, 401, 429)},
        summary="E-mail a confirmation link to a new address; it replaces the current one once the link is opened",
        description="Needs the current password. The answer is the same when another account uses the address "
        "(its owner is told by e-mail instead).",
    )
    def post(self, request):
        serializer = EmailChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        request_email_change(user=request.user, new_email=data["email"], password=data["password"])
        return Response(
            {"detail": _("A confirmation link is on its way to the new address.")}, status=status.HTTP_202_ACCEPTED
        )


class EmailChangeConfirmView(PublicAuthView):
    @extend_schema(
        tags=TAGS,
        request=None,
        responses={
            200: DetailSerializer,
            **errors(400, 429, described={404: "Forged, expired or outdated link."}),
        },
        summary="Replace the account's e-mail address with the one the link was sent to",
        description="The old address is e-mailed a link that undoes the change (`users/me/email/undo/<token>/`).",
    )
    def post(self, request, token: str):
        confirm_email_change(token=token)
        return Response({"detail": _("Your e-mail address has been changed.")})


class EmailChangeUndoView(PublicAuthView):
    @extend_schema(
        tags=TAGS,
        request=None,
        responses={
            200: DetailSerializer,
            **errors(400, 429, described={404: "Forged or expired link."}),
        },
        summary="Put back the address an e-mail change replaced; every session ends and the password is wiped",
    )
    def post(self, request, token: str):
        undo_email_change(token=token)
        return Response(
            {
                "detail": _(
                    "Your previous e-mail address is back and every session has ended. "
                    "Choose a new password with “Forgot password”."
                )
            }
        )


# Our login paths, allauth's provider names and the names people know.
SOCIAL_PROVIDER_NAMES = {"google-oauth2": "Google", "github": "GitHub"}


class SocialProvidersView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        tags=TAGS,
        responses={200: SocialProviderSerializer(many=True)},
        summary="The social logins the server is configured for (none without OAuth client ids)",
    )
    def get(self, request):
        providers = [
            {"id": provider, "name": name, "login_url": reverse(f"accounts-api:social-login-{name.lower()}")}
            for provider, name in SOCIAL_PROVIDER_NAMES.items()
            if social_provider_is_configured(allauth_provider=SOCIAL_PROVIDERS[provider])
        ]
        return Response(SocialProviderSerializer(providers, many=True).data)
