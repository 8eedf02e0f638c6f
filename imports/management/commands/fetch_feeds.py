from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from imports.models import PriceListFeed
from imports.selectors import due_feed_ids
from imports.services.feeds import fetch_feed


class Command(BaseCommand):
    help = (
        "Fetch the due price-list feeds and import them (what Celery beat does every few minutes; run it from cron "
        "in the embedded mode). --shop fetches one shop's feed, --force even if it is not due."
    )

    def add_arguments(self, parser):
        parser.add_argument("--shop", help="Only this shop's feed (its id, slug or name).")
        parser.add_argument("--force", action="store_true", help="Fetch even if the feed is not due yet.")

    def handle(self, *args, shop, force, **options):
        if shop:
            lookup = Q(shop__slug=shop) | Q(shop__name=shop)
            if shop.isdigit():
                lookup |= Q(shop_id=int(shop))
            feed_ids = list(PriceListFeed.objects.filter(lookup).values_list("pk", flat=True))
            if not feed_ids:
                raise CommandError(_("No feed for shop “%s”.") % shop)
        else:
            feed_ids = due_feed_ids()
        for feed_id in feed_ids:
            fetch = fetch_feed(feed_id=feed_id, force=force)
            if fetch is None:
                self.stdout.write(f"feed {feed_id}: not due")
                continue
            line = f"feed {feed_id} ({fetch.feed.shop.name}): {fetch.status}"
            if fetch.run_id:
                line += f", import #{fetch.run_id}"
            if fetch.error:
                line += f": {fetch.error}"
            self.stdout.write(line)
