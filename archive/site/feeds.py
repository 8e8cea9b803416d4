"""An Atom feed for any search: the newest tours under the same filters."""

import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from archive.models import Visit
from archive.site.filters import VisitFilterSet

FEED_SIZE = 50
# XML 1.0 has no place for these: one in a stored text would make the whole feed fail.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    return NOT_XML.sub("", value)


class TextSummaryAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text (type="text").

    Django's Atom1Feed marks every summary type="html"; a summary escaped for that was read by
    feed readers that take the type literally as `China&#x27;s`. A tour's summary is text, not
    markup: said so, it is escaped once, by the XML writer, and read back as written.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class VisitFeed(Feed):
    feed_type = TextSummaryAtomFeed
    description_template = None

    def get_object(self, request):
        filterset = VisitFilterSet(request.GET, queryset=Visit.objects.public())
        if not filterset.is_valid():
            raise Http404("These filters are not valid.")
        # Kept with this request's filters: the Feed instance serves every request.
        filterset.query_string = request.GET.urlencode()
        return filterset

    def title(self, filterset):
        return _("Inspection tours (filtered)") if filterset.active() else _("Inspection tours")

    def link(self, filterset):
        return "/visits/" + (f"?{filterset.query_string}" if filterset.query_string else "")

    def subtitle(self, filterset):
        return _("New tours in the archive of Chinese leaders' inspection tours.")

    def items(self, filterset):
        return filterset.qs.newest_first().prefetch_related("officials", "provinces")[:FEED_SIZE]

    def item_title(self, visit):
        return xml_text(visit.title)

    def item_description(self, visit):
        return xml_text(visit.summary)

    def item_link(self, visit):
        return visit.get_absolute_url()

    def item_pubdate(self, visit):
        return visit.created_at

    def item_updateddate(self, visit):
        return visit.updated_at
