"""Dates in Chinese reports: the page's own date, the dateline, and the days of the tour.

All patterns read the simplified view of the text. A day without a year is placed against
the page's date; a page that prints no year gives no date at all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from ..dates import TourDates, nearest_on_or_before, safe_date, shifted, weekday_on_or_before
from ..text import Sentence
from .script import NUMBER, number
from .spans import Spans

# "2017-06-23 10:00", "2016/1/5", "2010年02月02日", "2026 年 3 月 6 日"
FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号號]"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))"
)
# The page's own stamp: "发布时间:2017-06-23", "日期:2022-04-18", "發佈時間: 2017/06/30"
# (read in the page as crawled, in either script: see published_date)
STAMP_LABEL = re.compile(
    r"(?:发布|發布|發佈|发表|發表|更新|出版|刊发|刊發|日期|时间|時間)(?:时间|時間|日期)?\s*[:：]?\s*"
    r"(?=(?:19|20)\d{2})"
)
# "新华社长春11月16日电", "中广网长春2月5日消息", "(新华社郑州6月4日电)"
DATELINE = re.compile(
    rf"(?P<who>[\u4e00-\u9fff]{{0,10}}?)(?P<m>{NUMBER})月(?P<d>{NUMBER})日\s*(?:电|消息)"
)
# What every dateline ends with, found first: the pattern above, tried at every character of
# a page, took a third of a millisecond.
DATELINE_END = re.compile(r"日\s*(?:电|消息)")
DATELINE_REACH = 24  # characters before its end a dateline may start
HEAD = 1000  # a page's undated stamps stand near its top

RANGE = re.compile(
    rf"(?:(?P<y>(?:19|20)\d{{2}})年)?(?P<m1>{NUMBER})月(?P<d1>{NUMBER})[日号]?\s*(?:至|到|-|—|–|~|～)\s*"
    rf"(?:(?P<m2>{NUMBER})月)?(?P<d2>{NUMBER})[日号]"
)
# "22日至24日", "3日到5日": the month is the page's.
DAY_RANGE = re.compile(
    rf"(?<![\d月年第一二三四五六七八九十廿卅])(?P<d1>{NUMBER})[日号]?\s*(?:至|到|-|—|–|~|～)\s*(?P<d2>{NUMBER})[日号]"
)
MONTH_DAY = re.compile(
    rf"(?:(?P<y>(?:19|20)\d{{2}})年)?(?P<m>{NUMBER})月(?P<d>{NUMBER})[日号](?!\s*(?:电|消息))"
)
# "26日上午", "8日冒雨考察", "昨(廿二日)": a day of the page's month. Chinese numerals of
# one character ("一日", "十日") are words as often as days: only digits or longer ones.
# ("为期3日", "逗留7日", "连续3日" say how long, not which day.)
DAY = re.compile(
    r"(?<![\d月年第一二三四五六七八九十廿卅.期留续时近约共])(?P<d>\d{1,2}|[十廿卅二三][一二三四五六七八九十]{1,2}|[廿卅])[日号](?![电\d])"
)
RELATIVE_WORDS = {"昨天": -1, "昨日": -1, "昨": -1, "前天": -2, "今天": 0, "今日": 0, "今": 0}
# "昨天(2日)": the day in brackets says which.
RELATIVE_WITH_DAY = re.compile(rf"(?:昨天|昨日|昨|今天|今日|前天)\s*[(（](?P<d>{NUMBER})日[)）]")
RELATIVE = re.compile(r"(?P<w>昨天|昨日|前天|今天|今日|昨|今)(?![天日年])")
WEEKDAY_NUMBERS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
WEEKDAY = re.compile(r"(?:上)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天])")
WEEKDAY_RANGE = re.compile(
    r"(?:上)?(?:周|星期|礼拜)(?P<w1>[一二三四五六日天])\s*(?:至|到|-)\s*(?:下?(?:周|星期|礼拜))?(?P<w2>[一二三四五六日天])"
)
# "展开第三天的考察": the tour began so many days before the page's date.
NTH_DAY = re.compile(rf"第(?P<n>{NUMBER})天")
# "为期3日的访问", "在香港逗留7天": how many days it lasts.
DURATION = re.compile(rf"(?:为期|逗留|停留)(?P<n>{NUMBER})(?:天|日)")


def published_date(header_date: str | None, view: str) -> dt.date | None:
    """The page's own date: the crawl header, a labelled stamp, or a date at the top.

    `view` may be in either script: stamps are digits, and their labels are spelt both ways.
    """
    if header_date:
        try:
            day = dt.date.fromisoformat(header_date)
        except ValueError:
            day = None
        if day and 1900 <= day.year <= 2100:
            return day
    for label in STAMP_LABEL.finditer(view):
        day = _full_date(FULL_DATE.match(view, label.end()))
        if day:
            return day
    for match in FULL_DATE.finditer(view, 0, HEAD):
        day = _full_date(match)
        if day:
            return day
    return None


def _full_date(match: re.Match[str] | None) -> dt.date | None:
    if not match:
        return None
    month, day = match.group("m") or match.group("m2"), match.group("d") or match.group("d2")
    return safe_date(int(match.group("y")), int(month), int(day))


def dateline(
    view: str, published: dt.date | None
) -> tuple[str, dt.date | None, tuple[int, int] | None]:
    """(agency and place, date, (month, day)) of the report's dateline; the date needs the
    page's date for its year."""
    match = next(_datelines(view), None)
    if not match:
        return "", None, None
    month, day = number(match.group("m")), number(match.group("d"))
    if not month or not day or month > 12:
        return "", None, None
    when = nearest_on_or_before(published, month, day) if published else None
    return match.group("who"), when, (month, day)


def _datelines(text: str):
    for end in DATELINE_END.finditer(text):
        start = max(0, end.start() - DATELINE_REACH)
        match = DATELINE.search(text, start, end.end())
        if match and match.end() == end.end():
            yield match


def mask_datelines(text: str) -> str:
    """The text with its dateline blanked out (the day a report was filed, not a tour's)."""
    if "电" not in text and "消息" not in text:
        return text
    for match in list(_datelines(text)):
        text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return text


def tour_dates(
    views: Sequence[Sentence],
    reference: dt.date | None,
    is_about_tour: Callable[[int], bool],
    is_about_leader: Callable[[int], bool],
    leader_names: Sequence[str] = (),
) -> TourDates:
    """The tour's first and last days: stated ranges, else the days named for its stops."""
    ranges: list[tuple[dt.date, dt.date, int]] = []
    days: list[tuple[dt.date, int]] = []
    first_day_of: list[tuple[dt.date, int]] = []  # from "the third day of"
    durations: list[int] = []
    for index, sentence in enumerate(views):
        if not is_about_tour(index):
            continue
        text = mask_datelines(sentence.text)
        if "月" in text or "日" in text or "号" in text:
            found = _ranges(text, reference)
            ranges += [(start, end, index) for start, end in found]
            days += [(day, index) for day in _days(text, reference)]
        if reference is None:
            continue
        days += [(day, index) for day in _relative_days(text, reference, leader_names)]
        if is_about_leader(index):
            days += [(day, index) for day in _weekdays(text, reference)]
        for match in NTH_DAY.finditer(text):
            n = number(match.group("n"))
            start = shifted(reference, 1 - n) if n and n <= 30 else None
            if start:
                first_day_of.append((start, index))
        for match in DURATION.finditer(text):
            n = number(match.group("n"))
            if n and n <= 30:
                durations.append(n)
    if ranges:
        start = min(r[0] for r in ranges)
        end = max(r[1] for r in ranges)
        sentence, how = min(ranges)[2], "date range"
    elif days or first_day_of:
        found = days + first_day_of
        start, sentence = min(found)
        end = max(found)[0]
        how = "days named"
    else:
        return TourDates(None, None)
    for day, index in first_day_of:
        if day < start:
            start, sentence = day, index
    for n in durations:
        last = shifted(start, n - 1)
        if last and last > end:
            end = last
            how += ", duration"
    return TourDates(start, end, sentence, how)


def _ranges(text: str, reference: dt.date | None) -> list[tuple[dt.date, dt.date]]:
    found = []
    taken = []
    for match in RANGE.finditer(text):
        m1, d1, d2 = (number(match.group(g)) for g in ("m1", "d1", "d2"))
        m2 = number(match.group("m2")) if match.group("m2") else m1
        span = _span(match.group("y"), m1, d1, m2, d2, reference)
        if span:
            found.append(span)
            taken.append(match.span())
    if reference:
        taken = Spans(taken)
        for match in DAY_RANGE.finditer(text):
            if taken.covers(match.start()):
                continue
            d1, d2 = number(match.group("d1")), number(match.group("d2"))
            end = _day_of_month(d2, reference)
            start = _day_of_month(d1, end) if end and d1 else None
            if start and end and start <= end and (end - start).days <= 31:
                found.append((start, end))
    return found


def _span(year, m1, d1, m2, d2, reference) -> tuple[dt.date, dt.date] | None:
    if not (m1 and d1 and m2 and d2) or m1 > 12 or m2 > 12:
        return None
    if year:
        start, end = safe_date(int(year), m1, d1), safe_date(int(year), m2, d2)
        if start and end and end < start:  # "12月30日至1月2日"
            end = safe_date(int(year) + 1, m2, d2)
    elif reference:
        end = nearest_on_or_before(reference, m2, d2)
        start = nearest_on_or_before(end, m1, d1, slack=0) if end else None
    else:
        return None
    if start and end and start <= end and (end - start).days <= 62:
        return start, end
    return None


def _day_of_month(day: int | None, reference: dt.date) -> dt.date | None:
    """The day of this number on or a few days after the reference's month, else the month
    before: "28日" read on 1 May is 28 April."""
    if not day or day > 31:
        return None
    candidate = safe_date(reference.year, reference.month, day)
    if candidate and (candidate - reference).days <= 3:
        return candidate
    previous = shifted(reference.replace(day=1), -1)
    return safe_date(previous.year, previous.month, day) if previous else None


def _days(text: str, reference: dt.date | None) -> list[dt.date]:
    found = []
    taken = []
    for match in MONTH_DAY.finditer(text):
        taken.append(match.span())
        m, d = number(match.group("m")), number(match.group("d"))
        if not m or not d or m > 12:
            continue
        if match.group("y"):
            day = safe_date(int(match.group("y")), m, d)
        else:
            day = nearest_on_or_before(reference, m, d) if reference else None
        if day:
            found.append(day)
    if reference is None:
        return found
    for match in RELATIVE_WITH_DAY.finditer(text):
        taken.append(match.span())
        day = _day_of_month(number(match.group("d")), reference)
        if day:
            found.append(day)
    taken = Spans(taken)
    for match in DAY.finditer(text):
        if taken.covers(match.start()):
            continue
        day = _day_of_month(number(match.group("d")), reference)
        if day:
            found.append(day)
    return found


def _relative_days(text: str, reference: dt.date, leader_names: Sequence[str]) -> list[dt.date]:
    """ "习近平昨偕夫人抵港": yesterday, when the leader is its subject (a day in brackets
    after it is read with the other days)."""
    found = []
    for match in RELATIVE.finditer(text):
        if RELATIVE_WITH_DAY.match(text, match.start()):
            continue
        before = text[max(0, match.start() - 6) : match.start()]
        if not any(before.endswith(name) for name in leader_names) and not before.endswith(
            ("他", "她")
        ):
            continue
        day = shifted(reference, RELATIVE_WORDS[match.group("w")])
        if day:
            found.append(day)
    return found


def _weekdays(text: str, reference: dt.date) -> list[dt.date]:
    if "周" not in text and "星期" not in text and "礼拜" not in text:
        return []
    found = []
    taken = []
    for match in WEEKDAY_RANGE.finditer(text):
        taken.append(match.span())
        end = weekday_on_or_before(reference, WEEKDAY_NUMBERS[match.group("w2")])
        start = end and weekday_on_or_before(end, WEEKDAY_NUMBERS[match.group("w1")])
        if start and end:
            found += [start, end]
    taken = Spans(taken)
    for match in WEEKDAY.finditer(text):
        if taken.covers(match.start()):
            continue
        day = weekday_on_or_before(reference, WEEKDAY_NUMBERS[match.group("w")])
        if day:
            found.append(day)
    return found


def days_without_year(views: Sequence[Sentence], is_about_tour: Callable[[int], bool]) -> list[str]:
    """The days ("09-23") a report names for its tour when it prints no year: enough to tell
    it from a tour of its leader on other days of the year (matching.py)."""
    found: list[tuple[int, int]] = []
    for index, sentence in enumerate(views):
        if not is_about_tour(index) or "月" not in sentence.text:
            continue
        text = mask_datelines(sentence.text)
        for match in RANGE.finditer(text):
            m1, d1, d2 = (number(match.group(g)) for g in ("m1", "d1", "d2"))
            m2 = number(match.group("m2")) if match.group("m2") else m1
            first = m1 and d1 and safe_date(2000, m1, d1)  # (2000: every month-day is in it)
            last = m2 and d2 and safe_date(2000, m2, d2)
            if first and last and 0 <= (last - first).days <= 31:
                found += [(d.month, d.day) for d in _every_day(first, last)]
        for match in MONTH_DAY.finditer(text):
            m, d = number(match.group("m")), number(match.group("d"))
            if m and d and safe_date(2000, m, d):
                found.append((m, d))
    return [f"{m:02d}-{d:02d}" for m, d in sorted(set(found))]


def _every_day(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
