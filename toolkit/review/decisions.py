"""What the analysts decided: their columns read back into :class:`Decision` objects.

Each row is parsed on its own (:func:`parse_row`); merges are then followed along their
chains with :func:`merge_chain`, the one walker every stage uses, so drafting and
validation always agree on where a merged proposal ends up. Every bad cell is collected
and reported at once as ``review.xlsx:proposals!N12: message``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReviewError
from ..register import Decision
from .columns import (
    ANALYST_COLUMNS,
    COLUMNS,
    DECISIONS,
    NOT_A_PROPOSAL,
    ORPHANED_SHEET,
    PROCEDURAL,
    PROPOSAL_DECISIONS,
    PROPOSALS_SHEET,
)
from .workbook import Row, open_workbook, read_rows

if TYPE_CHECKING:
    from ..profile import Profile

_SPLIT = re.compile(r"[;,]")
#: Override columns: the profile section their ids come from, and what to call one.
_OVERRIDES = (
    ("values_override", "values", "value principle"),
    ("targets_override", "documents", "planning document type"),
)


@dataclass
class MergeChain:
    """Where following ``merge_into`` from one proposal leads.

    ``ids`` starts with the proposal and ends with the one that absorbs it (itself when it
    is not merged); ``cycle`` holds the ids of a loop, first id repeated at the end.
    """

    ids: list[str]
    cycle: list[str] | None = None

    @property
    def root(self) -> str:
        return self.ids[-1]


def merge_chain(start: str, decisions: dict[str, Decision]) -> MergeChain:
    """Follow ``merge_into`` from ``start`` while the proposal reached is merged itself."""
    ids = [start]
    while (decision := decisions.get(ids[-1])) and decision.decision == "merged":
        target = decision.merge_into
        if not target:
            break
        if target in ids:
            return MergeChain(ids, [*ids[ids.index(target) :], target])
        ids.append(target)
    return MergeChain(ids)


@dataclass
class _Sheet:
    """The proposals sheet being read: where each cell is, and what is wrong with it."""

    name: str
    header: list[str]
    problems: list[tuple[int, int, str]] = field(default_factory=list)

    def cell(self, row: Row, column: str) -> str:
        """``review.xlsx:proposals!O12``: how messages name a cell."""
        from openpyxl.utils import get_column_letter

        index = self.header.index(column) + 1
        return f"{self.name}:{PROPOSALS_SHEET}!{get_column_letter(index)}{row.number}"

    def error(self, row: Row, column: str, message: str) -> None:
        index = self.header.index(column) + 1
        self.problems.append((row.number, index, f"{self.cell(row, column)}: {message}"))


def _lookup(profile: Profile, kind: str) -> dict[str, str]:
    """Ids and labels (any language, case-insensitive) to ids, so 'Creativity' works too."""
    found: dict[str, str] = {}
    for item_id, item in getattr(profile, kind).items():
        for label in item.label.values():
            found.setdefault(label.casefold(), item_id)
    for item_id in getattr(profile, kind):
        found[item_id.casefold()] = item_id
    return found


def parse_row(
    row: Row, sheet: _Sheet, known_ids: set[str], lookups: dict[str, dict[str, str]]
) -> Decision | None:
    """One row's analyst cells as a decision; its mistakes go to ``sheet.problems``.

    ``None`` when a formula stands in an analyst cell: nothing of that row can be trusted.
    """
    formulas = [c for c in ANALYST_COLUMNS if c in sheet.header and row.get(c).startswith("=")]
    for column in formulas:
        sheet.error(row, column, "formulas are not evaluated here; type the value itself")
    if formulas:
        return None
    decision = Decision()
    raw = decision_name(row, sheet)
    if raw is not None:
        decision.decision = raw
        decision.merge_into = _merge_target(row, sheet, raw, known_ids)
    # a cell still holding the toolkit's suggestion is not the analysts' word
    decision.wording_ru = "" if row.untouched("wording_ru") else row.get("wording_ru")
    decision.wording_en = "" if row.untouched("wording_en") else row.get("wording_en")
    decision.comment = row.get("comment")
    for column, kind, label in _OVERRIDES:
        if row.get(column):
            setattr(decision, column, _override(row, sheet, column, lookups[kind], label))
    if "route" in sheet.header and not row.untouched("route"):
        decision.route = _route(row, sheet, lookups["documents"])
    return decision


def decision_name(row: Row, sheet: _Sheet) -> str | None:
    """The row's decision, in any case and spacing ('Not a  proposal'); ``None`` if unknown."""
    raw = " ".join(row.get("decision").lower().split()) or "pending"
    if raw in DECISIONS:
        return raw
    sheet.error(
        row,
        "decision",
        f"unknown decision '{row.get('decision')}'; use {', '.join(DECISIONS[:-1])} "
        f"or {DECISIONS[-1]}",
    )
    return None


def _route(row: Row, sheet: _Sheet, lookup: dict[str, str]) -> str | None:
    """The route an analyst picked: a planning document type id, or ``procedural``."""
    text = row.get("route")
    if text.casefold() == PROCEDURAL:
        return PROCEDURAL
    found = lookup.get(text.casefold())
    if found is None:
        sheet.error(
            row,
            "route",
            f"unknown planning document type '{text}'; pick one from the drop-down "
            f"(ids on the help sheet) or {PROCEDURAL}",
        )
    return found


def _merge_target(row: Row, sheet: _Sheet, raw: str, known_ids: set[str]) -> str | None:
    """The ``merge_into`` id if it agrees with the decision and names a proposal."""
    target = row.get("merge_into")
    if "merge_into" not in sheet.header:
        if raw == "merged":
            sheet.error(
                row,
                "decision",
                "decision is 'merged' but there is no merge_into column; "
                "restore it (see the help sheet)",
            )
        return None
    if raw == "merged" and not target:
        sheet.error(
            row,
            "merge_into",
            "decision is 'merged' but merge_into is empty; give the "
            "id of the proposal this one joins",
        )
    elif target and raw != "merged":
        sheet.error(
            row,
            "merge_into",
            f"merge_into is {target} but decision is '{raw}'; set "
            "decision to merged or clear merge_into",
        )
    elif target and target not in known_ids:
        sheet.error(
            row,
            "merge_into",
            f"merge_into {target} is not the id of a proposal in "
            "the register; copy the id from the id column",
        )
    elif target == row.get("id"):
        sheet.error(row, "merge_into", "a proposal cannot be merged into itself")
    elif target:
        return target
    return None


def _override(
    row: Row, sheet: _Sheet, column: str, lookup: dict[str, str], label: str
) -> list[str]:
    """The ids typed into an override cell ('-' alone means none)."""
    chosen: list[str] = []
    for part in (p.strip() for p in _SPLIT.split(row.get(column))):
        if not part or part == "-":
            continue
        found = lookup.get(part.casefold())
        if found is None:
            sheet.error(
                row,
                column,
                f"unknown {label} '{part}'; use ids from the help sheet, separated by ';'",
            )
        else:
            chosen.append(found)
    return list(dict.fromkeys(chosen))


def _check_merges(
    decisions: dict[str, Decision], rows: dict[str, Row], sheet: _Sheet, notes: list[str]
) -> None:
    """Merge chains must end at a proposal that is neither merged in a loop nor rejected."""
    reported: set[str] = set()
    for start, decision in decisions.items():
        if decision.merge_into is None:
            continue
        chain = merge_chain(start, decisions)
        if chain.cycle:
            if not reported & set(chain.cycle):
                sheet.error(
                    rows[chain.cycle[0]],
                    "merge_into",
                    f"merge_into forms a cycle: {' → '.join(chain.cycle)}; "
                    "make one of them accepted",
                )
            reported.update(chain.cycle)
        elif start not in reported:
            final = decisions.get(chain.root, Decision()).decision
            if final in ("rejected", NOT_A_PROPOSAL):
                sheet.error(
                    rows[start],
                    "merge_into",
                    f"merged into {chain.root}, which is {final}; merge into an accepted "
                    f"proposal or decide '{final}' for this one too",
                )
            elif final == "pending":
                notes.append(
                    f"{sheet.cell(rows[start], 'merge_into')}: merged into "
                    f"{chain.root}, which is still pending"
                )


def _rows_by_id(
    rows: list[Row], sheet: _Sheet, ids: set[str] | None, notes: list[str]
) -> dict[str, Row]:
    """The rows to read decisions from: one per id, of a proposal in the register."""
    found: dict[str, Row] = {}
    seen: dict[str, Row] = {}
    for row in rows:
        row_id = row.get("id")
        if not row_id:
            if row.has_input:
                sheet.error(
                    row, "id", "a row with analyst input has no id; fill the id or clear the row"
                )
            continue
        if row_id in seen:
            sheet.error(
                row,
                "id",
                f"id {row_id} is also on row {seen[row_id].number}; keep one row per proposal",
            )
            continue
        seen[row_id] = row
        if ids is not None and row_id not in ids:
            if row.has_input:
                notes.append(
                    f"{sheet.cell(row, 'id')}: {row_id} is not in the register; run `toolkit "
                    "review` to update the workbook (its decision is then kept in 'orphaned')"
                )
            continue
        found[row_id] = row
    return found


def _read_sheet(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[Row], int]:
    """The proposals sheet's header and rows, and how many rows the orphaned sheet holds."""
    stat = path.stat()
    header, rows, orphan_count = _sheet(path, (stat.st_ino, stat.st_size, stat.st_mtime_ns))
    missing = [c for c in required if c not in header]
    if missing:
        raise ReviewError(
            f"{path.name}:{PROPOSALS_SHEET}!1: column {', '.join(repr(m) for m in missing)} is "
            "missing from the header row; restore it (see the help sheet)"
        )
    return header, rows, orphan_count


@lru_cache(maxsize=1)
def _sheet(path: Path, stamp: tuple[int, int, int]) -> tuple[list[str], list[Row], int]:
    """What :func:`_read_sheet` reads, once per version of the file (``stamp``): a build reads
    the workbook it has just written twice, to warn the analysts and then to draft."""
    workbook = open_workbook(path, read_only=True)
    if PROPOSALS_SHEET not in workbook.sheetnames:
        raise ReviewError(f"{path}: there is no '{PROPOSALS_SHEET}' sheet; rename it back")
    header, rows = read_rows(workbook[PROPOSALS_SHEET])
    orphan_count = (
        len(read_rows(workbook[ORPHANED_SHEET])[1]) if ORPHANED_SHEET in workbook.sheetnames else 0
    )
    workbook.close()
    return header, rows, orphan_count


def read_decisions(
    path: Path, profile: Profile, ids: set[str] | None = None
) -> tuple[dict[str, Decision], list[str]]:
    """Read the analysts' columns back; return decisions by id and warnings.

    Every bad cell is collected and reported at once as ``review.xlsx:proposals!N12:
    message`` in a :class:`ReviewError`. No workbook means no decisions yet. ``ids`` are
    the register's ids: rows for other ids are stale and only warned about.
    """
    if not path.exists():
        return {}, []
    header, rows, orphan_count = _read_sheet(path, ("id", "decision"))
    return decisions_in(path.name, header, rows, orphan_count, profile, ids)


def decisions_in(
    name: str,
    header: list[str],
    rows: list[Row],
    orphan_count: int,
    profile: Profile,
    ids: set[str] | None = None,
) -> tuple[dict[str, Decision], list[str]]:
    """:func:`read_decisions` of the proposals sheet's ``rows`` under ``header`` in the
    workbook file ``name``, whose orphaned sheet holds ``orphan_count`` rows."""
    sheet = _Sheet(name, header)
    notes: list[str] = []
    known_ids = ids if ids is not None else {r.get("id") for r in rows if r.get("id")}
    lookups = {kind: _lookup(profile, kind) for _, kind, _ in _OVERRIDES}
    rows_by_id = _rows_by_id(rows, sheet, ids, notes)
    decisions: dict[str, Decision] = {}
    for row_id, row in rows_by_id.items():
        decision = parse_row(row, sheet, known_ids, lookups)
        if decision is not None and decision != Decision():
            decisions[row_id] = decision
    _check_merges(decisions, rows_by_id, sheet, notes)
    if orphan_count:
        notes.append(
            f"{name}:{ORPHANED_SHEET}: {orphan_count} decisions whose proposal disappeared "
            "are not used; copy what still applies into the proposals sheet"
        )
    if sheet.problems:
        raise ReviewError("\n".join(message for _, _, message in sorted(sheet.problems)))
    return decisions, notes


def decisions_as_typed(rows: list[Row], profile: Profile, ids: set[str]) -> dict[str, Decision]:
    """Decisions from cells about to be written, as far as they can be read.

    For the views the toolkit derives from the workbook (the needs-translation sheet): a
    bad cell stays at its default here and is reported by :func:`read_decisions`.
    """
    sheet = _Sheet("", list(COLUMNS))
    lookups = {kind: _lookup(profile, kind) for _, kind, _ in _OVERRIDES}
    found = {}
    for row in rows:
        decision = parse_row(row, sheet, ids, lookups)
        if decision is not None:
            found[row.get("id")] = decision
    return found


@dataclass(frozen=True)
class ReviewLabel:
    """One analyst's verdict on an extracted sentence: a proposal or not (docs/proposals.md)."""

    id: str
    session: str
    text: str
    language: str  # of ``text``: ru when Cyrillic letters outnumber Latin ones, as for notes
    is_proposal: bool


def labels(path: Path) -> list[ReviewLabel]:
    """The review's verdicts as training labels, in sheet order.

    Accepted, rejected and merged rows are proposals (rejected ones are real proposals
    not taken up); ``not a proposal`` rows are not; pending rows are skipped, and so is the
    orphaned sheet. An unknown decision is a :class:`ReviewError` naming its cell.
    """
    from ..notes.parse import detect_language

    if not path.exists():
        raise ReviewError(f"{path}: no review workbook; run `toolkit review` and decide rows first")
    header, rows, _ = _read_sheet(path, ("id", "session", "text", "decision"))
    sheet = _Sheet(path.name, header)
    found = []
    for row in rows:
        name = decision_name(row, sheet)
        if name in (*PROPOSAL_DECISIONS, NOT_A_PROPOSAL) and row.get("text"):
            text = row.get("text")
            found.append(
                ReviewLabel(
                    row.get("id"),
                    row.get("session"),
                    text,
                    detect_language(text),
                    name != NOT_A_PROPOSAL,
                )
            )
    if sheet.problems:
        raise ReviewError("\n".join(message for _, _, message in sorted(sheet.problems)))
    return found
