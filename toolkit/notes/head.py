"""Reading what an imported file says about its session: title, date, format and people.

Word and text notes start with lines like «Дата: 21 ноября 2024 г.», "Moderator: Pavel
Orlov" or «Спикеры: Ирина Волкова, министр культуры; Пётр Сидоров», and then speaker
turns. Those lines fill the front matter and leave the body. Whatever no line gives is
guessed (title from the first line, date from the text or the forum's first day, format
from the title) and listed in ``guessed:`` so that ``toolkit notes check`` asks a person
to confirm it. The label words, format names and months are data in ``data/notes.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ProfileError
from ..profile import Profile
from ..yamlio import load_plain_yaml
from .body import clean_text, conventions, looks_like_name
from .names import NameIndex
from .new import parse_person, person_fields

_HEAD_LINES = 30  # metadata lines stand at the top; a transcript's body never counts
_LINE_LABEL = re.compile(r"^(?P<label>[^:\n]{2,40}?)\s*:\s*(?P<value>.*)$")
_TURN = re.compile(r"^(?P<label>[^*_:\n]{2,60}?)\s*:\s+\S")
_ITEM_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_DASH = re.compile(r"\s+[—–]\s+")


@dataclass(frozen=True)
class ImportRules:
    """Label words, format names and month names from ``data/notes.yaml``."""

    labels: dict[str, str]  # normalised label → front-matter key
    formats: tuple[tuple[str, str], ...]  # (normalised name, format id), longest name first
    months: dict[str, int]  # normalised month name → 1..12


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower().replace("ё", "е")


def _names(data: dict[str, Any], key: str, path: str) -> dict[str, list[str]]:
    """A mapping of lists of non-empty strings, or a one-line error naming the key."""
    value = data.get(key)
    if not isinstance(value, dict) or not all(
        isinstance(items, list) and all(isinstance(i, str) and i.strip() for i in items)
        for items in value.values()
    ):
        raise ProfileError(f"{path}: '{key}' must map names to lists of words")
    return value


@cache
def import_rules() -> ImportRules:
    """The import vocabulary, validated once."""
    resource = resources.files("toolkit") / "data" / "notes.yaml"
    data = load_plain_yaml(resource.read_text(encoding="utf-8"))
    path = str(resource)
    labels = _names(data, "import_labels", path)
    formats = _names(data, "format_names", path)
    months = data.get("months")
    if not isinstance(months, list) or len(months) != 12:
        raise ProfileError(f"{path}: 'months' must list the names of the 12 months, January first")
    months_by_number = _names({"months": dict(enumerate(months, 1))}, "months", path)
    return ImportRules(
        labels={_norm(word): key for key, words in labels.items() for word in words},
        formats=tuple(
            sorted(
                ((_norm(name), fmt) for fmt, names in formats.items() for name in names),
                key=lambda pair: -len(pair[0]),
            )
        ),
        months={
            _norm(name): number for number, names in months_by_number.items() for name in names
        },
    )


# ---------------------------------------------------------------- dates


@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    month = "|".join(sorted(map(re.escape, import_rules().months), key=len, reverse=True))
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    more_days = r"(?:\s*[-–—]\s*\d{1,2}(?:st|nd|rd|th)?)?"  # "21–22 ноября": the first day
    return tuple(
        re.compile(pattern, re.IGNORECASE)
        for pattern in (
            r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b",
            r"\b(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})\b",
            rf"\b{day}{more_days}\s+(?P<name>{month})\.?,?\s+(?P<year>\d{{4}})\b",
            rf"\b(?P<name>{month})\.?\s+{day}{more_days},?\s+(?P<year>\d{{4}})\b",
        )
    )


def find_date(text: str) -> dt.date | None:
    """The first calendar date written in ``text``: ISO, dd.mm.yyyy, or with a month's name."""
    found: list[tuple[int, dt.date]] = []
    for pattern in _date_patterns():
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = (
                import_rules().months[_norm(parts["name"])]
                if parts.get("name")
                else int(parts["month"])
            )
            try:
                found.append((match.start(), dt.date(int(parts["year"]), month, int(parts["day"]))))
                break
            except ValueError:
                continue
    return min(found)[1] if found else None


# ---------------------------------------------------------------- formats and people


def find_format(text: str, profile: Profile) -> str | None:
    """The profile format a phrase names ("круглый стол" → roundtable), or ``None``."""
    words = _norm(re.sub(r"[^\w\s-]", " ", text))
    if words in profile.formats:
        return words
    for name, fmt in import_rules().formats:
        if fmt in profile.formats and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", words):
            return fmt
    return None


def _parts(text: str) -> list[str]:
    """Comma-separated parts, with "(role)" and "— role" read as parts too."""
    text = _DASH.sub(", ", _PARENS.sub(lambda m: ", " + m.group(1), text))
    return [part.strip(" .") for part in text.split(",") if part.strip(" .")]


def people_on_line(text: str, is_person: Callable[[str], bool]) -> list[dict[str, str]]:
    """The people a "Спикеры:" line lists.

    With ``;`` each person is "Name, role, organisation, region"; with commas only, a new
    person starts at each part that looks like a name ("Ирина Волкова, министр, Пётр
    Сидоров"). Parts that name nobody are the previous person's role, organisation, region.
    """
    if ";" in text:
        people = [parse_person(", ".join(_parts(chunk))) for chunk in text.split(";")]
    else:
        groups: list[list[str]] = []
        for part in _parts(text):
            if is_person(part) or not groups:
                groups.append([part])
            else:
                groups[-1].append(part)
        people = [person_fields(group) for group in groups]
    return [p for p in people if p.get("name") and is_person(p["name"])]


# ---------------------------------------------------------------- the head of a file


@dataclass
class Head:
    """What the top of a file says; ``guessed`` lists what had to be guessed instead."""

    body: str
    title: str | None = None
    date: dt.date | None = None
    format: str | None = None
    track: str | None = None
    rapporteur: str | None = None
    moderator: dict[str, str] | None = None
    speakers: list[dict[str, str]] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)


def _clean_line(line: str) -> str:
    return clean_text(_ITEM_MARK.sub("", line.strip().lstrip("#")), 0).text


def _is_person(profile: Profile) -> Callable[[str], bool]:
    regions = {
        _norm(p) for r in profile.regions.values() for lang in ("ru", "en") for p in r.phrases(lang)
    }
    return lambda text: looks_like_name(text) and _norm(text) not in regions


def _track(value: str, profile: Profile) -> str | None:
    wanted = _norm(value)
    for track in profile.tracks.values():
        if wanted == track.id or wanted in {_norm(n) for n in track.name.values()}:
            return track.id
    return None


def read_head(body: str, profile: Profile, fallback_title: str) -> Head:
    """Read the metadata lines at the top of ``body`` (Markdown) and guess the rest."""
    rules = import_rules()
    is_person = _is_person(profile)
    lines = body.split("\n")
    head = Head(body)
    taken: set[int] = set()  # lines read into the front matter
    first_line: str | None = None
    head_date: dt.date | None = None
    index = 0
    seen = 0
    while index < len(lines) and seen < _HEAD_LINES:
        line, index = lines[index], index + 1
        text = _clean_line(line)
        if not text:
            continue
        seen += 1
        if line.lstrip().startswith("#"):
            if head.title is None and first_line is None:
                head.title = text
                continue
            break  # a section heading: the session's content begins
        label = _LINE_LABEL.match(text)
        key = rules.labels.get(_norm(label.group("label"))) if label else None
        if label and key:
            value = label.group("value").strip()
            block = [index - 1]
            if key == "speakers" and not value:  # "Спикеры:" and a list below it
                while index < len(lines) and (
                    _ITEM_MARK.match(lines[index]) or (not lines[index].strip() and len(block) == 1)
                ):
                    block.append(index)
                    index += 1
                value = "; ".join(_clean_line(lines[i]) for i in block[1:] if lines[i].strip())
            if _read_field(head, key, value, profile, is_person):
                taken.update(block)
                continue
        if label and (key == "moderator" or looks_like_name(label.group("label"))):
            break  # the first speaker turn ("Модератор: Добрый день" is the moderator's)
        if _ITEM_MARK.match(line) or _norm(text).strip(":") in conventions().headings:
            break  # a list or a "Key conclusions" line: the session's content begins
        if first_line is None:
            first_line = text
        head_date = head_date or find_date(text)
    head.body = "\n".join(line for number, line in enumerate(lines) if number not in taken)
    head.body = re.sub(r"\n{3,}", "\n\n", head.body).strip() + "\n"
    _guess(head, profile, first_line or fallback_title, head_date)
    return head


def _read_field(
    head: Head, key: str, value: str, profile: Profile, is_person: Callable[[str], bool]
) -> bool:
    """Fill ``key`` from a labelled line's value; ``False`` when the value says nothing usable."""
    if key == "title" and value:
        head.title = value
    elif key == "date" and (date := find_date(value)):
        head.date = date
    elif key == "format" and (fmt := find_format(value, profile)):
        head.format = fmt
    elif key == "track" and (track := _track(value, profile)):
        head.track = track
    elif key == "rapporteur" and value:
        head.rapporteur = value
    elif key == "moderator" and (people := people_on_line(value.split(";")[0], is_person)):
        head.moderator = people[0]
    elif key == "speakers" and (people := people_on_line(value, is_person)):
        head.speakers.extend(people)
    else:
        return False
    return True


def _guess(head: Head, profile: Profile, first_line: str, head_date: dt.date | None) -> None:
    """Fill what no labelled line gave, and list it in ``guessed``."""
    if head.title is None:
        head.title = first_line[:150]
        head.guessed.append("title")
    if head.date is None:
        head.date = head_date or find_date(head.body)
        if head.date is None or head_date is None:
            head.guessed.append("date")
        head.date = head.date or profile.forum.get("dates", {}).get("start", dt.date.today())
    if head.format is None:
        head.format = find_format(head.title, profile) or "other"
        head.guessed.append("format")


def turn_names(body: str, head: Head) -> list[str]:
    """Names that open speaker turns in the body ("**Ирина Волкова:**", "Пётр Сидоров:").

    The moderator and the people the head lines listed are left out.
    """
    listed = [p["name"] for p in head.speakers] + (
        [head.moderator["name"]] if head.moderator else []
    )
    known = NameIndex(listed)
    found: dict[str, None] = {}
    for line in body.split("\n"):
        turn = _TURN.match(_clean_line(line))
        if turn and looks_like_name(turn.group("label").strip()):
            name = turn.group("label").strip()
            if known.resolve(name) is None:
                found.setdefault(name)
    return list(found)
