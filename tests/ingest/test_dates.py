import datetime as dt

import pytest

from archive.ingest.extraction.dates import dateline, published_date, tour_dates
from archive.ingest.extraction.text import split_sentences

D = dt.date


def span(text: str, reference: dt.date | None):
    found = tour_dates(split_sentences(text), reference, lambda i: True)
    return found.start, found.end


@pytest.mark.parametrize(
    ("sentence", "reference", "expected"),
    [
        # 000: header Thursday 2024-01-04.
        (
            "He made the remarks during a fact-finding trip to Central China's Hubei province on Tuesday and Wednesday.",
            D(2024, 1, 4),
            (D(2024, 1, 2), D(2024, 1, 3)),
        ),
        # 003: dateline CHONGQING, Sept. 3 (a Tuesday).
        (
            "Zhang made the remarks during his research trip in southwest China's Chongqing Municipality from Monday to Tuesday.",
            D(2024, 9, 3),
            (D(2024, 9, 2), D(2024, 9, 3)),
        ),
        # 001: explicit days, year from the header.
        (
            "From March 21st to 22nd, Li Qiang investigated and presided over a symposium in Hunan.",
            D(2023, 3, 22),
            (D(2023, 3, 21), D(2023, 3, 22)),
        ),
        (
            "Li Qiang recently visited Zhejiang from October 7th to 9th.",
            D(2023, 10, 9),
            (D(2023, 10, 7), D(2023, 10, 9)),
        ),
        (
            "Premier Li Keqiang sent his Spring Festival greetings to the people of Shangluo on an inspection trip from Jan 26-28.",
            D(2014, 1, 29),
            (D(2014, 1, 26), D(2014, 1, 28)),
        ),
        (
            "Zhang made the instruction during an inspection tour in east China's Shandong Province between Jan. 13 and 15.",
            D(2024, 1, 15),
            (D(2024, 1, 13), D(2024, 1, 15)),
        ),
        (
            "Zhao made the remarks during an inspection tour from last Sunday to Tuesday in north China's Hebei Province.",
            D(2024, 6, 4),
            (D(2024, 6, 2), D(2024, 6, 4)),
        ),
        (
            "Li made the remarks during an investigation and research tour in Sichuan Province that began on Wednesday and concluded on Saturday.",
            D(2024, 6, 1),
            (D(2024, 5, 29), D(2024, 6, 1)),
        ),
        (
            "Li made these remarks during a four-day investigation and research tour in Sichuan Province, which concluded on Saturday.",
            D(2024, 6, 1),
            (D(2024, 5, 29), D(2024, 6, 1)),
        ),
        # A tour across the turn of a month.
        (
            "He inspected Guangxi from Aug. 30 to Sept. 2.",
            D(2023, 9, 3),
            (D(2023, 8, 30), D(2023, 9, 2)),
        ),
        # Across the turn of the year: December days in a January report.
        (
            "He made an inspection tour from Dec. 30 to Jan. 1.",
            D(2025, 1, 2),
            (D(2024, 12, 30), D(2025, 1, 1)),
        ),
        # No reference date: weekdays cannot be placed.
        (
            "During an inspection tour in Beijing on Wednesday, Li emphasized innovation.",
            None,
            (None, None),
        ),
        (
            "during his inspection tour of South China's Hainan province from April 10 to April 13.",
            None,
            (None, None),
        ),
    ],
)
def test_it_resolves_tour_spans_against_the_reference_date(sentence, reference, expected):
    assert span(sentence, reference) == expected


def test_a_single_named_day_is_a_one_day_tour():
    text = (
        "Xi Jinping inspected Changsha, capital city of central China's Hunan Province, on Monday."
    )
    assert span(text, D(2024, 3, 19)) == (D(2024, 3, 18), D(2024, 3, 18))


def test_a_report_written_mid_tour_has_no_end_date():
    text = (
        "Xi Jinping tours Guangzhou after highlighting wealth gap. President's visit to Guangdong continues. "
        "After attending the opening of the bridge on Tuesday, Xi also visited Guangdong province's backwaters. "
        "Xi visited Guangzhou on Wednesday afternoon."
    )
    assert span(text, D(2018, 10, 24)) == (D(2018, 10, 23), None)


@pytest.mark.parametrize(
    ("header", "text", "expected"),
    [
        ("2024-01-04", "Premier Li Qiang has emphasized ...", D(2024, 1, 4)),
        (
            None,
            "Premier Li inspects Qinghai\n\nUpdated: Jan 22,2020 09:27 PM\n\nPremier Li Keqiang urged",
            D(2020, 1, 22),
        ),
        (
            None,
            "Vice premier says China not loosening COVID response\n\nXinhua) 10:03, July 20, 2022\n\nSHIJIAZHUANG, July 19 (Xinhua) --",
            D(2022, 7, 20),
        ),
        (
            None,
            "PUBLISHED : Wednesday, 24 October, 2018, 11:40am\nUPDATED : Wednesday, 24 October, 2018, 5:17pm",
            D(2018, 10, 24),
        ),
        (
            None,
            "Chengdu, June 01, 2024, The Europe Today: Li Xi, China's top anti-corruption official",
            D(2024, 6, 1),
        ),
        # A dateline without a year takes it from a full date printed in the article.
        (
            None,
            "Wang talks with villagers, May 23, 2022. (Xinhua/Liu Weibing)\n\nLANZHOU, May 25 (Xinhua) -- Wang Yang has stressed",
            D(2022, 5, 25),
        ),
        (
            None,
            "HAIKOU — President Xi Jinping has called for accelerating the development of Hainan.",
            None,
        ),
    ],
)
def test_it_finds_the_published_date(header, text, expected):
    assert published_date(header, text) == expected


def test_the_dateline_takes_its_year_from_the_published_date():
    place, day = dateline(
        "WUHAN, Jan. 3 (Xinhua) -- Chinese Premier Li Qiang called for", D(2024, 1, 4)
    )
    assert (place, day) == ("WUHAN", D(2024, 1, 3))
    # A December dateline in a report published in January belongs to the year before.
    assert dateline("BEIJING, Dec. 31 (Xinhua) -- Xi said", D(2025, 1, 1))[1] == D(2024, 12, 31)
