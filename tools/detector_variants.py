"""Would a richer detector do better than the shipped one? Variants scored side by side.

Every unit of the manifest's ``train`` and ``validate`` sets is featurised once (as
``toolkit train`` does); then each variant, the shipped model (``base``) among them, is fitted
per language and seed and scored three ways, in one run:

* ``CV``: unit F1 over the real corpus (the sets named by ``--vary``) in 3 folds drawn **by
  event** (SHA-1 of the kremlin.ru address or the QMSum file, read from the annotators'
  SOURCES.md, mod 3), so excerpts of one meeting never sit on both sides; the model trained on
  the other folds and every other training set, the threshold chosen inside that training part
  (``tools/learning_curve.py``'s ``cross_validated``);
* each ``validate`` set (real-dev, heldout): unit F1 of the model fitted on all training sets,
  blocked units (questions, meeting talk) capped as the pipeline caps them.

Blind sets are never read. Variants:

* ``base``: the shipped sparse linear model (``toolkit.train.fit``);
* ``conj``: the same model with conjunctions it cannot form itself: each cue category (or
  none) × the unit's place and sentence ending (``place``), the mood of its verbs (``mood``),
  the first personal pronoun (``person``), a negation (``negation``); the rule score's band ×
  each verb form (``band``); ``conj:<family>`` adds one family only;
* ``trees``: gradient-boosted trees of depth 3 over the same features (present or not);
  ``trees-slow``: depth 2, more rounds at half the learning rate;
* ``linear+trees``: trees of depth 2 boosting the shipped model's own log-odds;
* ``conj+trees``: ``trees`` over the features of ``conj``;
* ``stumps``: boosted trees of depth 1 (an additive model, as the linear one, fitted otherwise).

    python -m tools.detector_variants --seeds 0,1,2 --variants base,conj,trees
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import click
import numpy

from tools.learning_curve import (
    cross_validated,
    fold_of,
    labelled,
    manifest_option,
    sessions_of,
)

#: The address of an event in a SOURCES.md row: a kremlin.ru news id or a QMSum file.
_EVENT = re.compile(r"news/(\d+)|(education_\d+)\.json")
_NEGATION = {
    "ru": re.compile(r"(?<!\w)(не|ни|нельзя|нет)(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(not|no|never|cannot)(?!\w)|n't", re.IGNORECASE),
}
_PRONOUNS = {
    "ru": {"я": "1sg", "мы": "1pl", "вы": "2", "ты": "2", "давайте": "1pl"},
    "en": {"i": "1sg", "we": "1pl", "you": "2", "let's": "1pl", "let": "1pl"},
}
_WORD = re.compile(r"[\w']+")


def events(annotators: Path, sessions: set[str]) -> dict[str, str]:
    """Each note's event, from the rows of ``annotators/*/SOURCES.md`` that name it.

    Only rows of ``sessions`` are read; a note with no row is an error (its fold is unknown).
    """
    found: dict[str, str] = {}
    for sources in sorted(annotators.glob("*/SOURCES.md")):
        for line in sources.read_text(encoding="utf-8").splitlines():
            cells = line.split("|")
            if len(cells) < 3 or cells[1].strip() not in sessions:
                continue
            address = _EVENT.search(line)
            if address:
                found.setdefault(cells[1].strip(), address.group(0))
    missing = sorted(sessions - set(found))
    if missing:
        raise click.ClickException(
            f"{annotators}: no SOURCES.md row names the event of {', '.join(missing)}"
        )
    return found


#: The families of conjunctions, each measurable alone (``conj:<family>``).
FAMILIES = ("place", "mood", "person", "negation", "band")


def conjunctions(
    names: list[str], text: str, lang: str, families: tuple[str, ...] = FAMILIES
) -> list[str]:
    """The conjoined features of one unit, from its feature strings and its text."""
    cues = sorted({n.split(":")[0] for n in names if n.startswith("cue=")}) or ["cue=none"]
    found = []
    if "band" in families:
        rule = next((int(n[5:]) for n in names if n.startswith("rule=")), 0)
        band = "low" if rule < 3 else ("mid" if rule < 5 else "high")
        found += [f"{band}|{n}" for n in names if n.startswith("m=")]
    partners = []
    if "place" in families:
        partners += [n for n in names if n.startswith(("place=", "end="))]
    if "mood" in families:
        partners += [n for n in names if n in ("m=imp", "m=inf", "m0=imp", "m0=inf")]
    if "person" in families:
        words = _WORD.findall(text.lower())
        pronoun = next((_PRONOUNS[lang][w] for w in words if w in _PRONOUNS[lang]), "none")
        partners.append(f"pron={pronoun}")
    if "negation" in families:
        partners.append(f"neg={bool(_NEGATION[lang].search(text))}")
    for cue in cues:
        found += [f"{cue}|{n}" for n in partners]
    return found


def with_conjunctions(
    units: list, names: dict[int, str], families: tuple[str, ...] = FAMILIES
) -> list:
    """Copies of ``units`` whose keys include their conjunctions of ``families``."""
    from dataclasses import replace

    from spacy.strings import get_string_id

    done = []
    for unit in units:
        strings = [names[k] for k in unit.keys]
        extra = {
            get_string_id("x:" + c)
            for c in conjunctions(strings, unit.text, unit.language, families)
        }
        # a key twice stays twice (a cue found twice counts twice, as in the shipped model)
        done.append(replace(unit, keys=sorted([*unit.keys, *extra])))
    return done


class _Columns:
    """Which units hold each feature key: the binary design matrix, column by column."""

    def __init__(self, keys: list[list[int]]) -> None:
        rows: dict[int, list[int]] = defaultdict(list)
        for row, unit in enumerate(keys):
            for key in set(unit):
                rows[key].append(row)
        self.rows = {key: numpy.asarray(found) for key, found in rows.items()}
        self.size = len(keys)
        self._present: dict[int, numpy.ndarray] = {}

    def present(self, key: int) -> numpy.ndarray:
        found = self._present.get(key)
        if found is None:
            found = numpy.zeros(self.size, dtype=bool)
            found[self.rows.get(key, [])] = True
            self._present[key] = found
        return found


#: A tree: a leaf's value, or (feature key, tree where present, tree where absent).
Tree = float | tuple[int, "Tree", "Tree"]


def _evaluate(tree: Tree, columns: _Columns) -> numpy.ndarray:
    if isinstance(tree, float):
        return numpy.full(columns.size, tree)
    key, present, absent = tree
    return numpy.where(
        columns.present(key), _evaluate(present, columns), _evaluate(absent, columns)
    )


class BoostedTrees:
    """Gradient-boosted trees (log loss, second order) over binary features, seeded row sampling."""

    def __init__(
        self,
        *,
        rounds: int,
        depth: int,
        rate: float = 0.1,
        l2: float = 1.0,
        subsample: float = 0.8,
        min_hessian: float = 2.0,
        min_count: int = 3,
    ) -> None:
        self.rounds, self.depth, self.rate, self.l2 = rounds, depth, rate, l2
        self.subsample, self.min_hessian, self.min_count = subsample, min_hessian, min_count
        self.trees: list[Tree] = []

    def fit(self, keys: list[list[int]], labels: list[float], start: numpy.ndarray, seed: int):
        columns = _Columns(keys)
        vocabulary = sorted(k for k, rows in columns.rows.items() if len(rows) >= self.min_count)
        flat = numpy.concatenate([columns.rows[k] for k in vocabulary])
        starts = numpy.cumsum([0] + [len(columns.rows[k]) for k in vocabulary[:-1]])
        truth = numpy.asarray(labels)
        margin = start.copy()
        rng = numpy.random.default_rng(seed)

        def grow(weight: numpy.ndarray, g: numpy.ndarray, h: numpy.ndarray, depth: int) -> Tree:
            total_g, total_h = float((g * weight).sum()), float((h * weight).sum())
            leaf = -self.rate * total_g / (total_h + self.l2)
            if depth == 0:
                return leaf
            col_g = numpy.add.reduceat((g * weight)[flat], starts)
            col_h = numpy.add.reduceat((h * weight)[flat], starts)
            rest_g, rest_h = total_g - col_g, total_h - col_h
            gain = (
                col_g**2 / (col_h + self.l2)
                + rest_g**2 / (rest_h + self.l2)
                - total_g**2 / (total_h + self.l2)
            )
            gain[(col_h < self.min_hessian) | (rest_h < self.min_hessian)] = -numpy.inf
            best = int(numpy.argmax(gain))
            if not gain[best] > 1e-6:
                return leaf
            present = columns.present(vocabulary[best])
            return (
                vocabulary[best],
                grow(weight * present, g, h, depth - 1),
                grow(weight * ~present, g, h, depth - 1),
            )

        for _ in range(self.rounds):
            p = 1 / (1 + numpy.exp(-margin))
            sample = (rng.random(len(keys)) < self.subsample).astype(float)
            tree = grow(sample, p - truth, p * (1 - p), self.depth)
            self.trees.append(tree)
            margin = margin + _evaluate(tree, columns)
        return self

    def margin(self, keys: list[list[int]]) -> numpy.ndarray:
        columns = _Columns(keys)
        total = numpy.zeros(len(keys))
        for tree in self.trees:
            total += _evaluate(tree, columns)
        return total


def _logit(p: numpy.ndarray) -> numpy.ndarray:
    p = numpy.clip(p, 1e-6, 1 - 1e-6)
    return numpy.log(p / (1 - p))


def trees_trainer(*, rounds: int, depth: int, on_linear: bool, rate: float = 0.1):
    """A ``toolkit.train.Trainer`` of boosted trees, from the base rate or the linear model."""
    from toolkit.train import fit

    def train(units, lang, seed):
        mine = sorted(
            (u for u in units if u.language == lang), key=lambda u: (u.session, u.keys, u.label)
        )
        keys = [u.keys for u in mine]
        labels = [u.label for u in mine]
        if on_linear:
            linear = fit(mine, lang, seed=seed).score_features
            start = _logit(numpy.asarray(linear(keys)))
        else:
            linear = None
            rate = min(max(sum(labels) / len(labels), 1e-3), 1 - 1e-3)
            start = numpy.full(len(keys), float(_logit(numpy.asarray(rate))))
        model = BoostedTrees(rounds=rounds, depth=depth, rate=rate).fit(keys, labels, start, seed)
        prior = float(start[0])

        def score(test: list[list[int]]) -> list[float]:
            if not test:
                return []
            base = _logit(numpy.asarray(linear(test))) if linear else numpy.full(len(test), prior)
            return (1 / (1 + numpy.exp(-(base + model.margin(test))))).tolist()

        return score

    return train


def variants() -> dict[str, tuple[tuple[str, ...], Callable]]:
    """Each variant's name → (the conjunction families it adds, its trainer)."""
    from toolkit.train import shipped_trainer

    return {
        "base": ((), shipped_trainer()),
        "conj": (FAMILIES, shipped_trainer()),
        **{f"conj:{family}": ((family,), shipped_trainer()) for family in FAMILIES},
        "trees": ((), trees_trainer(rounds=150, depth=3, on_linear=False)),
        "trees-slow": ((), trees_trainer(rounds=300, depth=2, rate=0.05, on_linear=False)),
        "linear+trees": ((), trees_trainer(rounds=100, depth=2, on_linear=True)),
        "conj+trees": (FAMILIES, trees_trainer(rounds=150, depth=3, on_linear=False)),
        "stumps": ((), trees_trainer(rounds=300, depth=1, on_linear=False)),
    }


def blocked_f1(score, threshold: float, units: list) -> float:
    """Unit F1 with the pipeline's blockers: a question or meeting talk stays no proposal."""
    from spacy.strings import get_string_id

    from toolkit.nlp.classifier import BLOCKED_SCORE, DEFAULT_BLOCKERS
    from toolkit.train import unit_f1

    blockers = {get_string_id(f"reason={b}") for b in DEFAULT_BLOCKERS}
    probabilities = score([u.keys for u in units])
    return unit_f1(
        [
            ((min(p, BLOCKED_SCORE) if blockers.intersection(u.keys) else p) >= threshold, u.label)
            for p, u in zip(probabilities, units, strict=True)
        ]
    )


@click.command()
@manifest_option
@click.option(
    "--annotators",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=Path("tests/data/real/annotators"),
    show_default=True,
    help="Folders whose SOURCES.md give each real note's event.",
)
@click.option("--vary", default="real-ru,real-en", show_default=True, help="Sets folded by event.")
@click.option(
    "--tested",
    default=None,
    help="Sets whose units the CV scores (default: every varied set); the others only train.",
)
@click.option("--variants", "chosen", default="base,conj,trees", show_default=True)
@click.option("--languages", default="ru,en", show_default=True)
@click.option("--seeds", default="0,1,2", show_default=True)
def main(
    manifest: Path,
    annotators: Path,
    vary: str,
    tested: str | None,
    chosen: str,
    languages: str,
    seeds: str,
) -> None:
    """Print each variant's CV-by-event, real-dev and heldout unit F1 per language and seed."""
    from toolkit.nlp.features import FEATURE_NAMES as names  # every key's string, as made
    from toolkit.train import choose_threshold, gold_units

    known = variants()
    unknown = [v for v in chosen.split(",") if v not in known]
    if unknown:
        raise click.BadParameter(f"unknown variant {unknown[0]}; use {', '.join(known)}")
    sets, rules, fixed, varied = labelled(manifest, vary)
    scored = sessions_of(sets, tested, rules.profile) if tested else None
    checks = {
        s.name: gold_units([s], rules.profile, rules)
        for s in sets
        if s.role == "validate" and s.notes.is_dir()
    }
    event = events(annotators, {u.session for u in varied})
    by_event = {session: fold_of(address) for session, address in event.items()}
    plain = {"fixed": fixed, "varied": varied, **checks}
    conjoined: dict[tuple[str, ...], dict[str, list]] = {(): plain}
    results: dict[tuple[str, str], list[dict[str, float]]] = defaultdict(list)
    for seed in (int(s) for s in seeds.split(",")):
        for lang in languages.split(","):
            for variant in chosen.split(","):
                families, trainer = known[variant]
                if families not in conjoined:
                    conjoined[families] = {
                        name: with_conjunctions(units, names, families)
                        for name, units in plain.items()
                    }
                mine = conjoined[families]
                everything = mine["fixed"] + mine["varied"]
                figures = {
                    "CV": cross_validated(
                        mine["fixed"],
                        mine["varied"],
                        {u.session for u in varied},
                        lang,
                        seed,
                        fold_by=by_event.__getitem__,
                        trainer=trainer,
                        tested=scored,
                    )
                }
                score = trainer(everything, lang, seed)
                threshold = choose_threshold(everything, lang, seed=seed, trainer=trainer)
                for name in checks:
                    units = [u for u in mine[name] if u.language == lang]
                    figures[name] = blocked_f1(score, threshold, units)
                results[(lang, variant)].append(figures)
                click.echo(
                    f"{lang} {variant:<13} seed {seed}: threshold {threshold:.2f}  "
                    + "  ".join(f"{n} {f:.3f}" for n, f in figures.items()),
                )
    click.echo("\n| language | variant | " + " | ".join(["CV by event", *checks]) + " |")
    click.echo("| --- | --- |" + " --- |" * (len(checks) + 1))
    for (lang, variant), rows in results.items():
        cells = []
        for name in rows[0]:
            values = [r[name] for r in rows]
            cells.append(
                " / ".join(f"{v:.3f}" for v in values) + f" (mean {statistics.mean(values):.3f})"
            )
        click.echo(f"| {lang} | {variant} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
