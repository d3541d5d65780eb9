"""Writing or updating the review workbook from the register, keeping every analyst's cell.

The register columns are rewritten on every update; the analyst columns follow their
proposals (``carry.py``). The file is checked (lock files, damage, lost columns) before
anything is written, the previous version is backed up, and the new one replaces it
atomically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReviewError
from ..profile import LANGUAGES
from ..register import Decision, Proposal, missing_wordings
from .carry import CarryOver, carry_over, refresh_suggestions
from .columns import (
    ANALYST_COLUMNS,
    BACKUPS_DIR,
    COLUMNS,
    HELP_SHEET,
    LATER_COLUMNS,
    ORPHAN_COLUMNS,
    ORPHANED_SHEET,
    PROPOSALS_SHEET,
    SUGGESTIONS,
    TRANSLATION_COLUMNS,
    TRANSLATION_SHEET,
)
from .decisions import decisions_as_typed, decisions_in, merge_chain
from .workbook import (
    Row,
    backup,
    cell_text,
    check_not_locked,
    extra_columns,
    fill_sheet,
    import_openpyxl,
    kept_value,
    open_workbook,
    read_rows,
    same_content,
    save,
    style_plain,
    style_proposals,
    to_bytes,
    write_help,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

    from ..profile import Profile


@dataclass
class Reviewed:
    """The register's proposals and the analysts' decisions on them, as drafting reads them:
    the build's child process hands them over, so drafting does not read both files again."""

    proposals: list[Proposal]
    decisions: dict[str, Decision]
    warnings: list[str]


@dataclass
class ReviewReport:
    """What an update did, so the command can tell the analysts what to look at."""

    path: Path
    rows: int = 0
    new: int = 0
    kept: int = 0
    rematched: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id), flagged
    orphaned: int = 0
    restored: int = 0
    untranslated: int = 0  # accepted proposals listed in the needs-translation sheet
    backup: Path | None = None
    problems: list[str] = field(default_factory=list)  # bad analyst input, for drafting
    warnings: list[str] = field(default_factory=list)
    reviewed: Reviewed | None = None  # when the decisions could be read

    def summary(self) -> str:
        """A few lines for the terminal."""
        lines = [
            f"{self.path}: {self.rows} proposals, {self.new} new, {self.kept} decisions kept",
        ]
        if self.rematched:
            lines.append(
                f"{len(self.rematched)} proposals changed in the notes were matched to their old "
                "rows and flagged in 'comment': check them"
            )
        if self.restored:
            lines.append(f"{self.restored} decisions restored from the 'orphaned' sheet")
        if self.orphaned:
            lines.append(
                f"{self.orphaned} decisions whose proposal disappeared moved to the "
                "'orphaned' sheet"
            )
        if self.untranslated:
            lines.append(
                f"{self.untranslated} accepted proposals have no wording in one of the documents' "
                f"languages: see the '{TRANSLATION_SHEET}' sheet"
            )
        if self.backup:
            lines.append(f"previous workbook backed up to {self.backup}")
        return "\n".join(lines)


@dataclass
class _Existing:
    """What an existing workbook holds, read before anything is written."""

    workbook: Workbook | None = None  # None: none yet, made as it is written
    rows: list[Row] = field(default_factory=list)
    orphans: list[Row] = field(default_factory=list)
    headers: list[list[str]] = field(default_factory=list)

    def to_write(self) -> Workbook:
        """The workbook to write the sheets into (a new one if there was none: openpyxl is
        imported only then, so the build reads the decisions of a first review without it)."""
        if self.workbook is None:
            import_openpyxl()
            from openpyxl import Workbook

            self.workbook = Workbook()
            self.workbook.remove(self.workbook.active)
        return self.workbook


def _read_existing(path: Path) -> _Existing:
    """The workbook at ``path`` with our sheets' rows taken out, or none yet."""
    if not path.exists():
        return _Existing()
    check_not_locked(path)
    existing = _Existing(open_workbook(path))
    sheets = existing.workbook.sheetnames
    if PROPOSALS_SHEET not in sheets:
        raise ReviewError(
            f"{path}: there is no '{PROPOSALS_SHEET}' sheet; rename it back, or move the file "
            "away to start afresh; the workbook was left untouched"
        )
    header, existing.rows = read_rows(existing.workbook[PROPOSALS_SHEET])
    if "id" not in header:
        raise ReviewError(
            f"{path}: the '{PROPOSALS_SHEET}' sheet has no 'id' column in row 1; restore "
            "the header row; the workbook was left untouched"
        )
    lost = [c for c in ANALYST_COLUMNS if c not in header]
    if SUGGESTIONS["route"] not in header:  # written before the later columns existed
        lost = [c for c in lost if c not in LATER_COLUMNS]
    if lost and existing.rows:  # rewriting now would drop what analysts typed under them
        raise ReviewError(
            f"{path.name}:{PROPOSALS_SHEET}!1: column {', '.join(repr(c) for c in lost)} is "
            "missing from the header row; restore it (see the help sheet); the workbook "
            "was left untouched"
        )
    existing.headers.append(header)
    if ORPHANED_SHEET in sheets:
        orphan_header, existing.orphans = read_rows(existing.workbook[ORPHANED_SHEET])
        existing.headers.append(orphan_header)
    for name in (PROPOSALS_SHEET, HELP_SHEET, ORPHANED_SHEET, TRANSLATION_SHEET):
        if name in sheets:
            del existing.workbook[name]
    return existing


def update_workbook(
    path: Path, proposals: list[Proposal], profile: Profile, today: dt.date | None = None
) -> ReviewReport:
    """Write or update the review workbook at ``path``, keeping every analyst's decision.

    The file is checked (lock files, damage) before anything is written; when the content
    changed, the previous version is copied to ``backups/`` and the new one replaces it
    atomically (an update that changes nothing leaves the file and the backups alone).
    """
    return plan_update(path, proposals, profile, today).write()


@dataclass
class PlannedUpdate:
    """An update worked out (the existing workbook read, the analysts' rows carried over to
    the proposals) and not yet written: its decisions can be read before it is."""

    path: Path
    profile: Profile
    today: dt.date | None
    existing: _Existing
    proposals: list[Proposal]
    moved: CarryOver
    columns: list[str]  # of the proposals sheet, the analysts' own ones last
    ordered: list[Proposal]
    cells: list[dict[str, Any]]  # the proposals sheet's rows, in ``ordered``'s order
    suggested: list[set[str]]  # the cells of each row still showing a suggestion

    def decisions(self) -> tuple[dict[str, Decision], list[str]]:
        """What :func:`~.decisions.read_decisions` reads once the update is written (the
        cells as the file keeps them: no empty ones, no control characters)."""
        written = set(self.columns)
        rows = [
            Row(
                number,
                {k: kept_value(v) for k, v in cells.items() if k in written and cell_text(v) != ""},
            )
            for number, cells in enumerate(self.cells, 2)
        ]
        ids = {p.id for p in self.proposals}
        return decisions_in(
            self.path.name, self.columns, rows, len(self.moved.orphans), self.profile, ids
        )

    def write(self) -> ReviewReport:
        """Write the workbook: :func:`update_workbook`."""
        path, moved, today = self.path, self.moved, self.today
        untranslated = _write_sheets(self)
        report = ReviewReport(
            path=path,
            rows=len(self.proposals),
            new=moved.new,
            kept=moved.kept,
            rematched=moved.rematched,
            orphaned=moved.orphaned,
            restored=moved.restored,
            untranslated=untranslated,
        )
        data = to_bytes(self.existing.to_write())
        if path.exists():
            if same_content(path, data):  # nothing to save, nothing to back up
                return report
            try:
                report.backup = backup(
                    path, today if isinstance(today, dt.datetime) else dt.datetime.now()
                )
            except OSError as exc:
                raise ReviewError(
                    f"{path}: cannot back up the workbook ({exc}); check that "
                    f"{path.parent / BACKUPS_DIR} is writable; the workbook was left untouched"
                ) from None
        save(data, path)
        return report


def plan_update(
    path: Path, proposals: list[Proposal], profile: Profile, today: dt.date | None = None
) -> PlannedUpdate:
    """Read the workbook at ``path`` (checked: lock files, damage, lost columns) and carry
    its analysts' rows over to ``proposals``; nothing is written yet."""
    existing = _read_existing(path)
    date_text = f"{today or dt.date.today():%Y-%m-%d}"
    moved = carry_over(existing.rows, existing.orphans, proposals, date_text)
    extras = extra_columns(existing.headers, (*COLUMNS, *ORPHAN_COLUMNS))
    ordered = _ordered(proposals)
    cells, suggested = [], []
    for proposal in ordered:
        row = {"decision": "pending", **moved.carried.get(proposal.id, {})}
        row.update(_register_cells(proposal))
        suggested.append(refresh_suggestions(row, proposal))
        cells.append(row)
    columns = [*COLUMNS, *extras]
    return PlannedUpdate(
        path, profile, today, existing, proposals, moved, columns, ordered, cells, suggested
    )


def _write_sheets(planned: PlannedUpdate) -> int:
    """The proposals, help, orphaned and needs-translation sheets, before any of the analysts'.

    Returns how many proposals the needs-translation sheet lists.
    """
    workbook, ordered, columns = planned.existing.to_write(), planned.ordered, planned.columns
    moved, profile = planned.moved, planned.profile
    sheet = workbook.create_sheet(PROPOSALS_SHEET, 0)
    flagged = {new for _, new in moved.rematched}
    fill_sheet(sheet, columns, planned.cells)
    route_choices = write_help(workbook.create_sheet(HELP_SHEET, 1), profile)
    style_proposals(
        sheet, columns, [p.id in flagged for p in ordered], planned.suggested, route_choices
    )
    orphan_columns = [*ORPHAN_COLUMNS, *columns]
    orphan_sheet = workbook.create_sheet(ORPHANED_SHEET, 2)
    fill_sheet(orphan_sheet, orphan_columns, [r.cells for r in moved.orphans])
    style_plain(orphan_sheet, orphan_columns, len(moved.orphans))
    untranslated = _untranslated(ordered, [Row(0, cells) for cells in planned.cells], profile)
    translation_sheet = workbook.create_sheet(TRANSLATION_SHEET, 3)
    fill_sheet(translation_sheet, list(TRANSLATION_COLUMNS), untranslated)
    style_plain(translation_sheet, list(TRANSLATION_COLUMNS), len(untranslated))
    workbook.active = 0
    for index, ws in enumerate(workbook.worksheets):
        ws.sheet_view.tabSelected = index == 0
    return len(untranslated)


def _untranslated(
    proposals: list[Proposal], rows: list[Row], profile: Profile
) -> list[dict[str, Any]]:
    """Accepted proposals lacking a wording in a document language, with those merged into them."""
    langs = profile.forum.get("languages") or LANGUAGES
    decisions = decisions_as_typed(rows, profile, {p.id for p in proposals})
    merged: dict[str, list[str]] = {}
    for proposal in proposals:
        chain = merge_chain(proposal.id, decisions)
        if chain.cycle is None and chain.root != proposal.id:
            merged.setdefault(chain.root, []).append(proposal.id)
    found = []
    for proposal in proposals:
        decision = decisions.get(proposal.id)
        if decision is None or decision.decision != "accepted":
            continue
        wording = decision.wordings(proposal)
        missing = missing_wordings(proposal.language, wording, langs)
        if missing:
            found.append(
                {
                    "id": proposal.id,
                    "session": proposal.session,
                    "language": proposal.language,
                    "missing": ", ".join(missing),
                    "text": proposal.text,
                    "merged": "; ".join(merged.get(proposal.id, [])),
                    "wording_ru": wording.get("ru", ""),
                    "wording_en": wording.get("en", ""),
                }
            )
    return found


def _ordered(proposals: list[Proposal]) -> list[Proposal]:
    """Register order, with each cluster's rows together at its first member's place."""
    first: dict[str, int] = {}
    for index, proposal in enumerate(proposals):
        first.setdefault(proposal.cluster or proposal.id, index)
    keyed = sorted(enumerate(proposals), key=lambda ip: (first[ip[1].cluster or ip[1].id], ip[0]))
    return [p for _, p in keyed]


def _register_cells(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "session": proposal.session,
        "track": proposal.track or "",
        "format": proposal.format,
        "speaker": proposal.speaker or "",
        "organisation": proposal.organisation,
        "text": proposal.text,
        "values": "; ".join(proposal.values),
        "targets": "; ".join(proposal.targets),
        "regions": "; ".join(proposal.regions),
        "cluster": proposal.cluster,
        "support": proposal.support,
        "score": round(proposal.score, 3),
    }
