"""Would more labelled real speech help? The detector trained on growing shares of the real corpus.

For each share (by note: the notes of the varied sets ordered by the SHA-1 of their id, the
first 25 / 50 / 75 / 100 %, so each subset holds the one before; every other training set of
the manifest always in) and each seed, it trains the model exactly as ``toolkit train`` does
(``fit`` + ``choose_threshold``) and prints

* the ``validate`` sets' F1 (real-dev, heldout), extracted and scored as ``toolkit eval`` does;
* the cross-validated unit F1 over the varied sets: 3 folds by note (SHA-1 of the id mod 3)
  fixed over the whole corpus, the model trained on the share's notes outside the fold (and
  the other sets), the threshold chosen inside that training part, tested on every note of
  the fold, so each share is scored on the same units.

Features are computed once. Blind sets are never read.

    python tools/learning_curve.py --seeds 0,1
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

FOLDS = 3


def note_order(session: str) -> str:
    """The fixed hash that orders the notes: the first k of this order are a share."""
    return hashlib.sha1(session.encode()).hexdigest()


def fold_of(session: str) -> int:
    return int(note_order(session), 16) % FOLDS


def share(sessions: set[str], percent: int) -> set[str]:
    """The first ``percent`` % of ``sessions`` in hash order (rounded; 0 % is none)."""
    ordered = sorted(sessions, key=note_order)
    return set(ordered[: round(len(ordered) * percent / 100)])


@dataclass
class Point:
    """One share of one language with one seed: its size and its figures."""

    language: str
    percent: int
    seed: int
    notes: int
    units: int
    positives: int
    threshold: float
    cv_f1: float
    validate: dict[str, float]


def cross_validated(
    fixed,
    varied,
    chosen: set[str],
    lang: str,
    seed: int,
    *,
    fold_by=fold_of,
    trainer=None,
    tested: set[str] | None = None,
) -> float:
    """Unit F1 over the folds of ``varied``, training on the chosen notes outside each fold.

    ``fold_by`` maps a note id to its fold (by default its own hash; by event in
    tools/detector_variants.py); ``trainer`` is a ``toolkit.train.Trainer`` (default: the
    shipped model), the threshold chosen inside each training part as ``toolkit train`` does.
    ``tested`` (note ids) limits the scored units, so that added sets can be trained on in
    their folds and the figure still compared with one over the old sets alone.
    """
    from toolkit.train import choose_threshold, shipped_trainer, unit_f1

    trainer = trainer or shipped_trainer()
    verdicts: list[tuple[bool, float]] = []
    for fold in range(FOLDS):
        train = fixed + [u for u in varied if u.session in chosen and fold_by(u.session) != fold]
        test = [
            u
            for u in varied
            if u.language == lang
            and fold_by(u.session) == fold
            and (tested is None or u.session in tested)
        ]
        score = trainer(train, lang, seed)
        threshold = choose_threshold(train, lang, seed=seed, trainer=trainer)
        probabilities = score([u.keys for u in test])
        verdicts.extend((p >= threshold, u.label) for p, u in zip(probabilities, test, strict=True))
    return unit_f1(verdicts)


#: The training manifest, as ``toolkit train`` reads it.
manifest_option = click.option(
    "--data",
    "manifest",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=Path("tests/data/training.yaml"),
    show_default=True,
)


def labelled(manifest: Path, vary: str):
    """The manifest's sets, the rules-only pipelines and the training units, featurised once:
    those of the sets named in ``vary`` (comma-separated) apart from all the others."""
    from toolkit.extract import Pipelines, forum_year
    from toolkit.profile import default_profile
    from toolkit.train import gold_units, read_manifest

    sets = read_manifest(manifest)
    varied_names = set(vary.split(","))
    profile = default_profile()
    rules = Pipelines(profile, forum_year=forum_year(profile), classifier=False)
    training = [s for s in sets if s.role == "train"]
    fixed = gold_units([s for s in training if s.name not in varied_names], profile, rules)
    varied = gold_units([s for s in training if s.name in varied_names], profile, rules)
    return sets, rules, fixed, varied


def sessions_of(sets, names: str, profile) -> set[str]:
    """The note ids of the manifest's sets named in ``names`` (comma-separated), unparsed."""
    from toolkit.train import _set_notes

    wanted = set(names.split(","))
    return {
        n.session.id
        for s in sets
        if s.name in wanted
        for n in _set_notes(s, profile)
        if n.session is not None
    }


@click.command()
@manifest_option
@click.option("--vary", default="real-ru,real-en", show_default=True, help="Sets to subsample.")
@click.option("--percents", default="0,25,50,75,100", show_default=True)
@click.option("--seeds", default="0", show_default=True)
def main(manifest: Path, vary: str, percents: str, seeds: str) -> None:
    """Print the learning curve: validation F1 and cross-validated F1 per share of notes."""
    from toolkit.train import choose_threshold, fit, validate

    sets, rules, fixed, varied = labelled(manifest, vary)
    profile = rules.profile
    checks = [s for s in sets if s.role == "validate"]
    languages = sorted({u.language for u in varied})
    for seed in (int(s) for s in seeds.split(",")):
        for percent in (int(p) for p in percents.split(",")):
            chosen = set()
            for lang in languages:
                chosen |= share({u.session for u in varied if u.language == lang}, percent)
            train = fixed + [u for u in varied if u.session in chosen]
            with tempfile.TemporaryDirectory() as tmp:
                found: dict[str, tuple[float, float]] = {}
                for lang in languages:
                    classifier = fit(train, lang, seed=seed)
                    classifier.cfg["threshold"] = choose_threshold(train, lang, seed=seed)
                    classifier.to_disk(Path(tmp) / lang, exclude=["vocab"])
                    cv = cross_validated(fixed, varied, chosen, lang, seed)
                    found[lang] = (classifier.cfg["threshold"], cv)
                scores = validate(checks, profile, Path(tmp))
            for lang in languages:
                mine = [u for u in varied if u.session in chosen and u.language == lang]
                point = Point(
                    lang,
                    percent,
                    seed,
                    len({u.session for u in mine}),
                    len(mine),
                    int(sum(u.label for u in mine)),
                    found[lang][0],
                    found[lang][1],
                    {
                        name: s.languages[lang].f1
                        for name, s in scores.items()
                        if lang in s.languages
                    },
                )
                figures = [f"CV {point.cv_f1:.3f}"]
                figures += [f"{n} {f:.3f}" for n, f in point.validate.items()]
                click.echo(
                    f"{lang} {percent:>3}% seed {seed}: {point.notes} notes, {point.units} "
                    f"units, {point.positives} proposals, threshold {point.threshold:.2f}  "
                    + "  ".join(figures)
                )


if __name__ == "__main__":
    main()
