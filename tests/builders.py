"""Tours made directly with the models, for tests of pages that only need some tours.

`make_visit(**overrides)` stores one tour (a Visit with its officials, places, companies and
themes, one or more source articles and the evidence of each fact) from the shipped gazetteer
records, without extraction: what pages show of it does not move when extraction improves.
Tests of extraction and of the importer read articles instead (tests/articles.py).

    make_visit(official="Xi Jinping", provinces=["Hunan"], cities=["Changsha"],
               start="2024-03-18", end="2024-03-21", enterprises=["Sany Heavy Industry"])
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from contextlib import contextmanager

from django.db import transaction
from django.utils.text import slugify

from archive.ingest.extraction.enterprises import enterprise_key
from archive.ingest.importer import content_hash
from archive.ingest.matching import tour_title
from archive.models import (
    Article,
    City,
    Doubt,
    Enterprise,
    Evidence,
    Official,
    Province,
    Theme,
    Visit,
)
from archive.search import index_visit

_numbers = itertools.count(1)


def _day(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _names(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def enterprise(name: str, **fields) -> Enterprise:
    """The company of this name, made as an import makes a company it meets first."""
    key = enterprise_key(name)
    found = Enterprise.objects.filter(key=key).first()
    if found:
        return found
    return Enterprise.objects.create(name=name, key=key, slug=slugify(name)[:180], **fields)


def make_visit(
    *,
    official: str | Sequence[str] = "Li Qiang",
    accompanying: Sequence[str] = (),
    provinces: Sequence[str] = ("Hubei",),
    cities: Sequence[str] = (),
    enterprises: Sequence[str] = (),
    themes: Sequence[str] = (),
    start: dt.date | str | None = "2024-01-02",
    end: dt.date | str | None = None,
    title: str | None = None,
    summary: str | None = None,
    review_status: str = Visit.Review.UNREVIEWED,
    curated: Sequence[str] = (),
    doubts: Sequence[str | tuple[str, str]] = (),
    sources: int = 1,
    outlet: str = "Xinhua",
    evidence: bool = True,
    says: str = "",
) -> Visit:
    """One tour with `sources` articles reporting it.

    Names are those of the gazetteer records (officials, provinces, cities), theme slugs and
    company names (a company is made the first time it is named). `end` defaults to `start`
    (a one-day tour); `start=None` makes an undated tour. Each article says, in sentences of
    its own, who went where and what they saw, and with `evidence` each fact points at the
    sentence that says it, as the importer's evidence does; `says` adds a sentence of the
    test's own to each article (a phrase for a search to find).
    """
    start, end = _day(start), _day(end)
    end = end or start
    leaders = [Official.objects.get(name=name) for name in _names(official)]
    companions = [Official.objects.get(name=name) for name in accompanying]
    regions = [Province.objects.get(name=name) for name in provinces]
    places = [City.objects.get(name=name, province__in=regions) for name in cities]
    companies = [enterprise(name) for name in enterprises]
    topics = [Theme.objects.get(slug=slug) for slug in themes]
    leader_names = ", ".join(o.name for o in leaders)
    where = ", ".join(p.name for p in regions) or "China"
    visit = Visit.objects.create(
        title=title
        or tour_title(sorted(o.name for o in leaders), [p.name for p in regions], start),
        start_date=start,
        end_date=end,
        summary=f"{leader_names} made an inspection tour of {where}."
        if summary is None
        else summary,
        review_status=review_status,
        curated_fields=sorted(curated),
    )
    Doubt.objects.bulk_create(
        Doubt.of(*((d,) if isinstance(d, str) else d), visit=visit) for d in doubts
    )
    relations = {
        "officials": leaders,
        "accompanying": companions,
        "provinces": regions,
        "cities": places,
        "enterprises": companies,
        "themes": topics,
    }
    for name, records in relations.items():
        getattr(visit, name).set(records)
    for _ in range(sources):
        _report(visit, relations, outlet, evidence, says)
    index_visit(visit)
    return visit


def _report(
    visit: Visit, relations: dict[str, list], outlet: str, evidence: bool, says: str
) -> Article:
    """An article saying what the tour is, one sentence per kind of fact."""
    number = next(_numbers)
    leaders = " and ".join(o.name for o in relations["officials"]) or "A leader"
    start, end = visit.start_date, visit.end_date
    when = f" from {start:%B %d} to {end:%B %d, %Y}" if start else ""
    where = " and ".join(p.name for p in relations["provinces"]) or "China"
    sentences = {"officials": f"{leaders} made an inspection tour in {where}{when}."}
    sentences["provinces"] = sentences["officials"]
    if relations["accompanying"]:
        names = " and ".join(o.name for o in relations["accompanying"])
        sentences["accompanying"] = f"{names} accompanied the tour."
    if relations["cities"]:
        names = " and ".join(c.name for c in relations["cities"])
        sentences["cities"] = f"The tour took {leaders} to {names}."
    if relations["enterprises"]:
        names = " and ".join(e.name for e in relations["enterprises"])
        sentences["enterprises"] = f"{leaders} visited {names}."
    if relations["themes"]:
        names = " and ".join(t.name.lower() for t in relations["themes"])
        sentences["themes"] = f"The tour was about {names}."
    text = " ".join(
        [*dict.fromkeys(sentences.values()), *([says] if says else []), f"(Report {number})"]
    )
    article = Article.objects.create(
        file_name=f"built-{number:04d}.txt",
        outlet=outlet,
        title=f"{leaders} inspects {where}",
        published=end + dt.timedelta(days=1) if end else None,
        raw_text=text,
        clean_text=text,
        content_hash=content_hash(text),
        is_tour=True,
        facts={
            "start_date": start and start.isoformat(),
            "end_date": end and end.isoformat(),
            "resolved": {
                **{name: [r.pk for r in records] for name, records in relations.items()},
                "first_seen_enterprises": [],
            },
        },
        visit=visit,
    )
    if evidence:
        found = [
            (name, record.slug if name == "themes" else record.name)
            for name, records in relations.items()
            for record in records
        ]
        if start:
            found.append(("dates", f"{start} – {end}"))
        Evidence.objects.bulk_create(
            Evidence(
                article=article,
                field=name,
                value=value,
                sentence=sentences.get(name, sentences["officials"]),
                start=text.index(sentences.get(name, sentences["officials"])),
            )
            for name, value in found
        )
    return article


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Records made once for a module's tests (in a module-scoped fixture), rolled back after
    them. Each test still runs in its own transaction inside this one, so what a test changes
    is undone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


# Some tours for the pages to show: 25 by 16 leaders in 18 provinces, 2015 to 2024, ten of them
# in 2024, eight about advanced manufacturing; two undated. Tests count on these facts:
# - Li Qiang: 5 tours (Hubei, Zhejiang twice, Hunan with Wu Zhenglong, Beijing undated), 4 of
#   them about advanced manufacturing; only his Hubei tour saw Yangtze Memory Technologies Co
#   and went to Wuhan, and only its sources say "memory chips".
# - Hubei: Li Qiang and Liu Guozhong, both in 2024. Zhejiang: Li Qiang twice, Zhao Leji once.
# - Xi Jinping: 5 tours, dated in Oct 2018, Apr 2022, Jul 2022 and Mar 2024 (the only tour
#   that month), one undated. On 1 to 2 June 2024 only Li Xi (Sichuan) and Zhao Leji (Hebei).
# - Wang Yang: one tour (Tibet). Nobody toured with Hu Jintao.
SAMPLE_TOURS = [
    {
        "official": "Li Qiang",
        "provinces": ["Hubei"],
        "cities": ["Yichang", "Wuhan", "Ezhou"],
        "start": "2024-01-02",
        "end": "2024-01-03",
        "sources": 3,
        "enterprises": ["Yangtze Memory Technologies Co", "HGTECH"],
        "themes": ["sci-tech-innovation", "semiconductors", "advanced-manufacturing"],
        "says": "Li learned how memory chips are made and tested.",
    },
    {
        "official": "Li Qiang",
        "provinces": ["Zhejiang"],
        "cities": ["Hangzhou"],
        "start": "2023-10-07",
        "end": "2023-10-09",
        "enterprises": ["Hikvision Digital Technology"],
        "themes": ["advanced-manufacturing", "digital-economy"],
    },
    {
        "official": "Li Qiang",
        "provinces": ["Zhejiang"],
        "cities": ["Ningbo"],
        "start": "2024-05-20",
        "end": "2024-05-21",
        "enterprises": ["Ningbo Zhoushan Port Group"],
        "themes": ["opening-up-trade", "advanced-manufacturing"],
    },
    {
        "official": "Li Qiang",
        "accompanying": ["Wu Zhenglong"],
        "provinces": ["Hunan"],
        "cities": ["Zhuzhou", "Changsha"],
        "start": "2023-03-21",
        "end": "2023-03-22",
        "enterprises": ["Zhuzhou Cemented Carbide Group", "Changsha BYD Automobile"],
        "themes": ["advanced-manufacturing", "automotive-mobility"],
    },
    {
        "official": "Li Qiang",
        "provinces": ["Beijing"],
        "start": None,
        "enterprises": ["Baidu"],
        "themes": ["artificial-intelligence"],
    },
    {
        "official": "Liu Guozhong",
        "provinces": ["Chongqing", "Hubei"],
        "start": "2024-10-14",
        "end": "2024-10-17",
        "themes": ["agriculture-rural", "infrastructure-transport"],
    },
    {
        "official": "Zhao Leji",
        "provinces": ["Zhejiang"],
        "cities": ["Jiaxing"],
        "start": "2024-04-08",
        "end": "2024-04-10",
        "themes": ["reform-governance"],
    },
    {
        "official": "Zhao Leji",
        "provinces": ["Hebei"],
        "start": "2024-06-02",
        "end": "2024-06-04",
        "themes": ["reform-governance"],
    },
    {
        "official": "Li Xi",
        "provinces": ["Sichuan"],
        "start": "2024-05-29",
        "end": "2024-06-01",
        "themes": ["reform-governance"],
    },
    {
        "official": "Xi Jinping",
        "provinces": ["Guangdong"],
        "cities": ["Qingyuan"],
        "start": "2018-10-22",
        "end": "2018-10-25",
        "themes": ["poverty-alleviation", "advanced-manufacturing"],
    },
    {
        "official": "Xi Jinping",
        "provinces": ["Hainan"],
        "cities": ["Sanya", "Wuzhishan", "Danzhou"],
        "start": "2022-04-10",
        "end": "2022-04-13",
        "themes": ["opening-up-trade", "agriculture-rural"],
    },
    {
        "official": "Xi Jinping",
        "provinces": ["Xinjiang"],
        "cities": ["Urumqi", "Turpan"],
        "start": "2022-07-12",
        "end": "2022-07-15",
        "themes": ["regional-development"],
    },
    {
        "official": "Xi Jinping",
        "provinces": ["Hunan"],
        "cities": ["Changsha", "Changde"],
        "start": "2024-03-18",
        "end": "2024-03-21",
        "themes": ["sci-tech-innovation", "agriculture-rural"],
    },
    {
        "official": "Xi Jinping",
        "provinces": ["Shaanxi"],
        "start": None,
        "themes": ["green-development"],
    },
    {
        "official": "Wang Yang",
        "provinces": ["Tibet"],
        "start": "2020-08-18",
        "end": "2020-08-20",
        "themes": ["livelihood-employment"],
    },
    {
        "official": "Ding Xuexiang",
        "provinces": ["Guangdong"],
        "cities": ["Shenzhen"],
        "start": "2024-07-08",
        "end": "2024-07-09",
        "enterprises": ["BYD"],
        "themes": ["advanced-manufacturing", "automotive-mobility"],
    },
    {
        "official": "He Lifeng",
        "provinces": ["Shanghai"],
        "start": "2024-09-10",
        "end": "2024-09-11",
        "enterprises": ["SAIC Motor"],
        "themes": ["advanced-manufacturing", "opening-up-trade"],
    },
    {
        "official": "Zhang Guoqing",
        "provinces": ["Chongqing"],
        "start": "2024-09-02",
        "end": "2024-09-03",
        "themes": ["advanced-manufacturing"],
    },
    {
        "official": "Li Keqiang",
        "provinces": ["Chongqing"],
        "start": "2016-01-04",
        "end": "2016-01-06",
        "themes": ["reform-governance"],
    },
    {
        "official": "Hu Chunhua",
        "provinces": ["Guangxi"],
        "start": "2019-05-13",
        "end": "2019-05-15",
        "themes": ["poverty-alleviation"],
    },
    {
        "official": "Han Zheng",
        "provinces": ["Shanghai"],
        "start": "2021-11-02",
        "end": "2021-11-03",
        "themes": ["green-development"],
    },
    {
        "official": "Wang Huning",
        "provinces": ["Xinjiang"],
        "cities": ["Kashgar"],
        "start": "2023-08-07",
        "end": "2023-08-09",
        "themes": ["regional-development"],
    },
    {
        "official": "Sun Chunlan",
        "provinces": ["Jilin"],
        "start": "2022-05-16",
        "end": "2022-05-18",
        "themes": ["livelihood-employment"],
    },
    {
        "official": "Cai Qi",
        "provinces": ["Fujian"],
        "start": "2023-12-04",
        "end": "2023-12-06",
        "themes": ["consumption-services"],
    },
    {
        "official": "Ding Xuexiang",
        "provinces": ["Heilongjiang"],
        "start": "2015-09-14",
        "end": "2015-09-16",
        "themes": ["agriculture-rural"],
    },
]


def make_sample_tours(tours: Sequence[dict] = SAMPLE_TOURS) -> list[Visit]:
    """SAMPLE_TOURS (or some of them), made with make_visit."""
    return [make_visit(**tour) for tour in tours]


def doubts_of(visit: Visit) -> set[tuple[str, str]]:
    """A tour's doubts as stored: (code, detail) pairs."""
    return set(Doubt.objects.filter(visit_id=visit.pk).values_list("code", "detail"))
