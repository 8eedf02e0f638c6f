"""The supplier's own shop settings: where order notices go, whether it accepts orders (and whatever else
shop.services.catalogue.SUPPLIER_SHOP_SETTINGS lists: the form follows it), and its price-list feed, which goes
through the staff's form and service (the same URL checks). The pages take no id: they reach the signed-in
supplier's shop only."""

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.viewsets.base import ViewSet

from imports.forms import PriceListFeedForm
from imports.models import PriceListFeed
from imports.selectors import feed_fetch_history, feed_state
from shop.models import Shop
from shop.services.catalogue import SUPPLIER_SHOP_SETTINGS, update_shop_settings

from .access import workspace_shop
from .viewsets import WorkspaceMenuItem


class ShopSettingsForm(forms.ModelForm):
    class Meta:
        model = Shop
        fields = SUPPLIER_SHOP_SETTINGS


class ShopFeedForm(PriceListFeedForm):
    """The staff's feed form without the shop (always the supplier's own) and the planned fetch time."""

    class Meta:
        model = PriceListFeed
        fields = ["url", "import_format", "interval_hours", "is_active"]


def shop_feed_form(request, shop: Shop) -> ShopFeedForm:
    feed = PriceListFeed.objects.filter(shop=shop).first() or PriceListFeed(shop=shop)
    return ShopFeedForm(request.POST if request.method == "POST" else None, instance=feed, prefix="feed")


def render_settings(request, *, shop: Shop, form: ShopSettingsForm, feed_form: ShopFeedForm):
    feed = feed_state(shop_id=shop.pk)
    context = {
        "shop": shop,
        "form": form,
        "feed_form": feed_form,
        "feed": feed,
        "feed_fetches": feed_fetch_history(shop_id=shop.pk, limit=20) if feed else [],
    }
    return TemplateResponse(request, "backoffice/workspace/shop_settings.html", context)


def shop_settings(request):
    shop = workspace_shop(request)
    form = ShopSettingsForm(request.POST or None, instance=shop)
    if request.method == "POST" and form.is_valid():
        update_shop_settings(shop=shop, values={field: form.cleaned_data[field] for field in SUPPLIER_SHOP_SETTINGS})
        messages.success(request, _("The shop's settings are saved."))
        return redirect("workspace_settings:edit")
    return render_settings(request, shop=shop, form=form, feed_form=shop_feed_form(request, shop))


def shop_feed(request):
    """Set, change or switch off (untick "active") the shop's feed; a GET shows the settings page."""
    shop = workspace_shop(request)
    feed_form = shop_feed_form(request, shop)
    if request.method != "POST":
        return redirect("workspace_settings:edit")
    if feed_form.is_valid():
        feed_form.save()
        messages.success(request, _("The price-list feed is saved."))
        return redirect("workspace_settings:edit")
    return render_settings(request, shop=shop, form=ShopSettingsForm(instance=shop), feed_form=feed_form)


class ShopSettingsViewSet(ViewSet):
    name = "workspace_settings"
    url_prefix = "my-shop/settings"
    icon = "cog"
    menu_label = gettext_lazy("Shop settings")
    menu_item_class = WorkspaceMenuItem

    def get_urlpatterns(self):
        return [path("", shop_settings, name="edit"), path("feed/", shop_feed, name="feed")]
