"""Extraction: from notes to the proposals register (docs/proposals.md, docs/register.md).

Reads top to bottom: notes are parsed one at a time → each note's proposals come from
:func:`.note.extract_note` (the part that needs spaCy) or, when nothing it depends on has
changed since an earlier run, from the cache (:mod:`.cache`) → near-duplicates across
sessions are grouped and ranked. Only the small :class:`Proposal` records are kept, never
the docs: memory stays flat.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExtractError
from ..group import group_and_rank
from ..notes import Issue, Note, id_line, iter_notes
from ..pool import Apart, Handover, default_jobs, in_order, worker_pool
from ..profile import Profile
from ..register import Proposal, normalise
from .cache import ExtractionCache

if TYPE_CHECKING:
    from spacy.language import Language


def proposal_id(session: str, text: str, occurrence: int = 0) -> str:
    """``P-`` and 10 hex digits from the session id and the normalised text (docs/register.md).

    A sentence repeated word for word in one session gets its occurrence number mixed in,
    so ids stay unique and still stable.
    """
    key = f"{session}\n{normalise(text)}" + (f"\n{occurrence}" if occurrence else "")
    return "P-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@dataclass
class Stats:
    """Counts for the summary table: per (language, track)."""

    sessions: Counter = field(default_factory=Counter)
    sentences: Counter = field(default_factory=Counter)
    proposals: Counter = field(default_factory=Counter)

    def rows(self) -> list[tuple[str, str, int, int, int]]:
        keys = sorted(set(self.sessions) | set(self.sentences))
        return [
            (
                lang,
                track,
                self.sessions[(lang, track)],
                self.sentences[(lang, track)],
                self.proposals[(lang, track)],
            )
            for lang, track in keys
        ]


@dataclass
class ExtractResult:
    """The register, the problems found (errors skip a note, warnings do not) and counts."""

    proposals: list[Proposal]
    issues: list[Issue]
    stats: Stats
    failed: int = 0
    languages: dict[str, str] = field(default_factory=dict)  # session id -> language
    keys: dict[str, frozenset[str]] = field(default_factory=dict)  # proposal id -> grouping keys


def model_languages(names: Iterable[str]) -> dict[str, str]:
    """``{language: model}`` for ``--model`` names, each checked to be installed now.

    A model for a language no note uses would otherwise never load, and a typo would
    pass silently.
    """
    models: dict[str, str] = {}
    names = tuple(names)
    if not names:
        return models
    import spacy.util  # only now: a run that takes every note from the cache needs no spaCy

    for name in names:
        lang = name.split("_", 1)[0]
        if lang not in ("en", "ru"):
            raise ExtractError(
                f"--model {name}: cannot tell its language; give an en_* or ru_* pipeline"
            )
        if not spacy.util.is_package(name) and not Path(name).is_dir():
            raise ExtractError(
                f"--model {name}: spaCy pipeline not installed; install it or drop --model"
            )
        models[lang] = name
    return models


class Pipelines:
    """One pipeline per language, built on first use (English-only notes never load Russian)."""

    def __init__(
        self,
        profile: Profile,
        model: dict[str, str] | None = None,
        forum_year: int | None = None,
        classifier: Path | bool | None = None,
        values: Path | bool | None = None,
        routes: Path | bool | None = None,
    ) -> None:
        """``classifier``: a folder of trained weights per language (``ru/``, ``en/``), ``True``
        for the shipped ones, ``False`` for the rules alone; by default the workspace's
        ``proposal_model`` or else the shipped weights. ``forum_year`` (usually
        :func:`forum_year` of the profile) dates notes that carry no date of their own."""
        self.profile = profile
        self.model = model or {}
        self.forum_year = forum_year
        if classifier is None:
            classifier = profile.proposal_model_dir or True
        self.classifier = classifier
        self.values = values  # the value model's folder (True: shipped; False: none; None: as
        # the classifier, see ``build_pipeline``)
        self.routes = routes  # the route model's folder, taken the same way
        self._built: dict[str, Language] = {}

    def unbuilt(self) -> Pipelines:
        """The same settings with nothing built: what a worker process starts from."""
        return Pipelines(
            self.profile, self.model, self.forum_year, self.classifier, self.values, self.routes
        )

    def __getitem__(self, lang: str) -> Language:
        if lang not in self._built:
            from ..warm import prebuilt

            ready = prebuilt(self, lang)  # a warm worker's, built with these very settings
            if ready is not None:
                self._built[lang] = ready
                return ready
            from ..nlp import build_pipeline

            weights = self.classifier
            if isinstance(weights, Path):
                if not weights.is_dir():
                    raise ExtractError(
                        f"{weights}: the proposal model folder does not exist; run "
                        "'toolkit train --from-review' or fix 'proposal_model' in forum.yaml"
                    )
                # a forum that trained only one language keeps the shipped model for the other
                weights = weights / lang if (weights / lang).is_dir() else True
            self._built[lang] = build_pipeline(
                lang,
                model=self.model.get(lang),
                profile=self.profile,
                forum_year=self.forum_year,
                classifier=weights,
                values=self.values,
                routes=self.routes,
            )
        return self._built[lang]


def extract(paths: Iterable[Path], profile: Profile, **options: Any) -> ExtractResult:
    """Extract the register from note files, each read and processed in turn; ``options``
    (``pipelines``, ``on_note``, ``jobs``, ``cache``) as for :func:`extract_notes`."""
    return extract_notes(iter_notes(paths, profile), profile, **options)


def extract_notes(
    notes: Iterable[Note],
    profile: Profile,
    *,
    pipelines: Pipelines | None = None,
    on_note: Callable[[Path], None] | None = None,
    jobs: int = 1,
    cache: ExtractionCache | None = None,
    ahead: bool = False,
) -> ExtractResult:
    """Extract the register from notes already read (``toolkit build`` checked them first).

    ``jobs`` above 1 extracts sessions in that many worker processes (:mod:`toolkit.pool`);
    grouping runs afterwards on all of them, so the register is the same. A note the
    ``cache`` holds (made by :meth:`ExtractionCache.for_pipelines` of these ``pipelines``) is
    taken from it, the others are extracted and kept in it. With ``ahead``, the extraction
    runs in a child forked now, which imports spaCy while the notes are read here
    (:func:`extract_ahead`).
    """
    pipelines = pipelines or Pipelines(profile, forum_year=forum_year(profile))
    collected = _Collected()
    sessions: Iterable[Note] = (note for note in notes if collected.admit(note, on_note))
    if cache is not None:
        sessions = cache.missing(sessions, collected.add)
    extracting = extract_ahead if ahead else extract_sessions
    for note, found, keys in extracting(sessions, pipelines, jobs):
        if cache is not None:
            cache.put(note, found, keys)
        collected.add(note, found, keys)
    if cache is not None:
        cache.prune()
    return collected.result()


class _Collected:
    """What :func:`extract_notes` gathers, note by note: the register, problems and counts."""

    def __init__(self) -> None:
        self.partial = ExtractResult([], [], Stats())
        self.seen_ids: dict[str, str] = {}
        self.keys: dict[str, frozenset[str]] = {}

    def admit(self, note: Note, on_note: Callable[[Path], None] | None) -> bool:
        """Whether the note is extracted: read without errors, its session id not taken."""
        partial = self.partial
        if on_note:
            on_note(note.path)
        partial.issues.extend(note.issues)
        if not note.ok or note.session is None:
            partial.failed += 1
            return False
        if note.session.id in self.seen_ids:
            partial.issues.append(
                Issue(
                    note.path,
                    id_line(note),
                    f"id '{note.session.id}' is already used by "
                    f"{self.seen_ids[note.session.id]}; this note was skipped, give it another id",
                )
            )
            partial.failed += 1
            return False
        self.seen_ids[note.session.id] = str(note.path)
        partial.languages[note.session.id] = note.language
        partial.stats.sessions[(note.language, note.session.track or "-")] += 1
        return True

    def add(self, note: Note, found: Found, keys: dict[str, frozenset[str]]) -> None:
        """One session's proposals, each with the sentences judged since the last."""
        assert note.session is not None
        key = (note.language, note.session.track or "-")
        stats = self.partial.stats
        for proposal, sentences in found:
            stats.sentences[key] += sentences
            if proposal is not None:
                self.partial.proposals.append(proposal)
                stats.proposals[key] += 1
        self.keys.update(keys)

    def result(self) -> ExtractResult:
        """The register in its order (docs/register.md: session, position), grouped."""
        proposals = self.partial.proposals
        proposals.sort(key=lambda p: (p.session, p.start))
        group_and_rank(proposals, (self.keys[p.id] for p in proposals))
        self.partial.keys = self.keys
        return self.partial


#: One session's :func:`extract_note` output, as a list (it crosses process boundaries).
Found = list[tuple[Proposal | None, int]]

#: Sessions below which extraction does not use a pool over sessions: a worker builds its
#: own pipelines (about half a second of CPU per language), which only pays off over
#: several dozen sessions. Fewer sessions in two languages are extracted one language per
#: process instead (:func:`extract_sessions`): no pipeline is built twice.
POOL_MIN_SESSIONS = 50


def extraction_jobs(requested: int | None, sessions: int) -> int:
    """Worker processes for ``sessions`` notes: ``--jobs`` if given, else the cores for
    large inputs and at most two (one per language) for small ones."""
    if requested:
        return max(1, min(requested, sessions))
    return default_jobs() if sessions >= POOL_MIN_SESSIONS else min(2, default_jobs())


Extracted = tuple[Note, Found, dict[str, frozenset[str]]]


def extract_sessions(
    notes: Iterable[Note], pipelines: Pipelines, jobs: int = 1
) -> Iterator[Extracted]:
    """Each note with its proposals and their grouping keys, in the notes' order.

    With ``jobs`` above 1, fewer than :data:`POOL_MIN_SESSIONS` sessions are extracted a
    language per process (:func:`_languages_apart`), more over a pool of ``jobs`` workers.
    """
    if jobs <= 1:
        yield from _extract_here(notes, pipelines)
        return
    notes = iter(notes)
    first = list(islice(notes, POOL_MIN_SESSIONS))
    if len(first) < POOL_MIN_SESSIONS:
        yield from _languages_apart(first, pipelines)
        return
    prepare_extraction()
    with worker_pool(jobs, _start_worker, (pipelines.unbuilt(),)) as pool:
        for note, (found, keys) in in_order(
            pool, _extract_in_worker, chain(first, notes), jobs * 4
        ):
            yield note, found, keys


def extract_ahead(
    notes: Iterable[Note], pipelines: Pipelines, jobs: int = 1
) -> Iterator[Extracted]:
    """As :func:`extract_sessions`, in a child forked at once: it imports spaCy (the longest
    step of a short run, 0.7–1 s of CPU) while this process reads ``notes`` (parsing them,
    taking what the cache holds), then extracts the notes it is given. A run that edits
    one note of a forum takes the import's time, not the import's and the reading's."""
    given = Handover()
    read: list[Note] = []

    def work(_send: Callable[[object], None]) -> list[tuple[Found, dict[str, frozenset[str]]]]:
        prepare_extraction()
        todo = given.receive() or []
        return [(found, keys) for _, found, keys in extract_sessions(todo, pipelines, jobs)]

    def meanwhile() -> None:
        try:
            read.extend(notes)
            given.give(read)
        finally:
            given.close()  # read or not, the child waits for no more

    with closing(Apart(work, meanwhile, lost="extraction")) as child:
        results = child.result(lambda _: None)
    for note, (found, keys) in zip(read, results, strict=True):
        yield note, found, keys


def prepare_extraction() -> None:
    """What every process extracting needs, done once before workers fork (they inherit it)
    or while other work waits: spaCy and the pipelines' modules imported, spaCy's
    registries filled."""
    from ..nlp import prepare_spacy
    from . import note  # noqa: F401

    prepare_spacy()


def _extract_here(notes: Iterable[Note], pipelines: Pipelines) -> Iterator[Extracted]:
    for note in notes:
        yield note, *_extract_one(note, pipelines)


def _extract_one(note: Note, pipelines: Pipelines) -> tuple[Found, dict[str, frozenset[str]]]:
    """One note's proposals and their grouping keys (spaCy is imported with the first)."""
    from .note import extract_note

    keys: dict[str, frozenset[str]] = {}
    return list(extract_note(note, pipelines[note.language], keys)), keys


def _languages_apart(notes: list[Note], pipelines: Pipelines) -> Iterator[Extracted]:
    """The notes of the language with most sessions extracted here, the others' meanwhile
    in one worker process: each process builds only its languages' pipelines, so a forum
    in two languages takes about the time of its larger language."""
    languages = Counter(note.language for note in notes)
    if len(languages) < 2:
        yield from _extract_here(notes, pipelines)
        return
    main = languages.most_common(1)[0][0]
    others = [note for note in notes if note.language != main]
    prepare_extraction()
    with worker_pool(1, _start_worker, (pipelines.unbuilt(),)) as pool:
        elsewhere = pool.submit(_extract_all_in_worker, others)
        here = {
            id(note): (found, keys)
            for note, found, keys in _extract_here(
                (note for note in notes if note.language == main), pipelines
            )
        }
        there = dict(zip(map(id, others), elsewhere.result(), strict=True))
    for note in notes:
        found, keys = here.get(id(note)) or there[id(note)]
        yield note, found, keys


_worker_pipelines: Pipelines | None = None


def _start_worker(pipelines: Pipelines) -> None:
    global _worker_pipelines
    _worker_pipelines = pipelines


def _extract_in_worker(note: Note) -> tuple[Found, dict[str, frozenset[str]]]:
    assert _worker_pipelines is not None
    return _extract_one(note, _worker_pipelines)


def _extract_all_in_worker(notes: list[Note]) -> list[tuple[Found, dict[str, frozenset[str]]]]:
    return [_extract_in_worker(note) for note in notes]


def forum_year(profile: Profile) -> int | None:
    """The forum's year from the profile (its start date, else a numeric edition), if any.

    Notes without a date of their own judge "in 2019" as past against it; with no year at
    all, no year is taken for the past.
    """
    dates = profile.forum.get("dates") or {}
    start = dates.get("start") if isinstance(dates, dict) else None
    edition = str(profile.forum.get("edition") or "").strip()
    return getattr(start, "year", None) or (int(edition) if edition.isdigit() else None)
