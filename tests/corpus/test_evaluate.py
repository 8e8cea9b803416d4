"""`manage.py evaluate` on several corpora: a table for each, then the pooled one, which is the
table of one corpus holding them all (files and tours of the same name kept apart)."""

import json
import re
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from tests.articles import DEV_CORPUS, SCORER, needs_shared

pytestmark = [needs_shared, pytest.mark.slow]

# Two small corpora cut from the dev corpus: two tours of several reports, single reports,
# and a report that is no tour. Both name a file "x.txt" and a tour "T1".
PARTS = {
    "a": {"000_8ffdb5951c81381d.txt": "T1", "d001.txt": "T1", "d005.txt": "x.txt"},
    "b": {"d007.txt": "T1", "d008.txt": "T1", "d010.txt": "x.txt", "d030.txt": "N1"},
}


def gold_rows() -> dict[str, dict]:
    lines = (DEV_CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["file"]: row for row in map(json.loads, filter(None, lines))}


def write_corpus(folder, articles: dict[str, tuple[str, str]]) -> None:
    """articles: name in the corpus -> (dev file, tour in the corpus)."""
    folder.mkdir()
    gold = gold_rows()
    rows = []
    for name, (source, tour) in articles.items():
        shutil.copy(DEV_CORPUS / source, folder / name)
        rows.append({**gold[source], "file": name, "tour": tour})
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def parts() -> dict[str, dict[str, tuple[str, str]]]:
    """Each part's articles: "x.txt" names a file of its own in each, "T1" a tour."""
    corpora = {}
    for part, files in PARTS.items():
        articles = {}
        for source, tag in files.items():
            name = tag if tag.endswith(".txt") else source
            tour = tag if not tag.endswith(".txt") else f"single-{source}"
            articles[name] = (source, tour)
        corpora[part] = articles
    return corpora


def tables(output: str) -> list[str]:
    """The score tables printed, from the articles' count to the overall figure."""
    return re.findall(r"^\d+ articles, \d+ tours\n.*?^overall: [\d.]+$", output, re.M | re.S)


def evaluate(*corpora) -> str:
    out = StringIO()
    call_command("evaluate", *map(str, corpora), scorer=str(SCORER), stdout=out)
    return out.getvalue()


def test_it_prints_a_table_per_corpus_then_the_pooled_one_of_them_all(tmp_path):
    corpora = parts()
    for part, articles in corpora.items():
        write_corpus(tmp_path / part, articles)
    # The same articles in one corpus, their names and tours told apart by hand.
    write_corpus(
        tmp_path / "both",
        {
            f"{part}-{name}": (source, f"{part}-{tour}")
            for part, articles in corpora.items()
            for name, (source, tour) in articles.items()
        },
    )

    output = evaluate(tmp_path / "a", tmp_path / "b")
    first, second, pooled = tables(output)
    assert first.startswith("3 articles, 2 tours")
    assert second.startswith("4 articles, 2 tours")
    assert pooled.startswith("7 articles, 4 tours")
    assert output.index(f"== {tmp_path / 'a'}") < output.index(first)
    assert output.index("== pooled") < output.index(pooled)
    # One corpus: its table alone.
    output = evaluate(tmp_path / "both")
    assert tables(output) == [pooled]
    assert "==" not in output
