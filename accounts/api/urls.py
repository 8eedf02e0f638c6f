from django.urls import path

from . import views

app_name = "accounts-api"

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="register"),
    # str, not uuid: a malformed link gets our JSON 404 rather than the resolver's HTML page.
    path("confirm-email/<str:confirmation_id>/", views.ConfirmEmailView.as_view(), name="confirm-email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("token/refresh/", views.RefreshView.as_view(), name="token-refresh"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/confirm/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("users/me/", views.MeView.as_view(), name="me"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path(
        "auth/login/google-oauth2/",
        views.SocialLoginStartView.as_view(),
        {"provider": "google-oauth2"},
        name="social-login-google",
    ),
    path(
        "auth/login/github/",
        views.SocialLoginStartView.as_view(),
        {"provider": "github"},
        name="social-login-github",
    ),
    path("auth/social/complete/", views.social_login_complete, name="social-login-complete"),
]
