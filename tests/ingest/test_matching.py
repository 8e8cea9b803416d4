"""Which tour a report joins and what a tour's fields are: archive.ingest.matching, pure, no database."""

import datetime as dt

from archive.ingest.matching import Report, Tour, matching_tour, summary, tour_title

XI, LI = 1, 2
HUBEI, HUNAN = 42, 43
WUHAN, XIANGYANG = 4201, 4206
YMTC, YMTC_SHORT = 7, 8
NAMES = {YMTC: "Yangtze Memory Technologies Co., Ltd.", YMTC_SHORT: "Yangtze Memory"}


def report(
    officials=(XI,),
    provinces=(HUBEI,),
    cities=(),
    enterprises=(),
    themes=(),
    start=None,
    end=None,
    published=None,
    **facts,
) -> Report:
    resolved = {
        "officials": list(officials),
        "accompanying": [],
        "provinces": list(provinces),
        "cities": list(cities),
        "enterprises": list(enterprises),
        "themes": list(themes),
        "first_seen_enterprises": [],
    }
    return Report(
        {
            "start_date": start and start.isoformat(),
            "end_date": end and end.isoformat(),
            "resolved": resolved,
            **facts,
        },
        published,
    )


def tour_of(*sources: Report, curated=(), **stored) -> Tour:
    tour = Tour.new()
    tour.curated = frozenset(curated)
    for source in sources:
        tour.add(source, NAMES)
    tour.relations.update(stored)
    return tour


def test_a_report_joins_the_tour_of_its_leader_in_its_province_on_overlapping_days():
    april = tour_of(report(start=dt.date(2024, 4, 8), end=dt.date(2024, 4, 9)))
    hunan = tour_of(report(provinces=[HUNAN], start=dt.date(2024, 4, 8)))
    li = tour_of(report(officials=[LI], start=dt.date(2024, 4, 8)))
    tours = [hunan, li, april]
    assert matching_tour(report(start=dt.date(2024, 4, 9)), tours) is april
    # Published two days after the tour, its days unsaid: it still belongs to it.
    assert matching_tour(report(published=dt.date(2024, 4, 11)), tours) is april


def test_a_tour_months_away_or_in_another_province_is_not_the_reports():
    april = tour_of(report(start=dt.date(2024, 4, 8), end=dt.date(2024, 4, 9)))
    assert matching_tour(report(start=dt.date(2024, 9, 2)), [april]) is None
    assert matching_tour(report(provinces=[HUNAN], start=dt.date(2024, 4, 8)), [april]) is None


def test_a_province_an_editor_corrected_does_not_keep_the_next_report_apart():
    # The sources said Hubei; an editor set Hunan: a later report saying Hubei still joins.
    tour = tour_of(report(start=dt.date(2024, 4, 8)), curated={"provinces"}, provinces=[HUNAN])
    assert matching_tour(report(start=dt.date(2024, 4, 8)), [tour]) is tour


def test_of_two_undated_tours_that_fit_as_well_neither_is_chosen():
    one, other = tour_of(report()), tour_of(report())
    assert matching_tour(report(), [one, other]) is None
    # One that shares a city with the report is the better fit.
    wuhan = tour_of(report(cities=[WUHAN]))
    assert matching_tour(report(cities=[WUHAN]), [one, wuhan]) is wuhan


def test_of_two_tours_on_the_same_days_the_one_sharing_more_places_and_companies_wins():
    day = dt.date(2024, 4, 8)
    wuhan = tour_of(report(start=day, cities=[WUHAN], enterprises=[YMTC]))
    xiangyang = tour_of(report(start=day, cities=[XIANGYANG]))
    found = matching_tour(report(start=day, cities=[WUHAN], enterprises=[YMTC]), [xiangyang, wuhan])
    assert found is wuhan


def test_a_tour_spans_its_sources_days_and_keeps_an_editors_date():
    tour = tour_of(
        report(start=dt.date(2024, 4, 8)),
        report(start=dt.date(2024, 4, 9), end=dt.date(2024, 4, 10)),
    )
    assert (tour.start_date, tour.end_date) == (dt.date(2024, 4, 8), dt.date(2024, 4, 10))
    tour.curated = frozenset({"end_date"})
    tour.end_date = dt.date(2024, 4, 5)  # before what the sources say: the start yields
    tour.refresh(NAMES)
    assert (tour.start_date, tour.end_date) == (dt.date(2024, 4, 5), dt.date(2024, 4, 5))


def test_a_company_named_two_ways_counts_once_and_the_strongest_themes_lead():
    tour = tour_of(
        report(enterprises=[YMTC], themes=[10, 11]),
        report(enterprises=[YMTC_SHORT], themes=[11, 12]),
    )
    assert tour.relations["enterprises"] == [YMTC]
    assert tour.relations["themes"][0] == 11


def test_curated_relations_are_left_alone():
    tour = tour_of(report(cities=[WUHAN]), curated={"cities"}, cities=[XIANGYANG])
    tour.add(report(cities=[WUHAN]), NAMES)
    assert tour.relations["cities"] == [XIANGYANG]


def test_the_title_names_leaders_provinces_and_month():
    assert (
        tour_title(["Xi Jinping"], ["Hubei", "Hunan"], dt.date(2024, 4, 8))
        == "Xi Jinping in Hubei, Hunan, April 2024"
    )
    assert tour_title([], [], None) == "Unknown leader in China"


def test_a_summary_is_the_reports_own_or_its_first_real_sentence_without_dateline():
    text = (
        "Xi inspects Hubei\n\nWUHAN, April 9 (Xinhua) -- Chinese President Xi Jinping on "
        "Tuesday visited a memory chip maker in Wuhan, central China's Hubei Province."
    )
    source = Report({"resolved": {}}, None, "Xi inspects Hubei", text)
    assert summary(source).startswith("Chinese President Xi Jinping on Tuesday visited")
    source.facts["summary"] = "Xi called for self-reliance in chips."
    assert summary(source) == "Xi called for self-reliance in chips."


def test_tours_left_unread_tie_with_those_sharing_nothing_with_an_undated_report():
    # The caller read only the tours sharing a city with the report, and counted the rest.
    wuhan, elsewhere = tour_of(report(cities=[WUHAN])), tour_of(report(cities=[XIANGYANG]))
    assert matching_tour(report(cities=[WUHAN]), [wuhan], unseen=3) is wuhan
    # Sharing nothing, it ties with the unread tours: kept apart for review.
    assert matching_tour(report(cities=[]), [elsewhere], unseen=1) is None
    assert matching_tour(report(cities=[]), [elsewhere], unseen=0) is elsewhere


def test_a_report_dated_without_a_year_joins_only_a_tour_on_those_days():
    march = tour_of(report(start=dt.date(2021, 3, 22), end=dt.date(2021, 3, 23)))
    october = tour_of(report(start=dt.date(2024, 10, 15), end=dt.date(2024, 10, 16)))
    yearless = report(days_without_year=["10-15", "10-16"])
    assert matching_tour(yearless, [march, october]) is october
    assert matching_tour(yearless, [march]) is None
    # Two undated reports of the same days are one tour; of other days, two.
    undated = tour_of(report(days_without_year=["10-16"]))
    assert matching_tour(yearless, [undated]) is undated
    assert matching_tour(report(days_without_year=["03-22"]), [undated]) is None
    # A dated report does not join an undated tour of other days.
    assert matching_tour(report(start=dt.date(2021, 3, 22)), [undated]) is None
    # A report with no days at all may still be any of them.
    assert matching_tour(report(), [undated]) is undated
