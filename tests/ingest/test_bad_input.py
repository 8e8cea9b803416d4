"""A bad file fails alone, with a one-line reason naming it, and the batch goes on."""

import contextlib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article
from tests.articles import seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(tmp_path):
    shutil.copy(seed("000"), tmp_path / "good.txt")
    return tmp_path


def run(capsys, *paths):
    with pytest.raises(CommandError) as failure:
        call_command("import_articles", *map(str, paths))
    captured = capsys.readouterr()
    return failure.value, captured.out, captured.err


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty.txt: empty file"),
        ("blank.txt", b"  \n\n \n", "blank.txt: empty file"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "image.txt: binary file, not text",
        ),
        (
            "latin1.txt",
            "Premier Li visited Hubei café".encode("utf-16"),
            "latin1.txt: binary file, not text",
        ),
        ("notes.docx", b"PK\x03\x04 something", "notes.docx: unknown file type '.docx'"),
        ("broken.json", b'[{"text": "unterminated', "broken.json: not valid JSON"),
        ("typed.jsonl", b'{"text": 42}\n', "typed.jsonl:1: record has no 'text'"),
        (
            "dated.jsonl",
            b'{"text": "Xi visited Hubei.", "published": "2024-13-45"}\n',
            "dated.jsonl:1: 'published' is not a date",
        ),
    ],
)
def test_each_bad_file_fails_alone_with_a_reason(capsys, batch, name, content, reason):
    (batch / name).write_bytes(content)
    error, out, err = run(capsys, batch)
    assert f"failed: {reason}" in err
    assert len([line for line in err.splitlines() if line.startswith("failed:")]) == 1
    assert "1 imported" in out and "1 failed" in out
    assert str(error) == "1 file failed"
    assert Article.objects.filter(file_name="good.txt").exists()


def test_a_malformed_json_line_loses_only_that_line(capsys, batch):
    (batch / "feed.jsonl").write_text(
        '{"url": "http://a/1", "text": "Han Zheng chaired a meeting in Beijing on Tuesday."}\n'
        '{"url": "http://a/2", "text": \n'
        '{"url": "http://a/3", "text": "Hu Chunhua spoke at a teleconference."}\n',
        encoding="utf-8",
    )
    error, out, err = run(capsys, batch)
    assert "failed: feed.jsonl:2: malformed JSON line" in err
    assert set(Article.objects.values_list("file_name", flat=True)) == {
        "good.txt",
        "feed.jsonl:1",
        "feed.jsonl:3",
    }


def test_gb18030_text_is_decoded(batch):
    (batch / "zh.txt").write_bytes("李强在湖北考察。新华社武汉1月3日电".encode("gb18030"))
    call_command("import_articles", str(batch))
    assert Article.objects.get(file_name="zh.txt").raw_text.startswith("李强在湖北考察")


def test_a_50_mb_file_is_refused_without_being_read(capsys, batch):
    with open(batch / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    error, out, err = run(capsys, batch)
    assert "failed: huge.txt: file too large (52.4 MB; limit 10 MB)" in err


def test_a_missing_path_and_a_symlink_loop_do_not_stop_the_batch(capsys, batch):
    os.symlink(batch, batch / "loop")
    error, out, err = run(capsys, batch, batch / "nowhere")
    assert "nowhere: no such file or folder" in err
    assert Article.objects.filter(file_name="good.txt").count() == 1


def test_a_fifo_named_on_the_command_line_fails_at_once(capsys, batch):
    fifo = batch / "pipe.txt"
    os.mkfifo(fifo)
    # Should the import wait on the FIFO, a writer comes after 10 s and ends it (as empty),
    # so that a failing run fails instead of hanging the suite.
    writer = threading.Timer(10, unblock, [fifo])
    writer.start()
    started = time.monotonic()
    try:
        error, out, err = run(capsys, fifo, batch / "good.txt")
    finally:
        writer.cancel()
    assert err.splitlines() == [f"failed: {fifo}: not a regular file (a named pipe (FIFO))"]
    assert "1 imported" in out and "1 failed" in out
    assert time.monotonic() - started < 10


def unblock(fifo):
    with contextlib.suppress(OSError):  # nobody is reading it: nothing to unblock
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_symlink_to_a_device_is_not_read(capsys, batch):
    zero = batch / "zero.txt"
    os.symlink("/dev/zero", zero)
    error, out, err = run(capsys, zero)
    assert err.splitlines() == [f"failed: {zero}: not a regular file (a character device)"]
    assert str(error) == "1 file failed"


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc")
def test_a_file_holding_more_than_its_size_says_is_read_only_up_to_the_limit(
    capsys, batch, settings
):
    # /proc files say they hold 0 bytes: the size check passes, the read must still stop.
    settings.IMPORT_MAX_BYTES = 200
    assert Path("/proc/self/status").stat().st_size == 0
    os.symlink("/proc/self/status", batch / "status.txt")
    error, out, err = run(capsys, batch / "status.txt")
    assert err.splitlines() == [
        "failed: status.txt: file too large (its size says 0 bytes, but it holds more;"
        " limit 200 bytes)"
    ]
    assert not Article.objects.filter(file_name="status.txt").exists()


@pytest.mark.parametrize("name", ["README.md", "README.txt", "notes.md", "LICENSE", "guide.rst"])
def test_documentation_is_skipped_saying_so_and_is_no_failure(capsys, batch, name):
    # A real report in it: what decides is the name, not the text.
    shutil.copy(seed("001"), batch / name)
    call_command("import_articles", str(batch))
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"skipped: {name}: documentation, not an article"
    assert "1 imported, 0 merged, 0 unchanged, 0 not a tour, 0 failed, 1 skipped" in out
    assert list(Article.objects.values_list("file_name", flat=True)) == ["good.txt"]
