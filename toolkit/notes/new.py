"""Creating a note from answers (``toolkit notes new``) with a unique, valid id.

A new note is read back by the rules of ``toolkit notes check`` before it is written, so
both commands accept and refuse the same values with the same messages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import NotesError
from ..profile import Profile
from ..textio import write_new_text
from . import check_notes, duplicate_ids, find_note_files
from .parse import parse_note

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def slugify(text: str, limit: int = 48) -> str:
    """An id from a title: Russian transliterated, a-z 0-9 '-' only."""
    latin = "".join(_TRANSLIT.get(c, c) for c in text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    return slug[:limit].rstrip("-") or "session"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is free."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@dataclass
class NewNote:
    """The answers a rapporteur gives for a new session note."""

    title: str
    format: str
    date: dt.date
    track: str | None = None
    language: str | None = None
    rapporteur: str | None = None
    moderator: str | None = None
    speakers: list[str] = field(default_factory=list)
    id: str | None = None


def render_note(note: NewNote, session_id: str, body: str | None = None) -> str:
    """The Markdown text of a new note: front matter plus a body skeleton."""
    meta: dict = {"id": session_id, "title": note.title, "format": note.format, "date": note.date}
    for key in ("track", "language", "rapporteur", "moderator"):
        if getattr(note, key):
            meta[key] = getattr(note, key)
    people = [person for person in map(parse_person, note.speakers) if person]  # "", ",,,"
    if people:
        meta["speakers"] = people
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    ru = note.language == "ru"
    if body is None:
        body = (
            "## Ключевые выводы\n\n- …\n\n## Проблемы\n\n- …\n\n## Предложения\n\n- …\n"
            if ru
            else "## Key conclusions\n\n- …\n\n## Problems\n\n- …\n\n## Proposals\n\n- …\n"
        )
    return f"---\n{front}---\n\n{body}"


def person_fields(parts: list[str], joiner: str = ", ") -> dict[str, str]:
    """``[name, role, organisation…, region]`` → a speaker mapping.

    Name and role come first and the region last; everything between is the organisation,
    so an organisation with commas in its name is kept whole, never dropped.
    """
    parts = [p.strip() for p in parts if p.strip()]
    fields = dict(zip(("name", "role"), parts[:2], strict=False))
    if len(parts) == 3:
        fields["organization"] = parts[2]
    elif len(parts) > 3:
        fields["organization"] = joiner.join(parts[2:-1])
        fields["region"] = parts[-1]
    return fields


def parse_person(text: str) -> dict[str, str]:
    """``"Name, role, organisation, region"`` or ``"Name; role; organisation; region"``.

    With ``;`` each field may itself hold commas ("ООО «Мастерская», филиал").
    """
    if ";" in text:
        return person_fields(text.split(";"), "; ")
    return person_fields(text.split(","))


def create_note(note: NewNote, notes_dir: Path, profile: Profile) -> Path:
    """Write the note as ``notes_dir/<id>.md`` if `notes check` would accept it; never overwrites.

    Raises NotesError with every error `notes check` would report, one per line.
    """
    existing, _ = check_notes(find_note_files([notes_dir]), profile)
    taken = {n.session.id for n in existing if n.session}
    if note.id in taken:  # refused below, as `notes check` refuses a second note with it
        session_id = note.id
    else:
        stems = {p.stem for p in notes_dir.glob("*.md")}
        session_id = unique_id(note.id or slugify(note.title), taken | stems)
    path = notes_dir / f"{session_id}.md"
    text = render_note(note, session_id)
    written = parse_note(path, text, profile)
    _, duplicates = duplicate_ids([*existing, written])
    errors = [i.message for i in written.issues + duplicates if i.severity == "error"]
    if errors:
        raise NotesError("\n".join(errors))
    write_new_text(path, text)
    return path
