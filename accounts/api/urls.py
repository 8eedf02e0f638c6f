from django.urls import path

from . import views

app_name = "accounts-api"

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="register"),
    path("register/resend/", views.ResendConfirmationView.as_view(), name="register-resend"),
    # str, not uuid: a malformed link gets our JSON 404 rather than the resolver's HTML page.
    path("confirm-email/<str:confirmation_id>/", views.ConfirmEmailView.as_view(), name="confirm-email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("token/refresh/", views.RefreshView.as_view(), name="token-refresh"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/confirm/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("users/me/", views.MeView.as_view(), name="me"),
    path("users/me/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("users/me/email/", views.EmailChangeView.as_view(), name="email-change"),
    path("users/me/email/confirm/<str:token>/", views.EmailChangeConfirmView.as_view(), name="email-change-confirm"),
    path("users/me/email/undo/<str:token>/", views.EmailChangeUndoView.as_view(), name="email-change-undo"),
    path("auth/providers/", views.SocialProvidersView.as_view(), name="social-providers"),
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
