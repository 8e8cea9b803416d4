"""An article's clean text as HTML with the extracted facts marked where they were found.

Every piece of stored text is escaped on its own before any tag is added, so nothing in a
source (a <script>, an onerror= attribute, a javascript: link) can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy

from archive.models import Evidence

FIELD_LABELS = {
    "officials": pgettext_lazy("fact", "Official"),
    "accompanying": pgettext_lazy("fact", "Accompanying official"),
    "provinces": pgettext_lazy("fact", "Province"),
    "cities": pgettext_lazy("fact", "City"),
    "enterprises": pgettext_lazy("fact", "Enterprise"),
    "themes": pgettext_lazy("fact", "Theme"),
    "dates": pgettext_lazy("fact", "Dates"),
}
# Facts whose value is a key or a label rather than words of the text: their sentence is marked.
SENTENCE_FIELDS = ("themes", "dates")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class Span:
    start: int
    end: int
    labels: list[str]  # "City: Wuhan", for the title
    fields: list[str]  # "City", read out after a marked value that is its own label


@dataclass
class Fact:
    label: str
    sentence: str


def field_label(evidence: Evidence) -> str:
    return str(FIELD_LABELS.get(evidence.field, evidence.field.capitalize()))


def label(evidence: Evidence, names: dict[tuple[str, str], str]) -> str:
    return gettext("%(field)s: %(value)s") % {
        "field": field_label(evidence),
        "value": names.get((evidence.field, evidence.value), evidence.value),
    }


def facts(evidence: Iterable[Evidence], names: dict[tuple[str, str], str]) -> list[Fact]:
    """The evidence as a plain list, for readers who cannot see the marks."""
    return [
        Fact(label(e, names), Truncator(e.sentence).chars(200))
        for e in sorted(evidence, key=lambda e: e.start)
    ]


def spans(
    text: str, evidence: Iterable[Evidence], names: dict[tuple[str, str], str]
) -> tuple[list[Span], list[Span]]:
    """(sentence marks, value marks) in the text, overlapping ones merged."""
    sentences, values = [], []
    for item in evidence:
        if not item.sentence:
            continue
        at = item.start
        if text[at : at + len(item.sentence)] != item.sentence:
            at = text.find(item.sentence)  # offsets from an older cleaning of the text
            if at < 0:
                continue
        found = -1
        if item.field not in SENTENCE_FIELDS and item.value:
            found = item.sentence.lower().find(item.value.lower())
        labels, fields = [label(item, names)], [field_label(item)]
        if found >= 0:
            values.append(Span(at + found, at + found + len(item.value), labels, fields))
        else:
            sentences.append(Span(at, at + len(item.sentence), labels, fields))
    return _merged(sentences), _merged(values)


def _merged(spans: list[Span]) -> list[Span]:
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if result and span.start < result[-1].end:
            last = result[-1]
            last.end = max(last.end, span.end)
            last.labels += [lbl for lbl in span.labels if lbl not in last.labels]
            last.fields += [f for f in span.fields if f not in last.fields]
        else:
            result.append(Span(span.start, span.end, list(span.labels), list(span.fields)))
    return result


def _clipped(spans: list[Span], start: int, end: int) -> list[Span]:
    return [
        Span(max(s.start, start), min(s.end, end), s.labels, s.fields)
        for s in spans
        if s.start < end and s.end > start
    ]


def _plain(text: str) -> SafeString:
    return mark_safe("<br>".join(escape(line) for line in text.split("\n")))


def _mark(css: str, span: Span, inner: SafeString) -> SafeString:
    title = "; ".join(span.labels)
    spoken = "; ".join(span.fields) if css == "fact" else title
    return format_html(
        '<mark class="{}" title="{}">{}<span class="visually-hidden"> [{}]</span></mark>',
        css,
        title,
        inner,
        spoken,
    )


def _render(text: str, start: int, end: int, marks: list[Span], css: str, inner=None) -> str:
    """text[start:end] with these marks; `inner` renders what lies between and inside them."""
    inner = inner or (lambda a, b: _plain(text[a:b]))
    parts, at = [], start
    for span in _clipped(marks, start, end):
        if span.start > at:
            parts.append(inner(at, span.start))
        parts.append(_mark(css, span, inner(span.start, span.end)))
        at = span.end
    if at < end:
        parts.append(inner(at, end))
    return mark_safe("".join(parts))


def highlighted(
    text: str, evidence: Iterable[Evidence], names: dict[tuple[str, str], str]
) -> SafeString:
    """The text as <p> paragraphs, sentences and values found as facts in <mark>s."""
    sentences, values = spans(text, evidence, names)

    def with_values(a: int, b: int) -> SafeString:
        return _render(text, a, b, values, "fact")

    paragraphs, at = [], 0
    for gap in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = gap.start() if gap else len(text)
        if text[at:end].strip():
            body = _render(text, at, end, sentences, "fact-sentence", with_values)
            paragraphs.append(format_html("<p>{}</p>", body))
        at = gap.end() if gap else end
    return mark_safe("\n".join(paragraphs))
