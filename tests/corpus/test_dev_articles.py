"""Extraction on particular real articles of ../shared/corpus/dev, as an editor reads them.

Each rule is also tested on sentences written for it in tests/ingest/test_extraction.py;
these show that it holds on real pages.
"""

import pytest

from tests.articles import needs_shared

pytestmark = needs_shared


def names(facts, field):
    return [f.value for f in getattr(facts, field)]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("d030.txt", "a meeting in Beijing about environmental inspections"),
        ("d032.txt", "a foreign trip to Vietnam"),
        ("d033.txt", "a meeting launching disciplinary inspection rounds"),
        ("d034.txt", "a teleconference"),
        ("d031.txt", "meetings with foreign guests in Beijing"),
    ],
)
def test_it_tells_other_news_from_tours(extract_dev, name, reason):
    assert not extract_dev(name).is_tour, reason


def test_accompanying_officials_come_from_accompanied_by(extract_dev):
    facts = extract_dev("d014.txt")
    assert names(facts, "officials") == ["Li Keqiang"]
    assert names(facts, "accompanying") == ["Sun Zhigang", "Shen Yiqin"]


def test_people_shown_with_the_leader_accompany_him(extract_dev):
    assert names(extract_dev("d012.txt"), "accompanying") == ["Sun Zhengcai", "Huang Qifan"]


def test_a_place_in_a_stock_photo_caption_is_not_visited(extract_dev):
    facts = extract_dev("d020.txt")
    assert names(facts, "provinces") == ["Henan"]
    assert names(facts, "cities") == []


def test_places_in_compound_names_and_speculation_are_not_visited(extract_dev):
    facts = extract_dev("d010.txt")
    # "Hong Kong-Zhuhai-Macau Bridge", and "a visit to Qianhai in Shenzhen could be on the cards".
    assert names(facts, "provinces") == ["Guangdong"]
    assert names(facts, "cities") == ["Qingyuan"]


def test_a_past_trip_in_the_background_is_not_part_of_the_tour(extract_dev):
    facts = extract_dev("d002.txt")
    assert names(facts, "provinces") == ["Hubei"]
    assert "Hunan" not in names(facts, "provinces")
    # "In March, Li visited companies including electric car maker BYD Co. and Lens Technology Co."
    assert sorted(names(facts, "enterprises")) == [
        "Wuhan Huagong Laser Engineering Co.",
        "Yangtze Memory Technologies Co.",
    ]


def test_county_level_cities_under_the_province_count_but_not_xpcc_cities(extract_dev):
    assert names(extract_dev("d007.txt"), "cities") == ["Sanya", "Wuzhishan", "Danzhou"]
    assert names(extract_dev("d009.txt"), "cities") == ["Urumqi", "Turpan"]


def test_a_dateline_city_alone_is_not_a_visited_city(extract_dev):
    facts = extract_dev("d029.txt")
    assert facts.dateline_place == "SHIJIAZHUANG"
    assert names(facts, "cities") == []
    assert names(facts, "provinces") == ["Hebei"]


def test_unnamed_companies_are_not_enterprises(extract_dev):
    assert names(extract_dev("d027.txt"), "enterprises") == []
    assert names(extract_dev("d005.txt"), "enterprises") == []


def test_companies_named_by_descriptor_appositive_or_the_x_company(extract_dev):
    assert names(extract_dev("d016.txt"), "enterprises") == ["S.F. Express", "BYD"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("d019.txt", {"agriculture-rural"}),
        ("d021.txt", {"reform-governance"}),
        ("d013.txt", {"livelihood-employment", "poverty-alleviation", "disaster-relief"}),
    ],
)
def test_themes_come_from_the_gazetteer_keywords(extract_dev, name, expected):
    themes = set(names(extract_dev(name), "themes"))
    assert expected <= themes
    assert len(themes) <= 5
