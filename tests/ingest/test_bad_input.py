"""A bad file fails alone, with a one-line reason naming it, and the batch goes on."""

import os
import shutil

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
