"""Who makes the tour, and who goes along."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import Gazetteer, PersonEntry
from .text import Sentence, caseless

# "Xi Jinping's important speech": a mention that says nothing about who is touring.
POSSESSED = re.compile(
    r"^'s\s+(?:[\w-]+\s+){0,2}(?:speech|instructions?|thought|administration|government|"
    r"leadership|remarks|letter|reply|father|call|policy|policies)\b",
    re.IGNORECASE,
)
# "\b(?=[...])": the first letters of the words, tested before trying each (see context.py).
# ACCOMPANY needs one of these words in a sentence's caseless form (text.caseless).
ACCOMPANY_WORDS = ("accompan", "joined", "with", "陪同")
ACCOMPANY = re.compile(
    r"\b(?=[ajw])(?:accompan\w*|joined\s+by\b|joined\s+(?:him|her|[A-Z][a-z]+)\s+(?:on|during|in|for)\b"
    r"|(?:was|were)\s+with\s+(?:him|her)\b)|陪同",
    re.IGNORECASE,
)
# Companions follow "joined by" and these; with the other forms of ACCOMPANY they come before
# the verb: "accompanied by", "with the accompany of", "Accompanying Xi
# were ...", "Accompanying him on the trip was ...".
COMPANIONS_AFTER = re.compile(
    r"\s+(?:by|of)\b|(?<=ccompanying)\s+(?:[\w'-]+\s+){0,8}?(?:were|was|are|is|included)\b"
)
# "photos show Mr Xi with Chongqing party boss Sun Zhengcai and mayor Huang Qifan"
WITH = re.compile(r"\bwith\b")
SHOWN_WITH = re.compile(
    r"\b(?=[jst])(?:show|shows|showed|shown|joined by|together with)\b", re.IGNORECASE
)
# A name's end: no letter, hyphen or apostrophe follows ("Chen Min'er" is one name); Chinese
# characters may ("Yi Lianhong 易炼红" is also written without the space).
NAME_END = r"(?!(?![\u3400-\u9fff])[\w'-])"
# A word of a name in pinyin: "Min'er", "Zhou".
NAME_WORD = r"[A-Z][a-z]+(?:'[a-z]+)?"
LOCAL_TITLE = (
    r"(?:(?:provincial|municipal|regional|city|local|[A-Z][a-z]+)\s+)?"
    r"(?:Party|party)\s+(?:secretary|chief|boss)|(?:[Pp]rovincial\s+|[Vv]ice\s+)?[Gg]overnor|[Mm]ayor|"
    r"chairman of the [\w ]{3,40}? government|secretary-general of the State Council|"
    r"(?:State|state) (?:Councillor|councillor|Councilor)|"
    # "Secretary of the CPC Qinghai provincial committee", "Governor of the provincial government"
    r"[Ss]ecretary of the (?:CPC|Communist Party of China) [A-Z][\w ]{2,30}? (?:[Pp]rovincial|"
    r"[Mm]unicipal|[Rr]egional) [Cc]ommittee|[Gg]overnor of the (?:[A-Z]\w+ )?[Pp]rovincial [Gg]overnment"
)
TITLED_NAME = re.compile(
    rf"(?:{LOCAL_TITLE})\s+(?P<name>{NAME_WORD}(?:\s{NAME_WORD}){{1,2}}){NAME_END}"
)
# The post after the name: "Zhou Zuyi, secretary of the CPC Fujian Provincial Committee",
# "Zhao Long, governor of the province", "Yi Lianhong (易炼红), Party secretary of Jiangxi".
NAME_THEN_TITLE = re.compile(
    rf"(?<![\w'-])(?P<name>{NAME_WORD}(?:\s{NAME_WORD}){{1,2}}){NAME_END}\s*"
    r"(?:[(（]?[\u3400-\u9fff]{2,4}[)）]?\s*)?,\s+(?:the\s+)?(?:then\s+|acting\s+)?"
    r"(?:(?:vice|deputy|executive vice)\s+)?(?:(?:provincial|municipal|regional)\s+)?"
    r"(?:[Pp]arty\s+(?:secretary|chief)|secretary\s+of\s+the\s+(?:CPC|Communist|[A-Z]\w+)|"
    r"[Gg]overnor\b|[Mm]ayor\b|chairman\s+of\s+the\s+[\w ]{3,40}?(?:government|[Rr]egion))"
)
BARE_NAME = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][a-z]{1,10}\s[A-Z][a-z]{1,10}(?:[a-z]*))" + NAME_END
)


@dataclass(frozen=True)
class Mention:
    person: PersonEntry
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class PersonFound:
    name: str
    sentence: int
    known: bool = True


def find_mentions(
    sentences: Sequence[Sentence], gazetteer: Gazetteer, day: dt.date | None = None
) -> list[Mention]:
    """Each naming of a person the gazetteer knows; a name two people share is the one
    `the_one_meant` on the report's day."""
    mentions = []
    namesakes = gazetteer.namesakes
    for index, sentence in enumerate(sentences):
        for match in gazetteer.person_pattern_for(sentence.text).finditer(sentence.text):
            name = match.group(0)
            if name in namesakes:
                person = the_one_meant(namesakes[name], day, sentence.text)
            else:
                person = gazetteer.person_index[name]
            mentions.append(Mention(person, index, match.start(), match.end()))
    return mentions


def the_one_meant(people: Sequence[PersonEntry], day: dt.date | None, text: str) -> PersonEntry:
    """Of people written alike, the one who held a post on the day, else the one whose posts
    came nearest to it; with no day, the one whose province the sentence names, else the
    first."""
    if day is not None:
        return min(
            (p for p in people if p.posts),
            key=lambda p: min(post.days_from(day) for post in p.posts),
            default=people[0],
        )
    return next(
        (p for p in people if any(post.province and post.province in text for post in p.posts)),
        people[0],
    )


def is_companion(text: str, mention: Mention) -> bool:
    """Named as going along: after "accompanied by", or in the subject of "accompanied"."""
    first_follows, last_precedes = _companion_bounds(text)
    return mention.start >= first_follows or mention.end <= last_precedes


_FOLLOWS_AT = re.compile(r"\w+\s+by\b", re.IGNORECASE)  # "joined by", matched at a position


def _companions_from(text: str, match: re.Match[str]) -> int | None:
    """Where the companions named with this ACCOMPANY match start, if they come after it
    (after "by" or "were": "Accompanying Xi were ..." names Xi before them)."""
    joined = _FOLLOWS_AT.match(text, match.start())
    if joined:
        return joined.end()
    after = COMPANIONS_AFTER.match(text, match.end())
    return after.end() if after else None


@lru_cache(maxsize=16)
def _companion_bounds(text: str) -> tuple[float, float]:
    """(where the companions of the first "accompanied by"-like phrase start, start of the last
    plain "accompanied").

    Companions come after the first and before the last; computed once per sentence, as a
    sentence may name a leader thousands of times.
    """
    first_follows, last_precedes = math.inf, -math.inf
    if not _may_accompany(text):
        return first_follows, last_precedes
    for match in ACCOMPANY.finditer(text):
        start = _companions_from(text, match)
        if start is not None:
            first_follows = min(first_follows, start)
        else:
            last_precedes = match.start()
    return first_follows, last_precedes


def _may_accompany(text: str) -> bool:
    folded = caseless(text)
    return any(word in folded for word in ACCOMPANY_WORDS)


def _acts(sentence: Sentence, mention: Mention) -> bool:
    return not POSSESSED.match(sentence.text[mention.end : mention.end + 60])


def lead_officials(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    day: dt.date | None,
    title: str = "",
) -> list[PersonFound]:
    """The central leader(s) the report is about: named most, and named early."""
    scores: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    people: dict[str, PersonEntry] = {}
    central: dict[str, bool] = {}  # by name: a leader is named many times
    for mention in mentions:
        sentence = sentences[mention.sentence]
        person = mention.person
        if person.name not in central:
            central[person.name] = person.is_central_leader(day)
        if not central[person.name] or is_companion(sentence.text, mention):
            continue
        if not _acts(sentence, mention):
            continue
        people[person.name] = person
        first_seen.setdefault(person.name, mention.sentence)
        scores[person.name] += 3 if mention.sentence < 3 else 2
    if not scores:
        return []
    # Surname-only references ("Li said", "Premier Li") count for the leader of that name.
    surnames = Counter(p.surname for p in people.values())
    # Counted in the whole text at once: the line breaks between sentences bound a surname
    # as the ends of a sentence do.
    document = "\n".join(s.text for s in sentences)
    for name, person in people.items():
        if surnames[person.surname] > 1 or person.surname not in document:
            continue
        # The surname, not preceded by a letter or hyphen: written with the name first (and
        # the test of what precedes it after), `re` looks for the name as for a plain string.
        surname = re.escape(person.surname)
        pattern = re.compile(rf"{surname}(?<![\w-]{surname})(?![\w-]|'(?!s\b))(?! [A-Z][a-z])")
        scores[name] += len(pattern.findall(document))
    if title:
        for name, person in people.items():
            if person.name in title or re.search(rf"\b{re.escape(person.surname)}\b", title):
                scores[name] += 3
    ranked = sorted(scores, key=lambda n: (-scores[n], first_seen[n]))
    best = ranked[0]
    leads = [best]
    # Joint tours: "Xi Jinping and Li Qiang visited ..."
    for other in ranked[1:]:
        if scores[other] >= 0.8 * scores[best] and _joint_subjects(sentences, best, other):
            leads.append(other)
    return [PersonFound(n, first_seen[n]) for n in leads]


def _joint_subjects(sentences: Sequence[Sentence], a: str, b: str) -> bool:
    joint = re.compile(
        rf"{re.escape(a)}\s+and\s+{re.escape(b)}|{re.escape(b)}\s+and\s+{re.escape(a)}"
    )
    return any(joint.search(s.text) for s in sentences)


def accompanying_officials(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    leads: Sequence[str],
) -> list[PersonFound]:
    """Officials the text says went along: "accompanied by ...", "photos show X with ..."."""
    found: dict[str, PersonFound] = {}
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    for index, sentence in enumerate(sentences):
        text = sentence.text
        accompany = ACCOMPANY.search(text) if _may_accompany(text) else None
        shown = "with" in text and SHOWN_WITH.search(text) and WITH.search(text)
        if not (accompany or shown):
            continue
        for mention in by_sentence.get(index, []):
            if mention.person.name not in leads and (shown or is_companion(text, mention)):
                found.setdefault(mention.person.name, PersonFound(mention.person.name, index))
        known_spans = [m.person.names for m in by_sentence.get(index, [])]
        # People the gazetteer does not know yet, named with a local title before or after.
        for pattern in (TITLED_NAME, NAME_THEN_TITLE):
            for match in pattern.finditer(text):
                name = match.group("name")
                if (
                    name not in leads
                    and not any(name in f for f in found)
                    and not any(name in " ".join(names) for names in known_spans)
                    and is_pinyin_name(name)
                ):
                    found.setdefault(name, PersonFound(name, index, known=False))
        if accompany:
            # People the gazetteer does not know yet: "joined by ... Wang Dongming and Governor Wei Hong".
            start = _companions_from(text, accompany)
            part = text[start:] if start is not None else text[: accompany.start()]
            for match in BARE_NAME.finditer(part):
                name = match.group("name")
                if re.match(r"['-]|\s+[A-Z]", part[match.end() :]) or any(
                    name in " ".join(names) for names in known_spans
                ):
                    continue  # part of a longer name: "Chen Min'er", "Guangxi Zhuang Autonomous ..."
                if name not in leads and _plausible_name(name) and is_pinyin_name(name):
                    found.setdefault(name, PersonFound(name, index, known=False))
    return list(found.values())


def _plausible_name(name: str) -> bool:
    if re.search(r"\b(?:Autonomous|Region|Province|City)\b", name):
        return False
    first = name.split()[0]
    return first not in {
        "The",
        "This",
        "That",
        "Party",
        "Premier",
        "President",
        "Vice",
        "Chinese",
        "China",
        "State",
        "General",
        "Secretary",
        "Governor",
        "Mayor",
        "Provincial",
        "Central",
    }


_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ui|ao|ou|iu|ie|ue|ve|er|"
    r"an|en|in|un|vn|ua|uo|a|o|e|i|u|v)"
)
PINYIN_WORD = re.compile(rf"(?:{_SYLLABLE})+(?:'(?:{_SYLLABLE})+)?")


def is_pinyin_name(name: str) -> bool:
    """ "Wang Dongming" is spelt in pinyin; "Work Safety" is not."""
    return all(PINYIN_WORD.fullmatch(word.lower()) for word in name.split())
