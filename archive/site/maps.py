"""A tile-grid map of China's 34 provincial-level divisions, shaded by a number of tours.

The layout is an original one drawn for this project: each division is one square at a fixed
column and row that roughly follows its place on the map (west to east, north to south), so no
outside map data or licence is involved. Each tile shows the division's name (in Chinese its
short name, 湖北 for 湖北省) and its count: the two-letter codes it showed once (HE, HA, HN, HB, HI)
could not be told apart without hovering, and a name that is the start of the link's label is what
a speech user says to follow it (WCAG 2.5.3, axe's label-content-name-mismatch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archive.models import Province, Visit, chinese_shown
from archive.site import markup

# Administrative code -> (ISO 3166-2:CN code, column, row).
LAYOUT: dict[str, tuple[str, int, int]] = {
    "230000": ("HL", 6, 0),  # Heilongjiang
    "150000": ("NM", 3, 1),  # Inner Mongolia
    "220000": ("JL", 6, 1),  # Jilin
    "110000": ("BJ", 4, 2),  # Beijing
    "210000": ("LN", 5, 2),  # Liaoning
    "650000": ("XJ", 0, 3),  # Xinjiang
    "620000": ("GS", 1, 3),  # Gansu
    "640000": ("NX", 2, 3),  # Ningxia
    "140000": ("SX", 3, 3),  # Shanxi
    "130000": ("HE", 4, 3),  # Hebei
    "120000": ("TJ", 5, 3),  # Tianjin
    "540000": ("XZ", 0, 4),  # Tibet
    "630000": ("QH", 1, 4),  # Qinghai
    "610000": ("SN", 2, 4),  # Shaanxi
    "410000": ("HA", 3, 4),  # Henan
    "370000": ("SD", 4, 4),  # Shandong
    "320000": ("JS", 5, 4),  # Jiangsu
    "510000": ("SC", 1, 5),  # Sichuan
    "500000": ("CQ", 2, 5),  # Chongqing
    "420000": ("HB", 3, 5),  # Hubei
    "340000": ("AH", 4, 5),  # Anhui
    "330000": ("ZJ", 5, 5),  # Zhejiang
    "310000": ("SH", 6, 5),  # Shanghai
    "530000": ("YN", 1, 6),  # Yunnan
    "520000": ("GZ", 2, 6),  # Guizhou
    "430000": ("HN", 3, 6),  # Hunan
    "360000": ("JX", 4, 6),  # Jiangxi
    "350000": ("FJ", 5, 6),  # Fujian
    "450000": ("GX", 2, 7),  # Guangxi
    "440000": ("GD", 3, 7),  # Guangdong
    "710000": ("TW", 6, 7),  # Taiwan
    "460000": ("HI", 2, 8),  # Hainan
    "820000": ("MO", 3, 8),  # Macao
    "810000": ("HK", 4, 8),  # Hong Kong
}
# What a Chinese short name leaves out of the full one (湖北省 -> 湖北), longest first.
SUFFIXES_ZH = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
COLUMNS = 1 + max(col for _, col, _ in LAYOUT.values())
ROWS = 1 + max(row for _, _, row in LAYOUT.values())
CELL_W, CELL_H = 66, 50  # SVG units per grid cell
TILE_W, TILE_H = 62, 46  # the tile inside a cell; the rest is the gap between tiles
MARGIN = 3  # room for a focused tile's outline at the edges
LINE = 7  # characters of a name that fit a tile's width; a longer one is squeezed or broken

# Fill and text colour per shade, lightest (no tours) to darkest; every pair reads at 4.5:1 or better.
SHADES = (
    ("#f1f1f3", "#3d3d45"),
    ("#fbe3df", "#1d1d1f"),
    ("#f2b1a6", "#1d1d1f"),
    ("#c44536", "#ffffff"),
    ("#8f1d14", "#ffffff"),
)
STEPS = len(SHADES) - 1


@dataclass
class Tile:
    code: str
    label: str  # the province's name in the page's language
    short: str  # the name on the tile: the English name, or the Chinese short name
    count: int
    shade: int
    fill: str
    ink: str
    url: str
    x: int
    y: int

    width: int = TILE_W
    height: int = TILE_H

    @property
    def aria_label(self) -> str:
        """Begins with the name the tile shows, so the link is called what it says."""
        return _("%(province)s: %(tours)s") % {"province": self.short, "tours": tours(self.count)}

    @property
    def text_x(self) -> int:
        return self.x + TILE_W // 2

    @property
    def lines(self) -> list[tuple[int, str]]:
        """(y, text) of the name's lines: two for a long name of two words (Inner Mongolia)."""
        words = self.short.split(" ")
        if len(self.short) > LINE and len(words) == 2:
            return [(self.y + 14, words[0] + " "), (self.y + 26, words[1])]
        return [(self.y + 20, self.short)]

    @property
    def fit(self) -> int | None:
        """The width to squeeze a long one-word name into (Heilongjiang), else None."""
        return TILE_W - 6 if len(self.lines) == 1 and len(self.short) > LINE else None

    @property
    def count_y(self) -> int:
        return self.y + 40


@dataclass
class LegendEntry:
    label: str
    fill: str


@dataclass
class ProvinceMap:
    """What templates/archive/includes/province_map.html draws."""

    tiles: list[Tile]
    legend: list[LegendEntry]
    title: str
    id: str
    width: int = COLUMNS * CELL_W + 2 * MARGIN
    height: int = ROWS * CELL_H + 2 * MARGIN

    @property
    def tiles_html(self) -> SafeString:
        return markup.map_tiles(self.tiles)

    @property
    def counted_html(self) -> SafeString:
        return markup.map_list(self.counted)

    @property
    def counted(self) -> list[Tile]:
        """The text alternative: provinces with tours, most first."""
        return sorted((t for t in self.tiles if t.count), key=lambda t: (-t.count, t.label))


def tours(count: int) -> str:
    return markup.remembered(
        "%(count)d tours",
        count,
        lambda: ngettext("%(count)d tour", "%(count)d tours", count) % {"count": count},
    )


def shade(count: int, peak: int) -> int:
    """0 for none, else 1..STEPS in equal steps of the busiest province's count."""
    return 0 if count <= 0 or peak <= 0 else -(-STEPS * count // peak)


def province_tiles(visits: QuerySet[Visit], link: Callable[[Province], str]) -> list[Tile]:
    """One tile per division in the layout, counting these tours: one query."""
    return tiles(province_counts(visits), link)


def province_counts(visits: QuerySet[Visit]) -> list[Province]:
    """Every division in the layout, with `n`, its number of these tours: one query."""
    return list(
        Province.objects.filter(code__in=LAYOUT).annotate(
            # A join row is one (province, tour) pair: no DISTINCT needed.
            n=Count("visits", filter=Q(visits__in=visits.values("pk")))
        )
    )


def tiles(provinces: list[Province], link: Callable[[Province], str]) -> list[Tile]:
    """Tiles for divisions counted by province_counts."""
    peak = max((p.n for p in provinces), default=0)
    chinese = chinese_shown()
    tiles = []
    for province in provinces:
        _code, col, row = LAYOUT[province.code]
        step = shade(province.n, peak)
        fill, ink = SHADES[step]
        tiles.append(
            Tile(
                code=province.code,
                label=province.local_name,
                short=short_zh(province.name_zh) if chinese else province.name,
                count=province.n,
                shade=step,
                fill=fill,
                ink=ink,
                url=link(province),
                x=MARGIN + col * CELL_W,
                y=MARGIN + row * CELL_H,
            )
        )
    return sorted(tiles, key=lambda t: (t.y, t.x))


def short_zh(name_zh: str) -> str:
    """湖北省 -> 湖北, 内蒙古自治区 -> 内蒙古, 香港特别行政区 -> 香港."""
    for suffix in SUFFIXES_ZH:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix) + 1:
            return name_zh.removesuffix(suffix)
    return name_zh


def legend(tiles: list[Tile]) -> list[LegendEntry]:
    """The count range of each shade in use, e.g. "1–2 tours"."""
    peak = max((t.count for t in tiles), default=0)
    entries = [LegendEntry(_("No tours"), SHADES[0][0])]
    for step in range(1, STEPS + 1):
        low, high = (step - 1) * peak // STEPS + 1, step * peak // STEPS
        if low > high:
            continue
        label = (
            tours(low) if low == high else _("%(low)d–%(high)d tours") % {"low": low, "high": high}
        )
        entries.append(LegendEntry(label, SHADES[step][0]))
    return entries


def province_map(tiles: list[Tile], title: str, id: str = "province-map") -> ProvinceMap:
    """Tiles with their legend and title, ready for the include."""
    return ProvinceMap(tiles=tiles, legend=legend(tiles), title=title, id=id)
