"""Links: to records and searches, that change one part of the search state and keep the
rest of the URL, and to the sources' own pages when it is safe to."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote_plus, urlencode, urlsplit

from django.http import QueryDict
from django.urls import get_script_prefix, reverse

# Changing what is shown starts again at the first page.
RESET = ("page",)


def _copy(params: QueryDict) -> QueryDict:
    copy = params.copy()
    for key in RESET:
        copy.pop(key, None)
    return copy


def _url(params: QueryDict) -> str:
    return _url_of(params.urlencode())


def _url_of(encoded: str) -> str:
    return f"?{encoded}" if encoded else "?"


def toggled(params: QueryDict, key: str, value: str) -> str:
    """Add the value to a multi-select parameter, or remove it if present."""
    copy = _copy(params)
    values = copy.getlist(key)
    copy.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
    return _url(copy)


def toggler(params: QueryDict, key: str) -> Callable[[str], str]:
    """toggled(params, key, value) for many values of one key: the rest encoded once (a
    browse page links a few hundred facet values)."""
    lists = [(k, values) for k, values in params.lists() if k not in RESET]
    keys = [k for k, _ in lists]
    if key not in keys:
        lists.append((key, []))
        keys.append(key)
    at = keys.index(key)
    head, tail = _encoded(lists[:at]), _encoded(lists[at + 1 :])
    current = lists[at][1]
    # A value not chosen yet (most of them) comes after the chosen ones, encoded once.
    prefix = "&".join(part for part in (head, _encoded([(key, current)])) if part)
    prefix = f"?{prefix}&{_quoted(key)}=" if prefix else f"?{_quoted(key)}="
    suffix = f"&{tail}" if tail else ""

    def url(value: str) -> str:
        if value not in current:
            return f"{prefix}{_quoted(value)}{suffix}"
        values = [v for v in current if v != value]
        return _url_of("&".join(part for part in (head, _encoded([(key, values)]), tail) if part))

    return url


def replacer(params: QueryDict, *keys: str) -> Callable[..., str]:
    """replaced(params, **values) for many values of these keys: the rest encoded once (a
    browse page's histogram links each of a few hundred months)."""
    lists = [(k, values) for k, values in params.lists() if k not in RESET]
    present = {k for k, _ in lists}
    parts = [(k, None if k in keys else _encoded([(k, values)])) for k, values in lists]

    def url(**values: str | None) -> str:
        # Keys the query string lacks come last, in the order given, as replaced() adds them.
        added = [(k, None) for k in values if k not in present]
        encoded = []
        for key, fixed in parts + added:
            if fixed is None:
                value = values[key]
                fixed = "" if value is None else _encoded([(key, [value])])
            if fixed:
                encoded.append(fixed)
        return _url_of("&".join(encoded))

    return url


def _encoded(lists: list[tuple[str, list[str]]]) -> str:
    """What QueryDict.urlencode() writes for these (key, values): each pair quoted as
    urlencode() quotes it."""
    return "&".join(f"{_quoted(key)}={_quoted(value)}" for key, values in lists for value in values)


# What quote_plus() leaves as it is: codes, slugs, dates (most of what a page links to).
_plain = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch


def _quoted(text: str) -> str:
    return text if _plain(text) else quote_plus(text)


def without(params: QueryDict, key: str, value: str | None = None) -> str:
    """Drop one value of a parameter, or the whole parameter."""
    copy = _copy(params)
    if value is None:
        copy.pop(key, None)
    else:
        copy.setlist(key, [v for v in copy.getlist(key) if v != value])
    return _url(copy)


def replaced(params: QueryDict, **values: str | None) -> str:
    """Set (or with None, remove) single-valued parameters."""
    copy = _copy(params)
    for key, value in values.items():
        if value is None:
            copy.pop(key, None)
        else:
            copy[key] = value
    return _url(copy)


def page(params: QueryDict, number: int) -> str:
    copy = params.copy()
    copy["page"] = str(number)
    return _url(copy)


def query(params: QueryDict) -> str:
    """The query string as it is, with its ?, or nothing."""
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def visit_url(pk: int) -> str:
    head, tail = _visit_path(get_script_prefix())
    return f"{head}{pk}{tail}"


_SOME_ID = 9_876_543_210


@lru_cache(maxsize=8)
def _visit_path(script_prefix: str) -> tuple[str, str]:
    # reverse() once per mount point, not for each of a record page's hundred tours.
    head, _, tail = reverse("archive:visit-detail", args=[_SOME_ID]).rpartition(str(_SOME_ID))
    return head, tail


def browse_url(**filters: str) -> str:
    """/visits/ narrowed by these filters, e.g. browse_url(province="420000")."""
    return _browse_path(get_script_prefix()) + "?" + urlencode(filters)


def browse_urls(**filters: str | None) -> Callable[[str], str]:
    """browse_url(**filters) for many values of the one filter given as None, in its place:
    browse_urls(province="420000", official=None)(slug). The rest is encoded once (a record
    page links a few hundred tallied values and months)."""
    (key,) = (k for k, v in filters.items() if v is None)
    parts = [(k, None if v is None else f"{_quoted(k)}={_quoted(v)}") for k, v in filters.items()]
    at = [k for k, _ in parts].index(key)
    head = "".join(f"{part}&" for _k, part in parts[:at])
    tail = "".join(f"&{part}" for _k, part in parts[at + 1 :])
    prefix = f"{_browse_path(get_script_prefix())}?{head}{_quoted(key)}="
    return lambda value: f"{prefix}{_quoted(value)}{tail}"


@lru_cache(maxsize=8)
def _browse_path(script_prefix: str) -> str:
    # A record page links a few hundred values to the browse page: reversing its path each
    # time was a tenth of the page's CPU. The path depends only on where the site is mounted.
    return reverse("archive:visit-list")


def web_link(url: str) -> str | None:
    """The URL if it is safe to link to (http or https with a host), else None."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None
