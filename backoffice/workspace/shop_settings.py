"""The supplier's own shop settings: where order notices go, whether it accepts orders (and whatever else
shop.services.catalogue.SUPPLIER_SHOP_SETTINGS lists: the form follows it)."""

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.viewsets.base import ViewSet

from shop.models import Shop
from shop.services.catalogue import SUPPLIER_SHOP_SETTINGS, update_shop_settings

from .access import workspace_shop
from .viewsets import WorkspaceMenuItem


class ShopSettingsForm(forms.ModelForm):
    class Meta:
        model = Shop
        fields = SUPPLIER_SHOP_SETTINGS


def shop_settings(request):
    shop = workspace_shop(request)
    form = ShopSettingsForm(request.POST or None, instance=shop)
    if request.method == "POST" and form.is_valid():
        update_shop_settings(shop=shop, values={field: form.cleaned_data[field] for field in SUPPLIER_SHOP_SETTINGS})
        messages.success(request, _("The shop's settings are saved."))
        return redirect("workspace_settings:edit")
    return TemplateResponse(request, "backoffice/workspace/shop_settings.html", {"shop": shop, "form": form})


class ShopSettingsViewSet(ViewSet):
    name = "workspace_settings"
    url_prefix = "my-shop/settings"
    icon = "cog"
    menu_label = gettext_lazy("Shop settings")
    menu_item_class = WorkspaceMenuItem

    def get_urlpatterns(self):
        return [path("", shop_settings, name="edit")]
