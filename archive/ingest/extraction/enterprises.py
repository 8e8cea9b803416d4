"""Companies the leader visited or inspected, in the fullest form the text gives."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .gazetteer import Gazetteer
from .officials import PINYIN_WORD
from .text import Sentence, Words, caseless

LEGAL_SUFFIX = r"(?:Co\.?,?\s*Ltd\.?|Co\.?\s+Ltd\.?|Co\.?|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|Group|Holdings?|Company|PLC|LLC)"
# A word of a name: "Huawei", "YMTC", "S.F.", "iFlytek", "5G", "(Group)". The alternatives
# never match the same text: with two ways to read each of ten words, a failed match
# backtracked through 2**10 readings at every capitalised word.
TOKEN = r"(?!(?:Co|Ltd|Inc|Corp|PLC|LLC)\b)(?:[A-Z][A-Za-z0-9'&-]*(?:\.[A-Z]\.?)*|[a-z][A-Z][A-Za-z0-9]*|\d+[A-Za-z]+|\((?:Group|Holdings?|China|Shanghai|Beijing)\))"
# A name with a legal form may join words with "and" or "of": "Taiyuan Iron and Steel
# (Group) Co., Ltd.", "Commercial Aircraft Corporation of China".
# Its words are read whole, (?>...): a space or a comma follows each word of a match, and
# neither can follow part of one, so trying shorter readings of every word only cost time.
LEGAL_NAME = re.compile(
    # ("and" only after an ordinary word: "YMTC and Wuhan Huagong ..." are two companies)
    rf"(?<![\w.-])(?P<name>(?>{TOKEN})(?:(?:(?<=[a-z])\s+and|\s+of|\s+&)?\s+(?>{TOKEN})){{0,9}}"
    rf"(?:,?\s+{LEGAL_SUFFIX}(?![\w]))+(?:,\s+Ltd\.?)?(?:\s+of\s+China)?)"
)
NAME_REST = (
    rf"(?:\s+(?:of\s+|&\s+|de\s+)?{TOKEN}){{0,7}}(?:,?\s+{LEGAL_SUFFIX}(?![\w]))*(?:,\s+Ltd\.?)?"
)
NAME = re.compile(rf"(?<![\w.-])(?P<name>{TOKEN}{NAME_REST})")
# NAME in ASCII text where no small letter stands before a capital ("iFlytek", "McDonald"):
# there a name can only start at a capital, a digit or a bracket. Written to start with that
# class (TOKEN's look-ahead and alternatives tested after it, on the character taken), it
# lets `re` skip to those characters in its own loop instead of trying the pattern at every
# position (two thirds of the search's instructions). It finds exactly what NAME finds there.
NAME_AT_CAPITAL = re.compile(
    r"(?P<name>[A-Z0-9(](?<![\w.-].)(?!(?<=C)o\b|(?<=L)td\b|(?<=I)nc\b|(?<=C)orp\b|(?<=P)LC\b|(?<=L)LC\b)"
    r"(?:(?<=[A-Z])[A-Za-z0-9'&-]*(?:\.[A-Z]\.?)*|(?<=[0-9])\d*[A-Za-z]+"
    r"|(?<=\()(?:Group|Holdings?|China|Shanghai|Beijing)\))"
    rf"{NAME_REST})"
)
CAPITAL_AFTER_SMALL = re.compile(r"[A-Z](?<=[a-z][A-Z])")


def _names_pattern(text: str) -> re.Pattern[str]:
    """NAME, or where it finds the same, NAME_AT_CAPITAL."""
    if text.isascii() and not CAPITAL_AFTER_SMALL.search(text):
        return NAME_AT_CAPITAL
    return NAME


SUFFIX_WORDS = {
    "co",
    "ltd",
    "inc",
    "corp",
    "corporation",
    "limited",
    "group",
    "holding",
    "holdings",
    "company",
    "plc",
    "llc",
}
INDUSTRY_WORDS = {
    "technology",
    "technologies",
    "tech",
    "automobile",
    "automotive",
    "motors",
    "motor",
    "electric",
    "electronics",
    "locomotive",
    "express",
    "pharmaceutical",
    "pharmaceuticals",
    "microelectronics",
    "semiconductor",
    "semiconductors",
    "industry",
    "industries",
    "steel",
    "chemical",
    "chemicals",
    "airlines",
    "airline",
    "bank",
    "securities",
    "logistics",
    "machinery",
    "software",
    "robotics",
    "biotech",
    "biotechnology",
    "materials",
    "power",
    "energy",
    "telecom",
    "mobile",
    "shipbuilding",
    "aviation",
    "aerospace",
    "foods",
    "food",
    "textile",
    "textiles",
    "optoelectronics",
    "instruments",
    "equipment",
    "engineering",
    "mining",
    "petroleum",
    "petrochemical",
    "auto",
    "intelligence",
}
DESCRIPTORS = (
    "company",
    "companies",
    "enterprise",
    "firm",
    "maker",
    "manufacturer",
    "producer",
    "developer",
    "supplier",
    "carmaker",
    "automaker",
    "giant",
    "startup",
    "start-up",
    "operator",
    "provider",
    "platform",
    "conglomerate",
    "chipmaker",
    "group",
    "corporation",
    "business",
    "exporter",
    "brand",
)
DESCRIPTOR = "(?:" + "|".join(re.escape(word) for word in DESCRIPTORS) + ")"
# The patterns read after a name are matched at the name's end (`.match(text, end)`), which
# spares copying the rest of the sentence for each of its names.
APPOSITIVE = re.compile(rf",\s+(?:a|an|the|one of)\s+[\w\s-]{{0,60}}?\b{DESCRIPTOR}\b")
# (?=[...]): the descriptors' first letters, tested before trying each word (see context.py).
PRE_DESCRIPTOR = re.compile(rf"\b(?=[abcdefgmops]){DESCRIPTOR}\s+$", re.IGNORECASE)
THE_X_COMPANY = re.compile(r"\bthe\s+$")
X_COMPANY_AFTER = re.compile(r"\s+(?:company|firm|group|plant|factory)\b")
# "At Sinopec Shengli Oilfield, Ding inspected ...": all that stands before the name.
AT_START = re.compile(r"\s*At\s+(?:the\s+)?")
# "National Food and Strategic Reserves Administration": a name cut short before "and".
AND_MORE = re.compile(r"\s+(?:and|&)\s+[A-Z]")
# Company forms no institution takes: "Tianjin Port (Group) Co., Ltd." is a company.
LEGAL_END = re.compile(r"\b(?:Co\.?|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|Company|PLC|LLC)$")
LEGAL_ENDINGS = ("Co", "Co.", "Ltd", "Ltd.", "Inc", "Inc.", "Corp", "Corp.", "Corporation")
LEGAL_ENDINGS += ("Limited", "Company", "PLC", "LLC")  # what LEGAL_END needs a name to end with
LEADER_NEXT = re.compile(r",\s+(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|he|she)\s+[a-z]+ed\b")
AND_OTHERS = re.compile(r"\band other (?:enterprises|companies|firms|businesses)\b")
# (Words: whether a sentence holds one; see text.Words.)
VISIT_CONTEXT = Words(
    r"visit\w*|inspect\w*|tour\w*|investigat\w*|went|go(?:es)? to|headed|stopp?\w*|"
    r"came to|arriv\w*|learn\w* about|learn\w*|at|in|to",
    after=r"\b",
    chinese="考察|调研|视察|走访|来到",
)


def _visit_context(text: str) -> bool:
    """Whether the sentence has a word of a visit, or of being somewhere."""
    # " in ", " to " or " at " is such a word, and nearly every sentence has one: plain
    # tests find it faster than the pattern.
    return " in " in text or " to " in text or " at " in text or VISIT_CONTEXT.found_in(text)


NOT_A_COMPANY = {
    "university",
    "institute",
    "academy",
    "laboratory",
    "laboratories",
    "lab",
    "labs",
    "center",
    "centre",
    "park",
    "zone",
    "area",
    "village",
    "town",
    "county",
    "district",
    "bureau",
    "department",
    "ministry",
    "commission",
    "committee",
    "council",
    "hospital",
    "school",
    "college",
    "museum",
    "port",
    "bridge",
    "dam",
    "airport",
    "station",
    "project",
    "corridor",
    "street",
    "community",
    "base",
    "exhibition",
    "hall",
    "conference",
    "congress",
    "party",
    "government",
    "administration",
    "association",
    "federation",
    "agency",
    "office",
    "court",
    "procuratorate",
    "army",
    "corps",
    "square",
    "lake",
    "river",
    "mountain",
    "reservoir",
    "garden",
    "temple",
    "province",
    "city",
    "municipality",
    "region",
    "prefecture",
    "forum",
    "symposium",
    "society",
    "league",
    "union",
    "team",
    "campus",
    "festival",
    "expo",
    "games",
    "olympics",
    "olympic",
    "news",
    "daily",
    "times",
    "post",
    "television",
    "radio",
    "xinhua",
    "cctv",
    "reuters",
    "bloomberg",
    "afp",
    "ap",
    "people's",
    "communist",
    "cpc",
    "npc",
    "cppcc",
    "pla",
    "politburo",
    "standing",
    "political",
    "general",
    "secretary",
    "premier",
    "president",
    "vice",
    "chairman",
    "minister",
    "governor",
    "mayor",
    "mr",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "photo",
    "exchange",
    "us",
    "u.s",
    "apple",
}
LEADING_NOISE = {
    "the",
    "a",
    "an",
    "at",
    "in",
    "on",
    "during",
    "visiting",
    "while",
    "after",
    "when",
    "inspected",
    "visited",
    "and",
    "premier",
    "president",
    "chinese",
    "local",
    "its",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "then",
    "also",
    "both",
}
ZH_VISIT_VERB = r"考察|调研|来到|走进|参观|视察|走访|察看|了解"
# "考察了长江存储科技有限责任公司": the name starts after the verb or a punctuation mark.
ZH_COMPANY_END = ("公司", "集团")  # every name ZH_COMPANY reads ends in one of them
ZH_COMPANY = re.compile(
    rf"(?:(?:{ZH_VISIT_VERB})了?|[，、。：；]|^)(?!{ZH_VISIT_VERB})"
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9（）()]{2,24}?(?:股份有限公司|有限责任公司|有限公司|集团|公司))"
)


@dataclass(frozen=True)
class EnterpriseFound:
    name: str
    sentence: int
    known_key: str = ""  # key of an enterprise already in the archive


NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9\u4e00-\u9fff]+")


def fold(text: str) -> str:
    if not text.isascii():  # ASCII has no accents to take off (NFKD leaves it as it is)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(NOT_ALPHANUMERIC.sub(" ", text.lower()).split())


def enterprise_key(name: str) -> str:
    """A company's name without legal suffixes: what two spellings of it share."""
    tokens = [t for t in fold(name.replace("S.F.", "SF")).split() if t not in SUFFIX_WORDS]
    return " ".join(tokens) or fold(name)


def acronyms(name: str) -> set[str]:
    """ "YMT" and "YMTC" for "Yangtze Memory Technologies Co."."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper()]
    core = [w for w in words if w.lower() not in SUFFIX_WORDS]
    return {"".join(w[0] for w in core), "".join(w[0] for w in words)} - {""}


# "Taiyuan Iron and Steel (Group) Co., Ltd. (TISCO)": a short form in brackets after the name.
SHORT_IN_BRACKETS = re.compile(r"\(([A-Za-z][A-Za-z0-9]{1,9})\)")
# Runs of word characters and hyphens: a short form is named where one of them is it.
WORD_RUN = re.compile(r"[\w-]+")


def visited_enterprises(
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    is_about_leader: Callable[[int], bool],
    is_excluded: Callable[[int], bool],
) -> list[EnterpriseFound]:
    """Named companies in sentences where the leader visits, inspects or is at them."""
    found: list[EnterpriseFound] = []
    # Each sentence's names are read once, for the short forms and for the visits.
    names_in = [_names_in(s.text) for s in sentences]
    candidates_anywhere = {c for names in names_in for c, _ in _companies(names, None)}
    short_forms = {a: c for c in candidates_anywhere for a in acronyms(c) if len(a) >= 3}
    document = "\n".join(s.text for s in sentences)
    # Where a bracketed short form could follow a name: only names ending there are searched.
    bracket_ends = [
        len(document[: m.start()].rstrip()) for m in SHORT_IN_BRACKETS.finditer(document)
    ]
    for full in candidates_anywhere:
        if not any(document.endswith(full, 0, end) for end in bracket_ends):
            continue
        for match in re.finditer(
            rf"{re.escape(full)}\s*\(([A-Za-z][A-Za-z0-9]{{1,9}})\)", document
        ):
            short_forms[match.group(1)] = full
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if is_excluded(index) or not is_about_leader(index) or not _visit_context(text):
            continue
        for name, known_key in _companies(names_in[index], gazetteer):
            found.append(EnterpriseFound(short_forms.get(name, name), index, known_key))
        # A short form is named where a whole run of word characters and hyphens is it (the
        # runs are read only once one of them is in the sentence at all).
        words = None
        for short, full in short_forms.items():
            if short not in text or short == full:
                continue
            words = set(WORD_RUN.findall(text)) if words is None else words
            if short in words:
                found.append(EnterpriseFound(full, index))
        if not any(end in text for end in ZH_COMPANY_END):
            continue
        for match in ZH_COMPANY.finditer(text):
            # "李强考察了中国第一汽车集团": the name starts after the last visit verb.
            name = re.split(rf"(?:{ZH_VISIT_VERB})了?", match.group("name"))[-1]
            if len(name) >= 4:
                found.append(EnterpriseFound(name, index))
    return merge_spellings(found)


# A legal form after a space, as every legal name ends: found fast, it spares LEGAL_NAME,
# slow to rule out at every capital, most sentences. Whether LEGAL_HINT_PLAIN finds one,
# written to start with the capital a legal form starts with (then the space before it, then
# the rest of the forms of that letter): `re` skips to those capitals in a loop of its own
# instead of trying the pattern after every space.
LEGAL_HINT_PLAIN = re.compile(rf"\s{LEGAL_SUFFIX}(?![\w])")
LEGAL_HINT = re.compile(
    r"[CLIGHP](?<=\s.)(?:(?<=C)(?:o\.?,?\s*Ltd\.?|o\.?\s+Ltd\.?|o\.?|orp\.?|orporation|ompany)"
    r"|(?<=L)(?:td\.?|imited|LC)|(?<=I)nc\.?|(?<=G)roup|(?<=H)oldings?|(?<=P)LC)(?![\w])"
)


def _name_matches(text: str):
    """(name, start, end) of capitalised names; names with a legal form take precedence."""
    if not LEGAL_HINT.search(text):
        # (The name is the whole match: group 0, the cheapest to ask for.)
        return _joined_by_and(
            text, [(m.group(), m.start(), m.end()) for m in _names_pattern(text).finditer(text)]
        )
    legal = [
        piece
        for m in LEGAL_NAME.finditer(text)
        for piece in _split_joined(m.group("name"), m.start())
    ]
    # Legal names do not overlap one another: the one starting last before a plain name's
    # end is the only one that can overlap it.
    starts = [start for _, start, _ in legal]
    plain = []
    for m in _names_pattern(text).finditer(text):
        before = bisect.bisect_left(starts, m.end()) - 1
        if before < 0 or legal[before][2] <= m.start():
            plain.append((m.group("name"), m.start(), m.end()))
    plain = _joined_by_and(text, plain)
    return sorted(legal + plain, key=lambda item: item[1]) if legal else plain


# Words of trade a name joins with "and": "Yaoneng Grain and Oil", "Import and Export".
JOINED_TRADES = INDUSTRY_WORDS | {"grain", "oil", "gas", "export", "import", "trade", "iron"}


def _joined_by_and(text: str, names: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Names the plain pattern cut at "and" made whole again: "Yaoneng Grain" and "Oil" are
    "Yaoneng Grain and Oil" when both words beside "and" are words of trade, not names
    ("Lenovo and Dell" stay two)."""
    if " and " not in text or len(names) < 2:
        return names
    joined = [names[0]]
    for name, start, end in names[1:]:
        previous = joined[-1]
        between = text[previous[2] : start]
        left, right = previous[0].split()[-1].lower(), name.split()[0].lower()
        if between == " and " and left in JOINED_TRADES and right in JOINED_TRADES:
            joined[-1] = (text[previous[1] : end], previous[1], end)
        else:
            joined.append((name, start, end))
    return joined


# "Botai Logistics Holdings and Junyi Automotive Corporation" is two companies: a name with a
# legal form joins words with "and" ("Taiyuan Iron and Steel (Group) Co.", "Grain and Oil
# Group"), but not after a legal form, nor before a name in pinyin, nor between a name that
# ends in its trade and a capitalised word of no trade ("Dongfeng Motor and Yangtze Memory
# Technologies Co.": "Motor" may end a name, "Yangtze" starts one).
JOINED = re.compile(r"\s+and\s+")


def _company_at(text: str, start: int) -> bool:
    """Whether a company with a legal form, and only one, is named at text[start:]: what
    follows "and" after a name that ends in its trade ("Dongfeng Motor and Yangtze Memory
    Technologies Co.") rather than the rest of an institution's name ("National Food and
    Strategic Reserves Administration")."""
    match = LEGAL_NAME.match(text, start)
    return bool(match) and " and " not in match.group("name")


def _split_joined(name: str, start: int) -> list[tuple[str, int, int]]:
    """(name, start, end) of the companies a legal name's match holds."""
    if " and " not in name:
        return [(name, start, start + len(name))]
    pieces, first = [], 0
    for match in JOINED.finditer(name):
        before = name[first : match.start()].split()
        after = name[match.end() :].split()
        if (
            before
            and after
            and (
                before[-1].lower().rstrip(".,") in SUFFIX_WORDS
                or after[0][0].isupper()
                and PINYIN_WORD.fullmatch(after[0].lower())
                or len(before) > 1
                and len(after) > 1
                and before[-1].lower() in INDUSTRY_WORDS
                and after[0][0].isupper()
                and after[0].lower() not in JOINED_TRADES
            )
        ):
            pieces.append((name[first : match.start()], start + first, start + match.start()))
            first = match.end()
    pieces.append((name[first:], start + first, start + len(name)))
    return pieces


class _Name(NamedTuple):
    """A capitalised name in a sentence, and what the sentence says of it."""

    text: str
    key: str  # enterprise_key(text)
    legal: bool  # ends in a legal form: "Co., Ltd."
    odd: bool  # has a word no company name has: "University", "Monday"
    has_suffix: bool  # "... Group", "... Corporation of China"
    industry_end: bool  # "... Steel", "... Technologies"
    # What the sentence says, where it matters (see _names_in):
    cut_short: bool  # followed by "and" and a capital
    context: bool  # described as a company, a stop of the leader, or listed as one


class _Form(NamedTuple):
    """What a name's own words say of it, whatever the sentence around it."""

    text: str  # without leading noise ("the", "visited", ...)
    offset: int  # where that starts in the name as matched
    key: str  # enterprise_key(text)
    legal: bool
    odd: bool
    has_suffix: bool
    industry_end: bool
    weighed: bool  # legal or not odd: what the words around it say counts
    # The name where the words around it say nothing of it, made once: most names are.
    plain: _Name


@lru_cache(maxsize=4096)  # the same names come back in sentence after sentence: "Xi", "CPC"
def _form(raw: str) -> _Form | None:
    name, offset = _strip_leading_noise(raw)
    if not name:
        return None
    tokens = fold(name).split()
    core = [t for t in tokens if t not in SUFFIX_WORDS]
    if not core:
        return None
    # "... Corporation of China": the legal form before "of <place>" counts.
    legal_tokens = tokens
    if tokens[-1] not in SUFFIX_WORDS and "of" in tokens[1:]:
        legal_tokens = tokens[: len(tokens) - tokens[::-1].index("of") - 1]
    key = " ".join(core) if "S.F." not in name else enterprise_key(name)
    legal = name.endswith(LEGAL_ENDINGS) and bool(LEGAL_END.search(name))
    odd = any(t in NOT_A_COMPANY for t in tokens if t not in INDUSTRY_WORDS)
    has_suffix = legal_tokens[-1] in SUFFIX_WORDS
    industry_end = core[-1] in INDUSTRY_WORDS and len(core) >= 2
    plain = _Name(name, key, legal, odd, has_suffix, industry_end, False, False)
    return _Form(name, offset, key, legal, odd, has_suffix, industry_end, legal or not odd, plain)


def _names_in(text: str) -> list[_Name]:
    """The names in one sentence that could be companies, whatever the gazetteer knows."""
    names = []
    listed = _listed_before_and_others(text)
    opens_with_at = bool(AT_START.match(text))
    for raw, match_start, end in _name_matches(text):
        form = _form(raw)
        if form is None:
            continue
        # An odd name without a legal form is a company only if known, whatever the words
        # around it say.
        if not form.weighed:
            names.append(form.plain)
            continue
        name, start = form.text, match_start + form.offset
        # Each pattern runs only where the character or word it starts or ends with is; a
        # name that says it is a company needs no context.
        context = not (form.has_suffix or form.industry_end) and (
            name in listed
            or text.startswith(",", end)
            and bool(APPOSITIVE.match(text, end))
            or bool(X_COMPANY_AFTER.match(text, end))
            and bool(THE_X_COMPANY.search(text[max(0, start - 6) : start]))
            or opens_with_at
            and bool(AT_START.fullmatch(text, 0, start) and LEADER_NEXT.match(text, end))
            or _after_descriptor(text[max(0, start - 40) : start])
        )
        more = AND_MORE.match(text, end)
        cut_short = bool(more) and not (
            form.has_suffix or form.industry_end and _company_at(text, more.end() - 1)
        )
        names.append(
            form.plain._replace(cut_short=cut_short, context=context)
            if cut_short or context
            else form.plain
        )
    return names


def _after_descriptor(before: str) -> bool:
    """ "the carmaker <name>": the words before a name end with a descriptor."""
    # The descriptor ends where the trailing spaces start: a plain test of the words' end
    # rules most names out before the pattern searches the forty characters.
    return caseless(before.rstrip()).endswith(DESCRIPTORS) and bool(PRE_DESCRIPTOR.search(before))


def _companies(names: Sequence[_Name], gazetteer: Gazetteer | None) -> list[tuple[str, str]]:
    """(name, known key) of the names that are companies, by what the gazetteer knows too."""
    results = []
    for name in names:
        known = _known(name.text, gazetteer, name.key)
        if name.odd and not (known or name.legal):
            continue
        named_as_company = name.has_suffix or name.industry_end
        if gazetteer and not named_as_company and _is_place_or_person(name.text, gazetteer):
            continue
        if name.cut_short and not (name.has_suffix or known):
            continue  # "National Food and Strategic Reserves Administration": cut short
        if known or named_as_company or name.context:
            results.append((name.text, known.key if known else ""))
    return results


def _candidates(text: str, gazetteer: Gazetteer | None = None):
    """(name, known key) of company names in one sentence."""
    return _companies(_names_in(text), gazetteer)


LIST_OPENER = re.compile(r"\b(?:inspected|visited|toured|including|such as)\b")


def _listed_before_and_others(text: str) -> set[str]:
    """Names in "inspected A, B, C and other enterprises"."""
    names: set[str] = set()
    if "and other " not in text:  # what AND_OTHERS needs, found faster
        return names
    openers = [m.end() for m in LIST_OPENER.finditer(text)]
    previous = 0
    for match in AND_OTHERS.finditer(text):
        # The list runs from the last opener; what stands before the previous "and other
        # enterprises" was read with it (reading from the start each time was quadratic).
        last = bisect.bisect_right(openers, match.start()) - 1
        clause = text[max(previous, openers[last] if last >= 0 else 0) : match.start()]
        previous = match.start()
        for item in re.split(r",\s*|\s+and\s+", clause):
            item = item.strip()
            if item and item[0].isupper():
                names.add(_strip_leading_noise(item)[0])
    return names


HYPHENATED_CAPITAL = re.compile(r"[A-Z][A-Za-z]*-[a-z]")  # "Hubei-based", "Sino-foreign"
# "Hubei's Dongfeng Motor Corporation", "Xi'an's Longi ...": whose the company is, before its
# name (when two words or more follow: "McDonald's Corporation" is a name).
POSSESSIVE_WORD = re.compile(r"[A-Z][\w'’-]*['’]s")


def _strip_leading_noise(name: str) -> tuple[str, int]:
    words = name.split()
    dropped = 0
    while words and (
        words[0].lower() in LEADING_NOISE
        or HYPHENATED_CAPITAL.match(words[0])
        or len(words) > 2
        and POSSESSIVE_WORD.fullmatch(words[0])
    ):
        dropped += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), dropped


def _known(name: str, gazetteer: Gazetteer | None, key: str | None = None):
    if gazetteer is None:
        return None
    entry = gazetteer.enterprise_index.get(name)
    if entry:
        return entry
    return gazetteer.enterprise_by_key.get(enterprise_key(name) if key is None else key)


def _is_place_or_person(name: str, gazetteer: Gazetteer) -> bool:
    return name in gazetteer.place_index or name in gazetteer.person_index


def merge_spellings(found: Sequence[EnterpriseFound]) -> list[EnterpriseFound]:
    """One entry per company: a name whose words all appear in a fuller name is that name."""
    merged: list[EnterpriseFound] = []
    for item in sorted(found, key=lambda f: -len(enterprise_key(f.name))):
        words = set(enterprise_key(item.name).split())
        same = next(
            (
                m
                for m in merged
                if words <= set(enterprise_key(m.name).split())
                or (item.known_key and item.known_key == m.known_key)
            ),
            None,
        )
        if same is None:
            merged.append(item)
    order = {id(f): i for i, f in enumerate(found)}
    return sorted(merged, key=lambda f: (f.sentence, order.get(id(f), 0)))
