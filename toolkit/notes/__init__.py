"""Session notes: reading, validating, creating and importing them (docs/notes-format.md)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import NotesError
from ..profile import Profile
from .model import Block, Issue, Note, Person, Session
from .parse import read_note

_ID_LINE = re.compile(r"^id[ \t]*:", re.MULTILINE)

__all__ = [
    "Block",
    "Issue",
    "Note",
    "Person",
    "Session",
    "check_notes",
    "duplicate_ids",
    "find_note_files",
    "id_line",
    "iter_notes",
    "read_note",
]


def find_note_files(paths: Iterable[Path]) -> list[Path]:
    """Every ``*.md`` note under the given files and folders, in a stable order.

    README files and hidden folders are not notes.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*.md"))
                if p.name.lower() != "readme.md"
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            found.append(path)
        else:
            raise NotesError(
                f"{path}: no such notes folder; create it (`toolkit init` makes a workspace) "
                "or give the folder of notes"
            )
    return list(dict.fromkeys(found))


def iter_notes(paths: Iterable[Path], profile: Profile) -> Iterator[Note]:
    """Parse notes one at a time (memory stays flat however many sessions there are)."""
    for path in paths:
        yield read_note(path, profile)


def id_line(note: Note) -> int:
    """Line of the ``id:`` key in a note's front matter (1 when it has none)."""
    key = _ID_LINE.search(note.text)
    return note.text.count("\n", 0, key.start()) + 1 if key else 1


def check_notes(
    paths: Iterable[Path], profile: Profile, strict: bool = False
) -> tuple[list[Note], list[Issue]]:
    """Validate every note and the workspace-wide rules (unique ids and bodies)."""
    notes = list(iter_notes(paths, profile))
    issues = [issue for note in notes for issue in note.issues]
    firsts, duplicates = duplicate_ids(notes)
    issues += duplicates
    issues += _same_bodies(firsts)
    if strict:
        issues = [Issue(i.path, i.line, i.message, "error") for i in issues]
    return notes, issues


def duplicate_ids(notes: Iterable[Note]) -> tuple[list[Note], list[Issue]]:
    """The first note of each session id, and an error for each later note using it again."""
    seen: dict[str, Note] = {}
    issues: list[Issue] = []
    for note in notes:
        if note.session is None:
            continue
        first = seen.setdefault(note.session.id, note)
        if first is not note:
            issues.append(
                Issue(
                    note.path,
                    id_line(note),
                    f"id '{note.session.id}' is already used by {first.path}; "
                    "give this session another id",
                )
            )
    return list(seen.values()), issues


def _same_bodies(notes: list[Note]) -> list[Issue]:
    """A warning for each note whose body repeats an earlier one (a file imported twice).

    Placeholders and headings do not count: two fresh notes from `notes new` are no copies.
    """
    issues: list[Issue] = []
    seen: dict[str, Note] = {}
    for note in notes:
        said = "\n".join(b.text for b in note.blocks if b.kind != "heading" and not b.placeholder)
        if not said:
            continue
        first = seen.setdefault(hashlib.sha256(said.encode("utf-8")).hexdigest(), note)
        if first is not note:
            issues.append(
                Issue(
                    note.path,
                    note.blocks[0].line,
                    f"the body is the same as in {first.path}; delete one of them "
                    "(a session counted twice doubles every proposal's support)",
                    "warning",
                )
            )
    return issues
