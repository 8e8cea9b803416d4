"""Who makes the tour, and who goes along, in a Chinese report."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..gazetteer import PersonEntry
from ..officials import PersonFound
from ..text import Sentence
from .names import ChineseNames
from .spans import Spans

# "在中共中央政治局委员、上海市委书记俞正声等陪同下": those named inside go along.
ALONG_UNDER = re.compile(r"陪同下")
# "王沪宁、栗战书陪同考察", "市长龚正参加相关活动", "李强出席有关活动", "杨晶一同考察":
# those named before the word go along, if nothing between says they did something else.
ALONG_AFTER = re.compile(
    r"陪同(?!下)|一同(?:考察|调研|视察|参加|前往)|一起(?:考察|调研)|随同"
    r"|(?:参加|出席)(?:了)?(?:有关|相关|上述)?(?:活动|考察|调研|汇报会|座谈会)"
)
# What a person named before ALONG_AFTER must not have done in between: then the name is
# the subject of that, not of going along ("习近平在浙江考察,夏宝龙陪同").
OWN_ACTION = re.compile(
    r"在|考察|调研|视察|来到|前往|赴|主持|强调|指出|表示|说|看望|会见|听取|了解|察看|走进|深入|指导"
)


@dataclass(frozen=True)
class Mention:
    person: PersonEntry
    sentence: int
    start: int
    end: int


def find_mentions(views: Sequence[Sentence], names: ChineseNames) -> list[Mention]:
    """Every name of a known official in the (simplified) sentences."""
    mentions = []
    for index, sentence in enumerate(views):
        for match in names.person_pattern.finditer(sentence.text):
            person = names.people[match.group(0)]
            mentions.append(Mention(person, index, match.start(), match.end()))
    return mentions


class Companions:
    """Where in one sentence the people named go along with the leader."""

    def __init__(self, text: str) -> None:
        under = []
        for match in ALONG_UNDER.finditer(text):
            opening = text.rfind("在", max(0, match.start() - 120), match.start())
            if opening >= 0:
                under.append((opening + 1, match.start()))
        self.under = Spans(under)
        self.along = (
            [m.start() for m in ALONG_AFTER.finditer(text)]
            if "同" in text or ("参加" in text or "出席" in text or "一起" in text)
            else []
        )
        self.actions = [m.start() for m in OWN_ACTION.finditer(text)] if self.along else []

    def __contains__(self, mention: Mention) -> bool:
        return self.cover(mention.start, mention.end)

    def cover(self, start: int, end: int) -> bool:
        """Whether what stands at text[start:end] is named as going along."""
        if self.under.covers(start):
            return True
        # Named before a word of going along, with nothing done in between.
        at = bisect.bisect_left(self.along, end)
        if at == len(self.along):
            return False
        action = bisect.bisect_left(self.actions, end)
        return action == len(self.actions) or self.actions[action] >= self.along[at]


def lead_officials(
    views: Sequence[Sentence],
    mentions: Sequence[Mention],
    day: dt.date | None,
    title: str = "",
) -> list[PersonFound]:
    """The central leader the report is about: named most and early, not as a companion."""
    scores: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    central: dict[str, bool] = {}
    companions: dict[int, Companions] = {}
    for mention in mentions:
        person = mention.person
        if person.name not in central:
            central[person.name] = person.is_central_leader(day)
        if not central[person.name]:
            continue
        if mention.sentence not in companions:
            companions[mention.sentence] = Companions(views[mention.sentence].text)
        if mention in companions[mention.sentence]:
            continue
        first_seen.setdefault(person.name, mention.sentence)
        scores[person.name] += 3 if mention.sentence < 3 else 2
    if not scores:
        return []
    for name in scores:
        if title and any(n in title for n in _names_zh(mentions, name)):
            scores[name] += 3
    best = min(scores, key=lambda n: (-scores[n], first_seen[n]))
    return [PersonFound(best, first_seen[best])]


def _names_zh(mentions: Sequence[Mention], name: str) -> tuple[str, ...]:
    return next((m.person.names_zh for m in mentions if m.person.name == name), ())


def accompanying_officials(
    views: Sequence[Sentence], mentions: Sequence[Mention], leads: Sequence[str]
) -> list[PersonFound]:
    """Known officials the text names as going along."""
    found: dict[str, PersonFound] = {}
    companions: dict[int, Companions] = {}
    for mention in mentions:
        if mention.person.name in leads or mention.person.name in found:
            continue
        if mention.sentence not in companions:
            companions[mention.sentence] = Companions(views[mention.sentence].text)
        if mention in companions[mention.sentence]:
            found[mention.person.name] = PersonFound(mention.person.name, mention.sentence)
    return list(found.values())


# A provincial leader named by post alone: "在省委书记、省长陪同下". (A municipality's
# Party secretary and mayor are written 市委书记, 市长; a region's 区党委书记, 自治区主席.)
POST_ALONE = re.compile(
    r"(?P<post>省委书记|省长|区党委书记|自治区主席|市委书记|市长)(?=[、,，和及与等]|陪同|参加|出席)"
)
SECRETARY_POSTS = ("省委书记", "区党委书记", "市委书记")


def companions_by_post(
    views: Sequence[Sentence],
    people: Sequence[PersonEntry],
    province: str,
    municipality: bool,
    day: dt.date | None,
    named: Sequence[str],
) -> list[PersonFound]:
    """The province's Party secretary or governor on the day, where the text names them
    going along by post alone; `province` is the tour's one province (English name)."""
    if day is None:
        return []
    found: dict[str, PersonFound] = {}
    for index, view in enumerate(views):
        text = view.text
        if "书记" not in text and "长" not in text and "主席" not in text:
            continue
        companions = None
        for match in POST_ALONE.finditer(text):
            post = match.group("post")
            if post.startswith("市") != municipality:
                continue
            companions = companions or Companions(text)
            if not companions.cover(match.start(), match.end()):
                continue
            rank = "provincial_secretary" if post in SECRETARY_POSTS else "governor"
            for person in people:
                if person.name in named or person.name in found:
                    continue
                if any(p.rank == rank and p.province == province for p in person.posts_on(day)):
                    found[person.name] = PersonFound(person.name, index)
    return list(found.values())
