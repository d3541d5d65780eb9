"""Reading one note: front matter validated against the profile, then the body.

The format is described in docs/notes-format.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import NotesError
from ..profile import ID_RE, LANGUAGES, Profile
from ..textio import blank_control, has_control, read_text
from ..yamlio import LineDict, load_yaml, yaml_error_line
from .body import parse_body
from .model import Issue, Note, Person, Session

MAX_BYTES = 10 * 1024 * 1024
REQUIRED = ("id", "title", "format", "date")
KNOWN_KEYS = {
    *REQUIRED,
    *("track", "language", "rapporteur", "moderator", "speakers", "tags"),
    *("source", "source_sha256", "guessed"),  # written by `toolkit notes import`
}
PERSON_KEYS = {"name", "role", "organization", "organisation", "region"}
_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def detect_language(text: str) -> str:
    """``ru`` when Cyrillic letters outnumber Latin ones, else ``en``."""
    sample = text[:200_000]
    cyrillic = len(re.findall(r"[а-яА-ЯёЁ]", sample))
    latin = len(re.findall(r"[a-zA-Z]", sample))
    return "ru" if cyrillic > latin else "en"


class _Reporter:
    def __init__(self, path: Path, issues: list[Issue]) -> None:
        self.path, self.issues = path, issues

    def error(self, line: int, message: str) -> None:
        self.issues.append(Issue(self.path, line, message, "error"))

    def warn(self, line: int, message: str) -> None:
        self.issues.append(Issue(self.path, line, message, "warning"))


def split_front_matter(text: str, report: _Reporter) -> tuple[LineDict | None, int]:
    """Return the front matter mapping and the offset where the body starts."""
    if not text.strip():
        report.error(1, "the file is empty; start it with front matter (see `toolkit notes new`)")
        return None, len(text)
    lead = len(text) - len(text.lstrip())
    if not text[lead:].startswith("---"):
        report.error(
            text.count("\n", 0, lead) + 1,
            "no front matter; start the file with a '---' line, "
            "the metadata (id, title, format, date), and another '---' line",
        )
        return None, 0
    opening = _FENCE.match(text, lead)
    closing = _FENCE.search(text, opening.end() if opening else lead + 3)
    if opening is None or closing is None:
        report.error(
            text.count("\n", 0, lead) + 1,
            "the front matter is not closed; add a line with only '---' after the metadata",
        )
        return None, 0
    offset_line = text.count("\n", 0, opening.end())
    try:
        data = load_yaml(text[opening.end() : closing.start()])
    except yaml.YAMLError as exc:
        line, reason = yaml_error_line(exc)
        report.error(
            offset_line + line, f"invalid YAML in the front matter ({reason}); fix the syntax"
        )
        return None, closing.end()
    if not isinstance(data, LineDict):
        report.error(
            offset_line + 1, "the front matter must be 'key: value' lines (id, title, format, date)"
        )
        return None, closing.end()
    data.line += offset_line
    data.lines = {k: v + offset_line for k, v in data.lines.items()}
    return data, closing.end()


def _person(value: Any, where: str, line: int, report: _Reporter) -> Person | None:
    if isinstance(value, str) and value.strip():
        return Person(value.strip())
    if isinstance(value, LineDict) and isinstance(value.get("name"), str) and value["name"].strip():
        for key in value:
            if key not in PERSON_KEYS:
                report.warn(
                    line,
                    f"unknown key '{key}' in {where} is ignored; "
                    "use name, role, organization, region",
                )
        return Person(
            value["name"].strip(),
            str(value.get("role") or ""),
            str(value.get("organization") or value.get("organisation") or ""),
            str(value.get("region") or ""),
        )
    report.error(line, f"{where} must be a name, or a mapping with at least 'name'")
    return None


def note_date(value: Any) -> dt.date:
    """The day a ``date:`` value names: a YAML date as it is, text only as YYYY-MM-DD.

    Raises ValueError with what to write instead; `notes check` and `notes new` print it.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"date '{value}' is not a day of the calendar; "
                "write it as YYYY-MM-DD, e.g. 2024-11-21"
            ) from None
    dotted = _DOTTED_DATE.match(text)
    if dotted:
        day, month, year = dotted.groups()
        raise ValueError(
            f"date '{value}' is not an ISO date; write it as {year}-{int(month):02d}-{int(day):02d}"
        )
    raise ValueError(f"date '{value}' is not an ISO date; write it as YYYY-MM-DD, e.g. 2024-11-21")


def _blank(value: Any) -> bool:
    """A key with no value: absent, empty, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _errors(report: _Reporter) -> int:
    return sum(1 for issue in report.issues if issue.severity == "error")


def build_session(meta: LineDict, profile: Profile, report: _Reporter) -> Session | None:
    """Validate front matter (every problem reported) and build the :class:`Session`."""
    failed = _errors(report)
    _check_keys(meta, report)
    session_id = meta.get("id")
    if not _blank(session_id) and (not isinstance(session_id, str) or not ID_RE.match(session_id)):
        report.error(
            meta.line_of("id"),
            f"id '{session_id}' may use only a-z, 0-9 and '-' (no '/', '.', spaces)",
        )
    fmt = meta.get("format")
    if not _blank(fmt) and fmt not in profile.formats:
        report.error(
            meta.line_of("format"),
            f"unknown format '{fmt}'; use one of: {', '.join(profile.formats)}",
        )
    date = None
    if not _blank(meta.get("date")):
        try:
            date = note_date(meta["date"])
        except ValueError as problem:
            report.error(meta.line_of("date"), str(problem))
    track = meta.get("track")
    if track is not None and str(track) not in profile.tracks:
        report.error(
            meta.line_of("track"),
            f"unknown track '{track}'; use one of: {', '.join(profile.tracks)}",
        )
    language = meta.get("language")
    if language is not None and language not in LANGUAGES:
        report.error(meta.line_of("language"), f"language '{language}' must be en or ru")
    moderator = None
    if meta.get("moderator") is not None:
        moderator = _person(meta["moderator"], "moderator", meta.line_of("moderator"), report)
    speakers = _speakers(meta, report)
    tags = meta.get("tags") or []
    if not isinstance(tags, list):
        report.error(meta.line_of("tags"), "tags must be a list like [design, small-towns]")
        tags = []
    digest = _source_digest(meta, report)
    guessed = _guessed(meta, report)
    if _errors(report) > failed:
        return None
    return Session(
        id=session_id,
        title=str(meta["title"]).strip(),
        format=fmt,
        date=date,
        track=str(track) if track is not None else None,
        language=language,
        rapporteur=str(meta["rapporteur"]) if meta.get("rapporteur") else None,
        moderator=moderator,
        speakers=speakers,
        tags=[str(t) for t in tags],
        source=str(meta["source"]) if meta.get("source") else None,
        source_sha256=digest,
        guessed=guessed,
    )


def _check_keys(meta: LineDict, report: _Reporter) -> None:
    """An error for each required key without a value, a warning for each unknown key."""
    for key in REQUIRED:
        if _blank(meta.get(key)):
            report.error(
                meta.line_of(key),
                f"required key '{key}' is missing; add '{key}: …' to the front matter",
            )
    for key in meta:
        if key not in KNOWN_KEYS:
            report.warn(
                meta.line_of(key),
                f"unknown key '{key}' is ignored (known: {', '.join(sorted(KNOWN_KEYS))})",
            )


def _speakers(meta: LineDict, report: _Reporter) -> list[Person]:
    speakers: list[Person] = []
    raw_speakers = meta.get("speakers") or []
    if not isinstance(raw_speakers, list):
        report.error(meta.line_of("speakers"), "speakers must be a list ('- name: …' lines)")
        raw_speakers = []
    for index, item in enumerate(raw_speakers, 1):
        line = item.line if isinstance(item, LineDict) else meta.line_of("speakers")
        person = _person(item, f"speaker {index}", line, report)
        if person:
            speakers.append(person)
    return speakers


def _source_digest(meta: LineDict, report: _Reporter) -> str | None:
    """``source_sha256`` as `toolkit notes import` writes it; a warning and None otherwise."""
    digest = meta.get("source_sha256")
    if digest is not None and not (isinstance(digest, str) and _SHA256.match(digest)):
        report.warn(
            meta.line_of("source_sha256"),
            "source_sha256 is not the 64 hex digits `toolkit notes import` writes; "
            "delete the line (the file may then be imported again)",
        )
        return None
    return digest


def _guessed(meta: LineDict, report: _Reporter) -> list[str]:
    """The keys listed in ``guessed:``; a warning for each until a person confirms it."""
    guessed = meta.get("guessed")
    if guessed is None:
        return []
    if not isinstance(guessed, list) or not all(isinstance(k, str) for k in guessed):
        report.error(meta.line_of("guessed"), "guessed must be a list of keys like [date, format]")
        return []
    for key in guessed:
        if meta.get(key) in (None, "") or key == "guessed":
            report.warn(
                meta.line_of("guessed"),
                f"guessed lists '{key}', which the front matter does not give; "
                f"delete it from 'guessed'",
            )
            continue
        value = meta[key].isoformat() if isinstance(meta[key], dt.date) else meta[key]
        report.warn(
            meta.line_of(key),
            f"{key} '{value}' was guessed by `toolkit notes import`; "
            f"check it, then delete '{key}' from 'guessed'",
        )
    return list(guessed)


def parse_note(path: Path, text: str, profile: Profile, encoding: str = "utf-8") -> Note:
    """Parse decoded note text; problems are collected in ``note.issues``, never raised."""
    issues: list[Issue] = []
    report = _Reporter(path, issues)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        report.warn(
            1,
            f"the file is encoded as {encoding}, not UTF-8; it was read anyway "
            "(re-save it as UTF-8, or import it with `toolkit notes import`)",
        )
    if has_control(text):
        bad = next(i for i, c in enumerate(text) if blank_control(c) != c)
        report.warn(
            text.count("\n", 0, bad) + 1,
            f"control character U+{ord(text[bad]):04X} (pasted from Word?) "
            "is read as a space or line break",
        )
        text = blank_control(text)
    meta, body_start = split_front_matter(text, report)
    session = build_session(meta, profile, report) if meta is not None else None
    blocks = parse_body(text, body_start, session) if meta is not None else []
    language = detect_language(text[body_start:])
    if meta is not None:
        first_body_line = text.count("\n", 0, body_start) + 1
        if not blocks:
            report.warn(
                first_body_line, "the body is empty; add the session's notes below the front matter"
            )
        declared = session.language if session else None
        if declared and blocks and declared != language and sum(len(b.text) for b in blocks) > 200:
            report.warn(
                meta.line_of("language"),
                f"language says '{declared}' but the text reads as '{language}'; "
                f"using '{language}' (fix the language key)",
            )
        elif declared and blocks:
            language = declared
        _check_turns(session, blocks, text, report)
        for block in blocks:
            if block.kind == "item" and block.placeholder:
                report.warn(
                    block.line,
                    f"placeholder item '{block.text}' left from `toolkit notes new`; "
                    "write the point or delete the line",
                )
    return Note(
        path=path,
        text=text,
        session=session,
        blocks=blocks,
        issues=issues,
        encoding=encoding,
        language=language,
    )


def _check_turns(session: Session | None, blocks: list, text: str, report: _Reporter) -> None:
    if session is None:
        return
    known = {p.name for p in session.people}
    warned: set[str] = set()
    for block in blocks:
        if block.speaker and block.speaker not in known and block.speaker not in warned:
            warned.add(block.speaker)
            report.warn(
                block.line,
                f"speaker '{block.speaker}' is not in the front matter; "
                "add them to speakers (or fix the spelling)",
            )


def read_note(path: Path, profile: Profile) -> Note:
    """Read and parse a note file; unreadable files become a note with one error."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise NotesError(
                f"{path}:1: the file is {size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB "
                "limit for one session; split it into several sessions"
            )
        text, encoding = read_text(path)
    except NotesError as exc:
        message = exc.message.removeprefix(f"{path}:1: ").removeprefix(f"{path}: ")
        return Note(path=path, text="", session=None, blocks=[], issues=[Issue(path, 1, message)])
    except OSError as exc:
        return Note(
            path=path,
            text="",
            session=None,
            blocks=[],
            issues=[
                Issue(path, 1, f"cannot read the file ({exc.strerror}); check its permissions")
            ],
        )
    return parse_note(path, text, profile, encoding)
