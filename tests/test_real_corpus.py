"""The real-speech corpus (tests/data/real/) is consistent: notes parse, gold lines find their
notes, the once-blind parts follow their id rules. Consistency only: nothing here measures
quality. blind/ and blind2/ were measured once (sessions 4 and 5) and train the model since
session 11 (tests/data/training.yaml); blind11/ is session 11's fresh blind set, never trained
on and shares no event with the others."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import pytest

from toolkit.notes import iter_notes
from toolkit.profile import default_profile
from toolkit.register import normalise

REAL = Path(__file__).resolve().parent / "data" / "real"
UNDERSTANDING = Path(__file__).resolve().parent / "data" / "understanding"
PARTS = ("ru", "en", "blind", "blind2", "blind11/ru", "blind11/en")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _gold_lines(part: str) -> list[dict]:
    """blind2 keeps one gold file per language (gold_ru.jsonl, gold_en.jsonl); the others one."""
    return [line for path in sorted((REAL / part).glob("gold*.jsonl")) for line in _jsonl(path)]


def _sha1(session: str) -> int:
    return int(hashlib.sha1(session.encode()).hexdigest(), 16)


def _findable(gold: str, note: str) -> bool:
    """The gold text occurs in its note, whitespace-normalised. A few early gold texts were cut
    by a splitter that dropped the square brackets of editorial insertions (README, "Doubts"),
    so a text may also occur in the note with its brackets removed."""
    gold = normalise(gold)
    return any(gold in text for text in _note_texts(note))


@functools.cache
def _note_texts(note: str) -> tuple[str, str]:
    """A note's text normalised, with and without square brackets: once per note, not once
    per gold line (a note has dozens)."""
    text = normalise(note)
    return text, text.replace("[", "").replace("]", "")


@pytest.fixture(scope="module")
def notes() -> dict[str, dict]:
    profile = default_profile()
    parsed: dict[str, dict] = {}
    for part in PARTS:
        paths = sorted((REAL / part / "notes").glob("*.md"))
        parsed[part] = {note.session.id: note for note in iter_notes(paths, profile) if note.ok}
        assert len(parsed[part]) == len(paths), f"{part}: a note does not parse"
    return parsed


@pytest.mark.parametrize("part", PARTS)
def test_every_gold_line_finds_its_note_text_and_speaker(part: str, notes: dict) -> None:
    gold = _gold_lines(part)
    assert gold, part
    for line in gold:
        note = notes[part].get(line["session"])
        assert note is not None, f"{part}: no note {line['session']}"
        assert _findable(line["text"], note.text), (part, line["text"])
        names = {person.name for person in note.session.people}
        assert line["speaker"] is None or line["speaker"] in names, (part, line)


def test_the_blind_parts_follow_their_id_rules(notes: dict) -> None:
    """blind/: SHA-1 of the id divisible by 5 (tools/corpus/assemble.py); blind2/ (session 5):
    SHA-1 even, no note in two parts (the parts were split by these rules before labelling)."""
    for part in ("ru", "en"):
        assert all(_sha1(session) % 5 for session in notes[part]), part
    assert all(_sha1(session) % 5 == 0 for session in notes["blind"])
    assert all(_sha1(session) % 2 == 0 for session in notes["blind2"])
    assert not set(notes["blind2"]) & (set(notes["ru"]) | set(notes["en"]) | set(notes["blind"]))
    fresh = set(notes["blind11/ru"]) | set(notes["blind11/en"])  # session 11's blind set
    earlier = {session for part in ("ru", "en", "blind", "blind2") for session in notes[part]}
    assert not fresh & earlier
    by_file = {
        path.name: {
            json.loads(line)["session"][:5]
            for line in path.read_text(encoding="utf-8").splitlines()
        }
        for path in (REAL / "blind2").glob("gold_*.jsonl")
    }
    assert by_file["gold_ru.jsonl"] == {"r-ru-"}
    if "gold_en.jsonl" in by_file:
        assert by_file["gold_en.jsonl"] == {"r-en-"}


@pytest.mark.parametrize("language", ["ru", "en"])
def test_blind2_understanding_labels_the_same_proposals(language: str) -> None:
    """tests/data/understanding/blind2_<lang>.jsonl labels exactly that language's blind2 gold."""
    key = ("session", "text", "speaker")
    labelled = _jsonl(UNDERSTANDING / f"blind2_{language}.jsonl")
    gold = _jsonl(REAL / "blind2" / f"gold_{language}.jsonl")
    assert [tuple(line[k] for k in key) for line in labelled] == [
        tuple(line[k] for k in key) for line in gold
    ]
    assert all({"values", "route", "route_basis", "regions"} <= set(line) for line in labelled)
