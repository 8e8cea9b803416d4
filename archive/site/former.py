"""What an address no record answers says, when a record once answered it (archive.addresses):
a merged or renamed record's old address redirects for good (301) to where it went, the same
format kept; a removed record's answers 410 Gone with a page that says so and where to look."""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from archive import addresses
from archive.models import FormerAddress

Kind = FormerAddress.Kind

# Where to look for what was removed.
INDEXES = {
    Kind.VISIT: ("archive:visit-list", lambda: _("Search the tours")),
    Kind.OFFICIAL: ("archive:official-list", lambda: _("All officials")),
    Kind.ENTERPRISE: ("archive:enterprise-list", lambda: _("All enterprises")),
}


def falls_back(kind: str, key: str):
    """A record view whose 404 is first looked up among former addresses (only then: a page
    that answers costs nothing more). `key`: the name of the view's argument in the address."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Http404:
                former = addresses.found(kind, str(kwargs[key]))
                if former is None:
                    raise
                return answer(request, former, kwargs.get("format"))

        return wrapped

    return decorate


def answer(request, former: FormerAddress, format: str | None):
    wants_json = (format or request.GET.get("format")) == "json"
    if not former.removed:
        url = former.target_url(format)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    index, label = INDEXES[former.kind]
    message = gone_message(former)
    if wants_json:
        body = {"status": 410, "detail": message, "see": request.build_absolute_uri(reverse(index))}
        return JsonResponse(body, status=410, json_dumps_params={"ensure_ascii": False})
    context = {"message": message, "index_url": reverse(index), "index_label": label()}
    return render(request, "archive/gone.html", context, status=410)


def gone_message(former: FormerAddress) -> str:
    values = {"name": former.name or former.key}
    if former.kind == Kind.VISIT:
        return _("The tour “%(name)s” was removed from the archive.") % values
    if former.kind == Kind.OFFICIAL:
        return _("The official “%(name)s” was removed from the archive.") % values
    return _("The enterprise “%(name)s” was removed from the archive.") % values
