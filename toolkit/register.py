"""The proposals register (docs/register.md) and what review hands to drafting.

These records are the contract between the stages: ``extract`` writes
:class:`Proposal` rows, ``review`` adds the analysts' :class:`Decision` and turns both
into :class:`DraftItem` objects, and ``draft`` renders those. Kept free of spaCy,
openpyxl and python-docx so any stage can import it cheaply.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TextIO

from .errors import ExtractError
from .textio import write_text_atomic

#: The register's contract fields (docs/register.md), in the order they are written.
SPEC_FIELDS = (
    "id",
    "session",
    "text",
    "start",
    "end",
    "speaker",
    "language",
    "values",
    "targets",
    "regions",
    "marked",
    "score",
    "cluster",
    "support",
    "route",
    "route_basis",
)
LIST_FIELDS = ("values", "targets", "regions")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Whitespace collapsed: the form ids are computed from and texts compared in."""
    return _SPACE.sub(" ", text).strip()


@dataclass
class Proposal:
    """One register row: a proposal sentence or list item, where it is and what it concerns.

    The first sixteen fields are the register's contract (docs/register.md; the latest,
    ``route`` and ``route_basis``, give the one planning document type the proposal belongs
    in, ``named`` by it or ``inferred`` from its kind of measure, both ``None`` for a
    procedural item); the rest are extensions later stages use
    (session metadata so a row stands on its own in a spreadsheet, the ranking, and
    ``our_region``: the speaker's region when the proposal says "our region", also in ``regions``).
    """

    id: str
    session: str
    text: str
    start: int
    end: int
    speaker: str | None
    language: str
    values: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    marked: bool = False
    score: float = 0.0
    cluster: str = ""
    support: int = 1
    route: str | None = None
    route_basis: str | None = None
    # extensions
    our_region: str | None = None
    line: int = 0
    title: str = ""
    track: str | None = None
    format: str = ""
    date: str | None = None
    organisation: str = ""
    speaker_role: str = ""
    section: str | None = None
    rank: float = 0.0
    wording: str = ""  # a suggested resolution wording in ``language`` (toolkit.nlp.wording)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Proposal:
        """A register row; a field of the wrong type is a ``ValueError`` naming it."""
        for name, kinds in _FIELD_TYPES.items():
            if name in data and not isinstance(data[name], kinds):
                raise ValueError(f"field '{name}' has the wrong type")
            if (
                name in data
                and kinds == (list,)
                and not all(isinstance(v, str) for v in data[name])
            ):
                raise ValueError(f"field '{name}' must be a list of ids")
        missing = [name for name in ("id", "session", "text", "language") if not data.get(name)]
        missing += [name for name in ("start", "end", "speaker") if name not in data]
        if missing:
            raise ValueError(f"field '{missing[0]}' is missing")
        if data.get("language", "en") not in ("en", "ru"):
            raise ValueError("field 'language' must be en or ru")
        if data.get("route_basis") not in (None, "named", "inferred"):
            raise ValueError("field 'route_basis' must be named, inferred or null")
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "session": (str,),
    "text": (str,),
    "start": (int,),
    "end": (int,),
    "speaker": (str, type(None)),
    "language": (str,),
    "values": (list,),
    "targets": (list,),
    "regions": (list,),
    "marked": (bool,),
    "score": (int, float),
    "cluster": (str,),
    "support": (int,),
    "route": (str, type(None)),
    "route_basis": (str, type(None)),
    "our_region": (str, type(None)),
    "rank": (int, float),
    "wording": (str,),
}


@dataclass
class Decision:
    """An analyst's decision on one proposal, as typed into the review workbook."""

    decision: str = "pending"  # pending | accepted | rejected | merged | not a proposal
    merge_into: str | None = None
    wording_ru: str = ""  # the analysts' own; a suggestion left as it was is not kept here
    wording_en: str = ""
    values_override: list[str] | None = None
    targets_override: list[str] | None = None
    comment: str = ""
    route: str | None = None  # a planning document type id or "procedural"; None: as found

    def wordings(self, proposal: Proposal) -> dict[str, str]:
        """Wording per language: the analysts', else the register's suggested ``wording``.

        The suggestion is in the proposal's own language (``Proposal.wording``, when the
        register has one).
        """
        found = {"ru": self.wording_ru, "en": self.wording_en}
        suggestion = getattr(proposal, "wording", None) or ""
        if not found.get(proposal.language):
            found[proposal.language] = suggestion
        return {lang: text for lang, text in found.items() if text}


def missing_wordings(language: str, wording: dict[str, str], langs: Iterable[str]) -> list[str]:
    """The languages among ``langs`` a ``language`` text has no wording in: to translate."""
    return [lang for lang in langs if lang != language and not wording.get(lang)]


@dataclass
class DraftItem:
    """A proposal as it will appear in the documents: final wording, merged sources folded in."""

    id: str
    text: str  # source text of the main proposal
    language: str  # language of ``text``
    wording: dict[str, str]  # per language: the analysts', else the suggestion; may be empty
    values: list[str]
    targets: list[str]
    regions: list[str]
    sources: list[Proposal]  # the main proposal first, then those merged into it / its cluster
    status: str = "pending"  # accepted | pending
    rank: float = 0.0
    route: str | None = None  # the planning document type it goes into; None: procedural
    route_basis: str | None = None  # named | inferred (register) | analyst (review workbook)

    @property
    def sessions(self) -> list[str]:
        """Distinct sessions that raised it, in order of first appearance."""
        return list(self.speakers_by_session)

    @property
    def sources_by_session(self) -> dict[str, list[Proposal]]:
        """Each session that raised it, once, with its sources there, in order."""
        found: dict[str, list[Proposal]] = {}
        for source in self.sources:
            found.setdefault(source.session, []).append(source)
        return found

    @property
    def speakers_by_session(self) -> dict[str, list[str]]:
        """Each session that raised it, once, with the speakers named there, in order."""
        return {
            session: list(dict.fromkeys(s.speaker for s in sources if s.speaker))
            for session, sources in self.sources_by_session.items()
        }

    @property
    def support(self) -> int:
        return len(self.sessions)

    def needs_translation(self, langs: Iterable[str]) -> list[str]:
        """The document languages among ``langs`` it has no wording in yet."""
        return missing_wordings(self.language, self.wording, langs)

    def wording_in(self, lang: str) -> tuple[str, bool]:
        """Text for a ``lang`` document, and whether it is the source in another language."""
        if self.wording.get(lang):
            return self.wording[lang], False
        return self.text, self.language != lang


# ------------------------------------------------------------------ reading and writing


def dumps_jsonl(proposals: Iterable[Proposal], spec_only: bool = False) -> str:
    """The register as JSON Lines (one object per proposal)."""
    out = io.StringIO()
    for proposal in proposals:
        record = proposal.to_json()
        if spec_only:
            record = {k: record[k] for k in SPEC_FIELDS}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out.getvalue()


def dumps_csv(proposals: Iterable[Proposal]) -> str:
    """The register as CSV for a spreadsheet; list fields are joined with ``;``."""
    out = io.StringIO()
    names = [f.name for f in fields(Proposal)]
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for proposal in proposals:
        row = proposal.to_json()
        for key in LIST_FIELDS:
            row[key] = ";".join(row[key])
        writer.writerow(row)
    return out.getvalue()


def write_register(proposals: list[Proposal], target: Path | TextIO) -> None:
    """Write ``.jsonl`` (default) or ``.csv`` by suffix, atomically; a stream gets JSON Lines."""
    if isinstance(target, Path):
        text = dumps_csv(proposals) if target.suffix.lower() == ".csv" else dumps_jsonl(proposals)
        write_text_atomic(target, text)
    else:
        target.write(dumps_jsonl(proposals))


def iter_register(path: Path) -> Iterator[Proposal]:
    """Read a ``.jsonl`` register; a broken line is an error naming the file and line."""
    if path.suffix.lower() == ".csv":
        from .workspace import OUTPUTS_DIR, REGISTER_NAME

        raise ExtractError(
            f"{path}: the .csv register is for spreadsheets; give the .jsonl one "
            f"(`toolkit extract -o {OUTPUTS_DIR}/{REGISTER_NAME}`)"
        )
    try:
        handle = path.open(encoding="utf-8-sig")  # a BOM from a Windows editor is fine
    except OSError as exc:
        raise ExtractError(
            f"{path}: cannot read the register ({exc.strerror}); run `toolkit extract` first"
        ) from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                yield Proposal.from_json(data)
            except (ValueError, TypeError) as exc:
                raise ExtractError(
                    f"{path}:{number}: not a register record ({exc}); "
                    "re-run `toolkit extract` to rewrite it"
                ) from None


def read_register(path: Path) -> list[Proposal]:
    return list(iter_register(path))
