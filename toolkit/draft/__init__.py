"""Word documents for officials: the consolidated draft, region briefs, session summaries.

The pipeline reads top to bottom in :func:`draft_documents`: check the templates, plan
each language once (``context.py``: which items, in which sections, with which numbers),
build each document's context (``documents.py``), render the documents in worker processes
(``pool.py``: ``render.py`` in the sandbox, ``wordml.py`` to finish), fill in the contents'
page numbers where LibreOffice is installed, then optionally write PDFs (``pdf.py``). The
templates (``templates.py``) are built by ``tools/templates.py``; their variables are in
``docs/templates.md``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DraftError
from ..notes import Note, Session, find_note_files, iter_notes
from ..profile import LANGUAGES
from ..register import DraftItem, read_register
from ..review import Reviewed, workspace_decisions
from ..textio import atomic_write, write_text_atomic
from ..workspace import Workspace
from .context import KINDS, Draft, sessions_from_notes
from .documents import Builder, sample_context
from .items import draft_items
from .pagecache import PageCache
from .pdf import (
    NO_SOFFICE,
    PAGING_PROCESSES,
    Office,
    convert,
    office_ahead,
    page_contents,
    soffice,
)
from .words import words

if TYPE_CHECKING:
    from .pool import Rendered, Task

__all__ = [
    "KINDS",
    "DraftReport",
    "build_document",
    "check_template",
    "checked_templates",
    "draft_documents",
    "draft_workspace",
    "forum_languages",
    "new_template",
    "paging_processes",
    "template_files",
    "template_path",
]

#: What this package gives from its modules that import python-docx, docxtpl and Jinja2:
#: imported when first asked for, so that the build starts LibreOffice (:mod:`.pdf`) before
#: it spends 0.3 s of CPU importing them (LibreOffice's start then overlaps them).
_LAZY = {
    "build_document": "pool",
    "check_template": "templates",
    "new_template": "templates",
    "template_files": "templates",
    "template_path": "templates",
}


def __getattr__(name: str) -> Any:
    """The names of :data:`_LAZY`, imported on first use."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FOLDERS = {"consolidated": "", "region": "regions", "session": "sessions"}
#: The largest consolidated draft (in numbered proposals) whose contents LibreOffice pages
#: during the build: laying out a larger one takes long (a minute for 900 proposals, ten and
#: more for a forum of a thousand sessions), so its contents keep the field Word fills in on
#: opening. A larger
#: draft is also rendered while no other one is (rendering 20,000 proposals takes 0.9 GB).
PAGED_ITEMS = 300


@dataclass
class DraftReport:
    """What :func:`draft_documents` wrote, removed and has to say."""

    documents: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    comments: int = 0
    paged: int = 0  # documents whose contents got page numbers from LibreOffice
    awaiting: dict[str, list[str]] = field(default_factory=dict)  # lang → item ids
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines: what was written where, and what awaits translation."""
        folders = {
            name: sum(1 for p in self.documents if p.parent.name == name)
            for name in ("regions", "sessions")
        }
        main = len(self.documents) - sum(folders.values())
        text = (
            f"Wrote {len(self.documents)} documents ({self.comments} provenance comments) "
            "into outputs/: "
            f"consolidated drafts {main}, region briefs {folders['regions']}, "
            f"session summaries {folders['sessions']}"
        )
        if self.pdfs:
            text += f", and {len(self.pdfs)} PDFs"
        if self.removed:
            text += f"; removed {len(self.removed)} left from earlier runs"
        for lang, ids in self.awaiting.items():
            if ids:
                name = words()["en"]["languages"][lang]
                shown = ", ".join(ids[:10]) + (", …" if len(ids) > 10 else "")
                text += (
                    f"\n{len(ids)} proposals have no {name} wording yet and are listed in the "
                    f"{name} draft's annex 'awaiting translation' ({shown}); add the wording "
                    f"in review.xlsx (column wording_{lang})"
                )
        return text


def _drafts(builder: Builder, langs: list[str], all_regions: bool) -> Iterator[Draft]:
    """Every brief and summary, built as it is rendered: only a few contexts exist at once."""
    briefs = builder.regions(all_regions)
    for lang in langs:
        yield from (builder.region(brief, lang) for brief in briefs)
        yield from (builder.session(session, lang) for session in builder.sessions.values())


MANIFEST = ".written-by-toolkit"


def _remove_stale(folder: Path, langs: Iterable[str], keep: set[Path]) -> list[Path]:
    """Briefs and summaries an earlier run wrote whose region or session is gone.

    Only files listed in the folder's manifest of what the toolkit wrote are ever removed:
    a copy an official saved next to them is theirs.
    """
    manifest = folder / MANIFEST
    earlier = set(manifest.read_text(encoding="utf-8").split()) if manifest.is_file() else set()
    endings = tuple(f"-{lang}.{suffix}" for lang in langs for suffix in ("docx", "pdf"))
    removed = []
    for name in sorted(earlier):
        path = folder / name
        if name.endswith(endings) and path.with_suffix(".docx") not in keep:
            if path.is_file():
                path.unlink()
                removed.append(path)
            earlier.discard(name)
    written = {p.name for p in keep if p.parent == folder}
    written |= {Path(name).with_suffix(".pdf").name for name in written}
    if folder.is_dir():
        write_text_atomic(manifest, "\n".join(sorted(earlier | written)) + "\n")
    return removed


def _put_in_place(held: Path, path: Path, pages: dict[str, int] | None) -> bool:
    """Write a document rendered into a temporary folder at ``path``, with the page of each
    contents entry from ``pages`` (as found in a PDF); whether it got them."""
    from .wordml import with_toc_pages

    package = held.read_bytes()
    filled = with_toc_pages(package, pages) if pages else None
    with atomic_write(path, "wb") as handle:  # a failure is a one-line OutputError
        handle.write(package if filled is None else filled)
    return filled is not None


def checked_templates(
    workspace: Workspace, langs: Iterable[str], seconds: float | None = None
) -> dict[tuple[str, str], Path]:
    """The template of each kind of document in each language, checked: a broken one stops
    drafting before anything is written (the build checks them while it extracts).
    ``seconds``: each render's time limit (default ``render.TIME_LIMIT``)."""
    from .render import TIME_LIMIT, template_problems
    from .templates import template_path

    seconds = TIME_LIMIT if seconds is None else seconds

    templates = {
        (kind, lang): template_path(workspace, kind, lang) for lang in langs for kind in KINDS
    }
    problems = [
        problem
        for (kind, lang), path in templates.items()
        for problem in template_problems(
            path, sample_context(kind, lang, workspace.profile), seconds
        )
    ]
    if problems:
        raise DraftError("\n".join(problems))
    return templates


def forum_languages(workspace: Workspace, langs: Iterable[str] | None = None) -> list[str]:
    """The languages to draft: those asked for, else the forum's, else both."""
    return list(langs or workspace.profile.forum.get("languages") or LANGUAGES)


def paging_processes(langs: list[str]) -> int:
    """LibreOffice processes to start ahead to page the consolidated drafts."""
    return max(1, min(PAGING_PROCESSES, len(langs)))


def _unpaged(problem: DraftError) -> str:
    """The warning for contents LibreOffice could not page: the documents are complete."""
    return (
        f"warning: the contents have no page numbers ({problem}); Word fills them in when "
        "the document is opened"
    )


def draft_documents(
    workspace: Workspace,
    items: list[DraftItem],
    notes: Iterable[Note] | dict[str, Session],
    langs: Iterable[str] = LANGUAGES,
    status: str | None = None,
    pdf: bool = False,
    seconds: float | None = None,
    all_regions: bool = False,
    jobs: int | None = None,
    pages: bool = True,
    offices: Sequence[Office] = (),
    templates: dict[tuple[str, str], Path] | None = None,
    before_writing: Callable[[], None] | None = None,
) -> DraftReport:
    """Write every document into ``outputs/`` for ``items`` and the sessions in ``notes``
    (or the sessions :func:`~.context.sessions_from_notes` made of them).

    ``status`` is "draft" or "final"; by default final only when every item was accepted.
    Templates are checked first (and LibreOffice, with ``pdf``): nothing is written if one of
    them is broken. Region briefs are written for regions with proposals of their own, or
    for every region with ``all_regions``. ``jobs`` worker processes render (default: the
    cores); ``seconds`` is each document's time limit (default ``render.TIME_LIMIT``).
    Where LibreOffice is installed the contents get their page numbers (unless
    ``pages`` is false: the benchmark measures drafting alone), from the ``offices`` the
    caller started ahead, else from ones started here as the templates are checked; if
    LibreOffice fails, the contents keep the field Word fills in and a warning says so.
    ``templates``: from :func:`checked_templates`, already checked (else checked here).
    ``before_writing`` is called before the first document is written into ``outputs/``,
    once the consolidated drafts are rendered and LibreOffice lays them out (the build
    waits there for its review workbook); what it raises stops drafting, nothing written.
    """
    langs = list(dict.fromkeys(langs))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown:
        raise DraftError(f"unknown language {', '.join(unknown)}; use ru or en")
    if pdf and soffice() is None:
        raise DraftError(NO_SOFFICE)
    from .pool import Renderer, Task
    from .render import TIME_LIMIT

    seconds = TIME_LIMIT if seconds is None else seconds
    if status is None:
        status = "final" if items and all(i.status == "accepted" for i in items) else "draft"
    wanted = pdf or (pages and len(items) <= PAGED_ITEMS * len(langs))  # else not paged
    with office_ahead(wanted and not offices, paging_processes(langs), not pdf) as started:
        offices = list(offices or started)
        profile = workspace.profile
        if templates is None or not set(templates) >= {(k, lang) for lang in langs for k in KINDS}:
            templates = checked_templates(workspace, langs, seconds)
        sessions = notes if isinstance(notes, dict) else sessions_from_notes(notes)
        builder = Builder(profile, items, sessions, status)

        def task(draft: Draft) -> Task:
            path = workspace.outputs_dir / FOLDERS[draft.kind] / f"{draft.stem}-{draft.lang}.docx"
            large = len(draft.comments) > PAGED_ITEMS
            return Task(templates[(draft.kind, draft.lang)], draft, path, seconds, large)

        report = DraftReport(
            awaiting={lang: [i.id for i in builder.plan(lang).awaiting] for lang in langs}
        )
        first = [task(builder.consolidated(lang)) for lang in langs]
        with Renderer(jobs) as renderer, tempfile.TemporaryDirectory(prefix="toolkit-toc-") as tmp:
            # the drafts to page first, so LibreOffice lays them out as the rest render; they
            # wait in the temporary folder until the contents have their page numbers
            small = [t for t in first if not t.large]
            held = {}
            for t in small:
                place, t.path = t.path, Path(tmp) / "drafts" / t.path.name
                held[t.path] = place
                t.path.parent.mkdir(exist_ok=True)
                if pages and soffice():  # LibreOffice lays out lighter copies
                    t.layout = Path(tmp) / "layout" / t.path.name
                    t.layout.parent.mkdir(exist_ok=True)
            rendered = list(renderer.run(small))
            paged = [(r.path, t.layout) for r, t in zip(rendered, small, strict=True) if r.contents]
            paging, ahead = None, offices
            if pages and paged and soffice():
                offices = []  # they end with this paging, or are kept for the PDFs
                copies = [copy for _, copy in paged if copy is not None]
                try:
                    cache = PageCache(soffice() or "soffice")
                    paging = page_contents(copies, Path(tmp), ahead, keep=pdf, cache=cache)
                except DraftError as exc:
                    report.messages.append(_unpaged(exc))
            elif not pdf:
                for office in ahead:
                    office.close()  # nothing to page
            try:
                if before_writing is not None:
                    before_writing()
                large = [t for t in first if t.large]
                del first, small
                drafts = (task(d) for d in _drafts(builder, langs, all_regions))
                busy = paging.running if paging is not None else lambda: False
                # the large ones' results come last
                rest = list(renderer.run(drafts, alone=large, spare=busy))
            except BaseException:
                if paging is not None:
                    paging.cancel()
                raise
            found: dict[Path, dict[str, int]] = {}
            if paging is not None:
                try:
                    found = paging.wait()
                except DraftError as exc:
                    report.messages.append(_unpaged(exc))
                if pdf:  # the PDFs start in the LibreOffice that paged, if it still runs
                    offices = [office for office in ahead if office.running()]
            copies = dict(paged)

            def finish(r: Rendered) -> bool:
                copy = copies.get(r.path)
                return _put_in_place(r.path, held[r.path], found.get(copy) if copy else None)

            # the drafts side by side: zlib and lxml let threads run
            with ThreadPoolExecutor(max(1, len(rendered))) as threads:
                report.paged = sum(threads.map(finish, rendered))
            rendered = [replace(r, path=held[r.path]) for r in rendered]
            rendered += rest[len(rest) - len(large) :] + rest[: len(rest) - len(large)]
            del large, rest
            if not offices:
                for office in ahead:
                    office.close()  # their profiles are free for the PDFs
        report.documents = [r.path for r in rendered]
        report.comments = sum(r.comments for r in rendered)
        keep = set(report.documents)
        for folder in ("regions", "sessions"):
            report.removed += _remove_stale(workspace.outputs_dir / folder, langs, keep)
        if pdf:
            report.pdfs = convert(report.documents, offices=offices).wait()
        return report


def draft_workspace(
    workspace: Workspace,
    register: Path | None = None,
    include_pending: bool = False,
    langs: Iterable[str] | None = None,
    pdf: bool = False,
    notes: Iterable[Note] | dict[str, Session] | None = None,
    all_regions: bool = False,
    jobs: int | None = None,
    offices: Sequence[Office] = (),
    templates: dict[tuple[str, str], Path] | None = None,
    reviewed: Reviewed | None = None,
    before_writing: Callable[[], None] | None = None,
) -> DraftReport:
    """What ``toolkit draft`` runs: register + analysts' decisions + notes → documents.

    ``notes`` already read, or the sessions made of them (by ``toolkit build``), are used
    as they are; else the notes are read.
    ``offices``: LibreOffice started ahead for the contents' page numbers (by the build);
    ``templates``: checked ahead (:func:`checked_templates`); ``reviewed``: the register
    and the decisions as the review has just read them (by the build), else read here;
    ``before_writing``: see :func:`draft_documents`.

    The documents say "final" only once analysts have decided on every proposal.
    """
    if not workspace.notes_dir.is_dir():
        raise DraftError(
            f"{workspace.notes_dir}: no notes folder; create it or pass the right workspace with -w"
        )
    if reviewed is None:
        proposals = read_register(workspace.existing_register(register))
        decisions, warnings = workspace_decisions(workspace, proposals)
    else:
        proposals, decisions, warnings = reviewed.proposals, reviewed.decisions, reviewed.warnings
    items = draft_items(proposals, decisions, include_pending)
    undecided = any(
        p.id not in decisions or decisions[p.id].decision == "pending" for p in proposals
    )
    status = "draft" if include_pending or undecided or not proposals else "final"
    if notes is None:
        notes = iter_notes(find_note_files([workspace.notes_dir]), workspace.profile)
    langs = forum_languages(workspace, langs)
    report = draft_documents(
        workspace,
        items,
        notes,
        langs,
        status,
        pdf,
        all_regions=all_regions,
        jobs=jobs,
        offices=offices,
        templates=templates,
        before_writing=before_writing,
    )
    report.messages[:0] = [f"warning: {line}" for line in warnings]
    return report
