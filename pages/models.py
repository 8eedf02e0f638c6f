"""Content pages edited in Wagtail and published to the SPA through the API at /api/cms/."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("text"), blank=True)

    content_panels = [*Page.content_panels, "hero_title", "hero_text", "hero_image", "body"]
    api_fields = [
        APIField("hero_title"),
        APIField("hero_text"),
        APIField("hero_image_wide", serializer=ImageRenditionField("fill-1600x600", source="hero_image")),
        APIField("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.InfoPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class InfoPage(Page):
    """A page of text such as “Delivery and returns” or “About us”; the SPA finds it by its slug."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("text"))

    content_panels = [*Page.content_panels, "intro", "body"]
    api_fields = [APIField("intro"), APIField("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
