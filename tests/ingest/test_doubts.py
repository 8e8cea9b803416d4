"""A tour's doubts: what the import asks a reviewer to check, each with its code."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.doubts import disagreements, secretaries
from archive.ingest import sql
from archive.ingest.importer import Importer
from archive.ingest.tour_store import refresh_visit
from archive.models import Doubt, Official, Province, Visit
from tests.articles import SEEDS
from tests.builders import doubts_of, make_visit

pytestmark = pytest.mark.django_db


def run_import(tmp_path, **reports):
    for name, text in reports.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    Importer().import_paths([str(tmp_path / f"{name}.txt") for name in reports])


def tour_of(name):
    return Visit.objects.get(sources__file_name=f"{name}.txt")


def test_the_seed_articles_raise_no_doubt_about_what_the_gazetteer_knows():
    Importer().import_paths([str(SEEDS)])
    doubts = list(Doubt.objects.values_list("code", "detail"))
    named = {
        *Official.objects.filter(posts__isnull=False).values_list("name", flat=True),
        *Province.objects.values_list("name", flat=True),
    }
    assert not [d for d in doubts if d[1] in named and d[0] != Doubt.Code.POST_MISMATCH]


def test_a_tour_of_more_than_a_week_has_a_long_span(tmp_path):
    run_import(
        tmp_path,
        long=" date 2024-01-16 Li Qiang ends Hubei tour\n\nWUHAN, Jan. 16 (Xinhua) -- Chinese "
        "Premier Li Qiang made an inspection tour in central China's Hubei Province from "
        "Jan. 3 to Jan. 15, 2024. In Wuhan, Li visited a laser maker.",
        short=" date 2024-03-06 Li Qiang in Hunan\n\nCHANGSHA, March 6 (Xinhua) -- Chinese "
        "Premier Li Qiang made an inspection tour in central China's Hunan Province from "
        "March 4 to March 5, 2024. In Changsha, Li visited a battery plant.",
    )
    assert (Doubt.Code.LONG_SPAN, "13 days") in doubts_of(tour_of("long"))
    assert Doubt.Code.LONG_SPAN not in {code for code, _ in doubts_of(tour_of("short"))}


def test_a_leader_with_no_post_on_the_tours_dates_is_a_post_mismatch():
    # Extraction names only a leader who held a post on the day; an editor may name another.
    # Jiang Chaoliang left Hubei in 2020 and holds no post of the gazetteer's since.
    visit = make_visit(official="Jiang Chaoliang", start="2023-05-04", curated=["officials"])
    refresh_visit(visit)
    assert doubts_of(visit) == {(Doubt.Code.POST_MISMATCH, "Jiang Chaoliang held no post then")}
    in_his_time = make_visit(official="Jiang Chaoliang", start="2018-05-04")
    refresh_visit(in_his_time)
    assert doubts_of(in_his_time) == set()


def test_two_party_secretaries_of_one_province_make_the_sources_disagree(tmp_path):
    # Two reports of one tour, neither dated, each naming a Party secretary of Hubei.
    run_import(
        tmp_path,
        first="Li Qiang inspects Hubei\n\nChinese Premier Li Qiang made an inspection tour "
        "in central China's Hubei Province. In Wuhan, Li visited a laser maker. Wang Menghui, "
        "secretary of the CPC Hubei Provincial Committee, accompanied him.",
    )
    assert Doubt.Code.SOURCES_DISAGREE not in {c for c, _ in doubts_of(tour_of("first"))}
    run_import(
        tmp_path,
        second="Li Qiang in Hubei\n\nChinese Premier Li Qiang made an inspection tour "
        "in central China's Hubei Province. In Wuhan, Li visited a laser maker. Jiang "
        "Chaoliang, secretary of the CPC Hubei Provincial Committee, accompanied him.",
    )
    tour = tour_of("first")
    assert tour == tour_of("second")
    assert (
        Doubt.Code.SOURCES_DISAGREE,
        "Hubei's Party secretary: Jiang Chaoliang or Wang Menghui",
    ) in doubts_of(tour)


def facts(start=None, end=None, published=None, **resolved):
    return {
        "start_date": start,
        "end_date": end,
        "published": published,
        "resolved": {"officials": [], "accompanying": [], **resolved},
    }


def test_sources_whose_days_are_more_than_a_week_apart_disagree():
    agree = [facts("2024-01-02", "2024-01-04"), facts("2024-01-09")]
    assert disagreements(agree, {}, []) == []
    apart = [facts("2024-01-02", "2024-01-04"), facts("2024-01-12"), facts()]
    assert [str(d) for d in disagreements(apart, {}, [])] == [
        "dates: 2024-01-02 to 2024-01-04 in one source, 2024-01-12 in another"
    ]


def test_a_secretary_counts_on_the_day_of_the_source_naming_him():
    hubei = Province.objects.get(name="Hubei").pk
    jiang, wang = (Official.objects.get(name=n).pk for n in ("Jiang Chaoliang", "Wang Menghui"))
    posts = secretaries([jiang, wang])
    # Jiang Chaoliang named in 2023, when Wang Menghui was the secretary: only a companion.
    one_secretary = [
        facts("2023-05-01", accompanying=[wang]),
        facts("2023-05-02", accompanying=[jiang, wang]),
    ]
    assert disagreements(one_secretary, posts, [hubei]) == []
    # Each named as the secretary of his day, or by a source without one: one too many.
    for other in (facts("2018-05-01", accompanying=[jiang]), facts(None, accompanying=[jiang])):
        found = disagreements([facts("2023-05-01", accompanying=[wang]), other], posts, [hubei])
        assert "Hubei's Party secretary: Jiang Chaoliang or Wang Menghui" in map(str, found)
    # In a province the tour did not go to, none.
    assert disagreements([facts("2023-05-01", accompanying=[wang]), other], posts, []) == []
    # A source without dates is read on the tour's day.
    undated = [facts("2023-05-01", accompanying=[wang]), facts(None, accompanying=[jiang])]
    assert disagreements(undated, posts, [hubei], dt.date(2023, 5, 1)) == []
    # A leader's own past post is no claim of the sources: Jiang Chaoliang touring Hubei.
    his_own = [facts("2023-05-01", officials=[jiang], accompanying=[wang])]
    assert disagreements(his_own, posts, [hubei]) == []


def test_a_place_only_one_of_several_sources_names_is_a_doubt():
    visit = make_visit(provinces=["Hubei"], cities=["Wuhan", "Ezhou"], sources=2)
    articles = list(visit.sources.order_by("pk"))
    hubei = Province.objects.get(name="Hubei").pk
    wuhan, ezhou = (visit.cities.get(name=n).pk for n in ("Wuhan", "Ezhou"))
    for article, cities in zip(articles, [[wuhan, ezhou], [wuhan]], strict=True):
        article.facts["resolved"]["provinces"] = [hubei]
        article.facts["resolved"]["cities"] = cities
        article.save(update_fields=["facts"])
    refresh_visit(visit)
    assert {(c, d) for c, d in doubts_of(visit) if c == Doubt.Code.PLACE_ONCE} == {
        (Doubt.Code.PLACE_ONCE, "Ezhou")
    }


def test_a_doubt_on_a_tour_that_is_deleted_goes_with_it():
    kept, gone = make_visit(), make_visit()
    Doubt.objects.create(visit=kept, code=Doubt.Code.POSSIBLE_DUPLICATE, other=gone)
    gone.delete()
    assert doubts_of(kept) == set()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(detail=st.text(min_size=0, max_size=800))
def test_any_detail_is_stored_as_written_up_to_its_length(detail):
    visit = Visit.objects.first() or make_visit()
    Doubt.objects.filter(visit=visit).delete()
    # As the import writes them (COPY on PostgreSQL) and as the admin's tools do.
    sql.insert([Doubt.of(Doubt.Code.UNKNOWN_ENTERPRISE, detail, visit=visit)])
    Doubt.of(Doubt.Code.UNKNOWN_OFFICIAL, detail, visit=visit).save()
    expected = detail.replace("\x00", "")[: Doubt.DETAIL_LENGTH]
    assert sorted(Doubt.objects.filter(visit=visit).values_list("code", "detail")) == [
        (Doubt.Code.UNKNOWN_ENTERPRISE, expected),
        (Doubt.Code.UNKNOWN_OFFICIAL, expected),
    ]
