"""Citations of a source article: RIS for reference managers, CSL-JSON, and plain text.

RIS: https://en.wikipedia.org/wiki/RIS_(file_format); CSL-JSON:
https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html
"""

from __future__ import annotations

import datetime as dt

from archive.models import Article
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
    url = web_link(article.url)
    if url:
        lines.append(("UR", _one_line(url)))
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
    url = web_link(article.url)
    if url:
        item["URL"] = url
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
