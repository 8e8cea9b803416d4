"""What a sentence is about: the touring leader, another time, or what might happen."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from .dates import month_number, shifted
from .gazetteer import Gazetteer
from .text import Sentence, Words, caseless

# Words: whether a sentence holds one (see text.Words, searched where a word can start).
TOUR_WORD = Words(
    r"visit\w*|inspect\w*|tour\w*|trip|travel\w*|went|go(?:es)?\s+to|research|"
    r"investigat\w*|fact-finding|field|stopp?\w*|headed|head(?:s|ing)\s+(?:to|for)|arriv\w*|itinerary|learn\w* about|"
    r"talk\w* (?:with|to)|chatt?\w*|met|was in|were in|heard|held|presided|chaired|attended|"
    r"listened|convened|viewed|watched|observed|returned|called at|dropped in|"
    r"took (?:him|her) to",
    after=r"\b",
    chinese="考察|调研|视察|走访|来到|深入",
)
QUOTED = re.compile(r'"[^"]{1,400}"')
# Case matters: "May 12" is a date, "may" a guess.
# HYPOTHETICAL needs one of these (case-sensitive) pieces of its words: a plain test for
# them rules out nine sentences in ten before the pattern runs.
HYPOTHETICAL_PIECES = ("ould", "ight", "may", "umo", "peculat", "xpected to", "is set to", "lan")
HYPOTHETICAL = re.compile(
    r"\b(?=[CcEeiMmPpRrSsWw])(?:[Cc]ould|[Mm]ight|may|[Ww]ould|[Rr]umou?r\w*|[Ss]peculat\w*|[Ee]xpected to|is set to|"
    r"[Pp]lans? to)\b"
)


@lru_cache(maxsize=256)  # asked of the same sentence for its places, dates and companies
def is_hypothetical(text: str) -> bool:
    """Speculation or plans, not what happened ("a visit ... could be on the cards").

    Quoted speech is left out: "no one would be left behind" is not about the visit.
    """
    said = QUOTED.sub("", text) if '"' in text else text
    return any(piece in said for piece in HYPOTHETICAL_PIECES) and bool(HYPOTHETICAL.search(said))


PRONOUN_START = re.compile(
    r"^(?:He|She|His|Her)\b|^(?:During|While|When|After|Before)\s+(?:his|her)\b"
)
MONTH_WORDS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
# BACKGROUND needs one of these words in a sentence's caseless form (text.caseless): a
# plain test for them rules out most sentences before the pattern runs.
BACKGROUND_WORDS = (
    *MONTH_WORDS.lower().split("|"),
    "19",
    "20",
    "last",
    "previous",
    "earlier",
    "years ago",
    "since becoming",
    "had ",
)
BACKGROUND = re.compile(
    r"\b(?=[abdefhijlmnops\d])(?:"
    rf"^(?:In|Earlier in|Back in|Last)\s+(?P<month>{MONTH_WORDS})\b(?!\s+\d{{1,2}}\b)"
    rf"|(?:in|In|since|Since)\s+(?:(?:{MONTH_WORDS})\s+)?(?P<year>(?:19|20)\d{{2}})\b"
    rf"|(?:{MONTH_WORDS})\s+(?P<year2>(?:19|20)\d{{2}})\b"
    rf"|in\s+(?P<month2>{MONTH_WORDS})\b(?!\s+\d)"
    r"|last (?:year|month|week)\b|\d+ years ago\b|earlier this year\b|previously\b"
    r"|since becoming\b|(?:last|previous|earlier)\s+(?:visit\w*|inspect\w*|tour\w*|trip)"
    r"|had (?:worked|visited|inspected|toured)\b)",
    re.IGNORECASE,
)
TITLE_WORDS = (
    r"premier|president|vice[- ]premier|vice[- ]president|general secretary|top legislator|"
    r"top political advisor|anti-graft chief|state councilor|state councillor|chairman|"
    r"leader|official"
)
TITLED = Words(TITLE_WORDS, after=r"\b")


def leader_matcher(
    sentences: Sequence[Sentence], gazetteer: Gazetteer, lead_names: list[str]
) -> Callable[[int], bool]:
    """Whether a sentence is about the touring leader: named, by surname, title or pronoun."""
    if not lead_names:
        return lambda index: False
    people = [gazetteer.person_index[n] for n in lead_names if n in gazetteer.person_index]
    names = {n for p in people for n in p.written} | {p.surname for p in people}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    chinese = "|".join(re.escape(n) for p in people for n in p.names_zh)
    # The names' first letters are tested first (see TOUR_WORD).
    first = "".join(sorted({re.escape(n[0]) for n in names if n}))
    guard = f"(?=[{first}])" if first and "" not in names else ""
    # Chinese names stand between other characters, without word boundaries.
    named = re.compile(
        rf"{guard}(?<![\w-])(?:{alternatives})(?![\w-]|'(?!s\b))"
        + (f"|{chinese}" if chinese else "")
    )
    cache = {
        i: bool(named.search(s.text) or TITLED.found_in(s.text) or PRONOUN_START.search(s.text))
        for i, s in enumerate(sentences)
    }
    return lambda index: cache.get(index, False)


def background_matcher(
    sentences: Sequence[Sentence], reference: dt.date | None
) -> Callable[[int], bool]:
    """Sentences about another time: "In March, Li visited ...", "in 2010", "last year"."""
    flags = {}
    # A sentence can hold only the words its article holds: the words are looked for once in
    # the whole article, and each sentence only for those there (most articles hold one or
    # two of the seventeen; testing each sentence for all of them took as long as the rest).
    article = caseless("\n".join(s.text for s in sentences))
    present = [word for word in BACKGROUND_WORDS if word in article]
    for index, sentence in enumerate(sentences):
        flag = False
        folded = caseless(sentence.text) if present else ""
        if not any(word in folded for word in present):
            flags[index] = flag
            continue
        for match in BACKGROUND.finditer(sentence.text):
            month = match.group("month") or match.group("month2")
            year = match.group("year") or match.group("year2")
            if month:
                flag = reference is None or month_number(month) not in {
                    reference.month,
                    (shifted(reference, -10) or reference).month,
                }
            elif year:
                flag = reference is None or int(year) != reference.year
            else:
                flag = True
            if flag:
                break
        flags[index] = flag
    return lambda index: flags.get(index, False)
