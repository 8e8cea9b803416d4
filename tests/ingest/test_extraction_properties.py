"""Extraction takes any text: every public function returns its declared type, never raises,
and stays fast on adversarial input (long runs that make careless regular expressions
backtrack or rescan)."""

import datetime as dt
import json
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.ingest.extraction import (
    ArticleFacts,
    Fact,
    context,
    dates,
    enterprises,
    extract,
    officials,
    places,
    text,
)
from archive.ingest.extraction.text import Sentence
from tests.articles import DEV_CORPUS, SEEDS

# The gazetteer fixture is session-scoped and extraction writes nothing: sharing it between
# examples is what is wanted.
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SLOW = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

REAL_LINES = sorted(
    {
        line.strip()
        for folder in (SEEDS, DEV_CORPUS)
        for path in sorted(folder.glob("*.txt"))[:12]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
)
WORDS = [
    *dates.MONTHS,
    *(m.capitalize() + "." for m in dates.MONTHS),
    *(w.capitalize() for w in dates.WEEKDAYS),
    "(Xinhua)",
    "(Xinhua/Li Xin)",
    "--",
    "\\n",
    "\\n\\n",
    '\\"',
    "\n",
    "\n\n",
    " date 2024-01-04 ",
    " date 2024-13-45 ",
    " date 0000-00-00 ",
    " date 9999-12-31 ",
    "WUHAN, Jan. 3 (Xinhua) --",
    "新华社武汉1月3日电",
    "1月3日至5日",
    "2024年1月3日",
    "Xi Jinping",
    "Li Qiang",
    "Premier Li",
    "Li's",
    "习近平",
    "李强在湖北考察",
    "Hubei Province",
    "Wuhan",
    "In Wuhan,",
    "central China's",
    "inspection tour",
    "visited",
    "accompanied by",
    "joined by",
    "Co., Ltd.",
    "Co.",
    "Group",
    "(Group)",
    "Iron and Steel",
    "of China",
    "U.S.",
    "Mr.",
    "from Monday to Wednesday",
    "between Jan. 3 and 5",
    "three-day",
    "concluded on Friday",
    "last year",
    "in 2010",
    "could",
    "May",
    "考察了长江存储科技有限责任公司",
    "。",
    ".",
    ",",
    '"',
    "'s",
    "-based",
    "\x00",
    "\t",
    "\u200b",
    "\ufeff",
    "\r\n",
]

pieces = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(REAL_LINES),
    st.text(max_size=30),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
article_texts = st.one_of(
    st.text(),
    st.lists(pieces, max_size=40).flatmap(
        lambda parts: st.sampled_from([" ", "", "\n", ". "]).map(lambda sep: sep.join(parts))
    ),
)
any_day = st.one_of(st.none(), st.dates())


def runs(min_chars: int, max_chars: int):
    """One word (or a few words) repeated into a run of min_chars..max_chars characters."""
    word = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(["Capital", "AB1", "A-B", "U.S.", "Jan. 3", "Xi Jinping,", "Bank of"]),
        st.text(min_size=1, max_size=12),
    )
    return st.builds(
        lambda words, sep, size: ((sep.join(words) + sep) * size)[:size],
        st.lists(word, min_size=1, max_size=3),
        st.sampled_from([" ", ", ", ". ", "\n", "", " and "]),
        st.integers(min_value=min_chars, max_value=max_chars),
    )


def check_sentences(sentences, source: str) -> None:
    assert isinstance(sentences, list)
    at = 0
    for sentence in sentences:
        assert isinstance(sentence, Sentence)
        assert sentence.text and sentence.text == sentence.text.strip()
        assert source[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= at
        at = sentence.end


def check_facts(facts: ArticleFacts) -> None:
    assert isinstance(facts, ArticleFacts)
    assert isinstance(facts.title, str) and isinstance(facts.text, str)
    assert facts.language in ("en", "zh")
    assert isinstance(facts.is_tour, bool)
    check_sentences(facts.sentences, facts.text)
    for day in (facts.published, facts.reference_date, facts.start_date, facts.end_date):
        assert day is None or isinstance(day, dt.date)
    if facts.start_date and facts.end_date:
        assert facts.start_date <= facts.end_date
    if facts.date_sentence is not None:
        assert 0 <= facts.date_sentence < len(facts.sentences)
    for name in ("officials", "accompanying", "provinces", "cities", "enterprises", "themes"):
        for fact in getattr(facts, name):
            assert isinstance(fact, Fact) and isinstance(fact.value, str)
            # The importer stores each fact with its sentence as evidence.
            assert 0 <= fact.sentence < len(facts.sentences)
    if not facts.is_tour:
        assert not facts.provinces and not facts.cities
    json.dumps(facts.to_json())


@FAST
@given(raw=article_texts, published=any_day, title=st.one_of(st.none(), st.text(max_size=80)))
@example(raw=" date 2024-13-45 Xi Jinping visited Hubei", published=None, title=None)
@example(raw="Xi Jinping toured Hubei from Monday to Sunday.", published=dt.date.min, title=None)
@example(raw="Xi Jinping toured Hubei on Dec. 30-31.", published=dt.date.max, title=None)
def test_it_extracts_facts_from_any_text(gazetteer, raw, published, title):
    check_facts(extract(raw, gazetteer, published=published, title=title))


@FAST
@given(raw=article_texts)
def test_it_cleans_and_splits_any_text(raw):
    assert isinstance(text.normalise(raw), str)
    cleaned = text.clean(raw)
    assert isinstance(cleaned, text.CleanArticle)
    assert isinstance(cleaned.title, str) and len(cleaned.title) <= 500
    assert cleaned.header_date is None or isinstance(cleaned.header_date, str)
    check_sentences(text.split_sentences(raw), raw)
    check_sentences(text.split_sentences(cleaned.text), cleaned.text)
    assert isinstance(text.first_sentence(raw), str)
    assert isinstance(text.is_cjk(raw), bool)
    assert isinstance(text.credited_outlet(raw), str)


@FAST
@given(raw=article_texts, reference=any_day, header=st.one_of(st.none(), st.text(max_size=12)))
def test_it_finds_dates_in_any_text(raw, reference, header):
    sentences = text.split_sentences(raw)
    found = dates.parse_full_date(raw)
    assert found is None or isinstance(found, dt.date)
    published = dates.published_date(header, raw)
    assert published is None or isinstance(published, dt.date)
    place, day = dates.dateline(raw, reference)
    assert place is None or isinstance(place, str)
    assert day is None or isinstance(day, dt.date)
    span = dates.tour_dates(sentences, reference, lambda i: i % 2 == 0)
    assert isinstance(span, dates.TourDates)
    if span.start and span.end:
        assert span.start <= span.end
    if span.sentence is not None:
        assert 0 <= span.sentence < len(sentences)


@FAST
@given(
    reference=st.dates(),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=1, max_value=31),
    weekday=st.integers(min_value=0, max_value=6),
    slack=st.integers(min_value=0, max_value=10),
)
@example(reference=dt.date.max, month=12, day=30, weekday=0, slack=3)
@example(reference=dt.date.min, month=1, day=1, weekday=6, slack=0)
def test_date_arithmetic_holds_at_the_ends_of_the_calendar(reference, month, day, weekday, slack):
    found = dates.nearest_on_or_before(reference, month, day, slack)
    assert found is None or (found.month, found.day) == (month, day)
    before = dates.weekday_on_or_before(reference, weekday)
    assert before is None or (before.weekday() == weekday and before <= reference)
    made = dates.safe_date(reference.year, month, day)
    assert made is None or (made.year, made.month, made.day) == (reference.year, month, day)


@FAST
@given(raw=article_texts, reference=any_day)
def test_people_places_companies_and_context_from_any_text(gazetteer, raw, reference):
    sentences = text.split_sentences(raw)
    mentions = officials.find_mentions(sentences, gazetteer)
    for mention in mentions:
        assert isinstance(officials.is_companion(sentences[mention.sentence].text, mention), bool)
    leads = officials.lead_officials(sentences, mentions, reference, raw[:80])
    names = [p.name for p in leads]
    assert all(isinstance(p, officials.PersonFound) for p in leads)
    companions = officials.accompanying_officials(sentences, mentions, names)
    assert all(0 <= p.sentence < len(sentences) for p in [*leads, *companions])
    assert isinstance(officials.is_pinyin_name(raw), bool)

    about = context.leader_matcher(sentences, gazetteer, names)
    background = context.background_matcher(sentences, reference)
    assert all(isinstance(about(i), bool) and isinstance(background(i), bool) for i in range(3))
    assert isinstance(context.is_hypothetical(raw), bool)

    provinces, cities = places.visited_places(sentences, gazetteer, about, background)
    assert all(0 <= p.sentence < len(sentences) for p in [*provinces, *cities])
    found = enterprises.visited_enterprises(sentences, gazetteer, about, background)
    assert all(isinstance(e.name, str) and 0 <= e.sentence < len(sentences) for e in found)
    assert isinstance(enterprises.fold(raw), str)
    assert isinstance(enterprises.enterprise_key(raw), str)
    assert isinstance(enterprises.acronyms(raw), set)
    themes = gazetteer.theme_matcher.score(sentences, raw[:80])
    assert all(0 <= t.sentence < max(len(sentences), 1) for t in themes)


@SLOW
@given(raw=runs(10_000, 12_000), published=any_day)
def test_long_runs_of_one_word_are_extracted_quickly(gazetteer, raw, published):
    started = time.process_time()
    check_facts(extract("Xi Jinping visited Hubei on Monday. " + raw, gazetteer, published))
    assert time.process_time() - started < 3


# Each of these made one step of extraction rescan the text for every word: minutes at 100 kB.
ADVERSARIAL = {
    "abbreviations": "U.S. ",
    "month abbreviations": "Jan. 3 ",
    "initials": "A. B. ",
    "a leader's name in one long sentence": "Xi Jinping, ",
    "a Chinese name in one long sentence": "李强在湖北考察",
    "companions": "accompanied by Li Qiang ",
    "upper-case tokens": "AB1 ",
    "company names": "Huawei Technologies Co ",
    "lists of companies": "and other enterprises ",
    "legal names": "Tianjin Port Iron and Steel Corporation Group ",
    "capitalised words": "Capital ",
    "places": "In Wuhan, ",
    "digits": "1234567890",
    "numbers": "12 ",
    "hyphens": "A-B ",
    "wire credits": "(Xinhua) ",
    "escapes": "\\n",
    "quotes": '"a ',
    "date ranges": "from Jan 3 to ",
    "weekdays": "from Monday and ",
    "days": "3-day ",
    "Chinese dates": "1月1日",
    "Chinese companies": "考察了公司",
    "Chinese companions": "在市委书记李强陪同下",
    "Chinese companions named first": "市长李强参加",
    "Chinese company names": "中车齐车集团有限公司、",
    "Chinese date ranges": "5月1日至3日",
    "Chinese places": "在开封、",
    "traditional characters": "習近平在河南考察",
    "pinyin notes": "習(xí)",
    "pinyin": "Zhang ",
    "words": "word ",
}


@pytest.mark.parametrize("run", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_100_kb_of_adversarial_text_is_extracted_in_seconds(gazetteer, run):
    raw = "Xi Jinping visited Hubei on Monday. " + (run * (100_000 // len(run) + 1))[:100_000]
    started = time.process_time()
    check_facts(extract(raw, gazetteer, published=dt.date(2024, 1, 5)))
    assert time.process_time() - started < 5
