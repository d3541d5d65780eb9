"""What each note's extraction gave, kept between runs so an unchanged note is not read again.

Analysts rebuild after every review decision and rapporteurs fix one note of thirty; each run
used to import spaCy, build both pipelines and extract every note again (two seconds for the
sample, minutes for an archive). An entry holds one note's proposals as extracted, before
grouping, and their grouping keys; it is found by a key that hashes the note's text with
everything else extraction depends on (:func:`fingerprint`): the toolkit's code, data and
shipped models, the installed packages and their versions, Python's version, the forum
profile, the workspace's own proposal model and the pipelines' settings. A change to any of
them changes every key, so an entry is never used for what it was not made from; at worst a
change makes the next run extract again.

Entries are files under ``extract/`` of :func:`~toolkit.usercache.cache_folder`, written
atomically. An unreadable entry is a miss (and is written again); entries unused for
:data:`KEEP_DAYS` days are deleted after a run that wrote new ones. Deleting the folder is
always safe. ``--no-cache`` (``toolkit extract``, ``build``, ``eval``) extracts everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..textio import read_text
from ..usercache import cache_folder, files_signature, installed_distributions, keep

if TYPE_CHECKING:
    from ..notes import Note
    from . import Found, Pipelines

#: Entries not used for this many days are deleted (after a run that wrote entries).
KEEP_DAYS = 30
#: Bumped when what an entry holds changes shape.
FORMAT = "1"
#: The toolkit's package: its code, data and shipped models are part of the fingerprint.
PACKAGE = Path(__file__).resolve().parent.parent
#: pymorphy3's variable naming another Russian dictionary (``DICT_PATH_ENV_VARIABLE``),
#: read without importing pymorphy3.
MORPHOLOGY_VARIABLE = "PYMORPHY2_DICT_PATH"

Keys = dict[str, frozenset[str]]


def default_folder() -> Path:
    """Where entries are kept: ``extract/`` of the user's cache folder."""
    return cache_folder() / "extract"


class ExtractionCache:
    """One run's view of the cache: entries are looked up and written under one fingerprint."""

    def __init__(self, fingerprint: str, folder: Path | None = None) -> None:
        self.fingerprint = fingerprint
        self.folder = folder or default_folder()
        self.hits = 0
        self.written = 0

    @classmethod
    def for_pipelines(cls, pipelines: Pipelines, folder: Path | None = None) -> ExtractionCache:
        """The cache for what ``pipelines`` would extract."""
        return cls(fingerprint(pipelines), folder)

    def path(self, note: Note) -> Path:
        """The entry of ``note``."""
        return self._path(note.text)

    def _path(self, text: str) -> Path:
        digest = hashlib.sha256(f"{self.fingerprint}\0{text}".encode()).hexdigest()
        return self.folder / f"{digest}.pickle"

    def get(self, note: Note) -> tuple[Found, Keys] | None:
        """The note's proposals and grouping keys from an earlier run, if kept."""
        path = self.path(note)
        try:
            with path.open("rb") as handle:
                found, keys = pickle.load(handle)
        except Exception:  # missing, unreadable or damaged: extract it again
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used: kept another KEEP_DAYS
        self.hits += 1
        return found, keys

    def put(self, note: Note, found: Found, keys: Keys) -> None:
        """Keep a note's extraction; a cache that cannot be written only costs time."""
        if keep(self.path(note), pickle.dumps((found, keys), protocol=pickle.HIGHEST_PROTOCOL)):
            self.written += 1

    def holds(self, paths: Iterable[Path]) -> bool:
        """Whether every note file of ``paths`` has an entry (read as :func:`read_note` reads
        it): a build that will extract nothing need not import spaCy ahead."""
        return not self.unheld(paths)

    def unheld(self, paths: Iterable[Path]) -> int:
        """How many note files of ``paths`` have no entry (an unreadable file counts: the
        notes' reading reports it): what a run will extract, known before spaCy is needed."""
        count = 0
        for path in paths:
            try:
                count += not self._path(read_text(path)[0]).exists()
            except Exception:
                count += 1
        return count

    def missing(
        self, notes: Iterable[Note], cached: Callable[[Note, Found, Keys], None]
    ) -> Iterator[Note]:
        """The notes the cache does not hold; each one it holds goes to ``cached`` instead."""
        for note in notes:
            entry = self.get(note)
            if entry is None:
                yield note
            else:
                cached(note, *entry)

    def prune(self, now: float | None = None) -> None:
        """Delete entries unused for :data:`KEEP_DAYS` days (after a run that wrote some)."""
        if not self.written:
            return
        limit = (now or time.time()) - KEEP_DAYS * 86400
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.name.endswith(".pickle") and entry.stat().st_mtime < limit:
                        os.unlink(entry.path)


def fingerprint(pipelines: Pipelines) -> str:
    """A hash of everything besides the note's text that a note's extraction depends on."""
    profile, classifier, values = pipelines.profile, pipelines.classifier, pipelines.values
    routes = pipelines.routes
    parts: list[Any] = [
        FORMAT,
        sys.version,
        os.environ.get(MORPHOLOGY_VARIABLE, ""),
        files_signature(PACKAGE),
        installed_distributions(),
        # what the profile holds is plain data: its repr is its content, the same every run
        (profile.forum, profile.values, profile.documents, profile.regions, profile.tracks),
        profile.formats,
        sorted(pipelines.model.items()),
        pipelines.forum_year,
        files_signature(classifier) if isinstance(classifier, Path) else classifier,
        files_signature(values) if isinstance(values, Path) else values,
        files_signature(routes) if isinstance(routes, Path) else routes,
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()
