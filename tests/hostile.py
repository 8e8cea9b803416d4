"""Real reports with markup where text belongs: a crawl file, an HTML page and a JSON record.

Each carries the same payloads in its title and body (and the JSON record in its url and
outlet); the archive must show every one of them as text.
"""

import json
from html import escape
from pathlib import Path

from django.utils.html import escape as escape_html

from .articles import seed

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">x</a>'
SVG = '"><svg onload=alert(1)>'
PAYLOADS = (SCRIPT, IMG, LINK, SVG)
HOSTILE = " ".join(PAYLOADS)
# How each payload reads once the templates have escaped it.
ESCAPED = {payload: escape_html(payload) for payload in PAYLOADS}
# What must never appear in a page as markup.
RAW_MARKUP = ("<script>alert", "<img src=x", 'href="javascript:', "<svg onload")

TXT_TITLE = f"Zhang Guoqing in Chongqing {SCRIPT} {SVG}"
HTML_TITLE = f"Li Qiang in Hubei {IMG} {SCRIPT}"
JSON_TITLE = f"Li Qiang in Zhejiang {LINK} {SCRIPT}"
JSON_URL = "javascript:alert(1)"
JSON_OUTLET = SCRIPT


def _with_payload(text: str, after: str) -> str:
    """The text with the payloads inserted after the first `after` (a name extraction finds)."""
    assert after in text, after
    return text.replace(after, f"{after} {HOSTILE}", 1)


def write_hostile_sources(folder: Path) -> dict[str, Path]:
    """The three hostile files, each a real tour report, in `folder`."""
    crawl = seed("003").read_text(encoding="utf-8")  # Zhang Guoqing in Chongqing
    lines = crawl.split("\n", 1)
    crawl = f" date 2024-09-04 {TXT_TITLE}\n{_with_payload(lines[1], 'Chongqing')}"

    page_text = seed("000").read_text(encoding="utf-8").split("\n", 1)[1]  # Li Qiang in Hubei
    paragraphs = _with_payload(page_text, "Wuhan").split("\n\n")
    page = (
        "<!doctype html><html><head>"
        f"<title>{escape(HTML_TITLE)}</title>"
        '<meta property="og:url" content="javascript:alert(1)">'
        '<meta property="article:published_time" content="2024-01-04">'
        "<script>alert('from the page head')</script>"
        "</head><body><nav>Home</nav><article>"
        + "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())
        + "<script>document.title = 'page script'; alert(2)</script>"
        + '<iframe src="javascript:alert(3)">iframe text</iframe>'
        + "</article></body></html>"
    )

    record_text = seed("004").read_text(encoding="utf-8").split("\n", 1)[1]  # Li Qiang, Zhejiang
    record = {
        "url": JSON_URL,
        "title": JSON_TITLE,
        "published": "2023-10-10",
        "outlet": JSON_OUTLET,
        "text": _with_payload(record_text, "Hangzhou"),
    }

    files = {
        "txt": folder / "hostile.txt",
        "html": folder / "hostile.html",
        "jsonl": folder / "hostile.jsonl",
    }
    files["txt"].write_text(crawl, encoding="utf-8")
    files["html"].write_text(page, encoding="utf-8")
    files["jsonl"].write_text(json.dumps(record) + "\n", encoding="utf-8")
    return files
