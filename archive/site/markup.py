"""The HTML of the items the browse page repeats by the hundred, written in Python.

A page of /visits/ lists some 600 facet values, 170 histogram columns, 34 map tiles and 25
tours. Written by Django's templates, an item cost some 15 variable lookups, an include and
a localize block each: about 30 ms of CPU a page, more than half of a page computed afresh
(bench/README.md, issue 17). Here each item is one format string, each text escaped once as
autoescaping would (html.escape, which django.utils.html.escape calls), numbers written
unlocalised. The templates print what these return and keep everything else: the sections,
headings, forms and captions around the items. Record pages use the same rows, map and
timeline columns, and write their tallies' values (up to 100 a list) and an official's tours
accompanied here too; both kinds of page keep their rows of tours (kept_rows).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

from archive.models import Visit

_words: dict[tuple, str] = {}  # as many as the counts pages show, in each language


def remembered(name: str, count, say: Callable[[], str], language: str | None = None) -> str:
    """What say() returns for this count in the page's language (`language`, if known),
    worked out once a process (a browse page says some 600 counts in words: translating each
    was a tenth of its CPU)."""
    key = (language or get_language(), name, count)
    words = _words.get(key)
    if words is None:
        words = _words[key] = say()
    return words


SELECTED = ' class="selected"'
CURRENT = ' aria-current="true"'


def facet_values(values, param: str) -> SafeString:
    """The <li> of each value of a facet's list, as facet.html once wrote them: the value's
    link with its count (for a screen reader, "N tours"), and a province's cities or a year's
    months under a disclosure."""
    said: dict[int, str] = {}  # the disclosure's words, translated once per count
    parts = []
    for value in values:
        label = escape(value.label)
        detail = (
            f' <span class="zh" lang="zh">{escape(value.detail)}</span>' if value.detail else ""
        )
        selected = value.selected
        parts.append(
            f"<li{SELECTED if selected else ''}>\n"
            f'<a href="{escape(value.url)}"{CURRENT if selected else ""}>'
            f'<span class="check" aria-hidden="true">{"☑" if selected else "☐"}</span> '
            f'{label}{detail} <span class="count">{value.count}'
            f'<span class="visually-hidden"> {escape(value.said)}</span></span></a>\n'
        )
        if value.children:
            n = len(value.children)
            parts.append(
                f"<details{' open' if selected else ''}>\n"
                f'<summary><span class="visually-hidden">{label}: </span>'
                f"{said.get(n) or said.setdefault(n, escape(_children(param, n)))}</summary>\n"
                '<ul class="facet-children">\n'
            )
            parts.extend(
                f"<li{SELECTED if child.selected else ''}>"
                f'<a href="{escape(child.url)}"'
                f"{CURRENT if child.selected else ''}>{escape(child.label)} "
                f'<span class="count">{child.count}'
                f'<span class="visually-hidden"> {escape(child.tours)}</span></span></a></li>'
                for child in value.children
            )
            parts.append("\n</ul>\n</details>\n")
        parts.append("</li>\n")
    return mark_safe("".join(parts))


def _children(param: str, count: int) -> str:
    if param == "year":
        return ngettext("%(counter)s month", "%(counter)s months", count) % {"counter": count}
    return ngettext("%(counter)s city", "%(counter)s cities", count) % {"counter": count}


def tally_values(values) -> SafeString:
    """The <li> of each value of a record page's tally (tallies.Tally), as
    entity/includes/tally_value.html once wrote them: the value's link to its tours with
    their count (for a screen reader, "N tours")."""
    language = get_language()
    return mark_safe(
        "".join(
            f'<li><a href="{escape(value.url)}">{escape(value.label)}'
            + (f' <span class="zh" lang="zh">{escape(value.detail)}</span>' if value.detail else "")
            + f' <span class="count">{value.count}<span class="visually-hidden"> '
            f"{escape(remembered('tours', value.count, _tour_word(value.count), language))}"
            "</span></span></a></li>\n"
            for value in values
        )
    )


def noted_links(items) -> SafeString:
    """The <li> of each pages.Link of a plain list, its note after it: an official's tours
    accompanied (a hundred of them), as official.html once wrote them."""
    return mark_safe(
        "".join(
            f'<li><a href="{escape(item.url)}">{escape(item.label)}</a>'
            f' <span class="meta">{escape(item.note)}</span></li>'
            for item in items
        )
    )


def _tour_word(count: int) -> Callable[[], str]:
    return lambda: ngettext("tour", "tours", count)


def column_bars(chart) -> SafeString:
    """The linked bars of a timeline.Columns chart, one per month with tours (columns.html)."""
    return mark_safe(
        "".join(
            f'<a href="{escape(c.url)}" tabindex="-1"><title>{escape(c.title)}</title>'
            f'<rect class="hit" x="{c.x}%" y="0" width="{c.width}%" height="{chart.height}"/>'
            f'<rect class="bar" x="{c.x}%" y="{c.y}" width="{c.width}%" height="{c.height}"/></a>'
            for c in chart.columns
            if c.count
        )
    )


def map_tiles(tiles) -> SafeString:
    """Each tile of a maps.ProvinceMap: its link (named by its label) and its count."""
    parts = []
    for tile in tiles:
        label = escape(tile.aria_label)
        fit = f' textLength="{tile.fit}" lengthAdjust="spacingAndGlyphs"' if tile.fit else ""
        lines = "".join(
            f'<tspan x="{tile.text_x}" y="{y}"{fit}>{escape(line)}</tspan>'
            for y, line in tile.lines
        )
        count = (
            f'<text class="n" x="{tile.text_x}" y="{tile.count_y}" fill="{tile.ink}"'
            f' aria-hidden="true">{tile.count}</text>'
            if tile.count
            else ""
        )
        parts.append(
            f'<a href="{escape(tile.url)}" aria-label="{label}"><title>{label}</title>'
            f'<rect class="tile" x="{tile.x}" y="{tile.y}" width="{tile.width}"'
            f' height="{tile.height}" rx="4" fill="{tile.fill}"/>'
            f'<text class="short" fill="{tile.ink}">{lines}</text></a>{count}\n'
        )
    return mark_safe("".join(parts))


class TourRows:
    """The rows of a page of tours, written when the template prints them (after a record
    page has given each tour its `leaders`, a search its `snippet`).

    With `kept` (a browse index's rows, as kept_rows keeps them) and `prepare` (what reads
    the relations a row shows), the rows kept are reused and the others kept; the leaders,
    which depend on the page, are written between a row's head and tail."""

    def __init__(self, page, kept=None, prepare: Callable[[list[Visit]], object] | None = None):
        self.page, self.kept, self.prepare = page, kept, prepare

    def __str__(self) -> SafeString:
        # A template prints str() of what is not a string, then escapes it unless it is safe.
        if self.prepare is None:
            return mark_safe("".join(visit_row(visit) for visit in self.page))
        return kept_rows(list(self.page), self.prepare, self.kept, {}, _leaders)

    __html__ = __str__


def _leaders(visit: Visit) -> str:
    leaders = getattr(visit, "leaders", None)
    if not leaders:
        return ""
    return f'<p class="leaders">{escape(gettext("In office:"))} {links(leaders)}\n</p>\n'


ROWS_KEPT = 5_000  # rows kept per browse index (some 700 bytes each), emptied when full


def kept_rows(
    visits: list[Visit],
    prepare: Callable[[list[Visit]], object],
    kept: dict[tuple[str, int], tuple[str, str]] | None,
    snippets: dict[int, str],
    between: Callable[[Visit], str] | None = None,
) -> SafeString:
    """The rows of these tours, in this order, each with its snippet if it has one (and
    before it, what `between` writes for the tour, if given: a record page's leaders).

    `kept`: rows written before, by (language, tour id), as the HTML before and after the
    snippet (a row shows nothing of the search, so any page listing the tour reuses it); the
    browse index holds them, and drops them when the archive changes. Tours without a kept
    row are given to `prepare` (which reads the relations a row shows) and their rows kept."""
    language = get_language()
    kept = {} if kept is None else kept
    rows = {visit.pk: kept.get((language, visit.pk)) for visit in visits}
    unkept = [visit for visit in visits if rows[visit.pk] is None]
    if unkept:
        prepare(unkept)
        if len(kept) + len(unkept) > ROWS_KEPT:
            kept.clear()
        for visit in unkept:
            rows[visit.pk] = kept[(language, visit.pk)] = (_row_head(visit), _row_tail(visit))
    parts = []
    for visit in visits:
        head, tail = rows[visit.pk]
        snippet = snippets.get(visit.pk)
        parts.append(head)
        if between is not None:
            parts.append(between(visit))
        if snippet:
            parts.append(f'<p class="snippet">{conditional_escape(snippet)}</p>\n')
        parts.append(tail)
    return mark_safe("".join(parts))


def map_list(tiles) -> SafeString:
    """The map's text alternative: each tile with tours as a link and its count in words."""
    language = get_language()
    return mark_safe(
        "".join(
            f'<li><a href="{escape(tile.url)}">{escape(tile.label)}</a>: '
            f"{escape(remembered('counter tours', tile.count, _tours(tile.count), language))}</li>"
            for tile in tiles
        )
    )


def _tours(count: int) -> Callable[[], str]:
    return lambda: ngettext("%(counter)s tour", "%(counter)s tours", count) % {"counter": count}


def visit_row(visit: Visit) -> str:
    """A tour in a list of tours (the browse page's results, a record page's tours): its
    title, dates and places, who was in office (`visit.leaders`, on a record page), the
    search's snippet (`visit.snippet`) and its themes."""
    parts = [_row_head(visit), _leaders(visit)]
    snippet = getattr(visit, "snippet", None)
    if snippet:
        parts.append(f'<p class="snippet">{conditional_escape(snippet)}</p>\n')
    parts.append(_row_tail(visit))
    return "".join(parts)


def _row_head(visit: Visit) -> str:
    separator = pgettext("list separator", ", ")
    if visit.start_date:
        shown = gettext("j M Y")
        dates = (
            f'<time datetime="{visit.start_date.isoformat()}">'
            f"{escape(date_format(visit.start_date, shown))}</time>"
        )
        if visit.end_date and visit.end_date != visit.start_date:
            dates += (
                f' – <time datetime="{visit.end_date.isoformat()}">'
                f"{escape(date_format(visit.end_date, shown))}</time>"
            )
    else:
        dates = escape(gettext("date unknown"))
    officials = separator.join(escape(o.local_name) for o in visit.officials.all())
    provinces = separator.join(escape(p.local_name) for p in visit.provinces.all())
    cities = visit.cities.all()
    if cities:
        provinces += f" ({separator.join(escape(c.local_name) for c in cities)})"
    badge = ""
    if visit.review_status == "unreviewed":
        why = escape(gettext("Extracted automatically, not yet checked by an editor"))
        unreviewed = escape(gettext("unreviewed"))
        badge = f' <span class="badge" title="{why}">{unreviewed}</span>'
    return (
        f'<li class="visit-row">\n<h2><a href="{escape(visit.get_absolute_url())}">'
        f"{escape(visit.local_title)}</a>{badge}</h2>\n"
        f'<p class="meta">\n<span class="dates">{dates}</span>\n'
        f"· {officials}\n· {provinces}\n</p>\n"
    )


def _row_tail(visit: Visit) -> str:
    themes = visit.themes.all()
    if not themes:
        return "</li>\n"
    items = "".join(f"<li>{escape(t.local_name)}</li>" for t in themes)
    label = escape(gettext("Themes"))
    return f'<ul class="tags" aria-label="{label}">{items}</ul>\n</li>\n'


def links(items) -> str:
    """A comma-separated list of pages.Link records, as entity/includes/links.html writes it."""
    if not items:
        return "—"
    separator = pgettext("list separator", ", ")
    return separator.join(
        f'<a href="{escape(item.url)}">{escape(item.label)}</a>'
        + (f' <span class="zh" lang="zh">{escape(item.detail)}</span>' if item.detail else "")
        + (f' <span class="post">({escape(item.note)})</span>' if item.note else "")
        for item in items
    )
