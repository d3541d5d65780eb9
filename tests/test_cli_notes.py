"""The workspace and notes commands end to end, with click's CliRunner on tmp_path workspaces.

Every message a user sees is asserted in full: ``file:line: message``, then the exit status.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click
import docx
import pytest
from docx.shared import Pt

from toolkit.cli import cli
from toolkit.notes import read_note
from toolkit.profile import default_profile
from toolkit.register import Proposal, write_register

ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
---
id: {id}
title: Design in small towns
format: panel
date: 2024-11-21
track: small-towns
speakers:
  - name: Irina Volkova
---

Irina Volkova: We propose a design centre in every small town.
"""


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def lines(result) -> list[str]:
    return result.output.splitlines()


def notes_dir(ws: Path) -> Path:
    return ws / "session_notes"


def write(ws: Path, name: str, content: str | bytes) -> Path:
    path = notes_dir(ws) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def check(runner, ws: Path, *args: str):
    result = runner.invoke(cli, ["-w", str(ws), "notes", "check", *args])
    no_traceback(result)
    return result


# ---------------------------------------------------------------- init and the workspace


def test_init_creates_a_workspace(runner, tmp_path: Path) -> None:
    target = tmp_path / "krasnoyarsk-2025"
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert lines(result) == [
        f"Created workspace {target.resolve()}",
        f"Next: edit forum.yaml, then `toolkit -w {target} notes new`.",
    ]
    assert sorted(p.name for p in target.iterdir()) == [
        "forum.yaml",
        "outputs",
        "session_notes",
        "templates",
    ]
    assert (
        (target / "session_notes" / "README.md")
        .read_text(encoding="utf-8")
        .startswith("# Session notes")
    )
    result = check(runner, target)
    assert result.exit_code == 0
    assert lines(result) == ["0 notes checked: 0 errors, 0 warnings"]


def test_init_never_overwrites_a_workspace(runner, ws: Path) -> None:
    (ws / "forum.yaml").write_text("forum:\n  edition: '2030'\n", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(ws)])
    no_traceback(result)
    assert result.exit_code == 1
    assert lines(result) == [
        f"{ws / 'forum.yaml'}: a workspace already exists here; nothing was changed"
    ]
    assert (ws / "forum.yaml").read_text(encoding="utf-8") == "forum:\n  edition: '2030'\n"


def test_init_into_an_existing_folder_keeps_its_files(runner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "forum.yaml").is_file()


def test_workspace_is_found_from_a_subfolder(runner, ws: Path, monkeypatch) -> None:
    write(ws, "day-1/good.md", GOOD.format(id="good"))
    monkeypatch.chdir(notes_dir(ws) / "day-1")
    result = runner.invoke(cli, ["notes", "check"])
    assert result.exit_code == 0, result.output
    assert lines(result) == ["1 notes checked: 0 errors, 0 warnings"]


def test_outside_a_workspace(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["notes", "check"])
    no_traceback(result)
    assert result.exit_code == 1
    assert lines(result) == [
        f"{tmp_path.resolve()}: not inside a workspace (no forum.yaml here or above); "
        "run `toolkit init DIR` or pass -w DIR"
    ]
    result = runner.invoke(cli, ["-w", str(tmp_path / "missing"), "notes", "list"])
    no_traceback(result)
    assert result.exit_code == 1
    assert lines(result) == [
        f"{tmp_path / 'missing'}: no such folder; give an existing workspace with -w"
    ]


def test_check_of_files_outside_a_workspace_uses_the_default_profile(
    runner, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "loose.md"
    path.write_text(GOOD.format(id="loose"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["notes", "check", "loose.md"])
    assert result.exit_code == 0, result.output
    assert lines(result) == ["1 notes checked: 0 errors, 0 warnings"]


# ---------------------------------------------------------------- notes check: basics


def test_sample_notes_are_clean(runner, sample_root: Path) -> None:
    result = check(runner, sample_root, "--strict")
    assert result.exit_code == 0, result.output
    assert len(lines(result)) == 1
    assert lines(result)[0].endswith("notes checked: 0 errors, 0 warnings")
    assert int(lines(result)[0].split()[0]) >= 14


def test_bad_date_in_a_sample_note_is_reported_with_file_and_line(
    runner, sample_workspace: Path
) -> None:
    note = sorted((sample_workspace / "session_notes").rglob("*.md"))[0]
    text = note.read_text(encoding="utf-8")
    source = text.splitlines()
    index = next(i for i, line in enumerate(source) if line.startswith("date:"))
    source[index] = "date: 21.11.2024"
    note.write_text("\n".join(source) + "\n", encoding="utf-8")
    result = check(runner, sample_workspace)
    assert result.exit_code == 1
    assert (
        f"{note.resolve()}:{index + 1}: date '21.11.2024' is not an ISO date; write it as "
        "2024-11-21" in lines(result)
    )


def test_check_selected_paths(runner, ws: Path) -> None:
    write(ws, "day-1/a.md", GOOD.format(id="a"))
    write(ws, "day-2/b.md", GOOD.format(id="b").replace("format: panel", "format: webinar"))
    result = check(runner, ws, str(notes_dir(ws) / "day-1"))
    assert result.exit_code == 0
    assert lines(result) == ["1 notes checked: 0 errors, 0 warnings"]
    result = check(runner, ws, str(notes_dir(ws) / "day-2" / "b.md"))
    assert result.exit_code == 1
    assert lines(result)[-1] == "1 notes checked: 1 errors, 0 warnings"
    result = runner.invoke(cli, ["-w", str(ws), "notes", "check", str(ws / "nope.md")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_readme_and_hidden_folders_are_not_notes(runner, ws: Path) -> None:
    write(ws, ".drafts/broken.md", "not a note")
    write(ws, "day-1/README.md", "# Day one\n")
    write(ws, "day-1/a.md", GOOD.format(id="a"))
    result = check(runner, ws)
    assert lines(result) == ["1 notes checked: 0 errors, 0 warnings"]


WARNINGS = [
    # (a change to GOOD, the line, the warning)
    (
        (
            "Irina Volkova: We propose a design centre in every small town.\n",
            "## Proposals\n\n- …\n",
        ),
        13,
        "placeholder item '…' left from `toolkit notes new`; write the point or delete the line",
    ),
    (
        ("track: small-towns", "track: small-towns\ncolour: red"),
        7,
        "unknown key 'colour' is ignored (known: date, format, guessed, id, language, moderator, "
        "rapporteur, source, source_sha256, speakers, tags, title, track)",
    ),
    (
        ("Irina Volkova: We", "Anna Smirnova: We"),
        11,
        "speaker 'Anna Smirnova' is not in the front matter; add them to speakers (or fix the "
        "spelling)",
    ),
    (
        ("Irina Volkova: We propose a design centre in every small town.\n", ""),
        9,
        "the body is empty; add the session's notes below the front matter",
    ),
    (
        ("  - name: Irina Volkova", "  - name: Irina Volkova\n    phone: 123"),
        8,
        "unknown key 'phone' in speaker 1 is ignored; use name, role, organization, region",
    ),
]


@pytest.mark.parametrize(("change", "line", "message"), WARNINGS)
def test_warnings_exit_0_and_strict_makes_them_errors(
    runner, ws: Path, change, line: int, message: str
) -> None:
    path = write(ws, "a.md", GOOD.format(id="a").replace(*change))
    result = check(runner, ws)
    assert result.exit_code == 0
    assert lines(result) == [
        f"{path}:{line}: warning: {message}",
        "1 notes checked: 0 errors, 1 warnings",
    ]
    result = check(runner, ws, "--strict")
    assert result.exit_code == 1
    assert lines(result) == [f"{path}:{line}: {message}", "1 notes checked: 1 errors, 0 warnings"]


# ---------------------------------------------------------------- notes check: every bad input

FRONT = "---\nid: {id}\ntitle: T\nformat: panel\ndate: 2024-11-21\n---\n\nSome text.\n"

BAD_INPUTS = [
    # (file name, content, [(line, message)])
    (
        "malformed.md",
        "---\nid: malformed\ntitle: Design: towns\nformat: panel\ndate: 2024-11-21\n---\n\nx\n",
        [
            (
                3,
                "invalid YAML in the front matter (mapping values are not allowed here); fix the "
                "syntax",
            )
        ],
    ),
    (
        "unclosed-list.md",
        "---\nid: x\ntitle: [Design\nformat: panel\n---\n\nx\n",
        [
            (
                4,
                "invalid YAML in the front matter (expected ',' or ']', but got ':'); fix the "
                "syntax",
            )
        ],
    ),
    (
        "twice.md",
        "---\nid: twice\ntitle: T\nformat: panel\ntitle: U\ndate: 2024-11-21\n---\n\nx\n",
        [
            (
                5,
                "invalid YAML in the front matter ('title' is written twice; keep one); fix the "
                "syntax",
            )
        ],
    ),
    (
        "not-mapping.md",
        "---\n- id: x\n- title: T\n---\n\nx\n",
        [(1, "the front matter must be 'key: value' lines (id, title, format, date)")],
    ),
    (
        "scalar.md",
        "---\njust some words\n---\n\nx\n",
        [(1, "the front matter must be 'key: value' lines (id, title, format, date)")],
    ),
    (
        "unclosed.md",
        "---\nid: unclosed\ntitle: T\nformat: panel\ndate: 2024-11-21\n\nSome text.\n",
        [(1, "the front matter is not closed; add a line with only '---' after the metadata")],
    ),
    (
        "no-front.md",
        "\n# Session\n\nSome text.\n",
        [
            (
                2,
                "no front matter; start the file with a '---' line, the metadata (id, title, "
                "format, date), "
                "and another '---' line",
            )
        ],
    ),
    (
        "no-id.md",
        "---\ntitle: T\nformat: panel\ndate: 2024-11-21\n---\n\nx\n",
        [(2, "required key 'id' is missing; add 'id: …' to the front matter")],
    ),
    (
        "empty-title.md",
        "---\nid: empty-title\ntitle: ''\nformat: panel\ndate: 2024-11-21\n---\n\nx\n",
        [(3, "required key 'title' is missing; add 'title: …' to the front matter")],
    ),
    (
        "no-keys.md",
        "---\nid: no-keys\n---\n\nx\n",
        [
            (2, "required key 'title' is missing; add 'title: …' to the front matter"),
            (2, "required key 'format' is missing; add 'format: …' to the front matter"),
            (2, "required key 'date' is missing; add 'date: …' to the front matter"),
        ],
    ),
    (
        "slash.md",
        FRONT.format(id="day-1/plenary"),
        [(2, "id 'day-1/plenary' may use only a-z, 0-9 and '-' (no '/', '.', spaces)")],
    ),
    (
        "dots.md",
        FRONT.format(id=".."),
        [(2, "id '..' may use only a-z, 0-9 and '-' (no '/', '.', spaces)")],
    ),
    (
        "traversal.md",
        FRONT.format(id="../../etc"),
        [(2, "id '../../etc' may use only a-z, 0-9 and '-' (no '/', '.', spaces)")],
    ),
    (
        "upper.md",
        FRONT.format(id="Plenary Values"),
        [(2, "id 'Plenary Values' may use only a-z, 0-9 and '-' (no '/', '.', spaces)")],
    ),
    (
        "dotted-date.md",
        FRONT.format(id="dotted").replace("2024-11-21", "21.11.2024"),
        [(5, "date '21.11.2024' is not an ISO date; write it as 2024-11-21")],
    ),
    (
        "slashed-date.md",
        FRONT.format(id="slashed").replace("2024-11-21", "1/11/2024"),
        [(5, "date '1/11/2024' is not an ISO date; write it as 2024-11-01")],
    ),
    (
        "word-date.md",
        FRONT.format(id="word-date").replace("2024-11-21", "21 November"),
        [(5, "date '21 November' is not an ISO date; write it as YYYY-MM-DD, e.g. 2024-11-21")],
    ),
    (
        "no-such-day.md",
        FRONT.format(id="no-such-day").replace("2024-11-21", "2024-02-30"),
        [
            (
                5,
                "date '2024-02-30' is not a day of the calendar; write it as YYYY-MM-DD, e.g. "
                "2024-11-21",
            )
        ],
    ),
    (
        "no-such-month.md",
        FRONT.format(id="no-such-month").replace("2024-11-21", "2024-13-45"),
        [
            (
                5,
                "date '2024-13-45' is not a day of the calendar; write it as YYYY-MM-DD, e.g. "
                "2024-11-21",
            )
        ],
    ),
    (
        "format.md",
        FRONT.format(id="format").replace("panel", "webinar"),
        [
            (
                4,
                "unknown format 'webinar'; use one of: plenary, panel, roundtable, lecture, "
                "master-class, "
                "presentation, premiere, other",
            )
        ],
    ),
    (
        "language.md",
        FRONT.format(id="language").replace("date:", "language: de\ndate:"),
        [(5, "language 'de' must be en or ru")],
    ),
    (
        "speakers.md",
        FRONT.format(id="speakers").replace("date:", "speakers: Irina Volkova\ndate:"),
        [(5, "speakers must be a list ('- name: …' lines)")],
    ),
    (
        "empty.md",
        "",
        [(1, "the file is empty; start it with front matter (see `toolkit notes new`)")],
    ),
    (
        "blank.md",
        "\n  \n\t\n",
        [(1, "the file is empty; start it with front matter (see `toolkit notes new`)")],
    ),
    (
        "binary.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        [(1, "this is a binary file, not text; save it as .md, .txt or .docx")],
    ),
]


def _docx_bytes() -> bytes:
    import io

    document = docx.Document()
    document.add_paragraph("Notes")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BAD_INPUTS.append(
    (
        "word.md",
        _docx_bytes(),
        [(1, "this is a binary file, not text; save it as .md, .txt or .docx")],
    )
)

OTHER = GOOD.format(id="other").replace("track: small-towns", "track: small-towns\ntags: x")
OTHER_WARNING = "tags must be a list like [design, small-towns]"


@pytest.mark.parametrize(
    ("name", "content", "expected"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input_gives_one_line_per_problem_and_exit_1(
    runner, ws: Path, name: str, content, expected
) -> None:
    bad = write(ws, name, content)
    other = write(ws, "zz-other.md", OTHER)  # checked after the bad one
    result = check(runner, ws)
    assert result.exit_code == 1
    assert lines(result) == [
        *(f"{bad}:{line}: {message}" for line, message in expected),
        f"{other}:7: {OTHER_WARNING}",
        f"2 notes checked: {len(expected) + 1} errors, 0 warnings",
    ]


TRACK_CHOICES = (
    "use one of: siberia-centre, gastronomy, strategy, support-measures, local-identity, "
    "fashion, small-towns, personnel, industrial-design, fashion-retail, animation"
)


@pytest.mark.parametrize("track", ["smal-towns", "cinema"])
def test_unknown_track_is_an_error(runner, ws: Path, track: str) -> None:
    path = write(ws, "a.md", GOOD.format(id="a").replace("small-towns", track))
    result = check(runner, ws)
    assert result.exit_code == 1
    assert lines(result) == [
        f"{path}:6: unknown track '{track}'; {TRACK_CHOICES}",
        "1 notes checked: 1 errors, 0 warnings",
    ]


def test_a_fresh_note_warns_about_each_placeholder(runner, ws: Path, new_note) -> None:
    assert new_note("Design in small towns").exit_code == 0
    path = notes_dir(ws) / "design-in-small-towns.md"
    items = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if line == "- …"]  # fmt: skip
    result = check(runner, ws)
    assert result.exit_code == 0
    assert lines(result) == [
        f"{path}:{line}: warning: placeholder item '…' left from `toolkit notes new`; "
        "write the point or delete the line"
        for line in items
    ] + ["1 notes checked: 0 errors, 3 warnings"]
    path.write_text(
        path.read_text(encoding="utf-8").replace("- …", "- Towns need designers"), encoding="utf-8"
    )
    assert lines(check(runner, ws, "--strict")) == ["1 notes checked: 0 errors, 0 warnings"]


def test_duplicate_ids_across_files(runner, ws: Path) -> None:
    first = write(ws, "day-1/design.md", GOOD.format(id="design"))
    # The id is not on the first line of the front matter, and the title holds "id:".
    second = write(
        ws,
        "day-2/design.md",
        GOOD.format(id="design").replace(
            "---\nid: design\ntitle: Design in small towns\n",
            "---\ntitle: 'Rapid: design in small towns'\nid: design\n",
        ),
    )
    third = write(ws, "day-3/design.md", GOOD.format(id="design"))
    result = check(runner, ws)
    assert result.exit_code == 1
    assert lines(result) == [
        f"{second}:3: id 'design' is already used by {first}; give this session another id",
        f"{third}:2: id 'design' is already used by {first}; give this session another id",
        "3 notes checked: 2 errors, 0 warnings",
    ]


def test_a_20_mb_note(runner, ws: Path) -> None:
    big = write(
        ws, "big.md", GOOD.format(id="big") + ("Words of a very long transcript. " * 640_000)
    )
    assert big.stat().st_size > 20 * 2**20
    good = write(ws, "good.md", GOOD.format(id="good"))
    result = check(runner, ws)
    assert result.exit_code == 1
    size = big.stat().st_size / 2**20
    assert lines(result) == [
        f"{big}:1: the file is {size:.1f} MB, over the 10 MB limit for one session; split it into "
        "several sessions",
        "2 notes checked: 1 errors, 0 warnings",
    ]
    assert good.exists()


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_a_note_in_a_russian_8_bit_encoding_is_read_with_a_warning(
    runner, ws: Path, encoding: str
) -> None:
    text = (
        GOOD.format(id="ru")
        .replace("Design in small towns", "Дизайн в малых городах")
        .replace("Irina Volkova", "Ирина Волкова")
        .replace(
            "We propose a design centre in every small town.",
            "Предлагаем создать центр дизайна в каждом городе.",
        )
    )
    path = write(ws, "ru.md", text.encode(encoding))
    result = check(runner, ws)
    assert result.exit_code == 0
    encoding_name = encoding.replace("-", "_")
    assert lines(result) == [
        f"{path}:1: warning: the file is encoded as {encoding_name}, not UTF-8; it was read anyway "
        "(re-save it as UTF-8, or import it with `toolkit notes import`)",
        "1 notes checked: 0 errors, 1 warnings",
    ]
    assert check(runner, ws, "--strict").exit_code == 1
    note = read_note(path, default_profile())
    assert note.session.title == "Дизайн в малых городах"
    assert [(b.speaker, b.text) for b in note.blocks] == [
        ("Ирина Волкова", "Предлагаем создать центр дизайна в каждом городе.")
    ]


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), None),
        (lambda text: text.encode("utf-16"), "utf-16"),
        (lambda text: text.replace("\n", "\r\n").encode("utf-8"), None),
    ],
    ids=["utf-8-bom", "utf-16", "crlf"],
)
def test_other_unicode_forms_are_read(runner, ws: Path, encoded, encoding: str | None) -> None:
    path = write(ws, "a.md", encoded(GOOD.format(id="a")))
    result = check(runner, ws)
    assert result.exit_code == 0
    expected = (
        []
        if encoding is None
        else [
            f"{path}:1: warning: the file is encoded as {encoding}, not UTF-8; it was read anyway "
            "(re-save it as UTF-8, or import it with `toolkit notes import`)"
        ]
    )
    assert lines(result) == [*expected, f"1 notes checked: 0 errors, {len(expected)} warnings"]
    note = read_note(path, default_profile())
    assert [(b.speaker, b.text) for b in note.blocks] == [
        ("Irina Volkova", "We propose a design centre in every small town.")
    ]


SHORT = "---\nid: ctl\ntitle: T\nformat: panel\ndate: 2024-11-21\n---\n\nA design centre.\n"


@pytest.mark.parametrize(
    ("pasted", "code"), [("\x0b", "000B"), ("\x00", "0000"), ("\x0c", "000C"), ("\x07", "0007")]
)
@pytest.mark.parametrize(
    ("template", "line", "text"),
    [
        (GOOD.format(id="ctl"), 11, "We propose a design centre in every small town."),
        (SHORT, 8, "A design centre."),
    ],
    ids=["long", "short"],
)
def test_control_characters_from_word_are_converted_with_a_warning(
    runner, ws: Path, pasted: str, code: str, template: str, line: int, text: str
) -> None:
    path = write(ws, "ctl.md", template.replace("design centre", f"design{pasted}centre"))
    result = check(runner, ws)
    assert result.exit_code == 0
    assert lines(result) == [
        f"{path}:{line}: warning: control character U+{code} (pasted from Word?) "
        "is read as a space or line break",
        "1 notes checked: 0 errors, 1 warnings",
    ]
    note = read_note(path, default_profile())
    assert note.ok
    assert [b.text for b in note.blocks] == [text]


def test_every_bad_file_is_reported_in_one_run(runner, ws: Path) -> None:
    """Validate everything, report every error, then stop once."""
    paths = {name: write(ws, name, content) for name, content, _ in BAD_INPUTS}
    good = write(ws, "good.md", GOOD.format(id="good"))
    result = check(runner, ws)
    assert result.exit_code == 1
    output = lines(result)
    for name, _, expected in BAD_INPUTS:
        for line, message in expected:
            assert f"{paths[name]}:{line}: {message}" in output
    assert not any(line.startswith(str(good)) for line in output)
    errors = sum(len(expected) for _, _, expected in BAD_INPUTS)
    assert output[-1] == f"{len(BAD_INPUTS) + 1} notes checked: {errors} errors, 0 warnings"
    assert len(output) == errors + 1


# ---------------------------------------------------------------- notes list


def test_list_shows_a_table(runner, ws: Path) -> None:
    write(ws, "day-1/a.md", GOOD.format(id="a"))
    write(
        ws,
        "day-2/b.md",
        "---\nid: b\ntitle: Б\nformat: lecture\ndate: 2024-11-22\n---\n\nПять слов в этой "
        "заметке.\n",
    )
    write(ws, "day-2/broken.md", "---\nid: [\n---\n")
    result = runner.invoke(cli, ["-w", str(ws), "notes", "list"])
    no_traceback(result)
    assert result.exit_code == 1  # the table of the readable ones, and a failure for the other
    assert lines(result) == [
        "id  date        format   track        lang  speakers  words",
        "a   2024-11-21  panel    small-towns  en    1         9",
        "b   2024-11-22  lecture               ru    0         5",
        "1 notes could not be read; run `toolkit notes check`",
    ]
    assert result.stderr == "1 notes could not be read; run `toolkit notes check`\n"


def test_list_the_sample(runner, sample_root: Path) -> None:
    result = runner.invoke(cli, ["-w", str(sample_root), "notes", "list"])
    assert result.exit_code == 0, result.output
    rows = lines(result)
    assert rows[0].split() == ["id", "date", "format", "track", "lang", "speakers", "words"]
    assert len(rows) - 1 == len(list((sample_root / "session_notes").rglob("*.md")))
    assert any(row.startswith("plenary-values ") for row in rows)
    assert {row.split()[4] for row in rows[1:] if len(row.split()) == 7} == {"en", "ru"}


# ---------------------------------------------------------------- notes new

SCRIPTED = [
    "--title",
    "Design in small towns",
    "--format",
    "panel",
    "--date",
    "2024-11-21",
    "--track",
    "small-towns",
    "--language",
    "en",
    "--moderator",
    "Pavel Orlov",
    "--rapporteur",
    "Anna Smirnova",
    "--speaker",
    "Irina Volkova, Minister of Culture, Government of the Region, Krasnoyarsk Krai",
    "--speaker",
    "Oleg Petrov",
    "--no-input",
]


def test_new_scripted(runner, ws: Path) -> None:
    result = runner.invoke(cli, ["-w", str(ws), "notes", "new", *SCRIPTED])
    assert result.exit_code == 0, result.output
    path = notes_dir(ws) / "design-in-small-towns.md"
    assert lines(result) == [f"Created {path}"]
    assert (
        path.read_text(encoding="utf-8")
        == """\
---
id: design-in-small-towns
title: Design in small towns
format: panel
date: 2024-11-21
track: small-towns
language: en
rapporteur: Anna Smirnova
moderator: Pavel Orlov
speakers:
- name: Irina Volkova
  role: Minister of Culture
  organization: Government of the Region
  region: Krasnoyarsk Krai
- name: Oleg Petrov
---

## Key conclusions

- …

## Problems

- …

## Proposals

- …
"""
    )
    result = check(runner, ws)
    assert lines(result)[-1] == "1 notes checked: 0 errors, 3 warnings"  # the three "- …"
    # The same title again: a fresh id, the first file untouched.
    before = path.read_text(encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(ws), "notes", "new", *SCRIPTED])
    assert lines(result) == [f"Created {notes_dir(ws) / 'design-in-small-towns-2.md'}"]
    assert path.read_text(encoding="utf-8") == before
    assert check(runner, ws).exit_code == 0


def test_new_in_russian_with_a_given_id(runner, ws: Path) -> None:
    result = runner.invoke(
        cli,
        [
            "-w",
            str(ws),
            "notes",
            "new",
            "--title",
            "Мода Сибири",
            "--format",
            "roundtable",
            "--date",
            "2024-11-22",
            "--language",
            "ru",
            "--id",
            "siberian-fashion",
            "--no-input",
        ],
    )
    assert result.exit_code == 0, result.output
    note = read_note(notes_dir(ws) / "siberian-fashion.md", default_profile())
    assert note.ok
    assert (note.session.id, note.session.title, note.session.track) == (
        "siberian-fashion",
        "Мода Сибири",
        None,
    )
    assert [(b.text, b.role) for b in note.blocks if b.kind == "heading"] == [
        ("Ключевые выводы", "conclusions"),
        ("Проблемы", "problems"),
        ("Предложения", "proposals"),
    ]


@pytest.mark.parametrize(
    ("title", "expected_id"),
    [
        ("Круглый стол: мода и ритейл", "kruglyy-stol-moda-i-riteyl"),
        ("Industrial design / regions (2024)", "industrial-design-regions-2024"),
        ("../../etc/passwd", "etc-passwd"),
        ("!!!", "session"),
    ],
)
def test_new_makes_a_valid_id_from_any_title(
    runner, ws: Path, new_note, title: str, expected_id: str
) -> None:
    result = new_note(title)
    assert result.exit_code == 0, result.output
    assert lines(result) == [f"Created {notes_dir(ws) / (expected_id + '.md')}"]
    assert check(runner, ws).exit_code == 0


@pytest.mark.parametrize(
    ("options", "exit_code", "message"),
    [
        (
            ["--title", "X"],
            1,
            "missing --format, --date; give them as options or answer the prompts",
        ),
        ([], 1, "missing --title, --format, --date; give them as options or answer the prompts"),
        (
            ["--title", "X", "--format", "webinar", "--date", "2024-11-21"],
            1,
            "unknown format 'webinar'; use one of: plenary, panel, roundtable, lecture, "
            "master-class, presentation, "
            "premiere, other",
        ),
        (
            ["--title", "X", "--format", "panel", "--date", "2024-11-21", "--track", "cinema"],
            1,
            f"unknown track 'cinema'; {TRACK_CHOICES}",
        ),
        (
            ["--title", "X", "--format", "panel", "--date", "2024-11-21", "--id", "day-1/x"],
            1,
            "id 'day-1/x' may use only a-z, 0-9 and '-' (no '/', '.', spaces)",
        ),
        (
            ["--title", "X", "--format", "panel", "--date", "2024-11-21", "--id", ".."],
            1,
            "id '..' may use only a-z, 0-9 and '-' (no '/', '.', spaces)",
        ),
        (
            ["--title", "X", "--format", "panel", "--date", "2024-11-21", "--id", "taken"],
            1,
            "id 'taken' is already used by {taken}; give this session another id",
        ),
        (
            ["--title", "X", "--format", "panel", "--date", "21.11.2024"],
            2,
            "Error: Invalid value for '--date': date '21.11.2024' is not an ISO date; "
            "write it as 2024-11-21",
        ),
    ],
)
def test_new_refuses_bad_values(
    runner, ws: Path, options: list[str], exit_code: int, message: str
) -> None:
    taken = write(ws, "day-1/taken.md", GOOD.format(id="taken"))
    result = runner.invoke(cli, ["-w", str(ws), "notes", "new", *options, "--no-input"])
    no_traceback(result)
    assert result.exit_code == exit_code
    assert lines(result)[-1] == message.format(taken=taken)
    assert sorted(p.name for p in notes_dir(ws).rglob("*.md")) == ["README.md", "taken.md"]


def note_with(key: str, value: str) -> tuple[str, int]:
    """GOOD with ``key: "value"`` in its front matter, and the line it is on."""
    rows = GOOD.format(id="by-hand").splitlines(keepends=True)
    line = next((i for i, row in enumerate(rows) if row.startswith(f"{key}:")), None)
    if line is None:
        line = 1
        rows.insert(line, "")
    rows[line] = f'{key}: "{value}"\n'
    return "".join(rows), line + 1


AGREEMENT = [  # key, value, and the message both commands refuse it with (None: both accept)
    ("format", "roundtable", None),
    (
        "format",
        "webinar",
        "unknown format 'webinar'; use one of: plenary, panel, roundtable, lecture, master-class, "
        "presentation, premiere, other",
    ),
    ("track", "fashion", None),
    ("track", "cinema", f"unknown track 'cinema'; {TRACK_CHOICES}"),
    ("id", "panel-2", None),
    ("id", "day-1/x", "id 'day-1/x' may use only a-z, 0-9 and '-' (no '/', '.', spaces)"),
    ("id", "Panel", "id 'Panel' may use only a-z, 0-9 and '-' (no '/', '.', spaces)"),
    ("date", "2024-11-22", None),
    ("date", "22.11.2024", "date '22.11.2024' is not an ISO date; write it as 2024-11-22"),
    (
        "date",
        "20241122",
        "date '20241122' is not an ISO date; write it as YYYY-MM-DD, e.g. 2024-11-21",
    ),
    (
        "date",
        "2024-02-30",
        "date '2024-02-30' is not a day of the calendar; write it as YYYY-MM-DD, e.g. 2024-11-21",
    ),
    ("moderator", "Pavel Orlov", None),
    ("moderator", " ", "moderator must be a name, or a mapping with at least 'name'"),
]


@pytest.mark.parametrize(("key", "value", "refusal"), AGREEMENT)
def test_new_and_check_agree(
    runner, ws: Path, tmp_path: Path, key: str, value: str, refusal: str | None
) -> None:
    """What `notes new` accepts, `notes check` accepts in a note written by hand; what one
    refuses the other refuses with the same message."""
    answers = {"title": "Agreement", "format": "panel", "date": "2024-11-21", key: value}
    options = [part for option, answer in answers.items() for part in (f"--{option}", answer)]
    new = runner.invoke(cli, ["-w", str(ws), "notes", "new", *options, "--no-input"])
    no_traceback(new)
    by_hand = tmp_path / "by-hand.md"
    text, line = note_with(key, value)
    by_hand.write_text(text, encoding="utf-8")
    checked = check(runner, ws, str(by_hand))
    if refusal is None:
        assert new.exit_code == 0, new.output
        assert check(runner, ws).exit_code == 0  # the note `notes new` wrote
        assert checked.exit_code == 0, checked.output
    else:
        usage = f"Error: Invalid value for '--{key}': " if key == "date" else ""
        assert (new.exit_code, lines(new)[-1]) == (2 if usage else 1, usage + refusal)
        assert sorted(p.name for p in notes_dir(ws).rglob("*.md")) == ["README.md"]
        assert checked.exit_code == 1
        assert f"{by_hand}:{line}: {refusal}" in lines(checked)


def test_a_blank_title_is_refused_by_both(runner, ws: Path, new_note, tmp_path: Path) -> None:
    result = new_note("   ")
    assert (result.exit_code, lines(result)[-1]) == (
        1,
        "missing --title; give them as options or answer the prompts",
    )
    by_hand = tmp_path / "by-hand.md"
    text, line = note_with("title", "   ")
    by_hand.write_text(text, encoding="utf-8")
    checked = check(runner, ws, str(by_hand))
    assert checked.exit_code == 1
    assert lines(checked)[0] == (
        f"{by_hand}:{line}: required key 'title' is missing; add 'title: …' to the front matter"
    )


def test_new_asks_for_what_is_missing(runner, ws: Path) -> None:
    answers = (
        "\n".join(
            [
                "Круглый стол о моде",  # title
                "webinar",  # not a format: asked again
                "roundtable",
                "22.11.2024",  # not ISO: asked again
                "2024-11-22",
                "fashion",  # track
                "ru",  # language
                "Анна Смирнова",  # rapporteur
                "Павел Орлов",  # moderator
                "Ирина Волкова, министр культуры",  # a speaker
                "Пётр Сидоров",
                "",  # no more speakers
            ]
        )
        + "\n"
    )
    result = runner.invoke(cli, ["-w", str(ws), "notes", "new"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Error: 'webinar' is not one of" in result.output
    assert "is not an ISO date" in result.output
    path = notes_dir(ws) / "kruglyy-stol-o-mode.md"
    assert lines(result)[-1].endswith(f"Created {path}")
    note = read_note(path, default_profile())
    assert note.ok, note.issues
    session = note.session
    assert (session.title, session.format, str(session.date), session.track, session.language) == (
        "Круглый стол о моде",
        "roundtable",
        "2024-11-22",
        "fashion",
        "ru",
    )
    assert session.moderator.name == "Павел Орлов"
    assert session.rapporteur == "Анна Смирнова"
    assert "Rapporteur" in result.output
    assert [(p.name, p.role) for p in session.speakers] == [
        ("Ирина Волкова", "министр культуры"),
        ("Пётр Сидоров", ""),
    ]


@pytest.mark.parametrize(
    ("written", "fields"),
    [
        ("Oleg Petrov", {"name": "Oleg Petrov"}),
        ("Oleg Petrov, Rector", {"name": "Oleg Petrov", "role": "Rector"}),
        (
            "Oleg Petrov, Rector, Siberian Federal University",
            {
                "name": "Oleg Petrov",
                "role": "Rector",
                "organization": "Siberian Federal University",
            },
        ),
        (
            "A, b, c, d, e, f",
            {"name": "A", "role": "b", "organization": "c, d, e", "region": "f"},
        ),
        (
            "Анна Смирнова, директор, ООО «Мастерская», филиал в Абакане, Республика Хакасия",
            {
                "name": "Анна Смирнова",
                "role": "директор",
                "organization": "ООО «Мастерская», филиал в Абакане",
                "region": "Республика Хакасия",
            },
        ),
        (
            "Irina Volkova; Minister of Culture, Sport and Tourism; Government; Tomsk Oblast",
            {
                "name": "Irina Volkova",
                "role": "Minister of Culture, Sport and Tourism",
                "organization": "Government",
                "region": "Tomsk Oblast",
            },
        ),
    ],
)
def test_new_speaker_keeps_every_part(ws: Path, new_note, written: str, fields: dict) -> None:
    """Name, role and region are the first, second and last parts; the organisation is
    everything between, commas and all; with ';' each field may hold commas."""
    result = new_note("T", "--speaker", written)
    assert result.exit_code == 0, result.output
    session = read_note(notes_dir(ws) / "t.md", default_profile()).session
    person = session.speakers[0]
    assert {
        key: getattr(person, key)
        for key in ("name", "role", "organization", "region")
        if getattr(person, key)
    } == fields


def test_new_prompts_offer_defaults(runner, ws: Path) -> None:
    result = runner.invoke(
        cli, ["-w", str(ws), "notes", "new", "--title", "Defaults"], input="\n" * 7
    )
    assert result.exit_code == 0, result.output
    session = read_note(notes_dir(ws) / "defaults.md", default_profile()).session
    assert (
        session.format,
        str(session.date),
        session.track,
        session.language,
        session.moderator,
    ) == (
        "panel",
        "2024-11-20",
        "siberia-centre",
        "ru",
        None,
    )
    assert session.speakers == []


def test_new_needs_a_workspace(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["notes", "new", *SCRIPTED])
    no_traceback(result)
    assert result.exit_code == 1
    assert "not inside a workspace" in result.output
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- notes import


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Industrial design in the regions", 0)
    document.add_paragraph("Panel, 21.11.2024, Krasnoyarsk")
    label = document.add_paragraph()
    label.add_run("Irina Volkova:").bold = True
    label.add_run(" We propose a regional design centre in every federal district.")
    label = document.add_paragraph()
    label.add_run("Pavel Orlov").bold = True
    label.add_run(": Thank you. Next question.")
    label = document.add_paragraph()
    run = label.add_run("Important:")  # bold, but no person: not a speaker
    run.bold = True
    run.font.size = Pt(12)
    label.add_run(" the design school opens in 2025.")
    document.add_heading("Proposals", 1)
    document.add_paragraph("Create a grant programme for designers", style="List Bullet")
    document.add_paragraph("Train engineers in design", style="List Number")
    document.add_paragraph("Pavel Orlov: closing remarks after the list.")
    document.add_heading("Problems", 2)
    document.add_paragraph("Few industrial designers", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Region", "Measure"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tomsk", "Grants | loans"
    document.save(str(path))
    return path


def imported(ws: Path, name: str):
    path = notes_dir(ws) / name
    return path, read_note(path, default_profile())


def test_import_docx(runner, ws: Path, tmp_path: Path) -> None:
    source = make_docx(tmp_path / "Industrial design.docx")
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", str(source)])
    assert result.exit_code == 0, result.output
    path, note = imported(ws, "industrial-design.md")
    assert lines(result) == [f"{source} -> {path}"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n# TODO: imported from Industrial design.docx. ")
    session = note.session
    assert (session.id, session.title, session.format, str(session.date), session.language) == (
        "industrial-design",
        "Industrial design in the regions",
        "other",
        "2024-11-21",
        "en",
    )
    assert [p.name for p in session.speakers] == ["Irina Volkova", "Pavel Orlov"]
    assert [(b.kind, b.text, b.role, b.speaker) for b in note.blocks] == [
        ("heading", "Industrial design in the regions", None, None),
        ("paragraph", "Panel, 21.11.2024, Krasnoyarsk", None, None),
        (
            "paragraph",
            "We propose a regional design centre in every federal district.",
            None,
            "Irina Volkova",
        ),
        ("paragraph", "Thank you. Next question.", None, "Pavel Orlov"),
        ("paragraph", "Important: the design school opens in 2025.", None, "Pavel Orlov"),
        ("heading", "Proposals", "proposals", None),
        ("item", "Create a grant programme for designers", "proposals", None),
        ("item", "Train engineers in design", "proposals", None),
        ("paragraph", "closing remarks after the list.", "proposals", "Pavel Orlov"),
        ("heading", "Problems", "problems", None),
        ("item", "Few industrial designers", "problems", None),
        ("paragraph", "Region Measure", "problems", None),
        ("paragraph", "Tomsk Grants / loans", "problems", None),
    ]
    assert "**Irina Volkova:** We propose" in text
    assert note.session.guessed == ["format"]  # the title is Word's, the date on the second line
    result = check(runner, ws)
    format_line = text.splitlines().index("format: other") + 1
    assert lines(result) == [
        f"{path}:{format_line}: warning: format 'other' was guessed by `toolkit notes import`; "
        "check it, "
        "then delete 'format' from 'guessed'",
        "1 notes checked: 0 errors, 1 warnings",
    ]


TRANSCRIPT = """\
Круглый стол о креативных индустриях
21.11.2024

Ирина Волкова: Предлагаю создать региональный центр дизайна в Красноярском крае.

**Пётр Сидоров:** Необходимо поддержать малые города.
"""


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda t: t.encode("cp1251"), "cp1251"),
        (lambda t: t.encode("koi8-r"), "koi8-r"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-bom"),
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.replace("\n", "\r\n").encode("cp1251"), "cp1251-crlf"),
    ],
)
def test_import_text_in_any_encoding(runner, ws: Path, tmp_path: Path, encode, name: str) -> None:
    source = tmp_path / f"roundtable-{name}.txt"
    source.write_bytes(encode(TRANSCRIPT))
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", str(source)])
    assert result.exit_code == 0, result.output
    path, note = imported(ws, f"roundtable-{name}.md")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").endswith("---\n\n" + TRANSCRIPT)
    assert note.encoding == "utf-8"
    session = note.session
    assert (session.title, str(session.date), session.language) == (
        "Круглый стол о креативных индустриях",
        "2024-11-21",
        "ru",
    )
    assert [p.name for p in session.speakers] == ["Ирина Волкова", "Пётр Сидоров"]
    assert [(b.speaker, b.text) for b in note.blocks] == [
        (None, "Круглый стол о креативных индустриях 21.11.2024"),
        ("Ирина Волкова", "Предлагаю создать региональный центр дизайна в Красноярском крае."),
        ("Пётр Сидоров", "Необходимо поддержать малые города."),
    ]
    assert (session.format, session.guessed) == ("roundtable", ["title", "format"])
    result = check(runner, ws)
    assert result.exit_code == 0
    assert [line.split(": warning: ")[1].split(";")[0] for line in lines(result)[:-1]] == [
        "title 'Круглый стол о креативных индустриях' was guessed by `toolkit notes import`",
        "format 'roundtable' was guessed by `toolkit notes import`",
    ]


def test_import_word_plain_text_with_one_paragraph_per_line(
    runner, ws: Path, tmp_path: Path
) -> None:
    source = tmp_path / "transcript.txt"
    source.write_bytes(
        "Панель о ремёслах\r\nИрина Волкова: Предлагаю создать центр.\r\n"
        "Пётр Сидоров: Нужно поддержать мастеров.\r\n".encode("cp1251")
    )
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", str(source)])
    assert result.exit_code == 0, result.output
    _, note = imported(ws, "transcript.md")
    assert [(b.speaker, b.text) for b in note.blocks] == [
        (None, "Панель о ремёслах"),
        ("Ирина Волкова", "Предлагаю создать центр."),
        ("Пётр Сидоров", "Нужно поддержать мастеров."),
    ]


def test_import_markdown_without_front_matter(runner, ws: Path, tmp_path: Path) -> None:
    source = tmp_path / "Small towns.md"
    source.write_text(
        "# Small towns panel\n\n**Key conclusions**\n\n- Towns need designers\n\n"
        "**Note:** recorded on 2024-11-22.\n\n**Irina Volkova**: We propose grants.\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", str(source)])
    assert result.exit_code == 0, result.output
    path, note = imported(ws, "small-towns.md")
    assert note.ok
    assert (note.session.title, str(note.session.date)) == ("Small towns panel", "2024-11-22")
    assert [p.name for p in note.session.speakers] == ["Irina Volkova"]
    assert [(b.text, b.role, b.speaker) for b in note.blocks] == [
        ("Small towns panel", None, None),
        ("Key conclusions", "conclusions", None),
        ("Towns need designers", "conclusions", None),
        ("Note: recorded on 2024-11-22.", "conclusions", None),
        ("We propose grants.", "conclusions", "Irina Volkova"),
    ]
    assert "# TODO: no date was found" not in path.read_text(encoding="utf-8")


def test_import_without_a_date_marks_the_forum_day_as_guessed(
    runner, ws: Path, tmp_path: Path
) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("Some notes without any date.\n", encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", str(source)])
    assert result.exit_code == 0, result.output
    _, note = imported(ws, "notes.md")
    assert str(note.session.date) == "2024-11-20"  # the forum's first day
    assert "date" in note.session.guessed
    assert note.ok


def test_import_never_overwrites(runner, ws: Path, tmp_path: Path) -> None:
    sources = [tmp_path / folder / "panel.txt" for folder in ("monday", "tuesday")]
    for number, source in enumerate(sources, 1):
        source.parent.mkdir()
        source.write_text(f"Panel notes, part {number}.\n", encoding="utf-8")
    mine = write(ws, "panel.md", "my own unfinished notes, no front matter yet\n")
    taken = write(ws, "day-1/whatever.md", GOOD.format(id="panel-2"))
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", *map(str, sources)])
    assert result.exit_code == 0, result.output
    assert lines(result) == [
        f"{sources[0]} -> {notes_dir(ws) / 'panel-3.md'}",
        f"{sources[1]} -> {notes_dir(ws) / 'panel-4.md'}",
    ]
    assert mine.read_text(encoding="utf-8") == "my own unfinished notes, no front matter yet\n"
    assert taken.read_text(encoding="utf-8") == GOOD.format(id="panel-2")
    assert read_note(notes_dir(ws) / "panel-3.md", default_profile()).session.id == "panel-3"


def test_import_to_another_folder(runner, tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "talk.txt"
    source.write_text("A lecture on brands.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["notes", "import", "talk.txt", "--to", "inbox"])
    assert result.exit_code == 0, result.output
    assert lines(result) == ["talk.txt -> inbox/talk.md"]
    assert read_note(tmp_path / "inbox" / "talk.md", default_profile()).ok


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("slides.pdf", b"%PDF-1.4", "cannot import '.pdf' files; give .docx, .txt or .md"),
        ("empty.txt", b"", "the file has no text to import"),
        ("blank.txt", b"\n \r\n\t\n", "the file has no text to import"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
            "this is a binary file, not text; save it as .md, .txt or .docx",
        ),
        (
            "noted.md",
            GOOD.format(id="noted").encode(),
            "already has front matter; copy it into session_notes/ and run `toolkit notes check` "
            "instead",
        ),
    ],
)
def test_import_refuses_what_it_cannot_convert(
    runner, ws: Path, tmp_path: Path, name, content, message
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Fine notes.\n", encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", str(bad), str(good)])
    no_traceback(result)
    assert result.exit_code == 1
    assert lines(result) == [f"{bad}:1: {message}", f"{good} -> {notes_dir(ws) / 'good.md'}"]
    assert sorted(p.name for p in notes_dir(ws).glob("*.md")) == ["README.md", "good.md"]


@pytest.mark.parametrize(
    "content", [b"plain text, not a zip", b"PK\x03\x04" + b"\x00" * 40], ids=["text", "broken-zip"]
)
def test_import_unreadable_docx(runner, ws: Path, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(content)
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", str(bad)])
    no_traceback(result)
    assert result.exit_code == 1
    assert len(lines(result)) == 1
    assert lines(result)[0].startswith(f"{bad}:1: not a readable Word document (")
    assert lines(result)[0].endswith("); re-save it as .docx")


def test_import_removes_control_characters(runner, ws: Path, tmp_path: Path) -> None:
    source = tmp_path / "pasted.txt"
    source.write_text("Irina Volkova: line one\x0bline two\x00 and\x07 more.\n", encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(ws), "notes", "import", str(source)])
    assert result.exit_code == 0, result.output
    path, note = imported(ws, "pasted.md")
    text = path.read_text(encoding="utf-8")
    assert "\x00" not in text and "\x0b" not in text and "\x07" not in text
    assert text.endswith("Irina Volkova: line one\nline two and more.\n")
    assert [(b.speaker, b.text) for b in note.blocks] == [
        ("Irina Volkova", "line one line two and more.")
    ]
    assert check(runner, ws).exit_code == 0


# ---------------------------------------------------------------- help and start-up time


def all_commands(group: click.Group = cli, path: tuple[str, ...] = ()):
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from all_commands(command, (*path, name))
        else:
            yield (*path, name), command


@pytest.mark.parametrize(
    "path", [p for p, _ in all_commands()], ids=lambda p: " ".join(p) or "toolkit"
)
def test_every_command_has_help_with_an_example(runner, path: tuple[str, ...]) -> None:
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert "toolkit " in result.output.split("Example", 1)[1]


def test_version(runner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("toolkit, version ")


LAZY_PROBE = """\
import sys
from toolkit.cli import cli
try:
    cli({args!r}, prog_name="toolkit")
except SystemExit as exit:
    assert exit.code in (0, None), exit.code
heavy = [m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc") or m == "toolkit.nlp"]
assert not heavy, f"imported {{sorted(heavy)}}"
print("no spacy")
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["notes", "--help"],
        ["notes", "check"],
        ["notes", "list"],
        [
            "notes",
            "new",
            "--title",
            "Lazy",
            "--format",
            "panel",
            "--date",
            "2024-11-21",
            "--no-input",
        ],
        ["notes", "import", "transcript.txt"],
        ["review"],
    ],
    ids=" ".join,
)
def test_commands_without_nlp_do_not_import_spacy(sample_workspace: Path, args: list[str]) -> None:
    """The commands that need no pipeline start without spaCy, thinc or toolkit.nlp."""
    (sample_workspace / "transcript.txt").write_text(
        "Irina Volkova: We propose a design school in every small town.\n", encoding="utf-8"
    )
    text = "Create a design school in every small town."
    row = Proposal("P-1", "plenary-values", text, 0, len(text), None, "en")
    write_register([row], sample_workspace / "outputs" / "register.jsonl")
    result = subprocess.run(
        [sys.executable, "-c", LAZY_PROBE.format(args=["-w", str(sample_workspace), *args])],
        capture_output=True,
        text=True,
        cwd=sample_workspace,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("no spacy\n")


def test_python_dash_m(sample_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "--help"],
        capture_output=True,
        text=True,
        cwd=sample_root,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ")
    assert "Example" in result.stdout


def test_new_note_ignores_empty_speakers_and_checks_clean(runner, ws: Path) -> None:
    result = runner.invoke(
        cli,
        [
            "-w",
            str(ws),
            "notes",
            "new",
            *SCRIPTED,
            "--speaker",
            "",
            "--speaker",
            ",,,",
            "--no-input",
        ],
    )
    assert result.exit_code == 0, result.output
    check = runner.invoke(cli, ["-w", str(ws), "notes", "check"])
    assert check.exit_code == 0, check.output
    assert all("placeholder item" in line for line in check.output.splitlines()[:-1])


def test_missing_notes_folder_is_named(runner, ws: Path) -> None:
    shutil.rmtree(notes_dir(ws))
    result = runner.invoke(cli, ["-w", str(ws), "notes", "check"])
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"{notes_dir(ws)}: no such notes folder")


def test_item_marker_followed_by_a_no_break_space(runner, ws: Path) -> None:
    text = FRONT.format(id="nbsp") + "\n## Proposals\n\n-\u00a0A design centre in every district\n"
    write(ws, "nbsp.md", text)
    from toolkit.notes import read_note
    from toolkit.profile import default_profile

    note = read_note(notes_dir(ws) / "nbsp.md", default_profile())
    items = [b for b in note.blocks if b.kind == "item"]
    assert [b.text for b in items] == ["A design centre in every district"]
    assert items[0].role == "proposals"


def test_init_copies_the_templates_and_their_guide(ws: Path) -> None:
    names = sorted(p.name for p in (ws / "templates").iterdir())
    assert "README.md" in names and "consolidated-ru.docx" in names and len(names) == 7
