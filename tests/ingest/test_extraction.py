"""Each extraction step on real sentences, and the five seed articles end to end."""

import datetime as dt

import pytest

D = dt.date


def names(facts, field):
    return [f.value for f in getattr(facts, field)]


# The five seed articles, read as an editor reads them (ANNOTATION.md).
SEED_EXPECTATIONS = {
    "000_8ffdb5951c81381d.txt": {
        "published": D(2024, 1, 4),
        "dates": (D(2024, 1, 2), D(2024, 1, 3)),
        "officials": ["Li Qiang"],
        "accompanying": [],
        "provinces": ["Hubei"],
        "cities": ["Yichang", "Wuhan", "Ezhou"],
        "enterprises": ["Yangtze Memory Technologies Co", "HGTECH"],
    },
    "001_a146d90ff7dfbf99.txt": {
        "published": D(2023, 3, 22),
        "dates": (D(2023, 3, 21), D(2023, 3, 22)),
        "officials": ["Li Qiang"],
        "accompanying": ["Wu Zhenglong"],
        "provinces": ["Hunan"],
        "cities": ["Zhuzhou", "Changsha"],
        "enterprises": [
            "Zhuzhou Cemented Carbide Group",
            "CRRC Zhuzhou Electric Locomotive",
            "Hunan Shanhe Technology",
            "Changsha Lens Technology Co., Ltd.",
            "Changsha BYD Automobile",
            "China Railway Construction Heavy Industry",
        ],
    },
    "002_f6c6e3979f25b63b.txt": {
        "published": None,
        "dates": (None, None),
        "officials": ["Li Qiang"],
        "accompanying": [],
        "provinces": ["Beijing"],
        "cities": [],
        "enterprises": ["Baidu", "Naura Technology Group Co., Ltd."],
    },
    "003_2a0a5eab49f6c517.txt": {
        "published": D(2024, 9, 4),
        "dates": (D(2024, 9, 2), D(2024, 9, 3)),
        "officials": ["Zhang Guoqing"],
        "accompanying": [],
        "provinces": ["Chongqing"],
        "cities": [],
        "enterprises": [],
    },
    "004_606f8aa88d3c39c6.txt": {
        "published": D(2023, 10, 10),
        "dates": (D(2023, 10, 7), D(2023, 10, 9)),
        "officials": ["Li Qiang"],
        "accompanying": ["Wu Zhenglong"],
        "provinces": ["Zhejiang"],
        "cities": ["Hangzhou"],
        "enterprises": [
            "Hikvision Digital Technology Co., Ltd.",
            "Guangli Microelectronics Co., Ltd.",
        ],
    },
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTATIONS))
def test_it_reads_each_seed_article_like_an_editor(extract_file, name):
    expected = SEED_EXPECTATIONS[name]
    facts = extract_file(name)
    assert facts.is_tour
    assert facts.published == expected["published"]
    assert (facts.start_date, facts.end_date) == expected["dates"]
    for field in ("officials", "accompanying", "provinces", "cities"):
        assert names(facts, field) == expected[field], field
    assert sorted(names(facts, "enterprises")) == sorted(expected["enterprises"])


def test_every_fact_points_at_the_sentence_it_came_from(extract_file):
    facts = extract_file("001_a146d90ff7dfbf99.txt")
    for field in ("officials", "accompanying", "provinces", "cities", "enterprises"):
        for fact in getattr(facts, field):
            sentence = facts.sentences[fact.sentence].text
            assert fact.value.split()[0] in sentence or fact.value in facts.text, (field, fact)
    zhuzhou = next(f for f in facts.cities if f.value == "Zhuzhou")
    assert facts.sentences[zhuzhou.sentence].text.startswith("In Zhuzhou, Li Qiang inspected")


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
def test_it_tells_other_news_from_tours(extract_file, name, reason):
    assert not extract_file(name).is_tour, reason


def test_the_leader_is_who_tours_not_whose_speech_is_quoted(extract_text):
    facts = extract_text(
        "Li Qiang emphasized the significance of studying General Secretary Xi Jinping's important "
        "instructions. Li Qiang inspected Hikvision Digital Technology Co., Ltd. in Hangzhou, "
        "east China's Zhejiang Province.",
        published=D(2023, 10, 10),
    )
    assert names(facts, "officials") == ["Li Qiang"]


def test_the_post_held_at_the_time_decides_who_premier_li_is(gazetteer):
    li_keqiang = gazetteer.person_index["Li Keqiang"]
    li_qiang = gazetteer.person_index["Li Qiang"]
    assert li_keqiang.is_central_leader(D(2020, 7, 7))
    assert {p.rank for p in li_qiang.posts_on(D(2020, 7, 7))} == {
        "provincial_secretary",
        "politburo",
    }
    assert "premier" in {p.rank for p in li_qiang.posts_on(D(2024, 1, 4))}


def test_accompanying_officials_come_from_accompanied_by(extract_file):
    facts = extract_file("d014.txt")
    assert names(facts, "officials") == ["Li Keqiang"]
    assert names(facts, "accompanying") == ["Sun Zhigang", "Shen Yiqin"]


def test_people_shown_with_the_leader_accompany_him(extract_file):
    assert names(extract_file("d012.txt"), "accompanying") == ["Sun Zhengcai", "Huang Qifan"]


def test_a_place_in_a_stock_photo_caption_is_not_visited(extract_file):
    facts = extract_file("d020.txt")
    assert names(facts, "provinces") == ["Henan"]
    assert names(facts, "cities") == []


def test_places_in_compound_names_and_speculation_are_not_visited(extract_file):
    facts = extract_file("d010.txt")
    # "Hong Kong-Zhuhai-Macau Bridge", and "a visit to Qianhai in Shenzhen could be on the cards".
    assert names(facts, "provinces") == ["Guangdong"]
    assert names(facts, "cities") == ["Qingyuan"]


def test_a_past_trip_in_the_background_is_not_part_of_the_tour(extract_file):
    facts = extract_file("d002.txt")
    assert names(facts, "provinces") == ["Hubei"]
    assert "Hunan" not in names(facts, "provinces")
    # "In March, Li visited companies including electric car maker BYD Co. and Lens Technology Co."
    assert sorted(names(facts, "enterprises")) == [
        "Wuhan Huagong Laser Engineering Co.",
        "Yangtze Memory Technologies Co.",
    ]


def test_county_level_cities_under_the_province_count_but_not_xpcc_cities(extract_file):
    assert names(extract_file("d007.txt"), "cities") == ["Sanya", "Wuzhishan", "Danzhou"]
    assert names(extract_file("d009.txt"), "cities") == ["Urumqi", "Turpan"]


def test_a_dateline_city_alone_is_not_a_visited_city(extract_file):
    facts = extract_file("d029.txt")
    assert facts.dateline_place == "SHIJIAZHUANG"
    assert names(facts, "cities") == []
    assert names(facts, "provinces") == ["Hebei"]


def test_unnamed_companies_are_not_enterprises(extract_file):
    assert names(extract_file("d027.txt"), "enterprises") == []
    assert names(extract_file("d005.txt"), "enterprises") == []


def test_companies_named_by_descriptor_appositive_or_the_x_company(extract_file):
    assert names(extract_file("d016.txt"), "enterprises") == ["S.F. Express", "BYD"]
    assert "HGTECH" in names(extract_file("000_8ffdb5951c81381d.txt"), "enterprises")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("d019.txt", {"agriculture-rural"}),
        ("d021.txt", {"reform-governance"}),
        ("d013.txt", {"livelihood-employment", "poverty-alleviation", "disaster-relief"}),
    ],
)
def test_themes_come_from_the_gazetteer_keywords(extract_file, name, expected):
    themes = set(names(extract_file(name), "themes"))
    assert expected <= themes
    assert len(themes) <= 5


def test_it_reads_a_chinese_report(extract_text):
    facts = extract_text(
        "李强在湖北考察\n\n新华社武汉1月3日电 1月2日至3日，中共中央政治局常委、国务院总理李强在湖北考察。"
        "李强先后来到宜昌、武汉、鄂州，考察了长江存储科技有限责任公司。",
        published=D(2024, 1, 4),
    )
    assert facts.language == "zh"
    assert facts.is_tour
    assert names(facts, "officials") == ["Li Qiang"]
    assert names(facts, "provinces") == ["Hubei"]
    assert set(names(facts, "cities")) == {"Yichang", "Wuhan", "Ezhou"}
    assert (facts.start_date, facts.end_date) == (D(2024, 1, 2), D(2024, 1, 3))
    assert names(facts, "enterprises") == ["长江存储科技有限责任公司"]


def test_a_discipline_inspection_round_is_not_a_tour(extract_text):
    facts = extract_text(
        "中央第一巡视组进驻湖北。中共中央政治局常委李希在湖北主持召开巡视工作动员会。",
        published=D(2024, 4, 1),
    )
    assert not facts.is_tour
