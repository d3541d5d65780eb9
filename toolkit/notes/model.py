"""What a session note is once read: its metadata, its people and its blocks."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
BlockKind = Literal["heading", "paragraph", "item"]
Role = Literal["proposals", "conclusions", "problems"]


@dataclass(frozen=True)
class Issue:
    """A problem found in a note, printed as ``file:line: message``."""

    path: Path
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Person:
    """A moderator or speaker from the front matter."""

    name: str
    role: str = ""
    organization: str = ""
    region: str = ""


@dataclass
class Session:
    """The front matter of one note; for the documents, also its rapporteur's sections.

    ``conclusions`` and ``problems`` are the items under the note's conclusions and
    problems headings (:meth:`Note.with_sections`); parsing leaves them empty.
    """

    id: str
    title: str
    format: str = ""
    date: dt.date | None = None
    track: str | None = None
    language: str | None = None
    rapporteur: str | None = None
    moderator: Person | None = None
    speakers: list[Person] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str | None = None  # the file `toolkit notes import` read
    source_sha256: str | None = None  # and its content hash: the same file is imported once
    guessed: list[str] = field(default_factory=list)  # keys the import guessed, unconfirmed
    conclusions: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def people(self) -> list[Person]:
        """Moderator first, then speakers: everyone a turn or attribution may name."""
        return ([self.moderator] if self.moderator else []) + self.speakers

    def person(self, name: str | None) -> Person | None:
        """The front-matter entry for ``name``, if any."""
        return next((p for p in self.people if p.name == name), None)


@dataclass(frozen=True)
class TextMap:
    """Clean text of a block and the way back to offsets in the file.

    ``segments`` holds ``(clean_offset, file_offset)`` pairs where a run of copied
    characters starts; between runs, markup and extra whitespace were dropped.
    """

    text: str
    segments: tuple[tuple[int, int], ...]

    def source(self, index: int) -> int:
        """File offset of the clean character at ``index``."""
        pos = bisect.bisect_right(self.segments, (index, float("inf"))) - 1
        clean, src = self.segments[max(pos, 0)]
        return src + (index - clean)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets ``[start, end)`` covering clean text ``[start, end)``."""
        return self.source(start), self.source(end - 1) + 1


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or list item of the body, with where it stands and who speaks."""

    kind: BlockKind
    line: int
    start: int
    end: int
    content: TextMap
    role: Role | None = None
    speaker: str | None = None
    level: int = 0
    turn: bool = False  # the block itself opens the speaker's turn or carries an attribution

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def placeholder(self) -> bool:
        """An item with no letter or digit ("- …" from `toolkit notes new`): nothing said yet."""
        return not any(c.isalnum() for c in self.text)


@dataclass
class Note:
    """One parsed note: the decoded file text, session metadata, blocks and problems found."""

    path: Path
    text: str
    session: Session | None
    blocks: list[Block]
    issues: list[Issue]
    encoding: str = "utf-8"
    language: str = "en"

    @property
    def ok(self) -> bool:
        return self.session is not None and not any(i.severity == "error" for i in self.issues)

    def line_of(self, offset: int) -> int:
        """1-based line number of a file offset."""
        return self.text.count("\n", 0, offset) + 1

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)

    def with_sections(self) -> Session | None:
        """A copy of the session with its conclusions and problems filled from the body."""
        if self.session is None:
            return None
        return replace(
            self.session,
            speakers=list(self.session.speakers),
            conclusions=self._section("conclusions"),
            problems=self._section("problems"),
        )

    def _section(self, role: Role) -> list[str]:
        return [b.text for b in self.blocks if b.role == role and b.kind != "heading"]
