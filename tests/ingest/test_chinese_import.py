"""Chinese reports through the importer: companies by their Chinese names, in either script."""

import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ingest.extraction.chinese import simplified
from archive.ingest.importer import Importer
from archive.models import Enterprise, Visit
from archive.site.export import jsonl_lines, records

pytestmark = pytest.mark.django_db


def report(company: str, day: int = 3) -> str:
    return (
        "李强在湖南调研\n\n"
        f"新华社长沙1月{day}日电 中共中央政治局常委、国务院总理李强1月{day}日在湖南长沙调研，"
        f"考察了{company}。"
    )


def run_import(tmp_path, *texts):
    for n, text in enumerate(texts):
        (tmp_path / f"zh{n}.txt").write_text(text, encoding="utf-8")
    return Importer().import_paths([str(tmp_path)])


def exported_companies():
    visits = Visit.objects.public().order_by("start_date", "id")
    lines = "".join(jsonl_lines(records(visits))).splitlines()
    return [e for line in lines for e in json.loads(line)["enterprises"]]


def test_a_chinese_only_company_is_created_and_exported_with_its_chinese_name(tmp_path):
    run_import(tmp_path, report("湘江储能科技有限公司"))
    company = Enterprise.objects.get()
    assert (company.name, company.name_zh) == ("湘江储能科技有限公司", "湘江储能科技有限公司")
    assert company.slug.isascii() and company.slug
    exported = exported_companies()
    assert [(e["name"], e["name_zh"]) for e in exported] == [
        ("湘江储能科技有限公司", "湘江储能科技有限公司")
    ]


def test_traditional_and_simplified_reports_name_one_company(tmp_path):
    run_import(
        tmp_path,
        report("湘江儲能科技集團有限公司", day=3),
        report("湘江储能科技集团", day=3),
    )
    assert Visit.objects.count() == 1
    company = Enterprise.objects.get()
    # Created as first printed; known in simplified characters; the other spelling an alias.
    assert company.name == "湘江儲能科技集團有限公司"
    assert company.name_zh == "湘江储能科技集团有限公司"
    assert company.aliases == ["湘江储能科技集团"]


def test_a_company_an_editor_named_in_both_languages_is_found_by_its_chinese_name(tmp_path):
    haier = Enterprise.objects.create(
        name="Haier Group", name_zh="海尔集团", key="haier", slug="haier-group"
    )
    run_import(tmp_path, report("海爾集團公司"))
    assert list(Enterprise.objects.all()) == [haier]
    assert [e.name for e in Visit.objects.get().enterprises.all()] == ["Haier Group"]
    assert [(e["name"], e["name_zh"]) for e in exported_companies()] == [
        ("Haier Group", "海尔集团")
    ]


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ODD = st.sampled_from(["·", "（", "）", "(", ")", "A", "9", "Ⅱ", "\u200b", "\u00a0"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(st.one_of(CJK, ODD), min_size=2, max_size=120))
def test_any_company_name_is_stored_whole_or_not_at_all(tmp_path, name):
    """Long and odd names: what is stored fits its fields, and reads back as stored."""
    with transaction.atomic():
        run_import(tmp_path, report(name + "有限公司"))
        for company in Enterprise.objects.all():
            assert 0 < len(company.name) <= 200
            assert len(company.name_zh) <= 100
            assert company.name_zh == simplified(company.name)[:100]
            assert company.key and company.slug.isascii()
        transaction.set_rollback(True)
