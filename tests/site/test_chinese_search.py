"""Search in Chinese and for names with apostrophes, on reports the real importer reads.

The reports are written here for the tests (not news): Chinese ones in simplified and in
traditional characters, English ones naming Xi'an, Yan'an and Chen Min'er, and a seed article.
The same expectations hold on SQLite and PostgreSQL.
"""

import json
from csv import DictReader
from importlib import import_module
from io import StringIO

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import search
from archive.ingest.importer import Importer
from archive.models import Article, Visit
from tests.articles import seed
from tests.builders import kept_for_the_module

pytestmark = pytest.mark.django_db

REPORTS = {
    # Simplified characters.
    "heilongjiang": " date 2024-09-08 李强在黑龙江考察\n\n"
    "新华社哈尔滨9月8日电 中共中央政治局常委、国务院总理李强9月7日至8日在黑龙江哈尔滨考察，"
    "先后来到海尔集团哈尔滨工厂和一家冰雪装备企业，了解智能制造和冰雪经济发展情况。",
    # Traditional characters.
    "yanan": " date 2022-10-28 習近平在陝西延安考察\n\n"
    "新華社延安10月27日電 中共中央總書記、國家主席、中央軍委主席習近平10月26日至27日"
    "在陝西延安考察，來到延安革命紀念館和一家蘋果種植合作社，了解革命文物保護和鄉村振興情況。",
    "xian": " date 2020-04-23 Xi Jinping inspects Xi'an\n\n"
    "XI'AN, April 23 (Xinhua) -- Xi Jinping, general secretary of the Communist Party of China "
    "Central Committee, inspected Xi'an, capital of northwest China's Shaanxi Province, on "
    "Wednesday. In Xi'an he visited a hard-technology industrial park and a historic city wall.",
    "chongqing": " date 2019-04-17 Xi Jinping inspects Chongqing\n\n"
    "CHONGQING, April 17 (Xinhua) -- Xi Jinping, general secretary of the Communist Party of "
    "China Central Committee, made an inspection tour in southwest China's Chongqing "
    "Municipality from Monday to Wednesday. He was accompanied by Chen Min'er, secretary of the "
    "CPC Chongqing Municipal Committee, and visited a village school in Shizhu county.",
}


def found(q: str) -> set[str]:
    """The reports (by file name, without .txt) whose tours match `q`."""
    return {
        article.file_name.removesuffix(".txt").split("_")[0]
        for visit in Visit.objects.search(q).prefetch_related("sources")
        for article in visit.sources.all()
    }


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chinese-search")
    for name, text in REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    with kept_for_the_module(django_db_blocker):
        Importer().import_paths([str(folder), str(seed("000"))])  # 000: Li Qiang in Hubei
        yield


def snippet(name: str, q: str) -> str:
    file_name = seed(name).name if name.isdigit() else f"{name}.txt"
    visit = Visit.objects.get(sources__file_name=file_name)
    return search.snippets([visit.pk], q)[visit.pk]


def test_the_reports_make_one_tour_each(reports):
    assert Visit.objects.count() == 5
    assert found("考察") == {"heilongjiang", "yanan"}


def test_a_chinese_name_finds_chinese_reports_and_english_ones_of_that_person(reports):
    # The English tour of Li Qiang (seed 000) is found by his Chinese name, which the
    # gazetteer gives.
    assert found("李强") == {"heilongjiang", "000"}
    assert found("习近平") == {"yanan", "xian", "chongqing"}
    assert found("习近平 考察") == {"yanan"}
    assert found('"习近平 考察"') == set()  # 习近平考察 is in no report
    assert found('"延安 考察"') == found('"延安考察"') == {"yanan"}  # 陝西延安考察
    assert found('"延安 革命"') == {"yanan"}


def test_a_theme_is_found_by_its_chinese_name(reports):
    hubei = Visit.objects.get(sources__file_name=seed("000").name)
    theme = hubei.themes.exclude(name_zh="").first()
    assert theme is not None and theme.name_zh not in hubei.sources.get().clean_text
    assert "000" in found(theme.name_zh)


def test_traditional_and_simplified_characters_find_each_other(reports):
    assert found("習近平") == found("习近平")
    assert found("延安革命纪念馆") == found("延安革命紀念館") == {"yanan"}
    assert found("海爾") == found("海尔") == {"heilongjiang"}


def test_a_word_is_found_inside_a_longer_run_of_characters(reports):
    # 黑龙江 is printed in 在黑龙江哈尔滨考察; 海尔 as 海尔集团; 陕西 by the English tours' province.
    assert found("黑龙江") == {"heilongjiang"}
    assert found("集团") == {"heilongjiang"}
    assert found("陕西") == {"yanan", "xian"}
    assert found("龙江哈") == {"heilongjiang"}  # characters in a row, whatever the words
    assert found("黑江") == set()  # not in a row


def test_chinese_and_english_terms_combine(reports):
    assert found("李强 Harbin") == {"heilongjiang"}  # the city's English name
    assert found("Xi 延安") == {"yanan"}
    assert found("习近平 -延安") == {"xian", "chongqing"}
    assert found("海尔 or Shizhu") == {"heilongjiang", "chongqing"}


def test_a_chinese_snippet_marks_the_words_found(reports):
    text = snippet("heilongjiang", "李强 海尔")
    assert "<mark>李强</mark>" in text and "<mark>海尔</mark>集团" in text
    assert "\x1e" not in text and "\x1f" not in text
    assert "黑龙江哈尔滨考察" in text  # written as it was, without separators
    # A traditional report is quoted as it was written, whichever characters the query used.
    for q in ("習近平", "习近平"):
        text = snippet("yanan", q)
        assert "<mark>習近平</mark>在陝西延安考察" in text and "陝西延安考察，來到延安" in text
    assert "<mark>延安革命紀念館</mark>" in snippet("yanan", "延安革命纪念馆")
    assert "黑<mark>龙江哈</mark>尔滨" in snippet("heilongjiang", "龙江哈")


def test_a_snippet_is_as_long_as_its_sources_language_reads(reports):
    # Chinese sources are quoted by about 64 characters (a number or a punctuated pair
    # counts once) whatever the query; English ones by about 35 words, also when a Chinese
    # name found the tour.
    chinese = snippet("yanan", "Xi").strip("…")
    assert 54 <= len(chinese) <= 100, chinese
    english = snippet("000", "李强")
    assert 25 <= len(english.split()) <= 45 and "<mark>" not in english


def test_xian_and_yanan_are_places_not_xi_and_an(reports):
    assert found("Xi") == {"yanan", "xian", "chongqing"}
    for q in ("Xi'an", '"Xi\'an"', "Xi’an", "XI'AN", "Xian"):
        assert found(q) == {"xian"}, q
    for q in ("Yan'an", '"Yan\'an"', "Yanan"):
        assert found(q) == {"yanan"}, q
    assert found("Xi'an -Xi") == set()
    assert "<mark>Xi&#x27;an</mark>" in snippet("xian", "Xi'an")
    assert "\u02bc" not in snippet("xian", "Xi'an")


def test_a_name_with_an_apostrophe_is_one_word(reports):
    assert found("Chen Min'er") == found('"Chen Min\'er"') == {"chongqing"}
    assert found("Min'er") == {"chongqing"}
    assert found("陈敏尔") == {"chongqing"}  # who went along, by the name the gazetteer gives
    assert found("Min") == found("er") == set()
    # Possessives and contractions are read as before: "China's" is the word China.
    assert found("China Shaanxi") == {"xian"}


def test_the_site_finds_and_marks_them_and_exports_what_it_found(reports, client):
    page = client.get("/visits/", {"q": "李强"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="snippet"') == 2 and "<mark>李强</mark>" in html
    # An ellipsis only where a passage was cut, once: both open their sources' text.
    assert 'class="snippet">…' not in html and "……" not in html and "…</p>" in html
    page = client.get("/visits/", {"q": "習近平 考察"})
    assert "<mark>習近平</mark>" in page.content.decode()  # the report, as written
    exported = json.loads(b"".join(client.get("/visits.json", {"q": "Xi'an"}).streaming_content))
    assert [s["file"] for record in exported["tours"] for s in record["sources"]] == ["xian.txt"]
    csv = b"".join(client.get("/visits/", {"q": '"Yan\'an"', "format": "csv"}).streaming_content)
    (row,) = DictReader(StringIO(csv.decode()))
    assert row["source_ids"] == str(Article.objects.get(file_name="yanan.txt").pk)


def test_searchable_text_keeps_english_as_it_was():
    text = "Xi Jinping’s speech, China's and don't; O'Neill's 'overall' plan <b>"
    assert search.searchable(text) == text.replace("<", "\x0e").replace(">", "\x0f")


def test_the_rebuilt_index_finds_old_rows_in_chinese(reports):
    # A tour indexed before Chinese was searchable: its entry holds the raw text.
    visit = Visit.objects.get(sources__file_name="heilongjiang.txt")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"UPDATE {search.FTS_TABLE} SET body = %s, title_names = '' WHERE rowid = %s",
                [REPORTS["heilongjiang"], visit.pk],
            )
        else:
            cursor.execute(
                "UPDATE archive_visit SET search_vector = to_tsvector('english', %s) WHERE id = %s",
                [REPORTS["heilongjiang"], visit.pk],
            )
    assert "heilongjiang" not in found("海尔")
    # The migration that rebuilds the index, run with the models as of its place in history.
    migration = import_module("archive.migrations.0009_rebuild_search_index")
    state = MigrationExecutor(connection).loader.project_state(
        ("archive", "0009_rebuild_search_index")
    )
    migration.rebuild_search_index(state.apps, connection.schema_editor())
    assert found("海尔") == {"heilongjiang"}
    assert found("laser") == {"000"}  # English as before


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ODD = st.sampled_from(["'", "’", "ʼ", "A", "a", "9", "，", " ", "\x1e", "\x1f", "\x02", "繁"])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(st.one_of(CJK, ODD), min_size=2, max_size=400), data=st.data())
def test_any_run_of_chinese_characters_in_a_source_is_found(reports, text, data):
    visit = Visit.objects.get(sources__file_name="xian.txt")
    article = visit.sources.get()
    article.clean_text = text
    article.save(update_fields=["clean_text"])
    search.index_visit(visit)
    runs = [run for run in search._HAN.findall(search._T2S.convert(text)) if len(run) >= 2]
    if not runs:
        return
    run = data.draw(st.sampled_from(runs))
    start = data.draw(st.integers(0, len(run) - 2))
    end = data.draw(st.integers(start + 2, min(len(run), start + 12)))
    q = run[start:end]
    assert "xian" in found(q), q
    assert "<mark>" in search.snippets([visit.pk], q)[visit.pk]
