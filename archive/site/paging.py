"""Reading a page's own query parameters: which page of a list, and refusing what cannot be.

One paginator for the browse page and the record pages; a parameter that cannot be honoured
raises BadRequest, which the views answer with a 400 page that says why. A page number past
the last page is well formed but names nothing: NoSuchPage, answered with a 404.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive.site import links


class BadRequest(ValueError):
    """A query parameter that cannot be honoured; the message says why."""


class NoSuchPage(LookupError):
    """A page number past the last page of a list; the message says how many there are."""


def is_number(value: str) -> bool:
    """ASCII digits only: str.isdigit() also takes "²", which int() refuses."""
    return value.isascii() and value.isdigit()


def page_number(params: QueryDict) -> int:
    number = params.get("page") or "1"
    if not is_number(number) or int(number) < 1:
        raise BadRequest(_("The page number must be a whole number from 1."))
    return int(number)


def paginate(
    items: QuerySet,
    number: int,
    per_page: int,
    count: int | None = None,
    of: str = gettext_lazy("this list"),
) -> Page:
    """Page `number` of the items; `count` when they were counted already (and cached)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    if number > paginator.num_pages:
        pages = paginator.num_pages
        raise NoSuchPage(
            ngettext(
                "There is no page %(number)d: %(of)s has %(pages)d page.",
                "There is no page %(number)d: %(of)s has %(pages)d pages.",
                pages,
            )
            % {"number": number, "of": of, "pages": pages}
        )
    return paginator.page(number)


def first_page(params: QueryDict) -> str:
    """The same list from its first page, for the page that says there is no such page."""
    return links.without(params, "page")


def page_links(params: QueryDict, page: Page) -> dict[str, str | None]:
    return {
        "previous": links.page(params, page.previous_page_number())
        if page.has_previous()
        else None,
        "next": links.page(params, page.next_page_number()) if page.has_next() else None,
    }
