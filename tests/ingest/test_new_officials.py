"""An accompanying official the gazetteer does not know is kept as a new Official, and the
tour says so for review."""

import pytest

from archive.ingest.importer import Importer
from archive.models import Article, Official, Visit
from tests.builders import doubts_of

pytestmark = pytest.mark.django_db

REPORT = (
    " date 2018-05-07 Xi inspects Gansu\n\n"
    "LANZHOU, May 6 (Xinhua) -- Xi Jinping made an inspection tour in Gansu Province from "
    "May 4 to 6, accompanied by Guo Wenbo, secretary of the CPC Gansu Provincial Committee, "
    "and provincial governor Tang Renjian.\n"
)


def test_an_unknown_companion_becomes_an_official_for_review(tmp_path):
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "again.txt").write_text(REPORT + "\nXi visited farms.\n", encoding="utf-8")
    assert not Official.objects.filter(name="Guo Wenbo").exists()
    Importer().import_paths([str(tmp_path / "report.txt")])
    visit = Visit.objects.get()
    assert {o.name for o in visit.accompanying.all()} == {"Guo Wenbo", "Tang Renjian"}
    assert Official.objects.get(name="Guo Wenbo").posts.count() == 0
    assert ("unknown_official", "Guo Wenbo") in doubts_of(visit)
    assert ("unknown_official", "Tang Renjian") not in doubts_of(visit)
    # Known from then on: a later report of him raises no doubt of its own.
    Importer().import_paths([str(tmp_path / "again.txt")])
    assert Visit.objects.get().pk == visit.pk
    later = Article.objects.get(file_name="again.txt")
    assert later.facts["resolved"]["first_seen_officials"] == []
    assert Official.objects.filter(name="Guo Wenbo").count() == 1
