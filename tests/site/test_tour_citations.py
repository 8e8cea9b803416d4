"""A tour cited as a whole (RIS, CSL-JSON), an article's outlet read from its dateline, and
both rendered by citeproc-py with the style it ships, as a reference manager would."""

import importlib
import json

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.apps import apps
from django.utils import timezone

from archive.ingest.importer import Importer
from archive.models import Article, Visit
from tests.articles import seed

pytestmark = pytest.mark.django_db

# The one style citeproc-py ships (Harvard, "Cite Them Right").
STYLE = "harvard-cite-them-right"


def rendered(items: list[dict]) -> str:
    style = CitationStylesStyle(STYLE, validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    return "\n".join(str(entry) for entry in bibliography.bibliography())


@pytest.fixture
def changsha():
    """Seed 001: a translated Xinhua report whose only credit is its dateline."""
    Importer().import_paths([str(seed("001"))])
    return Article.objects.get()


def test_the_outlet_is_read_from_an_agency_dateline_at_import(changsha):
    assert changsha.outlet == "Xinhua"
    assert changsha.url == ""


def test_a_tour_cites_as_a_web_page_of_the_archive_with_its_sources_as_notes(client, changsha):
    tour = changsha.visit
    response = client.get(f"/visits/{tour.pk}/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="tour-{tour.pk}.ris"'
    lines = response.content.decode().split("\r\n")
    today = timezone.localdate()
    assert lines[0] == "TY  - ELEC"
    assert f"TI  - {tour.title}" in lines and "T2  - Tour Archive" in lines
    assert f"UR  - http://testserver/visits/{tour.pk}/" in lines
    assert f"Y2  - {today:%Y/%m/%d}/" in lines
    notes = [line for line in lines if line.startswith("N1  - Source: ")]
    assert notes == [f"N1  - Source: Xinhua, “{changsha.title}”, {changsha.published}"]
    assert lines[-2:] == ["ER  - ", ""]


def test_a_tours_csl_json_renders_with_title_address_and_the_day_consulted(client, changsha):
    tour = changsha.visit
    response = client.get(f"/visits/{tour.pk}/cite.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    items = json.loads(response.content)
    assert items[0]["type"] == "webpage" and "Xinhua" in items[0]["note"]
    text = rendered(items)
    today = timezone.localdate()
    assert tour.title in text
    assert f"http://testserver/visits/{tour.pk}/" in text
    assert f"Accessed: {today:%B} {today.day}, {today.year}" in text
    assert "Tour Archive" in text


def test_an_articles_csl_json_renders_with_outlet_date_and_address(client, changsha):
    items = json.loads(client.get(f"/articles/{changsha.pk}/cite.json").content)
    text = rendered(items)
    assert "Xinhua" in text and changsha.title[:40] in text
    assert f"http://testserver/articles/{changsha.pk}/" in text
    assert str(changsha.published.year) in text
    ris = client.get(f"/articles/{changsha.pk}/cite.ris").content.decode().split("\r\n")
    assert "JO  - Xinhua" in ris and f"UR  - http://testserver/articles/{changsha.pk}/" in ris


def test_the_tour_page_links_its_citations(client, changsha):
    page = client.get(f"/visits/{changsha.visit_id}/").content.decode()
    assert f'href="/visits/{changsha.visit_id}/cite.ris" download' in page
    assert f'href="/visits/{changsha.visit_id}/cite.json" download' in page


def test_a_rejected_tour_has_no_citation(client, changsha):
    Visit.objects.filter(pk=changsha.visit_id).update(review_status=Visit.Review.REJECTED)
    assert client.get(f"/visits/{changsha.visit_id}/cite.ris").status_code == 404


def test_migration_0012_fills_the_outlets_of_articles_imported_before(changsha):
    Article.objects.filter(pk=changsha.pk).update(outlet="")
    Article.objects.create(raw_text="No credit here.", content_hash="x" * 64, outlet="")
    kept = Article.objects.create(
        raw_text="Xinhua News Agency, Ezhou, May 1. A report.", content_hash="y" * 64, outlet="CGTN"
    )
    migration = importlib.import_module("archive.migrations.0012_outlet_from_dateline")
    migration.fill_outlets(apps, None)
    assert Article.objects.get(pk=changsha.pk).outlet == "Xinhua"
    assert Article.objects.get(content_hash="x" * 64).outlet == ""
    assert Article.objects.get(pk=kept.pk).outlet == "CGTN"  # an outlet given stays
