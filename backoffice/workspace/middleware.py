"""Defence in depth for the workspace: a supplier's request for any back-office address outside its workspace
answers 404, whatever that page's own permission check would say (Wagtail opens a few pages, such as the site
history report, to every admin user)."""

from django.http import Http404
from django.urls import reverse

from .access import is_workspace_user

# Below /admin/: the dashboard itself, the workspace, its price lists, and what every admin user needs
# (own account, logout, the admin's translations, icons and dismissed hints).
WORKSPACE_PATHS = ("my-shop/", "imports/", "account/", "logout/", "jsi18n/", "sprite/", "dismissibles/")


class WorkspaceOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = reverse("wagtailadmin_home")
        if request.path.startswith(admin) and is_workspace_user(request.user):
            rest = request.path.removeprefix(admin)
            if rest and not rest.startswith(WORKSPACE_PATHS):
                raise Http404
        return self.get_response(request)
