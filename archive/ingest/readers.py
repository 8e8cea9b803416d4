"""Files in, source documents out: crawl text, JSON Lines / JSON arrays, HTML pages.

Each problem is reported for its own file (or JSON line) as a one-line reason;
the caller decides to go on with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

TEXT_SUFFIXES = {".txt", ".text"}
JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES
# A folder's own documentation is not an article: Markdown and reStructuredText (no outlet
# or crawl here writes them), and the files a folder or a download comes with, whatever
# their suffix (README.txt, LICENSE).
DOCUMENTATION_SUFFIXES = {".md", ".markdown", ".rst"}
DOCUMENTATION_NAMES = {
    "readme",
    "license",
    "licence",
    "copying",
    "notice",
    "authors",
    "changelog",
    "contributing",
}

OUTLETS = {
    "xinhuanet.com": "Xinhua",
    "news.cn": "Xinhua",
    "english.news.cn": "Xinhua",
    "chinadaily.com.cn": "China Daily",
    "gov.cn": "gov.cn",
    "people.cn": "People's Daily",
    "scmp.com": "South China Morning Post",
    "cgtn.com": "CGTN",
    "ecns.cn": "ecns",
    "globaltimes.cn": "Global Times",
    "shine.cn": "Shanghai Daily",
    "chinamil.com.cn": "China Military",
    "straitstimes.com": "The Straits Times",
    "yahoo.com": "Yahoo (Bloomberg)",
    "reuters.com": "Reuters",
    "bloomberg.com": "Bloomberg",
    "sinocism.com": "Sinocism",
    "cctv.com": "CCTV",
}


class ReadError(Exception):
    """A one-line reason why one file (or one record in it) cannot be imported."""


@dataclass(frozen=True)
class SourceDoc:
    file_name: str  # base name of the file, with ":N" for the Nth record of a JSON file
    text: str
    url: str = ""
    title: str | None = None
    published: dt.date | None = None
    outlet: str = ""


@dataclass(frozen=True)
class Failure:
    file_name: str
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A file that is rightly not imported (a folder's README): not a failure."""

    file_name: str
    reason: str


def iter_files(paths: list[str | Path]) -> Iterator[Path | Failure]:
    """Every regular file under the given paths, sorted, each real folder visited once.

    Anything else named or found (a broken symlink, a FIFO, a device, a socket) is a Failure:
    reading it could wait forever or never end.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            yield Failure(str(path), _unreadable(path, exc))
            continue
        yield from _entry(path, str(path), mode, seen_dirs)


def _walk(folder: Path, seen_dirs: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    info = folder.stat()
    if (info.st_dev, info.st_ino) in seen_dirs:  # a symlink loop, or a folder given twice
        return
    seen_dirs.add((info.st_dev, info.st_ino))
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Failure(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in {"gold.jsonl"}:
            continue
        path = Path(entry.path)
        try:
            mode = entry.stat().st_mode  # of what a symlink points to
        except OSError as exc:
            yield Failure(entry.name, _unreadable(path, exc))
            continue
        yield from _entry(path, entry.name, mode, seen_dirs)


def _entry(
    path: Path, name: str, mode: int, seen_dirs: set[tuple[int, int]]
) -> Iterator[Path | Failure]:
    """A folder's files, a regular file itself, or a one-line failure under `name`."""
    if stat.S_ISDIR(mode):
        yield from _walk(path, seen_dirs)
    elif stat.S_ISREG(mode):
        yield path
    else:
        yield Failure(name, _not_regular(mode))


def _unreadable(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        if path.is_symlink():
            return f"broken symlink (to {os.readlink(path)})"
        return "no such file or folder"
    return f"cannot read: {exc.strerror or exc}"


def _not_regular(mode: int) -> str:
    kinds = [
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    kind = next((name for test, name in kinds if test(mode)), f"mode {stat.filemode(mode)}")
    return f"not a regular file ({kind})"


def is_documentation(path: Path) -> bool:
    return (
        path.suffix.lower() in DOCUMENTATION_SUFFIXES
        or path.name.split(".")[0].lower() in DOCUMENTATION_NAMES
    )


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """At most max_bytes of a regular file, whatever its size claims (a /proc file says 0).

    Opened without blocking and checked again once open: what was a file when the folder was
    listed may be a FIFO (which would wait for a writer forever) or a device by now.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(_not_regular(info.st_mode))
        if info.st_size > max_bytes:
            size = (
                f"{info.st_size / 1e6:.1f} MB"
                if info.st_size >= 100_000
                else f"{info.st_size} bytes"
            )
            raise ReadError(_too_large(size, max_bytes))
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        said = f"its size says {info.st_size} bytes, but it holds more"
        raise ReadError(_too_large(said, max_bytes))
    return data


def _too_large(size: str, max_bytes: int) -> str:
    limit = f"{max_bytes / 1e6:.0f} MB" if max_bytes >= 1_000_000 else f"{max_bytes} bytes"
    return f"file too large ({size}; limit {limit})"


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; binary data is refused.

    Broken UTF-8 (a download cut inside a character, a stray byte in otherwise UTF-8 text)
    is refused too: GB18030 would read it without complaint, every Chinese character wrong.
    """
    if not data.strip():
        raise ReadError("empty file")
    if b"\x00" in data[:4096] or _looks_binary(data[:4096]):
        raise ReadError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            raise ReadError(
                f"truncated: the file ends inside a UTF-8 character (byte {exc.start})"
            ) from None
        if _mostly_utf8(data):
            raise ReadError(f"not valid UTF-8 at byte {exc.start} ({exc.reason})") from None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReadError("not UTF-8 or GB18030 text") from None


def _mostly_utf8(data: bytes) -> bool:
    """Many well-formed UTF-8 characters for each broken one: UTF-8, damaged."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    return sum(1 for c in text if ord(c) > 127) - broken > 10 * broken


# Every byte but the control characters text does not hold (tab, line breaks and form feed
# it may): deleted, what is left is counted.
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_binary(sample: bytes) -> bool:
    control = len(sample.translate(None, _NOT_CONTROL))
    return control > len(sample) * 0.1


def read(path: Path, max_bytes: int) -> Iterator[SourceDoc | Failure | Skipped]:
    """The documents in one file; a broken file or record yields a Failure instead."""
    name = path.name
    suffix = path.suffix.lower()
    if is_documentation(path):
        yield Skipped(name, "documentation, not an article")
        return
    try:
        if suffix not in SUPPORTED:
            raise ReadError(
                f"unknown file type '{suffix or '(none)'}' (expected .txt, .jsonl, .json or .html)"
            )
        text = decode(read_bytes(path, max_bytes))
    except ReadError as exc:
        yield Failure(name, str(exc))
        return
    except OSError as exc:
        yield Failure(name, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in JSON_SUFFIXES:
        # A NUL can only be escaped ("\u0000") in JSON: each record is checked for it.
        yield from json_documents(name, text)
        return
    try:
        check_text("text", text)
        if suffix in TEXT_SUFFIXES:
            yield SourceDoc(file_name=name, text=text)
        else:
            yield html_document(name, text)
    except ReadError as exc:
        yield Failure(name, str(exc))


def check_text(field_name: str, value: str) -> None:
    """Text a database can store: PostgreSQL refuses NUL, and UTF-8 has no lone surrogates."""
    at = value.find("\x00")
    if at >= 0:
        raise ReadError(f"NUL character in the {field_name} (at character {at})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ReadError(
            f"the {field_name} is not valid Unicode (a lone surrogate at character {exc.start})"
        ) from None


def json_documents(name: str, text: str) -> Iterator[SourceDoc | Failure]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield Failure(name, f"not valid JSON: {exc.msg} at line {exc.lineno}")
            return
        except RecursionError:
            yield Failure(name, "not valid JSON: nested too deeply")
            return
        if not isinstance(records, list):  # "[1] 2" is a JSON error; this cannot happen
            yield Failure(name, "not a JSON array")
            return
        numbered = enumerate(records, 1)
    else:
        numbered = _json_lines(name, text)
    for number, record in numbered:
        if isinstance(record, Failure):
            yield record
            continue
        try:
            yield _from_record(f"{name}:{number}", record)
        except ReadError as exc:
            yield Failure(f"{name}:{number}", str(exc))


def _json_lines(name: str, text: str):
    # Lines end at "\n" only: str.splitlines() would also cut at U+2028 and other separators
    # that JSON allows unescaped inside a string.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, Failure(f"{name}:{number}", f"malformed JSON line: {exc.msg}")
        except RecursionError:
            yield number, Failure(f"{name}:{number}", "malformed JSON line: nested too deeply")


# What the archive's columns hold (archive.models.Article).
MAX_URL = 1000
MAX_OUTLET = 100
# Publication dates outside these years are errors in the source, not news.
YEARS = range(1900, 2101)


def _from_record(name: str, record) -> SourceDoc:
    if not isinstance(record, dict):
        raise ReadError("record is not a JSON object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise ReadError("record has no 'text'")
    check_text("text", body)
    url = record.get("url") or ""
    if not isinstance(url, str):
        raise ReadError("'url' is not a string")
    check_text("url", url)
    if len(url) > MAX_URL:
        raise ReadError(f"'url' is longer than {MAX_URL} characters")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise ReadError("'title' is not a string")
    check_text("title", title or "")
    published = record.get("published")
    day = None
    if published not in (None, ""):
        if not isinstance(published, str):
            raise ReadError("'published' is not a date string")
        day = _day(published)
        if day is None:
            raise ReadError(f"'published' is not a date: {published[:20]!r}")
    outlet = record.get("outlet") or outlet_of(url)
    if not isinstance(outlet, str):
        raise ReadError("'outlet' is not a string")
    check_text("outlet", outlet)
    if len(outlet) > MAX_OUTLET:
        raise ReadError(f"'outlet' is longer than {MAX_OUTLET} characters")
    return SourceDoc(file_name=name, text=body, url=url, title=title, published=day, outlet=outlet)


def _day(value: str) -> dt.date | None:
    """A YYYY-MM-DD date (a time may follow) in a year news can have."""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if day.year in YEARS else None


def outlet_of(url: str) -> str:
    try:
        host = urlparse(url).netloc.lower().split(":")[0]
    except ValueError:  # "http://[": not a URL, so no outlet
        return ""
    for domain, outlet in OUTLETS.items():
        if host == domain or host.endswith("." + domain):
            return outlet
    return host.removeprefix("www.")[:MAX_OUTLET]


class _MainText(HTMLParser):
    """Paragraph text of a page, without scripts, navigation or page furniture."""

    SKIP = {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "button",
        "select",
        "template",
    }
    BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "blockquote",
        "tr",
        "td",
        "figcaption",
        "main",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.in_article = 0
        self.title = ""
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            if key and attrs.get("content"):
                self.meta[key] = attrs["content"]
            return
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip_depth += 1
        if tag in {"article", "main"}:
            self.in_article += 1
        if tag in self.BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag in {"article", "main"} and self.in_article:
            self.in_article -= 1
        if tag in self.BLOCK:
            self._emit("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if not self.skip_depth:
            self._emit(data)

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.in_article:
            self.article_parts.append(text)


def html_document(name: str, page: str) -> SourceDoc:
    parser = _MainText()
    try:
        parser.feed(page)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything left is a broken page
        raise ReadError(f"unreadable HTML: {exc}") from exc
    chosen = "".join(parser.article_parts) or "".join(parser.parts)
    lines = [re.sub(r"\s+", " ", line).strip() for line in chosen.split("\n")]
    body = "\n\n".join(line for line in lines if line)
    if not body:
        raise ReadError("HTML page has no text")
    meta = parser.meta
    title = meta.get("og:title") or parser.title.strip() or None
    # A page's metadata is taken when usable and otherwise left out, as its dates are.
    url = meta.get("og:url", "")
    url = url if len(url) <= MAX_URL else ""
    published = next(
        (
            _day(meta[key])
            for key in ("article:published_time", "pubdate", "publishdate", "date", "dc.date")
            if meta.get(key) and _day(meta[key])
        ),
        None,
    )
    outlet = meta.get("og:site_name", "")
    outlet = outlet if len(outlet) <= MAX_OUTLET else ""
    outlet = outlet or outlet_of(url)
    return SourceDoc(
        file_name=name, text=body, url=url, title=title, published=published, outlet=outlet
    )
