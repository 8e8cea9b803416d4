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
