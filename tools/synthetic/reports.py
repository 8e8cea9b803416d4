"""A tour's reports as different outlets write them, each with its gold record.

A report states a subset of the tour's facts in its own words and layout; the gold
record holds exactly what that report's text says (ANNOTATION.md in the shared corpus).
"""

from __future__ import annotations

import datetime as dt
import random

from . import phrases
from .phrases import AP_MONTHS, MONTHS, WEEKDAYS
from .world import Company, Role, Stop, Tour, World, current, one

LAGS = ([0, 1, 2, 3, 4], [35, 38, 15, 8, 4])  # days from a tour's end to a report
DATE_MODES = ["weekday", "date", "nday", "days", "none"]
LENGTHS = ["short", "medium", "long"]
SHARE = {"short": 0.35, "medium": 0.7, "long": 1.0}  # of a tour's stops a report names
REMARK_COUNTS = {"short": (1, 1), "medium": (2, 3), "long": (3, 5)}


def ap_date(day: dt.date, year: bool = False) -> str:
    text = f"{AP_MONTHS[day.month - 1]} {day.day}"
    return f"{text}, {day.year}" if year else text


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Slots(dict):
    """A template's own fields, then the report's (not copied for every sentence)."""

    def __init__(self, base: dict, fields: dict):
        super().__init__(fields)
        self.base = base

    def __missing__(self, key: str) -> str:
        return self.base[key]


class Report:
    """One report of a tour, written in one outlet's style."""

    def __init__(
        self, world: World, tour: Tour, rng: random.Random, style: str, published: dt.date
    ):
        self.world, self.tour, self.rng, self.style = world, tour, rng, style
        self.role: Role = tour.role
        self.published = published
        self.themes = world.themes
        # What the text states, for the gold record.
        self.cities: list[str] = []
        self.enterprise_names: dict[str, str] = {}  # full name -> the form the text gives
        self.sites: list[str] = []
        self.theme_slugs: list[str] = []
        self.accompanying: list[str] = []
        self.used: set[str] = set()

        self.has_header = style != "govcn" and (style != "blog" or rng.random() < 0.5)
        self.dateline = None
        if style in ("xinhua", "people", "translated"):
            back = 1 if published > tour.end and rng.random() < 0.4 else 0
            self.dateline = published - dt.timedelta(days=back if style != "translated" else 0)
        known = self.has_header or style == "govcn"
        self.reference = self.dateline or (published if known else None)
        self.length = rng.choices(LENGTHS, phrases.OUTLETS[style][2])[0]
        self.mode = self._date_mode()
        self.base = self._base()

    # -- the words for the leader, the place and the dates ---------------------------

    def _base(self) -> dict:
        role, rng, province = self.role, self.rng, self.tour.province
        prefix = role.prefix
        if self.style in ("govcn", "chinadaily", "blog") and prefix.startswith("Chinese "):
            prefix = prefix.removeprefix("Chinese ")
        name = f"{prefix} {role.name}" if prefix else role.name
        if self.style == "translated":  # "Li Qiang, member of the Standing Committee ..."
            name, full = role.name, f"{role.name}, {role.long_title},"
        elif role.also:
            full = f"{name}, also {role.also}," if prefix else f"{role.name}, {role.also},"
        else:
            full = name
        article, noun = one(rng, phrases.TOUR_NOUNS)
        if self.mode == "nday":
            days = (self.tour.end - self.tour.start).days + 1
            article, noun = "a", f"{phrases.NUMBER_WORDS[days]}-day {noun}"
        elif self.mode == "none" and rng.random() < 0.3:
            article, noun = "a", f"recent {noun}"
        where = self._where()
        short = province.name if rng.random() < 0.7 else self._generic_place()
        if short == "Tibet" and "Xizang" in where:
            short = "Xizang"
        female = role.female
        return {
            "Name": name,
            "Full": full,
            "name": role.name,
            "Sur": role.surname,
            "sur": role.surname,
            "also": role.also,
            "title": role.title or "official",
            "Pron": "She" if female else "He",
            "pron": "she" if female else "he",
            "poss": "her" if female else "his",
            "Poss_cap": "Her" if female else "His",
            "obj": "her" if female else "him",
            "a_tour": f"{article} {noun}",
            "where": where,
            "in_where": f"{one(rng, ['in', 'in', 'to'])} {where}",
            "when": self._when(),
            "short_province": short,
            "Short_province": capital(short),
            "province": province.name,
            "short_title": role.short_title,
        }

    def _generic_place(self) -> str:
        kind = self.tour.province.kind
        return {"municipality": "the city", "autonomous_region": "the region"}.get(
            kind, "the province"
        )

    def _where(self) -> str:
        province, rng = self.tour.province, self.rng
        full, bare = province.full_name, province.name
        if bare == "Tibet" and self.tour.start >= dt.date(2023, 6, 1) and rng.random() < 0.7:
            full, bare = "Xizang Autonomous Region", "Xizang"  # Xinhua's spelling since 2023
        if province.kind == "sar":
            return one(rng, [f"the {full}", bare])
        options = [(full, 25), (bare, 10)]
        if province.region:
            options.append((f"{province.region} China's {full}", 55))
        if province.kind == "province":
            options.append((f"{bare} province", 10))
        return rng.choices([o for o, _ in options], [w for _, w in options])[0]

    def _date_mode(self) -> str:
        tour, rng, ref = self.tour, self.rng, self.reference
        days = (tour.end - tour.start).days + 1
        mode = rng.choices(DATE_MODES, phrases.OUTLETS[self.style][1])[0]
        near = ref is not None and (ref - tour.start).days <= 6
        if mode == "nday" and (days < 2 or not near):
            mode = "weekday"
        if mode == "days" and (days > 3 or not tour.cities):  # day by day means city by city
            mode = "weekday"
        if mode == "weekday" and ref is not None and not near:
            mode = "date"
        if mode in ("date", "days") and ref is None:
            mode = "none"
        return mode

    def _month(self, day: dt.date) -> str:
        if self.style in ("xinhua", "people", "brief"):
            return ap_date(day)
        if self.style == "govcn":
            return f"{MONTHS[day.month - 1][:3]} {day.day}"
        if self.style == "translated":
            return f"{MONTHS[day.month - 1]} {ordinal(day.day)}"
        return f"{MONTHS[day.month - 1]} {day.day}"

    def _day_label(self, day: dt.date) -> str:
        near = self.reference is not None and (self.reference - self.tour.start).days <= 6
        return WEEKDAYS[day.weekday()] if near else self._month(day)

    def _when(self) -> str:
        start, end, rng = self.tour.start, self.tour.end, self.rng
        w1, w2 = WEEKDAYS[start.weekday()], WEEKDAYS[end.weekday()]
        if self.mode == "weekday":
            if start == end:
                return f" on {w1}"
            if (end - start).days == 1 and rng.random() < 0.5:
                return f" on {w1} and {w2}"
            return f" from {w1} {one(rng, ['to', 'to', 'through'])} {w2}"
        if self.mode == "date":
            first, last = self._month(start), self._month(end)
            if start == end:
                return f" on {first}"
            if start.month != end.month:
                return f" from {first} to {last}"
            last_day = last.split()[-1]
            if (end - start).days == 1 and rng.random() < 0.4:
                return f" on {first} and {last_day}"
            return one(rng, [f" from {first} to {last_day}", f" from {first} to {last}"])
        if self.mode == "nday":
            return f" that {one(rng, ['ended', 'concluded'])} on {w2}"
        if self.mode == "none":
            return one(rng, ["", "", "", " recently"])
        return ""

    def gold_dates(self) -> tuple[str | None, str | None]:
        if self.mode == "none" or self.reference is None:
            return None, None
        return self.tour.start.isoformat(), self.tour.end.isoformat()

    # -- filling templates -------------------------------------------------------------

    def subject(self) -> tuple[str, str]:
        """The leader as a subject: (at a sentence's start, inside it)."""
        role, rng, base = self.role, self.rng, self.base
        if self.style == "translated" and rng.random() < 0.6:
            return role.name, role.name
        pick = rng.random()
        if pick < 0.5:
            return role.surname, role.surname
        if pick < 0.75 or not role.title:
            return base["Pron"], base["pron"]
        if self.style in ("govcn", "chinadaily") and role.title in (
            "premier",
            "president",
            "vice premier",
        ):
            return f"{role.title.title()} {role.surname}", f"{role.title.title()} {role.surname}"
        return f"The {role.title}", f"the {role.title}"

    def fill(self, template: str, theme: str | None = None, **fields) -> list[str]:
        """The template's sentences; a theme's phrases are drawn only for the slots it has."""
        if theme:
            if "{vp}" in template:
                fields["vp"] = self.vp(theme)
            if "{np}" in template:
                fields["np"] = self.np(theme)
        if "{Sub}" in template or "{sub}" in template:
            fields["Sub"], fields["sub"] = self.subject()
        text = template.format_map(Slots(self.base, fields))
        return [capital(s) for s in text.split("|")]

    def pick(self, templates: list[str], city: str | None = None) -> str:
        """A template whose placeholders the city (and the leader's posts) can fill."""
        for _ in range(20):
            template = one(self.rng, templates)
            if (
                ("{city}" not in template or city)
                and ("{also}" not in template or self.role.also)
                and ("{title}" not in template or self.role.title)
            ):
                return template
        return template

    def vp(self, theme: str) -> str:
        verbs = current(self.themes[theme]["vp"], self.tour.start)
        verb = one(self.rng, [v for v in verbs if v not in self.used] or verbs)
        self.used.add(verb)
        self.mark(theme)
        return verb.format(strategy=self.tour.strategy) if "{strategy}" in verb else verb

    def np(self, theme: str) -> str:
        self.mark(theme)
        return one(self.rng, current(self.themes[theme]["np"], self.tour.start))

    def mark(self, theme: str | None) -> None:
        if theme and theme not in self.theme_slugs:
            self.theme_slugs.append(theme)

    def city_text(self, city: str) -> str:
        self._note(self.cities, city)
        return city + (" City" if self.rng.random() < 0.15 else "")

    def name_company(self, company: Company, name: str) -> None:
        """Gold keeps the fullest form a report gives of each company."""
        if self.enterprise_names.get(company.full) != company.full:
            self.enterprise_names[company.full] = name

    def topic(self, company: Company) -> str:
        self.mark(company.theme)  # what one learns there is what the theme is about
        return one(self.rng, current(company.topics, self.tour.start))

    @staticmethod
    def _note(seen: list[str], value: str) -> None:
        if value not in seen:
            seen.append(value)

    # -- the parts of a report ---------------------------------------------------------

    def lede(self) -> list[str]:
        main = self.tour.themes[0]
        templates = phrases.LEDES
        if self.mode == "nday":
            templates = [t for t in templates if "{a_tour} {in_where}{when}" in t]
        return self.fill(self.pick(templates), theme=main)

    def itinerary(self) -> list[str]:
        cities = self.tour.cities
        if not cities:
            return []
        names = [self.city_text(c) for c in cities]
        cities_of = join(names) if len(names) == 1 else "the cities of " + join(names)
        return self.fill(
            one(self.rng, phrases.ITINERARIES), cities=join(names), cities_of=cities_of
        )

    def stop_sentences(self, stop: Stop) -> list[str]:
        city = stop.city
        if stop.kind == "company":
            template = self.pick(phrases.ENTERPRISE_VISITS, city=city)
            company = stop.company
            name = company.full if self.rng.random() < 0.75 else company.short
            self.name_company(company, name)
            fields = {"company": name, "maker": company.maker, "topic": self.topic(company)}
        else:
            template = self.pick(phrases.SITE_VISITS, city=city)
            if stop.kind == "site":
                self._note(self.sites, stop.name)
                self.mark(stop.theme)
            fields = {"site": stop.name, "action": stop.action or "talked with its employees"}
        in_city = ""
        if "{in_city}" in template and city and self.rng.random() < 0.75:
            in_city = " in " + self.city_text(city)
        shown = self.city_text(city) if "{city}" in template else city
        return self.fill(template, theme=stop.theme, **fields, city=shown, in_city=in_city)

    def company_list(self, stops: list[Stop]) -> list[str]:
        city = stops[0].city
        names = []
        for stop in stops:
            names.append(stop.company.full)
            self.name_company(stop.company, stop.company.full)
        template = self.pick(phrases.ENTERPRISE_LISTS, city=city)
        in_city = " in " + self.city_text(city) if "{in_city}" in template and city else ""
        shown = self.city_text(city) if "{city}" in template else city
        return self.fill(template, companies=join(names), city=shown, in_city=in_city)

    def stop_paragraphs(self) -> list[list[str]]:
        """The stops this report names, day by day when it tells the days apart."""
        rng, tour = self.rng, self.tour
        share = SHARE[self.length]
        chosen = [s for s in tour.stops if rng.random() < share]
        if not chosen and self.length != "short":
            chosen = [one(rng, tour.stops)]
        paragraphs: list[list[str]] = []
        if self.mode == "days":
            for day in range((tour.end - tour.start).days + 1):
                date = tour.start + dt.timedelta(days=day)
                todays = [s for s in chosen if s.day == day]
                place_city = next((s.city for s in todays if s.city), None) or (
                    tour.cities[min(day, len(tour.cities) - 1)] if tour.cities else None
                )
                place = self.city_text(place_city) if place_city else self.base["where"]
                opening = self.fill(
                    self.pick(phrases.DAY_STARTS), day=self._day_label(date), place=place
                )
                paragraphs.append(opening + [x for s in todays for x in self.stop_sentences(s)])
            return paragraphs
        companies = [s for s in chosen if s.kind == "company" and s.city]
        same_city = [s for s in companies if sum(o.city == s.city for o in companies) > 1]
        if len(same_city) >= 2 and rng.random() < 0.3:
            group = [s for s in same_city if s.city == same_city[0].city]
            paragraphs.append(self.company_list(group))
            chosen = [s for s in chosen if s not in group]
        for stop in chosen:
            paragraph = self.stop_sentences(stop)
            if stop.theme and rng.random() < 0.35:
                paragraph += self.remark(stop.theme)
            paragraphs.append(paragraph)
        return paragraphs

    def remark(self, theme: str) -> list[str]:
        audience = one(self.rng, phrases.AUDIENCES)
        return self.fill(one(self.rng, phrases.REMARKS), theme=theme, audience=audience)

    def remarks(self) -> list[list[str]]:
        low, high = REMARK_COUNTS[self.length]
        themes = self.tour.themes
        picked = [themes[i % len(themes)] for i in range(self.rng.randint(low, high))]
        sentences = [s for theme in picked for s in self.remark(theme)]
        return [sentences[i : i + 2] for i in range(0, len(sentences), 2)]

    def symposium(self) -> list[str]:
        theme = self.tour.themes[0]
        template = one(self.rng, phrases.SYMPOSIUMS)
        place = self.tour.province.name
        if "{place}" in template and self.tour.cities:
            place = self.city_text(self.tour.cities[-1])  # it was held where the tour ended
        participants = one(self.rng, phrases.PARTICIPANTS)
        return self.fill(template, theme=theme, participants=participants, place=place)

    def accompaniment(self) -> list[str]:
        companions = self.tour.companions
        for name, _ in companions:
            self._note(self.accompanying, name)
        were = "were" if len(companions) > 1 else "was"
        titled = join([t for _, t in companions])
        return self.fill(one(self.rng, phrases.ACCOMPANIMENTS), companions=titled, were=were)

    def closing(self) -> list[str]:
        return self.fill(one(self.rng, phrases.CLOSINGS), theme=one(self.rng, self.tour.themes))

    def caption(self) -> str | None:
        """A photo caption for a named stop, as Xinhua repeats above and inside its reports."""
        stops = [s for s in self.tour.stops if s.kind != "unnamed"]
        if not stops:
            return None
        stop = one(self.rng, stops)
        province = self.tour.province
        if stop.city:
            tail = province.full_name
            if province.region:
                tail = f"{province.region} China's {tail}"
            place = f"{self.city_text(stop.city)}, {tail}"
        else:
            place = self.base["where"]
        day = self.tour.start + dt.timedelta(days=stop.day)
        templates = (
            phrases.CAPTIONS
            if stop.kind == "company"
            else [phrases.CAPTIONS[0], phrases.CAPTIONS[2]]
        )
        template = one(self.rng, templates)
        if stop.kind == "company":
            name = stop.company.full
            self.name_company(stop.company, name)
            topic = self.topic(stop.company) if "{topic}" in template else ""
        else:
            name, topic = stop.name, ""
            self._note(self.sites, name)
            self.mark(stop.theme)
        return self.fill(
            template,
            topic=topic,
            Caption_name=self.base["Full"],
            stop=name,
            caption_place=place,
            caption_date=ap_date(day, year=True),
            photographer=self.world.person(self.rng),
        )[0]

    # -- whole reports ---------------------------------------------------------------

    def body(self) -> list[list[str]]:
        rng, tour, length = self.rng, self.tour, self.length
        opening = [self.lede()]
        if rng.random() < 0.5 and self.mode != "days":
            opening.append(self.itinerary())
        stops, remarks = self.stop_paragraphs(), self.remarks()
        if rng.random() < 0.3 and self.mode != "days":  # some reports lead with the remarks
            stops, remarks = remarks[:1] + stops, remarks[1:]
        if tour.symposium and rng.random() < {"short": 0.15, "medium": 0.5, "long": 0.9}[length]:
            stops.append(self.symposium())
        paragraphs = opening + stops + remarks
        if rng.random() < {"short": 0, "medium": 0.3, "long": 0.6}[length]:
            paragraphs.append(self.closing())
        if tour.companions and rng.random() < {"short": 0.1, "medium": 0.4, "long": 0.7}[length]:
            paragraphs.insert(len(paragraphs) if rng.random() < 0.7 else 1, self.accompaniment())
        return [p for p in paragraphs if p]

    def title(self) -> str:
        return self.fill(one(self.rng, phrases.TITLES), theme=self.tour.themes[0])[0]

    def write(self) -> tuple[str, dict]:
        """The report as crawled (header line, page furniture, body) and its gold record."""
        self.dateline_city = None
        title = self.title()
        body = self.analysis() if self.style == "analysis" else self.body()
        head, paragraphs = getattr(self, f"_{self.style}_page")(title, body)
        if self.has_header:
            head = [f" date {self.published.isoformat()} {title}", "", *head]
        text = "\n".join(head) + "\n" + "\n\n".join(paragraphs) + "\n"
        return text, self.gold()

    # One method per outlet: the lines above the body, and the body's paragraphs.

    def _xinhua_page(self, title, body):
        place = self.tour.cities[-1] if self.tour.cities else self.tour.province.name
        self.dateline_city = place if self.tour.cities else None
        lede, *rest = body
        dateline = f"{place.upper()}, {ap_date(self.dateline)} (Xinhua) -- "
        paragraphs = [dateline + lede[0], *lede[1:], *(" ".join(p) for p in rest)]
        caption = None
        if self.mode in ("weekday", "date", "nday") and self.rng.random() < 0.6:
            caption = self.caption()
        if caption and self.style == "people" and self.rng.random() < 0.5:
            paragraphs.insert(min(3, len(paragraphs)), caption)  # repeated below, as people.cn does
        return [], ([caption] if caption else []) + paragraphs

    def _people_page(self, title, body):
        day = self.published
        stamp = f"{self.clock()}, {MONTHS[day.month - 1]} {day.day:02d}, {day.year}"
        return [f"Xinhua) {stamp}", ""], self._xinhua_page(title, body)[1]

    def _chinadaily_page(self, title, body):
        by = f"By {self.world.person(self.rng)} | chinadaily.com.cn"
        stamp = f"Updated: {self.published.isoformat()} {self.clock()}"
        return [f"{by} | {stamp}", ""], [" ".join(p) for p in body]

    def _govcn_page(self, title, body):
        day = self.published
        hour, minute = self.clock().split(":")
        stamp = f"{MONTHS[day.month - 1][:3]} {day.day},{day.year} {int(hour) % 12 + 1}:{minute}"
        stamp += " AM" if int(hour) < 12 else " PM"
        return ["App | 中文 |", "", "", title, "", f"Updated: {stamp}", ""], [
            " ".join(p) for p in body
        ]

    def _translated_page(self, title, body):
        place = self.tour.cities[-1] if self.tour.cities else self.tour.province.name
        self.dateline_city = place if self.tour.cities else None
        month = MONTHS[self.dateline.month - 1]
        if self.rng.random() < 0.5:
            opening = f"Xinhua News Agency, {place}, {month} {self.dateline.day}. "
        else:
            opening = f"{place}, {month} {ordinal(self.dateline.day)} – "
        paragraphs = [" ".join(p) for p in body]
        paragraphs[0] = opening + paragraphs[0]
        if self.rng.random() < 0.5:
            photo = f"Photo by Xinhua News Agency reporter {self.world.person(self.rng)}"
            paragraphs.insert(1, photo)
        return [], paragraphs

    def _blog_page(self, title, body):
        # Crawled with literal "\n" sequences and escaped quotes between the paragraphs.
        text = "\n\n\\n\\n\n\n".join(" ".join(p).replace('"', '\\"') for p in body)
        titles = [title, ""] if self.has_header else [title, "", title, ""]
        return [*titles, "\\n\\n\\n", ""], [text, phrases.BLOG_FOOTER]

    def _brief_page(self, title, body):
        source = one(self.rng, ["Xinhua", "CGTN", "ecns"])
        furniture = [f"Source: {source}", f"Editor: {self.world.person(self.rng)}"]
        return [], [" ".join(p) for p in body] + furniture

    def _analysis_page(self, title, body):
        paragraphs = [" ".join(p) for p in body]
        if self.rng.random() < 0.5:
            paragraphs[0] = "(Bloomberg) -- " + paragraphs[0]
        return [], paragraphs

    def clock(self) -> str:
        return f"{self.rng.randrange(7, 23):02d}:{self.rng.randrange(60):02d}"

    def analysis(self) -> list[list[str]]:
        """A foreign outlet's take: who was visited, why it matters, what came before."""
        rng = self.rng
        named = [s for s in self.tour.stops if s.kind == "company"][:2]
        template = one(rng, phrases.ANALYSIS_OPENINGS if named else phrases.ANALYSIS_OPENINGS[1:2])
        if "{companies}" not in template:
            named = []
        for stop in named:
            self.name_company(stop.company, stop.company.short)
        companies = join([s.company.short for s in named]) if named else ""
        paragraphs = [self.fill(template, theme=self.tour.themes[0], companies=companies)]
        paragraphs += [self.remark(t) for t in self.tour.themes[:2]]
        paragraphs.append([one(rng, phrases.ANALYSIS_COMMENTS)])
        if rng.random() < 0.3:
            paragraphs.append([self.background()])
        return paragraphs

    def background(self) -> str:
        """An earlier trip elsewhere: named, but not part of this tour."""
        rng, tour = self.rng, self.tour
        other = one(rng, [p for p in self.world.touring if p.name != tour.province.name])
        earlier = tour.start - dt.timedelta(days=rng.randrange(60, 400))
        same_year = earlier.year == (self.reference or tour.end).year
        template = phrases.BACKGROUND[0 if same_year else 1]
        return self.fill(
            template, month=MONTHS[earlier.month - 1], year=earlier.year, other_province=other.name
        )[0]

    def gold(self) -> dict:
        start, end = self.gold_dates()
        record = {
            "file": None,
            "url": None,
            "tour": f"T{self.tour.number:06d}",
            "is_tour": True,
            "published": self.published.isoformat()
            if self.has_header or self.style == "govcn"
            else None,
            "start_date": start,
            "end_date": end,
            "officials": [self.role.name],
            "accompanying": self.accompanying,
            "provinces": [self.tour.province.name],
            "cities": self.cities,
        }
        if self.dateline_city and self.dateline_city not in self.cities:
            record["cities_optional"] = [self.dateline_city]
        record.update(
            enterprises=list(self.enterprise_names.values()),
            sites=self.sites,
            themes=self.theme_slugs[:5],
            notes=f"synthetic: {self.style} report, dates {self.mode}",
        )
        return record


def tour_reports(world: World, tour: Tour, rng: random.Random, count: int):
    """`count` reports of one tour, each from a different outlet, on or after its last day."""
    styles = list(phrases.OUTLETS)
    weights = [weight for weight, _, _ in phrases.OUTLETS.values()]
    for _ in range(count):
        style = rng.choices(styles, weights)[0]
        i = styles.index(style)
        del styles[i], weights[i]
        published = tour.end + dt.timedelta(days=rng.choices(*LAGS)[0])
        yield Report(world, tour, rng, style, published).write()


def non_tour(world: World, rng: random.Random, number: int) -> tuple[str, dict]:
    """A report that is not about a tour: a meeting, a speech, data, a trip abroad."""
    kind = rng.choices(list(phrases.NON_TOUR_BODIES), [20, 15, 15, 10, 30, 10])[0]
    published = world.first_day + dt.timedelta(
        days=rng.randrange((world.last_day - world.first_day).days)
    )
    day = published - dt.timedelta(days=one(rng, [0, 1]))
    role = world.role_on(rng, day)
    theme = one(rng, list(world.themes))
    country, capital_city, foreign_title, foreign_name = one(rng, phrases.COUNTRIES)
    prefix = role.prefix.removeprefix("Chinese ")
    fields = {
        "Name": f"{role.prefix} {role.name}".strip(),
        "Sur": role.surname,
        "sur": role.surname,
        "short_title": role.short_title if role.prefix else role.name,
        "day": WEEKDAYS[day.weekday()],
        "vp": one(rng, current(world.themes[theme]["vp"], day)).replace(
            "{strategy}", "regional development"
        ),
        "np": one(rng, current(world.themes[theme]["np"], day)),
        "country": country,
        "capital": capital_city,
        "foreign_title": foreign_title,
        "foreign_name": foreign_name,
        "forum": one(rng, phrases.FORUMS),
        "indicator": one(rng, phrases.INDICATORS),
        "trend": one(rng, ["grew", "rose", "expanded"]),
        "value": f"{rng.uniform(0.5, 9):.1f}",
        "value2": f"{rng.uniform(0.5, 9):.1f}",
        "month": MONTHS[(day.month - 2) % 12],
    }
    if prefix and rng.random() < 0.3:
        fields["Name"] = f"{prefix} {role.name}"
    title = capital(phrases.NON_TOUR_TITLES[kind].format_map(fields))
    fields["visit_kind"] = "a state visit" if role.title == "president" else "an official visit"
    body = one(rng, phrases.NON_TOUR_BODIES[kind])
    sentences = [capital(s.format_map(fields)) for s in body]
    sentences[0] = f"BEIJING, {ap_date(day)} (Xinhua) -- " + sentences[0]
    text = f" date {published.isoformat()} {title}\n\n" + "\n\n".join(sentences) + "\n"
    gold = {
        "file": None,
        "url": None,
        "tour": f"N{number:06d}",
        "is_tour": False,
        "published": published.isoformat(),
        "start_date": None,
        "end_date": None,
        "officials": [],
        "accompanying": [],
        "provinces": [],
        "cities": [],
        "enterprises": [],
        "sites": [],
        "themes": [],
        "notes": f"synthetic: not a tour ({kind})",
    }
    return text, gold
