import re
import sys

import pytest

from archive.ingest.extraction.text import (
    Caseless,
    caseless,
    clean,
    credited_outlet,
    split_sentences,
)
from tests.articles import SEEDS, seed


def test_it_reads_the_crawl_header_as_date_and_title():
    article = clean(seed("000").read_text(encoding="utf-8"))
    assert article.header_date == "2024-01-04"
    assert (
        article.title
        == "Li says more targeted policies should be introduced to support enterprises"
    )
    assert article.text.startswith("Premier Li Qiang has emphasized")


def test_it_keeps_a_lede_written_on_the_header_line_as_text():
    article = clean(
        " date 2022-07-16 Chinese President Xi Jinping has stressed efforts to fully "
        "and faithfully implement the policies of the Communist Party of China (CPC) "
        "for the governance of Xinjiang in the new era.\n\nXi made the remarks."
    )
    assert article.header_date == "2022-07-16"
    assert article.text.startswith("Chinese President Xi Jinping has stressed")


def test_it_turns_literal_backslash_n_into_paragraphs_and_drops_boilerplate():
    article = clean(seed("002").read_text(encoding="utf-8"))
    assert "\\n" not in article.text
    assert "Leave a Reply" not in article.text
    assert "Back To Top" not in article.text
    assert "Required fields are marked" not in article.text
    # The repeated title is kept once, as the title.
    assert (
        article.title
        == "Premier Li Qiang Calls for Deeper Integration of Sci-Tech and Industrial Innovation"
    )
    assert article.title not in article.text


def test_it_drops_repeated_photo_captions_even_when_the_repeat_is_cut_short():
    raw = (
        "Xi visits a campus of Hunan First Normal University in Changsha, Hunan Province, "
        "March 18, 2024. (Xinhua/Xie Huanchi)\n\n"
        "CHANGSHA, March 19 (Xinhua) -- Xi Jinping inspected Changsha on Monday.\n\n"
        "Xi visits a campus of Hunan First Normal University in Changsha, Hunan Province, "
        "March 18, 2024. (Xinhua/Ju Peng)\n\n"
        "Xi visits a campus of Hunan First Normal University in Changsha, Hunan"
    )
    article = clean(raw)
    assert article.text.count("Hunan First Normal University") == 1


def test_sentences_do_not_break_inside_company_names_and_abbreviations():
    text = (
        "Li Qiang inspected Hikvision Digital Technology Co., Ltd. in Hangzhou. "
        "In a local office of the S.F. Express, Premier Li spoke. WUHAN, Jan. 3 (Xinhua) -- Li visited."
    )
    found = [s.text for s in split_sentences(text)]
    assert found == [
        "Li Qiang inspected Hikvision Digital Technology Co., Ltd. in Hangzhou.",
        "In a local office of the S.F. Express, Premier Li spoke.",
        "WUHAN, Jan. 3 (Xinhua) -- Li visited.",
    ]


def test_sentence_offsets_point_into_the_text():
    text = clean(seed("001").read_text(encoding="utf-8")).text
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_every_seed_article_has_a_title():
    for path in SEEDS.glob("*.txt"):
        assert clean(path.read_text(encoding="utf-8")).title


def test_a_wire_credit_names_the_outlet():
    assert (
        credited_outlet("WUHAN, Jan. 3 (Xinhua) -- Chinese Premier Li Qiang called for") == "Xinhua"
    )
    assert (
        credited_outlet(" date 2024-01-04 (Bloomberg) -- Chinese Premier Li Qiang visited")
        == "Bloomberg"
    )
    assert credited_outlet("新华社武汉1月3日电") == "新华社"
    assert credited_outlet("Xinhua News Agency, Ezhou, May 1. Li Qiang visited") == "Xinhua"
    assert credited_outlet("Xinhua News Agency, Changsha, March 22. From March 21") == "Xinhua"
    assert credited_outlet("Photo by Xinhua News Agency reporter Rao Aimin. Li Qiang") == ""
    assert credited_outlet("Premier Li Qiang Calls for Deeper Integration") == ""


def test_it_lowers_the_case_as_ignorecase_patterns_compare_with_ascii_letters():
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    taken_for_letters = set(re.findall("[a-z]", everything, re.IGNORECASE))
    # Every character an IGNORECASE pattern takes for an ASCII letter becomes that letter...
    for char in taken_for_letters:
        assert re.fullmatch(caseless(char), char, re.IGNORECASE)
    # ... and no other character becomes one.
    folded = caseless(everything)
    assert len(re.findall("[a-z]", folded)) == len(taken_for_letters)


def test_a_caseless_pattern_finds_what_the_case_insensitive_one_finds():
    pattern = Caseless(r"\b(?:visit\w*|went to)\b|考察")
    for text in (
        "Li VISITED Wuhan",
        "He Went To a farm",
        "李强考察了",
        "Ein Visit in Köln",
        "none",
    ):
        found = re.search(pattern.pattern.pattern, text, re.IGNORECASE)
        assert (found and found.span()) == (pattern.search(text) and pattern.search(text).span())
    with pytest.raises(ValueError):
        Caseless(r"\bVisit")
