"""Atom feed of guides as they are published or re-verified, in the reader's language."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import Guide

FEED_LENGTH = 50


class GuideFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Top-up Guides: new and re-checked guides")

    def subtitle(self):
        return _("Guides to topping up prepaid SIM cards through official channels.")

    def link(self):
        return reverse("guides:guide_list")

    def feed_url(self):
        return reverse("guides:feed")

    def author_name(self):
        return _("Top-up Guides editors")

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = get_language()
        return feed

    def items(self):
        return Guide.objects.public().with_related().order_by("-announced_at", "-pk")[:FEED_LENGTH]

    def item_title(self, guide):
        return guide.title

    def item_description(self, guide):
        # Atom marks the summary type="html", so feed readers treat it as markup: the summary is
        # plain text, so it goes out escaped, and "<script>" in it stays words on a screen.
        return escape(guide.summary)

    def item_pubdate(self, guide):
        return guide.published_at

    def item_updateddate(self, guide):
        return guide.announced_at or guide.published_at

    def item_categories(self, guide):
        return [guide.operator.name, guide.channel.name]
