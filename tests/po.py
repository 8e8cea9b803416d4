"""Reading a gettext .po catalogue, for the tests that hold the translations to account.

Just what makemessages writes: entries separated by blank lines, `#` comments and flags,
msgctxt, msgid, msgid_plural and msgstr / msgstr[n], each string possibly continued over
several quoted lines. No third-party parser needed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    context: str | None
    msgid: str
    plural: str | None
    translations: list[str]
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The entry's key in a compiled catalogue: context and msgid joined by EOT."""
        return f"{self.context}\x04{self.msgid}" if self.context is not None else self.msgid

    @property
    def translated(self) -> bool:
        return "fuzzy" not in self.flags and all(self.translations)


def entries(path: Path) -> list[Entry]:
    """Every entry but the header (the empty msgid), in file order."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += ast.literal_eval(line)
            else:
                current, _, value = line.partition(" ")
                fields[current] = ast.literal_eval(value)
        if not fields.get("msgid"):
            continue
        if "msgid_plural" in fields:
            translations = [fields[k] for k in sorted(fields) if k.startswith("msgstr[")]
        else:
            translations = [fields.get("msgstr", "")]
        found.append(
            Entry(
                fields.get("msgctxt"),
                fields["msgid"],
                fields.get("msgid_plural"),
                translations,
                flags,
            )
        )
    return found
