"""Records that exist: names cut at an apostrophe or two companies joined by "and" must not
make people and companies of their own. Sentences written for these tests."""

import datetime as dt

import pytest


def names(facts, field):
    return [f.value for f in getattr(facts, field)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Two companies with legal forms, joined by "and".
        (
            "Li visited Hongda Logistics Holdings and Junfeng Automotive Corporation in Wuhan.",
            {"Hongda Logistics Holdings", "Junfeng Automotive Corporation"},
        ),
        (
            "Li toured Kaiyuan Machine Tool Group and Shenyang Ruixin Optics Co., Ltd. in Wuhan.",
            {"Kaiyuan Machine Tool Group", "Shenyang Ruixin Optics Co., Ltd."},
        ),
        # A name that ends in its trade, then one with a legal form.
        (
            "Li visited Dongfeng Motor and Yangtze Memory Technologies Co. in Wuhan.",
            {"Dongfeng Motor", "Yangtze Memory Technologies Co."},
        ),
        (
            "Li visited Hengfeng Robotics and Wuhan Ruixin Optics Group in Wuhan.",
            {"Hengfeng Robotics", "Wuhan Ruixin Optics Group"},
        ),
        # An institution's name is not cut at "and" for it.
        (
            "Li visited the National Food and Strategic Reserves Administration's depot and "
            "Hubei Grain Logistics Co., Ltd.",
            {"Hubei Grain Logistics Co., Ltd."},
        ),
        # One company whose name holds "and".
        (
            "Li inspected Taiyuan Iron and Steel (Group) Co., Ltd. in Wuhan.",
            {"Taiyuan Iron and Steel (Group) Co., Ltd."},
        ),
        (
            "Li visited Mingde Import and Export Corporation in Wuhan.",
            {"Mingde Import and Export Corporation"},
        ),
        (
            "Li visited Hengxin Grain and Oil, a grain processing company in Wuhan.",
            {"Hengxin Grain and Oil"},
        ),
    ],
)
def test_companies_joined_by_and(extract_text, sentence, expected):
    facts = extract_text(
        f"Premier Li Qiang made an inspection tour in Hubei Province. {sentence}",
        published=dt.date(2024, 1, 4),
    )
    assert set(names(facts, "enterprises")) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Li visited Hubei's Dongfeng Motor Corporation.", "Dongfeng Motor Corporation"),
        (
            "Li visited Xi'an's Longi Green Energy Technology Co., Ltd.",
            "Longi Green Energy Technology Co., Ltd.",
        ),
        ("Li visited Wuhan\u2019s Ruixin Optics Co., Ltd.", "Ruixin Optics Co., Ltd."),
        ("Li visited McDonald's Corporation in Wuhan.", "McDonald's Corporation"),
    ],
)
def test_a_place_s_possessive_is_no_part_of_a_company_s_name(extract_text, sentence, expected):
    facts = extract_text(
        f"Premier Li Qiang made an inspection tour in Hubei Province. {sentence}",
        published=dt.date(2024, 1, 4),
    )
    assert names(facts, "enterprises") == [expected]


def test_a_name_with_an_apostrophe_is_one_person(extract_text):
    facts = extract_text(
        "Xi Jinping made an inspection tour in Gansu Province. Accompanying Xi were municipal "
        "Party chief Liu Min'er and Mayor Zhang Gong.",
        published=dt.date(2018, 5, 6),
    )
    assert set(names(facts, "accompanying")) == {"Liu Min'er", "Zhang Gong"}
