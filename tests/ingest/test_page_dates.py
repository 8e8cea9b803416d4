"""Dates as real pages print them: the page's own date in its furniture, and tour days named
by weekday or by a photo caption's date. Sentences written for these tests."""

import datetime as dt

import pytest

from archive.ingest.extraction.dates import page_stamps, published_date, tour_dates
from archive.ingest.extraction.text import split_sentences

D = dt.date


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # A labelled stamp, the label and the date in many forms.
        (
            "Vice premier visits farms\nPosted: March-02-2011Adjust font size:\n\nText.",
            D(2011, 3, 2),
        ),
        (
            "Last updated at: (Beijing Time) Monday, May 5, 2003\nVice-Premier tours dams",
            D(2003, 5, 5),
        ),
        ("Premier inspects ports\n日期: 2015-03-09 10:12   编辑: 王\n\nText.", D(2015, 3, 9)),
        ("Top legislator in Gansu\nupdatetime:2019-06-21 08:00:01 Views:0", D(2019, 6, 21)),
        # A date beside a time of day.
        (
            "Premier visits flood areas\n\n09-08-2013 07:41 BJT\n\nCHANGSHA, Aug. 8 (Xinhua) --",
            D(2013, 8, 9),
        ),
        ("Xinhua | 2018-05-12 09:30\n\nThe premier visited", D(2018, 5, 12)),
        ("2021/10/03 18:22:09\nThe vice premier inspected", D(2021, 10, 3)),
        # A short line holding a date: a blog's date line, a byline, a source line.
        (
            "Friday, March 14, 2008\n\nPresident visits Yunnan villages\n\nIn the days",
            D(2008, 3, 14),
        ),
        ("• Sunday, 3 Mar 2024\n\nPremier tours Hunan", D(2024, 3, 3)),
        ("Email Print Xinhua, October 9, 2009\nAdjust font size:\n\nVice Premier", D(2009, 10, 9)),
        ("Source: Compiled by Information Office2013-05-20\nFont Size", D(2013, 5, 20)),
        (
            "Vice President visits Gansu, urging unity (07/15/10)\n\nLANZHOU, July 14 (Xinhua)",
            D(2010, 7, 15),
        ),
        # A closing stamp after the report.
        (
            "x " * 1200 + "\nHe urged local officials to act.\n(Xinhua News Agency June 3, 2007)",
            D(2007, 6, 3),
        ),
        # Lines of reporting or captions date the tour, not the page.
        (
            "Premier Li talks with farmers in a field in Hebei Province, June 2, 2015. [Photo/Xinhua]\nText",
            None,
        ),
        (
            "On May 4, 2012, the ministry said the minister had toured flood areas in the south.",
            None,
        ),
    ],
)
def test_it_finds_the_date_a_page_prints_for_itself(page, expected):
    assert published_date(None, page) == expected


def test_a_stamp_must_agree_with_the_report():
    # A reposting site's stamp, years after the report, comes first on the page.
    page = (
        "来源:网络 时间:2023/02/11 10:09:58\n\nVice premier tours Hunan\n\n08:12, July 09, 2014\n\n"
        "Wang Yang (C) talks with farmers in Hunan Province, July 7, 2014. (Xinhua/Li Tao)"
    )
    assert published_date(None, page) == D(2014, 7, 9)
    # A Chinese dateline without a year tells the two apart as well.
    page = "2024-11-03 02:22:57\n首页 新闻\n发布时间:2020-04-17 20:57\n新华社长沙4月17日电 副总理4月14日至17日在湖南调研"
    assert published_date(None, page) == D(2020, 4, 17)


def test_the_crawl_header_comes_first():
    assert published_date("2024-01-04", "Updated: 2023-12-30 10:00\nText") == D(2024, 1, 4)
    # Then a labelled stamp, before a date standing alone on an earlier line.
    stamps = page_stamps("Friday, May 5, 2023\nUpdated: 2023-05-06 10:00\n")
    assert sorted((s.rank, s.day) for s in stamps)[0] == (1, D(2023, 5, 6))
    assert published_date(None, "Friday, May 5, 2023\nUpdated: 2023-05-06 10:00\n") == D(2023, 5, 6)


def span(text, reference=None, anchor=None):
    found = tour_dates(split_sentences(text), reference, lambda i: True, anchor)
    return found.start, found.end


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # A list of weekdays, with or without "on".
        (
            "He inspected schools and farms in the province on Monday, Tuesday and Thursday.",
            D(2019, 4, 19),
            (D(2019, 4, 15), D(2019, 4, 18)),
        ),
        (
            "Wang spoke during a two-day inspection tour in Gansu Province Friday and Saturday.",
            D(2016, 7, 10),
            (D(2016, 7, 8), D(2016, 7, 9)),
        ),
        # The tour's length in one sentence, its last day in the next.
        (
            "Zhang made the remarks during a three-day inspection tour of Hebei. The tour ended Sunday.",
            D(2013, 6, 3),
            (D(2013, 5, 31), D(2013, 6, 2)),
        ),
        (
            "Premier Wen wrapped up a three-day inspection tour of Sichuan on Tuesday.",
            D(2009, 3, 12),
            (D(2009, 3, 8), D(2009, 3, 10)),
        ),
        # A month written with a stop and no space.
        (
            "In the days from Oct.12 to 14, he made a field tour to Shanxi.",
            D(2007, 10, 16),
            (D(2007, 10, 12), D(2007, 10, 14)),
        ),
    ],
)
def test_it_reads_the_days_real_reports_name(text, reference, expected):
    assert span(text, reference) == expected


def test_a_captions_date_places_the_weekdays_of_an_undated_report():
    # 2018-05-09 was a Wednesday: "from Wednesday to Friday" is the span that holds it.
    text = "Premier Li visits a port in Shandong, May 9, 2018. Li visited Shandong from Wednesday to Friday."
    assert span(text, None, D(2018, 5, 9)) == (D(2018, 5, 9), D(2018, 5, 11))
    # A weekday is the one nearest the caption's day, before or after it.
    assert span("He inspected a dam on Tuesday.", None, D(2016, 3, 7)) == (
        D(2016, 3, 8),
        D(2016, 3, 8),
    )
    assert span("He inspected a dam on Friday.", None, D(2016, 3, 7)) == (
        D(2016, 3, 4),
        D(2016, 3, 4),
    )
    # Without a date of any kind, weekdays stay unplaced.
    assert span("He inspected a dam on Tuesday.") == (None, None)
