from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .startup import warn_if_debug_is_exposed, warn_if_feeds_may_reach_private_networks


class CoreConfig(AppConfig):
    """The shared kernel every app may use: domain errors, uploads, API schema helpers, pagination."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        warn_if_debug_is_exposed()
        warn_if_feeds_may_reach_private_networks()
        # Wagtail's widgets and views import models, so the patches can be made only once the app registry is ready.
        from .admin_exports import prepare_every_admin_export
        from .csp import give_chooser_scripts_a_nonce

        give_chooser_scripts_a_nonce()
        prepare_every_admin_export()
