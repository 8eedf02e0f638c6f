from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel every app may use: domain errors, uploads, API schema helpers, pagination."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Core")
