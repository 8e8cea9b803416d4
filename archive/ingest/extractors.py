"""Extraction in worker processes, a batch ahead of the importer, with the facts it would find.

Extraction is pure, but a document's facts may depend on the documents before it: a company
the importer meets first joins the gazetteer (`Importer._resolve`), and a later report
naming it is read knowing it. Workers (forked with the importer's gazetteer, then sent each
company it learns, in order) extract the next batch while the importer stores this one; a
document's facts are taken only if no company the importer learnt after handing it over
could be named in its text (`Learnt.may_be_named`), and extracted again by the importer
otherwise, so that every document gets the facts one process would have found.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from archive.ingest.extraction import ArticleFacts, Gazetteer, extract
from archive.ingest.extraction.chinese import simplified
from archive.ingest.extraction.chinese.names import company_core
from archive.ingest.extraction.enterprises import fold
from archive.ingest.extraction.gazetteer import EnterpriseEntry
from archive.ingest.extraction.text import CJK_CHAR
from archive.ingest.gazetteers import company_entry, name_key
from archive.ingest.readers import SourceDoc

# ("facts", facts, facts.to_json()) or ("error", "Type: message", None)
Outcome = tuple[str, ArticleFacts | str, dict | None]


def extract_one(doc: SourceDoc, gazetteer: Gazetteer) -> Outcome:
    """A document's facts (and as an article keeps them: in a worker, this costs the
    importer nothing either), or why extraction failed (as the importer reports it)."""
    try:
        facts = extract(doc.text, gazetteer, published=doc.published, title=doc.title)
    except Exception as exc:  # one unreadable document must not stop the batch
        return "error", f"{type(exc).__name__}: {exc}", None
    return "facts", facts, facts.to_json()


def _work(conn: Connection, gazetteer: Gazetteer, importers_ends: list[Connection]) -> None:
    """A worker: applies what the importer learnt and extracts what it is sent, in order.

    It ends when the importer's end of its pipe closes, however the importer ended (killed
    too): the copies of the importer's ends that forking gave it are closed first.
    """
    for end in importers_ends:
        end.close()
    try:
        while (message := conn.recv()) is not None:
            kind, payload = message
            if kind == "gazetteer":
                gazetteer = pickle.loads(payload)
            elif kind == "learnt":
                for entry in payload:
                    gazetteer.add_enterprise(entry)
            else:
                conn.send(_extract_share(*payload, gazetteer))
    except (EOFError, OSError, KeyboardInterrupt):  # the importer is gone or stopping
        pass


def _extract_share(
    docs: Sequence[SourceDoc], with_words: bool, gazetteer: Gazetteer
) -> tuple[list[tuple[Outcome, int, _Words | None]], list[EnterpriseEntry]]:
    """A worker's share, in order, learning the companies the importer will learn from it.

    A company a report names first joins the importer's gazetteer when the importer resolves
    the report (`RecordCache.enterprise`), and the reports after it are read knowing it. The
    worker does the same within its share, so that those reports need not be extracted
    again: each outcome comes with how many of the companies it learnt were known for it.
    The importer checks them against those it learnt itself (`Extractors.outcome`). They
    are forgotten at the end of the share: the importer sends those it learnt.

    `with_words`: each outcome comes with the texts a company's name is looked for in, for
    that check (a share after the first: companies met in the shares before it are checked).
    """
    # Built now, from what the importer sent: forgetting undoes only what was added since.
    gazetteer.enterprise_index, gazetteer.enterprise_by_key  # noqa: B018
    known = len(gazetteer.enterprises)
    outcomes = []
    for doc in docs:
        outcome = extract_one(doc, gazetteer)
        words = _Words.of(doc, outcome) if with_words else None
        outcomes.append((outcome, len(gazetteer.enterprises) - known, words))
        kind, facts, _ = outcome
        if kind == "facts" and facts.is_tour:
            _learn(facts, gazetteer)
    learnt = gazetteer.enterprises[known:]
    gazetteer.forget_enterprises_after(known)
    return outcomes, learnt


def _learn(facts: ArticleFacts, gazetteer: Gazetteer) -> None:
    """The companies the importer will make for a report's names, as it makes them (a company
    it already has, under its key or another of its names, is not made again)."""
    for fact in facts.enterprises:
        key = fact.key or name_key(fact.value)
        if key in gazetteer.enterprise_by_key:
            continue
        name_zh = simplified(fact.value)[:100] if CJK_CHAR.search(fact.value) else ""
        gazetteer.add_enterprise(company_entry(key, fact.value, name_zh))


@dataclass
class _Ahead:
    """A document handed to a worker, and what the worker's gazetteer knew then."""

    doc: SourceDoc
    companies: list[EnterpriseEntry]  # the importer's list of the gazetteer's companies
    known: int  # how many of them
    outcome: Outcome | None = None
    learnt: list[EnterpriseEntry] = field(default_factory=list)  # by the worker, before it
    words: _Words | None = None


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: Connection
    companies: list[EnterpriseEntry]  # what its gazetteer knows, as for _Ahead
    known: int
    sent: list[_Ahead] = field(default_factory=list)  # extracting, its outcome not read yet


class Extractors:
    """Worker processes extracting the next batch while the importer stores this one.

    The importer and the workers take turns on the pipes (no deadlock, whatever their
    buffers): the importer reads every outcome it handed out before it hands out more, one
    message per worker, and a worker writes only after reading.
    """

    def __init__(self, gazetteer: Gazetteer, processes: int) -> None:
        context = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []
        self.ahead: dict[int, _Ahead] = {}  # by id() of the document (which it keeps alive)
        self.taken = 0  # documents whose workers' facts were used
        self.again = 0  # documents extracted again: a company learnt since could be in them
        self.broken = False
        self._probes: dict[int, tuple[EnterpriseEntry, list[_Probe]]] = {}
        companies = gazetteer.enterprises
        for _ in range(processes):
            mine, theirs = context.Pipe()
            ends = [*(w.conn for w in self.workers), mine]
            process = context.Process(target=_work, args=(theirs, gazetteer, ends), daemon=True)
            process.start()
            theirs.close()
            self.workers.append(_Worker(process, mine, companies, len(companies)))

    def submit(self, docs: Sequence[SourceDoc], gazetteer: Gazetteer) -> None:
        """Hand these documents to the workers, with what the gazetteer learnt meanwhile.
        What was handed out before is read first."""
        self._read_all()
        if self.broken or not docs:
            return
        try:
            # Each worker a run of the batch (not every other document): reports of one tour
            # sit close together, and a worker knows the companies of its own run's reports.
            size = -(-len(docs) // len(self.workers))
            for n, worker in enumerate(self.workers):
                share = list(docs[n * size : (n + 1) * size])
                if not share:
                    continue
                self._update(worker, gazetteer)
                worker.conn.send(("extract", (share, n > 0)))
                worker.sent = [_Ahead(doc, worker.companies, worker.known) for doc in share]
                self.ahead.update((id(a.doc), a) for a in worker.sent)
        except (OSError, pickle.PicklingError):
            self.broken = True

    def _update(self, worker: _Worker, gazetteer: Gazetteer) -> None:
        companies = gazetteer.enterprises
        if companies is not worker.companies:  # replaced (read afresh after an editor's change)
            worker.conn.send(("gazetteer", pickle.dumps(gazetteer)))
        elif len(companies) > worker.known:
            worker.conn.send(("learnt", companies[worker.known :]))
        worker.companies, worker.known = companies, len(companies)

    def _read_all(self) -> None:
        for worker in self.workers:
            if not worker.sent:
                continue
            try:
                outcomes, learnt = ([], []) if self.broken else worker.conn.recv()
            except (EOFError, OSError):
                self.broken = True
                outcomes, learnt = [], []
            for ahead, (outcome, known, words) in zip(worker.sent, outcomes, strict=False):
                ahead.outcome, ahead.learnt, ahead.words = outcome, learnt[:known], words
            worker.sent = []

    def outcome(self, doc: SourceDoc, gazetteer: Gazetteer) -> Outcome | None:
        """A worker's outcome for the document if it is what the importer would find now, else
        None (then the importer extracts it itself)."""
        ahead = self.ahead.pop(id(doc), None)
        if ahead is None:
            return None
        self._read_all()
        if ahead.outcome is None:
            return None
        kind, value, _ = ahead.outcome
        if value.language == "zh" if kind == "facts" else CJK_CHAR.search(doc.text):
            # Read by the Chinese pipeline, whose pattern of known companies is made once, from
            # those known at its first use: a worker's would not be the importer's.
            self.again += 1
            return None
        companies = gazetteer.enterprises
        if companies is not ahead.companies or any(
            self._may_be_named(entry, ahead) for entry in _unknown(companies[ahead.known :], ahead)
        ):
            self.again += 1
            return None
        self.taken += 1
        return ahead.outcome

    def _may_be_named(self, entry: EnterpriseEntry, ahead: _Ahead) -> bool:
        found = self._probes.get(id(entry))
        if found is None or found[0] is not entry:
            found = self._probes[id(entry)] = (entry, _probes(entry))
        if ahead.words is None:
            ahead.words = _Words.of(ahead.doc, ahead.outcome)
        return any(probe.found_in(ahead.words) for probe in found[1])

    def forget(self, docs: Sequence) -> None:
        """Drop what the workers found for these documents (a batch done with)."""
        for doc in docs:
            self.ahead.pop(id(doc), None)

    def close(self) -> None:
        self._read_all()
        self.ahead.clear()
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
            worker.conn.close()


def _unknown(learnt: list[EnterpriseEntry], ahead: _Ahead) -> Iterator[EnterpriseEntry]:
    """The companies that may have read a document otherwise in the importer's gazetteer
    than in the worker's: of those the importer learnt after handing it over, those the
    worker did not learn before extracting it (made from reports of the other shares) and
    those it learnt in another order; and those the worker made otherwise (a company the
    importer had met in another share by another name).

    The rest are the same companies learnt in the same order: with none of these named in
    the text (a company not named in it changes nothing of what extraction finds there,
    wherever it stands in the gazetteer), the worker's gazetteer read it as the importer's.
    """
    mine = set(learnt)
    theirs = iter([entry for entry in ahead.learnt if entry in mine])
    wanted = next(theirs, None)
    for entry in learnt:
        if wanted is not None and entry == wanted:
            wanted = next(theirs, None)
        else:
            yield entry
    if wanted is not None:
        yield wanted
        yield from theirs
    yield from (entry for entry in ahead.learnt if entry not in mine)


@dataclass(frozen=True)
class _Words:
    """The texts extraction read for a document, as a company's name is compared in them."""

    folded: str  # fold()ed, as enterprise keys are made ("S.F." also as "SF")
    chinese: str  # simplified and without spaces, as Chinese names are compared; "" if ASCII

    @classmethod
    def of(cls, doc: SourceDoc, outcome: Outcome) -> _Words:
        kind, value, _ = outcome
        texts = [doc.text, doc.title or ""]
        if kind == "facts":
            # (Not its sentences: each is a slice of the clean text.)
            texts += [value.title, value.text]
        text = "\n".join(texts)
        folded = fold(text)
        if "S.F." in text:
            folded += "\n" + fold(text.replace("S.F.", "SF"))
        chinese = "" if text.isascii() else re.sub(r"\s+", "", simplified(text))
        return cls(folded, chinese)


@dataclass(frozen=True)
class _Probe:
    """What a text must hold for extraction to name a company by one of its names or keys.

    Extraction looks a company up by a name it found in the text, or by that name's key
    (`enterprise_key`: its fold()ed words less legal suffixes), so every word of the key or
    name is in the fold()ed text; a Chinese name by its core (`company_core`), which begins
    with the name's first two characters. Holding them is necessary, not sufficient: a
    probe found may be a false alarm (the document is extracted again), never a miss.
    """

    words: tuple[str, ...] = ()  # none: always found
    chinese: str = ""

    def found_in(self, text: _Words) -> bool:
        if self.chinese:
            return self.chinese in text.chinese
        return all(word in text.folded for word in self.words)


def _probes(entry: EnterpriseEntry) -> list[_Probe]:
    probes = []
    for name in {entry.key, *entry.keys, *entry.names, *entry.names_zh}:
        probes.append(_Probe(tuple(fold(name).split())))
        if CJK_CHAR.search(name):
            core = company_core(name)
            probes.append(_Probe(chinese=core[:2]) if len(core) >= 2 else _Probe())
    return probes
