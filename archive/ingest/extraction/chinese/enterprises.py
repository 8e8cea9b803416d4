"""Companies a Chinese report says the leader visited, as the text writes their names."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..enterprises import EnterpriseFound
from ..gazetteer import Gazetteer
from ..text import Sentence
from .names import ChineseNames, company_core

# The endings that make a name a company's ("...有限公司", "...集团", "...制片厂", "...超市").
# Each occurrence is read back to where the name starts (see _name_before).
ENDING = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团公司|集团|公司"
    r"|(?<=[\u4e00-\u9fff]{2})(?:厂(?![区房长家部])|超市|商场|酒店|银行|店(?![长铺面员家])))"
)
# Where a name starts: after punctuation, or after the words that lead to what was visited.
NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·]+$")
# (Also after verbs a company is the object of, and pronouns: "勉励公司", "你们公司".)
NAME_START = re.compile(
    r".*(?:在|到|来到|走进|考察|调研|参观|视察|走访|察看|前往|深入|了解|造访|探访|看望|和|与|及|以及"
    r"|的|是|了|等|还|又|也|后|先后|随后|分别|一家|这家|该|勉励|鼓励|希望|听取|见证|要求|支持|推动|带动"
    r"|帮助|指导|生产|你们|我们|他们|并)",
    re.DOTALL,
)
# "视察一家生鲜食品加工厂": a kind of company, not a name.
INDEFINITE = re.compile(r"(?:一|两|几|多|某|这|那)(?:家|个|座|所)$")
# Words a company's name does not start with: "两家企业", "该公司", "有关公司", "当地的厂".
GENERIC_START = re.compile(
    r"^(?:这|那|该|本|其|各|全|一|两|多|几|有关|相关|上述|当地|龙头|知名|大型|中小|国有|民营|外资"
    r"|合资|中央|地方|子|分|母|全资|控股|上市|骨干|重点)"
)
# Bodies that are not companies, whatever follows their names.
NOT_A_COMPANY = re.compile(
    r"大学|学院|学校|中学|小学|医院|研究所|研究院|博物馆|委员会|政府|协会|学会"
)
# The sentence before a company's name said the leader visited companies.
VISITED_COMPANIES = re.compile(r"企业|公司|工厂|集团")
# The next sentence goes on about it: "韩正来到公司拟选址地块".
BACK_REFERENCE = re.compile(r"(?:来到|走进|到|考察|调研|参观)(?:该|这家)?(?:公司|企业|集团)")


def visited_enterprises(
    sentences: Sequence[Sentence],
    views: Sequence[Sentence],
    gazetteer: Gazetteer,
    names: ChineseNames,
    is_about_tour: Callable[[int], bool],
) -> list[EnterpriseFound]:
    """Named companies in what the report says of the tour, one per company, each in the
    characters the text printed (its view, simplified, finds and compares them)."""
    # (as printed, simplified, (sentence, offset), known key)
    found: list[tuple[str, str, tuple[int, int], str]] = []
    for index, view in enumerate(views):
        if not _may_name_visited(index, views, is_about_tour):
            continue
        text, printed = view.text, sentences[index].text
        for start, end in _company_spans(text, names):
            known = names.enterprises.get(company_core(text[start:end], True))
            key = known.key if known else ""
            found.append((printed[start:end], text[start:end], (index, start), key))
        for match in names.enterprise_pattern.finditer(text):
            entry = names.enterprises[match.group(0)]
            at = (index, match.start())
            found.append((printed[match.start() : match.end()], match.group(0), at, entry.key))
    return _one_per_company(found)


def _may_name_visited(index: int, views: Sequence[Sentence], is_about_tour) -> bool:
    if is_about_tour(index):
        return True
    if index > 0 and is_about_tour(index - 1) and VISITED_COMPANIES.search(views[index - 1].text):
        return True
    return (
        index + 1 < len(views)
        and is_about_tour(index + 1)
        and bool(BACK_REFERENCE.search(views[index + 1].text))
    )


def _company_spans(text: str, names: ChineseNames) -> list[tuple[int, int]]:
    spans = []
    for match in ENDING.finditer(text):
        start = _name_start(text, match.start())
        if start is None:
            continue
        name = text[start : match.end()]
        core = company_core(name, True)
        if (
            len(core) < 2
            or start > match.start() - 2  # nothing but the ending: "银行", "工厂"
            or INDEFINITE.search(text, max(0, start - 2), start)
            or GENERIC_START.match(core)
            or NOT_A_COMPANY.search(name)
            or core in names.places
            or core in names.people
        ):
            continue
        spans.append((start, match.end()))
    # Of overlapping names the longer stands: "...集团" inside "...集团有限公司".
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            if span[1] > kept[-1][1]:
                kept[-1] = (kept[-1][0], span[1])
            continue
        kept.append(span)
    return kept


def _name_start(text: str, end: int) -> int | None:
    """Where the name ending at `end` starts: after the last boundary word before it."""
    run = NAME_CHARS.search(text, max(0, end - 24), end)
    if not run:
        return None
    start = run.start()
    lead = NAME_START.match(text, start, end)
    if lead:
        start = lead.end()
    return start if end - start >= 2 else None


def _one_per_company(
    found: Sequence[tuple[str, str, tuple[int, int], str]],
) -> list[EnterpriseFound]:
    """The fullest name of each company, in the order first named; a name whose core is
    inside another's is that one."""
    kept: list[list] = []  # [name, (sentence, offset), key, core]
    cores = [company_core(view_name, True) for _, view_name, _, _ in found]
    for (name, _, at, key), core in sorted(
        zip(found, cores, strict=True), key=lambda f: -len(f[1])
    ):
        same = next((k for k in kept if (key and key == k[2]) or core in k[3]), None)
        if same is None:
            kept.append([name, at, key, core])
        else:
            same[1] = min(same[1], at)
    kept.sort(key=lambda k: k[1])
    return [EnterpriseFound(name, at[0], key) for name, at, key, _ in kept]
