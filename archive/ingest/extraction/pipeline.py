"""One article's text in, the facts of the tour it reports out, each with its evidence."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from . import context, dates, enterprises, officials, places, text
from .gazetteer import Gazetteer

# A report of a tour says so: "inspection tour", "visited", "research trip", 考察 ...
# (Words: whether a sentence holds one; see text.Words.)
TOUR_CUE = text.Words(
    r"inspection\s+(?:tour|trip)|research\s+(?:tour|trip)|investigation\s+(?:tour|trip)|"
    r"fact-finding\s+(?:tour|trip)|study\s+(?:tour|trip)|field\s+(?:tour|trip)|"
    r"inspection and research\s+(?:tour|trip)|investigation and research\s+(?:tour|trip)|"
    r"inspected\b|inspects\b|inspecting\b|visited\b|visits\b|visiting\b|toured\b|tours\b|"
    r"went to\b|travell?ed to\b|stopped in\b|was in\b|head(?:ed|s|ing) (?:directly )?to\b|"
    r"investigat\w+ in\b",
    chinese="考察|调研|视察",
)
# "inspection in Hebei Province", "tour of southwest China's Chongqing", "his Guangdong trip"
PLACE_CUE = re.compile(
    r"\b(?:tour|trip|inspection|visit|investigation|research)\s+(?:of|to|in)\s+(?:the\s+)?"
    r"(?:[a-z]+\s+)?(?:China's\s+)?(?P<after>[A-Z][\w']+)|(?P<before>[A-Z][\w']+)\s+(?:tour|trip|visit)\b"
)
# A Party discipline round is not a tour (巡视), nor are meetings about "inspection work".
NOT_TOUR_CUE = re.compile(
    r"巡视|disciplinary inspection|inspection work|teleconference|video conference"
)
# An item of a list of links or a news ticker ("- Beijing builds hub for modern agriculture",
# "... • Gold price closes down • ..."): the page's furniture, not the report, unless it is
# about the leader (a report's own summary points: "• Xi calls on ...").
LIST_ITEM = re.compile(r"\s*[-•·*▪]+\s")


@dataclass
class Fact:
    value: str
    sentence: int
    key: str = ""  # gazetteer key: province/city code, official name, theme slug, enterprise key


@dataclass
class ArticleFacts:
    title: str
    text: str
    language: str
    published: dt.date | None
    dateline_place: str | None
    reference_date: dt.date | None
    is_tour: bool
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    date_sentence: int | None = None
    date_rule: str = ""
    days_without_year: list[str] = field(default_factory=list)  # "10-15": the year unknown
    officials: list[Fact] = field(default_factory=list)
    accompanying: list[Fact] = field(default_factory=list)
    provinces: list[Fact] = field(default_factory=list)
    cities: list[Fact] = field(default_factory=list)
    enterprises: list[Fact] = field(default_factory=list)
    themes: list[Fact] = field(default_factory=list)
    sentences: list[text.Sentence] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)  # why a reviewer should look twice

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("text")
        data.pop("sentences")
        for key in ("published", "reference_date", "start_date", "end_date"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data


def extract(
    raw: str,
    gazetteer: Gazetteer,
    published: dt.date | None = None,
    title: str | None = None,
) -> ArticleFacts:
    cleaned = text.clean(raw)
    doc_title = (title or cleaned.title).strip()
    body = cleaned.text
    doc = body if not doc_title or body.startswith(doc_title[:60]) else f"{doc_title}\n\n{body}"
    language = "zh" if text.is_cjk(doc) else "en"
    if language == "zh":
        # Chinese reports are read by their own modules (chinese/), into the same facts.
        from .chinese.pipeline import extract as extract_chinese

        return extract_chinese(raw, doc, cleaned.header_date, gazetteer, published, doc_title)
    sentences = text.split_sentences(doc)

    # The page as read: stamps in its furniture ("Source: ... 2016-08-31") are not body text.
    published = published or dates.published_date(cleaned.header_date, text.normalise(raw))
    dateline_place, dateline_date = dates.dateline(doc, published)
    reference = dateline_date or published

    mentions = officials.find_mentions(sentences, gazetteer, reference)
    leads = officials.lead_officials(sentences, mentions, reference, doc_title)
    lead_names = [p.name for p in leads]
    about_leader = context.leader_matcher(sentences, gazetteer, lead_names)
    background = context.background_matcher(sentences, reference)

    facts = ArticleFacts(
        title=doc_title,
        text=doc,
        language=language,
        published=published,
        dateline_place=dateline_place,
        reference_date=reference,
        is_tour=False,
        sentences=sentences,
    )
    facts.officials = [Fact(p.name, p.sentence, p.name) for p in leads]
    if not leads:
        facts.doubts.append("no leader found")
        return facts

    provinces, cities = places.visited_places(sentences, gazetteer, about_leader, background)
    facts.provinces = [Fact(p.place.name, p.sentence, p.place.code) for p in provinces]
    facts.cities = [Fact(c.place.name, c.sentence, c.place.code) for c in cities]

    cue = any(_tour_cue(s.text, gazetteer) and not background(i) for i, s in enumerate(sentences))
    negative = any(NOT_TOUR_CUE.search(s.text) for s in sentences[:4])
    facts.is_tour = bool(provinces) and cue and not negative
    if not facts.is_tour:
        facts.provinces, facts.cities = [], []
        facts.doubts.append("no domestic tour found" if not provinces else "no tour wording")
        return facts

    def about_tour(i: int) -> bool:
        return (
            about_leader(i) and not background(i) and not context.is_hypothetical(sentences[i].text)
        )

    # A report with no date of its own: a caption's date is a day of the tour.
    anchor = None if reference else dates.tour_day_anchor(sentences, about_tour)
    span = dates.tour_dates(sentences, reference, about_tour, anchor)
    facts.start_date, facts.end_date = span.start, span.end
    facts.date_sentence, facts.date_rule = span.sentence, span.how
    if span.start is None:
        facts.days_without_year = dates.days_without_year(sentences, about_tour)

    facts.accompanying = [
        Fact(p.name, p.sentence, p.name if p.known else "")
        for p in officials.accompanying_officials(sentences, mentions, lead_names)
    ]
    found = enterprises.visited_enterprises(
        sentences,
        gazetteer,
        is_about_leader=lambda i: about_leader(i) or TOUR_CUE.found_in(sentences[i].text),
        is_excluded=lambda i: background(i) or bool(context.is_hypothetical(sentences[i].text)),
    )
    facts.enterprises = [Fact(e.name, e.sentence, e.known_key) for e in found]

    weights = {i: 0.3 for i in range(len(sentences)) if background(i)}
    weights.update(
        (i, 0.0)
        for i, s in enumerate(sentences)
        if (LIST_ITEM.match(s.text) or s.text.count("•") > 1) and not about_leader(i)
    )
    facts.themes = [
        Fact(t.slug, t.sentence, t.slug)
        for t in gazetteer.theme_matcher.score(sentences, doc_title, weights)
    ]
    if facts.start_date is None:
        facts.doubts.append("no tour date found")
    return facts


def _tour_cue(sentence: str, gazetteer: Gazetteer) -> bool:
    if TOUR_CUE.found_in(sentence):
        return True
    for match in PLACE_CUE.finditer(sentence):
        name = (match.group("after") or match.group("before")).removesuffix("'s")
        if name in gazetteer.place_index:
            return True
    return False
