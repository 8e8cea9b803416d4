"""An Atom feed for any search: the newest tours under the same filters."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed

from .browse import ordered
from .filters import VisitFilterSet
from .models import Visit

FEED_SIZE = 50


class VisitFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def get_object(self, request):
        filterset = VisitFilterSet(request.GET, queryset=Visit.objects.public())
        if not filterset.is_valid():
            raise Http404("These filters are not valid.")
        self.query_string = request.GET.urlencode()
        return filterset

    def title(self, filterset):
        return "Inspection tours" + (" (filtered)" if filterset.active() else "")

    def link(self, filterset):
        return "/visits/" + (f"?{self.query_string}" if self.query_string else "")

    def subtitle(self, filterset):
        return "New tours in the archive of Chinese leaders' inspection tours."

    def items(self, filterset):
        return ordered(filterset.qs, "newest").prefetch_related("officials", "provinces")[
            :FEED_SIZE
        ]

    def item_title(self, visit):
        return visit.title

    def item_description(self, visit):
        return visit.summary

    def item_link(self, visit):
        return visit.get_absolute_url()

    def item_pubdate(self, visit):
        return visit.created_at

    def item_updateddate(self, visit):
        return visit.updated_at
