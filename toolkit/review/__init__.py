"""The review workbook: where analysts decide what the documents say, and keep it.

``toolkit review`` writes ``outputs/review.xlsx`` from the register. Analysts fill the
yellow columns (decision, merge_into, wordings, overrides, comment) in Excel or
LibreOffice; re-running after the notes change rewrites the register columns and carries
every analyst cell over: by id, by text similarity when a rapporteur edited the sentence
(the id changes with the text), and into the ``orphaned`` sheet when the proposal is gone.
Nothing an analyst typed is ever dropped, and the previous file is backed up first.

The package has one module per job: ``columns`` (what the sheets hold), ``workbook`` (the
file: opening, reading rows, writing, styles), ``carry`` (rows following their proposals),
``update`` (:func:`update_workbook`) and ``decisions`` (:func:`read_decisions` and the
merge-chain walker). What the documents then contain is drafting's policy
(``toolkit.draft.items``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReviewError
from ..register import Decision, Proposal, read_register
from .columns import (
    COLUMNS,
    DECISIONS,
    HELP_SHEET,
    ORPHAN_COLUMNS,
    ORPHANED_SHEET,
    PROPOSALS_SHEET,
    REVIEW_NAME,
    TRANSLATION_COLUMNS,
    TRANSLATION_SHEET,
)
from .decisions import MergeChain, ReviewLabel, labels, merge_chain, read_decisions
from .update import Reviewed, ReviewReport, update_workbook

if TYPE_CHECKING:
    from ..workspace import Workspace

__all__ = [
    "COLUMNS",
    "DECISIONS",
    "HELP_SHEET",
    "ORPHANED_SHEET",
    "ORPHAN_COLUMNS",
    "PROPOSALS_SHEET",
    "REVIEW_NAME",
    "TRANSLATION_COLUMNS",
    "TRANSLATION_SHEET",
    "MergeChain",
    "ReviewLabel",
    "ReviewReport",
    "Reviewed",
    "labels",
    "merge_chain",
    "read_decisions",
    "review_path",
    "review_workspace",
    "update_workbook",
    "workspace_decisions",
]


def review_path(workspace: Workspace) -> Path:
    return workspace.outputs_dir / REVIEW_NAME


def review_workspace(
    workspace: Workspace, register: Path | None = None, today: dt.date | None = None
) -> ReviewReport:
    """Update the workspace's review workbook from its register: what ``toolkit review`` runs."""
    proposals = read_register(workspace.existing_register(register))
    report = update_workbook(review_path(workspace), proposals, workspace.profile, today)
    try:  # tell the analysts now what drafting would refuse
        decisions, report.warnings = workspace_decisions(workspace, proposals)
    except ReviewError as exc:
        report.problems = exc.message.splitlines()
    else:
        report.reviewed = Reviewed(proposals, decisions, report.warnings)
    return report


def workspace_decisions(
    workspace: Workspace, proposals: list[Proposal]
) -> tuple[dict[str, Decision], list[str]]:
    """The analysts' decisions for ``proposals``, validated: what ``toolkit draft`` reads."""
    return read_decisions(review_path(workspace), workspace.profile, {p.id for p in proposals})
