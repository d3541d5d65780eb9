"""The learned route model (``route_learner``): which proposals it may re-route and how, a
missing or broken model file (the value model's too: both load the same way), training by
leaving one set out with the same bytes each run, and the shipped model on a table of routing
cases through extraction."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from toolkit.cli import cli
from toolkit.errors import ExtractError
from toolkit.extract import Pipelines, extract, forum_year
from toolkit.nlp import build_pipeline, shipped_route_model
from toolkit.nlp.learned import LinearModel
from toolkit.nlp.route_model import chosen, context_features, free, train_routes
from toolkit.profile import default_profile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def test_only_a_route_the_rules_inferred_is_the_models_to_change() -> None:
    assert free("state-programme", "inferred")
    assert not free("regional-law", "named")  # the proposal names its document
    assert not free(None, None)  # procedural: no route at all


def test_the_model_replaces_the_rules_route_only_by_the_margin() -> None:
    outputs = ["regional-law", "regional-strategy", "state-programme"]
    model = LinearModel([], outputs, np.zeros((0, 3)), np.zeros(3), 0.1)
    assert chosen(model, np.array([0.55, 0.1, 0.5]), "state-programme") == "state-programme"
    assert chosen(model, np.array([0.65, 0.1, 0.5]), "state-programme") == "regional-law"
    # a route the model was never given (no training unit had it) counts as improbable
    assert chosen(model, np.array([0.15, 0.1, 0.1]), "federal-level") == "regional-law"


def test_the_context_says_the_final_route_the_audience_and_the_level() -> None:
    assert context_features("federal-level", "inferred", None, "federal-level") == [
        "r:final:federal-level",
        "r:final:inferred",
        "m:level:federal-level",
    ]


def test_training_the_same_units_gives_the_same_bytes_and_learns_them() -> None:
    units = [["w:law", "lang:en"]] * 3 + [["w:grant", "lang:en"]] * 3
    gold = ["regional-law"] * 3 + ["state-programme"] * 3
    one, two = (train_routes(units, gold, 0.1).to_json() for _ in range(2))
    assert one == two
    model = LinearModel.from_json(one)
    assert model.threshold == 0.1 and model.outputs == ["regional-law", "state-programme"]
    p = model.probabilities([["w:law", "lang:en"]])[0]
    assert chosen(model, p, "state-programme") == "regional-law"


#: The two learned models' loading: (``build_pipeline`` option, what the messages call it,
#: the attribute of ``toolkit.nlp`` that finds the shipped file).
MODELS = [
    ("values", "value model", "shipped_value_model"),
    ("routes", "route model", "shipped_route_model"),
]


@pytest.mark.parametrize(("option", "what", "_"), MODELS)
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no trained {}"),
        ("{not json", "the {} cannot be read"),
        ("[]", "the {} cannot be read"),
    ],
)
def test_a_missing_or_broken_model_is_one_line(
    tmp_path: Path, option: str, what: str, _: str, content: str | None, expected: str
) -> None:
    if content is not None:
        (tmp_path / "model.json").write_text(content, "utf-8")
    with pytest.raises(ExtractError) as caught:
        build_pipeline("en", classifier=False, **{option: tmp_path})
    message = str(caught.value)
    assert expected.format(what) in message and "model.json" in message and "\n" not in message


@pytest.mark.parametrize(("_", "what", "shipped"), MODELS)
def test_a_broken_shipped_model_stops_extraction_with_exit_1(
    sample_workspace: Path,
    runner,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    _: str,
    what: str,
    shipped: str,
) -> None:
    (tmp_path / "model.json").write_text('{"outputs": ["a"]}', "utf-8")
    monkeypatch.setattr(f"toolkit.nlp.{shipped}", lambda: tmp_path)
    result = runner.invoke(
        cli, ["-w", str(sample_workspace), "extract", "-o", "-", "--quiet", "--no-cache"]
    )
    assert result.exit_code == 1
    assert f"{what} cannot be read" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


NOTE = """---
id: routes
title: Round table
format: panel
date: 2026-10-14
language: {lang}
rapporteur: Anna Lee
speakers:
  - name: Anna Lee
---

## {heading}

- {text}
"""
HEADING = {"en": "Proposals", "ru": "Предложения"}

#: (language, proposal item, the rules' route, the route with the shipped model, its basis).
#: Items of fresh writers' sets (blind14, blind15, blind6) whose gold route the model gives;
#: since session 19 the rules give the federal grant competitions (the federal level's own
#: instrument) and the shared calendar themselves, and the model keeps them.
ROUTING = [
    (
        "en",
        "A federal grant competition for films in the languages of the peoples of Russia",
        "federal-level",
        "federal-level",
        "inferred",
    ),
    (
        "ru",
        "Федеральный грантовый конкурс для фильмов на языках народов Севера.",
        "federal-level",
        "federal-level",
        "inferred",
    ),
    (
        "en",
        "One format for the registers of masters across the South",
        "regional-strategy",
        "regional-law",
        "inferred",
    ),
    (
        "en",
        "A shared calendar of North-West music festivals",
        "regional-strategy",
        "regional-strategy",
        "inferred",
    ),
    # what the proposal names stays named; the forum's own next step has no route
    (
        "en",
        "Include grants for craftspeople in the regional strategy",
        "regional-strategy",
        "regional-strategy",
        "named",
    ),
    ("ru", "Направить итоговую записку в министерство культуры.", None, None, None),
]


@pytest.fixture(scope="module")
def both() -> dict[str, Pipelines]:
    """The rules' pipelines and the shipped ones (with the route model)."""
    profile = default_profile()
    year = forum_year(profile)
    return {
        "rules": Pipelines(profile, forum_year=year, routes=False),
        "model": Pipelines(profile, forum_year=year),
    }


def test_the_shipped_model_is_in_the_default_pipeline_and_not_in_the_rules(both) -> None:
    assert shipped_route_model() is not None
    assert "route_learner" in both["model"]["en"].pipe_names
    assert "route_learner" not in both["rules"]["en"].pipe_names


@pytest.mark.parametrize(("lang", "text", "rules", "model", "basis"), ROUTING)
def test_the_shipped_model_routes_a_table_of_items(
    tmp_path: Path,
    both: dict[str, Pipelines],
    lang: str,
    text: str,
    rules: str | None,
    model: str | None,
    basis: str | None,
) -> None:
    path = tmp_path / "note.md"
    path.write_text(NOTE.format(lang=lang, heading=HEADING[lang], text=text), "utf-8")
    found = {}
    for name, pipelines in both.items():
        (proposal,) = extract([path], default_profile(), pipelines=pipelines).proposals
        found[name] = (proposal.route, proposal.route_basis)
    assert found == {"rules": (rules, basis), "model": (model, basis)}  # the basis: the rules'


#: One session of each of two fresh writers' sets: a manifest of two tiny folds.
TINY = {"blind14": "b14-en-masterclass-games", "blind15": "b15-en-masterclass-festivals"}


def tiny_manifest(folder: Path) -> Path:
    """A value and route manifest of :data:`TINY`'s sessions, one fold each."""
    lines = []
    for name, session in TINY.items():
        gold = (DATA / name / "gold.jsonl").read_text("utf-8").splitlines()
        mine = [line for line in gold if json.loads(line)["session"] == session]
        (folder / f"{name}.jsonl").write_text("\n".join(mine) + "\n", "utf-8")
        lines.append(
            f"  - {{name: {name}, gold: [{name}.jsonl], notes: [{DATA / name / 'notes'}]}}"
        )
    (folder / "folds.yaml").write_text("folds:\n" + "\n".join(lines) + "\n", "utf-8")
    return folder / "folds.yaml"


def test_training_on_two_tiny_folds_prints_them_and_gives_the_same_bytes_twice(
    tmp_path: Path, runner
) -> None:
    manifest = tiny_manifest(tmp_path)
    outputs = []
    for run in ("one", "two"):
        result = runner.invoke(
            cli,
            ["train", "--part", "route", "--values-data", str(manifest), "-o", str(tmp_path / run)],
        )
        assert result.exit_code == 0, result.output
        assert all(f"  {name}" in result.output for name in TINY) and "pooled" in result.output
        outputs.append((tmp_path / run / "route" / "model.json").read_bytes())
    assert outputs[0] == outputs[1]
    body = json.loads(outputs[0])
    assert set(body["outputs"]) <= set(default_profile().documents)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_value_learners_columns_translated_score_as_the_models_own(
    both: dict[str, Pipelines], lang: str
) -> None:
    """The route learner reads each unit's columns off the value learner (cheaper); it must
    give the scores its own reading of the unit gives."""
    import numpy

    from toolkit.nlp.detector import note_doc
    from toolkit.nlp.route_model import SCORES_KEY

    nlp = both["model"][lang]
    learner = nlp.get_pipe("route_learner")
    assert learner.translate is not None
    note = sorted((DATA / "blind14" / "notes").glob(f"*-{lang}-*.md"))[0]
    texts = [t for t in note.read_text("utf-8").split("\n\n")[2:] if t.strip()]
    shared = [d.user_data[SCORES_KEY] for d in nlp.pipe(note_doc(nlp, t) for t in texts)]
    translate, learner.translate = learner.translate, None
    try:
        own = [d.user_data[SCORES_KEY] for d in nlp.pipe(note_doc(nlp, t) for t in texts)]
    finally:
        learner.translate = translate
    assert sum(map(len, own)) >= 5
    assert [s.keys() for s in shared] == [s.keys() for s in own]
    assert all(numpy.allclose(s[k], o[k]) for s, o in zip(shared, own, strict=True) for k in s)


def test_a_model_loaded_again_reads_its_own_columns_until_it_follows_again(
    both: dict[str, Pipelines],
) -> None:
    """The value learner's columns translated for one model would score another wrongly:
    loading a model drops the translation (:meth:`RouteLearner.follow` makes it again)."""
    from toolkit.nlp import shipped_route_model

    nlp = both["model"]["en"]
    learner = nlp.get_pipe("route_learner")
    try:
        learner.from_disk(shipped_route_model())
        assert learner.translate is None
    finally:
        learner.follow(nlp.get_pipe("value_learner"))
    assert learner.translate is not None
