"""``toolkit notes import`` of Word and text files: what is read, what is kept, what is guessed.

Each test imports a real file into a fresh workspace, then reads the note back with the
parser and runs ``toolkit notes check`` as the rapporteur would.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.cli import cli
from toolkit.notes import read_note
from toolkit.notes.head import read_head
from toolkit.profile import default_profile


def import_files(runner, ws: Path, *paths: Path, options: tuple[str, ...] = ()):
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", *options, *map(str, paths)])
    assert "Traceback" not in result.output
    return result


def word_file(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def imported_note(ws: Path, name: str):
    path = ws / "session_notes" / name
    return path, read_note(path, default_profile())


# ---------------------------------------------------------------- text is kept literally

WORD_TEXT = [
    "Включить меры в стратегию <до 2030 года> и в госпрограмму края & Хакасии.",
    "If a<b and c>d, write <b>bold</b> as *stars* and [links](x) as they are: `code`.",
    "Путь C:\\folder и экранирование \\* остаются, как и 5 * 3 и snake_case.",
]


def test_word_text_reaches_the_note_character_for_character(runner, ws: Path, tmp_path) -> None:
    source = word_file(tmp_path / "literal.docx", *WORD_TEXT)
    result = import_files(runner, ws, source)
    assert result.exit_code == 0, result.output
    _, note = imported_note(ws, "literal.md")
    assert [b.text for b in note.blocks] == WORD_TEXT


# ---------------------------------------------------------------- the same source twice


def test_a_source_is_imported_once(runner, ws: Path, tmp_path: Path) -> None:
    source = word_file(tmp_path / "panel.docx", "Panel notes", "We propose a design school.")
    first = import_files(runner, ws, source)
    assert first.exit_code == 0, first.output
    path, note = imported_note(ws, "panel.md")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert (note.session.source, note.session.source_sha256) == ("panel.docx", digest)
    copy = tmp_path / "panel (copy).docx"
    copy.write_bytes(source.read_bytes())
    again = import_files(runner, ws, source, copy)
    assert again.exit_code == 1
    assert again.output.splitlines() == [
        f"{source}:1: already imported as {path} (same content); edit that note, "
        "or delete it to import the file again",
        f"{copy}:1: already imported as {path} (same content); edit that note, "
        "or delete it to import the file again",
    ]
    assert sorted(p.name for p in (ws / "session_notes").glob("*.md")) == ["README.md", "panel.md"]


def test_the_same_file_twice_in_one_run(runner, ws: Path, tmp_path: Path) -> None:
    source = tmp_path / "talk.txt"
    source.write_text("A lecture on brands.\n", encoding="utf-8")
    result = import_files(runner, ws, source, source)
    assert result.exit_code == 1
    target = ws / "session_notes" / "talk.md"
    assert result.output.splitlines() == [
        f"{source} -> {target}",
        f"{source}:1: already imported as {target} (same content); edit that note, "
        "or delete it to import the file again",
    ]


def test_check_warns_about_two_notes_with_the_same_body(runner, ws: Path, tmp_path) -> None:
    source = tmp_path / "talk.txt"
    source.write_text("Title\n\nRegions should fund design schools.\n", encoding="utf-8")
    assert import_files(runner, ws, source).exit_code == 0
    first = ws / "session_notes" / "talk.md"
    second = ws / "session_notes" / "talk-2.md"  # what an older toolkit made of a second import
    second.write_text(
        first.read_text(encoding="utf-8").replace("id: talk", "id: talk-2"), encoding="utf-8"
    )
    body_line = first.read_text(encoding="utf-8").splitlines().index("Title") + 1
    result = runner.invoke(cli, ["-w", str(ws), "notes", "check"])
    assert result.exit_code == 0, result.output
    same = [line for line in result.output.splitlines() if "the body is the same" in line]
    assert same == [  # talk-2.md sorts first: the later one is warned
        f"{first}:{body_line}: warning: the body is the same as in {second}; "
        "delete one of them (a session counted twice doubles every proposal's support)",
    ]


def test_fresh_notes_with_the_same_placeholders_are_no_duplicates(runner, ws, new_note) -> None:
    assert new_note("One").exit_code == 0
    assert new_note("Two").exit_code == 0
    result = runner.invoke(cli, ["-w", str(ws), "notes", "check"])
    assert "the body is the same" not in result.output


# ---------------------------------------------------------------- what is read, what is guessed

RUSSIAN_HEAD = [
    "Дата: 21 ноября 2024 г.",
    "Формат: круглый стол",
    "Модератор: Ольга Петрова",
    "Спикеры: Ирина Волкова, министр культуры, Правительство края, Красноярский край; Пётр Сидоров",
]
ENGLISH_HEAD = [
    "Date: 21 November 2024",
    "Format: panel discussion",
    "Moderator: Pavel Orlov, Rector, Siberian Federal University",
    "Speakers: Irina Volkova, Minister of Culture; Oleg Petrov",
]


def labelled_word_file(path: Path, title: str, head: list[str], turns: list[tuple[str, str]]):
    document = docx.Document()
    document.add_heading(title, 0)
    for line in head:
        document.add_paragraph(line)
    for name, text in turns:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}:").bold = True
        paragraph.add_run(f" {text}")
    document.save(str(path))
    return path


def test_russian_head_lines_fill_the_front_matter(runner, ws: Path, tmp_path: Path) -> None:
    source = labelled_word_file(
        tmp_path / "Круглый стол.docx",
        "Креативные кластеры",
        RUSSIAN_HEAD,
        [("Ольга Петрова", "Добрый день."), ("Ирина Волкова", "Предлагаю создать центр.")],
    )
    result = import_files(runner, ws, source)
    assert result.exit_code == 0, result.output
    _, note = imported_note(ws, "kruglyy-stol.md")
    session = note.session
    assert (session.title, str(session.date), session.format) == (
        "Креативные кластеры",
        "2024-11-21",
        "roundtable",
    )
    assert session.moderator.name == "Ольга Петрова"
    assert [(p.name, p.role, p.organization, p.region) for p in session.speakers] == [
        ("Ирина Волкова", "министр культуры", "Правительство края", "Красноярский край"),
        ("Пётр Сидоров", "", "", ""),
    ]
    assert session.guessed == []
    assert [(b.speaker, b.text) for b in note.blocks if b.kind != "heading"] == [
        ("Ольга Петрова", "Добрый день."),
        ("Ирина Волкова", "Предлагаю создать центр."),
    ]
    result = runner.invoke(cli, ["-w", str(ws), "notes", "check", "--strict"])
    assert result.output.splitlines() == ["1 notes checked: 0 errors, 0 warnings"]


def test_english_head_lines_fill_the_front_matter(runner, ws: Path, tmp_path: Path) -> None:
    source = labelled_word_file(
        tmp_path / "panel.docx", "Design in small towns", ENGLISH_HEAD, [("Oleg Petrov", "Hi.")]
    )
    assert import_files(runner, ws, source).exit_code == 0
    _, note = imported_note(ws, "panel.md")
    session = note.session
    assert (str(session.date), session.format, session.guessed) == ("2024-11-21", "panel", [])
    moderator = session.moderator
    assert (moderator.name, moderator.role, moderator.organization) == (
        "Pavel Orlov",
        "Rector",
        "Siberian Federal University",
    )
    assert [(p.name, p.role) for p in session.speakers] == [
        ("Irina Volkova", "Minister of Culture"),
        ("Oleg Petrov", ""),
    ]


@pytest.mark.parametrize(
    "written",
    [
        "Дата: 21 ноября 2024 г.",
        "Дата проведения: 21–22 ноября 2024 года",
        "Дата: 21.11.2024",
        "Date: 2024-11-21",
        "Date: 21 November 2024",
        "Date: November 21, 2024",
        "Date: Nov 21st 2024",
        "**Дата:** 21 ноября 2024",
    ],
)
def test_dates_in_russian_and_english_forms(runner, ws, tmp_path: Path, written: str) -> None:
    source = tmp_path / "dated.txt"
    source.write_text(f"Сессия о дизайне\n\n{written}\n\nТекст сессии.\n", encoding="utf-8")
    assert import_files(runner, ws, source).exit_code == 0
    path, note = imported_note(ws, "dated.md")
    assert str(note.session.date) == "2024-11-21"
    assert "date" not in note.session.guessed
    assert written not in path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def test_text_file_speaker_labels_are_read_like_word_ones(runner, ws: Path, tmp_path) -> None:
    source = tmp_path / "transcript.txt"
    source.write_text(
        "Малые города\n\nИрина Волкова: Предлагаю создать центр дизайна.\n\n"
        "Пётр Сидоров: Нужно поддержать мастеров.\n\n"
        "- Открыть школу ремёсел в каждом районе (Волкова)\n",
        encoding="utf-8",
    )
    assert import_files(runner, ws, source).exit_code == 0
    _, note = imported_note(ws, "transcript.md")
    assert [p.name for p in note.session.speakers] == ["Ирина Волкова", "Пётр Сидоров"]
    assert [(b.speaker, b.text) for b in note.blocks][-1] == (
        "Ирина Волкова",
        "Открыть школу ремёсел в каждом районе",
    )


def test_what_is_still_guessed_is_marked_and_warned_about(runner, ws: Path, tmp_path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("Круглый стол о ремёслах\n\nНужно поддержать мастеров.\n", encoding="utf-8")
    assert import_files(runner, ws, source).exit_code == 0
    path, note = imported_note(ws, "notes.md")
    session = note.session
    assert (str(session.date), session.format) == ("2024-11-20", "roundtable")
    assert session.guessed == ["title", "date", "format"]
    text = path.read_text(encoding="utf-8")
    assert "\nguessed: [title, date, format]\n" in text
    lines = text.splitlines()
    result = runner.invoke(cli, ["-w", str(ws), "notes", "check"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{path}:{lines.index(f'{key}: {value}') + 1}: warning: {key} '{value}' was guessed "
        f"by `toolkit notes import`; check it, then delete '{key}' from 'guessed'"
        for key, value in (
            ("title", "Круглый стол о ремёслах"),
            ("date", "2024-11-20"),
            ("format", "roundtable"),
        )
    ] + ["1 notes checked: 0 errors, 3 warnings"]
    path.write_text(text.replace("guessed: [title, date, format]\n", ""), encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(ws), "notes", "check", "--strict"])
    assert result.output.splitlines() == ["1 notes checked: 0 errors, 0 warnings"]


HEAD_PARTS = [
    *RUSSIAN_HEAD,
    *ENGLISH_HEAD,
    *("Спикеры:", "- Ирина Волкова, министр", "Дата: вторник", "Модератор: Добрый день"),
    *("# Заголовок", "Формат: вебинар", "Ирина Волкова: Предлагаю.", "**Дата:** 1.1.2024", ""),
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HEAD_PARTS), st.text(max_size=20)), max_size=12))
def test_any_head_is_read_without_inventing_text(lines: list[str]) -> None:
    body = "\n".join(lines) + "\n"
    head = read_head(body, default_profile(), fallback_title="file")
    assert {line.strip() for line in head.body.split("\n")} <= {
        line.strip() for line in body.split("\n")
    }
    assert head.title and head.date and head.format in default_profile().formats
    assert set(head.guessed) <= {"title", "date", "format"}


def test_a_source_in_the_workspace_is_not_imported_again_elsewhere(runner, ws, tmp_path) -> None:
    source = tmp_path / "talk.txt"
    source.write_text("A lecture on brands.\n", encoding="utf-8")
    assert import_files(runner, ws, source).exit_code == 0
    again = import_files(runner, ws, source, options=("--to", str(tmp_path / "inbox")))
    assert again.exit_code == 1
    assert f"already imported as {ws / 'session_notes' / 'talk.md'}" in again.output
    assert not (tmp_path / "inbox").exists()
