"""Citations of a source article and of a tour: RIS for reference managers, CSL-JSON, and
plain text.

A tour is cited as the archive's web page of it (RIS ELEC, CSL webpage): its title, the archive,
its permanent address, when its record last changed and the day it was consulted; its sources
are listed in the notes. An article is cited as the news report it is, at its own address
(the archived copy's where the original's is unknown or unsafe).

RIS: https://en.wikipedia.org/wiki/RIS_(file_format); CSL-JSON:
https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html
"""

from __future__ import annotations

import datetime as dt

from archive.models import Article, Visit
from archive.site.links import web_link

ARCHIVE_NAME = "Tour Archive"
RIS_TYPE = "application/x-research-info-systems; charset=utf-8"
CSL_TYPE = "application/vnd.citationstyles.csl+json"


def _one_line(value: str) -> str:
    # A line break inside a value would start a new RIS tag (or record).
    return " ".join(value.split())


def title(article: Article) -> str:
    return _one_line(article.title or article.file_name or f"Article {article.pk}")


def filename(article: Article, extension: str) -> str:
    return f"article-{article.pk}.{extension}"


def ris(article: Article, archive_url: str, accessed: dt.date) -> str:
    """One RIS record of type NEWS, lines ending CRLF as the format asks."""
    lines = [("TY", "NEWS"), ("TI", title(article))]
    outlet = _one_line(article.outlet)
    if outlet:
        lines += [("JO", outlet), ("T2", outlet)]
    if article.published:
        lines += [("PY", str(article.published.year)), ("DA", f"{article.published:%Y/%m/%d}/")]
    # An address a reader can follow: the original's, else the archived copy's.
    lines.append(("UR", _one_line(web_link(article.url) or archive_url)))
    lines += [
        ("Y2", f"{accessed:%Y/%m/%d}/"),
        ("LA", _one_line(article.language)),
        ("DB", ARCHIVE_NAME),
        ("N1", f"Accessed {accessed.isoformat()}. Archived text: {_one_line(archive_url)}"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl(article: Article, archive_url: str, accessed: dt.date) -> list[dict]:
    """A CSL-JSON list holding the one item."""
    item = {
        "id": f"tour-archive-article-{article.pk}",
        "type": "article-newspaper",
        "title": title(article),
    }
    if article.outlet:
        item["container-title"] = _one_line(article.outlet)
    if article.published:
        item["issued"] = _date_parts(article.published)
    item["URL"] = web_link(article.url) or archive_url
    item.update(
        {
            "accessed": _date_parts(accessed),
            "language": article.language,
            "archive": ARCHIVE_NAME,
            "archive_location": archive_url,
        }
    )
    return [item]


def plain(article: Article, archive_url: str, accessed: dt.date) -> str:
    """A readable reference: Outlet, "Title", date, URL (accessed …), archived copy."""
    parts = [_one_line(article.outlet)] if article.outlet else []
    parts.append(f"“{title(article)}”")
    if article.published:
        parts.append(f"{article.published.day} {article.published:%B %Y}")
    url = web_link(article.url)
    if url:
        parts.append(url)
    parts.append(f"accessed {accessed.day} {accessed:%B %Y}")
    parts.append(f"archived at {archive_url}")
    return ", ".join(parts) + "."


# Tours


def visit_filename(visit: Visit, extension: str) -> str:
    return f"tour-{visit.pk}.{extension}"


def source_note(article: Article) -> str:
    """One source of a tour in a line: Outlet, “Title”, date, address."""
    parts = [_one_line(article.outlet)] if article.outlet else []
    parts.append(f"“{title(article)}”")
    if article.published:
        parts.append(article.published.isoformat())
    url = web_link(article.url)
    if url:
        parts.append(_one_line(url))
    return ", ".join(parts)


def _visit_title(visit: Visit) -> str:
    return _one_line(visit.title) or f"Tour {visit.pk}"


def _sources(sources: list[Article]) -> list[str]:
    return [f"Source: {source_note(article)}" for article in sources]


def visit_ris(visit: Visit, sources: list[Article], url: str, accessed: dt.date) -> str:
    """The tour as one RIS record of type ELEC (a web page), its sources as notes."""
    updated = visit.updated_at.date()
    lines = [
        ("TY", "ELEC"),
        ("TI", _visit_title(visit)),
        ("T2", ARCHIVE_NAME),
        ("PB", ARCHIVE_NAME),
        ("PY", str(updated.year)),
        ("DA", f"{updated:%Y/%m/%d}/"),
        ("UR", _one_line(url)),
        ("Y2", f"{accessed:%Y/%m/%d}/"),
        ("DB", ARCHIVE_NAME),
        ("LA", "en"),
    ]
    if visit.summary:
        lines.append(("AB", _one_line(visit.summary)))
    lines += [("N1", note) for note in _sources(sources)]
    lines += [("N1", f"Accessed {accessed.isoformat()}."), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def visit_csl(visit: Visit, sources: list[Article], url: str, accessed: dt.date) -> list[dict]:
    """The tour as a CSL-JSON webpage item: what styles print of a web page (title, site,
    date, address, when consulted), its sources in the note."""
    item = {
        "id": f"tour-archive-tour-{visit.pk}",
        "type": "webpage",
        "title": _visit_title(visit),
        # A page of an institution's site is the institution's work: author-date styles
        # (Harvard, APA) put it first, others name the site in container-title.
        "author": [{"literal": ARCHIVE_NAME}],
        "container-title": ARCHIVE_NAME,
        "issued": _date_parts(visit.updated_at.date()),
        "URL": url,
        "accessed": _date_parts(accessed),
        "language": "en",
    }
    if visit.summary:
        item["abstract"] = visit.summary
    notes = _sources(sources)
    if notes:
        item["note"] = "\n".join(notes)
    return [item]
