"""Patterns written for speed find what the plain patterns they stand for find."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest.extraction import context, dates, enterprises, pipeline, places, text
from archive.ingest.extraction.text import Words

WORDS = {
    "tour word": context.TOUR_WORD,
    "titled": context.TITLED,
    "tour cue": pipeline.TOUR_CUE,
    "visit context": enterprises.VISIT_CONTEXT,
    "tour context": dates.TOUR_CONTEXT,
}
# Pieces of the words, of what may stand beside them, and the letters IGNORECASE takes for
# ASCII ones.
WORD_PIECES = (
    "visit tour trip went was were in to at go es ed ing s head learn about talk with "
    "inspection research investigat fact-finding field study and stopp arriv came "
    "premier vice president state councilor general secretary chairman leader official "
    "the province VISITED Tour Inspected İ ı ſ \u212a 考察 调研 来到 é"
)
PIECES = [
    *WORD_PIECES.split(),
    " ",
    "  ",
    "\n",
    "\t",
    "\x1c",
    "-",
    "_",
    "'",
    '"',
    "(",
    ",",
    ".",
    "1",
]
texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def plain(words: Words) -> re.Pattern[str]:
    chinese = f"|{words.chinese}" if words.chinese else ""
    return re.compile(rf"\b(?:{words.words}){words.after}{chinese}", re.IGNORECASE)


@pytest.mark.parametrize("words", WORDS.values(), ids=WORDS.keys())
@settings(max_examples=400, deadline=None)
@given(sample=texts)
def test_words_are_found_where_the_plain_pattern_finds_one(words, sample):
    assert words.found_in(sample) == bool(plain(words).search(sample))


def test_words_are_found_in_sentences():
    found = [
        sentence
        for sentence in (
            "Li Qiang visited a farm in Hubei.",
            "He WENT TO the port",
            "During his inspection  tour of Hunan",
            "(visits) were made",
            "李强考察了",
            "The Premier said",
            "the state councillor",
            "revisited plans",
            "a tourist spot",
        )
        if pipeline.TOUR_CUE.found_in(sentence) or context.TITLED.found_in(sentence)
    ]
    assert found == [
        "Li Qiang visited a farm in Hubei.",
        "He WENT TO the port",
        "During his inspection  tour of Hunan",
        "(visits) were made",
        "李强考察了",
        "The Premier said",
        "the state councillor",
    ]


def test_words_start_with_a_letter():
    with pytest.raises(ValueError):
        Words(r"visit|\d+ days")
    with pytest.raises(ValueError):
        Words(r"visit|a?b")


@settings(max_examples=400, deadline=None)
@given(
    sample=st.lists(
        st.sampled_from(["Co", "Ltd", ".", ",", " ", "\t", "orp", "oration", "Inc", "Group"])
        | st.sampled_from(["Holding", "s", "Company", "PLC", "LLC", "Limited", "x", "C", "L"]),
        max_size=8,
    ).map("".join)
)
def test_a_legal_form_is_found_where_the_plain_pattern_finds_one(sample):
    found = enterprises.LEGAL_HINT.search(sample)
    assert bool(found) == bool(enterprises.LEGAL_HINT_PLAIN.search(sample))


@settings(max_examples=400, deadline=None)
@given(sample=st.lists(st.sampled_from([*"aZ.!?。！？\"')]”’ \nAb", "Mr", "U.S"]), max_size=14))
def test_sentences_end_where_the_plain_pattern_ends_them(sample):
    sample = "".join(sample)
    plain_end = re.compile(
        r"[.!?。！？](?:[.!?。！？]*[\"')\]”’]*(?=\s|$)|(?<=[。！？]))|\.(?<=[a-z][a-z]\.)(?=[A-Z][a-z])"
    )
    spans = [m.span() for m in text.SENTENCE_END.finditer(sample)]
    assert spans == [m.span() for m in plain_end.finditer(sample)]


LOCATIVE_PIECE_WORDS = (
    "visit Visited in IN To to tour s of OF the northwest China's Hubei's city area Reached "
    "arrived stopped Leg Parts capital hub é İ ſ \u212a ( _ 1 -"
)
LOCATIVE_PIECES = [*LOCATIVE_PIECE_WORDS.split(), " ", "  ", "\t", "\x1c"]


@settings(max_examples=400, deadline=None)
@given(sample=st.lists(st.sampled_from(LOCATIVE_PIECES), max_size=10).map("".join))
def test_the_words_before_a_place_are_found_where_the_plain_pattern_finds_them(sample):
    assert places._after_locative.__wrapped__(sample) == bool(places.LOCATIVE.search(sample[-80:]))
