from wagtail.admin.forms import WagtailAdminModelForm

from .services.feeds import save_feed


class PriceListFeedForm(WagtailAdminModelForm):
    """The feed's settings; saving goes through save_feed, so a moved feed forgets the old file's validators."""

    def save(self, commit=True):
        feed = super().save(commit=False)
        if commit:
            save_feed(feed=feed, changed_fields=self.changed_data)
        return feed
