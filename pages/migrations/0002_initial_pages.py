"""The site's content pages: a home page (replacing Wagtail's welcome page) with delivery and about pages."""

from django.db import migrations

HOME = {
    "title": "Order Service",
    "slug": "home",
    "hero_title": "Everything your business needs, from trusted suppliers",
    "hero_text": "Compare offers from several shops and order them in one basket.",
    "body": "<p>Prices and stock are updated by the suppliers themselves.</p>",
}
INFO_PAGES = [
    {
        "title": "Delivery and returns",
        "slug": "delivery-and-returns",
        "intro": "How your order reaches you, and how to send it back.",
        "body": "<p>Each shop ships its part of the order. Unused goods can be returned within 14 days.</p>",
    },
    {
        "title": "About us",
        "slug": "about",
        "intro": "Order Service brings many suppliers into one catalogue.",
        "body": "<p>We check every supplier and keep their price lists up to date.</p>",
    },
]


def create_pages(apps, schema_editor) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("pages", "HomePage")
    InfoPage = apps.get_model("pages", "InfoPage")

    root = Page.objects.filter(depth=1).first()
    if root is None or HomePage.objects.exists():
        return
    locale = Locale.objects.first()
    # Wagtail's initial data adds a “Welcome” page at /home/; ours takes its place.
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    home_type, _ = ContentType.objects.get_or_create(app_label="pages", model="homepage")
    info_type, _ = ContentType.objects.get_or_create(app_label="pages", model="infopage")
    siblings = Page.objects.filter(depth=2).count()
    home = HomePage.objects.create(
        **HOME,
        content_type=home_type,
        locale=locale,
        path=f"{root.path}{siblings + 1:04d}",
        depth=2,
        numchild=len(INFO_PAGES),
        url_path="/home/",
        draft_title=HOME["title"],
        live=True,
    )
    for position, fields in enumerate(INFO_PAGES, start=1):
        InfoPage.objects.create(
            **fields,
            content_type=info_type,
            locale=locale,
            path=f"{home.path}{position:04d}",
            depth=3,
            numchild=0,
            url_path=f"/home/{fields['slug']}/",
            draft_title=fields["title"],
            live=True,
        )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Order Service")
    else:
        site.root_page = home
        site.save(update_fields=["root_page"])


def delete_pages(apps, schema_editor) -> None:
    apps.get_model("pages", "InfoPage").objects.all().delete()
    apps.get_model("pages", "HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_pages, delete_pages)]
