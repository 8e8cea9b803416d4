"""Chinese script: traditional and simplified characters read alike, numerals read as numbers.

Extraction matches simplified names, posts and keywords against a simplified *view* of the
text of exactly the same length, so that an offset found in the view is an offset in the
text as read: evidence keeps pointing at the characters the article printed, traditional or
simplified.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# OpenCC's own tables through its C++ library (the `opencc` wheels): about 30 us for a
# 2,000-byte page, where the pure-Python reimplementation took 1.4 ms, more than the
# whole budget of an article's extraction (measured on the real-zh pages).
_CONVERTER = opencc.OpenCC("t2s")

# Mirrored pages put the reading after a character: "習(xí)近平", "設(shè)備". A toned vowel
# tells a reading from a bracketed word.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_NOTE = re.compile(
    rf"(?<=[\u4e00-\u9fff])\((?=[a-zü{TONED}]*[{TONED}])[a-zü{TONED}]{{1,7}}\)"
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def without_pinyin_notes(text: str) -> str:
    """The text without readings inserted after characters (a crawl artefact, not words)."""
    return PINYIN_NOTE.sub("", text) if "(" in text else text


def simplified(text: str) -> str:
    """The text in simplified characters, the same length as the text, character for character.

    OpenCC converts phrase by phrase; where a phrase's conversion changed the length (no
    table of t2s does so today), the text is converted one character at a time, each kept
    as it is unless it converts to one character.
    """
    if text.isascii():
        return text
    converted = _CONVERTER.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_character(c) for c in text)


@lru_cache(maxsize=8192)
def _character(char: str) -> str:
    converted = _CONVERTER.convert(char)
    return converted if len(converted) == 1 else char


DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
DIGITS.update({"七": 7, "八": 8, "九": 9})
# A day or month number as Chinese pages write it: "16", "十六", "廿五", "三十一".
NUMBER = r"(?:\d{1,2}|[一二三四五六七八九十廿卅〇]{1,3})"


def number(token: str) -> int | None:
    """ "16", "十六", "廿五", "二十八", "三十一", "十" as numbers; None for anything else."""
    if token.isdigit():
        return int(token)
    if len(token) == 1 and token in DIGITS:
        return DIGITS[token]
    tens, rest = 0, token
    if token[0] in "廿卅":
        tens, rest = (20 if token[0] == "廿" else 30), token[1:]
    elif "十" in token:
        head, _, rest = token.partition("十")
        if head and head not in DIGITS:
            return None
        tens = 10 * (DIGITS[head] if head else 1)
    elif len(token) == 2 and all(c in DIGITS for c in token):  # "二五" is not a date's
        return None
    if not rest:
        return tens
    if len(rest) == 1 and rest in DIGITS:
        return tens + DIGITS[rest]
    return None
