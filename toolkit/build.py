"""The whole chain, top to bottom: check notes → extract → review workbook → documents.

What ``toolkit build`` and ``make demo`` run. Notes with errors stop the build before
anything is written: documents made from part of the forum would silently leave
sessions out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DraftError, NotesError
from .notes import Issue, check_notes, find_note_files
from .textio import check_writable
from .workspace import Workspace

#: Forums of up to this many sessions get LibreOffice started ahead to page the contents of
#: their drafts (the sample's 16 sessions give 159 proposals; drafts of more than
#: ``draft.PAGED_ITEMS`` = 300 are not paged).
PAGED_SESSIONS = 40


@dataclass
class BuildReport:
    """What each stage did, for the command to print."""

    warnings: list[Issue] = field(default_factory=list)
    register: Path | None = None
    proposals: int = 0
    review: str = ""
    review_problems: list[str] = field(default_factory=list)
    draft: str = ""
    messages: list[str] = field(default_factory=list)


def build(
    workspace: Workspace,
    *,
    include_pending: bool = False,
    langs: Iterable[str] | None = None,
    pdf: bool = False,
    models: dict[str, str] | None = None,
    on_note: Callable[[Path], None] | None = None,
    on_extracted: Callable[[], None] | None = None,
    all_regions: bool = False,
    jobs: int | None = None,
) -> BuildReport:
    """Check, extract, update ``review.xlsx`` and draft every document into ``outputs/``.

    ``on_note`` is called as each session's extraction starts, ``on_extracted`` once it ends.
    ``--pdf`` without LibreOffice stops here, before anything is read or written.
    """
    from .draft import draft_workspace
    from .draft.pdf import NO_SOFFICE, office_ahead, soffice
    from .extract import Pipelines, extract_notes, extraction_jobs, forum_year
    from .register import write_register
    from .review import review_workspace

    if pdf and soffice() is None:
        raise DraftError(NO_SOFFICE)

    report = BuildReport()
    check_writable(workspace.register_path)  # before minutes of extraction
    paths = find_note_files([workspace.notes_dir])
    notes, issues = check_notes(paths, workspace.profile)  # read once, for every stage
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise NotesError(
            "\n".join(str(i) for i in errors)
            + f"\n{len(errors)} error(s) in the notes; fix them, then build again "
            "(nothing was written)"
        )
    report.warnings = issues
    # LibreOffice, for the contents' page numbers, starts as the notes are extracted; a
    # larger forum's drafts are too long to page (see draft.PAGED_ITEMS)
    with office_ahead(pdf or len(notes) <= PAGED_SESSIONS) as office:
        pipelines = Pipelines(workspace.profile, models, forum_year(workspace.profile))
        result = extract_notes(
            notes,
            workspace.profile,
            pipelines=pipelines,
            on_note=on_note,
            jobs=extraction_jobs(jobs, len(notes)),
        )
        if on_extracted:
            on_extracted()
        workspace.outputs_dir.mkdir(parents=True, exist_ok=True)
        report.register = workspace.register_path
        write_register(result.proposals, report.register)
        report.proposals = len(result.proposals)
        del result, pipelines  # the later stages read the register; drafting's workers need neither
        review = review_workspace(workspace, report.register)
        report.review, report.review_problems = review.summary(), review.problems
        drafted = draft_workspace(
            workspace,
            report.register,
            include_pending,
            langs,
            pdf,
            notes,
            all_regions,
            jobs,
            office,
        )
        report.draft, report.messages = drafted.summary(), drafted.messages
        return report
