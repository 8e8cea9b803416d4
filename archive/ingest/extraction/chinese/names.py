"""The gazetteer's Chinese names, simplified, with the patterns that find them in a text."""

from __future__ import annotations

import re
from functools import cached_property

from ..gazetteer import EnterpriseEntry, Gazetteer, PersonEntry, PlaceEntry, alternation
from .script import CJK, simplified

# A company's Chinese name without its legal or generic ending: what its spellings share
# ("海尔集团", "海尔集团公司" and "海尔" are one company; "太原重工軌道" and "太原重工轨道" too).
COMPANY_ENDING = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团股份公司|集团公司|集团|公司|控股)$"
)
# Other ways a prefecture is written: "临夏州" for 临夏回族自治州, "锡林郭勒盟".
PREFECTURE_SHORT_FORMS = {"autonomous_prefecture": "州", "league": "盟", "prefecture": "地区"}


def company_core(name: str, is_simplified: bool = False) -> str:
    """The simplified name without its endings ("海尔集团有限公司" -> "海尔")."""
    core = re.sub(r"\s+", "", name) if " " in name or "\t" in name else name
    if not is_simplified:
        core = simplified(core)
    while True:
        shorter = COMPANY_ENDING.sub("", core)
        if shorter == core or len(shorter) < 2:
            return core
        core = shorter


def company_key(name: str) -> str:
    """An enterprise record's key for a company named in Chinese."""
    return company_core(name)


class ChineseNames:
    """Indexes of one gazetteer's Chinese names, built once per gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    @cached_property
    def people(self) -> dict[str, PersonEntry]:
        index: dict[str, PersonEntry] = {}
        for person in self.gazetteer.people:
            for name in person.names_zh:
                index.setdefault(simplified(name), person)
        return index

    def names_of(self, name: str) -> list[str]:
        """A known official's Chinese names, simplified."""
        return self._names_by_official.get(name, [])

    @cached_property
    def _names_by_official(self) -> dict[str, list[str]]:
        by_official: dict[str, list[str]] = {}
        for chinese, person in self.people.items():
            by_official.setdefault(person.name, []).append(chinese)
        return by_official

    @cached_property
    def person_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(self.people) or r"(?!x)x")

    @cached_property
    def places(self) -> dict[str, list[PlaceEntry]]:
        """Every Chinese name of a province or city, full and short, to the places it may mean."""
        index: dict[str, list[PlaceEntry]] = {}
        for place in [*self.gazetteer.provinces, *self.gazetteer.cities]:
            names = {simplified(n) for n in place.names_zh}
            ending = PREFECTURE_SHORT_FORMS.get(place.kind)
            if ending:
                names |= {n + ending for n in names if len(n) >= 2 and not n.endswith(ending)}
            for name in names:
                if len(name) >= 2:
                    index.setdefault(name, []).append(place)
        return index

    @cached_property
    def place_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(self.places) or r"(?!x)x")

    @cached_property
    def full_place_names(self) -> frozenset[str]:
        """Names that say what kind of place they are ("郑州市", "河南省"): never a word."""
        return frozenset(n for n in self.places if n[-1] in "省市州盟区县旗" or n.endswith("地区"))

    @cached_property
    def enterprises(self) -> dict[str, EnterpriseEntry]:
        """Known companies by the simplified core of each of their Chinese names."""
        index: dict[str, EnterpriseEntry] = {}
        for entry in self.gazetteer.enterprises:
            self.add_enterprise(entry, index)
        return index

    def add_enterprise(self, entry: EnterpriseEntry, index: dict | None = None) -> None:
        index = self.enterprises if index is None else index
        for name in (*entry.names_zh, *entry.names):
            if CJK.search(name):
                core = company_core(name)
                if len(core) >= 2:
                    index.setdefault(core, entry)

    def forget_enterprise(self, entry: EnterpriseEntry) -> None:
        """Undo add_enterprise (the pattern, made once at its first use, is left as it is)."""
        if "enterprises" not in self.__dict__:
            return
        for name in (*entry.names_zh, *entry.names):
            if CJK.search(name):
                core = company_core(name)
                if self.enterprises.get(core) is entry:
                    del self.enterprises[core]

    def forget_enterprises(self) -> None:
        """Read the gazetteer's companies afresh when next needed (it replaced them)."""
        for name in ("enterprises", "enterprise_pattern"):
            self.__dict__.pop(name, None)

    @cached_property
    def enterprise_pattern(self) -> re.Pattern[str]:
        """Known companies' Chinese names as written without an ending ("海尔", "华为")."""
        names = [core for core in self.enterprises if len(core) >= 3]
        return re.compile(alternation(names) or r"(?!x)x")
