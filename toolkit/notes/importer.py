"""Converting Word and plain-text notes into session notes (``toolkit notes import``).

Whatever the file says is filled in (title, date, format, moderator and speakers from its
head lines, speakers from turn labels, language); whatever had to be guessed is listed in
``guessed:``, which ``toolkit notes check`` warns about until a person confirms it. The
content hash of the source goes into the note so that a file is imported only once.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import yaml

from ..errors import NotesError
from ..profile import Profile
from ..textio import clean_control, decode_bytes, write_new_text
from .body import escape_markup
from .head import read_head, turn_names
from .model import Note
from .new import slugify, unique_id
from .parse import detect_language

SUPPORTED = (".docx", ".txt", ".md", ".markdown")
_LIST_LINE = re.compile(r"^(?:- |1\. )")


def docx_to_markdown(path: Path) -> str:
    """Paragraphs, headings, lists, tables and bold speaker labels of a .docx, as Markdown."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise NotesError(
            f"{path}:1: not a readable Word document ({exc}); re-save it as .docx"
        ) from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            line = _paragraph(docx.text.paragraph.Paragraph(child, document))
            if lines and _LIST_LINE.match(lines[-1]) and line and not _LIST_LINE.match(line):
                lines.append("")  # a paragraph after a list is not part of its last item
            lines.append(line)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            lines.append("")
            for index, row in enumerate(table.rows):
                cells = [
                    escape_markup(c.text.replace("\n", " ").replace("|", "/").strip())
                    for c in row.cells
                ]
                lines.append("| " + " | ".join(cells) + " |")
                if index == 0:
                    lines.append("|" + "---|" * len(cells))
            lines.append("")
    return "\n".join(lines)


def _paragraph(paragraph) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    level = re.search(r"(heading|заголовок)\s*(\d)", style)
    if level or style == "title":
        heading = escape_markup(text)
        return "\n" + "#" * (int(level.group(2)) if level else 1) + " " + heading + "\n"
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if "list" in style or "спис" in style or numbered:
        marker = "1." if "number" in style or "нумер" in style else "-"
        return f"{marker} {_bold_label(paragraph, text)}"
    return _bold_label(paragraph, text) + "\n"


def _bold_label(paragraph, text: str) -> str:
    """Word text as Markdown; a bold 'Name:' at its start becomes a speaker label.

    Word text is literal: whatever Markdown would read as markup is escaped.
    """
    bold = ""
    for run in paragraph.runs:
        if not run.text.strip() and not bold:
            continue
        if run.bold:
            bold += run.text
        else:
            break
    bold = bold.strip()
    if (
        bold
        and len(bold) <= 60
        and (bold.endswith(":") or text[len(bold) :].lstrip().startswith(":"))
    ):
        label = bold.rstrip(":").strip()
        rest = text[len(bold) :].lstrip().lstrip(":").strip()
        return f"**{escape_markup(label)}:** {escape_markup(rest)}"
    return escape_markup(text)


def source_bytes(path: Path) -> bytes:
    """The file as it is on disk: what its content hash is computed from."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise NotesError(f"{path}:1: cannot read the file ({exc.strerror})") from exc


def convert(path: Path, profile: Profile, taken: set[str]) -> tuple[str, str]:
    """Return ``(session id, note text)`` for one input file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise NotesError(f"{path}:1: cannot import '{suffix}' files; give .docx, .txt or .md")
    data = source_bytes(path)
    if suffix == ".docx":
        body = docx_to_markdown(path)
    else:
        body, _ = decode_bytes(data, path)
        if body.lstrip().startswith("---"):
            raise NotesError(
                f"{path}:1: already has front matter; copy it into session_notes/ and run "
                "`toolkit notes check` instead"
            )
    body = body.replace("\r\n", "\n")
    if suffix == ".txt" and "\n\n" not in body.strip():
        # Word's "Save as plain text" writes one paragraph per line, with no blank lines.
        body = body.replace("\n", "\n\n")
    body = clean_control(body).strip() + "\n"
    if not body.strip():
        raise NotesError(f"{path}:1: the file has no text to import")
    session_id = unique_id(slugify(path.stem), taken)
    head = read_head(body, profile, fallback_title=path.stem)
    meta: dict = {
        "id": session_id,
        "title": head.title,
        "format": head.format,
        "date": head.date,
        "language": detect_language(head.body),
    }
    for key in ("track", "rapporteur", "moderator"):
        if getattr(head, key):
            meta[key] = getattr(head, key)
    if head.moderator and set(head.moderator) == {"name"}:
        meta["moderator"] = head.moderator["name"]
    found = [{"name": name} for name in turn_names(head.body, head)]
    if head.speakers or found:
        meta["speakers"] = head.speakers + found
    todo = [f"# TODO: imported from {path.name}. Add the track and the speakers' roles,"]
    if head.guessed:
        todo.append("# check each key 'guessed' lists and delete it from there,")
    todo.append("# then delete these TODO lines.")
    if found:
        names = ", ".join(s["name"] for s in found)
        todo.append(f"# TODO: {names}: found in speaker turns; add role, organization, region.")
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    if head.guessed:
        front += f"guessed: [{', '.join(head.guessed)}]\n"
    front += yaml.safe_dump(
        {"source": path.name, "source_sha256": hashlib.sha256(data).hexdigest()},
        allow_unicode=True,
        sort_keys=False,
    )
    return session_id, "---\n" + "\n".join(todo) + "\n" + front + "---\n\n" + head.body


_SOURCE_HASH = re.compile(r"^source_sha256:[ \t]*['\"]?([0-9a-f]{64})", re.MULTILINE)


def imported_sources(notes: Iterable[Note]) -> dict[str, Path]:
    """Content hash of each imported source → the note made from it.

    Read from the text, not the parsed front matter, so a note with errors still counts.
    """
    found: dict[str, Path] = {}
    for note in notes:
        front = note.text[: note.text.find("\n---", 3) + 1] if note.text.startswith("---") else ""
        if match := _SOURCE_HASH.search(front):
            found.setdefault(match.group(1), note.path)
    return found


def import_file(
    path: Path,
    notes_dir: Path,
    profile: Profile,
    taken: set[str],
    imported: dict[str, Path] | None = None,
) -> Path:
    """Import one file into ``notes_dir``; never overwrites a note, never imports a source twice.

    ``imported`` maps content hashes of sources already imported to their notes; the new
    note is added to it.
    """
    imported = {} if imported is None else imported
    digest = hashlib.sha256(source_bytes(path)).hexdigest()
    if digest in imported:
        raise NotesError(
            f"{path}:1: already imported as {imported[digest]} (same content); edit that note, "
            "or delete it to import the file again"
        )
    existing = {p.stem for p in notes_dir.glob("*.md")} if notes_dir.is_dir() else set()
    session_id, text = convert(path, profile, taken | existing)
    target = notes_dir / f"{session_id}.md"
    write_new_text(target, text)
    taken.add(session_id)
    imported[digest] = target
    return target
