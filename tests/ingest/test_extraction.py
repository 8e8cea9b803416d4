"""Each extraction step on sentences written to test it (tests/corpus tries the same rules on\nreal articles), and the five seed articles end to end."""

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
    ("text", "reason"),
    [
        (
            "BEIJING, May 20 (Xinhua) -- Chinese Premier Li Qiang presided over an executive "
            "meeting of the State Council in Beijing on Monday to plan flood control for the summer.",
            "a meeting in Beijing",
        ),
        (
            "HANOI, Dec. 13 (Xinhua) -- Chinese President Xi Jinping arrived in Hanoi on Tuesday "
            "for a state visit to Vietnam, where he met the country's leaders and visited a "
            "friendship exhibition.",
            "a foreign trip",
        ),
        (
            "BEIJING, April 1 (Xinhua) -- Li Xi attended a meeting in Beijing on Monday to launch a "
            "new round of disciplinary inspection of provinces, which will send inspection teams "
            "to Hubei and Hunan.",
            "a meeting launching disciplinary inspection rounds",
        ),
        (
            "BEIJING, Aug. 2 (Xinhua) -- Vice Premier Zhang Guoqing inspected flood control work "
            "across Hunan and Jiangxi by teleconference on Friday.",
            "a teleconference",
        ),
        (
            "BEIJING, Nov. 6 (Xinhua) -- Chinese President Xi Jinping held talks with the "
            "Australian prime minister at the Great Hall of the People in Beijing on Monday. Xi "
            "also met the president of Kenya in Beijing.",
            "meetings with foreign guests in Beijing",
        ),
    ],
)
def test_it_tells_other_news_from_tours(extract_text, text, reason):
    assert not extract_text(text, published=D(2024, 1, 1)).is_tour, reason


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


def test_accompanying_officials_come_from_accompanied_by(extract_text):
    facts = extract_text(
        "CHANGSHA, March 22 (Xinhua) -- Chinese Premier Li Qiang made an inspection tour in Hunan "
        "Province from Tuesday to Wednesday, accompanied by Shen Xiaoming, secretary of the CPC "
        "Hunan Provincial Committee, and Mao Weiming, governor of Hunan.",
        published=D(2023, 3, 22),
    )
    assert names(facts, "officials") == ["Li Qiang"]
    assert names(facts, "accompanying") == ["Shen Xiaoming", "Mao Weiming"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Two Lu Haos: Gansu's governor and Party secretary (2001-2011), Heilongjiang's
        # governor (2013-2018).
        (
            "Premier Wen Jiabao made an inspection tour in Gansu Province on Tuesday, "
            "accompanied by provincial Party secretary Lu Hao.",
            D(2008, 5, 14),
            "Lu Hao (born 1947)",
        ),
        (
            "Premier Li Keqiang made an inspection tour in Heilongjiang Province on Tuesday, "
            "accompanied by Governor Lu Hao.",
            D(2015, 7, 20),
            "Lu Hao",
        ),
        # Two Liu Qis: Beijing's Party secretary (2002-2012), Jiangxi's governor and Party
        # secretary (2016-2021).
        (
            "President Hu Jintao made an inspection tour in Beijing on Tuesday, accompanied by "
            "Liu Qi, secretary of the CPC Beijing Municipal Committee.",
            D(2008, 7, 20),
            "Liu Qi",
        ),
        (
            "President Xi Jinping made an inspection tour in Jiangxi Province on Tuesday, "
            "accompanied by Liu Qi, secretary of the CPC Jiangxi Provincial Committee.",
            D(2019, 5, 22),
            "Liu Qi (born 1957)",
        ),
        # No date: the one whose province the sentence names.
        (
            "President Xi Jinping made an inspection tour in Jiangxi Province, accompanied by "
            "Liu Qi, secretary of the CPC Jiangxi Provincial Committee.",
            None,
            "Liu Qi (born 1957)",
        ),
    ],
)
def test_of_two_officials_of_one_name_the_one_in_post_on_the_day_accompanies(
    extract_text, text, published, expected
):
    facts = extract_text(text, published=published)
    assert names(facts, "accompanying") == [expected]


def test_people_shown_with_the_leader_accompany_him(extract_text):
    facts = extract_text(
        "Xi Jinping made an inspection tour in Zhejiang Province on Tuesday. Photos on state "
        "television showed Xi with provincial Party secretary Yi Lianhong and governor Wang Hao "
        "at a village.",
        published=D(2023, 9, 20),
    )
    assert names(facts, "accompanying") == ["Yi Lianhong", "Wang Hao"]


def test_a_place_in_a_stock_photo_caption_is_not_visited(extract_text):
    facts = extract_text(
        "Vice premier urges a good wheat harvest\n\nA harvester cuts wheat at a village in Heze "
        "City, east China's Shandong Province, June 2, 2021. /File photo\n\nVice Premier Hu "
        "Chunhua made an inspection tour in Henan Province on Sunday and Monday to check the "
        "wheat harvest.",
        published=D(2022, 5, 30),
    )
    assert names(facts, "provinces") == ["Henan"]
    assert names(facts, "cities") == []


def test_places_in_compound_names_and_speculation_are_not_visited(extract_text):
    facts = extract_text(
        "Premier Li Qiang inspected Guangdong Province on Thursday, visiting farms in Qingyuan. "
        "He crossed the Hong Kong-Zhuhai-Macao Bridge on the way back. Analysts said a visit to "
        "Qianhai in Shenzhen could be on the cards.",
        published=D(2023, 6, 9),
    )
    assert names(facts, "provinces") == ["Guangdong"]
    assert names(facts, "cities") == ["Qingyuan"]


def test_a_past_trip_in_the_background_is_not_part_of_the_tour(extract_text):
    facts = extract_text(
        "WUHAN, Jan. 3 (Xinhua) -- Premier Li Qiang made an inspection tour in Hubei Province on "
        "Tuesday and Wednesday and visited Yangtze Memory Technologies Co. in Wuhan. In March, "
        "Li visited companies including electric car maker BYD Co. in Hunan Province.",
        published=D(2024, 1, 4),
    )
    assert names(facts, "provinces") == ["Hubei"]
    assert names(facts, "enterprises") == ["Yangtze Memory Technologies Co."]


def test_county_level_cities_under_the_province_count_but_not_xpcc_cities(extract_text):
    hainan = extract_text(
        "SANYA, April 13 (Xinhua) -- Xi Jinping made an inspection tour in Hainan Province from "
        "Sunday to Wednesday, visiting Sanya and the county-level city of Wuzhishan.",
        published=D(2022, 4, 14),
    )
    assert names(hainan, "cities") == ["Sanya", "Wuzhishan"]
    xinjiang = extract_text(
        "URUMQI, July 15 (Xinhua) -- Xi Jinping made an inspection tour in Xinjiang from Tuesday "
        "to Friday, visiting Urumqi and Turpan. He also met officers of the Xinjiang Production "
        "and Construction Corps in Shihezi.",
        published=D(2022, 7, 16),
    )
    assert names(xinjiang, "cities") == ["Urumqi", "Turpan"]


def test_a_dateline_city_alone_is_not_a_visited_city(extract_text):
    facts = extract_text(
        "SHIJIAZHUANG, June 4 (Xinhua) -- Zhao Leji made an inspection tour in Hebei Province "
        "from Sunday to Tuesday, visiting villages and factories.",
        published=D(2024, 6, 4),
    )
    assert facts.dateline_place == "SHIJIAZHUANG"
    assert names(facts, "cities") == []
    assert names(facts, "provinces") == ["Hebei"]


def test_unnamed_companies_are_not_enterprises(extract_text):
    facts = extract_text(
        "Premier Li Qiang made an inspection tour in Zhejiang Province on Tuesday, visiting a "
        "local company that makes robots and a new energy vehicle maker.",
        published=D(2023, 10, 10),
    )
    assert facts.is_tour and names(facts, "enterprises") == []


def test_companies_named_by_descriptor_appositive_or_the_x_company(extract_file, extract_text):
    facts = extract_text(
        "Premier Li Qiang made an inspection tour in Guangdong Province on Tuesday. He visited "
        "logistics company S.F. Express in Shenzhen, and BYD, an electric car maker.",
        published=D(2023, 6, 7),
    )
    assert names(facts, "enterprises") == ["S.F. Express", "BYD"]
    assert "HGTECH" in names(extract_file("000_8ffdb5951c81381d.txt"), "enterprises")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He visited a village to see how farmers grow wheat and store grain.",
            {"agriculture-rural"},
        ),
        (
            "He called for deepening reform of state-owned enterprises and better governance.",
            {"reform-governance"},
        ),
        (
            "At a village hit by floods, he asked about jobs, health care and how families lifted "
            "out of poverty would avoid falling back into poverty after the disaster.",
            {"livelihood-employment", "poverty-alleviation", "disaster-relief"},
        ),
    ],
)
def test_themes_come_from_the_gazetteer_keywords(extract_text, text, expected):
    facts = extract_text(
        "Premier Li Qiang made an inspection tour in Gansu Province on Tuesday. " + text,
        published=D(2023, 8, 2),
    )
    themes = set(names(facts, "themes"))
    assert expected <= themes
    assert len(themes) <= 5


def tour_themes(extract_text, text):
    facts = extract_text(
        "Premier Li Qiang made an inspection tour in Gansu Province on Tuesday. " + text,
        published=D(2023, 8, 2),
    )
    return set(names(facts, "themes"))


def test_one_mention_of_a_key_term_makes_a_theme_and_of_another_keyword_does_not(extract_text):
    assert "semiconductors" in tour_themes(
        extract_text, "He visited a semiconductor company in Lanzhou."
    )
    assert "poverty-alleviation" in tour_themes(
        extract_text, "He asked how many households still live in poverty."
    )
    # "culture" is a keyword, not a key term: once is not enough.
    assert "consumption-services" not in tour_themes(
        extract_text, "He visited a museum of local culture."
    )


def test_a_keyword_inside_a_name_or_a_place_s_possessive_is_no_theme(extract_text):
    themes = tour_themes(
        extract_text,
        "He went on to northeast China's Jilin Province. He inspected Weihai Port, met staff "
        "of Luolai Lifestyle Technology Co and toured the Jinpo Village museum.",
    )
    assert not themes & {"regional-development", "opening-up-trade", "sci-tech-innovation"}
    assert "regional-development" in tour_themes(
        extract_text,
        "He urged faster revitalization of northeast China and its old industrial base.",
    )


def test_a_stop_at_a_village_is_not_by_itself_a_tour_about_farming(extract_text):
    assert "agriculture-rural" not in tour_themes(
        extract_text, "He visited a village and talked with villagers there."
    )
    assert "agriculture-rural" in tour_themes(
        extract_text, "He visited a village to see how farmers grow wheat and store grain."
    )


def test_links_to_other_stories_and_a_news_ticker_give_no_theme(extract_text):
    themes = tour_themes(
        extract_text,
        "He called for more efforts in foreign trade and opening up.\n"
        "- Beijing builds hub for modern agriculture\n"
        "- China achieves major breakthroughs in rare metals\n"
        "Gold price closes down \u2022 Floods hit the south \u2022 Stocks close higher",
    )
    assert "opening-up-trade" in themes
    assert not themes & {"agriculture-rural", "sci-tech-innovation", "disaster-relief"}


def test_a_full_stop_with_no_space_after_it_still_ends_a_sentence():
    from archive.ingest.extraction.text import split_sentences

    texts = [
        s.text
        for s in split_sentences(
            "Han visited Xiongan in Hebei Province.Han called for U.S.A. trade."
        )
    ]
    assert texts == ["Han visited Xiongan in Hebei Province.", "Han called for U.S.A. trade."]


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
