"""Source articles: the article page, their addresses and text as tour pages show them, and
their citations (RIS, CSL-JSON)."""

import json

import pytest
from django.utils import timezone

from archive.ingest.importer import Importer
from archive.models import Article, Visit
from tests.articles import seed, written

pytestmark = pytest.mark.django_db

URL = "https://english.news.cn/20240104/abc/c.html"


@pytest.fixture
def article(tmp_path):
    """Seed 000 as a crawled record with an address, a title and a date."""
    record = {
        "url": URL,
        "title": "Chinese premier inspects Hubei",
        "published": "2024-01-04",
        "text": seed("000").read_text(encoding="utf-8"),
    }
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps(record), encoding="utf-8")
    Importer().import_paths([str(path)])
    return Article.objects.get()


def today() -> str:
    return timezone.localdate().strftime("%Y/%m/%d/")


def test_ris_is_a_news_record_with_outlet_date_url_and_access(client, article):
    response = client.get(f"/articles/{article.pk}/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="article-{article.pk}.ris"'
    lines = response.content.decode().split("\r\n")
    assert lines[0] == "TY  - NEWS"
    assert "TI  - Chinese premier inspects Hubei" in lines
    assert "JO  - Xinhua" in lines and "T2  - Xinhua" in lines
    assert "PY  - 2024" in lines and "DA  - 2024/01/04/" in lines
    assert f"UR  - {URL}" in lines
    assert f"Y2  - {today()}" in lines
    note = next(line for line in lines if line.startswith("N1  - "))
    assert f"http://testserver/articles/{article.pk}/" in note and "Accessed" in note
    assert lines[-2:] == ["ER  - ", ""]


def test_csl_json_is_a_newspaper_article(client, article):
    response = client.get(f"/articles/{article.pk}/cite.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    assert response["Content-Disposition"] == f'attachment; filename="article-{article.pk}.json"'
    [item] = json.loads(response.content)
    now = timezone.localdate()
    assert item == {
        "id": f"tour-archive-article-{article.pk}",
        "type": "article-newspaper",
        "title": "Chinese premier inspects Hubei",
        "container-title": "Xinhua",
        "issued": {"date-parts": [[2024, 1, 4]]},
        "URL": URL,
        "accessed": {"date-parts": [[now.year, now.month, now.day]]},
        "language": "en",
        "archive": "Tour Archive",
        "archive_location": f"http://testserver/articles/{article.pk}/",
    }


def test_a_title_cannot_break_out_of_its_ris_line(client, article):
    article.title = "Premier tours\r\nER  - \r\nTY  - JOUR"
    article.url = "javascript:alert(1)"
    article.save()
    body = client.get(f"/articles/{article.pk}/cite.ris").content.decode()
    assert body.count("TY  - ") == 1 and body.count("ER  - ") == 1
    assert "javascript" not in body
    [item] = json.loads(client.get(f"/articles/{article.pk}/cite.json").content)
    assert item["URL"] == f"http://testserver/articles/{article.pk}/"  # the archived copy


def test_an_undated_article_without_an_address_still_cites(client):
    Importer().import_paths([str(seed("002"))])
    article = Article.objects.get()
    lines = client.get(f"/articles/{article.pk}/cite.ris").content.decode().split("\r\n")
    assert not [line for line in lines if line[:2] in ("PY", "DA", "JO")]
    # Without an address of its own, the article is cited at the archived copy's.
    assert f"UR  - http://testserver/articles/{article.pk}/" in lines
    [item] = json.loads(client.get(f"/articles/{article.pk}/cite.json").content)
    assert "issued" not in item and "container-title" not in item
    assert item["URL"] == f"http://testserver/articles/{article.pk}/"


def test_the_article_page_shows_the_text_as_read_and_links_its_tour(client, article):
    response = client.get(f"/articles/{article.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Chinese premier inspects Hubei</h1>" in page
    assert f'<a href="{URL}" rel="noopener noreferrer">' in page
    assert "4 January 2024" in page and "Xinhua" in page
    assert '<pre class="raw"' in page
    assert article.raw_text.splitlines()[0] in page
    assert f'href="{article.visit.get_absolute_url()}"' in page
    assert f'href="/articles/{article.pk}/cite.ris"' in page
    assert f'href="/articles/{article.pk}/cite.json"' in page
    assert 'id="cite"' in page and f"accessed {timezone.localdate().day} " in page


def test_an_article_that_is_not_a_tour_is_shown_too(client):
    Importer().import_paths([str(written("meeting"))])  # a meeting in Beijing
    article = Article.objects.get()
    assert not article.is_tour
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "does not report a tour" in page
    assert client.get(f"/articles/{article.pk}/cite.ris").status_code == 200


def test_a_rejected_tour_is_not_linked_from_its_articles(client, article):
    Visit.objects.update(review_status=Visit.Review.REJECTED)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "/visits/" not in page.split("<main", 1)[1].split("</main>")[0]


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_only_web_addresses_become_links(client, tmp_path):
    text = seed("000").read_text(encoding="utf-8")
    records = [
        {"url": "javascript:alert(1)", "title": "Hostile link", "text": text},
        {
            "url": "https://www.xinhuanet.com/a.htm",
            "title": "Real link",
            "text": text + "\n\nMore.",
        },
    ]
    path = tmp_path / "links.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    Importer().import_paths([str(path)])
    visit = Visit.objects.get()
    page = html(client.get(f"/visits/{visit.pk}/"))
    assert 'href="https://www.xinhuanet.com/a.htm" rel="noopener noreferrer"' in page
    assert "javascript:" not in page
    hostile = Article.objects.get(title="Hostile link")
    article = html(client.get(f"/articles/{hostile.pk}/"))
    assert 'href="javascript:' not in article and "not a web address" in article


def test_a_hostile_article_shows_as_text(client, tmp_path):
    text = seed("001").read_text(encoding="utf-8")
    hostile = (
        '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'
    )
    assert "Zhuzhou" in text
    path = tmp_path / "hostile.txt"
    path.write_text(text.replace("Zhuzhou", f"Zhuzhou {hostile}", 1), encoding="utf-8")
    Importer().import_paths([str(path)])
    visit = Visit.objects.get()
    page = html(client.get(f"/visits/{visit.pk}/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page
    # The hostile text sits inside an evidence sentence, so it was escaped inside a <mark>.
    assert '<mark class="fact" title="City: Zhuzhou">Zhuzhou' in page
    article = Article.objects.get()
    raw = html(client.get(f"/articles/{article.pk}/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw and "<script>alert" not in raw
