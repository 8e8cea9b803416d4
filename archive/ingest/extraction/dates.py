"""Dates: when an article was published and which days a tour took place."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .text import Sentence, Words, caseless

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

MONTH = r"(?P<{0}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
WEEKDAY = r"(?P<{0}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY_WORD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _p(template: str, name: str) -> str:
    return template.format(name)


# "May 28, 2008", "Aug 4,2014", "14 Nov 2024", "4th July 2024", "June-25-2012".
FULL_DATE = re.compile(
    r"(?<![A-Za-z])"
    + _p(MONTH, "m")
    + r"[\s-]*"
    + _p(DAY, "d")
    + r"(?:,\s*|-|\s+)(?P<y>(?:19|20)\d{2})(?!\d)"
    + r"|(?<!\d)"
    + _p(DAY, "d2")
    + r"\s+"
    + _p(MONTH, "m2")
    + r",?\s+(?P<y2>(?:19|20)\d{2})(?!\d)"
)
# "Xinhua) 08:09, January 04, 2024" as on people.cn pages.
CLOCK_STAMP = re.compile(r"\b\d{1,2}:\d{2},?\s+(?P<rest>[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})")
# Numbers: "2016-08-31", "2024/04/29", "2012.11.19" (also glued to a word: "Center2016-08-31").
ISO_DATE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"
)
# "07-07-2016", "(06/22/09)": day and month in either order, told apart where one is over 12.
NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[-/])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/-])"
)
ZH_DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>[1-3]?\d)日")
# A time of day beside a date marks a stamp: "15:34, November 24, 2012", "2024-11-14 21:43".
CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
# Words that label a page's own date: "Updated:", "Posted:", "Last updated at:", "日期:".
STAMP_LABEL = re.compile(
    r"(?i:updated|update\s*time|published|posted|released|date|time)\b|日期|时间|发布|更新"
)
# A photo caption: a date of the tour, not of the page.
CAPTION_MARK = re.compile(r"\[Photo|\(Xinhua/|\bPhoto(?:s)?\s*(?:by|:)|/CFP\b|\(Photo")
CLOSING_LINES = 3  # where a closing stamp "(Xinhua News Agency May 28, 2008)" may stand
HEAD_CHARS = 2000
WORDS = re.compile(r"\w+")
STAMP_WORDS = 10  # a line with more words besides its date is reporting, not a stamp

# "WUHAN, Jan. 3 (Xinhua) --", "Hangzhou, October 9th –", "Chengdu, June 01, 2024,"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’ -]{2,30}|[A-Z][a-z'’]+(?: [A-Z][a-z'’]+)?),\s+"
    + _p(MONTH, "m")
    + r"\s+"
    + _p(DAY, "d")
    + r"(?:,\s*(?P<y>(?:19|20)\d{2}))?\s*(?:\(|[-–—,:]|$)",
    re.MULTILINE,
)
DATELINE_PLACE_ONLY = re.compile(r"^(?P<place>[A-Z][A-Z' -]{2,30})\s*(?:[—–:]|--)\s", re.MULTILINE)

# (Words: whether a sentence holds one; see text.Words.)
TOUR_CONTEXT = Words(
    r"tour|trip|inspect|visit|research|investigat|fact-finding|travel|went|was in|toured|"
    r"stopped|field|survey|in the province|to the province"
)
# Reports written while the tour is still going on; each form needs one of the words after it.
ONGOING = re.compile(
    r"\b(?:visit|tour|trip)\b[^.]{0,40}\bcontinues\b|\bcontinu\w+ (?:his|her) (?:tour|trip|visit)"
    r"|\bwill appear next\b|\bleg of (?:his|her)\b|\bis (?:on|making) (?:a|an|his|her) [\w -]{0,30}(?:tour|trip)\b",
    re.IGNORECASE,
)
ONGOING_WORDS = ("continu", "will appear next", "leg of ", "is on ", "is making ")


@dataclass(frozen=True)
class TourDates:
    start: dt.date | None
    end: dt.date | None
    sentence: int | None = None  # index of the evidence sentence
    how: str = ""


def month_number(token: str) -> int:
    word = token.lower().rstrip(".")
    return MONTHS[word] if word in MONTHS else MONTHS[word[:3]]


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_full_date(text: str) -> dt.date | None:
    """The first date with its year in the text, in words or numbers."""
    found = dates_in(text)
    return found[0][0] if found else None


def dates_in(text: str) -> list[tuple[dt.date, int, int]]:
    """(date, start, end) of every date with a year in the text, in order."""
    found = []
    if MONTH_START.search(text):
        for match in FULL_DATE.finditer(text):
            if match.group("m"):
                day = safe_date(
                    int(match.group("y")), month_number(match.group("m")), int(match.group("d"))
                )
            else:
                day = safe_date(
                    int(match.group("y2")), month_number(match.group("m2")), int(match.group("d2"))
                )
            if day:
                found.append((day, match.start(), match.end()))
    if any(sep in text for sep in "-/."):
        for match in ISO_DATE.finditer(text):
            day = safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            if day:
                found.append((day, match.start(), match.end()))
        for match in NUMERIC_DATE.finditer(text):
            day = _numeric(match)
            if day:
                found.append((day, match.start(), match.end()))
    if "年" in text:
        for match in ZH_DATE.finditer(text):
            if match.group("y"):
                day = safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
                if day:
                    found.append((day, match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def _numeric(match: re.Match[str]) -> dt.date | None:
    """ "07-07-2016", "06/22/09": the month is the number that can only be one, else the
    first with slashes (as American pages write them) and the second with hyphens."""
    first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
    if year < 100:
        year += 2000 if year < 50 else 1900
    if first > 12 or (second <= 12 and match.group("sep") == "-"):
        return safe_date(year, second, first)
    return safe_date(year, first, second)


@dataclass(frozen=True)
class Stamp:
    """A date the page prints for itself, and how much it is trusted (lower is more)."""

    day: dt.date
    rank: int
    position: int


def published_date(header_date: str | None, text: str) -> dt.date | None:
    """The article's own date: the crawl header, else the best of the dates its page prints
    for itself (see `page_stamps`), else a dateline's day with the year of a full date."""
    if header_date:
        try:
            day = dt.date.fromisoformat(header_date)
        except ValueError:
            day = None  # "date 2024-13-45": a broken crawl header; look for the date in the text
        # Years as the other date patterns read them ("date 0001-01-01" is no date either).
        if day and 1900 <= day.year <= 2100:
            return day
    stamps = page_stamps(text)
    if stamps:
        return _likeliest(stamps, text)
    head = text[:HEAD_CHARS]
    match = DATELINE.search(head)
    if match:
        month, day_no = month_number(match.group("m")), int(match.group("d"))
        year = _year_from_text(text, month, day_no)
        if year:
            return safe_date(year, month, day_no)
    return None


def page_stamps(text: str) -> list[Stamp]:
    """Dates a page prints for itself, wherever real pages put them, ranked:
    1. a labelled or timed stamp near the top ("Updated: Aug 4,2014 2:44 PM",
       "Xinhua) 10:14, April 16, 2022", "2024-11-14 21:43", "日期: 2011-05-12 09:49");
    2. a short line near the top that holds a date ("Thursday, September 11, 2008",
       "0 CommentsPrint E-mail Xinhua, August 4, 2010", "(06/22/09)" after a title);
    3. a dated dateline ("Chengdu, June 01, 2024, The Europe Today:");
    4. a short closing line ("(Xinhua News Agency May 28, 2008)", "Source: ..., Nov 12, 2010").
    A line of reporting or a photo caption dates the tour, not the page.
    """
    stamps = []
    head = text[:HEAD_CHARS]
    offset = 0
    for line in head.split("\n"):
        rank = _stamp_rank(line)
        if rank:
            for day, start, _ in _line_dates(line):
                stamps.append(Stamp(day, rank, offset + start))
        offset += len(line) + 1
    match = DATELINE.search(head)
    if match and match.group("y"):
        day = safe_date(
            int(match.group("y")), month_number(match.group("m")), int(match.group("d"))
        )
        if day:
            stamps.append(Stamp(day, 3, match.start()))
    if len(text) > HEAD_CHARS:  # (a short page's end is its head, read above)
        tail = [line for line in text[-600:].split("\n") if line.strip()][-CLOSING_LINES:]
        for line in tail:
            if _stamp_rank(line):
                stamps.extend(Stamp(day, 4, len(text)) for day, _, _ in _line_dates(line))
    return stamps


# A page's lines are read twice, for its stamps and for the dates the report gives (and the
# head of the page by both): each line's dates and rank are kept for the second reading.
@lru_cache(maxsize=256)
def _line_dates(line: str) -> tuple[tuple[dt.date, int, int], ...]:
    return tuple(dates_in(line))


@lru_cache(maxsize=256)
def _stamp_rank(line: str) -> int:
    """1 for a labelled or timed date, 2 for a short line holding one, 0 for anything else."""
    if not line.strip() or CAPTION_MARK.search(line):
        return 0
    found = _line_dates(line)
    if not found:
        return 0
    day, start, end = found[0]
    near = line[max(0, start - 40) : end + 12]
    if STAMP_LABEL.search(line[max(0, start - 40) : start]) or CLOCK.search(near):
        return 1
    rest = line[:start] + " " + line[end:]
    return 2 if len(WORDS.findall(rest)) <= STAMP_WORDS else 0


def _likeliest(stamps: list[Stamp], text: str) -> dt.date:
    """The best-ranked stamp that agrees with the dates the report itself gives; a reposting
    site's own stamp ("时间:2024/04/29" over a 2011 report) is years after them."""
    head = text[: HEAD_CHARS * 2]
    reported = [
        day for line in head.split("\n") if not _stamp_rank(line) for day, _, _ in _line_dates(line)
    ]
    # A dateline's day without its year ("WUHAN, July 6", "新华社长沙4月17日电").
    filed = [(month_number(m.group("m")), int(m.group("d"))) for m in DATELINE.finditer(head)]
    if "月" in head:
        filed += [(int(m.group("m")), int(m.group("d"))) for m in ZH_DATE.finditer(head[:600])]

    def agrees(stamp: Stamp) -> bool:
        if any(-3 <= (stamp.day - day).days <= 90 for day in reported):
            return True
        return any(
            nearest_on_or_before(stamp.day, month, day, slack=0) is not None
            and (stamp.day - nearest_on_or_before(stamp.day, month, day, slack=0)).days <= 10
            for month, day in filed
        )

    ordered = sorted(stamps, key=lambda s: (s.rank, s.position))
    if not reported and not filed:
        return ordered[0].day
    return next((s.day for s in ordered if agrees(s)), ordered[0].day)


def _year_from_text(text: str, month: int, day: int) -> int | None:
    """The year of a dateline, taken from the nearest full date printed in the article."""
    years = []
    for full, _, _ in dates_in(text):
        years.append((abs((full - safe_date(full.year, month, min(day, 28))).days), full.year))
    return min(years)[1] if years and min(years)[0] <= 45 else None


def dateline(text: str, published: dt.date | None) -> tuple[str | None, dt.date | None]:
    """The place and date of a wire dateline, the date's year taken from the published date."""
    head = text[:1500]
    match = DATELINE.search(head)
    if not match:
        plain = DATELINE_PLACE_ONLY.search(head[:300])
        return (plain.group("place").strip().title() if plain else None), None
    place = match.group("place").strip()
    month, day_no = month_number(match.group("m")), int(match.group("d"))
    if match.group("y"):
        return place, safe_date(int(match.group("y")), month, day_no)
    if published is None:
        return place, None
    return place, nearest_on_or_before(published, month, day_no)


def nearest_on_or_before(
    reference: dt.date, month: int, day: int, slack: int = 3
) -> dt.date | None:
    """The date with this month and day closest before the reference (a few days' slack)."""
    for year in (reference.year, reference.year - 1, reference.year + 1):
        candidate = safe_date(year, month, day)
        if (
            candidate
            and (candidate - reference).days <= slack
            and (reference - candidate).days <= 200
        ):
            return candidate
    return None


def shifted(day: dt.date, days: int) -> dt.date | None:
    """The day this many days later (earlier if negative); None past either end of the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def weekday_on_or_before(reference: dt.date, weekday: int) -> dt.date | None:
    return shifted(reference, -((reference.weekday() - weekday) % 7))


# Ranges, most specific first. Each yields named groups: w1/w2 weekdays or m1 d1 m2 d2 dates.
_W1, _W2 = _p(WEEKDAY, "w1"), _p(WEEKDAY, "w2")
_M1, _D1, _M2, _D2 = _p(MONTH, "m1"), _p(DAY, "d1"), _p(MONTH, "m2"), _p(DAY, "d2")
# Each with the kind of day it names, a field of NamedDays.
RANGE_PATTERNS = [
    (
        "weekday range",
        "weekday",
        re.compile(
            rf"\b(?:from|between)\s+(?:last\s+)?{_W1}\s+(?:to|through|till|until|and|-|–)\s+(?:last\s+)?{_W2}",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday begin-end",
        "weekday",
        re.compile(
            rf"\b(?:began|started|kicked off)\s+on\s+{_W1}\b.{{0,40}}?\b(?:ended|concluded|wrapped up|finished)\s+on\s+{_W2}",
            re.IGNORECASE,
        ),
    ),
    # "on Saturday and Sunday", "Friday and Saturday", "on Monday, Tuesday and Thursday"
    (
        "weekday pair",
        "weekday",
        re.compile(rf"\b(?:on\s+)?{_W1}(?:,\s+{WEEKDAY_WORD})*,?\s+and\s+{_W2}", re.IGNORECASE),
    ),
    (
        "date range",
        "month",
        re.compile(
            rf"\b(?:from|between)\s+{_M1}\s*{_D1}\s*(?:to|through|till|until|and|-|–)\s*(?:{_M2}\s*)?{_D2}\b"
        ),
    ),
    (
        "date range",
        "month",
        re.compile(rf"\b(?:on\s+)?{_M1}\s*{_D1}\s*(?:-|–|to)\s*(?:{_M2}\s*)?{_D2}\b(?!:)"),
    ),
    ("date pair", "month", re.compile(rf"\bon\s+{_M1}\s*{_D1}\s+and\s+(?:{_M2}\s*)?{_D2}\b")),
    # "From 5 to 6 July", as British pages write it.
    (
        "date range",
        "month",
        re.compile(
            rf"\b(?:[Ff]rom|[Bb]etween)\s+{_D1}\s*(?:to|through|till|until|and|-|–)\s*{_D2}\s+{_M2}"
        ),
    ),
]
# "a five-day inspection tour ... The tour ended Friday", "wrapped up a four-day inspection
# tour ... on Monday": the tour's length and its last day, in one sentence or two.
N_DAYS = re.compile(
    r"\b(?P<n>\d|two|three|four|five|six|seven|eight|nine|ten)-day\b", re.IGNORECASE
)
ENDED_ON = re.compile(
    r"\b(?:concluded|ended|wrapped up|wraps up|winds up)\b.{0,140}?\b(?:on\s+)?" + _p(WEEKDAY, "w"),
    re.IGNORECASE,
)
ZH_RANGE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m1>1[0-2]|0?[1-9])月(?P<d1>[1-3]?\d)日?\s*(?:至|到|-|—|–)\s*"
    r"(?:(?P<m2>1[0-2]|0?[1-9])月)?(?P<d2>[1-3]?\d)日"
)
SINGLE_WEEKDAY = re.compile(r"\b(?:on|late on|early on)\s+" + _p(WEEKDAY, "w"), re.IGNORECASE)
SINGLE_DATE = re.compile(
    r"\b[Oo]n\s+" + _p(MONTH, "m") + r"\s+" + _p(DAY, "d") + r"\b(?!,?\s*\d{4})"
)


def tour_dates(
    sentences: Sequence[Sentence],
    reference: dt.date | None,
    is_about_tour: Callable[[int], bool],
    anchor: dt.date | None = None,
) -> TourDates:
    """The first stated tour span; weekdays and bare days resolved against the reference day.

    `reference` is the dateline date, else the published date: a named weekday is the latest
    such day on or before it. Without it, `anchor` is a day of the tour itself (a photo
    caption's date): a weekday is the nearest such day, and a span of weekdays holds it.
    With neither, weekdays and year-less dates cannot be placed and the span stays unknown.
    """
    day = Anchor(reference, False) if reference else Anchor(anchor, True) if anchor else None
    named = [_named_days(s.text) for s in sentences]
    for index, sentence in enumerate(sentences):
        if not named[index].any:
            continue  # no day named: no range either
        if not (TOUR_CONTEXT.found_in(sentence.text) or is_about_tour(index)):
            continue
        span = _range_in(sentence.text, day, named[index])
        if span:
            return TourDates(span[0], span[1], index, span[2])
    span = _n_days_ended(sentences, named, day, is_about_tour)
    if span:
        return span
    # No stated range: the tour days are the days named for the leader's stops.
    days: list[tuple[dt.date, int]] = []
    ongoing = False
    for index, sentence in enumerate(sentences):
        ongoing = ongoing or (
            any(word in named[index].caseless for word in ONGOING_WORDS)
            and bool(ONGOING.search(sentence.text))
        )
        if not is_about_tour(index) or day is None:
            continue
        if named[index].weekday:
            for match in SINGLE_WEEKDAY.finditer(sentence.text):
                found = day.weekday(WEEKDAYS[match.group("w").lower()])
                if found:
                    days.append((found, index))
        if not named[index].month:
            continue
        for match in SINGLE_DATE.finditer(sentence.text):
            found = day.month_day(month_number(match.group("m")), int(match.group("d")))
            if found:
                days.append((found, index))
        if not CLOCK_STAMP.search(sentence.text):
            for match in FULL_DATE.finditer(sentence.text):
                found = parse_full_date(match.group(0))
                if found and (found - day.day).days <= 1:
                    days.append((found, index))
    if not days:
        return TourDates(None, None)
    first = min(days)
    end = None if ongoing else max(days)[0]
    return TourDates(first[0], end, first[1], "days named" + (", tour ongoing" if ongoing else ""))


def days_without_year(
    sentences: Sequence[Sentence], is_about_tour: Callable[[int], bool]
) -> list[str]:
    """The month-days ("10-15") of a tour a report dates without a year ("From Oct. 15 to
    16", "On the morning of October 16"): not a date, but not any day either."""
    # (Read in a leap year, where every month-day is a date.)
    for index, sentence in enumerate(sentences):
        named = _named_days(sentence.text)
        if not named.month or not (TOUR_CONTEXT.found_in(sentence.text) or is_about_tour(index)):
            continue
        for _, kind, pattern in RANGE_PATTERNS:
            if kind != "month":
                continue
            for match in pattern.finditer(sentence.text):
                groups = match.groupdict()
                month2 = month_number(groups.get("m2") or groups["m1"])
                month1 = month_number(groups["m1"]) if groups.get("m1") else month2
                start = safe_date(2000, month1, int(groups["d1"]))
                end = safe_date(2000, month2, int(groups["d2"]))
                if start and end and 0 <= (end - start).days <= 31:
                    return [
                        f"{start + dt.timedelta(days=n):%m-%d}"
                        for n in range((end - start).days + 1)
                    ]
        if is_about_tour(index):
            days = [
                safe_date(2000, month_number(m.group("m")), int(m.group("d")))
                for m in SINGLE_DATE.finditer(sentence.text)
            ]
            if any(days):
                return sorted({f"{day:%m-%d}" for day in days if day})
    return []


@dataclass(frozen=True)
class Anchor:
    """The day named days are placed by: the report's own date, or a day of the tour."""

    day: dt.date
    in_tour: bool  # a day of the tour (a caption's date), not the day the report was filed

    def weekday(self, weekday: int) -> dt.date | None:
        """The report's latest such day; or the tour day's nearest, three days either way."""
        before = weekday_on_or_before(self.day, weekday)
        if not self.in_tour or before is None:
            return before
        after = shifted(before, 7)
        return after if after and (after - self.day).days <= 3 else before

    def month_day(self, month: int, day: int, slack: int = 3) -> dt.date | None:
        # A tour's days go on after the day a caption dates.
        return nearest_on_or_before(self.day, month, day, slack=10 if self.in_tour else slack)


def tour_day_anchor(
    sentences: Sequence[Sentence], is_about_tour: Callable[[int], bool]
) -> dt.date | None:
    """The first full date of a sentence about the tour: a caption's "April 19, 2017"."""
    for index, sentence in enumerate(sentences):
        if MONTH_START.search(sentence.text) or "-" in sentence.text:
            day = parse_full_date(sentence.text)
            if day and is_about_tour(index) and not CLOCK_STAMP.search(sentence.text):
                return day
    return None


def _n_days_ended(
    sentences: Sequence[Sentence],
    named: list[NamedDays],
    day: Anchor | None,
    is_about_tour: Callable[[int], bool],
) -> TourDates | None:
    """ "a five-day inspection tour ... The tour ended Friday": the last day, counted back."""
    if day is None:
        return None
    length = None
    for index, sentence in enumerate(sentences):
        if length is None and "-day" in named[index].caseless and is_about_tour(index):
            match = N_DAYS.search(sentence.text)
            if match:
                word = match.group("n").lower()
                length = int(word) if word.isdigit() else NUMBER_WORDS[word]
        if length is None or not named[index].weekday:
            continue
        ended = ENDED_ON.search(sentence.text)
        if ended:
            end = day.weekday(WEEKDAYS[ended.group("w").lower()])
            start = end and shifted(end, 1 - length)
            if start:
                return TourDates(start, end, index, "n-day tour ended")
    return None


# Every month the (case-sensitive) date patterns spell starts with one of these.
MONTH_START = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


class NamedDays(NamedTuple):
    """What kinds of day a sentence may name, found with plain substring tests: the date
    patterns, slow to rule out at every word, run only where their kind is named. (A tuple:
    one is made for every sentence, a frozen dataclass took longer to make.)"""

    weekday: bool  # every weekday ends in "day"
    month: bool
    zh: bool  # a Chinese date has 月
    caseless: str

    @property
    def any(self) -> bool:
        return self.weekday or self.month or self.zh


def _named_days(text: str) -> NamedDays:
    folded = caseless(text)
    return NamedDays(
        weekday="day" in folded,
        month=bool(MONTH_START.search(text)),
        zh="月" in text,
        caseless=folded,
    )


def _range_in(
    text: str, day: Anchor | None, named: NamedDays | None = None
) -> tuple[dt.date, dt.date, str] | None:
    named = named or _named_days(text)
    for how, kind, pattern in RANGE_PATTERNS:
        if not getattr(named, kind):
            continue
        for match in pattern.finditer(text):
            span = _resolve(match, day)
            if span:
                return (*span, how)
    match = ZH_RANGE.search(text) if named.zh else None
    if match and (day or match.group("y")):
        return _resolve_zh(match, day.day if day else None)
    return None


def _resolve(match: re.Match[str], day: Anchor | None) -> tuple[dt.date, dt.date] | None:
    groups = match.groupdict()
    if day is None:
        return None
    if groups.get("w1"):
        first, last = WEEKDAYS[groups["w1"].lower()], WEEKDAYS[groups["w2"].lower()]
        if day.in_tour:  # the span of these weekdays that holds the tour's day
            start = weekday_on_or_before(day.day, first)
            end = start and shifted(start, (last - first) % 7)
        else:
            end = weekday_on_or_before(day.day, last)
            start = end and weekday_on_or_before(end, first)
        return (start, end) if start and end else None
    month2 = month_number(groups["m2"]) if groups.get("m2") else month_number(groups["m1"])
    month1 = month_number(groups["m1"]) if groups.get("m1") else month2
    end = day.month_day(month2, int(groups["d2"]))
    if end is None:
        return None
    start = nearest_on_or_before(end, month1, int(groups["d1"]), slack=0)
    if start is None or (end - start).days > 31:
        return None
    return start, end


def _resolve_zh(
    match: re.Match[str], reference: dt.date | None
) -> tuple[dt.date, dt.date, str] | None:
    month1, day1, day2 = int(match.group("m1")), int(match.group("d1")), int(match.group("d2"))
    month2 = int(match.group("m2")) if match.group("m2") else month1
    if match.group("y"):
        year = int(match.group("y"))
        start, end = safe_date(year, month1, day1), safe_date(year, month2, day2)
    else:
        end = nearest_on_or_before(reference, month2, day2) if reference else None
        start = nearest_on_or_before(end, month1, day1, slack=0) if end else None
    if start and end and start <= end:
        return start, end, "date range"
    return None
