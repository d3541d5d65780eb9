"""Training the ``proposal_classifier`` from gold sets and review decisions (``toolkit train``).

Reads top to bottom: the gold sets of a manifest (notes + gold, docs/evaluation.md) and, if asked,
a workspace's review decisions become labelled units → each language's rules-only pipeline
featurises them once → a seeded logistic model is fitted → the weights are written with the
pipeline's own serialisation → the validation sets are extracted with the new weights and
scored exactly as ``toolkit eval`` scores them. The same manifest, seed and data give the
same weights on every machine.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ExtractError, NotesError
from .evaluate import Counts, Evaluation, Gold, evaluate, matched_by_session, overlap, read_gold
from .extract import Pipelines, extract_notes, forum_year
from .extract.note import block_docs
from .notes import Note, check_notes, find_note_files, iter_notes
from .profile import Profile
from .register import Proposal, normalise
from .workspace import Workspace

ROLES = ("train", "validate", "blind")
#: Few passes keep the weights near the rules' verdicts: the real corpus is annotated more
#: strictly than real-dev, and longer training learns to distrust clear cues (10 epochs:
#: real-dev F1 0.773 ru / 0.747 en, 4 epochs: 0.796 / 0.748, same cross-validation F1).
DEFAULT_EPOCHS = 4
DEFAULT_LEARN_RATE = 0.003
#: Fewer passes when refining the shipped weights with a forum's own decisions.
REVIEW_EPOCHS = 3
BATCH = 32
FOLDS = 3
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(9))  # 0.2 … 0.6


@dataclass(frozen=True)
class GoldSet:
    """Notes with their gold proposals and what they are for: train, validate or blind."""

    name: str
    notes: Path
    gold: Path
    role: str
    #: Only the notes of this language (a folder of both with one gold file per language).
    language: str | None = None


@dataclass
class Unit:
    """One judged unit: its hashed features and whether a person called it a proposal."""

    session: str
    language: str
    keys: list[int]
    label: float
    text: str = ""  # the normalised unit text (measurement tools read it; training does not)


#: A fitted model's scoring function: featurised units → probabilities.
Scorer = Callable[[list[list[int]]], list[float]]
#: Fits a model on (units, language, seed) and returns its scorer; ``fit`` is the shipped one.
Trainer = Callable[[list["Unit"], str, int], Scorer]


@dataclass
class TrainReport:
    """What ``toolkit train`` prints: data counts and validation scores per set."""

    units: dict[str, int] = field(default_factory=dict)  # language -> training units
    positives: dict[str, int] = field(default_factory=dict)
    scores: dict[str, Evaluation] = field(default_factory=dict)  # set name -> scores
    thresholds: dict[str, float] = field(default_factory=dict)  # language -> chosen threshold


def read_yaml_manifest(path: Path, what: str) -> Any:
    """A manifest's YAML; broken or unreadable, a one-line error naming the file (and line)."""
    import yaml

    from .yamlio import load_yaml, yaml_error_line

    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line, problem = yaml_error_line(exc)
        raise ExtractError(f"{path}:{line}: broken YAML ({problem}); fix the manifest") from None
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read the {what} manifest ({exc.strerror})") from None


def read_manifest(path: Path) -> list[GoldSet]:
    """The gold sets of a training manifest (YAML), paths relative to the manifest."""
    data = read_yaml_manifest(path, "training")
    sets = data.get("sets") if isinstance(data, dict) else None
    if not isinstance(sets, list) or not sets:
        raise ExtractError(f"{path}:1: the manifest needs a 'sets' list of name/notes/gold/role")
    found: list[GoldSet] = []
    for item in sets:
        line = getattr(item, "line", getattr(data, "line", 1))
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("name", "notes", "gold", "role")
        ):
            raise ExtractError(f"{path}:{line}: each set needs name, notes, gold and role strings")
        if item.get("language") not in (None, "ru", "en"):
            raise ExtractError(
                f"{path}:{line}: language '{item['language']}' of set {item['name']}; use ru or en"
            )
        if item["role"] not in ROLES:
            raise ExtractError(
                f"{path}:{line}: role '{item['role']}' of set {item['name']}; use one of "
                + ", ".join(ROLES)
            )
        found.append(
            GoldSet(
                item["name"],
                (path.parent / item["notes"]).resolve(),
                (path.parent / item["gold"]).resolve(),
                item["role"],
                item.get("language"),
            )
        )
    return found


def label_units(texts: list[str], gold: list[str]) -> list[int]:
    """Which units are gold proposals: each gold text claims its best-matching unit.

    Most gold texts are a unit's text exactly; only the others are compared by overlap
    (the matching rule of docs/evaluation.md).
    """
    labels = [0] * len(texts)
    where: dict[str, list[int]] = defaultdict(list)
    for ui, text in enumerate(texts):
        where[text].append(ui)
    inexact: list[str] = []
    for g in gold:
        free = [ui for ui in where.get(g, ()) if not labels[ui]]
        if free:
            labels[free[0]] = 1
        else:
            inexact.append(g)
    pairs = []
    for gi, g in enumerate(inexact):
        for ui, t in enumerate(texts):
            shorter, longer = sorted((len(g), len(t)))
            if labels[ui] or not shorter or (shorter * 4 < longer and g not in t and t not in g):
                continue
            share = overlap(g, t)
            if share >= 0.5:
                pairs.append((share * shorter / longer, gi, ui))
    pairs.sort(reverse=True)
    claimed: set[int] = set()
    for _, gi, ui in pairs:
        if gi in claimed or labels[ui]:
            continue
        claimed.add(gi)
        labels[ui] = 1
    return labels


def note_units(note: Note, pipelines: Pipelines) -> tuple[list[str], list[list[int]]]:
    """The texts and hashed features of a note's unmarked units (marked items need no model)."""
    from .nlp.classifier import ProposalClassifier

    texts: list[str] = []
    keys: list[list[int]] = []
    for block, doc in block_docs(note, pipelines[note.language]):
        if doc._.toolkit_section == "proposals" and block.kind == "item":
            continue
        texts.extend(normalise(unit.text) for unit in ProposalClassifier.units(doc))
        keys.extend(ProposalClassifier.features(doc))
    return texts, keys


def _set_notes(gold_set: GoldSet, profile: Profile) -> list[Note]:
    """The set's notes, only those of its language when it names one."""
    notes = iter_notes(find_note_files([gold_set.notes]), profile)
    return [n for n in notes if gold_set.language in (None, n.language)]


def gold_units(sets: Iterable[GoldSet], profile: Profile, pipelines: Pipelines) -> list[Unit]:
    """Every unit of every note of ``sets``, labelled from the set's gold file."""
    units: list[Unit] = []
    for gold_set in sets:
        by_session: dict[str, list[str]] = defaultdict(list)
        for g in read_gold(gold_set.gold):
            by_session[g.session].append(g.text)  # read_gold normalised it
        for note in _set_notes(gold_set, profile):
            if not note.ok or note.session is None:
                raise ExtractError(f"{note.path}: cannot train on a broken note; run notes check")
            texts, keys = note_units(note, pipelines)
            labels = label_units(texts, by_session.get(note.session.id, []))
            units.extend(
                Unit(note.session.id, note.language, k, float(y), text)
                for k, y, text in zip(keys, labels, texts, strict=True)
            )
    return units


def review_units(
    notes: list[Note], decisions: list[tuple[str, str, bool]], pipelines: Pipelines
) -> list[Unit]:
    """Units an analyst decided on: accepted/rejected/merged are proposals, `not a proposal` not.

    ``decisions`` are (session, text, is_proposal); units nobody reviewed are left out.
    """
    by_session: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for session, text, is_proposal in decisions:
        by_session[session].append((normalise(text), is_proposal))
    units: list[Unit] = []
    for note in notes:
        reviewed = by_session.get(note.session.id) if note.session else None
        if not reviewed:
            continue
        texts, keys = note_units(note, pipelines)
        for text, is_proposal in reviewed:
            match = label_units(texts, [text])
            if 1 in match:
                i = match.index(1)
                units.append(Unit(note.session.id, note.language, keys[i], float(is_proposal)))
    return units


def fit(
    units: list[Unit],
    lang: str,
    *,
    seed: int = 0,
    epochs: int = DEFAULT_EPOCHS,
    learn_rate: float = DEFAULT_LEARN_RATE,
    start: Path | None = None,
):
    """A seeded logistic model over the units of ``lang``: the same data give the same weights.

    ``start`` is a folder of weights to continue from (a forum's decisions refine the
    shipped model rather than replace it).
    """
    import spacy
    from thinc.api import Adam, fix_random_seed

    from .nlp import load_classifier

    fix_random_seed(seed)
    nlp = spacy.blank(lang)
    if start is None:
        nlp.add_pipe("proposal_classifier").initialize(lambda: [])
    else:
        load_classifier(nlp, start)
    classifier = nlp.get_pipe("proposal_classifier")
    mine = sorted(
        (u for u in units if u.language == lang), key=lambda u: (u.session, u.keys, u.label)
    )
    optimizer = Adam(learn_rate)
    order = random.Random(seed)
    for _ in range(epochs):
        order.shuffle(mine)
        for first in range(0, len(mine), BATCH):
            batch = mine[first : first + BATCH]
            classifier.update_features(
                [u.keys for u in batch], [u.label for u in batch], sgd=optimizer
            )
    return classifier


def shipped_trainer(epochs: int = DEFAULT_EPOCHS) -> Trainer:
    """The shipped model (``fit`` with ``epochs`` passes) as a :data:`Trainer`."""

    def train(part: list[Unit], lang: str, seed: int) -> Scorer:
        return fit(part, lang, seed=seed, epochs=epochs).score_features

    return train


def choose_threshold(
    units: list[Unit],
    lang: str,
    *,
    seed: int = 0,
    epochs: int = DEFAULT_EPOCHS,
    trainer: Trainer | None = None,
) -> float:
    """The threshold with the best F1 over a 3-fold split of the training sessions.

    Transcripts hold far fewer proposals than tidy notes, so 0.5 is rarely right; the folds
    choose it from the training data alone, never from a validation set. ``trainer`` replaces
    the shipped model (``fit``) when a measurement tool compares other models.
    """
    trainer = trainer or shipped_trainer(epochs)
    mine = [u for u in units if u.language == lang]
    sessions = sorted({u.session for u in mine})
    scored: list[tuple[float, float]] = []
    for fold in range(FOLDS):
        held = set(sessions[fold::FOLDS])
        score = trainer([u for u in mine if u.session not in held], lang, seed)
        test = [u for u in mine if u.session in held]
        probabilities = score([u.keys for u in test])
        scored.extend(zip(probabilities, (u.label for u in test), strict=True))

    def f1(threshold: float) -> float:
        return unit_f1([(p >= threshold, y) for p, y in scored])

    return max(THRESHOLDS, key=lambda t: (f1(t), -abs(t - 0.5)))


def unit_f1(verdicts: Iterable[tuple[bool, float]]) -> float:
    """F1 of (model says proposal, gold label) pairs; 0 when nothing is found."""
    tp = fp = fn = 0
    for said, label in verdicts:
        tp += bool(said and label)
        fp += bool(said and not label)
        fn += bool(not said and label)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def validate(sets: Iterable[GoldSet], profile: Profile, weights: Path) -> dict[str, Evaluation]:
    """Each set extracted with the new weights and scored as ``toolkit eval`` would."""
    scores: dict[str, Evaluation] = {}
    pipelines = Pipelines(profile, forum_year=forum_year(profile), classifier=weights)
    for gold_set in sets:
        if not gold_set.notes.is_dir():
            continue  # a validation set outside the repository (../shared) may be absent
        notes = _set_notes(gold_set, profile)
        result = extract_notes(notes, profile, pipelines=pipelines)
        scores[gold_set.name] = evaluate(
            read_gold(gold_set.gold), result.proposals, result.languages, gold_set.gold
        )
    return scores


def train(
    sets: list[GoldSet],
    profile: Profile,
    output: Path,
    *,
    seed: int = 0,
    epochs: int = DEFAULT_EPOCHS,
) -> TrainReport:
    """Train one model per language on the ``train`` sets, write it to ``output/<lang>/``
    and score the ``validate`` sets with it."""
    rules = Pipelines(profile, forum_year=forum_year(profile), classifier=False)
    units = gold_units([s for s in sets if s.role == "train"], profile, rules)
    report = TrainReport()
    for lang in sorted({u.language for u in units}):
        classifier = fit(units, lang, seed=seed, epochs=epochs)
        classifier.cfg["threshold"] = choose_threshold(units, lang, seed=seed, epochs=epochs)
        report.thresholds[lang] = classifier.cfg["threshold"]
        _save(classifier, units, lang, output, report)
    report.scores = validate([s for s in sets if s.role == "validate"], profile, output)
    return report


def train_from_review(
    notes: list[Note],
    decisions: list[tuple[str, str, bool]],
    profile: Profile,
    output: Path,
    *,
    start: Callable[[str], Path | None],
    seed: int = 0,
    epochs: int = REVIEW_EPOCHS,
) -> TrainReport:
    """Refine the current weights (``start(lang)``) with a forum's review decisions."""
    rules = Pipelines(profile, forum_year=forum_year(profile), classifier=False)
    units = review_units(notes, decisions, rules)
    report = TrainReport()
    for lang in sorted({u.language for u in units}):
        classifier = fit(units, lang, seed=seed, epochs=epochs, start=start(lang))
        _save(classifier, units, lang, output, report)
    return report


def train_workspace(
    ws: Workspace, output: Path, *, seed: int = 0, epochs: int = REVIEW_EPOCHS
) -> TrainReport:
    """``toolkit train --from-review``: refine the model the workspace uses with its decisions.

    Starts from the workspace's own model when it has one for a language, else the shipped
    one. The notes must pass `notes check` and some decided rows must match them.
    """
    from .nlp import shipped_classifier
    from .review import labels, review_path

    notes, issues = check_notes(find_note_files([ws.notes_dir]), ws.profile)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise NotesError("\n".join(str(i) for i in errors) + "\nfix the notes, then train")
    decisions = [(row.session, row.text, row.is_proposal) for row in labels(review_path(ws))]
    current = ws.profile.proposal_model_dir

    def start(lang: str) -> Path | None:
        mine = current / lang if current else None
        return mine if mine and (mine / "model").is_file() else shipped_classifier(lang)

    report = train_from_review(
        notes, decisions, ws.profile, output, start=start, seed=seed, epochs=epochs
    )
    if not report.units:
        raise ExtractError(
            f"{review_path(ws)}: no decided rows match the notes; "
            "decide some rows (accepted, rejected, merged, not a proposal) first"
        )
    return report


def _save(classifier, units: list[Unit], lang: str, output: Path, report: TrainReport) -> None:
    """Write ``lang``'s weights to ``output/<lang>/`` whole, and count what they learnt from."""
    from .textio import atomic_directory

    mine = [u for u in units if u.language == lang]
    report.units[lang] = len(mine)
    report.positives[lang] = int(sum(u.label for u in mine))
    with atomic_directory(output / lang) as folder:
        classifier.to_disk(folder, exclude=["vocab"])


# ---------------------------------------------------------------- the value model

#: The thresholds the value model's is chosen from, on the leave-one-set-out figures.
VALUE_THRESHOLDS = tuple(round(0.2 + 0.01 * i, 2) for i in range(41))  # 0.20 … 0.60
#: Pooled F1 this close to the best counts as the best: the curve is that flat (a bootstrap
#: over the folds puts the differences between thresholds 0.05 apart near this size).
VALUE_PLATEAU = 0.005
#: The step the chosen threshold is given in: the cross-validation resolves no finer.
VALUE_STEP = 0.05


@dataclass(frozen=True)
class ValueFold:
    """One labelled set of a value manifest: gold files and the notes they label."""

    name: str
    gold: tuple[Path, ...]
    notes: tuple[Path, ...]


@dataclass
class LabelledUnit:
    """A matched proposal: its fold, language, features, the rules' values and the gold's."""

    fold: str
    language: str
    features: list[str]
    rules: list[str]
    gold: list[str]
    procedural: bool


@dataclass
class ValueReport:
    """What ``toolkit train`` prints for the value model."""

    threshold: float = 0.0
    units: int = 0
    #: fold -> (language -> (the rules' counts, the rules' and the model's))
    folds: dict[str, dict[str, tuple[Counts, Counts]]] = field(default_factory=dict)


def read_value_manifest(path: Path) -> list[ValueFold]:
    """The folds of a value manifest (YAML ``folds``: name, gold and notes lists), paths
    relative to the manifest; a broken one is a one-line error."""
    data = read_yaml_manifest(path, "value")
    folds = data.get("folds") if isinstance(data, dict) else None
    if not isinstance(folds, list) or len(folds) < 2:
        raise ExtractError(f"{path}:1: the manifest needs a 'folds' list of two or more sets")
    found = []
    for item in folds:
        line = getattr(item, "line", 1)
        lists = isinstance(item, dict) and all(
            isinstance(item.get(k), list) and item[k] and all(isinstance(p, str) for p in item[k])
            for k in ("gold", "notes")
        )
        if not lists or not isinstance(item.get("name"), str):
            raise ExtractError(f"{path}:{line}: each fold needs a name and gold and notes lists")
        found.append(
            ValueFold(
                item["name"],
                tuple((path.parent / p).resolve() for p in item["gold"]),
                tuple((path.parent / p).resolve() for p in item["notes"]),
            )
        )
    return found


#: What a study reads of each proposal unit during extraction: (unit, language, what the
#: rules read there, as ``toolkit.extract.note.UNIT_HOOK`` gives it) → its features.
Featurise = Callable[[Any, str, dict[str, Any]], list[str]]


def matched_proposals(
    fold: ValueFold, profile: Profile, pipelines: Pipelines, featurise: Featurise
) -> list[tuple[Gold, Proposal, list[str]]]:
    """The fold's gold lines matched to what extraction finds in its notes (only the sessions
    the gold labels, matched as ``toolkit eval`` matches them), each proposal with what
    ``featurise`` made of its unit."""
    from .extract import note as one_note

    gold = [g for path in fold.gold for g in read_gold(path)]
    sessions = {g.session for g in gold}
    notes = [
        n
        for n in iter_notes(find_note_files(fold.notes), profile)
        if n.session is not None and n.session.id in sessions
    ]
    features: dict[str, list[str]] = {}

    def hook(key: str, sent: Any, lang: str, read: dict[str, Any]) -> None:
        features[key] = featurise(sent, lang, read)

    one_note.UNIT_HOOK = hook
    try:  # in this process (jobs=1), so the hook sees every unit
        result = extract_notes(notes, profile, pipelines=pipelines)
    finally:
        one_note.UNIT_HOOK = None
    proposals = result.proposals
    return [
        (g, proposals[i], features[proposals[i].id]) for g, i in matched_by_session(gold, proposals)
    ]


def value_units(fold: ValueFold, profile: Profile, pipelines: Pipelines) -> list[LabelledUnit]:
    """The fold's matched proposals that carry gold values, with the value model's features."""
    from .nlp.learned import unit_features

    return [
        LabelledUnit(
            fold.name,
            p.language,
            features,
            list(p.values),
            list(g.labels.get("values") or []),
            p.route is None,
        )
        for g, p, features in matched_proposals(
            fold, profile, pipelines, lambda sent, lang, read: unit_features(sent, lang)
        )
        if "values" in g.labels
    ]


def value_counts(gold: list[str], found: list[str]) -> Counts:
    g, f = set(gold), set(found)
    return Counts(len(g & f), len(f - g), len(g - f))


def value_folds(units: list[LabelledUnit]) -> dict[str, tuple[list[LabelledUnit], list]]:
    """Each fold's units with the probabilities of a model fitted on every other fold."""
    from .nlp.learned import train_values

    folds = list(dict.fromkeys(u.fold for u in units))
    held: dict[str, tuple[list[LabelledUnit], list]] = {}
    for fold in folds:
        train = [u for u in units if u.fold != fold]
        test = [u for u in units if u.fold == fold]
        model = train_values([u.features for u in train], [u.gold for u in train], 0.5)
        held[fold] = (test, [model, model.probabilities([u.features for u in test])])
    return held


def model_values(unit: LabelledUnit, model, probabilities, threshold: float) -> list[str]:
    from .nlp.learned import combine

    if unit.procedural:
        return []
    model.threshold = threshold
    return combine(unit.rules, probabilities, model)


def value_curves(held: dict[str, tuple[list[LabelledUnit], list]]) -> dict[str, list[Counts]]:
    """Each fold's held-out counts at every threshold of :data:`VALUE_THRESHOLDS`, once, so
    the threshold can be chosen on any subset of folds by summing."""
    curves: dict[str, list[Counts]] = {}
    for fold, (test, (model, probs)) in held.items():
        curve = curves[fold] = [Counts() for _ in VALUE_THRESHOLDS]
        for unit, p in zip(test, probs, strict=True):
            for total, threshold in zip(curve, VALUE_THRESHOLDS, strict=True):
                total.add(value_counts(unit.gold, model_values(unit, model, p, threshold)))
    return curves


def best_value_threshold(curves: dict[str, list[Counts]], skip: str = "") -> float:
    """The middle of the plateau of the pooled held-out F1 (every fold but ``skip``): the
    thresholds within :data:`VALUE_PLATEAU` of the best, their median, rounded to
    :data:`VALUE_STEP`. The curve is flat around its top, so its highest point alone moved
    with small changes to the training rows (0.30 -> 0.25 in session 17); the plateau's
    middle does not."""
    pooled = [Counts() for _ in VALUE_THRESHOLDS]
    for fold, curve in curves.items():
        if fold != skip:
            for total, counts in zip(pooled, curve, strict=True):
                total.add(counts)
    best = max(c.f1 for c in pooled)
    near = [
        t for t, c in zip(VALUE_THRESHOLDS, pooled, strict=True) if c.f1 >= best - VALUE_PLATEAU
    ]
    middle = (near[(len(near) - 1) // 2] + near[len(near) // 2]) / 2
    return round(round(middle / VALUE_STEP) * VALUE_STEP, 2)


def train_value_model(
    folds: list[ValueFold], profile: Profile, output: Path, detector: Path | bool = True
) -> ValueReport:
    """Fit the shipped value model on every fold and write it to ``output``
    (``value_learner``'s ``model.json``); the report holds each fold's figures when it was
    left out, its threshold chosen on the other folds' held-out figures."""
    from .nlp.learned import save_model, train_values

    pipelines = Pipelines(
        profile, forum_year=forum_year(profile), classifier=detector, values=False
    )
    units = [u for fold in folds for u in value_units(fold, profile, pipelines)]
    if not units:
        raise ExtractError("no gold line of the value manifest matched a proposal; check its paths")
    held = value_folds(units)
    curves = value_curves(held)
    report = ValueReport(threshold=best_value_threshold(curves), units=len(units))
    for fold, (test, (model, probs)) in held.items():
        threshold = best_value_threshold(curves, skip=fold)
        by_lang: dict[str, tuple[Counts, Counts]] = {}
        for unit, p in zip(test, probs, strict=True):
            rules, learned = by_lang.setdefault(unit.language, (Counts(), Counts()))
            rules.add(value_counts(unit.gold, unit.rules))
            learned.add(value_counts(unit.gold, model_values(unit, model, p, threshold)))
        report.folds[fold] = dict(sorted(by_lang.items()))
    model = train_values([u.features for u in units], [u.gold for u in units], report.threshold)
    save_model(model, output)
    return report


# ---------------------------------------------------------------- the route model


@dataclass
class RouteUnit:
    """A matched proposal for the route model: its fold, language, features (its own and
    extraction's reading of the meeting), the rules' route and basis, and the gold route."""

    fold: str
    language: str
    features: list[str]
    rules: str | None
    basis: str | None
    gold: str | None


@dataclass
class RouteReport:
    """What ``toolkit train`` prints for the route model."""

    margin: float = 0.0
    units: int = 0
    #: fold -> (language -> [proposals, right by the rules, right by the rules and the model])
    folds: dict[str, dict[str, list[int]]] = field(default_factory=dict)


def route_units(fold: ValueFold, profile: Profile, pipelines: Pipelines) -> list[RouteUnit]:
    """The fold's matched proposals whose gold line gives a route (or none: procedural), with
    the route model's features; ``pipelines`` without a route model (the rules' routes)."""
    from .nlp.learned import unit_features
    from .nlp.route_model import context_features

    def featurise(sent: Any, lang: str, read: dict[str, Any]) -> list[str]:
        _, _, audience, level = read["meeting"]
        context = context_features(read["route"], read["basis"], audience, level)
        return [*unit_features(sent, lang), *context]

    return [
        RouteUnit(fold.name, p.language, features, p.route, p.route_basis, g.labels.get("route"))
        for g, p, features in matched_proposals(fold, profile, pipelines, featurise)
        if "route" in g.labels
    ]


def _route_model(units: list[RouteUnit], margin: float):
    """A route model fitted on ``units`` the rules route by inference that have a gold route."""
    from .nlp.route_model import free, train_routes

    mine = [u for u in units if free(u.rules, u.basis) and u.gold]
    return train_routes([u.features for u in mine], [u.gold for u in mine], margin)  # type: ignore[misc]


def route_folds(units: list[RouteUnit]) -> dict[str, tuple[list[RouteUnit], Any, Any]]:
    """Each fold's units with a model fitted on every other fold and its probabilities."""
    held = {}
    for fold in dict.fromkeys(u.fold for u in units):
        test = [u for u in units if u.fold == fold]
        model = _route_model([u for u in units if u.fold != fold], 0.0)
        held[fold] = (test, model, model.probabilities([u.features for u in test]))
    return held


def routed(unit: RouteUnit, model: Any, probabilities: Any, margin: float) -> str | None:
    """The unit's route by the rules and the model at ``margin``."""
    from .nlp.route_model import chosen, free

    if not free(unit.rules, unit.basis):
        return unit.rules
    model.threshold = margin
    return chosen(model, probabilities, unit.rules)  # type: ignore[arg-type]


def pooled_route_right(held: dict, margin: float, skip: str = "") -> int:
    """How many held-out units of every fold but ``skip`` the model routes right."""
    return sum(
        routed(unit, model, p, margin) == unit.gold
        for fold, (test, model, probs) in held.items()
        if fold != skip
        for unit, p in zip(test, probs, strict=True)
    )


def best_margin(held: dict, skip: str = "") -> float:
    """The margin of :data:`~toolkit.nlp.route_model.MARGINS` with the most held-out units
    routed right (ties: the larger, nearer the rules)."""
    from .nlp.route_model import MARGINS

    return max(MARGINS, key=lambda m: (pooled_route_right(held, m, skip), m))


def train_route_model(
    folds: list[ValueFold], profile: Profile, output: Path, detector: Path | bool = True
) -> RouteReport:
    """Fit the shipped route model on every fold and write it to ``output``
    (``route_learner``'s ``model.json``, the margin as its ``threshold``); the report holds each
    fold's figures when it was left out, its margin chosen on the other folds' held-out ones."""
    from .nlp.learned import save_model

    pipelines = Pipelines(
        profile, forum_year=forum_year(profile), classifier=detector, values=False, routes=False
    )
    units = [u for fold in folds for u in route_units(fold, profile, pipelines)]
    if not units:
        raise ExtractError(
            "no gold route of the route manifest matched a proposal; check its paths"
        )
    held = route_folds(units)
    report = RouteReport(margin=best_margin(held), units=len(units))
    for fold, (test, model, probs) in held.items():
        margin = best_margin(held, skip=fold)
        by_lang: dict[str, list[int]] = {}
        for unit, p in zip(test, probs, strict=True):
            tally = by_lang.setdefault(unit.language, [0, 0, 0])
            tally[0] += 1
            tally[1] += unit.rules == unit.gold
            tally[2] += routed(unit, model, p, margin) == unit.gold
        report.folds[fold] = dict(sorted(by_lang.items()))
    save_model(_route_model(units, report.margin), output)
    return report
