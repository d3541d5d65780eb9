"""Grouping's dictionary forms and the fold-by-fold measurement of grouping (group_cv)."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.language import Language

from toolkit.group import Overlap, concept_keys
from toolkit.nlp import build_pipeline
from toolkit.register import Proposal
from tools.understanding import group_cv


@pytest.fixture(scope="module")
def nlp_ru() -> Language:
    return build_pipeline("ru", classifier=False)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # words listed in a plural form reach their concept in every case form
        ("Компенсировать мастерам часть затрат.", "cost"),
        ("Снизить долю расходов на доставку.", "cost"),
        ("Поддержать деньгами малые театры.", "funding"),
        ("Выделить часть средств малым городам.", "funding"),
        ("Сортировка отходов в малых городах.", "waste"),
        ("Оплатить проезд на время гастролей.", "concert"),
    ],
)
def test_inflected_forms_reach_their_concept(nlp_ru: Language, text: str, concept: str) -> None:
    assert concept in concept_keys(nlp_ru(text)[:], "ru")


# ---------------------------------------------------------------- group_cv


def corpus() -> group_cv.Corpus:
    """Three folds; in each, two near-copies (one gold group) and an unrelated proposal."""
    rows = [
        ("a", "g1", "grant festival term plan"),
        ("a", "g1", "grant festival term plan season"),
        ("a", None, "school craft lesson village"),
        ("b", "g2", "design centre siberia university"),
        ("b", "g2", "design centre siberia university space"),
        ("b", "s1", "school craft lesson teacher"),
        ("c", "g3", "calendar festival book joint"),
        ("c", "g3", "calendar festival book joint siberia"),
        ("c", "s2", "school craft lesson grant"),
    ]
    proposals = [
        Proposal(f"P-{i}", f"{fold}-{i % 3}", f"text {i}", 0, 1, None, "en")
        for i, (fold, _, _) in enumerate(rows)
    ]
    keys = [frozenset(words.split()) for _, _, words in rows]
    return group_cv.Corpus(
        proposals, Overlap(keys), [f for f, _, _ in rows], [g for _, g, _ in rows]
    )


def test_the_regression_separates_what_it_can_and_is_deterministic() -> None:
    rows = np.array([[0.9, 1.0], [0.8, 1.0], [0.1, 0.0], [0.2, 0.0], [0.7, 1.0], [0.3, 0.0]])
    labels = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0])
    w = group_cv.fit(rows, labels)
    assert np.array_equal(w, group_cv.fit(rows, labels))
    found = [group_cv.probability(w, list(row)) > 0.5 for row in rows]
    assert found == [bool(y) for y in labels]


def test_a_fold_is_scored_by_a_model_that_never_saw_it(monkeypatch) -> None:
    data = corpus()
    train, calls = group_cv.train, []

    def spy(corpus, table, train_folds, l2):
        calls.append(set(train_folds))
        return train(corpus, table, train_folds, l2)

    monkeypatch.setattr(group_cv, "train", spy)
    rows = group_cv.cross_validate(data)
    # one model per fold, without it; the wrong link between b and c (two school-craft
    # lessons) is scored by a model trained on a alone
    assert calls == [{"b", "c"}, {"a", "c"}, {"a"}, {"a", "b"}]
    for name in ("a", "b", "c"):
        assert rows[name]["rule"].tp == 1 and rows[name]["rule"].fn == 0
    assert rows["across folds"]["rule"].fp == 1
    total = rows["all"]["rule"]
    assert (total.tp, total.fp, total.fn) == (3, 1, 0)  # every pair counted once


def test_training_reads_only_the_pairs_inside_its_folds(monkeypatch) -> None:
    data = corpus()
    table = group_cv.compared_pairs(data)
    seen: list[int] = []
    fit = group_cv.fit
    monkeypatch.setattr(
        group_cv, "fit", lambda rows, labels, l2: seen.append(len(rows)) or fit(rows, labels, l2)
    )
    group_cv.train(data, table, {"b", "c"}, 1.0)
    inside = [
        (i, j)
        for i, j in table
        if data.folds[i] in "bc" and data.folds[j] in "bc" and data.groups[i] and data.groups[j]
    ]
    assert seen == [len(inside)] and inside


def test_the_rule_row_is_what_the_shipped_grouping_does() -> None:
    data = corpus()
    roots = group_cv.rule_roots(data)
    together = [[roots[i] == roots[j] for j in range(9)] for i in range(9)]
    assert together[0][1] and together[3][4] and together[6][7]
    assert not together[0][2] and not together[0][3]
    assert list(group_cv.report(group_cv.cross_validate(data)))[-1].startswith("all ")
