"""Links built from stored data: a search narrowed to a record, and safe source URLs."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.urls import reverse


def visit_url(pk: int) -> str:
    return reverse("archive:visit-detail", args=[pk])


def browse_url(**filters: str) -> str:
    """/visits/ narrowed by these filters, e.g. browse_url(province="420000")."""
    return reverse("archive:visit-list") + "?" + urlencode(filters)


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
