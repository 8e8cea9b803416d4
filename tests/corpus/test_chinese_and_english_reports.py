"""A Chinese and an English report of one real tour become one tour with both sources.

The pairs are found in the shared corpora's gold files (same leader, same province,
overlapping days); the test skips where the corpora are not beside the project.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from archive.ingest.importer import Importer
from archive.models import Article, Visit

CORPORA = Path(settings.BASE_DIR).parent / "shared" / "corpus"
CHINESE = CORPORA / "real-zh"
ENGLISH = [CORPORA / "dev", CORPORA / "real"]

pytestmark = pytest.mark.django_db


def _gold(folder: Path) -> list[dict]:
    path = folder / "gold.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _same_tour(a: dict, b: dict) -> bool:
    return (
        a["is_tour"]
        and b["is_tour"]
        and bool(a.get("start_date") and b.get("start_date"))
        and bool(set(a["officials"]) & set(b["officials"]))
        and bool(set(a["provinces"]) & set(b["provinces"]))
        and a["start_date"] <= (b.get("end_date") or b["start_date"])
        and b["start_date"] <= (a.get("end_date") or a["start_date"])
    )


def pairs() -> list[tuple[Path, Path]]:
    """(Chinese report, English report) of the same tour, as the gold files annotate them."""
    found = []
    for folder in ENGLISH:
        for english in _gold(folder):
            for chinese in _gold(CHINESE):
                if _same_tour(chinese, english):
                    found.append((CHINESE / chinese["file"], folder / english["file"]))
    return found


PAIRS = pairs()


@pytest.mark.skipif(not PAIRS, reason="no Chinese and English reports of one tour in ../shared")
@pytest.mark.parametrize("chinese, english", PAIRS, ids=[f"{c.name}+{e.name}" for c, e in PAIRS])
@pytest.mark.parametrize("chinese_first", [True, False], ids=["Chinese first", "English first"])
def test_a_chinese_and_an_english_report_make_one_tour(chinese, english, chinese_first):
    order = [chinese, english] if chinese_first else [english, chinese]
    Importer().import_paths([str(path) for path in order])

    reports = {a.file_name: a for a in Article.objects.filter(is_tour=True)}
    assert set(reports) == {chinese.name, english.name}
    assert reports[chinese.name].language == "zh"
    assert reports[english.name].language == "en"
    assert Visit.objects.count() == 1
    visit = Visit.objects.get()
    assert {a.file_name for a in visit.sources.all()} == {chinese.name, english.name}
    # The Chinese report is kept as printed, traditional characters and all.
    assert reports[chinese.name].raw_text == chinese.read_text(encoding="utf-8")
