"""Full-text search on real articles; the same expectations hold on SQLite and PostgreSQL."""

import io

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator

from archive import search
from archive.ingest.importer import Importer, Outcome
from archive.models import Visit
from tests.articles import SEEDS, seed, written
from tests.builders import kept_for_the_module, make_visit

pytestmark = pytest.mark.django_db

HUBEI = "Li Qiang in Hubei, January 2024"
HUNAN = "Li Qiang in Hunan, March 2023"
BEIJING = "Li Qiang in Beijing"
CHONGQING = "Zhang Guoqing in Chongqing, September 2024"


def run_import(*paths):
    return Importer().import_paths([str(p) for p in paths])


def titles(q: str) -> set[str]:
    return {v.title for v in Visit.objects.search(q)}


def ranked(q: str) -> list[str]:
    return [v.title for v in Visit.objects.search(q).order_by("-rank", "pk")]


@pytest.fixture(scope="module")
def seeds(django_db_setup, django_db_blocker):
    """The seed articles imported once for the module's tests, rolled back after them."""
    with kept_for_the_module(django_db_blocker):
        run_import(SEEDS)
        yield


def test_it_finds_the_tours_that_mention_a_word(seeds):
    assert titles("laser") == {HUBEI}
    assert titles("semiconductor") == {HUBEI, BEIJING}
    assert titles("Chongqing") == {CHONGQING}
    # Stemmed on both databases: "chip" finds "chips".
    assert titles("chip") == {HUBEI}
    assert titles("laser semiconductor") == {HUBEI}


def test_a_quoted_phrase_must_appear_as_written(seeds):
    assert HUNAN in titles("premier li")  # "Li Qiang, ... Premier of the State Council"
    assert titles('"premier li"') == {HUBEI, BEIJING}


def test_a_minus_excludes_a_word_or_phrase(seeds):
    assert titles("semiconductor -laser") == {BEIJING}
    assert titles('semiconductor -"flash memory"') == {BEIJING}


def test_or_offers_alternatives(seeds):
    assert titles("laser or Chongqing") == {HUBEI, CHONGQING}
    assert titles("laser OR Chongqing") == {HUBEI, CHONGQING}
    assert titles("semiconductor -laser or Chongqing") == {BEIJING, CHONGQING}


def test_a_tour_named_by_the_word_ranks_above_one_that_only_mentions_it(seeds):
    # Hubei's sources say "semiconductor" more often than Beijing's...
    assert ranked("semiconductor") == [HUBEI, BEIJING]
    # ...but a title outweighs the body.
    beijing = Visit.objects.get(title=BEIJING)
    beijing.title = "Li Qiang sees semiconductor makers in Beijing"
    beijing.mark_curated("title")
    beijing.save()
    search.index_visit(beijing)
    assert ranked("semiconductor") == [beijing.title, HUBEI]
    assert all(v.rank > 0 for v in Visit.objects.search("semiconductor -laser"))


def test_search_results_can_be_filtered_ordered_and_paginated(seeds):
    results = (
        Visit.objects.public()
        .search("premier")
        .filter(officials__name="Li Qiang")
        .distinct()
        .filter(provinces__name__in=["Hubei", "Beijing", "Hunan"])
        .order_by("-rank", "pk")
    )
    assert {v.title for v in results} == {HUBEI, BEIJING, HUNAN}
    page = Paginator(results, 2).page(2)
    assert len(page.object_list) == 1 and page.paginator.count == 3


def test_a_blank_query_filters_nothing_and_a_query_without_words_matches_nothing(seeds):
    assert Visit.objects.search("  ").count() == 5
    assert {v.rank for v in Visit.objects.search("")} == {0.0}
    assert titles("the") == titles("and or of") == titles("-laser") == titles('"" - *') == set()
    assert search.snippets(Visit.objects.values_list("pk", flat=True), "the") == {}


def test_a_snippet_highlights_the_words_found_in_the_sources(seeds):
    hubei = Visit.objects.get(title=HUBEI)
    snippet = search.snippets([hubei.pk], "laser")[hubei.pk]
    assert "<mark>laser</mark>" in snippet
    assert 25 <= len(snippet.replace("<mark>", "").split()) <= 45
    assert snippet.startswith("…")  # cut from the middle of the text
    # Only tours that match get one.
    others = Visit.objects.exclude(pk=hubei.pk).values_list("pk", flat=True)
    assert search.snippets([hubei.pk, *others], '"laser industry"').keys() == {hubei.pk}


def test_a_snippet_shows_markup_in_a_source_as_text(seeds, tmp_path):
    article = tmp_path / "exploit.txt"
    article.write_text(
        " date 2024-05-10 Premier inspects Zhejiang\n\nHANGZHOU, May 9 (Xinhua) -- Premier Li "
        "Qiang made an inspection tour in east China's Zhejiang Province from Wednesday to "
        "Thursday. In Hangzhou, he saw how a browser exploit like <script>alert(1)</script> "
        "works and said that <mark>fake</mark> highlights & tricks are no joke.",
        encoding="utf-8",
    )
    assert run_import(article).counts[Outcome.IMPORTED] == 1
    visit = Visit.objects.get(sources__file_name="exploit.txt")
    snippet = search.snippets([visit.pk], "exploit")[visit.pk]
    assert "<mark>exploit</mark>" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "&lt;mark&gt;fake&lt;/mark&gt; highlights &amp; tricks" in snippet
    assert "<script" not in snippet and snippet.count("<mark>") == 1
    # Words inside the tags are text like any other.
    assert titles("script") == titles("alert") == {visit.title}


# Queries that could break a careless search, and the tours each must find: only its words
# count (no SQL, no FTS5 or tsquery syntax, no prefix search); no word, no tour.
HOSTILE = {
    "' OR 1=1 --": set(),
    "'; DROP TABLE archive_visit; --": set(),
    "laser " * 1700: {HUBEI},  # 10 kB
    '"' * 10_000: set(),
    "-" * 10_000: set(),
    '"unbalanced laser': set(),  # the phrase "unbalanced laser"
    'laser" chips': {HUBEI},
    "NEAR(laser chips)": set(),  # the words "near laser", not FTS5's NEAR
    "NEAR(laser chips, 2": set(),
    "lase*": set(),
    "^laser": {HUBEI},
    "laser AND OR NOT": {HUBEI},
    "title_names:laser": set(),  # not a column filter
    "{body}: laser": set(),
    "laser + chips": {HUBEI},
    "(laser": {HUBEI},
    "laser\x00chips": set(),  # the phrase "laser chips"
    "\x02laser\x03 \x0e": {HUBEI},
    "习近平 湖北": set(),  # the seed articles are English
    # Chinese names of the tours' records, an apostrophe where SQL would end a string.
    "李强 湖北": {HUBEI},
    "laser 湖北省": {HUBEI},
    "湖北' OR '1'='1": {HUBEI},  # 湖北, or the phrase "1 1"
    "習近平 湖北": set(),
    '"黑龙江': set(),
    "\x1f湖\x1e北\x1f": set(),  # two characters apart, not the word 湖北
    "Xi'an": set(),
    "'Xi'an' OR 1=1": set(),
    "Xi'an's": set(),
    "'" * 5000: set(),
    "\u02bc" * 500: set(),
    "李强" * 5000: set(),  # one run of 10,000 characters, cut to its first pairs
    'or or - -- ""': set(),
}


def test_no_query_can_break_the_search(seeds):
    every_pk = list(Visit.objects.values_list("pk", flat=True))
    for q, expected in HOSTILE.items():
        found = list(Visit.objects.search(q).order_by("-rank"))
        assert {v.title for v in found} == expected, q[:40]
        # A snippet for each tour found, and none for the others.
        assert search.snippets(every_pk, q).keys() == {v.pk for v in found}, q[:40]
    # Nothing was dropped or changed on the way.
    assert Visit.objects.count() == 5
    assert titles("laser") == {HUBEI} and titles("Chongqing") == {CHONGQING}


def test_a_long_or_unbalanced_query_still_finds_what_it_can(seeds):
    assert titles("laser " * 1700) == {HUBEI}
    assert titles('"unbalanced laser') == set()
    assert titles('laser "chips') == {HUBEI}


def test_the_index_follows_a_merged_report(seeds):
    # The photographer is credited only in another report of the same tour.
    assert titles("Mingde") == set()
    report = run_import(written("hubei-caption"))
    assert report.counts[Outcome.MERGED] == 1
    assert titles("Mingde") == {HUBEI}
    visit = Visit.objects.get(title=HUBEI)
    assert "<mark>Mingde</mark>" in search.snippets([visit.pk], "Mingde")[visit.pk]
    # Importing the same files again changes nothing.
    run_import(seed("000"), written("hubei-caption"))
    assert [v.title for v in Visit.objects.search("Mingde")] == [HUBEI]


def test_a_deleted_tour_leaves_the_index(seeds):
    hubei = Visit.objects.get(title=HUBEI)
    pk = hubei.pk
    hubei.delete()
    search.unindex_visit(pk)
    assert titles("laser") == set()
    assert search.snippets([pk], "laser") == {}


def test_the_command_rebuilds_the_index(seeds):
    Visit.objects.filter(title=HUNAN).update(title="Li Qiang tours the Xiang river valley")
    assert titles("Xiang") == set()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue().strip() == "5 tours indexed"
    assert titles("Xiang") == {"Li Qiang tours the Xiang river valley"}
    assert titles("laser") == {HUBEI}


def test_the_query_parser_keeps_only_words():
    [first, second] = search.parse('Xi "belt and road" -"NEAR(x*" or ^Chips* the "" ^OR*')
    assert first == [
        search.Term(("xi",)),
        search.Term(("belt", "and", "road")),
        search.Term(("near", "x"), negated=True),
    ]
    assert second == [search.Term(("chips",))]
    assert search.fts5_query([first]) == '(("xi" AND "belt and road") NOT "near x")'
    assert search.websearch_query([first]) == '"xi" "belt and road" -"near x"'


def test_a_long_source_gives_the_snippet_a_shorter_one_would(db):
    # A passage is found in the opening of a long text when it is there (what follows it
    # far after cannot change it), and further on when it is not.
    opening = "Li Qiang made an inspection tour in Hubei. " * 4 + "He praised the lighthouse crews."
    follow = " The delegation then visited another district and talked with residents." * 300
    early, short, deep = (make_visit(sources=1) for _ in range(3))
    texts = {
        early: opening + follow,
        short: opening + follow[:1200],
        deep: follow + " " + opening,
    }
    for visit, text in texts.items():
        visit.sources.update(clean_text=text, raw_text=text)
        search.index_visit(visit)
    found = search.snippets([early.pk, short.pk, deep.pk], "lighthouse")
    assert found[early.pk] == found[short.pk]
    assert "<mark>lighthouse</mark> crews" in found[early.pk]
    assert "<mark>lighthouse</mark> crews" in found[deep.pk]
    assert found[deep.pk].startswith("…")
