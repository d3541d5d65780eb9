"""Converting Word and plain-text notes into session notes (``toolkit notes import``).

Whatever can be filled (title, language, date, speakers from bold labels) is filled;
what cannot is left as a placeholder marked ``TODO`` that ``toolkit notes check`` points at.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import yaml

from ..errors import NotesError
from ..profile import Profile
from ..textio import clean_control, decode_bytes, write_new_text
from .body import escape_markup, looks_like_name
from .model import Note
from .new import slugify, unique_id
from .parse import detect_language

SUPPORTED = (".docx", ".txt", ".md", ".markdown")
_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(20\d\d)\b")
_LABEL_MD = re.compile(r"^\*\*([^*:\n]{2,60}?)(?::\*\*|\*\*:)", re.MULTILINE)
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


def _title(body: str, path: Path) -> str:
    for line in body.splitlines():
        stripped = line.strip().lstrip("#").strip().strip("*").strip()
        if stripped:
            return stripped[:150]
    return path.stem


def _date(body: str) -> dt.date | None:
    for pattern, order in ((_ISO, (0, 1, 2)), (_DOTTED, (2, 1, 0))):
        match = pattern.search(body)
        if match:
            parts = [int(match.group(i + 1)) for i in order]
            try:
                return dt.date(*parts)
            except ValueError:
                continue
    return None


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
    language = detect_language(body)
    date = _date(body)
    labels = dict.fromkeys(m.group(1).strip() for m in _LABEL_MD.finditer(body))
    speakers = [label for label in labels if looks_like_name(label)]
    meta = {
        "id": session_id,
        "title": _title(body, path),
        "format": "other",
        "date": date or profile.forum.get("dates", {}).get("start", dt.date.today()),
        "language": language,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    todo = [
        f"# TODO: imported from {path.name}; check title, format (plenary, panel, roundtable, …) "
        "and date,",
        "# add track, moderator and speakers' roles, then delete these TODO lines.",
    ]
    if date is None:
        todo.append(
            "# TODO: no date was found in the text; the forum's first day is a placeholder."
        )
    speaker_yaml = ""
    if speakers:
        speaker_yaml = (
            "speakers:  # TODO: found in the text; add role, organization, region\n"
            + "".join(
                f"  - name: {yaml.safe_dump(s, allow_unicode=True).splitlines()[0]}\n"
                for s in speakers
            )
        )
    source = yaml.safe_dump(
        {"source": path.name, "source_sha256": hashlib.sha256(data).hexdigest()},
        allow_unicode=True,
        sort_keys=False,
    )
    return session_id, (
        "---\n" + "\n".join(todo) + "\n" + front + speaker_yaml + source + "---\n\n" + body
    )


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
