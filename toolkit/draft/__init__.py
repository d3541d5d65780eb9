"""Word documents for officials: the consolidated draft, region briefs, session summaries.

The pipeline reads top to bottom in :func:`draft_documents`: check the templates, build
each document's context (``context.py``), render it in the sandbox (``render.py``),
finish it with python-docx (``wordml.py``), write it atomically, then optionally convert
everything to PDF through LibreOffice (``pdf.py``). The default templates are generated
by ``python tools/templates.py`` (a developer tool, not shipped).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocumentObject

from ..errors import DraftError
from ..notes import Note, find_note_files, iter_notes
from ..profile import LANGUAGES, Profile, default_profile
from ..register import DraftItem, read_register
from ..review import workspace_decisions
from ..textio import atomic_write, write_text_atomic
from ..workspace import Workspace, default_templates_dir
from .context import KINDS, WORDS, Builder, Draft, sample_context, sessions_from_notes
from .items import draft_items
from .pdf import NO_SOFFICE, bookmark_pages, soffice, to_pdf
from .render import TIME_LIMIT, open_template, render, split_tag_problems, template_problems
from .wordml import Toc, add_comments, insert_toc, set_language, set_properties

__all__ = [
    "KINDS",
    "DraftReport",
    "build_document",
    "check_template",
    "draft_documents",
    "draft_workspace",
    "new_template",
    "template_files",
    "template_path",
]

FOLDERS = {"consolidated": "", "region": "regions", "session": "sessions"}
_NAME = re.compile(rf"^({'|'.join(KINDS)})-({'|'.join(LANGUAGES)})$")


@dataclass
class DraftReport:
    """What :func:`draft_documents` wrote, removed and has to say."""

    documents: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    comments: int = 0
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: what was written where."""
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
        return text


def template_path(workspace: Workspace, kind: str, lang: str) -> Path:
    """The workspace's ``templates/KIND-LANG.docx`` if it has one, else the shipped default."""
    name = f"{kind}-{lang}.docx"
    own = workspace.templates_dir / name
    return own if own.is_file() else default_templates_dir() / name


def template_files(workspace: Workspace) -> list[Path]:
    """The workspace's templates (not Word's ``~$`` lock files), or the defaults if none."""
    own = [
        p
        for p in sorted(workspace.templates_dir.glob("*.docx"))
        if not p.name.startswith(("~$", "."))
    ]
    return own or sorted(default_templates_dir().glob("*.docx"))


def new_template(workspace: Workspace, kind: str, lang: str) -> Path:
    """Copy a default template into the workspace to customise; never overwrites."""
    if kind not in KINDS or lang not in LANGUAGES:
        raise DraftError(
            f"unknown template {kind}-{lang}; use a kind among {', '.join(KINDS)} and ru or en"
        )
    target = workspace.templates_dir / f"{kind}-{lang}.docx"
    if target.exists():
        raise DraftError(
            f"{target}: already exists; edit it, or move it away to start again from the default"
        )
    data = (default_templates_dir() / target.name).read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.link(tmp, target)  # fails if the file appeared meanwhile: never overwrites
    except FileExistsError as exc:
        raise DraftError(
            f"{target}: already exists; edit it, or move it away to start again"
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return target


# ------------------------------------------------------------------ checking templates


def _kind_of(path: Path) -> tuple[str, str] | None:
    match = _NAME.match(path.stem)
    return (match.group(1), match.group(2)) if match else None


def check_template(
    path: Path, profile: Profile | None = None, seconds: float = TIME_LIMIT
) -> list[str]:
    """Every problem of a template as ``template.docx: paragraph N: message``; empty when fine.

    Reports tags split across Word runs, unclosed tags, syntax errors, unknown variables
    and anything that fails when the template is tried on a small sample.
    """
    found = _kind_of(path)
    if found is None:
        return [
            f"{path}: cannot tell which document this template is for; name it KIND-LANG.docx "
            f"with KIND among {', '.join(KINDS)} and LANG ru or en (e.g. region-ru.docx)"
        ]
    try:
        template = open_template(path)
    except DraftError as exc:
        return [exc.message]
    sample = sample_context(*found, profile or default_profile())
    return split_tag_problems(path, template.docx) + template_problems(path, sample, seconds)


# ------------------------------------------------------------------ drafting


def _drafts(builder: Builder, langs: Iterable[str]) -> Iterator[Draft]:
    briefs = builder.regions()
    for lang in langs:
        yield builder.consolidated(lang)
        for brief in briefs:
            yield builder.region(brief, lang)
        for session in builder.sessions.values():
            yield builder.session(session, lang)


def build_document(
    template: Path, draft: Draft, seconds: float = TIME_LIMIT
) -> tuple[DocumentObject, int, Toc]:
    """Render one document and finish it; return it (not saved), its comment count and contents."""
    document = render(template, draft.context, seconds)
    set_language(document, draft.lang)
    added = add_comments(document, draft.comments, WORDS[draft.lang]["author"])
    toc = insert_toc(document)
    set_properties(document, draft.properties, draft.lang)
    return document, added, toc


def _save(document: DocumentObject, path: Path) -> None:
    try:
        with atomic_write(path, "wb") as handle:
            document.save(handle)
    except OSError as exc:
        raise DraftError(
            f"{path}: cannot write the document ({exc.strerror}); close it in Word "
            "and check the folder's permissions"
        ) from exc


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


def _number_contents(contents: list[tuple[Path, DocumentObject, Toc]]) -> None:
    """Lay the documents out once in LibreOffice to learn each heading's page, and fill it in."""
    if not contents:
        return
    with tempfile.TemporaryDirectory(prefix="toolkit-toc-") as tmp:
        to_pdf([path for path, _, _ in contents], Path(tmp))
        for path, document, toc in contents:
            toc.set_pages(bookmark_pages(Path(tmp) / f"{path.stem}.pdf"))
            _save(document, path)


def draft_documents(
    workspace: Workspace,
    items: list[DraftItem],
    notes: Iterable[Note],
    langs: Iterable[str] = LANGUAGES,
    status: str | None = None,
    pdf: bool = False,
    seconds: float = TIME_LIMIT,
) -> DraftReport:
    """Write every document into ``outputs/`` for ``items`` and the sessions in ``notes``.

    ``status`` is "draft" or "final"; by default final only when every item was accepted.
    Templates are checked first, and nothing is written if one of them is broken.
    """
    langs = list(dict.fromkeys(langs))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown:
        raise DraftError(f"unknown language {', '.join(unknown)}; use ru or en")
    if status is None:
        status = "final" if items and all(i.status == "accepted" for i in items) else "draft"
    profile = workspace.profile
    templates = {
        (kind, lang): template_path(workspace, kind, lang) for lang in langs for kind in KINDS
    }
    problems = [
        problem
        for (kind, lang), path in templates.items()
        for problem in template_problems(path, sample_context(kind, lang, profile), seconds)
    ]
    if problems:
        raise DraftError("\n".join(problems))
    builder = Builder(profile, items, sessions_from_notes(notes), status)
    report = DraftReport()
    contents: list[tuple[Path, DocumentObject, Toc]] = []
    for draft in _drafts(builder, langs):
        document, added, toc = build_document(templates[(draft.kind, draft.lang)], draft, seconds)
        path = workspace.outputs_dir / FOLDERS[draft.kind] / f"{draft.stem}-{draft.lang}.docx"
        _save(document, path)
        report.documents.append(path)
        report.comments += added
        if pdf and toc.entries:
            contents.append((path, document, toc))
    keep = set(report.documents)
    for folder in ("regions", "sessions"):
        report.removed += _remove_stale(workspace.outputs_dir / folder, langs, keep)
    if pdf:
        if soffice() is None:
            report.messages.append(NO_SOFFICE)
        else:
            _number_contents(contents)
            report.pdfs = to_pdf(report.documents)
    return report


def draft_workspace(
    workspace: Workspace,
    register: Path | None = None,
    include_pending: bool = False,
    langs: Iterable[str] | None = None,
    pdf: bool = False,
    notes: Iterable[Note] | None = None,
) -> DraftReport:
    """What ``toolkit draft`` runs: register + analysts' decisions + notes → documents.

    ``notes`` already read (by ``toolkit build``) are used as they are; else they are read.

    The documents say "final" only once analysts have decided on every proposal.
    """
    if not workspace.notes_dir.is_dir():
        raise DraftError(
            f"{workspace.notes_dir}: no notes folder; create it or pass the right workspace with -w"
        )
    proposals = read_register(workspace.existing_register(register))
    decisions, warnings = workspace_decisions(workspace, proposals)
    items = draft_items(proposals, decisions, include_pending)
    undecided = any(
        p.id not in decisions or decisions[p.id].decision == "pending" for p in proposals
    )
    status = "draft" if include_pending or undecided or not proposals else "final"
    if notes is None:
        notes = iter_notes(find_note_files([workspace.notes_dir]), workspace.profile)
    langs = langs or workspace.profile.forum.get("languages") or LANGUAGES
    report = draft_documents(workspace, items, notes, langs, status, pdf)
    report.messages[:0] = [f"warning: {line}" for line in warnings]
    return report
