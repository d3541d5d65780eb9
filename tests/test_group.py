"""Grouping's dictionary forms, its pair model and the fold-by-fold measurement of grouping."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from toolkit import group, group_train
from toolkit.errors import ProfileError
from toolkit.group import Overlap, concept_keys, concepts, group_and_rank, read_concepts
from toolkit.nlp import build_pipeline
from toolkit.register import Proposal
from tools.understanding import group_cv


@pytest.fixture(scope="module")
def nlp_ru() -> Language:
    return build_pipeline("ru", classifier=False)


@pytest.fixture(scope="module")
def nlp_en() -> Language:
    return build_pipeline("en", classifier=False)


# ---------------------------------------------------------------- the dictionary


def test_the_shipped_dictionary_is_a_bilingual_domain_dictionary() -> None:
    book = concepts()
    ru, en = set(book.words["ru"].values()), set(book.words["en"].values())
    assert len(ru) >= 500 and ru == en  # every concept has words in both languages
    assert book.words["ru"]["кадры"] == book.words["en"]["personnel"] == "staff"
    assert book.words["ru"]["площадка"] == book.words["en"]["venue"] == "space"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("concepts:\n  a: {ru: [грант], en: [grant]}\n", 1, "needs 'concepts'"),
        (
            "ignore: {ru: [], en: []}\nconcepts:\n  a: {ru: [грант], en: [grant]}\n"
            "  b: {ru: [грант], en: [award]}\n",
            4,
            "'грант' is already listed under 'a'",
        ),
        (
            "ignore: {ru: [], en: [grant]}\nconcepts:\n  a: {ru: [грант], en: [grant]}\n",
            3,
            "'grant' is also in 'ignore'",
        ),
        (
            "ignore: {ru: [], en: []}\nconcepts:\n  a: {ru: [грант], en: [small grant]}\n",
            3,
            "is several words",
        ),
        (
            "ignore: {ru: [], en: []}\nconcepts:\n  a: {ru: грант, en: [grant]}\n",
            3,
            "must give word lists",
        ),
    ],
)
def test_a_broken_dictionary_names_its_line(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    path = tmp_path / "concepts.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        read_concepts(path)
    assert str(error.value).startswith(f"{path}:{line}: ") and message in str(error.value)


def test_a_form_listed_as_such_wins_over_its_lemma(nlp_en: Language) -> None:
    # "housing" is lemmatised to "house"; it is listed under housing, "house" under house
    assert "housing" in concept_keys(nlp_en("Affordable housing for artists.")[:], "en")


# ---------------------------------------------------------------- across languages


def group_pair(nlp_ru: Language, nlp_en: Language, ru: str, en: str) -> bool:
    """Whether a Russian and an English proposal of two sessions are grouped as one idea."""
    proposals = [
        Proposal("P-1", "s-ru", ru, 0, 1, None, "ru"),
        Proposal("P-2", "s-en", en, 0, 1, None, "en"),
    ]
    keys = [concept_keys(nlp_ru(ru)[:], "ru"), concept_keys(nlp_en(en)[:], "en")]
    group_and_rank(proposals, keys)
    return proposals[0].cluster == proposals[1].cluster


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        (
            "Выделить гранты на оцифровку музейных коллекций малых городов.",
            "Grants to digitise the collections of museums in small towns.",
        ),
        (  # "контакт" and "phone" are listed in neither language: they cannot count against it
            "Создать единый реестр ремесленников края с фотографиями изделий "
            "и контактами мастеров.",
            "One shared register of the region's craftspeople, with photos of their work and "
            "the masters' phone numbers.",
        ),
        (
            "Льготная аренда муниципальных помещений для книжных магазинов.",
            "Reduced rent in municipal premises for bookshops.",
        ),
        (
            "Оплачиваемые стажировки студентов на предприятиях.",
            "Paid internships for students at local factories.",
        ),
        (
            "Налоговый вычет для меценатов, которые поддерживают театры.",
            "A tax deduction for patrons who support theatres.",
        ),
        (
            "Стипендии для одарённых детей из сельских музыкальных школ.",
            "Scholarships for gifted children from rural music schools.",
        ),
        (
            "Переподготовка специалистов музеев по цифровым технологиям.",
            "Retraining museum specialists in digital technology.",
        ),
    ],
)
def test_the_same_measure_in_two_languages_is_one_idea(
    nlp_ru: Language, nlp_en: Language, ru: str, en: str
) -> None:
    assert group_pair(nlp_ru, nlp_en, ru, en)


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        # one or two concepts in common are a topic, not the same measure
        (
            "Выделить гранты на оцифровку музейных коллекций.",
            "Grants for touring theatre companies in small towns.",
        ),
        (
            "Льготная аренда помещений для книжных магазинов.",
            "Preferential loans for farmers to buy equipment.",
        ),
        (
            "Стипендии для студентов музыкальных колледжей.",
            "A music festival for students every summer.",
        ),
        (
            "Переподготовка специалистов музеев по цифровым технологиям.",
            "Digital technology in the tax service.",
        ),
    ],
)
def test_two_measures_on_one_topic_stay_apart(
    nlp_ru: Language, nlp_en: Language, ru: str, en: str
) -> None:
    assert not group_pair(nlp_ru, nlp_en, ru, en)


def test_a_pair_in_two_languages_is_weighed_over_its_concepts() -> None:
    ru = frozenset({"grant", "festival", "term", "ru:ежегодный", "ru:сезон"})
    en = frozenset({"grant", "festival", "term", "en:annual", "en:season"})
    same = frozenset({"grant", "festival", "term", "en:annual", "en:season", "en:stage"})
    overlap = Overlap([ru, en, same], ["ru", "en", "en"])
    assert overlap.similarity(0, 1) == pytest.approx(1.0)  # all they can share, they share
    assert Overlap([ru, en]).similarity(0, 1) < 0.7  # counted over every key (no languages)
    # in one language an unlisted word is a word they could have shared, and counts
    assert overlap.similarity(1, 2) < 1.0
    assert overlap.parts(0, 1)[0] == {"grant", "festival", "term"}


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


# ---------------------------------------------------------------- group_pairs


def test_group_pairs_splits_the_gold_pairs_by_session_and_language() -> None:
    from tools.understanding import group_pairs

    def forms(*words: str) -> list:
        return [(w, w, False, False) for w in words]

    same = forms("грант", "фестиваль", "многолетний", "календарь")
    english = forms("grant", "festival", "multi-year", "calendar")
    tagged = group_pairs.Tagged(
        [
            Proposal("P-1", "a", "t", 0, 1, None, "ru"),
            Proposal("P-2", "a", "t", 2, 3, None, "ru"),  # a restatement in its session
            Proposal("P-3", "b", "t", 0, 1, None, "en"),  # the same idea in English
            Proposal("P-4", "c", "t", 0, 1, None, "en"),  # another idea, missed by nobody
        ],
        [same, same, english, forms("school", "craft", "lesson")],
        ["g1", "g1", "g1", "g2"],
    )
    figures = group_pairs.measure(tagged)
    counts = {kind: (c.tp, c.fp, c.fn) for kind, c in figures.counts.items()}
    assert counts == {
        "all": (3, 0, 0),
        "one session": (1, 0, 0),
        "two sessions": (0, 0, 0),
        "two languages": (2, 0, 0),
    }
    assert sorted(figures.pairs) == ["found-cross", "found-session"]


# ---------------------------------------------------------------- the pair model


def test_the_shipped_pair_model_reads_every_feature_and_groups_by_it() -> None:
    model = group.pair_model()
    assert model is not None and len(model.weights) == len(group.PAIR_FEATURES)
    assert 0 < model.threshold < 1
    # what the model weighs most: the words two proposals share, one session
    weights = dict(zip(group.PAIR_FEATURES, model.weights, strict=True))
    assert weights["cosine"] > 0 and weights["same session"] > 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not a grouping model"),
        ('{"weights": {"cosine": 1}, "bias": 0, "threshold": 0.2}', "PAIR_FEATURES"),
        ('{"weights": {}, "threshold": 0.2}', "not a grouping model"),
    ],
)
def test_a_broken_pair_model_names_its_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        group.read_pair_model(path)
    assert str(error.value).startswith(f"{path}:1: ") and message in str(error.value)
    assert "toolkit train --part grouping" in str(error.value)


def test_a_written_pair_model_reads_back(tmp_path: Path) -> None:
    weights = tuple(round(0.1 * k - 1, 4) for k in range(len(group.PAIR_FEATURES)))
    model = group.PairModel(weights, -2.5, 0.25)
    group.write_pair_model(model, tmp_path / "grouping" / "model.json")
    assert group.read_pair_model(tmp_path / "grouping" / "model.json") == model


@pytest.mark.parametrize(
    ("scores", "cut", "clusters"),
    [
        # 1 is like 0 and 2 like 1, but 2 was never found like 0: the chain stops
        ({(1, 0): 0.9, (2, 1): 0.9}, 0.5, [0, 0, 2]),
        # with 2 also close to 0, the three are one idea
        ({(1, 0): 0.9, (2, 1): 0.9, (2, 0): 0.6}, 0.5, [0, 0, 0]),
        # nothing reaches the cut: every proposal alone
        ({(1, 0): 0.3, (2, 1): 0.4}, 0.5, [0, 1, 2]),
        # a low cut lets the chain through on average
        ({(1, 0): 0.9, (2, 1): 0.9}, 0.4, [0, 0, 0]),
    ],
)
def test_average_link_does_not_chain_two_ideas(
    scores: dict[tuple[int, int], float], cut: float, clusters: list[int]
) -> None:
    roots = group.average_link(3, list(scores), list(scores.values()), cut)
    assert [[a == b for b in roots] for a in roots] == [
        [x == y for y in clusters] for x in clusters
    ]


def test_the_model_also_compares_the_proposals_just_before_in_the_session() -> None:
    proposals = [
        Proposal(f"P-{i}", "a" if i < 5 else "b", "t", i, i + 1, None, "en") for i in range(7)
    ]
    keys = [frozenset({f"w{i}"}) for i in range(7)]  # no shared word: no blocking pair
    pairs = group.candidate_pairs(proposals, Overlap(keys))
    assert pairs == [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2), (4, 1), (4, 2), (4, 3), (6, 5)]


def pair_rows() -> list[group_train.PairSet]:
    """Two small labelled sets: restatements share most words, other pairs a topic word."""
    sets = []
    for n, name in enumerate(("a", "b")):
        rows = [
            ("g1", "grant festival term calendar"),
            ("g1", "grant festival term calendar multi-year"),
            ("g2", "school craft lesson village"),
            ("g2", "school craft lesson village teacher"),
            ("g3", "design centre university grant"),
            ("g4", "museum archive digital festival"),
        ]
        proposals = [
            Proposal(f"P-{name}{i}", f"{name}-{i // 2}", f"t{i}", i, i + 1, None, "en")
            for i in range(len(rows))
        ]
        keys = [frozenset(words.split()) | {f"x{n}"} for _, words in rows]
        sets.append(group_train.pair_set(name, proposals, keys, [g for g, _ in rows]))
    return sets


def test_the_pair_model_is_fitted_reproducibly_and_learns_the_gold() -> None:
    sets = pair_rows()
    weights, bias = group_train.fit_pairs(sets)
    again = group_train.fit_pairs(pair_rows())
    assert np.array_equal(weights, again[0]) and bias == again[1]
    model = group.PairModel(tuple(weights), bias, 0.5)
    counts = group_train.model_counts(sets[0], model)
    assert (counts.tp, counts.fp, counts.fn) == (2, 0, 0)


def test_cross_validation_scores_each_set_by_a_model_fitted_on_the_others(monkeypatch) -> None:
    sets = pair_rows()
    seen: list[list[str]] = []
    fit = group_train.fit_pairs

    def spy(chosen, l2=group_train.L2):
        chosen = list(chosen)
        seen.append([s.name for s in chosen])
        return fit(chosen, l2)

    monkeypatch.setattr(group_train, "fit_pairs", spy)
    report = group_train.cross_validate(sets)
    assert seen == [["b"], ["a"]]
    assert list(report.folds) == ["a", "b"] and report.threshold in group_train.THRESHOLDS
    rule, model = report.folds["a"]
    assert rule.tp + rule.fn == model.tp + model.fn == 2  # the same gold pairs counted


def test_train_names_a_broken_grouping_manifest(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    manifest = tmp_path / "grouping.yaml"
    manifest.write_text("folds:\n  - {name: a}\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["train", "--part", "grouping", "--grouping-data", str(manifest), "-o", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert f"{manifest}:1:" in result.output and "two or more" in result.output


def test_train_groups_with_the_value_model_it_writes(tmp_path: Path) -> None:
    """Grouping's training reads the value model in its output folder, not the installed one:
    a broken one there is named (with the installed model it would train for minutes)."""
    from click.testing import CliRunner

    from toolkit.cli import cli

    (tmp_path / "values").mkdir()
    (tmp_path / "values" / "model.json").write_text("not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["train", "--part", "grouping", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert str(tmp_path / "values") in result.output and "value model" in result.output
