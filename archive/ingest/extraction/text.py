"""From a crawled page to clean paragraphs and sentences with their offsets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*(.*)$")

# Whole lines that are site furniture, not reporting.
BOILERPLATE = re.compile(
    r"""^(?:
        leave\ a\ (?:reply|comment).* | your\ email\ address\ will\ not\ be\ published.*
      | required\ fields\ are\ marked.* | back\ to\ top | breaking\ news | app\ \|.*
      | share(?:\ this)?(?:\ article)?:? | print | related(?:\ news|\ stories)?:? | read\ more
      | (?:editor|source|author|reporter)s?\s*[:：].{0,60} | copyright.* | all\ rights\ reserved.*
      | \[?photo/[^\]]*\]? | photo\ by\ .{0,80} | click\ here.* | advertisement
      | subscribe.* | sign\ up.* | follow\ us.* | comments?\ \(\d+\) | \d+\ comments?
      | 分享到.* | 责任编辑.* | 来源[:：].{0,40} | 【.{0,20}】
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Literal escape sequences left by some crawlers ("\n", "\"").
ESCAPES = re.compile(r"\\([nrt\"'“”’])")
QUOTE_REPLACEMENTS = (
    ("’", "'"),
    ("‘", "'"),
    ("‛", "'"),
    ("“", '"'),
    ("”", '"'),
    ("\u00a0", " "),
    *((space, "") for space in "\u200b\u200c\u200d\ufeff"),  # zero-width spaces
)

# Tokens after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "st",
    "no",
    "nos",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "co",
    "corp",
    "inc",
    "ltd",
    "jr",
    "sr",
}
# Stops, then closing quotes or brackets, before a space or the end; or a Chinese stop alone.
# (Written to begin with the stop, so that `re` skips to the next stop without trying the
# pattern at each character in between.)
# A full stop before a capital with no space between also ends a sentence, on pages that
# lost their spaces ("...Hebei Province.Han, also a member..."): after two small letters
# only, so that "U.S.A." and "Mr.Li" stay.
# (One class of stops first, every branch after it: a pattern whose branches start
# differently is tried at every character.)
SENTENCE_END = re.compile(
    r"[.!?。！？](?:[.!?。！？]*[\"')\]”’]*(?=\s|$)|(?<=[。！？])|(?<=[a-z][a-z]\.)(?=[A-Z][a-z]))"
)
PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the clean text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class CleanArticle:
    title: str
    header_date: str | None  # the crawl's own " date YYYY-MM-DD" line
    text: str  # clean body, paragraphs separated by blank lines


def normalise(raw: str) -> str:
    """Unescape crawler artefacts and unify quotes and spaces, keeping the words."""
    # (An ASCII text is in NFC already: isascii() answers at once, the normalisation's own
    # check read every character.)
    text = raw if raw.isascii() else unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\" in text:  # (the replacements below are skipped where they have nothing to do)
        text = ESCAPES.sub(
            lambda m: "\n" if m.group(1) in "nr" else ("\t" if m.group(1) == "t" else m.group(1)),
            text,
        )
    if text.isascii():  # no curly quotes, no-break or zero-width spaces
        return text
    # One replace per character that is there: translate() with a table looked up every
    # character of a non-ASCII text in a dict (0.3 ms for a 2,000-character Chinese page).
    for char, replacement in QUOTE_REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _is_title_like(line: str) -> bool:
    words = line.split()
    cjk = sum(1 for c in line if "\u4e00" <= c <= "\u9fff")
    if cjk:
        return 6 <= cjk <= 60 and not line.rstrip().endswith("。")
    return 4 <= len(words) <= 30 and not re.search(r"[.!?]\s*$", line)


def _looks_like_paragraph(line: str) -> bool:
    return len(line.split()) > 20 or bool(re.search(r"[.!?。]\s*(?:\S|$)", line))


SPACES = re.compile(r"[ \t]+")
WORD = re.compile(r"\w+")


# An ASCII line's characters that are no word character (\w), made spaces: its words are
# then what split() leaves (a bytes translation, where a regular expression read each word).
ASCII_NOT_WORD = bytes(c if re.fullmatch(r"\w", chr(c)) else 32 for c in range(128)) + bytes(
    range(128, 256)
)


def _line_key(line: str) -> str:
    """What two copies of a line share: its words, in lower case."""
    if line.isascii():
        return b" ".join(line.encode().translate(ASCII_NOT_WORD).lower().split()).decode()
    return " ".join(WORD.findall(line)).lower()


def _spaced(line: str) -> str:
    """The line with runs of spaces and tabs made one space, and stripped."""
    # (Only a tab or two spaces in a row need replacing: most lines have neither.)
    return (SPACES.sub(" ", line) if "  " in line or "\t" in line else line).strip()


PREFIX = 41  # a key longer than 40 characters starts with this many of them


def clean(raw: str) -> CleanArticle:
    """Split a crawled page into title, header date and de-duplicated body paragraphs."""
    text = normalise(raw)
    lines = [_spaced(line) for line in text.split("\n")]
    header_date = None
    title = ""
    body: list[str] = []

    first = next((i for i, line in enumerate(lines) if line), None)
    if first is not None:
        match = HEADER.match(lines[first])
        if match:
            header_date, rest = match.group(1), match.group(2).strip()
            lines = lines[first + 1 :]
            if _looks_like_paragraph(rest):
                # Some crawls put the lede on the header line: keep it as text.
                body.append(rest)
                title = first_sentence(rest)
            else:
                title = rest

    seen: list[str] = []
    seen_keys: set[str] = set()
    # A long key is a copy cut short only of a key that starts as it does: the seen keys'
    # first PREFIX characters spare reading every seen key for most lines.
    seen_heads: set[str] = set()
    title_key = _line_key(title)
    for line in lines:
        if not line or BOILERPLATE.match(line):
            continue
        key = _line_key(line)
        if not key:
            continue
        # Photo captions and titles are often repeated, sometimes cut short.
        if key in seen_keys or (
            len(key) > 40 and key[:PREFIX] in seen_heads and any(s.startswith(key) for s in seen)
        ):
            continue
        if key == title_key:
            continue
        if not title and not body and _is_title_like(line):
            title, title_key = line, key
            seen.append(key)
            seen_keys.add(key)
            seen_heads.add(key[:PREFIX])
            continue
        seen.append(key)
        seen_keys.add(key)
        seen_heads.add(key[:PREFIX])
        body.append(line)
    if not title and body:
        title = first_sentence(body[0])
    return CleanArticle(title=title[:500], header_date=header_date, text="\n\n".join(body))


def first_sentence(text: str, limit: int = 200) -> str:
    sentences = split_sentences(text)
    first = sentences[0].text if sentences else text
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets; paragraph breaks always end a sentence."""
    sentences: list[Sentence] = []
    for para in PARAGRAPH.finditer(text):
        chunk, base = para.group(0), para.start()
        start = 0
        for match in SENTENCE_END.finditer(chunk):
            end = match.end()
            if match.group(0).startswith(".") and _is_abbreviation(chunk, match.start(), end):
                continue
            _append(sentences, chunk, base, start, end)
            start = end
        _append(sentences, chunk, base, start, len(chunk))
    return sentences


TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ."
NEW_SENTENCE = re.compile(r"\s+[A-Z][a-z]")
DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")  # "u.s.a"
TOKEN_WINDOW = 16  # longer than any abbreviation


def _is_abbreviation(chunk: str, stop: int, end: int) -> bool:
    """Whether the full stop at chunk[stop] ends an abbreviation ("Mr.", "U.S.") rather than
    a sentence. Reads only the word before it and what follows: a search over everything
    before each full stop made long paragraphs quadratic."""
    # The word is the letters and stops ending at the stop: what rstrip takes off the text
    # before it. Most words fit in a short window (a slice of all before the stop, for each
    # stop, would again be quadratic); a word that fills it is read whole.
    window = chunk[max(0, stop - TOKEN_WINDOW) : stop]
    word = window[len(window.rstrip(TOKEN_CHARS)) :]
    if len(word) == TOKEN_WINDOW:
        start = stop
        while start > 0 and chunk[start - 1] in TOKEN_CHARS:
            start -= 1
        word = chunk[start:stop]
    if not word:
        return False
    word = word.lower().rstrip(".")
    if word in ABBREVIATIONS or len(word) == 1 or "." in word and DOTTED.fullmatch(word):
        # "Co." and "Ltd." end a sentence only before a capitalised new sentence.
        if word in {"co", "corp", "inc", "ltd", "etc"}:
            return not NEW_SENTENCE.match(chunk, end)
        return True
    return False


def _append(sentences: list[Sentence], chunk: str, base: int, start: int, end: int) -> None:
    piece = chunk[start:end]
    stripped = piece.strip()
    if stripped:
        offset = base + start + (len(piece) - len(piece.lstrip()))
        sentences.append(Sentence(stripped, offset))


def matches_by_sentence(
    pattern: re.Pattern[str], sentences: Sequence[Sentence], document: str
) -> Iterator[tuple[int, int, re.Match[str]]]:
    """(sentence index, where the sentence starts in the document, match) of each match of
    the pattern in the document, the sentences joined by line breaks: one search instead of
    one per sentence. For a pattern that takes a line break as it takes the start or end of
    a text, and none of whose matches holds one: each sentence then has the matches a
    search of it alone finds."""
    index, start, end = -1, 0, -1
    for match in pattern.finditer(document):
        while match.start() > end:  # the sentence it is in
            index += 1
            start = end + 1
            end = start + len(sentences[index].text)
        yield index, start, match


# Besides ASCII letters of either case, IGNORECASE matching takes "İ" and "ı" for i, "ſ" for s
# and the Kelvin sign for k (tests/test_text.py checks that there are no others).
IGNORECASE_ASCII = str.maketrans("İıſ\u212a", "iisk")


def caseless(text: str) -> str:
    """The text in lower case as an IGNORECASE pattern compares it with ASCII words.

    A pattern that needs a word somewhere cannot match a text whose caseless form lacks it:
    an `in` test on this form rules a slow pattern out.
    """
    return (text if text.isascii() else text.translate(IGNORECASE_ASCII)).lower()


class Caseless:
    """A case-insensitive pattern written in lower case, searched faster in ASCII text.

    In an ASCII text, such a pattern matches where the same pattern, case-sensitive, matches
    the text in lower case; that search spares comparing each letter with both its cases
    (it took two thirds of the time). `search` only says where and whether: the text it
    returns from an ASCII text is in lower case.
    """

    def __init__(self, pattern: str) -> None:
        if re.search(r"(?<!\\)[A-Z]", pattern):
            raise ValueError(f"not in lower case: {pattern}")
        self.pattern = re.compile(pattern, re.IGNORECASE)
        self.lower_case = re.compile(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        if text.isascii():
            return self.lower_case.search(text.lower())
        return self.pattern.search(text)


class Words:
    """Whether a text holds one of some words in any case, or one of some Chinese words:
    `\\b(?:word|word|...)after|chinese|...` searched case-insensitively.

    `words` is an alternation of regular expressions in lower case, each starting with a
    letter; `after` is what must follow each. Only whether, never where: the words may be
    taken in any order. In an ASCII text (most sentences) they are searched in the text in
    lower case after a space, after a class of the characters that are no word character,
    which is what `\\b` before a letter means there: `re` finds that class in a loop of its
    own and tries the words only after such a character, instead of at every position, and
    there only the words of the letter it finds (they are grouped by their first letter).
    That took a third of the instructions of searching `\\b(?=[...])(?:...)` in lower case.
    """

    def __init__(self, words: str, after: str = "", chinese: str = "") -> None:
        groups: dict[str, list[str]] = {}
        for word in _alternatives(words):
            if not re.fullmatch(r"[a-z]", word[0]) or word[1:2] in ("?", "*", "+", "{"):
                raise ValueError(f"not a word starting with a letter: {word}")
            groups.setdefault(word[0], []).append(word[1:])
        self.words, self.after, self.chinese = words, after, chinese
        grouped = "|".join(f"{c}(?:{'|'.join(rest)}){after}" for c, rest in groups.items())
        self.plain = Caseless(rf"\b(?:{grouped})" + (f"|{chinese}" if chinese else ""))
        self.ascii = re.compile(rf"[^a-z0-9_](?:{grouped})")

    def found_in(self, text: str) -> bool:
        if text.isascii():
            return self.ascii.search(" " + text.lower()) is not None
        return self.plain.search(text) is not None


def _alternatives(pattern: str) -> list[str]:
    """The branches of a pattern's top-level alternation."""
    branches, depth, start, index = [], 0, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 1  # an escaped character is no bracket or bar
        elif char == "[":
            index = pattern.index("]", index + 2)  # ("[]...]" holds a "]")
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        index += 1
    return [*branches, pattern[start:]]


CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
LATIN_LETTER = re.compile(r"[A-Za-z]")


def is_cjk(text: str) -> bool:
    """True when most letters are Chinese characters."""
    if text.isascii():
        return False
    # (Counted in runs: a list of every character of a Chinese page took three times longer.)
    cjk = sum(map(len, CJK_RUN.findall(text)))
    latin = len(LATIN_LETTER.findall(text))
    return cjk > latin / 3 and cjk > 20


# Wire credits that name who filed a report: "WUHAN, Jan. 3 (Xinhua) --", "(Bloomberg) --".
CREDIT = re.compile(
    r"\((Xinhua|China Daily|CGTN|Reuters|Bloomberg|AFP|AP|Global Times|People's Daily|CCTV)\)"
    r"|(新华社|人民日报|中新社)"
)


# A dateline that names the agency, as a translation of 新华社长沙3月22日电 reads: "Xinhua News
# Agency, Changsha, March 22." (a photo credit, "Xinhua News Agency reporter ...", is not one).
AGENCY_DATELINE = re.compile(
    r"\b(Xinhua) News Agency, [A-Z][A-Za-z' -]{1,40}, "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b"
)


def credited_outlet(text: str) -> str:
    """The news agency a report credits near its start, or ""."""
    head = text[:2000]
    match = CREDIT.search(head)
    if match:
        return match.group(1) or match.group(2)
    match = AGENCY_DATELINE.search(head)
    return match.group(1) if match else ""
