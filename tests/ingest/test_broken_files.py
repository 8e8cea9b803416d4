"""The real import command on a folder of broken files (tests/broken/, plus large or odd ones
made here: a FIFO, a broken symlink, a symlink to /dev/zero) and good ones: each bad file,
record or entry fails alone with one line naming it, the good ones are imported, the folder's
README is skipped, saying so, and nothing of a failed file is left behind."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from archive.models import Article, Evidence, Visit
from tests.articles import seed

pytestmark = pytest.mark.django_db
BROKEN = Path(__file__).parent / "broken"

# Each failure the batch must report: what it names, and how its reason begins.
FAILURES = {
    "truncated-utf8.txt": "truncated: the file ends inside a UTF-8 character (byte 84)",
    "stray-byte.txt": "not valid UTF-8 at byte 600 (invalid start byte)",
    "nul-inside.txt": "NUL character in the text (at character 5000)",
    "empty.txt": "empty file",
    "binary.txt": "binary file, not text",
    "article.pdf": "unknown file type '.pdf'",
    "huge.txt": "file too large (52.4 MB; limit 10 MB)",
    "deep.json": "not valid JSON: nested too deeply",
    "line break.txt": "empty file",  # a file name holding a line break, shown on one line
    # Entries that are not regular files: reading them would wait or run forever.
    "pipe.txt": "not a regular file (a named pipe (FIFO))",
    "zero.txt": "not a regular file (a character device)",
    "dangling.txt": "broken symlink (to ",
    "one-good-one-bad.json:2": "'title' is not a string",
    "wrong-types.jsonl:1": "record has no 'text'",
    "wrong-types.jsonl:2": "'title' is not a string",
    "wrong-types.jsonl:4": "record has no 'text'",
    "wrong-types.jsonl:5": "'url' is not a string",
    "wrong-types.jsonl:6": "'published' is not a date: '2024-02-30'",
    "wrong-types.jsonl:7": "'published' is not a date string",
    "wrong-types.jsonl:8": "'published' is not a date: 'yesterday'",
    "wrong-types.jsonl:9": "'published' is not a date: '0001-01-01'",
    "wrong-types.jsonl:10": "'outlet' is not a string",
    "wrong-types.jsonl:11": "record is not a JSON object",
    "wrong-types.jsonl:12": "NUL character in the text (at character 6)",
    "wrong-types.jsonl:13": "the text is not valid Unicode (a lone surrogate at character 17)",
    "wrong-types.jsonl:14": "NUL character in the title (at character 6)",
    "wrong-types.jsonl:15": "'url' is longer than 1000 characters",
    "wrong-types.jsonl:16": "'outlet' is longer than 100 characters",
    "wrong-types.jsonl:17": "record is not a JSON object",
    "wrong-types.jsonl:18": "record is not a JSON object",
    "wrong-types.jsonl:19": "record has no 'text'",
    "wrong-types.jsonl:20": "'title' is not a string",
}
IMPORTED = {
    "good.txt",
    "one-line.txt",
    "script-iframe.html",
    "gb18030.txt",
    "one-good-one-bad.json:1",
    "odd-but-good.jsonl:1",
    "odd-but-good.jsonl:2",
    "wrong-types.jsonl:3",
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """tests/broken/ with what is too large to commit, a symlink loop and a good article."""
    folder = tmp_path_factory.mktemp("batch")
    shutil.copytree(BROKEN, folder, dirs_exist_ok=True)
    shutil.copy(seed("000"), folder / "good.txt")
    with open(folder / "huge.txt", "wb") as fh:  # sparse: 50 MB written in no time
        fh.truncate(50 * 1024 * 1024)
    (folder / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (folder / "line\nbreak.txt").write_bytes(b"")
    # One line of 5 MB, under the 10 MB limit: a real report, then words up to the size.
    report = " ".join(seed("003").read_text(encoding="utf-8").split("\n")[1:])
    (folder / "one-line.txt").write_text((report + " word" * 1_250_000)[:5_000_000])
    os.symlink(folder, folder / "loop")
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    # A folder's documentation, here holding a real report: still not an article.
    shutil.copy(seed("002"), folder / "README.md")
    return folder


def run(folder: Path) -> tuple[CommandError, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_articles", str(folder), stdout=out, stderr=err)
    return failure.value, err.getvalue().splitlines(), out.getvalue()


@pytest.fixture(scope="module")
def imported(batch, django_db_setup, django_db_blocker):
    """The batch imported once, by the real command, for the module; rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = Article.objects.count(), Evidence.objects.count(), Visit.objects.count()
        yield before, *run(batch)
        transaction.set_rollback(True)


def test_each_broken_file_fails_alone_with_one_line_naming_it(imported):
    before, error, lines, out = imported
    assert before == (0, 0, 0)
    # One line per failure, each naming its file (and record), and nothing else on stderr.
    assert all(line.startswith("failed: ") for line in lines), lines
    reported = dict(line.removeprefix("failed: ").split(": ", 1) for line in lines)
    assert len(reported) == len(lines) == len(FAILURES)
    assert reported.keys() == FAILURES.keys()
    for name, reason in FAILURES.items():
        assert reported[name].startswith(reason), (name, reported[name])
    # The batch ends non-zero only because of them, after the good files.
    assert str(error) == f"{len(FAILURES)} files failed" and error.returncode == 1
    assert f"{len(FAILURES)} failed, 1 skipped" in out


def test_the_folders_readme_is_skipped_saying_so(imported):
    before, error, lines, out = imported
    assert out.splitlines()[0] == "skipped: README.md: documentation, not an article"
    assert not Article.objects.filter(file_name="README.md").exists()


def test_the_good_files_are_imported_and_nothing_of_a_failed_one_is_left(imported):
    # Once each: the symlink loop was not followed twice.
    assert sorted(Article.objects.values_list("file_name", flat=True)) == sorted(IMPORTED)
    # No evidence and no tour without a good source behind it.
    assert not Evidence.objects.exclude(article__file_name__in=IMPORTED).exists()
    assert not Visit.objects.filter(sources=None).exists()
    assert Visit.objects.count() == len(
        set(Article.objects.exclude(visit=None).values_list("visit", flat=True))
    )
    assert Article.objects.get(file_name="good.txt").is_tour
    assert Article.objects.get(file_name="one-line.txt").is_tour


def test_what_the_odd_good_files_hold(imported):
    page = Article.objects.get(file_name="script-iframe.html")
    assert page.title == "Li Qiang inspects Zhuzhou - Xinhua" and page.outlet == "Xinhua"
    assert "rail transit equipment maker in Zhuzhou" in page.clean_text
    assert "centred on advanced manufacturing" in page.clean_text
    # Scripts, styles, frames and noscript text are not the article's words.
    for hidden in ("Tibet", "Hainan", "Gansu", "Shaanxi", "Jiangxi", "Fujian", "tracking"):
        assert hidden not in page.clean_text, hidden
    assert "Zhuzhou" in page.visit.cities.values_list("name", flat=True)

    chinese = Article.objects.get(file_name="gb18030.txt")
    assert chinese.raw_text.startswith("习近平在湖北考察")  # GB18030, not UTF-8 misread
    separators = Article.objects.get(file_name="odd-but-good.jsonl:1")
    assert "separators\u2028inside a record\u2029do not" in separators.raw_text
    not_a_url = Article.objects.get(file_name="odd-but-good.jsonl:2")
    assert not_a_url.url == "http://[" and not_a_url.outlet == ""
    undated = Article.objects.get(file_name="wrong-types.jsonl:3")
    assert undated.published is None


def test_importing_the_batch_again_changes_nothing(imported, batch):
    counts = Article.objects.count(), Evidence.objects.count(), Visit.objects.count()
    error, lines, out = run(batch)
    assert len(lines) == len(FAILURES)
    assert f"0 imported, 0 merged, {len(IMPORTED)} unchanged" in out
    assert (Article.objects.count(), Evidence.objects.count(), Visit.objects.count()) == counts
