"""Developer tools outside the package: templates, benchmarks, corpus and detector measurements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.draft import main as bench_main
from toolkit.workspace import default_templates_dir
from tools.templates import main as build_templates

ROOT = Path(__file__).resolve().parent.parent


def test_default_templates_are_up_to_date(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The committed templates are what ``python tools/templates.py`` builds."""
    assert build_templates([str(tmp_path)]) == 0
    built = sorted(tmp_path.glob("*.docx"))
    assert len(built) == 6
    for path in built:
        assert path.read_bytes() == (default_templates_dir() / path.name).read_bytes(), path.name
        assert path.read_bytes() == (ROOT / "templates" / path.name).read_bytes(), path.name


def test_draft_benchmark_prints_its_figures(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It drafts under the collector's thresholds the toolkit command sets, and puts the
    caller's back afterwards."""
    import gc

    import benchmarks.draft as bench
    from toolkit.cli import GC_THRESHOLDS

    seen = []
    timed = bench.draft_once
    monkeypatch.setattr(
        bench, "draft_once", lambda *args: seen.append(gc.get_threshold()) or timed(*args)
    )
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's defaults
    try:
        bench_main(["40", "1"])
        after = gc.get_threshold()
    finally:
        gc.set_threshold(*before)
    out = capsys.readouterr().out
    assert "draft: 40 proposals into the consolidated document: median" in out
    assert f"collector thresholds {GC_THRESHOLDS}" in out
    assert seen == [GC_THRESHOLDS] != [(700, 10, 10)]
    assert after == (700, 10, 10)


def test_wording_ratings_cover_200_proposals_per_language() -> None:
    from tools.wording_ratings import SHEETS, read_sheet, report

    rows = read_sheet(SHEETS / "ratings.jsonl")
    for lang in ("ru", "en"):
        assert sum(r["language"] == lang for r in rows) >= 200
    lines = report()
    assert any(line.startswith("ratings.jsonl rating_first ru (all rated) 220:") for line in lines)
    assert any(line.startswith("blind.jsonl rating en (all rated) 45:") for line in lines)


CUE_RATES_NOTE = """---
id: cue-rates
title: Museum support
format: other
date: 2024-05-14
track: local-identity
language: en
speakers:
  - name: Anna Petrova
    role: museum director
---

**Anna Petrova:** The region should fund a scanner for the museum. The museum opened in 1990.
It should have a niche of its own, which it has. Our volunteers restore old photographs every week.
"""


def test_cue_rates_count_each_cue_among_proposals_and_non_proposals(tmp_path: Path) -> None:
    """tools/corpus/cue_rates.py: a rule false alarm counts per non-proposal, not per proposal."""
    from tools.corpus.cue_rates import judged_units, report

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "cue-rates.md").write_text(CUE_RATES_NOTE, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    line = {"session": "cue-rates", "text": "The region should fund a scanner for the museum."}
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    units = judged_units(notes, gold, "en")
    assert [(u.gold, u.cue) for u in units] == [
        (True, "obligation"),
        (False, ""),
        (False, "obligation"),
        (False, ""),
    ]
    lines = report("all", units)
    assert lines[0] == "all: 4 units, 1 proposals (0.250)"
    assert lines[1].startswith("  rules  P 0.500  R 1.000  false alarms per non-proposal 0.333")
    assert lines[1].endswith("proposals without a clear cue 0.000")
    assert (
        "obligation           1 proposals (1.000)    1 non-proposals (0.333)  ratio   3.0"
        in lines[3]
    )
    assert judged_units(notes, gold, "ru") == []


def test_learning_curve_shares_are_nested_and_fixed_by_the_note_ids() -> None:
    """Each share of the corpus holds the smaller ones, whatever order the notes come in."""
    from tools.learning_curve import FOLDS, fold_of, share

    notes = {f"r-ru-note-{i}" for i in range(39)}
    shares = {p: share(notes, p) for p in (0, 25, 50, 75, 100)}
    assert [len(shares[p]) for p in (0, 25, 50, 75, 100)] == [0, 10, 20, 29, 39]
    assert shares[25] < shares[50] < shares[75] < shares[100] == notes
    assert share(set(sorted(notes, reverse=True)), 50) == shares[50]
    folds = {fold_of(n) for n in notes}
    assert folds == set(range(FOLDS))


SOURCES_ROWS = """# Sources

| id | event (url) | title |
| --- | --- | --- |
| r-ru-one | kremlin.ru/events/president/news/76282 | first excerpt |
| r-ru-two | kremlin.ru/events/president/news/76282 | second excerpt of the same meeting |
| r-en-three | education_4.json: turns 1–20 | Senedd committee |
| r-en-four | var/extract/en.kremlin.ru/events/president/news/56638.html | kremlin |
"""


def test_detector_variants_fold_the_notes_of_one_event_together(tmp_path: Path) -> None:
    """Excerpts of one meeting share their event, hence their fold; a note without a row stops."""
    import click

    from tools.detector_variants import events

    (tmp_path / "ru-a").mkdir()
    (tmp_path / "ru-a" / "SOURCES.md").write_text(SOURCES_ROWS, encoding="utf-8")
    found = events(tmp_path, {"r-ru-one", "r-ru-two", "r-en-three", "r-en-four"})
    assert found == {
        "r-ru-one": "news/76282",
        "r-ru-two": "news/76282",
        "r-en-three": "education_4.json",
        "r-en-four": "news/56638",
    }
    with pytest.raises(click.ClickException, match="r-ru-five"):
        events(tmp_path, {"r-ru-one", "r-ru-five"})


@pytest.mark.parametrize(
    ("names", "text", "lang", "expected", "absent"),
    [
        (
            ["cue=obligation", "cue=obligation:надо", "end=.", "place=first", "rule=7", "m=inf"],
            "Надо не откладывать это.",
            "ru",
            ["cue=obligation|place=first", "cue=obligation|neg=True", "high|m=inf"],
            ["cue=obligation:надо|place=first"],
        ),
        (
            ["end=?", "place=only", "rule=2"],
            "Could we fund it?",
            "en",
            ["cue=none|end=?", "cue=none|pron=1pl", "cue=none|neg=False"],
            ["low|m=inf"],
        ),
        (
            ["cue=wish", "cue=directive", "m0=imp", "rule=4", "m=imp"],
            "I don't think so.",
            "en",
            ["cue=directive|m0=imp", "cue=wish|pron=1sg", "cue=wish|neg=True", "mid|m=imp"],
            [],
        ),
    ],
)
def test_detector_variants_conjoin_cues_with_place_person_mood_and_negation(
    names, text, lang, expected, absent
) -> None:
    from tools.detector_variants import conjunctions

    found = conjunctions(names, text, lang)
    assert set(expected) <= set(found)
    assert not set(absent) & set(found)


def test_boosted_trees_learn_an_interaction_the_same_way_every_time() -> None:
    """Label = a XOR b: no additive model separates it; trees of depth 2 do, seeded."""
    import numpy

    from tools.detector_variants import BoostedTrees

    keys = [[1], [2], [1, 2], []] * 25
    labels = [1.0, 1.0, 0.0, 0.0] * 25
    start = numpy.zeros(len(keys))

    def margins(depth: int, seed: int) -> numpy.ndarray:
        trees = BoostedTrees(rounds=60, depth=depth, rate=0.3, min_hessian=0.5, min_count=1)
        return trees.fit(keys, labels, start, seed).margin([[1], [2], [1, 2], [], [9]])

    deep = margins(2, 0)
    assert deep[0] > 0 and deep[1] > 0 and deep[2] < 0 and deep[3] < 0
    assert numpy.array_equal(deep, margins(2, 0))
    flat = margins(1, 0)
    assert flat[2] > min(flat[0], flat[1])  # stumps add a and b up: "both" scores high


def test_detector_variants_score_each_variant_beside_the_shipped_model(tmp_path: Path) -> None:
    """A tiny run: dev2's notes folded by (made-up) events, dev3 validating, two variants."""
    from click.testing import CliRunner

    from tools.detector_variants import main

    data = ROOT / "tests" / "data"
    ids = sorted(p.stem for p in (data / "dev2" / "notes").glob("*.md"))
    rows = "".join(f"| {i} | news/{n % 4} |\n" for n, i in enumerate(ids))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "SOURCES.md").write_text(rows, encoding="utf-8")
    (tmp_path / "training.yaml").write_text(
        f"sets:\n  - {{name: dev2, notes: {data / 'dev2/notes'}, gold: {data / 'dev2/gold.jsonl'}, "
        f"role: train}}\n  - {{name: dev3, notes: {data / 'dev3/notes'}, "
        f"gold: {data / 'dev3/gold.jsonl'}, role: validate}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            *("--data", str(tmp_path / "training.yaml"), "--annotators", str(tmp_path)),
            *("--vary", "dev2", "--variants", "base,stumps", "--languages", "en"),
            *("--seeds", "0"),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[1] for line in lines[:2]] == ["base", "stumps"]
    assert all(" CV 0." in line and " dev3 0." in line for line in lines[:2])
    assert lines[-2].startswith("| en | base | ")


def test_conjunctions_keep_the_units_own_keys_as_they_were() -> None:
    """A cue found twice still counts twice; a family with nothing to conjoin changes nothing."""
    from spacy.strings import get_string_id

    from toolkit.train import Unit
    from tools.detector_variants import with_conjunctions

    names = {get_string_id(n): n for n in ("cue=wish", "rule=6", "end=.")}
    keys = sorted([get_string_id("cue=wish"), *names])
    unit = Unit("s", "en", keys, 1.0, "We would like it not to close.")
    assert with_conjunctions([unit], names, ("band",))[0].keys == keys  # English: no verb forms
    (negated,) = with_conjunctions([unit], names, ("negation",))
    assert negated.keys == sorted([*keys, get_string_id("x:cue=wish|neg=True")])


def test_the_two_dev_halves_split_the_folds_and_add_up_to_toolkit_eval(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """``tools/understanding/parts.py``: A and B share no fold and cover them all, and ``all``
    counts every matched line of the two halves (the figures ``toolkit eval`` gives). Run in
    this process (its ``main``, as the script's last line calls it): a new interpreter
    would only import spaCy again."""
    from tools.understanding.parts import main

    errors = tmp_path / "errors.json"
    assert main(["--errors", str(errors)]) == 0
    rows = {line.split(":")[0].strip(): line for line in capsys.readouterr().out.splitlines()}
    assert sorted(rows) == ["A", "B", "all"]
    matched = {part: int(row.split("(")[1].split(")")[0]) for part, row in rows.items()}
    assert matched["A"] + matched["B"] == matched["all"] >= 560
    assert sorted(json.loads(errors.read_text(encoding="utf-8"))) == ["A", "B", "all"]
