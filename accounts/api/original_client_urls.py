"""The social-login start paths of the original project's React client, served at the site root as it calls them."""

from django.urls import path

from . import views

app_name = "original-client"

urlpatterns = [
    path(
        "login/google-oauth2/",
        views.SocialLoginStartView.as_view(),
        {"provider": "google-oauth2", "client": views.ORIGINAL_CLIENT},
        name="social-login-google",
    ),
    path(
        "login/github/",
        views.SocialLoginStartView.as_view(),
        {"provider": "github", "client": views.ORIGINAL_CLIENT},
        name="social-login-github",
    ),
]
