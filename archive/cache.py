"""Cached public pages and browse counts, and knowing when they are stale.

Counting facets over hundreds of thousands of tours takes longer than a page may. Public
pages (which depend on their URL and the data only) and the counts of a search state are
cached, keyed on a version that changes with every change to the archive's records: an
`ArchiveVersion` row, bumped after each committed change so that all web processes see it,
and a counter of this process's own changes, which moves at once, before the transaction
commits, and also inside tests, where nothing commits.

A long writer (an import, a transaction per batch) would empty every reader's cache at each
batch: inside `publishing_every(seconds)` its commits move the shared number at most once
every so many seconds, and once when it ends. Meanwhile readers are served pages cached
before, and pages computed afresh show the batches committed so far.
"""

from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from archive.models import ArchiveVersion

T = TypeVar("T")
TIMEOUT = 24 * 3600  # a stale entry is never read; this only bounds memory
_local_version = 0  # this process's changes since it last saw the shared number move
_seen_number: int | None = None


def version() -> str:
    """The shared number, and this process's changes not yet reflected in it.

    Web processes share cached entries while they agree on both parts: the second part is
    0 except in a process that changed records since the number last moved.
    """
    global _local_version, _seen_number
    number = ArchiveVersion.objects.values_list("number", flat=True).first() or 0
    if number != _seen_number:
        _seen_number, _local_version = number, 0
    return f"{number}.{_local_version}"


def bump() -> None:
    """Tell every process that the archive changed (called after a commit)."""
    if not ArchiveVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ArchiveVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def record_changed() -> None:
    """Any change to an archive record (archive.changes calls it: see there)."""
    global _local_version
    _local_version += 1
    after_commit = _publisher.committed if _publisher else bump
    # One bump per transaction, however many records it changes.
    if not any(callback is after_commit for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(after_commit)


class _Publisher:
    """Committed changes made known (bump()) at most once every `seconds`, and at the end."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.last = time.monotonic()
        self.pending = False
        self.closed = False  # left: a transaction that commits later bumps at once
        self.committed = self._committed  # one bound method, found again by `is`

    def _committed(self) -> None:
        self.pending = True
        if self.closed or time.monotonic() - self.last >= self.seconds:
            self.publish()

    def publish(self) -> None:
        if self.pending:
            bump()
            self.pending = False
        self.last = time.monotonic()


_publisher: _Publisher | None = None


@contextmanager
def publishing_every(seconds: float) -> Iterator[None]:
    """Within: this process's committed changes move the shared version at most once every
    `seconds` (at the first commit after that long), and once on leaving, however it is left.

    For a writer committing many transactions in a row: each would otherwise empty every
    reader's cache. This process's own counter still moves with each change.
    """
    global _publisher
    outer, _publisher = _publisher, _Publisher(seconds)
    try:
        yield
    finally:
        publisher, _publisher = _publisher, outer
        publisher.closed = True
        if publisher.pending:
            publisher.publish()


def cached_page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """A public page rendered once per query string and archive version.

    For pages that depend on nothing but their URL, their language and the data (no user, no
    cookie but the language's).
    Kept compressed: a browse page is a few hundred kilobytes of HTML.
    """
    key = _page_key(request)
    stored = cache.get(key)
    if stored is not None:
        content_type, body = stored
        return HttpResponse(zlib.decompress(body), content_type=content_type)
    response = render()
    if response.status_code == 200 and not response.streaming:
        cache.set(key, (response["Content-Type"], zlib.compress(response.content, 1)), TIMEOUT)
    return response


def _page_key(request: HttpRequest) -> str:
    request.archive_version = version()  # read once per request: see cached()
    # The whole address (citations on a page name the site), the day (they say when the
    # page was consulted) and the language (one address serves every language).
    page = f"{request.build_absolute_uri()} {timezone.localdate()} {translation.get_language()}"
    return f"page:{request.archive_version}:{hashlib.sha256(page.encode()).hexdigest()}"


KEPT_DOWNLOAD_BYTES = 8 * 1024 * 1024  # a download up to this size is kept whole


def cached_download(
    request: HttpRequest,
    render: Callable[[Callable[[Iterator[str]], Iterator[str]]], HttpResponse],
) -> HttpResponse:
    """A streamed download (an export of tours), kept like a page once it has been made
    whole at this archive version, when it is no larger than KEPT_DOWNLOAD_BYTES: the same
    export asked again (the whole archive's, a popular search's) is then read, not made.

    `render(keep)` makes the response, its text passed through `keep`, which stores it when
    it ends and has not failed: a download cut by a failing database is never kept. A larger
    one streams on and is not held in memory.
    """
    key = _page_key(request)
    stored = cache.get(key)
    if stored is not None:
        content_type, disposition, body = stored
        response = HttpResponse(zlib.decompress(body), content_type=content_type)
        response["Content-Disposition"] = disposition
        return response
    headers: dict[str, str] = {}

    def keep(text: Iterator[str]) -> Iterator[str]:
        kept: list[bytes] | None = []
        size = 0
        for chunk in text:
            yield chunk
            if kept is not None:
                encoded = chunk.encode() if isinstance(chunk, str) else chunk
                size += len(encoded)
                if size > KEPT_DOWNLOAD_BYTES:
                    kept = None  # streamed on, not held
                else:
                    kept.append(encoded)
        if kept is not None and headers:
            body = zlib.compress(b"".join(kept), 1)
            cache.set(key, (headers["type"], headers["disposition"], body), TIMEOUT)

    response = render(keep)
    if response.status_code == 200 and response.streaming:
        headers.update(type=response["Content-Type"], disposition=response["Content-Disposition"])
    return response


def cached_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public view whose pages depend on their URL and the data only, served by cached_page."""

    @wraps(view)
    def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        return cached_page(request, lambda: view(request, *args, **kwargs))

    return serve


def cached(
    namespace: str,
    state: list[tuple[str, str]],
    compute: Callable[[], T],
    known_version: str | None = None,
) -> T:
    """compute(), or its result for the same search state, archive version and language (the
    result may hold labels in it)."""
    digest = hashlib.sha256(
        repr([translation.get_language(), *sorted(state)]).encode()
    ).hexdigest()[:32]
    key = f"{namespace}:{known_version or version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
