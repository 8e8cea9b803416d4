"""generate_corpus: synthetic tour reports with gold annotations, from the gazetteers."""

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.ingest.extraction.gazetteer import ThemeEntry
from archive.ingest.extraction.themes import ThemeMatcher
from archive.ingest.gazetteers import gazetteer_dir
from archive.models import Article, Visit
from tools.synthetic import phrases

UNTIL = "2026-11-21"
GOLD_KEYS = [
    "file", "url", "tour", "is_tour", "published", "start_date", "end_date", "officials",
    "accompanying", "provinces", "cities", "enterprises", "sites", "themes", "notes",
]  # fmt: skip


def generate(folder: Path, articles: int = 40, seed: int = 3, *extra: str) -> Path:
    call_command(
        "generate_corpus", "--articles", str(articles), "--seed", str(seed),
        "--output", str(folder), "--until", UNTIL, *extra,
    )  # fmt: skip
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def gold(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines()]


def test_it_writes_the_same_bytes_for_the_same_seed(tmp_path):
    first = files(generate(tmp_path / "a"))
    assert first == files(generate(tmp_path / "b"))
    assert first != files(generate(tmp_path / "c", 40, 4))


def test_it_writes_a_thousand_articles_a_folder_and_one_gold_line_each(tmp_path):
    folder = generate(tmp_path / "corpus", 1005)
    assert sorted(p.name for p in folder.iterdir()) == ["0000", "0001", "gold.jsonl"]
    assert len(list((folder / "0000").iterdir())) == 1000
    assert sorted(p.name for p in (folder / "0001").iterdir()) == [
        f"{n:07d}.txt" for n in range(1000, 1005)
    ]
    rows = gold(folder)
    assert [r["file"] for r in rows] == [f"{n:07d}.txt" for n in range(1005)]
    not_tours = sum(not r["is_tour"] for r in rows)
    assert 40 <= not_tours <= 60  # the default share, 5 %
    reports = Counter(r["tour"] for r in rows if r["is_tour"])
    assert 4 <= len(rows) / len(reports) <= 6  # several reports a tour


def test_gold_records_follow_the_annotation_and_the_gazetteers(tmp_path):
    folder = generate(tmp_path / "corpus", 300)
    officials = json.loads((gazetteer_dir() / "officials.json").read_text())
    posts = {o["name"]: o["posts"] for o in officials}
    for row in gold(folder):
        assert [k for k in row if k != "cities_optional"] == GOLD_KEYS
        text = next(folder.glob(f"*/{row['file']}")).read_text()
        if not row["is_tour"]:
            assert row["officials"] == row["provinces"] == []
            continue
        (name,) = row["officials"]
        start = row["start_date"]
        assert name in text and row["provinces"]
        if start:
            assert start <= row["end_date"] <= row["published"]
            # The leader held a post on the day of the tour.
            assert any(p["start"] <= start <= (p["end"] or "9999") for p in posts[name])
        for value in row["cities"] + row["enterprises"] + row["accompanying"]:
            assert value in text
        assert set(row["themes"]) <= set(phrases.THEMES) and len(row["themes"]) <= 5


def test_it_refuses_a_folder_that_is_not_empty_unless_forced(tmp_path):
    folder = generate(tmp_path / "corpus", 20)
    with pytest.raises(CommandError, match="not empty"):
        generate(folder, 10)
    (folder / "notes.md").write_text("mine")
    generate(folder, 10, 3, "--force")
    assert len(gold(folder)) == 10 and len(list((folder / "0000").iterdir())) == 10
    assert (folder / "notes.md").read_text() == "mine"


def test_theme_phrases_name_their_theme_and_the_other_templates_none():
    """A report's gold themes are the ones its phrases bring in, so the rest must be neutral."""
    themes = json.loads((gazetteer_dir() / "themes.json").read_text())
    matcher = ThemeMatcher(
        [
            ThemeEntry(t["slug"], tuple(t["keywords"]), key_terms=tuple(t["key_terms"]))
            for t in themes
        ]
    )

    def slugs(text: str) -> set[str]:
        text = re.sub(r"\{\w+\}", "X", text)
        return {
            s for m in matcher.pattern.finditer(text) for s in matcher.slugs_of[m["en"].lower()]
        }

    strategies = list(phrases.STRATEGIES)
    for slug, theme in phrases.THEMES.items():
        for phrase in theme["np"] + theme["vp"] + theme["topics"]:
            for text in {phrase.format(strategy=s) for s in strategies}:
                assert slug in slugs(text), text
        for _, _, topic in theme["industries"]:
            assert topic is None or slug in slugs(topic), topic
        for site, actions in theme["sites"]:
            assert slug in slugs(" ".join([site, *actions])), site
    generic = [
        *phrases.LEDES, *phrases.ITINERARIES, *phrases.DAY_STARTS, *phrases.ENTERPRISE_VISITS,
        *phrases.ENTERPRISE_LISTS, *phrases.SITE_VISITS, *phrases.SYMPOSIUMS, *phrases.REMARKS,
        *phrases.ACCOMPANIMENTS, *phrases.CLOSINGS, *phrases.CAPTIONS, *phrases.TITLES,
        *phrases.PARTICIPANTS, *phrases.AUDIENCES,
    ]  # fmt: skip
    assert [t for t in generic if slugs(t)] == []


@pytest.mark.django_db
def test_the_importer_finds_most_generated_tours(tmp_path):
    folder = generate(tmp_path / "corpus", 60, 11)
    rows = gold(folder)
    call_command("import_articles", str(folder), verbosity=0)
    assert Article.objects.count() == 60
    tours = {r["tour"] for r in rows if r["is_tour"]}
    assert abs(Visit.objects.count() - len(tours)) <= max(2, len(tours) // 5)
    found = set(Article.objects.filter(visit__isnull=False).values_list("file_name", flat=True))
    tour_files = {r["file"] for r in rows if r["is_tour"]}
    assert len(found & tour_files) >= 0.85 * len(tour_files)
    assert dt.date.fromisoformat(max(r["published"] or "" for r in rows)) <= dt.date(2026, 11, 21)
