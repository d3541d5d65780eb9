"""Extraction end to end: the register of the sample workspace, speakers, clusters, the
``extract`` command's outputs (docs/register.md) and every bad input of issue 3.
"""

from __future__ import annotations

import cProfile
import csv
import functools
import io
import json
import os
import pstats
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from toolkit.cli import cli
from toolkit.extract import ExtractResult, Pipelines, extract, proposal_id
from toolkit.extract.note import Attribution, extract_note
from toolkit.notes import Note, find_note_files, read_note
from toolkit.notes.parse import parse_note
from toolkit.profile import Profile, default_profile, load_profile
from toolkit.register import SPEC_FIELDS, normalise, read_register

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "session_notes"
ID_RE = re.compile(r"^P-[0-9a-f]{10}$")


# ---------------------------------------------------------------- helpers and fixtures


@pytest.fixture(scope="module")
def sample_profile() -> Profile:
    return load_profile(ROOT / "forum.yaml")


@pytest.fixture(scope="module")
def sample_result(sample_profile: Profile) -> ExtractResult:
    return extract(find_note_files([SAMPLE_NOTES]), sample_profile)


@pytest.fixture(scope="module")
def sample_texts(sample_profile: Profile) -> dict[str, str]:
    """Session id → the decoded text of its note file."""
    notes = [read_note(path, sample_profile) for path in find_note_files([SAMPLE_NOTES])]
    return {note.session.id: note.text for note in notes if note.session}


@pytest.fixture(scope="module")
def pipelines() -> Pipelines:
    """Pipelines with the default profile, shared by the tests on notes written here."""
    return Pipelines(default_profile())


def write_note(folder: Path, session: str, body: str, header: str = "") -> Path:
    """A note with the required front matter (plus ``header`` lines) and ``body``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{session}.md"
    path.write_text(
        f"---\nid: {session}\ntitle: Test {session}\nformat: panel\ndate: 2024-11-21\n"
        f"{header}---\n\n{body}",
        encoding="utf-8",
    )
    return path


def run_extract(pipelines: Pipelines, *paths: Path) -> ExtractResult:
    return extract(list(paths), default_profile(), pipelines=pipelines)


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LINE_MARKUP = re.compile(r"^[ \t]*(?:>[ \t]*|[-*+•][ \t]+|\d{1,3}[.)][ \t]+)", re.MULTILINE)


def strip_markdown(source: str) -> str:
    """docs/register.md ``text``: the source, Markdown markup removed, whitespace collapsed."""
    source = _LINK.sub(r"\1", source)
    source = re.sub(r"\]\([^)]*\)", "", source)  # a link whose "[" is before the span
    source = re.sub(r"\[(?![^\]]*\])", "", source)  # a link whose "](…)" is after it
    source = _LINE_MARKUP.sub("", source)
    source = re.sub(r"\*\*|__|`|\|", " ", source)
    source = re.sub(r"(?<!\w)[*_]|[*_](?!\w)", "", source)
    return normalise(source)


def assert_source_matches(file_text: str, proposal) -> None:
    assert 0 <= proposal.start < proposal.end <= len(file_text), proposal
    source = file_text[proposal.start : proposal.end]
    # the span is tight: it starts and ends on the text's own characters
    assert source[0] == proposal.text[0] and source[-1] == proposal.text[-1], (
        source,
        proposal.text,
    )
    cleaned = strip_markdown(source)
    assert cleaned == proposal.text or proposal.text in cleaned, (source, proposal.text)


def cli_extract(runner, *args: str, workspace: Path | None = None):
    """``toolkit [-w WORKSPACE] extract ARGS``."""
    options = ["-w", str(workspace)] if workspace else []
    return runner.invoke(cli, [*options, "extract", *args], catch_exceptions=False)


# ---------------------------------------------------------------- the sample register


def test_sample_workspace_gives_proposals_in_both_languages(sample_result: ExtractResult) -> None:
    assert sample_result.failed == 0
    assert not [str(i) for i in sample_result.issues if i.severity == "error"]
    languages = {p.language for p in sample_result.proposals}
    assert languages == {"en", "ru"}
    assert len({p.session for p in sample_result.proposals}) == len(sample_result.languages) == 16


def test_offsets_point_at_the_text_in_the_file(
    sample_result: ExtractResult, sample_texts: dict[str, str]
) -> None:
    for proposal in sample_result.proposals:
        assert_source_matches(sample_texts[proposal.session], proposal)


def test_text_is_whitespace_normalised(sample_result: ExtractResult) -> None:
    for proposal in sample_result.proposals:
        assert proposal.text == normalise(proposal.text)
        assert "**" not in proposal.text


def test_ids_are_unique_and_made_from_session_and_text(sample_result: ExtractResult) -> None:
    ids = [p.id for p in sample_result.proposals]
    assert len(set(ids)) == len(ids)
    seen: dict[tuple[str, str], int] = {}
    for proposal in sample_result.proposals:
        assert ID_RE.match(proposal.id), proposal.id
        occurrence = seen.get((proposal.session, proposal.text), 0)
        seen[(proposal.session, proposal.text)] = occurrence + 1
        assert proposal.id == proposal_id(proposal.session, proposal.text, occurrence)


def test_proposal_id_ignores_whitespace_and_depends_on_the_session() -> None:
    assert proposal_id("s", "Create  a\nfund") == proposal_id("s", " Create a fund ")
    assert proposal_id("s", "Create a fund") != proposal_id("t", "Create a fund")
    assert proposal_id("s", "Create a fund", 1) != proposal_id("s", "Create a fund")
    assert ID_RE.match(proposal_id("s", "Создать фонд"))


def test_ids_and_clusters_are_stable_across_runs(
    sample_result: ExtractResult, sample_profile: Profile
) -> None:
    again = extract(find_note_files([SAMPLE_NOTES]), sample_profile)
    assert [(p.id, p.cluster, p.support, p.start, p.end) for p in again.proposals] == [
        (p.id, p.cluster, p.support, p.start, p.end) for p in sample_result.proposals
    ]


def test_ids_are_the_same_in_another_process() -> None:
    """Two interpreters with different hash seeds stand in for two machines; each extracts
    (``--no-cache``: the user's extraction cache would otherwise give both the same entries)."""
    command = [
        sys.executable,
        "-m",
        "toolkit",
        "-w",
        str(ROOT),
        "extract",
        str(SAMPLE_NOTES / "day-1"),  # five sessions, both languages
        "-o",
        "-",
        "--quiet",
        "--no-cache",
    ]
    runs = [
        subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "4242")
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
    first, second = ([json.loads(line) for line in out.splitlines()] for out, _ in outputs)
    assert first
    assert [(r["id"], r["cluster"], r["support"]) for r in first] == [
        (r["id"], r["cluster"], r["support"]) for r in second
    ]


@pytest.mark.usefixtures("warm_extraction_cache")
def test_register_order_is_session_id_then_position(runner, sample_root: Path) -> None:
    """docs/register.md: the register comes in a stable order, session id then position."""
    result = cli_extract(runner, "-o", "-", "--quiet", workspace=sample_root)
    keys = [(r["session"], r["start"]) for r in map(json.loads, result.stdout.splitlines())]
    assert keys == sorted(keys)


def test_every_item_under_a_proposals_heading_is_in_the_register(
    sample_result: ExtractResult, sample_profile: Profile
) -> None:
    marked = [p for p in sample_result.proposals if p.marked]
    items = []
    for path in find_note_files([SAMPLE_NOTES]):
        note = read_note(path, sample_profile)
        items += [
            (note.session.id, b) for b in note.blocks if b.role == "proposals" and b.kind == "item"
        ]
    assert items
    for session, block in items:
        inside = [
            p
            for p in marked
            if p.session == session and block.start <= p.start < p.end <= block.end
        ]
        assert len(inside) == 1, (session, block.text)
        assert inside[0].text == normalise(block.text)
        assert inside[0].score >= 0.9
    assert len(marked) == len(items)


def test_values_targets_and_regions_are_profile_ids(
    sample_result: ExtractResult, sample_profile: Profile
) -> None:
    known = {
        "values": set(sample_profile.values),
        "targets": set(sample_profile.documents),
        "regions": set(sample_profile.regions),
    }
    for proposal in sample_result.proposals:
        for kind, ids in known.items():
            assert set(getattr(proposal, kind)) <= ids, (kind, proposal.text)
    for kind in known:
        assert any(getattr(p, kind) for p in sample_result.proposals), f"no proposal has {kind}"


# ---------------------------------------------------------------- offsets on generated notes

SENTENCES = [
    "Regions should create design centres in every district.",
    "We propose a grant line for festivals in small towns.",
    "Creative industries are a driver of growth.",
    "Last year the region opened a creative cluster.",
    "Необходимо создать центр дизайна в Красноярском крае.",
    "Кадров не хватает.",
    "Let us build a network of hubs, e.g. in Tomsk and Omsk.",
]
GENERATED_FRONT = (
    "---\nid: generated\ntitle: Generated\nformat: panel\ndate: 2024-11-21\nlanguage: en\n"
    "speakers:\n  - name: Irina Volkova\n---\n\n"
)


def _decorate(sentence: str, style: int) -> str:
    """One sentence in one of the Markdown dresses rapporteurs use."""
    head, _, tail = sentence.partition(" ")
    return [
        sentence,
        f"**{head}** {tail}",
        f"[{head}](https://example.org/{style}) {tail}",
        f"Irina Volkova: {sentence}",
        f"**Volkova:**  {sentence}",
        f"{head}\n{tail}",
        f"`{head}` {tail}",
        f"{sentence[:-1]} (Volkova).",
    ][style]


@st.composite
def markdown_bodies(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["paragraph", "item", "numbered", "heading", "quote"]))
        text = _decorate(draw(st.sampled_from(SENTENCES)), draw(st.integers(0, 7)))
        if kind == "heading":
            lines.append("## " + draw(st.sampled_from(["Proposals", "Problems", "Discussion"])))
        elif kind == "item":
            lines.append("- " + text.replace("\n", "\n  "))
        elif kind == "numbered":
            lines.append("1. " + text.replace("\n", "\n   "))
        elif kind == "quote":
            lines.append("> " + text.replace("\n", " "))  # multi-line: see the test below
        else:
            lines.append(text)
        lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return "\n".join(lines).replace("\n", newline)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=markdown_bodies())
def test_offsets_hold_on_generated_markdown(body: str) -> None:
    nlp = _generated_pipeline()
    note = parse_note(Path("generated.md"), GENERATED_FRONT + body, default_profile())
    assert note.ok, [str(i) for i in note.issues]
    for proposal, _ in extract_note(note, nlp):
        if proposal is not None:
            assert_source_matches(note.text, proposal)
            assert note.line_of(proposal.start) == proposal.line


@functools.cache
def _generated_pipeline(lang: str = "en"):
    from toolkit.nlp import build_pipeline

    return build_pipeline(lang)


# ---------------------------------------------------------------- every character of prose

ALPHABETS = {"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "en": "abcdefghijklmnopqrstuvwxyz"}
#: Marks that stand alone between spaces: never markup there (CommonMark flanking rules).
LONE_MARKS = [
    *"<>&*_~#+=/%$@^{}[]()\"'«»—–-;:!?.,|\\№§…",
    *("**", "__", "~~", "<=", ">=", "->", "=>", "<<", ">>", "&&", "[sic]", "[1]", "(т. е.)"),
]
#: Marks glued between two words: "a<b", "края&Хакасии", "snake_case" stay text.
GLUE = [*"<>&_-/+='.,:;!?%№", "<=", "->", "&amp"]
#: What a Markdown viewer would take as a tag, autolink, comment, link, entity or hard line
#: break (a backslash ending a line): markup, not prose.
REAL_MARKUP = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*\S+)?)*\s*/?>"
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:\S*>|<[^\s<>@]+@[^\s<>]+>|<!--|\]\(|&#?\w+;|\\\n"
)


@st.composite
def prose(draw, lang: str) -> str:
    """A proposal's prose: words of ``lang`` with <, >, &, *, _ and other marks as text."""
    letters = st.text(ALPHABETS[lang], min_size=1, max_size=9)
    word = st.one_of(letters, st.text(ALPHABETS[lang] + "0123456789", min_size=1, max_size=6))
    glued = st.builds(lambda a, mark, b: a + mark + b, word, st.sampled_from(GLUE), word)
    angled = st.lists(word, min_size=2, max_size=4).map(lambda ws: "<" + " ".join(ws) + ">")
    tokens = [draw(letters)]  # a word first: a mark there could open a nested list or quote
    for _ in range(draw(st.integers(0, 14))):
        token = draw(st.one_of(word, glued, angled, st.sampled_from(LONE_MARKS)))
        # a line break only before a word, never before a mark that would start a block
        breaks = token.isalpha() and draw(st.booleans())
        tokens.append(draw(st.sampled_from(["\n  ", "\n    "])) if breaks else " ")
        tokens.append(token)
        if draw(st.booleans()):
            tokens.append(draw(st.sampled_from([" ", "  ", "\t"])))
    text = "".join(tokens).rstrip()
    assume(not REAL_MARKUP.search(text))
    return text


PROSE_HEADINGS = {"ru": "## Предложения", "en": "## Proposals"}


@pytest.mark.parametrize("lang", ["ru", "en"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_character_of_prose_reaches_the_register(lang: str, data) -> None:
    """Issue 7: nothing between < and >, no &, * or _ of a note's prose is lost on the way."""
    items = data.draw(st.lists(prose(lang), min_size=1, max_size=3), label="items")
    body = PROSE_HEADINGS[lang] + "\n\n" + "".join(f"- {item}\n" for item in items)
    front = GENERATED_FRONT.replace("language: en", f"language: {lang}").split("speakers:")[0]
    note = parse_note(Path("prose.md"), front + "---\n\n" + body, default_profile())
    assert note.ok, [str(i) for i in note.issues]
    register = [p for p, _ in extract_note(note, _generated_pipeline(lang)) if p is not None]
    assert [p.text for p in register] == [normalise(item) for item in items]
    for proposal in register:
        assert normalise(note.text[proposal.start : proposal.end]) == proposal.text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "> Regions\n> should create design centres in every district.\n",
            [("Regions should create design centres in every district.", False)],
        ),
        (
            "> - Regions should create design centres.\n> - We propose a crafts school.\n",
            [
                ("Regions should create design centres.", False),
                ("We propose a crafts school.", False),
            ],
        ),
        (
            "Proposals\n=========\n\n- A design centre in every district\n",
            [("A design centre in every district", True)],
        ),
    ],
    ids=["multi-line-quote", "list-in-quote", "setext-heading"],
)
def test_markdown_markup_never_reaches_the_register(
    tmp_path: Path, pipelines: Pipelines, body: str, expected: list[tuple[str, bool]]
) -> None:
    """docs/register.md: ``text`` is the sentence as written, Markdown markup removed."""
    path = write_note(tmp_path, "markup", body, "language: en\n")
    result = run_extract(pipelines, path)
    assert [(p.text, p.marked) for p in result.proposals] == expected
    for proposal in result.proposals:
        assert_source_matches(path.read_text(encoding="utf-8"), proposal)


# ---------------------------------------------------------------- speakers

SPEAKER_NOTE = """\
Необходимо расширить грантовую поддержку молодых дизайнеров.

По словам Ирины Волковой, необходимо создать центр дизайна в каждом районе края.

По мнению Сидорова, нужно открыть креативные кварталы в малых городах.

Волковой было предложено возглавить рабочую группу, а Сидоров предложил создать реестр мастерских.

Как отметил Андрей Кравцов, регионам следует включить креативные индустрии в стратегию.

Волкова И.: Давайте создадим сеть мастерских в районах.

## Предложения

- Создать фонд поддержки ремёсел – Сидоров
- Ежегодный конкурс промышленного дизайна (Волковой)
"""
SPEAKER_HEADER = """\
language: ru
moderator: Андрей Кравцов
speakers:
  - name: Ирина Волкова
  - name: Пётр Сидоров
"""


@pytest.fixture(scope="module")
def speaker_register(tmp_path_factory, pipelines: Pipelines) -> dict[str, str | None]:
    path = write_note(tmp_path_factory.mktemp("speakers"), "speakers", SPEAKER_NOTE, SPEAKER_HEADER)
    result = run_extract(pipelines, path)
    assert result.failed == 0, [str(i) for i in result.issues]
    return {p.text: p.speaker for p in result.proposals}


@pytest.mark.parametrize(
    ("start", "speaker"),
    [
        ("Необходимо расширить", None),  # nobody named: never a guess
        ("По словам Ирины Волковой", "Ирина Волкова"),  # genitive
        ("По мнению Сидорова", "Пётр Сидоров"),  # surname alone, genitive
        ("Как отметил Андрей Кравцов", "Андрей Кравцов"),  # the moderator
        ("Давайте создадим", "Ирина Волкова"),  # a turn "Волкова И.:"
        ("Создать фонд поддержки ремёсел", "Пётр Сидоров"),  # attribution suffix
    ],
)
def test_speaker_is_resolved_through_russian_case_forms(
    speaker_register: dict[str, str | None], start: str, speaker: str | None
) -> None:
    found = [text for text in speaker_register if text.startswith(start)]
    assert len(found) == 1, list(speaker_register)
    assert speaker_register[found[0]] == speaker


def test_speaker_in_english_narrative(tmp_path: Path, pipelines: Pipelines) -> None:
    header = "language: en\nspeakers:\n  - name: Irina Volkova\n  - name: Petr Sidorov\n"
    body = (
        "Regions should publish open data on creative companies.\n\n"
        "According to Volkova, regions should create design centres in every district.\n\n"
        "Sidorov proposed a register of craft workshops.\n"
    )
    result = run_extract(pipelines, write_note(tmp_path, "en-speakers", body, header))
    assert [(p.text.split()[0], p.speaker) for p in result.proposals] == [
        ("Regions", None),
        ("According", "Irina Volkova"),
        ("Sidorov", "Petr Sidorov"),
    ]


# ---------------------------------------------------------------- clusters and support


def test_near_identical_proposals_in_two_sessions_share_a_cluster(
    tmp_path: Path, pipelines: Pipelines
) -> None:
    a = write_note(
        tmp_path,
        "session-a",
        (
            "Regions should create a regional design centre in every federal district.\n\n"
            "We propose a grant line for music festivals in small towns.\n\n"
            "Regions should create a regional design centre in every federal district.\n"
        ),
        "language: en\n",
    )
    b = write_note(
        tmp_path,
        "session-b",
        (
            "Regions should create a design centre in every federal district.\n\n"
            "Universities must open courses in animation and game design.\n"
        ),
        "language: en\n",
    )
    result = run_extract(pipelines, a, b)
    by_text = {(p.session, p.text): p for p in result.proposals}
    assert len(by_text) == 4 and len(result.proposals) == 5
    centre_a = by_text[
        ("session-a", "Regions should create a regional design centre in every federal district.")
    ]
    centre_b = by_text[
        ("session-b", "Regions should create a design centre in every federal district.")
    ]
    festivals = by_text[
        ("session-a", "We propose a grant line for music festivals in small towns.")
    ]
    courses = by_text[("session-b", "Universities must open courses in animation and game design.")]
    assert centre_a.cluster == centre_b.cluster
    assert centre_a.cluster.startswith("C-")
    # the repeat in session-a is in the cluster, but support counts distinct sessions
    repeats = [p for p in result.proposals if p.cluster == centre_a.cluster]
    assert len(repeats) == 3 and {p.support for p in repeats} == {2}
    assert len({p.id for p in repeats}) == 3
    assert (festivals.support, courses.support) == (1, 1)
    assert len({centre_a.cluster, festivals.cluster, courses.cluster}) == 3


def test_sample_sessions_share_clusters(sample_result: ExtractResult) -> None:
    by_cluster: dict[str, set[str]] = {}
    for proposal in sample_result.proposals:
        by_cluster.setdefault(proposal.cluster, set()).add(proposal.session)
    for proposal in sample_result.proposals:
        assert proposal.support == len(by_cluster[proposal.cluster])
    assert any(len(sessions) > 1 for sessions in by_cluster.values())


# ---------------------------------------------------------------- the extract command


@pytest.mark.usefixtures("warm_extraction_cache")
def test_extract_writes_jsonl_with_every_spec_field(
    runner, sample_root: Path, tmp_path: Path, sample_profile: Profile
) -> None:
    target = tmp_path / "out" / "register.jsonl"
    result = cli_extract(runner, "-o", str(target), workspace=sample_root)
    assert result.exit_code == 0, result.stderr
    lines = target.read_text(encoding="utf-8").splitlines()
    assert f"{len(lines)} proposals written to {target}" in result.stdout
    records = [json.loads(line) for line in lines]
    assert records
    for record in records:
        assert set(SPEC_FIELDS) <= set(record), set(SPEC_FIELDS) - set(record)
        assert ID_RE.match(record["id"])
        assert isinstance(record["session"], str) and isinstance(record["text"], str)
        assert isinstance(record["start"], int) and isinstance(record["end"], int)
        assert record["speaker"] is None or isinstance(record["speaker"], str)
        assert record["language"] in ("en", "ru")
        for key in ("values", "targets", "regions"):
            assert isinstance(record[key], list) and all(isinstance(v, str) for v in record[key])
        assert isinstance(record["marked"], bool)
        assert isinstance(record["score"], float) and 0 <= record["score"] <= 1
        assert record["cluster"].startswith("C-")
        assert isinstance(record["support"], int) and record["support"] >= 1
    assert [p.id for p in read_register(target)] == [r["id"] for r in records]


@pytest.mark.usefixtures("warm_extraction_cache")
def test_extract_writes_the_register_review_reads(runner, sample_workspace: Path) -> None:
    """Without -o the register goes where `toolkit review` and `toolkit draft` look for it."""
    result = cli_extract(runner, "--quiet", workspace=sample_workspace)
    assert result.exit_code == 0, result.stderr
    register = sample_workspace / "outputs" / "register.jsonl"
    records = [json.loads(line) for line in register.read_text(encoding="utf-8").splitlines()]
    assert records and all(ID_RE.match(r["id"]) for r in records)
    assert result.stdout == ""  # the register is in the file, not on the screen
    review = runner.invoke(cli, ["-w", str(sample_workspace), "review"])
    assert review.exit_code == 0, review.output
    assert (sample_workspace / "outputs" / "review.xlsx").is_file()


@pytest.mark.usefixtures("warm_extraction_cache")
def test_extract_to_stdout_is_pure_json_lines(runner, sample_root: Path) -> None:
    result = cli_extract(
        runner, str(sample_root / "session_notes"), "-o", "-", workspace=sample_root
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines
    records = [json.loads(line) for line in lines]  # nothing else: the summary goes to stderr
    assert all(isinstance(r, dict) and ID_RE.match(r["id"]) for r in records)
    assert "proposals" in result.stderr  # the summary table


@pytest.mark.usefixtures("warm_extraction_cache")
def test_extract_csv_reads_back_with_the_csv_module(
    runner, sample_root: Path, tmp_path: Path
) -> None:
    jsonl, table = tmp_path / "register.jsonl", tmp_path / "register.csv"
    assert cli_extract(runner, "-o", str(jsonl), "--quiet", workspace=sample_root).exit_code == 0
    assert cli_extract(runner, "-o", str(table), "--quiet", workspace=sample_root).exit_code == 0
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(SPEC_FIELDS) <= set(rows[0])
    assert [(r["id"], r["text"], int(r["start"]), int(r["end"])) for r in rows] == [
        (r["id"], r["text"], r["start"], r["end"]) for r in records
    ]
    for row, record in zip(rows, records, strict=True):
        assert row["regions"] == ";".join(record["regions"])
        assert row["marked"] == str(record["marked"])


def test_bare_folder_of_notes_uses_the_default_profile(runner, tmp_path: Path, monkeypatch) -> None:
    assert not any((folder / "forum.yaml").exists() for folder in (tmp_path, *tmp_path.parents))
    write_note(
        tmp_path / "notes", "bare-ru", "Необходимо создать центр дизайна в Красноярском крае.\n"
    )
    write_note(
        tmp_path / "notes" / "day-2", "bare-en", "Regions should add design to state programmes.\n"
    )
    monkeypatch.chdir(tmp_path)
    result = cli_extract(runner, "notes", "-o", "-", "--quiet")
    assert result.exit_code == 0, result.stderr
    records = {r["session"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(records) == {"bare-ru", "bare-en"}
    assert records["bare-ru"]["regions"] == ["krasnoyarsk-krai"]
    assert records["bare-en"]["targets"] == ["state-programme"]


@pytest.mark.parametrize("model", ["en_no_such_model", "nosuchmodel"])
def test_unknown_model_is_a_one_line_error(runner, sample_root: Path, model: str) -> None:
    result = runner.invoke(cli, ["-w", str(sample_root), "extract", "-o", "-", "--model", model])
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert model in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- bad input (issue 3)


@pytest.mark.parametrize(
    "body",
    ["# Session\n\n## Proposals\n\n## Problems\n\n### Итоги\n", "", "\n\n   \n"],
    ids=["only-headings", "empty", "blank"],
)
def test_note_with_no_sentences(tmp_path: Path, pipelines: Pipelines, body: str) -> None:
    result = run_extract(pipelines, write_note(tmp_path, "no-sentences", body, "language: en\n"))
    assert result.failed == 0
    assert result.proposals == []
    assert result.languages == {"no-sentences": "en"}
    assert sum(result.stats.sessions.values()) == 1
    assert sum(result.stats.sentences.values()) == 0


def _paragraph_of(words: list[str], size: int) -> str:
    rng = random.Random(3)
    out, length = [], 0
    while length < size:
        word = rng.choice(words) + rng.choice(
            ("", "", "ы", "s", "ing", "ed", str(rng.randrange(100)))
        )
        out.append(word)
        length += len(word.encode("utf-8")) + 1
    return " ".join(out)


FIVE_MB_WORDS = {
    "en": (
        "regions should create design centres we need funding for festivals small towns creative "
        "industries grow studios lack staff the ministry proposed grants universities must open "
        "courses in animation crafts museums local brands support export markets"
    ),
    "ru": (
        "регионам следует создать центры дизайна нужно финансирование фестивалей малые города "
        "креативные индустрии растут студиям не хватает кадров министерство предложило гранты "
        "университеты должны открыть курсы анимации ремесла музеи местные бренды"
    ),
}


def _extraction_cost(lang: str, size: int) -> tuple[int, float, Note, list]:
    """Python calls and CPU seconds to read and extract one paragraph of ``size`` bytes."""
    text = (
        f"---\nid: huge-{lang}\ntitle: T\nformat: panel\ndate: 2024-11-21\nlanguage: {lang}\n"
        f"---\n\n{_paragraph_of(FIVE_MB_WORDS[lang].split(), size)}\n"
    )
    nlp = _generated_pipeline(lang)
    profiler = cProfile.Profile()
    started = time.process_time()
    profiler.enable()
    note = parse_note(Path(f"huge-{lang}.md"), text, default_profile())
    proposals = [p for p, _ in extract_note(note, nlp) if p is not None]
    profiler.disable()
    return pstats.Stats(profiler).total_calls, time.process_time() - started, note, proposals


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_cost_of_a_paragraph_without_punctuation_grows_linearly(lang: str) -> None:
    """A pasted transcript: one paragraph, no full stop. Ten times the text, ten times the work.

    The work is counted as Python function calls (the same on every run and machine) and,
    with a generous bound, as CPU time. Quadratic work tends to 100 for 10 times the
    text. Throughput on a 5 MB paragraph is a figure of `make bench` (section huge).
    """
    _extraction_cost(lang, 2_000)  # lazy loads: tables, analyser, caches
    small_calls, small_cpu, _, _ = _extraction_cost(lang, 5_000)
    calls, cpu, note, proposals = _extraction_cost(lang, 50_000)
    assert calls / small_calls < 12, (small_calls, calls)  # linear: 8.1 (ru) to 8.5 (en)
    assert cpu / small_cpu < 25, (small_cpu, cpu)
    assert proposals
    for proposal in proposals:
        assert normalise(note.text[proposal.start : proposal.end]) == proposal.text


MIXED_RU = """\
Необходимо сoздать рeестр креативных компаний (в словах «сoздать» и «рeестр» латинские o и e).

Регионам следует открыть IT-хабы и 3D-студии в Krasnoyarsk и Abakan.

- Давайте запустим Design-школу для ремесленников
"""
MIXED_EN = """\
We propose to create a «Дом ремёсел» in every district of Siberia.

Regions should support Design-школы and студии звукозаписи in small towns.
"""


@pytest.mark.parametrize(
    ("lang", "body", "starts"),
    [
        ("ru", MIXED_RU, ["Необходимо", "Регионам", "Давайте"]),
        ("en", MIXED_EN, ["We", "Regions"]),
    ],
)
def test_mixed_script_text(
    tmp_path: Path, pipelines: Pipelines, lang: str, body: str, starts: list[str]
) -> None:
    path = write_note(tmp_path, f"mixed-{lang}", body)
    result = run_extract(pipelines, path)
    assert result.failed == 0
    assert result.languages == {f"mixed-{lang}": lang}
    assert [p.text.split()[0] for p in result.proposals] == starts
    text = path.read_text(encoding="utf-8")
    for proposal in result.proposals:
        assert_source_matches(text, proposal)


EMOJI = """\
Irina Volkova: We propose 🎨 creating a design centre in every region 🚀. Artists 👩‍🎨 need studios.

- 👍 Let us build creative hubs in small towns 🏗️
- Regions should fund festivals 🇷🇺 in small towns

🎉🎉🎉

## Proposals

- 🎭 A theatre lab in every district
"""


def test_emoji(tmp_path: Path, pipelines: Pipelines) -> None:
    header = "language: en\nspeakers:\n  - name: Irina Volkova\n"
    path = write_note(tmp_path, "emoji", EMOJI, header)
    result = run_extract(pipelines, path)
    assert result.failed == 0
    text = path.read_text(encoding="utf-8")
    for proposal in result.proposals:
        assert_source_matches(text, proposal)
    found = {p.text: p for p in result.proposals}
    assert (
        found["We propose 🎨 creating a design centre in every region 🚀."].speaker
        == "Irina Volkova"
    )
    assert "Regions should fund festivals 🇷🇺 in small towns" in found
    assert found["🎭 A theatre lab in every district"].marked
    assert not any(p.text.startswith("🎉") for p in result.proposals)


TABLE = """\
Participants listed the measures.

| Region | Proposal | Deadline |
| :--- | --- | ---: |
| Tomsk | Regions should create design centres | 2025 |
| Khakassia | Open a crafts school in Abakan | 2026 |

We propose creating a fund.
"""


def test_markdown_table(tmp_path: Path, pipelines: Pipelines) -> None:
    path = write_note(tmp_path, "table", TABLE, "language: en\n")
    result = run_extract(pipelines, path)
    assert result.failed == 0
    text = path.read_text(encoding="utf-8")
    for proposal in result.proposals:
        assert_source_matches(text, proposal)
        assert "---" not in proposal.text and "|" not in proposal.text
    texts = [p.text for p in result.proposals]
    assert any("Regions should create design centres" in t for t in texts)
    assert "We propose creating a fund." in texts


def test_table_header_row_is_not_a_proposal(tmp_path: Path, pipelines: Pipelines) -> None:
    """A header row names columns; "Measure | Who" calls for nothing."""
    body = "| Measure | Who |\n| --- | --- |\n| Regions should create design centres | Ministry |\n"
    result = run_extract(pipelines, write_note(tmp_path, "table-header", body, "language: en\n"))
    assert [p.text for p in result.proposals if p.text.startswith("Measure")] == []


LONG_RUSSIAN = (
    "Необходимо создать центр дизайна в каждом муниципальном районе Красноярского края. "
    "Регионам следует поддержать малые города и открыть там креативные пространства для молодёжи. "
    "Кадров не хватает, поэтому нужно открыть новые программы обучения.\n"
)


def test_note_that_says_en_but_is_russian(runner, tmp_path: Path, monkeypatch) -> None:
    path = write_note(tmp_path / "notes", "wrong-language", LONG_RUSSIAN, "language: en\n")
    monkeypatch.chdir(tmp_path)
    result = cli_extract(runner, "notes", "-o", "-", "--quiet")
    assert result.exit_code == 0, result.stderr  # a warning never stops extraction
    where = path.relative_to(tmp_path)
    assert f"{where}:6: warning: language says 'en' but the text reads as 'ru'" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert {r["language"] for r in records} == {"ru"}
    assert records[0]["regions"] == ["krasnoyarsk-krai"]  # the Russian pipeline ran


@pytest.mark.usefixtures("warm_extraction_cache")
@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (lambda t: t.replace("date: 2024-11-2", "date: 2024-13-4", 1), "date:", "date"),
        (lambda t: t.replace("\nformat:", "\nformat: [unclosed\nx:", 1), "x:", "YAML"),
        (
            lambda t: t.replace("\nid:", "\nid: creative-economy-lecture\nxid:", 1),
            "id:",
            "already used",
        ),
    ],
    ids=["bad-date", "broken-yaml", "duplicate-id"],
)
def test_broken_note_among_good_ones(
    runner, sample_workspace: Path, edit, line: str, message: str
) -> None:
    notes = sample_workspace / "session_notes"
    broken = notes / "day-3" / "small-towns-panel.md"
    text = edit(broken.read_text(encoding="utf-8"))
    broken.write_text(text, encoding="utf-8")
    number = text.splitlines().index(next(x for x in text.splitlines() if x.startswith(line))) + 1
    target = sample_workspace / "outputs" / "register.jsonl"
    result = cli_extract(runner, "-o", str(target), "--quiet", workspace=sample_workspace)
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith(f"{broken}:")]
    assert errors, result.stderr
    assert any(x.startswith(f"{broken}:{number}: ") and message in x for x in errors), errors
    assert "Traceback" not in result.output
    sessions = {
        r["session"] for r in map(json.loads, target.read_text(encoding="utf-8").splitlines())
    }
    assert len(sessions) == 15 and "small-towns-panel" not in sessions


@pytest.mark.usefixtures("warm_extraction_cache")
def test_summary_names_tracks_by_their_titles(runner, sample_root: Path) -> None:
    result = cli_extract(runner, "-o", "-", workspace=sample_root)
    table = result.stderr.splitlines()
    assert table[0].split() == ["language", "track", "sessions", "sentences", "proposals"]
    assert any(row.startswith("ru  ") and "Гастрономия как драйвер" in row for row in table)
    assert any(row.startswith("en  ") and "Strategy for the development" in row for row in table)
    assert not any(" gastronomy " in row or " strategy " in row for row in table)


def test_summary_counts_sessions_and_proposals(sample_result: ExtractResult) -> None:
    rows = sample_result.stats.rows()
    assert sum(r[2] for r in rows) == 16
    assert sum(r[4] for r in rows) == len(sample_result.proposals)
    assert all(r[3] >= r[4] for r in rows)
    assert {r[0] for r in rows} == {"en", "ru"}


def test_register_round_trips_through_jsonl(sample_result: ExtractResult, tmp_path: Path) -> None:
    from toolkit.register import write_register

    target = tmp_path / "register.jsonl"
    write_register(sample_result.proposals, target)
    assert read_register(target) == sample_result.proposals
    stream = io.StringIO()
    write_register(sample_result.proposals, stream)
    assert stream.getvalue() == target.read_text(encoding="utf-8")


def test_unwritable_output_is_a_one_line_error(runner, sample_workspace: Path) -> None:
    blocker = sample_workspace / "outputs" / "not-a-folder"
    blocker.write_text("a file where a folder should be\n", encoding="utf-8")
    target = blocker / "register.jsonl"
    result = cli_extract(runner, "-o", str(target), "--quiet", workspace=sample_workspace)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [x for x in result.stderr.splitlines() if x.startswith(str(target))]
    assert len(lines) == 1 and "cannot write" in lines[0], result.stderr
    assert blocker.read_text(encoding="utf-8") == "a file where a folder should be\n"


@pytest.mark.parametrize(
    "name", ["session_notes/day-1/plenary-values.md", "forum.yaml", "outputs/review.xlsx"]
)
def test_output_never_overwrites_what_users_wrote(runner, sample_workspace: Path, name) -> None:
    target = sample_workspace / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(b"an analyst's workbook")
    before = target.read_bytes()
    result = cli_extract(runner, "-o", str(target), "--quiet", workspace=sample_workspace)
    assert result.exit_code == 1
    assert f"{target}: the register is written as .jsonl or .csv" in result.stderr
    assert target.read_bytes() == before


REGISTER_SUFFIX = (
    "the register is written as .jsonl or .csv; give -o a file name ending in one of them "
    "(or - for standard output)"
)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("/dev/null", REGISTER_SUFFIX),
        ("register.txt", REGISTER_SUFFIX),
        ("null.jsonl", "not a regular file; choose another name for the output"),
        (
            "blocker/register.jsonl",
            "cannot write (Not a directory); choose a folder that exists and that you may write to",
        ),
    ],
)
def test_outputs_are_checked_before_extraction(
    runner, sample_workspace: Path, output: str, message: str
) -> None:
    """A wrong -o is refused at once, not after minutes of extraction."""
    (sample_workspace / "null.jsonl").symlink_to("/dev/null")
    (sample_workspace / "blocker").write_text("a file, not a folder\n", encoding="utf-8")
    broken = sample_workspace / "session_notes" / "broken.md"
    broken.write_text("no front matter\n", encoding="utf-8")  # extraction would report it
    target = output if output.startswith("/") else str(sample_workspace / output)
    result = cli_extract(runner, "-o", target, workspace=sample_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{target}: {message}"]
    assert (sample_workspace / "blocker").read_text(encoding="utf-8") == "a file, not a folder\n"


def test_build_checks_the_outputs_folder_first(runner, sample_workspace: Path) -> None:
    outputs = sample_workspace / "outputs"
    outputs.rmdir()
    outputs.write_text("a file where the outputs folder should be\n", encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(sample_workspace), "build"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{outputs / 'register.jsonl'}: cannot write (Not a directory); choose a folder that "
        "exists and that you may write to"
    ]


@pytest.mark.usefixtures("warm_extraction_cache")
def test_outputs_keep_the_usual_permissions(runner, sample_workspace: Path) -> None:
    target = sample_workspace / "outputs" / "register.jsonl"
    cli_extract(runner, "-o", str(target), "--quiet", workspace=sample_workspace)
    assert target.stat().st_mode & 0o044 == 0o044  # readable by colleagues, not mkstemp's 0600


class _TokenAttribution(Attribution):
    """:class:`Attribution` reading a sentence's words as it did before, a ``Token`` per
    token: the reference the array reading must agree with."""

    def _named(self, sent):  # type: ignore[no-untyped-def]
        from toolkit.notes.names import name_keys

        named = []
        for token in sent:
            if token.is_alpha and token.text[:1].isupper():
                hits = {self.mentions[k] for k in name_keys(token.text) if k in self.mentions}
                if len(hits) == 1:
                    named.append(hits.pop())
        return named

    def _reporting_tokens(self, sent):  # type: ignore[no-untyped-def]
        return [t.i for t in sent if t.lemma_ in self.report_verbs or t.i in self.report_phrases]

    def _forms(self, sent, i):  # type: ignore[no-untyped-def]
        token = sent.doc[i]
        return token.lower_, token.lemma_


@pytest.mark.parametrize("notes", ["session_notes", "tests/data/dev/notes"])
def test_attribution_reads_the_arrays_as_the_tokens_read(
    pipelines: Pipelines, sample_profile: Profile, notes: str
) -> None:
    """The names, reporting words and forms of each sentence of every block (not only
    proposals), read from the token arrays, are what the tokens themselves give, and so is
    who the sentence reports."""
    from toolkit.extract.note import block_docs
    from toolkit.nlp.detector import UNITS_KEY

    compared = reported = 0
    for path in find_note_files([ROOT / notes]):
        note = read_note(path, sample_profile)
        assert note.session is not None
        nlp = pipelines[note.language]
        lexicon = nlp.get_pipe("proposal_detector").lexicon
        words = (lexicon.words["report_verbs"], lexicon.words["reporter_pronouns"])
        fast, slow = Attribution(note.session, *words), _TokenAttribution(note.session, *words)
        for _, doc in block_docs(note, nlp):
            fast.new_block(doc)
            slow.new_block(doc)
            for sent in doc.spans[UNITS_KEY]:
                assert fast._named(sent) == slow._named(sent), (path.name, sent.text)
                assert fast._reporting_tokens(sent) == slow._reporting_tokens(sent)
                for i in range(sent.start, sent.end):
                    assert fast._forms(sent, i) == slow._forms(sent, i)
                found = fast.read(sent)
                assert found == slow.read(sent), (path.name, sent.text)
                assert (fast.last_person, fast.reporter) == (slow.last_person, slow.reporter)
                compared += 1
                reported += found is not None
    assert compared > 500 and reported > 20
