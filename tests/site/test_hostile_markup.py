"""Stored text never becomes markup: reports carrying <script>, onerror=, javascript: links
and attribute breakouts show as text on every page, export, feed and citation, and in the
admin. (tests/test_hostile_browser.py loads the same pages in Chromium.)"""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import transaction

from archive.ingest.importer import Importer
from archive.models import Article, Visit
from tests.hostile import (
    ESCAPED,
    HOSTILE,
    HTML_TITLE,
    JSON_OUTLET,
    JSON_TITLE,
    JSON_URL,
    PAYLOADS,
    RAW_MARKUP,
    SCRIPT,
    SVG,
    TXT_TITLE,
    write_hostile_sources,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
# A tour title as an editor might type it into the admin: it is stored text too.
CURATED_TITLE = f"Li Qiang in Zhejiang {SVG} {SCRIPT}"


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker, tmp_path_factory):
    """The three hostile reports imported once for the module, rolled back after it."""
    folder = tmp_path_factory.mktemp("hostile")
    write_hostile_sources(folder)
    with django_db_blocker.unblock(), transaction.atomic():
        report = Importer().import_paths([str(folder)])
        assert report.counts["imported"] == 3, report.failures
        zhejiang = Visit.objects.get(sources__file_name="hostile.jsonl:1")
        zhejiang.title = CURATED_TITLE
        zhejiang.mark_curated("title")
        zhejiang.save()
        yield {
            "txt": Article.objects.get(file_name="hostile.txt"),
            "html": Article.objects.get(file_name="hostile.html"),
            "jsonl": Article.objects.get(file_name="hostile.jsonl:1"),
        }
        transaction.set_rollback(True)


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_shown_as_text(shown: str, *payloads: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in shown, f"{raw!r} is markup in the page"
    for payload in payloads:
        assert ESCAPED[payload] in shown, f"{payload!r} is not shown as text"


def test_the_reports_are_stored_exactly_as_read_without_the_pages_own_scripts(hostile):
    assert hostile["txt"].title == TXT_TITLE
    assert hostile["html"].title == HTML_TITLE
    assert hostile["jsonl"].title == JSON_TITLE
    assert hostile["jsonl"].url == JSON_URL and hostile["jsonl"].outlet == JSON_OUTLET
    for article in hostile.values():
        assert HOSTILE in article.clean_text
        assert article.evidence.filter(sentence__contains=HOSTILE).exists()
    # What the HTML page ran or framed is not part of its text.
    text = hostile["html"].clean_text
    assert "from the page head" not in text and "page script" not in text
    assert "iframe text" not in text and "alert(2)" not in text and "alert(3)" not in text


def test_tour_pages_show_titles_summaries_and_highlighted_evidence_as_text(client, hostile):
    for article in hostile.values():
        shown = page(client.get(article.visit.get_absolute_url()))
        assert_shown_as_text(shown, *PAYLOADS)
        assert 'class="fact"' in shown  # the evidence is highlighted around the escaped text
    zhejiang = page(client.get(hostile["jsonl"].visit.get_absolute_url()))
    assert f"<h1>Li Qiang in Zhejiang {ESCAPED[SVG]} {ESCAPED[SCRIPT]}</h1>" in zhejiang
    assert ">Original<" not in zhejiang  # its javascript: address is not linked


def test_article_pages_show_title_outlet_address_and_text_as_text(client, hostile):
    for article in hostile.values():
        shown = page(client.get(article.get_absolute_url()))
        assert_shown_as_text(shown, *PAYLOADS)
    record = page(client.get(hostile["jsonl"].get_absolute_url()))
    assert "not a web address, so not linked" in record
    assert '<span class="url">javascript:alert(1)</span>' in record


def test_search_snippets_and_the_search_box_show_hostile_text_as_text(client, hostile):
    for query in ("onerror", "svg onload", "alert"):
        shown = page(client.get("/visits/", {"q": query}))
        assert 'class="snippet"' in shown and "<mark>" in shown
        assert_shown_as_text(shown)
    shown = page(client.get("/visits/", {"q": HOSTILE}))
    assert_shown_as_text(shown, *PAYLOADS)  # in the box, the page title and the chip


def test_the_list_shows_a_curated_hostile_title_as_text(client, hostile):
    shown = page(client.get("/visits/"))
    assert_shown_as_text(shown, SCRIPT, SVG)


def test_the_json_export_keeps_the_text_as_data(client, hostile):
    for url in ("/visits.json", "/visits/?format=json"):
        response = client.get(url)
        assert response["Content-Type"] == "application/json"
        records = json.loads(b"".join(response.streaming_content))["tours"]
        by_title = {r["title"]: r for r in records}
        assert CURATED_TITLE in by_title
        sources = by_title[CURATED_TITLE]["sources"]
        assert sources[0]["title"] == JSON_TITLE and sources[0]["url"] == JSON_URL
        assert sources[0]["outlet"] == JSON_OUTLET
    record = client.get(f"/visits/{hostile['jsonl'].visit.pk}.json")
    assert record["Content-Type"] == "application/json"
    assert json.loads(record.content)["summary"].startswith(f"Hangzhou {HOSTILE}")


def test_the_csv_export_keeps_the_text_as_data(client, hostile):
    response = client.get("/visits.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tours.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(r for r in rows if r["title"] == CURATED_TITLE)
    assert row["summary"].startswith(f"Hangzhou {HOSTILE}")


def test_the_atom_feed_carries_titles_and_summaries_as_text(client, hostile):
    response = client.get("/visits/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entry = next(
        e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == CURATED_TITLE
    )
    summary = entry.find(f"{ATOM}summary")
    # A summary of type "text" is the stored text once the XML is read: never markup.
    assert summary.get("type") == "text"
    assert summary.text.startswith(f"Hangzhou {HOSTILE}")


def test_control_characters_in_stored_text_do_not_break_the_feed(client, hostile):
    visit = hostile["txt"].visit
    visit.title = "Zhang Guoqing\x0b in Chongqing\x1b[31m"
    visit.summary = "A crawl's form feed\x0c and escape \x1b[0m stay out of the XML."
    visit.save()
    response = client.get("/visits/feed/")
    assert response.status_code == 200
    titles = [
        e.findtext(f"{ATOM}title") for e in ET.fromstring(response.content).iter(f"{ATOM}entry")
    ]
    assert "Zhang Guoqing in Chongqing[31m" in titles


def test_citations_carry_the_title_as_text_and_never_a_javascript_address(client, hostile):
    article = hostile["jsonl"]
    ris = client.get(f"/articles/{article.pk}/cite.ris")
    assert ris["Content-Type"].startswith("application/x-research-info-systems")
    lines = ris.content.decode().split("\r\n")
    assert f"TI  - {JSON_TITLE}" in lines and f"JO  - {JSON_OUTLET}" in lines
    # The javascript: address is never given; the archived copy's is.
    assert f"UR  - http://testserver/articles/{article.pk}/" in lines
    csl = client.get(f"/articles/{article.pk}/cite.json")
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json"
    (item,) = json.loads(csl.content)
    assert item["title"] == JSON_TITLE and item["container-title"] == JSON_OUTLET
    assert item["URL"] == f"http://testserver/articles/{article.pk}/"


def test_the_admin_shows_hostile_text_as_text(admin_client, hostile):
    zhejiang = hostile["jsonl"].visit
    pages = [
        f"/admin/archive/visit/{zhejiang.pk}/change/",
        f"/admin/archive/reviewqueue/{zhejiang.pk}/change/",
        "/admin/archive/reviewqueue/",
        "/admin/archive/visit/",
        "/admin/archive/article/",
        "/admin/archive/evidence/?q=onerror",
    ]
    for url in pages:
        assert_shown_as_text(page(admin_client.get(url)), SCRIPT)
    for article in hostile.values():
        shown = page(admin_client.get(f"/admin/archive/article/{article.pk}/change/"))
        assert_shown_as_text(shown, *PAYLOADS)
    # The visit's evidence section highlights inside the escaped sources.
    shown = page(admin_client.get(f"/admin/archive/visit/{zhejiang.pk}/change/"))
    assert 'class="evidence-source"' in shown and '<mark class="fact"' in shown
    assert_shown_as_text(shown, *PAYLOADS)
