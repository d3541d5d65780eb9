"""``toolkit notes import`` of Word and text files: what is read, what is kept, what is guessed.

Each test imports a real file into a fresh workspace, then reads the note back with the
parser and runs ``toolkit notes check`` as the rapporteur would.
"""

from __future__ import annotations

from pathlib import Path

import docx

from toolkit.cli import cli
from toolkit.notes import read_note
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
