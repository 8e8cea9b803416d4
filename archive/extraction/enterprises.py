"""Companies the leader visited or inspected, in the fullest form the text gives."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .gazetteer import Gazetteer
from .text import Sentence

LEGAL_SUFFIX = r"(?:Co\.?,?\s*Ltd\.?|Co\.?\s+Ltd\.?|Co\.?|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|Group|Holdings?|Company|PLC|LLC)"
# A word of a name: "Huawei", "YMTC", "S.F.", "iFlytek", "5G", "(Group)". The alternatives
# never match the same text: with two ways to read each of ten words, a failed match
# backtracked through 2**10 readings at every capitalised word.
TOKEN = r"(?!(?:Co|Ltd|Inc|Corp|PLC|LLC)\b)(?:[A-Z][A-Za-z0-9'&-]*(?:\.[A-Z]\.?)*|[a-z][A-Z][A-Za-z0-9]*|\d+[A-Za-z]+|\((?:Group|Holdings?|China|Shanghai|Beijing)\))"
# A name with a legal form may join words with "and" or "of": "Taiyuan Iron and Steel
# (Group) Co., Ltd.", "Commercial Aircraft Corporation of China".
LEGAL_NAME = re.compile(
    # ("and" only after an ordinary word: "YMTC and Wuhan Huagong ..." are two companies)
    rf"(?<![\w.-])(?P<name>{TOKEN}(?:(?:(?<=[a-z])\s+and|\s+of|\s+&)?\s+{TOKEN}){{0,9}}"
    rf"(?:,?\s+{LEGAL_SUFFIX}(?![\w]))+(?:,\s+Ltd\.?)?(?:\s+of\s+China)?)"
)
NAME = re.compile(
    rf"(?<![\w.-])(?P<name>{TOKEN}(?:\s+(?:of\s+|&\s+|de\s+)?{TOKEN}){{0,7}}"
    rf"(?:,?\s+{LEGAL_SUFFIX}(?![\w]))*(?:,\s+Ltd\.?)?)"
)
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
DESCRIPTOR = (
    r"(?:company|companies|enterprise|firm|maker|manufacturer|producer|developer|supplier|"
    r"carmaker|automaker|giant|startup|start-up|operator|provider|platform|conglomerate|"
    r"chipmaker|group|corporation|business|exporter|brand)"
)
APPOSITIVE = re.compile(rf"^,\s+(?:a|an|the|one of)\s+[\w\s-]{{0,60}}?\b{DESCRIPTOR}\b")
PRE_DESCRIPTOR = re.compile(rf"\b{DESCRIPTOR}\s+$", re.IGNORECASE)
THE_X_COMPANY = re.compile(r"\bthe\s+$")
X_COMPANY_AFTER = re.compile(r"^\s+(?:company|firm|group|plant|factory)\b")
# Company forms no institution takes: "Tianjin Port (Group) Co., Ltd." is a company.
LEGAL_END = re.compile(r"\b(?:Co\.?|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|Company|PLC|LLC)$")
LEADER_NEXT = re.compile(r"^,\s+(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|he|she)\s+[a-z]+ed\b")
AND_OTHERS = re.compile(r"\band other (?:enterprises|companies|firms|businesses)\b")
VISIT_CONTEXT = re.compile(
    r"\b(?:visit\w*|inspect\w*|tour\w*|investigat\w*|went|go(?:es)? to|headed|stopp?\w*|"
    r"came to|arriv\w*|learn\w* about|learn\w*|at|in|to)\b|考察|调研|视察|走访|来到",
    re.IGNORECASE,
)
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
ZH_COMPANY = re.compile(
    rf"(?:(?:{ZH_VISIT_VERB})了?|[，、。：；]|^)(?!{ZH_VISIT_VERB})"
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9（）()]{2,24}?(?:股份有限公司|有限责任公司|有限公司|集团|公司))"
)


@dataclass(frozen=True)
class EnterpriseFound:
    name: str
    sentence: int
    known_key: str = ""  # key of an enterprise already in the archive


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9\u4e00-\u9fff]+", " ", text).split())


def enterprise_key(name: str) -> str:
    """A company's name without legal suffixes: what two spellings of it share."""
    tokens = [t for t in fold(name.replace("S.F.", "SF")).split() if t not in SUFFIX_WORDS]
    return " ".join(tokens) or fold(name)


def acronyms(name: str) -> set[str]:
    """ "YMT" and "YMTC" for "Yangtze Memory Technologies Co."."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper()]
    core = [w for w in words if w.lower() not in SUFFIX_WORDS]
    return {"".join(w[0] for w in core), "".join(w[0] for w in words)} - {""}


def visited_enterprises(
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    is_about_leader: Callable[[int], bool],
    is_excluded: Callable[[int], bool],
) -> list[EnterpriseFound]:
    """Named companies in sentences where the leader visits, inspects or is at them."""
    found: list[EnterpriseFound] = []
    candidates_anywhere = {c for s in sentences for c, _ in _candidates(s.text)}
    short_forms = {a: c for c in candidates_anywhere for a in acronyms(c) if len(a) >= 3}
    document = "\n".join(s.text for s in sentences)
    for full in candidates_anywhere:
        # "Taiyuan Iron and Steel (Group) Co., Ltd. (TISCO)"
        for match in re.finditer(
            rf"{re.escape(full)}\s*\(([A-Za-z][A-Za-z0-9]{{1,9}})\)", document
        ):
            short_forms[match.group(1)] = full
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if is_excluded(index) or not is_about_leader(index) or not VISIT_CONTEXT.search(text):
            continue
        for name, known_key in _candidates(text, gazetteer):
            found.append(EnterpriseFound(short_forms.get(name, name), index, known_key))
        for short, full in short_forms.items():
            if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text) and short != full:
                found.append(EnterpriseFound(full, index))
        for match in ZH_COMPANY.finditer(text):
            # "李强考察了中国第一汽车集团": the name starts after the last visit verb.
            name = re.split(rf"(?:{ZH_VISIT_VERB})了?", match.group("name"))[-1]
            if len(name) >= 4:
                found.append(EnterpriseFound(name, index))
    return merge_spellings(found)


def _name_matches(text: str):
    """(name, start, end) of capitalised names; names with a legal form take precedence."""
    legal = [(m.group("name"), m.start(), m.end()) for m in LEGAL_NAME.finditer(text)]
    # Legal names do not overlap one another: the one starting last before a plain name's
    # end is the only one that can overlap it.
    starts = [start for _, start, _ in legal]
    plain = []
    for m in NAME.finditer(text):
        before = bisect.bisect_left(starts, m.end()) - 1
        if before < 0 or legal[before][2] <= m.start():
            plain.append((m.group("name"), m.start(), m.end()))
    return sorted(legal + plain, key=lambda item: item[1])


def _candidates(text: str, gazetteer: Gazetteer | None = None):
    """(name, known key) of company names in one sentence."""
    results = []
    listed = _listed_before_and_others(text)
    for raw, match_start, end in _name_matches(text):
        name, offset = _strip_leading_noise(raw)
        if not name:
            continue
        start = match_start + offset
        before, after = text[:start], text[end:]
        tokens = fold(name).split()
        known = _known(name, gazetteer)
        legal = bool(LEGAL_END.search(name))
        if (
            not known
            and not legal
            and (not tokens or any(t in NOT_A_COMPANY for t in tokens if t not in INDUSTRY_WORDS))
        ):
            continue
        core = [t for t in tokens if t not in SUFFIX_WORDS]
        # "... Corporation of China": the legal form before "of <place>" counts.
        legal_tokens = tokens
        if tokens[-1] not in SUFFIX_WORDS and "of" in tokens[1:]:
            legal_tokens = tokens[: len(tokens) - tokens[::-1].index("of") - 1]
        if not core:
            continue
        has_suffix = legal_tokens[-1] in SUFFIX_WORDS and len(core) >= 1
        industry_end = core[-1] in INDUSTRY_WORDS and len(core) >= 2
        described = bool(APPOSITIVE.match(after) or PRE_DESCRIPTOR.search(before[-40:]))
        # "At Sinopec Shengli Oilfield, Ding inspected ...": a named stop of the leader.
        stop = bool(re.fullmatch(r"\s*At\s+(?:the\s+)?", before) and LEADER_NEXT.match(after))
        the_company = bool(THE_X_COMPANY.search(before[-6:]) and X_COMPANY_AFTER.match(after))
        if gazetteer and _is_place_or_person(name, gazetteer) and not (has_suffix or industry_end):
            continue
        if re.match(r"^\s+(?:and|&)\s+[A-Z]", after) and not (has_suffix or known):
            continue  # "National Food and Strategic Reserves Administration": cut short
        if (
            known
            or has_suffix
            or industry_end
            or described
            or the_company
            or stop
            or name in listed
        ):
            results.append((name, known.key if known else ""))
    return results


LIST_OPENER = re.compile(r"\b(?:inspected|visited|toured|including|such as)\b")


def _listed_before_and_others(text: str) -> set[str]:
    """Names in "inspected A, B, C and other enterprises"."""
    names: set[str] = set()
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


def _strip_leading_noise(name: str) -> tuple[str, int]:
    words = name.split()
    dropped = 0
    while words and (
        words[0].lower() in LEADING_NOISE or re.match(r"^[A-Z][A-Za-z]*-[a-z]", words[0])
    ):
        dropped += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), dropped


def _known(name: str, gazetteer: Gazetteer | None):
    if gazetteer is None:
        return None
    entry = gazetteer.enterprise_index.get(name)
    if entry:
        return entry
    return gazetteer.enterprise_by_key.get(enterprise_key(name))


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
