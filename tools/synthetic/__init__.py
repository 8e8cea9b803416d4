"""Synthetic news reports of inspection tours, with gold annotations, from the gazetteers.

    for path, text, gold in generate(places, officials, themes, articles=1000, seed=7, until=day):
        ...

`places`, `officials` and `themes` are the parsed fixtures/gazetteer/*.json. Articles come
tour by tour (several reports each, from different outlets), so any number can be written
without holding them; the same arguments give the same articles, byte for byte.
No Django here: the management command `generate_corpus` writes the files.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from .reports import non_tour, tour_reports
from .world import World

REPORTS_PER_TOUR = ([1, 2, 3, 4, 5, 6, 7, 8], [5, 7, 10, 14, 18, 18, 15, 13])  # about 5.1
SHUFFLE_WINDOW = 64  # reports of one tour are spread over neighbouring files, as in a crawl
FILES_PER_FOLDER = 1000


def generate(
    places: dict,
    officials: list,
    themes: list,
    *,
    articles: int,
    seed: int = 1,
    until: dt.date,
    non_tour_share: float = 0.05,
) -> Iterator[tuple[str, str, dict]]:
    """(relative path, text, gold record) for each of `articles` articles."""
    rng = random.Random(seed)
    world = World(places, officials, themes, seed, until)
    window: list[tuple[str, dict]] = []
    index = 0
    for draft in _drafts(world, rng, articles, non_tour_share):
        window.append(draft)
        if len(window) == SHUFFLE_WINDOW:
            yield _placed(index, *_take(window, rng))
            index += 1
    while window:
        yield _placed(index, *_take(window, rng))
        index += 1


def _drafts(world: World, rng: random.Random, articles: int, non_tour_share: float):
    written = non_tours = tours = 0
    while written < articles:
        if non_tours < non_tour_share * (written + 1):
            non_tours += 1
            written += 1
            yield non_tour(world, rng, non_tours)
            continue
        tours += 1
        count = min(rng.choices(*REPORTS_PER_TOUR)[0], articles - written)
        written += count
        yield from tour_reports(world, world.tour(rng, tours), rng, count)


def _take(window: list, rng: random.Random):
    i = rng.randrange(len(window))
    window[i], window[-1] = window[-1], window[i]
    return window.pop()


def _placed(index: int, text: str, gold: dict) -> tuple[str, str, dict]:
    name = f"{index:07d}.txt"
    gold["file"] = name
    return f"{index // FILES_PER_FOLDER:04d}/{name}", text, gold
