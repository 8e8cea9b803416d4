"""The About page (coverage counted from the records, the measured accuracy), the data
dictionary against the real exports, and the API page and its OpenAPI description against
the parameters /visits/ reads."""

import csv
import io
import json

import pytest

from archive.models import Visit
from archive.site import about, export
from tests.builders import make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tours():
    make_visit(official="Li Qiang", provinces=["Hubei"], start="2023-03-21", outlet="Xinhua")
    make_visit(official="Li Qiang", provinces=["Hunan"], start="2024-01-02", outlet="China Daily")
    make_visit(
        official="Zhao Leji",
        provinces=["Hunan"],
        start="2025-05-01",
        review_status=Visit.Review.REVIEWED,
    )
    make_visit(official="Cai Qi", start="2019-01-01", review_status=Visit.Review.REJECTED)


def test_the_about_page_counts_what_the_archive_covers(client, tours):
    page = client.get("/about/").content.decode()
    assert "3 tours: 1 reviewed by an editor, 2 unreviewed." in page
    assert "They started between 2023 and 2025." in page
    assert "made by 2 leaders, went to 2 provincial-level divisions" in page
    assert '<a href="/officials/li-qiang/">Li Qiang</a> (2)' in page
    assert "Xinhua (2)" in page and "China Daily (1)" in page
    assert "Cai Qi" not in page  # a rejected tour is not covered


def test_the_about_page_quotes_the_accuracy_measured_on_real_articles(client, tours):
    page = client.get("/about/").content.decode()
    assert "0.934" in page and "0.913" in page  # real, real-zh: held out
    assert '<td class="num">78</td>' in page and '<td class="num">49</td>' in page
    assert "“unreviewed”" in page and "CC BY 4.0" in page


def test_the_about_page_names_the_contact_for_errors(client, settings):
    settings.ARCHIVE_CONTACT = "errors@example.org"
    page = client.get("/about/").content.decode()
    assert '<a href="mailto:errors@example.org">errors@example.org</a>' in page


def test_every_page_links_about_data_dictionary_and_api(client, tours):
    page = client.get("/visits/").content.decode()
    for url in ("/about/", "/data/", "/about/data-dictionary/", "/about/api/"):
        assert f'href="{url}"' in page


def test_the_dictionary_describes_every_field_of_a_real_export(client, tours):
    visit = Visit.objects.public().first()
    record = export.visit_record(visit)
    documented = [f.name for f in export.RECORD_FIELDS]
    assert documented == list(record)
    header = next(csv.reader(io.StringIO("".join(export.record_csv_rows([record])))))
    assert [f.name for f in export.CSV_FIELDS] == header
    page = client.get("/about/data-dictionary/").content.decode()
    for name in documented:
        assert f"<code>{name}</code>" in page


def test_the_api_page_documents_every_search_parameter(client):
    assert about.search_parameters() == about.documented_parameters()
    page = client.get("/about/api/").content.decode()
    for parameter in about.search_parameters():
        assert f"<code>{parameter}</code>" in page
    assert "<code>/visits/{id}.json</code>" in page


def test_the_openapi_description_lists_the_endpoints_and_their_parameters(client, tours):
    spec = json.loads(client.get("/api/openapi.json").content)
    assert spec["openapi"] == "3.1.0" and spec["servers"] == [{"url": "http://testserver"}]
    search = spec["paths"]["/visits.json"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {"q", "official", "province", "year", "start", "end"} <= names
    province = next(p for p in search["parameters"] if p["name"] == "province")
    assert province["schema"] == {"type": "array", "items": {"type": "string"}}
    one = spec["paths"]["/visits/{id}.json"]["get"]
    assert one["parameters"] == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    # Each documented example answers.
    for endpoint in about.ENDPOINTS:
        if endpoint.example and "{" not in endpoint.example:
            response = client.get(endpoint.example)
            assert response.status_code in (200, 404), endpoint.example


def test_the_pages_speak_chinese(client, tours):
    for url in ("/about/", "/about/data-dictionary/", "/about/api/", "/data/"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
        assert 'lang="zh-hans"' in page
    assert "关于档案" in client.get("/about/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
