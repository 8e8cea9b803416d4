"""A Chinese report in, the facts of the tour it reports out, each with its evidence.

The text is read as printed (its sentences and their offsets are the evidence the site
highlights); every pattern searches a simplified view of it of the same length, so that
traditional and simplified pages read alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from .. import text as text_module
from ..gazetteer import Gazetteer
from ..pipeline import ArticleFacts, Fact
from ..text import Sentence
from . import dates, enterprises, officials, places
from .script import simplified, without_pinyin_notes

# Words of a tour: inspecting, researching, visiting people and sites.
TOUR_CUE = re.compile(
    r"考察|调研|视察|督导|督查|慰问|走访|察看|看望|探访|来到|到访|访港|访澳|抵港|抵澳|检查指导|调查研究"
)
# What a report that is no tour leads with: a discipline round (巡视), a session of an NPC
# delegation, a state visit, a meeting by telephone or video, receiving guests.
NOT_TOUR = re.compile(
    r"巡视组|巡视工作|中央巡视|代表团.{0,12}审议|审议.{0,12}报告|国事访问|正式访问|出访|"
    r"电视电话会议|视频会议|会见|会谈"
)
LEDE = 3  # sentences that say what a report is about
# The leader, without the name: a pronoun (not "他们", "其他") or the title.
PRONOUN = re.compile(r"(?<![其])[他她](?![们])|总书记|总理|委员长|国家主席")
LEADER_TITLES = "主席|总理|副总理|总书记|委员长|书记"
# Another time: "2010年12月,习近平曾到重庆市调研", "去年", "曾两次带队".
EARLIER = re.compile(
    r"曾(?:经|到|在|于|去|来|两次|多次|一度|赴|率|带队)|去年|前年|上次|上一次|前几年|往年|多年前"
)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
BACKGROUND_DAYS = 20  # a date this long before the report's is another visit's


def extract(
    raw: str,
    doc: str,
    header_date: str | None,
    gazetteer: Gazetteer,
    published: dt.date | None,
    title: str,
) -> ArticleFacts:
    doc, title = without_pinyin_notes(doc), without_pinyin_notes(title)
    sentences = text_module.split_sentences(doc)
    view_doc = simplified(doc)
    views = [Sentence(view_doc[s.start : s.end], s.start) for s in sentences]
    view_title = view_doc[: len(title)] if doc.startswith(title) else simplified(title)
    names = gazetteer.chinese

    # Stamps are read in the page as crawled: cleaning drops lines such as "来源:新华社
    # 日期:2022-04-18" as site furniture.
    published = published or dates.published_date(header_date, raw)
    who, dateline_date, _ = dates.dateline(view_doc, published)
    reference = dateline_date or published

    mentions = officials.find_mentions(views, names)
    leads = officials.lead_officials(views, mentions, reference, view_title)
    facts = ArticleFacts(
        title=title,
        text=doc,
        language="zh",
        published=published,
        dateline_place=who or None,
        reference_date=reference,
        is_tour=False,
        sentences=sentences,
    )
    facts.officials = [Fact(p.name, p.sentence, p.name) for p in leads]
    if not leads:
        facts.doubts.append("no leader found")
        return facts

    leader_names = [n for p in leads for n in names.names_of(p.name)]
    background = [_is_background(v.text, reference) for v in views]
    # ("习主席", "李总理": the surname and the title.)
    titled = re.compile("|".join(f"{n[0]}(?:{LEADER_TITLES})" for n in leader_names) or "(?!x)x")
    about_leader = [
        any(n in v.text for n in leader_names)
        or bool(PRONOUN.search(v.text) or titled.search(v.text))
        for v in views
    ]

    def is_about_tour(index: int) -> bool:
        return not background[index] and (
            about_leader[index] or bool(TOUR_CUE.search(views[index].text))
        )

    provinces, cities = places.visited_places(
        views, gazetteer, names, is_about_tour, lambda name: name in leader_names
    )
    facts.provinces = [Fact(p.place.name, p.sentence, p.place.code) for p in provinces]
    facts.cities = [Fact(c.place.name, c.sentence, c.place.code) for c in cities]

    cue = any(TOUR_CUE.search(v.text) and not background[i] for i, v in enumerate(views))
    facts.is_tour = bool(provinces) and cue and not _is_other_news(views, view_title)
    if not facts.is_tour:
        facts.provinces, facts.cities = [], []
        facts.doubts.append("no domestic tour found" if not provinces else "no tour wording")
        return facts

    span = dates.tour_dates(
        views,
        reference,
        is_about_tour,
        lambda i: about_leader[i] and not background[i],
        leader_names,
    )
    facts.start_date, facts.end_date = span.start, span.end
    facts.date_sentence, facts.date_rule = span.sentence, span.how
    if span.start is None:
        facts.days_without_year = dates.days_without_year(views, is_about_tour)

    along = officials.accompanying_officials(views, mentions, [p.name for p in leads])
    if len(provinces) == 1:
        province = provinces[0].place
        along += officials.companions_by_post(
            views,
            gazetteer.people,
            province.name,
            any(n.endswith("市") for n in province.names_zh),
            span.start or reference,
            [p.name for p in [*leads, *along]],
        )
    facts.accompanying = [Fact(p.name, p.sentence, p.name) for p in along]
    found = enterprises.visited_enterprises(sentences, views, gazetteer, names, is_about_tour)
    facts.enterprises = [Fact(e.name, e.sentence, e.known_key) for e in found]
    weights = {i: 0.3 for i, flag in enumerate(background) if flag}
    facts.themes = [
        Fact(t.slug, t.sentence, t.slug)
        for t in gazetteer.theme_matcher.score(views, view_title, weights)
    ]
    if facts.start_date is None:
        facts.doubts.append("no tour date found")
    return facts


def _is_background(view: str, reference: dt.date | None) -> bool:
    """A sentence about another time than the tour's."""
    if ("曾" in view or "年" in view or "上" in view or "往" in view) and EARLIER.search(view):
        return True
    if reference is None:
        return False
    if "年" in view and any(int(y) != reference.year for y in YEAR.findall(view)):
        return True
    if "月" not in view:
        return False
    for month, day in MONTH_DAY.findall(view):
        when = dates.nearest_on_or_before(reference, int(month), int(day))
        if when is None or (reference - when).days > BACKGROUND_DAYS:
            return True
    return False


def _is_other_news(views: Sequence[Sentence], title: str) -> bool:
    """A report whose lede is of a meeting, a discipline round or a state visit, with no word
    of a tour in it."""
    lede = "\n".join([title, *(v.text for v in views[:LEDE])])
    if "巡视组" in lede:
        return True
    return bool(NOT_TOUR.search(lede)) and not TOUR_CUE.search(lede)
