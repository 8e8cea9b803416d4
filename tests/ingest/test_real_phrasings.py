"""Tours as real pages word them: places named through a county or a prefecture, days named
without a year. Sentences written for these tests; the gazetteer is the shipped one."""

import datetime as dt

import pytest

D = dt.date


def names(facts, field):
    return [f.value for f in getattr(facts, field)]


@pytest.mark.parametrize(
    ("text", "province"),
    [
        # A county, new area or village the gazetteer does not know, then its province.
        (
            "Zhao Leji made the remarks during an inspection tour in Lanping County, northwest "
            "China's Shaanxi Province on Monday.",
            "Shaanxi",
        ),
        (
            "Zhang Gaoli inspected relocation work during his research trip in Jinhe New Area, north "
            "China's Hebei Province.",
            "Hebei",
        ),
        ("Wang Huning inspected the campaign as he visited Dongpo, Henan Province.", "Henan"),
        ("Premier Li Keqiang heads to Baiyu, Yunnan province to direct quake relief.", "Yunnan"),
        # A weekday after the province is no part of its name.
        (
            "Vice Premier Hu Chunhua said so during a two-day inspection tour in east China's Jiangsu "
            "Province Friday and Saturday.",
            "Jiangsu",
        ),
    ],
)
def test_a_province_named_after_a_place_it_holds(extract_text, text, province):
    facts = extract_text(text, published=D(2016, 5, 10))
    assert facts.is_tour
    assert names(facts, "provinces") == [province]


def test_prefectures_and_autonomous_prefectures_are_listed_as_cities(extract_text):
    facts = extract_text(
        "Wang Huning visited Dehong Dai and Jingpo Autonomous Prefecture as well as the city of Kunming "
        "during an inspection tour in southwest China's Yunnan Province. Earlier, Wang "
        "toured Hotan Prefecture in northwest China's Xinjiang Uygur Autonomous Region.",
        published=D(2019, 3, 1),
    )
    assert set(names(facts, "cities")) == {"Dehong", "Kunming", "Hotan"}


def test_days_without_a_year_are_kept_as_month_days(extract_text):
    facts = extract_text(
        "XIAMEN -- From Nov. 3 to 5, Xi Jinping conducted an inspection tour in Fujian Province."
    )
    assert facts.start_date is None
    assert facts.days_without_year == ["11-03", "11-04", "11-05"]
    facts = extract_text("On May 9, Xi Jinping visited a port in Xiamen, Fujian.")
    assert facts.days_without_year == ["05-09"]
    # Dated, the month-days are not needed.
    facts = extract_text(
        "From Nov. 3 to 5, Xi Jinping conducted an inspection tour in Fujian.",
        published=D(2020, 11, 6),
    )
    assert (facts.start_date, facts.days_without_year) == (D(2020, 11, 3), [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Known to the gazetteer, in the phrasings of real reports.
        (
            "Between May 3 and 5, Xi Jinping went on an inspection tour to Gansu, with the "
            "accompany of Secretary of the CPC Gansu provincial committee Lin Duo and Governor "
            "of the provincial government Tang Renjian.",
            ["Lin Duo", "Tang Renjian"],
        ),
        (
            "Accompanying Xi Jinping on the tour of Gansu were provincial Party secretary Lin Duo "
            "and governor Tang Renjian.",
            ["Lin Duo", "Tang Renjian"],
        ),
        # Names followed by their Chinese characters, with or without a space.
        (
            "Xi Jinping inspected Gansu, accompanied by Lin Duo林铎, secretary of the CPC Gansu "
            "Provincial Committee, and Tang Renjian 唐仁健, governor of the province.",
            ["Lin Duo", "Tang Renjian"],
        ),
        # Unknown to the gazetteer: found by the post after or before the name.
        (
            "Xi Jinping inspected Gansu, accompanied by Guo Wenbo, secretary of the CPC Gansu "
            "Provincial Committee, and Lu Minghua, governor of the province.",
            ["Guo Wenbo", "Lu Minghua"],
        ),
        (
            "Xi Jinping made an inspection tour in Gansu Province. Accompanying Xi were Gansu "
            "Party chief Guo Wenbo and Governor Lu Minghua.",
            ["Guo Wenbo", "Lu Minghua"],
        ),
        # A name with an apostrophe is one name.
        (
            "Xi Jinping toured Gansu, accompanied by provincial Party secretary Zhang Min'er.",
            ["Zhang Min'er"],
        ),
    ],
)
def test_accompanying_officials_in_real_phrasings(extract_text, text, expected):
    facts = extract_text(text, published=D(2018, 5, 6))
    assert names(facts, "officials") == ["Xi Jinping"]
    assert names(facts, "accompanying") == expected


def test_officials_the_gazetteer_does_not_know_are_marked_new(extract_text):
    facts = extract_text(
        "Xi Jinping inspected Gansu, accompanied by Guo Wenbo, secretary of the CPC Gansu "
        "Provincial Committee, and provincial governor Tang Renjian.",
        published=D(2018, 5, 6),
    )
    assert {f.value: f.key for f in facts.accompanying} == {
        "Guo Wenbo": "",
        "Tang Renjian": "Tang Renjian",
    }
