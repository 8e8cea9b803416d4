"""Migration 0013 turns the doubts stored as sentences into records with codes."""

import json

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_stored_sentences_become_doubts_with_codes(scratch_databases):
    db = scratch_databases.new()
    db.manage("migrate", "archive", "0012", "--no-input", "-v0")
    odd = "Ünïcode & Co. 'quoted' " + "x" * 600
    sentences = {
        1: ["no date found", "place seen for the first time: Hubei", "no official found"],
        2: [f"enterprise seen for the first time: {odd}", "possible duplicate of tour #1"],
        3: ["official seen for the first time: Guo Wenbo", "possible duplicate of tour #99"],
        4: ["no sources left", "place seen for the first time: Ezhou"],
    }
    for pk, doubts in sentences.items():
        db.query(
            "INSERT INTO archive_visit (id, title, summary, review_status, curated_fields, "
            "doubts, created_at, updated_at) VALUES "
            f"({pk}, 'Tour {pk}', '', 'unreviewed', '[]', "
            f"'{json.dumps(doubts).replace(chr(39), chr(39) * 2)}', "
            "'2024-01-01 00:00:00+00:00', '2024-01-01 00:00:00+00:00') RETURNING id"
        )
    db.manage("migrate", "--no-input", "-v0")
    rows = db.query("SELECT visit_id, code, detail, other_id FROM archive_doubt ORDER BY id")
    assert rows == [
        (1, "no_date", "", None),
        (1, "no_official", "", None),
        (2, "unknown_enterprise", odd[:500], None),
        (2, "possible_duplicate", "tour #1", 1),
        (3, "unknown_official", "Guo Wenbo", None),
        # Tour 99 is gone: no doubt points at it. A place of the gazetteer is no doubt.
        (4, "no_sources", "", None),
    ]
    # And back: the sentences again, less those that were no doubt.
    db.manage("migrate", "archive", "0012", "--no-input", "-v0")
    back = dict(db.query("SELECT id, doubts FROM archive_visit ORDER BY id"))
    assert {pk: json.loads(v) if isinstance(v, str) else v for pk, v in back.items()} == {
        1: ["no date found", "no official found"],
        2: [f"enterprise seen for the first time: {odd[:500]}", "possible duplicate of tour #1"],
        3: ["official seen for the first time: Guo Wenbo"],
        4: ["no sources left"],
    }
