"""The learned labeller of values and routes, measured by folds and left out (session 11):
its linear model, its features and extraction's hook that feeds them."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest

from toolkit import extract
from toolkit.extract import note as one_note
from toolkit.nlp import build_pipeline
from toolkit.notes import iter_notes
from toolkit.workspace import find_or_default
from tools.understanding import learn_cv
from tools.understanding.learn_model import fit_linear, linear_scores, unit_features

ROOT = Path(__file__).resolve().parent.parent

#: Four units over five features: 0 and 1 say "a", 2 and 3 say "b", 4 is everywhere.
UNITS = [[0, 4], [1, 4], [2, 4], [3, 4]]
ONE_HOT = np.array([[1, 0], [1, 0], [0, 1], [0, 1]], dtype=float)


@pytest.mark.parametrize("softmax", [True, False])
def test_the_linear_model_learns_a_tiny_set_the_same_way_each_run(softmax: bool) -> None:
    w = fit_linear(UNITS, 5, ONE_HOT, softmax=softmax, steps=100, rate=0.1)
    assert np.array_equal(w, fit_linear(UNITS, 5, ONE_HOT, softmax=softmax, steps=100, rate=0.1))
    assert w.shape == (6, 2)  # five features and the bias
    assert list(linear_scores(UNITS, w).argmax(axis=1)) == [0, 0, 1, 1]


def test_sparse_scores_equal_the_dense_product() -> None:
    w = np.arange(12, dtype=float).reshape(6, 2)
    dense = np.zeros((4, 6))
    for i, unit in enumerate(UNITS):
        dense[i, unit] = 1.0
    dense[:, 5] = 1.0  # the bias
    assert np.array_equal(linear_scores(UNITS, w), dense @ w)


READ = {
    "values": [],
    "route": "state-programme",
    "basis": "inferred",
    "uncued": False,
    "targets": [],
    "meeting": (None, "federal-level", None, None),
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ru", "Выделить гранты мастерам."), ("en", "Allocate grants to craftspeople.")],
)
def test_features_share_concepts_across_languages_and_carry_the_rules_signals(
    lang: str, text: str
) -> None:
    sent = build_pipeline(lang, classifier=False)(text)[:]
    found = unit_features(sent, lang, READ, ["head:state-programme"])
    assert "w:grant" in found  # «гранты» and "grants" are one concept of concepts.yaml
    assert {"v:-", "r:state-programme", "r:inferred", "m:setting:federal-level"} <= set(found)
    assert {"c:head:state-programme", "c:state-programme"} <= set(found)
    assert found == sorted(set(found))


def test_extraction_hands_each_proposal_to_the_hook_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = find_or_default(explicit=None)
    notes = list(iter_notes(sorted((ROOT / "session_notes").rglob("*.md"))[:2], ws.profile))
    plain = extract.extract_notes(notes, ws.profile).proposals
    seen: dict[str, dict] = {}
    monkeypatch.setattr(
        one_note, "UNIT_HOOK", lambda key, sent, lang, read: seen.update({key: read})
    )
    hooked = extract.extract_notes(notes, ws.profile).proposals
    assert [p.to_json() for p in hooked] == [p.to_json() for p in plain]
    assert plain and sorted(seen) == sorted(p.id for p in plain)
    for p in plain:
        read = seen[p.id]
        assert read["route"] == p.route and read["basis"] == p.route_basis
        assert set(p.values) <= set(read["values"])


def row(fold: str, features: list[str], values: list[str], gold: str | None, **rule) -> dict:
    return {
        "fold": fold,
        "features": features,
        "gold_values": values,
        "gold_route": gold,
        "rule_values": rule.get("values", []),
        "rule_route": rule.get("route", "state-programme"),
        "rule_basis": rule.get("basis", "inferred"),
    }


def test_named_routes_stay_the_rules_and_procedural_items_get_no_values() -> None:
    train = [row("a", ["w:grant"], ["creative-labour"], "state-programme")] * 3
    train += [row("a", ["w:forum"], [], None)] * 3
    test = [
        row("b", ["w:forum"], [], None),
        row("b", ["w:grant"], [], "regional-law", route="regional-law", basis="named"),
    ]
    options = argparse.Namespace(
        min_count=1,
        l2=1e-3,
        l2r=1e-3,
        steps=100,
        rate=0.1,
        threshold=0.5,
        union=False,
        keep=0.0,
        margin=0.0,
        only="",
    )
    procedural, named = learn_cv.predict_fold(train, test, options)
    assert procedural == {"values": [], "route": None}
    assert named == {"values": ["creative-labour"], "route": "regional-law"}
