"""The learned value model (``value_learner``): its linear model and features, the component
in the pipeline, training by leaving one set out, a broken model file, and extraction's hook
that feeds the studies of ``tools/understanding``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from toolkit import extract
from toolkit.cli import cli
from toolkit.extract import note as one_note
from toolkit.nlp import build_pipeline
from toolkit.nlp.detector import note_doc
from toolkit.nlp.learned import (
    LEARNED_VALUES_KEY,
    LinearModel,
    combine,
    fit_linear,
    learned_values,
    save_model,
    train_values,
    unit_features,
)
from toolkit.notes import iter_notes
from toolkit.workspace import find_or_default

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

#: Four units over five features: 0 and 1 say "a", 2 and 3 say "b", 4 is everywhere.
UNITS = [[0, 4], [1, 4], [2, 4], [3, 4]]
TWO = np.array([[1, 0], [1, 0], [0, 1], [0, 1]], dtype=float)


def test_the_linear_model_learns_a_tiny_set_the_same_way_each_run() -> None:
    weights, bias = fit_linear(UNITS, 5, TWO, steps=100)
    again, bias_again = fit_linear(UNITS, 5, TWO, steps=100)
    assert np.array_equal(weights, again) and np.array_equal(bias, bias_again)
    assert weights.shape == (5, 2) and bias.shape == (2,)
    model = LinearModel(["a0", "a1", "b0", "b1", "x"], ["a", "b"], weights, bias, 0.5)
    probs = model.probabilities([["a0", "x"], ["b1", "x", "unknown"]])
    assert list(probs.argmax(axis=1)) == [0, 1] and probs[0, 0] > 0.5 > probs[0, 1]


def test_a_saved_model_reads_back_to_the_same_bytes_and_scores(tmp_path: Path) -> None:
    weights, bias = fit_linear(UNITS, 5, TWO, steps=50)
    model = LinearModel(["a0", "a1", "b0", "b1", "x"], ["a", "b"], weights, bias, 0.35)
    save_model(model, tmp_path)
    text = (tmp_path / "model.json").read_text("utf-8")
    back = LinearModel.from_json(text)
    assert back.to_json() == text and back.threshold == 0.35
    units = [["a0", "x"], ["b0"]]
    assert np.allclose(back.probabilities(units), model.probabilities(units), atol=1e-3)


def test_the_rules_values_come_first_and_only_the_codebooks_ids_are_added() -> None:
    model = LinearModel(
        [], ["accessibility", "justice", "mercy"], np.zeros((0, 3)), np.zeros(3), 0.4
    )
    probs = np.array([0.9, 0.3, 0.6])
    assert combine(["partnership"], probs, model) == ["partnership", "accessibility", "mercy"]
    assert combine(["partnership"], probs, model, frozenset({"mercy"})) == ["partnership", "mercy"]
    assert combine(["a", "b", "c"], probs, model) == ["a", "b", "c"]  # at most three


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ru", "Выделить гранты мастерам."), ("en", "Allocate grants to craftspeople.")],
)
def test_features_share_concepts_across_languages_and_carry_the_rules_signals(
    lang: str, text: str
) -> None:
    doc = build_pipeline(lang, classifier=False, values=False)(text)
    found = unit_features(doc[:], lang)
    assert "w:grant" in found  # «гранты» and "grants" are one concept of concepts.yaml
    assert {"r:state-programme", "r:inferred", f"lang:{lang}"} <= set(found)
    assert any(f.startswith("c:") for f in found)  # the router's cue ("grants", «гранты»)
    assert found == sorted(set(found))


ZEBRA = "Open a zebra park."  # no cue of any value: the rules give none


def item(nlp, text: str):
    return nlp(note_doc(nlp, text, section="proposals", block_kind="item"))


@pytest.fixture(scope="module")
def zebra_model(tmp_path_factory) -> Path:
    """A model that learned "zebra" → mercy from the pipeline's own features."""
    nlp = build_pipeline("en", values=False)
    zebra = unit_features(item(nlp, ZEBRA)[:], "en")
    other = unit_features(item(nlp, "Cut the tax on bread.")[:], "en")
    assert "w:en:zebra" in zebra
    folder = tmp_path_factory.mktemp("values")
    model = train_values([zebra] * 4 + [other] * 4, [["mercy"]] * 4 + [[]] * 4, 0.5, min_count=1)
    save_model(model, folder)
    return folder


def test_the_component_adds_what_the_model_learned_to_proposals_only(zebra_model: Path) -> None:
    nlp = build_pipeline("en", values=zebra_model, routes=False)
    assert nlp.pipe_names[-1] == "value_learner"
    doc = item(nlp, ZEBRA)
    assert learned_values(doc) == {(0, len(doc)): ["mercy"]}
    plain = item(build_pipeline("en", values=False), ZEBRA)
    assert learned_values(plain) is None and not plain.spans.get(LEARNED_VALUES_KEY)
    talk = nlp(note_doc(nlp, "The zebra park was built in 1900.", block_kind="paragraph"))
    assert learned_values(talk) == {}  # no proposal in the block: nothing labelled


def test_a_profile_without_the_value_gets_none_from_the_model(zebra_model: Path) -> None:
    nlp = build_pipeline("en", values=zebra_model)
    nlp.get_pipe("value_learner").set_codebook(["justice"])
    doc = item(nlp, ZEBRA)
    assert learned_values(doc) == {(0, len(doc)): []}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_component_reads_the_same_features_as_training(lang: str) -> None:
    from toolkit.nlp.learned import DocSignals, proposal_units, unit_features

    nlp = build_pipeline(lang)
    pipe = nlp.get_pipe("value_learner")
    model = pipe.model
    notes = sorted((DATA / "blind13" / "notes").glob(f"*-{lang}-*.md"))[:2]
    texts = [t for note in notes for t in note.read_text("utf-8").split("\n\n") if t.strip()]
    units = 0
    for _ in range(2):  # the second time from what the component remembered
        for doc in nlp.pipe(note_doc(nlp, text) for text in texts):
            signals = DocSignals(doc)
            for start, end in proposal_units(doc):
                strings = unit_features(doc[start:end], lang)
                expected = {
                    len(model.features),
                    *(model.index[f] for f in strings if f in model.index),
                }
                assert sorted(pipe._columns(doc, start, end, signals)) == sorted(expected)
                units += 1
    assert units > 20


def two_folds(folder: Path) -> Path:
    """A value manifest of two one-session folds of blind4 and blind5."""
    for name, session in (("blind4", "b4-ru-doma-kultury"), ("blind5", "b5-en-games-kazan")):
        lines = [
            line
            for line in (DATA / name / "gold.jsonl").read_text("utf-8").splitlines()
            if json.loads(line)["session"] == session
        ]
        assert lines, session
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    manifest = folder / "values.yaml"
    manifest.write_text(
        "folds:\n"
        + "".join(
            f"  - {{name: {n}, gold: [{n}.jsonl], notes: [{DATA / n / 'notes'}]}}\n"
            for n in ("blind4", "blind5")
        ),
        "utf-8",
    )
    return manifest


def test_training_on_two_tiny_folds_prints_them_and_gives_the_same_bytes_twice(
    tmp_path: Path, runner
) -> None:
    manifest = two_folds(tmp_path)
    outputs = []
    for run in ("one", "two"):
        result = runner.invoke(
            cli,
            [
                "train",
                "--part",
                "values",
                "--values-data",
                str(manifest),
                "-o",
                str(tmp_path / run),
            ],
        )
        assert result.exit_code == 0, result.output
        assert "blind4" in result.output and "blind5" in result.output and "pooled" in result.output
        outputs.append((tmp_path / run / "values" / "model.json").read_bytes())
    assert outputs[0] == outputs[1]
    body = json.loads(outputs[0])
    assert set(body["outputs"]) <= set(find_or_default(explicit=None).profile.values)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("folds: []\n", "'folds' list"),
        ("folds:\n  - {name: a, gold: x}\n  - {name: b}\n", "gold and notes lists"),
        ("folds: [\n", "broken YAML"),
    ],
)
def test_a_broken_value_manifest_is_one_line_with_exit_1(
    tmp_path: Path, runner, manifest: str, message: str
) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(manifest, "utf-8")
    result = runner.invoke(
        cli, ["train", "--part", "values", "--values-data", str(path), "-o", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert (
        message in result.output and str(path) in result.output and "Traceback" not in result.output
    )


@pytest.mark.parametrize(
    ("part", "option", "message"),
    [
        ("values", "--values-data", "no gold line of the value manifest matched a proposal"),
        ("grouping", "--grouping-data", "no gold group of the grouping manifest matched"),
    ],
)
def test_a_manifest_whose_gold_matches_nothing_is_one_line_with_exit_1(
    tmp_path: Path, runner, part: str, option: str, message: str
) -> None:
    """Gold that names a real session but none of its sentences (a wrong path or file):
    nothing to learn from, said in one line, and no model written. The folds hold that
    session's note alone (blind4's other eleven would only be extracted for nothing)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(DATA / "blind4" / "notes" / "b4-ru-doma-kultury.md", notes)
    gold = {
        "session": "b4-ru-doma-kultury",
        "text": "Этого предложения в заметке нет.",
        "speaker": None,
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", "utf-8")
    manifest = tmp_path / "manifest.yaml"
    fold = f"gold: [gold.jsonl], notes: [{notes}]"
    manifest.write_text(f"folds:\n  - {{name: a, {fold}}}\n  - {{name: b, {fold}}}\n", "utf-8")
    result = runner.invoke(
        cli, ["train", "--part", part, option, str(manifest), "-o", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "m" / part / "model.json").exists()


def test_training_values_takes_as_many_steps_as_it_is_told() -> None:
    units = [["zebra", "x"]] * 4 + [["other", "x"]] * 4
    gold = [["mercy"]] * 4 + [[]] * 4
    short = train_values(units, gold, 0.5, min_count=1, steps=1)
    long = train_values(units, gold, 0.5, min_count=1, steps=200)
    p_short, p_long = (m.probabilities([["zebra", "x"]])[0, 0] for m in (short, long))
    assert 0.5 < p_short < p_long  # one step of Adam moves a little, two hundred far more


def _curve(f1_at) -> list:
    """A fold's held-out counts whose F1 at each threshold is ``f1_at(threshold)`` (P = R)."""
    from toolkit.evaluate import Counts
    from toolkit.train import VALUE_THRESHOLDS

    scale = 10_000
    return [
        Counts(
            round(f1_at(t) * scale),
            scale - round(f1_at(t) * scale),
            scale - round(f1_at(t) * scale),
        )
        for t in VALUE_THRESHOLDS
    ]


@pytest.mark.parametrize(
    ("curves", "skip", "chosen"),
    [
        # session 17's shape: flat from 0.24 to 0.38, its highest point (0.26) by a hair
        (
            {
                "a": _curve(
                    lambda t: (
                        0.624
                        + 0.002 * (round(t, 2) == 0.26)
                        - (0.01 if t < 0.24 or t > 0.38 else 0)
                    )
                )
            },
            "",
            0.30,
        ),
        # a clear peak is chosen as it is
        ({"a": _curve(lambda t: 0.60 + 0.05 * (round(t, 2) == 0.45))}, "", 0.45),
        # a plateau from 0.20 to 0.30: its middle, 0.25
        ({"a": _curve(lambda t: 0.62 - (0.01 if t > 0.305 else 0))}, "", 0.25),
        # the fold left out does not choose
        (
            {
                "a": _curve(lambda t: 0.60 + 0.05 * (round(t, 2) == 0.45)),
                "b": _curve(lambda t: 0.9 * (t > 0.55)),
            },
            "b",
            0.45,
        ),
    ],
)
def test_the_value_threshold_is_the_middle_of_the_cross_validated_plateau(
    curves: dict, skip: str, chosen: float
) -> None:
    from toolkit.train import best_value_threshold

    assert best_value_threshold(curves, skip=skip) == chosen


def test_the_route_study_scores_held_back_rows_with_a_model_fitted_on_every_fold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tools.understanding import learn_cv

    def row(fold: str, word: str, rule: str, gold: str) -> dict:
        return {
            "fold": fold,
            "lang": "en",
            "features": [f"w:{word}"],
            "context": ["m:level:region"],
            "rule_route": rule,
            "rule_basis": "inferred",
            "gold_route": gold,
        }

    # every fold says a law is regional law; the rules send it to the state programme
    rows = [
        row(f, w, "state-programme", g)
        for f in ("a", "b")
        for w, g in (("law", "regional-law"), ("grant", "state-programme"))
    ] * 3
    test = [
        row("held", "law", "state-programme", "regional-law"),
        row("held", "grant", "state-programme", "state-programme"),
    ]
    (tmp_path / "rows.json").write_text(json.dumps(rows), "utf-8")
    (tmp_path / "held.json").write_text(json.dumps(test), "utf-8")
    argv = [str(tmp_path / "rows.json"), "--part", "route", "--apply", str(tmp_path / "held.json")]
    assert learn_cv.main(argv) == 0
    assert capsys.readouterr().out.strip() == "route right on held.json: all 0.500 -> 1.000 (2)"
    assert learn_cv.main([*argv, "--margin", "1.0"]) == 0  # never that sure: the rules stay
    assert capsys.readouterr().out.strip().endswith("all 0.500 -> 0.500 (2)")


def test_the_shipped_value_manifest_names_sets_that_exist_and_never_the_held_back_one() -> None:
    from toolkit.train import read_value_manifest

    folds = read_value_manifest(DATA / "values_training.yaml")
    assert len(folds) >= 9
    for fold in folds:
        assert all(p.is_file() for p in fold.gold) and all(p.is_dir() for p in fold.notes)
        assert all(p.name != "blind.jsonl" for p in fold.gold)


def test_extraction_hands_each_proposal_to_the_hook_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = find_or_default(explicit=None)
    notes = list(iter_notes(sorted((ROOT / "session_notes").rglob("*.md"))[:2], ws.profile))
    rules = extract.Pipelines(ws.profile, routes=False)  # the hook reads the rules' routes
    plain = extract.extract_notes(notes, ws.profile, pipelines=rules).proposals
    seen: dict[str, dict] = {}
    monkeypatch.setattr(
        one_note, "UNIT_HOOK", lambda key, sent, lang, read: seen.update({key: read})
    )
    hooked = extract.extract_notes(notes, ws.profile, pipelines=rules).proposals
    assert [p.to_json() for p in hooked] == [p.to_json() for p in plain]
    assert plain and sorted(seen) == sorted(p.id for p in plain)
    for p in plain:
        read = seen[p.id]
        assert read["route"] == p.route and read["basis"] == p.route_basis
