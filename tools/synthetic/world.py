"""Who could tour where and when, and the tours they make, from the gazetteer files.

Everything here is plain data from places.json, officials.json and themes.json (as
loaded by json), so a corpus can be generated without a database.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field
from itertools import accumulate

from . import phrases

# The ranks that make domestic tours, and how often one in that post tours (relative).
TOURING_WEIGHTS = {
    "president": 12,
    "general_secretary": 12,
    "premier": 10,
    "vice_premier": 4,
    "npc_chairman": 3,
    "cppcc_chairman": 3,
    "psc": 3,
    "vice_president": 1.5,
    "state_councillor": 1.2,
    "party_chief": 1.5,  # a Politburo member who is a provincial Party secretary: at home
    "politburo": 0.6,
}
# The post a leader is named by, when they hold several: the first in this order.
KINDS = [
    "president", "premier", "general_secretary", "vice_premier", "npc_chairman",
    "cppcc_chairman", "psc", "vice_president", "state_councillor",
]  # fmt: skip
NOT_TOURING = ("Military", "Defense", "Foreign")  # soldiers and diplomats travel otherwise
PREFIXES = {
    "president": ("Chinese President", "president", "Chinese president"),
    "premier": ("Chinese Premier", "premier", "Chinese premier"),
    "vice_premier": ("Chinese Vice Premier", "vice premier", "Chinese vice premier"),
    "vice_president": ("Chinese Vice President", "vice president", "Chinese vice president"),
    "npc_chairman": ("China's top legislator", "top legislator", "China's top legislator"),
    "cppcc_chairman": (
        "China's top political advisor",
        "top political advisor",
        "China's top political advisor",
    ),
    "state_councillor": ("Chinese State Councilor", "state councilor", "State councilor"),
}
APPOSITIVES = {
    "general_secretary": "general secretary of the Communist Party of China (CPC) Central Committee",
    "psc": "a member of the Standing Committee of the Political Bureau of the CPC Central Committee",
    "politburo": "a member of the Political Bureau of the CPC Central Committee",
    "ccdi_secretary": "secretary of the CPC Central Commission for Discipline Inspection",
    "npc_chairman": "chairman of the National People's Congress Standing Committee",
    "cppcc_chairman": "chairman of the National Committee of the Chinese People's Political Consultative Conference",
}
COMMITTEE = {"municipality": "Municipal", "autonomous_region": "Regional"}
DURATIONS = ([1, 2, 3, 4, 5], [22, 40, 25, 9, 4])
CITY_COUNTS = ([1, 2, 3, 4], [35, 40, 20, 5])
THEME_COUNTS = ([1, 2, 3], [30, 45, 25])
SINCE = [(words, dt.date.fromisoformat(day)) for words, day in phrases.SINCE.items()]
LAST_COINED = max(since for _, since in SINCE)
LEAD_MARGIN = 12  # days a post must still run after a tour starts (its reports cite it)


@dataclass(frozen=True)
class Role:
    """An official over a span in which their posts stay the same."""

    name: str
    start: dt.date
    end: dt.date  # the last day a tour may start
    weight: float
    prefix: str  # "Chinese Premier", or ""
    title: str  # "premier" in "the premier", or ""
    short_title: str  # for headlines: "Chinese premier"
    also: str  # "a member of the Standing Committee of ..."
    long_title: str  # as translated from Chinese reports
    home: str | None  # the province a Party chief tours
    female: bool
    surname: str


@dataclass(frozen=True)
class Province:
    name: str
    full_name: str  # "Hubei Province"
    kind: str  # province, municipality, autonomous_region, sar
    cities: tuple[str, ...]  # prefecture-level cities, the capital first
    region: str  # "central" in "central China's Hubei Province"
    weight: float  # how often tours go there


@dataclass(frozen=True)
class Company:
    full: str
    short: str
    city: str | None
    theme: str
    maker: str  # "a chipmaker"
    topics: tuple[str, ...]  # what a visitor learns about there


@dataclass
class Stop:
    kind: str  # "company", "site" or "unnamed"
    name: str
    city: str | None
    theme: str | None
    action: str = ""  # what the leader did at a site
    company: Company | None = None
    day: int = 0


@dataclass
class Tour:
    number: int
    role: Role
    province: Province
    start: dt.date
    end: dt.date
    cities: list[str]
    stops: list[Stop]
    themes: list[str]
    strategy: str | None
    symposium: bool
    companions: list[tuple[str, str]] = field(default_factory=list)  # (name, how to title them)


class World:
    """The gazetteers as the generator needs them, and tours drawn from them."""

    def __init__(self, places: dict, officials: list, themes: list, seed: int, until: dt.date):
        self.seed = seed
        self.first_day = dt.date(2013, 1, 1)
        self.last_day = until - dt.timedelta(days=LEAD_MARGIN)
        self.province = {}
        for p in places["provinces"]:
            region, weight = phrases.PROVINCES.get(p["name"], ("", 0))
            # Only prefecture-level cities; one sharing its province's name ("Jilin") is
            # written "Jilin City" and left out.
            cities = [c["name"] for c in p.get("cities", []) if c.get("kind") == "city"]
            cities = tuple(c for c in cities if c != p["name"])
            full_name = p.get("full_name") or p["name"]
            self.province[p["name"]] = Province(
                p["name"], full_name, p.get("kind", "province"), cities, region, weight
            )
        self.touring = [p for p in self.province.values() if p.weight > 0]
        self.touring_weights = list(accumulate(p.weight for p in self.touring))
        self.place_names = {
            n.lower()
            for p in places["provinces"]
            for n in [p["name"], *p.get("aliases", []), *(c["name"] for c in p.get("cities", []))]
        }
        self.themes = {
            t["slug"]: {
                **phrases.THEMES[t["slug"]],
                "np": [*phrases.THEMES[t["slug"]]["np"], t["name"].lower()],
            }
            for t in sorted(themes, key=lambda t: t["slug"])
            if t["slug"] in phrases.THEMES
        }
        self.roles = _roles(officials, self.province, random.Random(f"{seed}/officials"))
        self.people = {o["name"] for o in officials}
        self._segments = _segments(self.roles, self.first_day, self.last_day)
        self._local = _local_officials(officials)
        self._pools: dict[tuple[str, str], list[Company]] = {}
        self._schedule: dict[str, list[tuple[int, int, str]]] = {}

    # -- invented names ----------------------------------------------------------------

    def brand(self, rng: random.Random) -> str:
        """A two-syllable trade name that is not a place ("Kaifeng" is a city)."""
        while True:
            name = one(rng, phrases.BRAND_SYLLABLES) + one(rng, phrases.BRAND_ENDINGS)
            if name.lower() not in self.place_names:
                return name

    def person(self, rng: random.Random) -> str:
        while True:
            name = f"{one(rng, phrases.PERSON_SURNAMES)} {one(rng, phrases.PERSON_GIVEN)}"
            if name not in self.people:
                return name

    def companies(self, province: Province, theme: str) -> list[Company]:
        """A province's companies in one theme's industries: the same few, tour after tour."""
        key = (province.name, theme)
        if key not in self._pools:
            # Seeded by name, so a pool does not depend on which tour asked for it first.
            rng = random.Random(f"{self.seed}/{province.name}/{theme}")
            industries = self.themes[theme]["industries"]
            pool = []
            for _ in range(4 + rng.randrange(6)):
                city = _weighted_city(rng, province.cities) if province.cities else None
                pool.append(self._company(rng, province, city, one(rng, industries), theme))
            self._pools[key] = pool
        return self._pools[key]

    def _company(self, rng, province, city, industry, theme) -> Company:
        industry, maker, topic = industry
        brand, place = self.brand(rng), city or province.name
        full, short = one(
            rng,
            [
                (f"{place} {brand} {industry} Co., Ltd.", f"{brand} {industry}"),
                (f"{brand} {industry} Group", f"{brand} {industry}"),
                (f"{brand} {industry} Co., Ltd.", f"{brand} {industry}"),
                (
                    f"{province.name} {brand} {industry} Group Co., Ltd.",
                    f"{brand} {industry} Group",
                ),
                (f"{brand} {industry} Holdings", f"{brand} {industry}"),
                (f"{place} {industry} Group", f"{place} {industry} Group"),
                (f"{brand} {industry} Corporation", f"{brand} {industry}"),
            ],
        )
        topics = tuple(t for t in [topic, *self.themes[theme]["topics"]] if t)
        return Company(full, short, city, theme, maker, topics)

    # -- tours -------------------------------------------------------------------------

    def tour(self, rng: random.Random, number: int) -> Tour:
        """One tour; a leader is not in two places at once, nor back in a province within weeks."""
        for _ in range(12):
            start = self.first_day + dt.timedelta(
                days=rng.randrange((self.last_day - self.first_day).days)
            )
            role = self.role_on(rng, start)
            province = self.province[role.home] if role.home else self._pick_province(rng)
            days = rng.choices(*DURATIONS)[0]
            end = start + dt.timedelta(days=days - 1)
            if self._free(role.name, start, end, province.name):
                break
        self._book(role.name, start, end, province.name)
        themes = self._pick_themes(rng, province)
        strategy = None
        if "regional-development" in themes:
            strategy = one(rng, current(_strategies_for(province.name), start))
        cities: list[str] = []
        wanted = min(rng.choices(*CITY_COUNTS)[0], len(province.cities))
        stops = []
        for theme in themes:
            pool = self.companies(province, theme) if self.themes[theme]["industries"] else []
            for _ in range(rng.choices([0, 1, 2], [20, 50, 30])[0] if pool else 0):
                company = rng.choices(pool, [1 / (i + 1) for i in range(len(pool))])[0]
                if any(s.company == company for s in stops):
                    continue
                if company.city and company.city not in cities:
                    if len(cities) >= wanted:
                        continue
                    cities.append(company.city)
                stops.append(Stop("company", company.full, company.city, theme, company=company))
        while len(cities) < wanted:
            city = _weighted_city(rng, province.cities)
            if city not in cities:
                cities.append(city)
        for theme in themes:
            sites = current(self.themes[theme]["sites"], start)
            if sites and rng.random() < 0.65:
                template, actions = one(rng, sites)
                name = template.format(
                    village=self.brand(rng),
                    brand=self.brand(rng),
                    field=one(rng, phrases.LAB_FIELDS),
                )
                city = one(rng, cities) if cities else None
                stops.append(Stop("site", name, city, theme, action=one(rng, actions)))
        if not stops:
            stops.append(
                Stop("unnamed", "a local company", one(rng, cities) if cities else None, None)
            )
        order = {c: i for i, c in enumerate(cities)}
        stops.sort(key=lambda s: order.get(s.city, len(order)))
        for i, stop in enumerate(stops):  # the first stop on the first day, the last on the last
            stop.day = round(i * (days - 1) / max(1, len(stops) - 1))
        tour = Tour(
            number, role, province, start, end, cities, stops, themes, strategy, rng.random() < 0.45
        )
        tour.companions = self._companions(rng, tour)
        return tour

    def role_on(self, rng: random.Random, day: dt.date) -> Role:
        """A leader on duty that day, by how often they tour."""
        starts, tables = self._segments
        roles, cumulative = tables[bisect.bisect_right(starts, day) - 1]
        return rng.choices(roles, cum_weights=cumulative)[0]

    def _pick_province(self, rng: random.Random) -> Province:
        return rng.choices(self.touring, cum_weights=self.touring_weights)[0]

    def _pick_themes(self, rng: random.Random, province: Province) -> list[str]:
        slugs = [
            s for s in self.themes if s != "regional-development" or _strategies_for(province.name)
        ]
        weights = [self.themes[s]["weight"] for s in slugs]
        chosen: list[str] = []
        for _ in range(rng.choices(*THEME_COUNTS)[0]):
            slug = rng.choices(slugs, weights)[0]
            i = slugs.index(slug)
            del slugs[i], weights[i]
            chosen.append(slug)
        return chosen

    def _free(self, name: str, start: dt.date, end: dt.date, province: str) -> bool:
        booked = self._schedule.get(name, [])
        low = bisect.bisect_left(booked, (start.toordinal() - 30,))
        for s, e, where in booked[low:]:
            if s > end.toordinal() + 20:
                break
            gap = 20 if where == province else 0
            if s <= end.toordinal() + gap and e >= start.toordinal() - gap:
                return False
        return True

    def _book(self, name: str, start: dt.date, end: dt.date, province: str) -> None:
        bisect.insort(
            self._schedule.setdefault(name, []), (start.toordinal(), end.toordinal(), province)
        )

    def _companions(self, rng: random.Random, tour: Tour) -> list[tuple[str, str]]:
        """The province's Party secretary and governor on the day, as a report names them."""
        local = self._local.get(tour.province.name, [])
        found = {}
        for rank, title, name, start, end in local:
            on_duty = start <= tour.start <= end and not title.startswith("Acting")
            if on_duty and name != tour.role.name and rank not in found:
                found[rank] = (name, title)
        level = {"municipality": "municipal", "autonomous_region": "regional"}
        place = level.get(tour.province.kind, "provincial")
        companions = []
        if "provincial_secretary" in found and rng.random() < 0.75:
            name, _ = found["provincial_secretary"]
            chief = f"{tour.province.name} Party chief {name}"
            companions.append((name, one(rng, [f"{place} Party secretary {name}", chief, name])))
        if "governor" in found and rng.random() < 0.55:
            name, title = found["governor"]
            word = title.split()[0]  # Governor, Mayor or Chairman
            label = "regional government chairman" if word == "Chairman" else word.lower()
            companions.append((name, one(rng, [f"{label} {name}", f"{word} {name}", name])))
        return companions


def current(options, day: dt.date):
    """The options in use on the day: none with words coined later ("new quality productive
    forces" is from 2023). Options are strings, or tuples that start with one."""
    if day >= LAST_COINED:
        return options
    coined = [words for words, since in SINCE if day < since]
    kept = [o for o in options if not any(w in (o if isinstance(o, str) else o[0]) for w in coined)]
    return kept or options


def one(rng: random.Random, items):
    """rng.choice, faster: reports make hundreds of thousands of these picks."""
    return items[int(rng.random() * len(items))]


def _weighted_city(rng: random.Random, cities: tuple[str, ...]) -> str:
    # The capital comes first in the gazetteer and draws most visits.
    return rng.choices(cities, [1 / (i + 1) ** 0.7 for i in range(len(cities))])[0]


def _strategies_for(province: str) -> list[str]:
    return [name for name, where in phrases.STRATEGIES.items() if province in where]


def _posts(item: dict) -> list[tuple[str, str, dt.date, dt.date | None, str | None]]:
    return [
        (
            p["rank"],
            p["title"],
            dt.date.fromisoformat(p["start"]),
            dt.date.fromisoformat(p["end"]) if p.get("end") else None,
            p.get("province"),
        )
        for p in item.get("posts", [])
    ]


def _roles(officials: list, provinces: dict[str, Province], rng: random.Random) -> list[Role]:
    """Every span in which an official holds the same touring posts, weighted Zipf-like."""
    spans = []
    for item in sorted(officials, key=lambda o: o["name"]):
        posts = _posts(item)
        cuts = sorted({p[2] for p in posts} | {p[3] + dt.timedelta(days=1) for p in posts if p[3]})
        for first, after in zip(cuts, [*cuts[1:], dt.date(9999, 1, 1)], strict=True):
            held = [p for p in posts if p[2] <= first and (p[3] is None or p[3] >= first)]
            role = _describe(held, provinces)
            if role:
                spans.append(
                    (item["name"], first, after - dt.timedelta(days=1 + LEAD_MARGIN), *role)
                )
    # Seniority first, then a seeded order: a few leaders make most tours, most make few.
    best = {}
    for name, *_, weight, _text in spans:
        best[name] = max(best.get(name, 0), weight)
    order = sorted(best, key=lambda n: (-best[n], rng.random()))
    rank = {name: i for i, name in enumerate(order)}
    return [
        Role(
            name,
            first,
            last,
            weight / (rank[name] + 1) ** 0.9,
            *text,
            name in phrases.FEMALE,
            name.split()[0],
        )
        for name, first, last, weight, text in spans
        if first <= last
    ]


def _describe(held, provinces) -> tuple[float, tuple] | None:
    """(touring weight, texts) for a set of posts held at once, or None if they do not tour."""
    ranks = {p[0] for p in held}
    others = [p[1] for p in held if p[0] == "central_other"]
    if any(w in t and not t.startswith("Chairman") for t in others for w in NOT_TOURING):
        return None
    home = next((p[4] for p in held if p[0] == "provincial_secretary" and p[4] in provinces), None)
    kind = next((k for k in KINDS if k in ranks), None)
    if kind is None and "politburo" in ranks:
        kind = "party_chief" if home else "politburo"
    if kind is None:
        return None
    home = home if kind == "party_chief" else None
    prefix, title, short = PREFIXES.get(kind, ("", "", "Senior CPC official"))
    parts = [APPOSITIVES[r] for r in ("general_secretary", "psc", "ccdi_secretary") if r in ranks]
    if "politburo" in ranks and "psc" not in ranks:
        parts.append(APPOSITIVES["politburo"])
    if not prefix:
        parts += [APPOSITIVES[r] for r in ("npc_chairman", "cppcc_chairman") if r in ranks]
    chief = ""
    if home:
        chief = f"secretary of the CPC {home} {COMMITTEE.get(provinces[home].kind, 'Provincial')} Committee"
        parts.append(chief)
    parts += [t[0].lower() + t[1:] for t in others if "Military Commission" in t or not prefix]
    also = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    member = "member of the Political Bureau of the CPC Central Committee"
    if "psc" in ranks:
        member = (
            "member of the Standing Committee of the Political Bureau of the CPC Central Committee"
        )
    central = [p[1] for p in held if p[0] in PREFIXES or p[0] == "general_secretary"][:1]
    party = [member] if ranks & {"psc", "politburo"} else []
    long_title = " and ".join(
        [*party, *central, *([chief[0].upper() + chief[1:]] if chief else [])]
    )
    return TOURING_WEIGHTS[kind], (prefix, title, short, also, long_title, home)


def _segments(roles: list[Role], first: dt.date, last: dt.date):
    """The roles on duty between consecutive changes, with cumulative weights."""
    cuts = sorted(
        {first}
        | {r.start for r in roles if first <= r.start <= last}
        | {r.end + dt.timedelta(days=1) for r in roles if first <= r.end < last}
    )
    tables = []
    for day in cuts:
        on = [r for r in roles if r.start <= day <= r.end]
        tables.append((on, list(accumulate(r.weight for r in on))))
    return cuts, tables


def _local_officials(officials: list) -> dict[str, list]:
    local: dict[str, list] = {}
    for item in sorted(officials, key=lambda o: o["name"]):
        for rank, title, start, end, province in _posts(item):
            if rank in ("provincial_secretary", "governor") and province:
                local.setdefault(province, []).append(
                    (rank, title, item["name"], start, end or dt.date(9999, 1, 1))
                )
    return local
