"""The whole chain, top to bottom: check notes → extract → review workbook → documents.

What ``toolkit build`` and ``make demo`` run. Notes with errors stop the build before
anything is written: documents made from part of the forum would silently leave
sessions out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DraftError, NotesError
from .notes import Issue, Note, Session, check_notes, find_note_files
from .pool import Apart, Handover
from .textio import check_writable
from .workspace import Workspace

if TYPE_CHECKING:
    from .draft.pdf import Office

#: Forums of up to this many sessions have their notes read and checked while the
#: extraction's child process imports spaCy, then sent to it; a larger forum's notes are read
#: first and shared with the child as it forks (sent, they would raise the peak of memory).
HANDED_OVER_SESSIONS = 40
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
    cache: bool = True,
    on_note: Callable[[Path], None] | None = None,
    on_extracted: Callable[[], None] | None = None,
    all_regions: bool = False,
    jobs: int | None = None,
) -> BuildReport:
    """Check, extract, update ``review.xlsx`` and draft every document into ``outputs/``.

    ``on_note`` is called as each session's extraction starts, ``on_extracted`` once it ends.
    ``--pdf`` without LibreOffice stops here, before anything is read or written.
    Extraction and the review workbook run in a child process (:class:`Apart`); for a forum
    of up to :data:`HANDED_OVER_SESSIONS` it is forked first and imports spaCy while this
    process reads and checks the notes, then takes them (:class:`Handover`). What the
    pipelines and the workbook took ends with it, and drafting's workers start from a
    process that holds little more than the sessions (not the notes' text).
    """
    if pdf:  # else the drafting package is imported once the extraction's child has forked
        from .draft.pdf import NO_SOFFICE, soffice

        if soffice() is None:
            raise DraftError(NO_SOFFICE)

    report = BuildReport()
    check_writable(workspace.register_path)  # before minutes of extraction
    paths = find_note_files([workspace.notes_dir])
    sessions: dict[str, Session] = {}  # all drafting needs of the notes

    def checked() -> list[Note]:
        """The notes, read once for every stage; errors stop the build."""
        from .draft.context import sessions_from_notes

        read, issues = check_notes(paths, workspace.profile)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise NotesError(
                "\n".join(str(i) for i in errors)
                + f"\n{len(errors)} error(s) in the notes; fix them, then build again "
                "(nothing was written)"
            )
        report.warnings = issues
        sessions.update(sessions_from_notes(read))
        return read

    # a small forum's notes are read as the child imports spaCy, then sent to it; a larger
    # one's first, for the child to share (a copy sent would add to the peak of memory)
    early = len(paths) <= HANDED_OVER_SESSIONS
    if early and "ru" in (workspace.profile.forum.get("languages") or ("ru",)):
        share_russian_morphology()
    notes = Handover() if early else Handover(checked())

    def extract_and_review(send: Callable[[object], None]) -> _Extracted | None:
        return _extract_and_review(workspace, paths, notes.receive, models, jobs, cache, send)

    def heard(message: object) -> None:
        if isinstance(message, Path) and on_note:
            on_note(message)
        elif message == EXTRACTED and on_extracted:
            on_extracted()

    templates: dict = {}
    with ExitStack() as stack:
        offices: list[Office] = []

        def meanwhile() -> None:  # LibreOffice, the notes, then drafting's imports and checks
            # LibreOffice, for the contents' page numbers, starts as the notes are extracted
            # (one per consolidated draft); a larger forum's drafts are too long to page
            # (see draft.PAGED_ITEMS). Whatever fails here (drafting's imports included)
            # closes the notes' pipe, else the child would wait for them forever
            try:
                from .draft import checked_templates, forum_languages, paging_processes
                from .draft.pdf import office_ahead

                languages = forum_languages(workspace, langs)
                paged = pdf or len(paths) <= PAGED_SESSIONS
                processes = paging_processes(languages)
                ahead = office_ahead(paged, processes, borrow=not pdf)  # a warm worker's, if any
                offices.extend(stack.enter_context(ahead))
                if early:
                    notes.give(checked())
            finally:
                notes.close()  # this process lets the notes go; the child extracts them
            from .review import workspace_decisions  # noqa: F401 - openpyxl, for the decisions

            templates.update(checked_templates(workspace, languages))
            from .draft import pool  # noqa: F401 - what the renderers run, imported ahead

        child = stack.enter_context(
            closing(Apart(extract_and_review, meanwhile, abandon=(NotesError,)))
        )
        # the register and the decisions come as the review workbook is being written
        reviewed = child.until(heard, _is_reviewed)
        report.register = workspace.register_path

        def written() -> None:
            """Wait for the review workbook (its problems stop the build here)."""
            done = child.result(heard)
            assert done is not None  # the child has the notes unless meanwhile raised
            report.proposals, report.review, report.review_problems = done

        if reviewed is None or not templates:  # the analysts' input has problems, or a
            written()  # template: drafting then reports them, once the workbook is written
        from .draft import draft_workspace

        drafted = draft_workspace(
            workspace,
            report.register,
            include_pending=include_pending,
            langs=langs,
            pdf=pdf,
            notes=sessions,
            all_regions=all_regions,
            jobs=jobs,
            offices=offices,
            templates=templates,
            reviewed=reviewed,  # type: ignore[arg-type]
            before_writing=written if reviewed is not None and templates else None,
        )
        report.draft, report.messages = drafted.summary(), drafted.messages
        return report


def _is_reviewed(message: object) -> bool:
    from .review import Reviewed  # once the child has forked

    return isinstance(message, Reviewed)


def share_russian_morphology() -> None:
    """Load pymorphy3's dictionaries before the child forks: reading the notes (names) here
    and the Russian pipeline there use them, and a forked child shares them instead of
    loading them again (0.1 s of CPU, while both cores extract)."""
    from .notes.names import morph

    morph()


EXTRACTED = "extracted"
#: proposals, the review's summary and problems
_Extracted = tuple[int, str, list[str]]


def _extract_and_review(
    workspace: Workspace,
    paths: list[Path],
    given: Callable[[], list[Note] | None],
    models: dict[str, str] | None,
    jobs: int | None,
    cache: bool,
    send: Callable[[object], None],
) -> _Extracted | None:
    """Extract the notes ``given`` once they are checked (``None``: they are not, stop),
    write the register, update ``review.xlsx``; ``send`` each note's path as its
    extraction starts, then :data:`EXTRACTED`, then what drafting reads (the register's
    proposals and the analysts' decisions, :class:`~.review.Reviewed`) before the workbook
    is written, unless the decisions have problems."""
    from .extract import (
        Pipelines,
        extract_notes,
        extraction_jobs,
        forum_year,
        prepare_extraction,
    )
    from .extract.cache import ExtractionCache
    from .register import write_register
    from .review import review_workspace

    pipelines = Pipelines(workspace.profile, models, forum_year(workspace.profile))
    kept = ExtractionCache.for_pipelines(pipelines) if cache else None
    if kept is None or not kept.holds(paths):  # spaCy imported while the notes are checked
        prepare_extraction()
    notes = given()
    if notes is None:
        return None
    result = extract_notes(
        notes,
        workspace.profile,
        pipelines=pipelines,
        on_note=send,
        jobs=extraction_jobs(jobs, len(notes)),
        cache=kept,
    )
    send(EXTRACTED)
    workspace.outputs_dir.mkdir(parents=True, exist_ok=True)
    write_register(result.proposals, workspace.register_path)
    count = len(result.proposals)
    del result, pipelines  # the review reads the register
    review = review_workspace(workspace, workspace.register_path, on_decisions=send)
    return count, review.summary(), review.problems
