"""Carrying the analysts' rows over to a new register: by id, by similar text, or to orphans.

Pure functions over rows already read from the workbook: nothing here opens a file. A
proposal keeps its id while its text is unchanged (docs/register.md), so most rows follow by id;
when a rapporteur edits a sentence the id changes, and the old row is found again by
text similarity within the same session and flagged for the analysts to check. Rows
whose proposal is gone become orphans, never deleted, and come back if it returns.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ..register import Proposal
from .columns import ORPHAN_COLUMNS, SUGGESTIONS
from .workbook import Row, cell_text

#: A row whose text is at least this similar (difflib ratio, same session) is the same proposal.
SIMILARITY = 0.8
FLAG_PREFIX = "text changed in notes: was"
#: Only the proposals sharing most words with an old row are compared character by character.
_CANDIDATES = 5


@dataclass
class CarryOver:
    """Where every old row goes: onto a proposal (by its new id) or into the orphans."""

    carried: dict[str, dict[str, Any]] = field(default_factory=dict)  # new id → old cells
    orphans: list[Row] = field(default_factory=list)  # the orphaned sheet after the update
    kept: int = 0
    new: int = 0
    restored: int = 0
    orphaned: int = 0
    rematched: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id), flagged


def carry_over(
    old_rows: list[Row], orphans: list[Row], proposals: list[Proposal], today: str
) -> CarryOver:
    """Match the proposals sheet's and orphaned sheet's rows to ``proposals``.

    ``today`` is the date written into ``orphaned_on`` for rows orphaned now.
    """
    result = CarryOver()
    by_id, leftover = _index_by_id(old_rows)
    unmatched_new: list[Proposal] = []
    for proposal in proposals:
        row = by_id.pop(proposal.id, None)
        if row is None:
            unmatched_new.append(proposal)
        elif row.has_input:
            result.carried[proposal.id] = row.cells
            result.kept += 1
    unmatched_old = [r for r in by_id.values() if r.has_input]
    renamed = _match_by_text(unmatched_old, unmatched_new, result)
    leftover += [row for row in unmatched_old if row.get("id") not in renamed]
    result.orphans = _restore_orphans(orphans, {p.id for p in proposals}, result)
    result.orphans += _orphan(leftover, result.carried, today)
    result.orphaned = len(leftover)
    result.new = sum(1 for p in unmatched_new if p.id not in result.carried)
    for cells in result.carried.values():  # a merge into an edited proposal follows its new id
        target = cell_text(cells.get("merge_into"))
        if target in renamed:
            cells["merge_into"] = renamed[target]
    return result


def _index_by_id(rows: list[Row]) -> tuple[dict[str, Row], list[Row]]:
    """One row per id (the one an analyst filled in), and the other rows worth keeping."""
    by_id: dict[str, Row] = {}
    leftover: list[Row] = []
    for row in rows:
        row_id = row.get("id")
        if row_id and row_id in by_id and row.has_input and not by_id[row_id].has_input:
            row, by_id[row_id] = by_id[row_id], row  # keep the copy an analyst filled in
        if row_id and row_id not in by_id:
            by_id[row_id] = row
        elif row.has_input:
            leftover.append(row)  # a duplicate or id-less row an analyst typed in
    return by_id, leftover


def _match_by_text(old: list[Row], new: list[Proposal], result: CarryOver) -> dict[str, str]:
    """Carry rows over to edited proposals; return old id → new id for every match."""
    renamed: dict[str, str] = {}
    for row, proposal in rematch(old, new):
        cells = dict(row.cells)
        old_id, old_text = row.get("id"), row.get("text")
        result.carried[proposal.id] = cells
        renamed[old_id] = proposal.id
        if normal(old_text) == normal(proposal.text):  # only the id changed
            result.kept += 1
            continue
        flag = f"{FLAG_PREFIX} «{old_text}» ({old_id})"
        comment = cell_text(cells.get("comment"))
        cells["comment"] = f"{flag} | {comment}" if cells.get("comment") else flag
        result.rematched.append((old_id, proposal.id))
    return renamed


def _restore_orphans(orphans: list[Row], ids: set[str], result: CarryOver) -> list[Row]:
    """Give proposals that came back their orphaned decision; return the orphans still left."""
    kept: list[Row] = []
    for row in orphans:
        row_id = row.get("id")
        if row_id in ids and row_id not in result.carried and row.has_input:
            result.carried[row_id] = {k: v for k, v in row.cells.items() if k not in ORPHAN_COLUMNS}
            result.restored += 1
        else:
            kept.append(row)
    return kept


def _orphan(rows: list[Row], carried: dict[str, dict[str, Any]], today: str) -> list[Row]:
    """Rows for the orphaned sheet, dated and with the reason they could not be kept."""
    found = []
    for row in rows:
        row_id = row.get("id")
        if not row_id:
            reason = "row without an id in the proposals sheet"
        elif row_id in carried:
            reason = "second row for the same id in the proposals sheet"
        else:
            reason = "proposal no longer in the register"
        found.append(Row(0, {"orphaned_on": today, "reason": reason, **row.cells}))
    return found


def suggestions(proposal: Proposal) -> dict[str, str]:
    """What the register suggests for the analyst columns: its route, its wording."""
    return {
        "route": getattr(proposal, "route", None) or "",
        f"wording_{proposal.language}": getattr(proposal, "wording", None) or "",
    }


def refresh_suggestions(cells: dict[str, Any], proposal: Proposal) -> set[str]:
    """Fill untouched analyst cells with the register's suggestions; return those columns.

    A cell is untouched when empty or still equal to the suggestion kept in its hidden
    column; anything else an analyst wrote stays as it is.
    """
    shown: set[str] = set()
    row = Row(0, cells)
    for column, fresh in suggestions(proposal).items():
        if row.untouched(column):
            cells[column] = fresh
        cells[SUGGESTIONS[column]] = fresh
        if fresh and cell_text(cells[column]) == fresh:
            shown.add(column)
    return shown


def normal(text: str) -> str:
    """Text compared without case or spacing differences."""
    return " ".join(text.split()).casefold()


def rematch(old: list[Row], new: list[Proposal]) -> list[tuple[Row, Proposal]]:
    """Pair old rows with edited proposals of the same session, most similar first.

    The same text under a new id (the id scheme changed) pairs at once; otherwise the
    difflib ratio decides, computed only for pairs sharing enough words to be worth it.
    """
    texts = [normal(p.text) for p in new]
    exact: dict[tuple[str, str], list[int]] = {}
    for j, proposal in enumerate(new):
        exact.setdefault((proposal.session, texts[j]), []).append(j)
    used_new: set[int] = set()
    found: list[tuple[Row, Proposal]] = []
    rest: list[int] = []
    for i, row in enumerate(old):
        key = (row.get("session"), normal(row.get("text")))
        same = [j for j in exact.get(key, []) if j not in used_new]
        if same:
            used_new.add(same[0])
            found.append((row, new[same[0]]))
        else:
            rest.append(i)
    used_old: set[int] = set()
    for _, k, j in _similar_pairs([old[i] for i in rest], new, texts, used_new):
        i = rest[k]
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            found.append((old[i], new[j]))
    return found


def _similar_pairs(
    old: list[Row], new: list[Proposal], texts: list[str], taken: set[int]
) -> list[tuple[float, int, int]]:
    """(ratio, old index, new index) for every pair at least :data:`SIMILARITY` alike, best first.

    Only new proposals of the row's session not in ``taken`` are compared, and of those
    only the few sharing most words with it.
    """
    by_session: dict[str, list[int]] = {}
    for j, proposal in enumerate(new):
        by_session.setdefault(proposal.session, []).append(j)
    words = [set(t.split()) for t in texts]
    pairs: list[tuple[float, int, int]] = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for i, row in enumerate(old):
        old_text = normal(row.get("text"))
        old_words = set(old_text.split())
        matcher.set_seq2(old_text)
        overlap = sorted(
            (-2 * len(old_words & words[j]) / (len(old_words) + len(words[j]) or 1), j)
            for j in by_session.get(row.get("session"), [])
            if j not in taken
        )
        for dice, j in overlap[:_CANDIDATES]:
            if -dice < 0.5:
                break
            matcher.set_seq1(texts[j])
            if (
                matcher.real_quick_ratio() >= SIMILARITY
                and matcher.quick_ratio() >= SIMILARITY
                and (ratio := matcher.ratio()) >= SIMILARITY
            ):
                pairs.append((ratio, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    return pairs
