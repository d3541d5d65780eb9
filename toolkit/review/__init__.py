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
from collections.abc import Callable
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
from .update import Reviewed, ReviewReport, plan_update, update_workbook

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
    workspace: Workspace,
    register: Path | None = None,
    today: dt.date | None = None,
    on_decisions: Callable[[Reviewed], None] | None = None,
) -> ReviewReport:
    """Update the workspace's review workbook from its register: what ``toolkit review`` runs.

    The decisions are read from the update as it is about to be written, and handed to
    ``on_decisions`` before it is (the build drafts as the workbook is written), unless
    they have problems (then in the report's ``problems``).
    """
    proposals = read_register(workspace.existing_register(register))
    planned = plan_update(review_path(workspace), proposals, workspace.profile, today)
    reviewed, problems = None, []
    try:  # tell the analysts now what drafting would refuse
        decisions, warnings = planned.decisions()
    except ReviewError as exc:
        problems = exc.message.splitlines()
    else:
        reviewed = Reviewed(proposals, decisions, warnings)
        if on_decisions is not None:
            on_decisions(reviewed)
    report = planned.write()
    report.problems, report.reviewed = problems, reviewed
    report.warnings = reviewed.warnings if reviewed else []
    return report


def workspace_decisions(
    workspace: Workspace, proposals: list[Proposal]
) -> tuple[dict[str, Decision], list[str]]:
    """The analysts' decisions for ``proposals``, validated: what ``toolkit draft`` reads."""
    return read_decisions(review_path(workspace), workspace.profile, {p.id for p in proposals})
