"""The shortcuts taken for speed give exactly what the slow, plain ways give."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from toolkit import yamlio
from toolkit.yamlio import LineDict, load_yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED_YAML = sorted(Path(str(resources.files("toolkit") / "data")).rglob("*.yaml"))
NOTES = [
    path
    for path in sorted((ROOT / "session_notes").rglob("*.md")) + sorted(DATA.rglob("*.md"))
    if path.read_text(encoding="utf-8").startswith("---\n")
]


def _front_matter(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---", 1)[0].removeprefix("---\n")


def _shape(value: Any) -> Any:
    """The value with every mapping's own line and its keys' lines, for comparing loaders."""
    if isinstance(value, LineDict):
        items = {key: (value.line_of(key), _shape(item)) for key, item in value.items()}
        return ("mapping", value.line, items)
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return (type(value).__name__, value)


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in SHIPPED_YAML] + [_front_matter(p) for p in NOTES],
    ids=[p.name for p in SHIPPED_YAML] + [p.name for p in NOTES],
)
def test_c_loader_gives_the_values_and_lines_of_the_python_loader(text: str) -> None:
    slow = yaml.load(text, Loader=yamlio._LineLoader)  # the pure-Python parser
    assert _shape(load_yaml(text)) == _shape(slow)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2\nc: 3\n",
        "a: 1\n  b: 2\n",
        "key: 'open\n",
        "a:\n\t- x\n",
        "? [1, 2]\n: x\n",
        "when: 2024-13-45\n",
    ],
)
def test_a_broken_document_fails_as_with_the_python_loader(text: str) -> None:
    try:
        expected: Any = _shape(yaml.load(text, Loader=yamlio._LineLoader))
    except yaml.YAMLError as exc:
        expected = yamlio.yaml_error_line(exc)
    try:
        found: Any = _shape(load_yaml(text))
    except yaml.YAMLError as exc:
        found = yamlio.yaml_error_line(exc)
    assert found == expected


def test_shipped_pattern_lemmas_are_fresh() -> None:
    """The table is what ``python tools/pattern_lemmas.py`` computes now; rerun it if not."""
    from toolkit.nlp.known_lemmas import TABLE, known_lemmas
    from tools.pattern_lemmas import compute_table, table_text

    stale = TABLE.read_text(encoding="utf-8") != table_text(compute_table())
    assert not stale, f"{TABLE} is stale: run python tools/pattern_lemmas.py and commit it"
    assert known_lemmas("ru")["ценность жизни"] == ["ценность", "жизнь"]


def test_pipelines_match_the_same_with_and_without_the_table(monkeypatch) -> None:
    from toolkit.nlp import build_pipeline, known_lemmas

    with_table = build_pipeline("ru", classifier=False)
    monkeypatch.setattr(known_lemmas, "known_lemmas", lambda lang: {})
    without = build_pipeline("ru", classifier=False)
    for name in ("profile_matcher", "planning_router"):
        assert with_table.get_pipe(name).patterns == without.get_pipe(name).patterns


def test_extraction_in_worker_processes_writes_the_same_register(
    runner, sample_workspace: Path
) -> None:
    """Sessions over a pool of two, grouped afterwards: the same file and the same messages."""
    from toolkit.cli import cli

    notes = sample_workspace / "session_notes"
    first = sorted(notes.rglob("*.md"))[0]
    (notes / "copy.md").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (notes / "broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        target = sample_workspace / f"r{jobs}.jsonl"
        command = ["--workspace", str(sample_workspace), "extract", "-o", str(target)]
        result = runner.invoke(cli, [*command, "--jobs", jobs])
        assert result.exit_code == 1, result.output
        outputs[jobs] = (result.output.replace(target.name, ""), target.read_bytes())
    assert outputs["1"] == outputs["2"]
    assert "broken.md:3: invalid YAML" in outputs["2"][0]
    assert "is already used by" in outputs["2"][0]
    assert outputs["2"][1].count(b'"id": "P-') > 100


@pytest.mark.parametrize(
    "text",
    [
        "пять",
        "Пять",
        "-пять",
        "+ПЯТЬ%",
        "двадцатью",
        "1,5",
        "3/4",
        "x/4",
        "слово",
        "",
        "%",
        "½",
        "xiv",
    ],
)
def test_russian_like_num_is_spacys(text: str) -> None:
    from spacy.lang.ru import lex_attrs

    from toolkit.nlp.lexemes import russian_like_num

    assert russian_like_num()(text) == lex_attrs.like_num(text)


def test_every_russian_number_word_still_looks_like_a_number() -> None:
    from spacy.lang.ru import lex_attrs

    from toolkit.nlp.lexemes import russian_like_num

    assert all(russian_like_num()(word) for word in lex_attrs._num_words)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_cached_lemmas_are_the_analysers_on_every_pass(lang: str) -> None:
    """First pass fills the caches, the second reads them: the same lemmas, POS, morphology."""
    from spacy.attrs import LEMMA, MORPH, POS

    from toolkit.nlp import build_pipeline
    from toolkit.nlp.morphology import english_lemmas
    from toolkit.notes import iter_notes
    from toolkit.notes.names import morph
    from toolkit.profile import default_profile

    nlp = build_pipeline(lang, classifier=False)
    notes = iter_notes(sorted((ROOT / "session_notes").rglob("*.md")), default_profile())
    texts = [b.text for note in notes if note.language == lang for b in note.blocks]
    first = [nlp(text) for text in texts]
    again = [nlp(text) for text in texts]
    for one, two in zip(first, again, strict=True):
        assert (one.to_array([LEMMA, POS, MORPH]) == two.to_array([LEMMA, POS, MORPH])).all()
    words = [t for doc in first for t in doc if t.is_alpha]
    for token in words:
        if lang == "ru" and not token.is_ascii:
            expected = morph().parse(token.lower_)[0].normal_form.replace("ё", "е")
        else:
            table = english_lemmas() if lang == "en" else {}
            expected = (table.get(token.text) or table.get(token.lower_) or token.lower_).lower()
        assert token.lemma_ == expected, token.text
    assert len(words) > 1000


@pytest.mark.parametrize(
    ("requested", "sessions", "expected"),
    [(None, 16, 1), (None, 49, 1), (None, 50, "cores"), (4, 2, 2), (2, 100, 2), (1, 500, 1)],
)
def test_extraction_stays_in_one_process_for_small_forums(
    requested: int | None, sessions: int, expected: int | str
) -> None:
    from toolkit.extract import extraction_jobs
    from toolkit.pool import default_jobs

    cores = default_jobs()
    assert extraction_jobs(requested, sessions) == (cores if expected == "cores" else expected)
