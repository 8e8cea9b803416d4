"""Dates: when an article was published and which days a tour took place."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .text import Caseless, Sentence, caseless

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


def _p(template: str, name: str) -> str:
    return template.format(name)


FULL_DATE = re.compile(
    _p(MONTH, "m")
    + r"\s+"
    + _p(DAY, "d")
    + r",?\s*(?P<y>(?:19|20)\d{2})\b"
    + r"|\b"
    + _p(DAY, "d2")
    + r"\s+"
    + _p(MONTH, "m2")
    + r",?\s+(?P<y2>(?:19|20)\d{2})\b"
)
UPDATED_STAMP = re.compile(
    r"(?:updated|published|posted|released|date)\s*:?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    r"(?P<rest>[^\n]{0,40})",
    re.IGNORECASE,
)
# "Xinhua) 08:09, January 04, 2024" as on people.cn pages.
CLOCK_STAMP = re.compile(r"\b\d{1,2}:\d{2},?\s+(?P<rest>[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})")
ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
ZH_DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>[1-3]?\d)日")

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

# "\b(?=[...])": the first letters of the words, tested before trying each (see context.py).
TOUR_CONTEXT = Caseless(
    r"\b(?=[firstvw])(?:tour|trip|inspect|visit|research|investigat|fact-finding|travel|went|was in|toured|"
    r"stopped|field|survey|in the province|to the province)"
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
    match = FULL_DATE.search(text)
    if match:
        if match.group("m"):
            return safe_date(
                int(match.group("y")), month_number(match.group("m")), int(match.group("d"))
            )
        return safe_date(
            int(match.group("y2")), month_number(match.group("m2")), int(match.group("d2"))
        )
    match = ISO_DATE.search(text)
    if match:
        return safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    match = ZH_DATE.search(text)
    if match and match.group("y"):
        return safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return None


def published_date(header_date: str | None, text: str) -> dt.date | None:
    """The article's own date: crawl header, an Updated/clock stamp, or a dated dateline."""
    if header_date:
        try:
            day = dt.date.fromisoformat(header_date)
        except ValueError:
            day = None  # "date 2024-13-45": a broken crawl header; look for the date in the text
        # Years as the other date patterns read them ("date 0001-01-01" is no date either).
        if day and 1900 <= day.year <= 2100:
            return day
    head = text[:1500]
    for pattern in (UPDATED_STAMP, CLOCK_STAMP):
        for match in pattern.finditer(head):
            day = parse_full_date(match.group("rest"))
            if day:
                return day
    match = DATELINE.search(head)
    if match:
        month, day_no = month_number(match.group("m")), int(match.group("d"))
        if match.group("y"):
            return safe_date(int(match.group("y")), month, day_no)
        year = _year_from_text(text, month, day_no)
        if year:
            return safe_date(year, month, day_no)
    # A line holding nothing but a date ("May 29, 2022").
    for line in head.splitlines()[:8]:
        if FULL_DATE.fullmatch(line.strip()):
            return parse_full_date(line)
    return None


def _year_from_text(text: str, month: int, day: int) -> int | None:
    """The year of a dateline, taken from the nearest full date printed in the article."""
    years = []
    for match in FULL_DATE.finditer(text):
        full = parse_full_date(match.group(0))
        if full:
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
    ("weekday pair", "weekday", re.compile(rf"\bon\s+{_W1}\s+and\s+{_W2}", re.IGNORECASE)),
    (
        "date range",
        "month",
        re.compile(
            rf"\b(?:from|between)\s+{_M1}\s+{_D1}\s*(?:to|through|till|until|and|-|–)\s*(?:{_M2}\s+)?{_D2}\b"
        ),
    ),
    (
        "date range",
        "month",
        re.compile(rf"\b(?:on\s+)?{_M1}\s+{_D1}\s*(?:-|–|to)\s*(?:{_M2}\s+)?{_D2}\b(?!:)"),
    ),
    ("date pair", "month", re.compile(rf"\bon\s+{_M1}\s+{_D1}\s+and\s+(?:{_M2}\s+)?{_D2}\b")),
]
N_DAY_ENDED = re.compile(
    r"\b(?P<n>\d|two|three|four|five|six|seven|eight|nine|ten)-day\b.{0,120}?\b(?:concluded|ended|wrapped up)\s+on\s+"
    + _p(WEEKDAY, "w"),
    re.IGNORECASE,
)
ZH_RANGE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m1>1[0-2]|0?[1-9])月(?P<d1>[1-3]?\d)日?\s*(?:至|到|-|—|–)\s*"
    r"(?:(?P<m2>1[0-2]|0?[1-9])月)?(?P<d2>[1-3]?\d)日"
)
SINGLE_WEEKDAY = re.compile(r"\b(?:on|late on|early on)\s+" + _p(WEEKDAY, "w"), re.IGNORECASE)
SINGLE_DATE = re.compile(r"\bon\s+" + _p(MONTH, "m") + r"\s+" + _p(DAY, "d") + r"\b(?!,?\s*\d{4})")


def tour_dates(
    sentences: Sequence[Sentence],
    reference: dt.date | None,
    is_about_tour: Callable[[int], bool],
) -> TourDates:
    """The first stated tour span; weekdays and bare days resolved against the reference day.

    `reference` is the dateline date, else the published date; without it weekdays and
    year-less dates cannot be placed and the span stays unknown.
    """
    named = [_named_days(s.text) for s in sentences]
    for index, sentence in enumerate(sentences):
        if not named[index].any:
            continue  # no day named: no range either
        if not (TOUR_CONTEXT.search(sentence.text) or is_about_tour(index)):
            continue
        span = _range_in(sentence.text, reference, named[index])
        if span:
            return TourDates(span[0], span[1], index, span[2])
    # No stated range: the tour days are the days named for the leader's stops.
    days: list[tuple[dt.date, int]] = []
    ongoing = False
    for index, sentence in enumerate(sentences):
        ongoing = ongoing or (
            any(word in named[index].caseless for word in ONGOING_WORDS)
            and bool(ONGOING.search(sentence.text))
        )
        if not is_about_tour(index) or reference is None:
            continue
        if named[index].weekday:
            for match in SINGLE_WEEKDAY.finditer(sentence.text):
                day = weekday_on_or_before(reference, WEEKDAYS[match.group("w").lower()])
                if day:
                    days.append((day, index))
        if not named[index].month:
            continue
        for match in SINGLE_DATE.finditer(sentence.text):
            day = nearest_on_or_before(
                reference, month_number(match.group("m")), int(match.group("d"))
            )
            if day:
                days.append((day, index))
        if not CLOCK_STAMP.search(sentence.text):
            for match in FULL_DATE.finditer(sentence.text):
                day = parse_full_date(match.group(0))
                if day and (day - reference).days <= 1:
                    days.append((day, index))
    if not days:
        return TourDates(None, None)
    first = min(days)
    end = None if ongoing else max(days)[0]
    return TourDates(first[0], end, first[1], "days named" + (", tour ongoing" if ongoing else ""))


# Every month the (case-sensitive) date patterns spell starts with one of these.
MONTH_START = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


@dataclass(frozen=True)
class NamedDays:
    """What kinds of day a sentence may name, found with plain substring tests: the date
    patterns, slow to rule out at every word, run only where their kind is named."""

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
    text: str, reference: dt.date | None, named: NamedDays | None = None
) -> tuple[dt.date, dt.date, str] | None:
    named = named or _named_days(text)
    for how, kind, pattern in RANGE_PATTERNS:
        if not getattr(named, kind):
            continue
        for match in pattern.finditer(text):
            span = _resolve(match, reference)
            if span:
                return (*span, how)
    match = N_DAY_ENDED.search(text) if "-day" in named.caseless else None
    if match and reference:
        days = (
            int(match.group("n"))
            if match.group("n").isdigit()
            else NUMBER_WORDS[match.group("n").lower()]
        )
        end = weekday_on_or_before(reference, WEEKDAYS[match.group("w").lower()])
        start = end and shifted(end, 1 - days)
        if start:
            return start, end, "n-day tour ended"
    match = ZH_RANGE.search(text) if named.zh else None
    if match and (reference or match.group("y")):
        return _resolve_zh(match, reference)
    return None


def _resolve(match: re.Match[str], reference: dt.date | None) -> tuple[dt.date, dt.date] | None:
    groups = match.groupdict()
    if reference is None:
        return None
    if groups.get("w1"):
        end = weekday_on_or_before(reference, WEEKDAYS[groups["w2"].lower()])
        start = end and weekday_on_or_before(end, WEEKDAYS[groups["w1"].lower()])
        return (start, end) if start else None
    month1 = month_number(groups["m1"])
    month2 = month_number(groups["m2"]) if groups.get("m2") else month1
    end = nearest_on_or_before(reference, month2, int(groups["d2"]))
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
