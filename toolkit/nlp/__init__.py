"""spaCy pipelines for Russian and English notes, built offline from ``spacy.blank``.

``build_pipeline(lang)`` gives: morphology (pymorphy3 for ru, lookup lemmas for en) →
``notes_sentencizer`` → ``cue_ruler`` → ``proposal_detector`` → ``profile_matcher`` →
``planning_router``; the sentencizer's abbreviations and the next two's cues come from the cue
lexicon, the last two's patterns from the profile. Each component keeps its data, so a
pipeline saved with ``nlp.to_disk`` needs neither the lexicon nor the profile to load.
With ``model="ru_core_news_sm"`` (if installed) the trained pipeline is the base and our
components are added after it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import catalogue
import spacy
from spacy.language import Language

from ..errors import ExtractError
from ..profile import Profile, default_profile
from ..yamlio import shipped_data
from . import classifier as _trained  # noqa: F401  (its factory too)
from . import (  # noqa: F401  (factories)
    classify,
    cues,
    detector,
    learned,
    morphology,
    route,
    route_model,
    sentences,
)
from . import known_lemmas as lemma_table
from .known_lemmas import with_known_lemmas
from .lexemes import speed_up_lexemes
from .lexicon import Lexicon, default_lexicon
from .tokenizer import BLANK_TOKENIZER

LANGUAGES = ("en", "ru")


def shipped_models() -> Path:
    """Where the package keeps the trained ``proposal_classifier``: a folder per language."""
    return shipped_data("models")


def shipped_value_model() -> Path | None:
    """The trained ``value_learner`` weights that ship with the package, if any."""
    path = shipped_models() / "values"
    return path if (path / learned.ValueLearner.FILE).is_file() else None


def shipped_route_model() -> Path | None:
    """The trained ``route_learner`` weights that ship with the package, if any."""
    path = shipped_models() / "route"
    return path if (path / route_model.RouteLearner.FILE).is_file() else None


def shipped_classifier(lang: str) -> Path | None:
    """The trained weights that ship with the package for ``lang``, if any."""
    path = shipped_models() / lang
    return path if (path / "model").is_file() else None


def prepare_spacy() -> None:
    """What building the first pipeline in a process sets up once, whatever the language:
    spaCy fills its registries and registers its built-in factories (0.03–0.05 s). Called
    before a worker process forks, so that the worker inherits it instead of doing it again."""
    group_entry_points()
    spacy.registry.get("tokenizers", BLANK_TOKENIZER)  # fills the registries
    try:
        from spacy.pipeline.factories import register_factories
    except ImportError:  # a spaCy that registers them on import
        return
    register_factories()


class _GroupedEntryPoints:
    """The installed packages' entry points as catalogue took them on import, each group's
    selected once.

    spaCy's registries (catalogue) select the entry points of a registry's group at each
    look-up, a walk over every installed package's entry points (0.2–0.5 ms; about 35
    look-ups per pipeline built). The snapshot never changes, so neither does a selection.
    Any other attribute is the snapshot's.
    """

    def __init__(self, points: Any) -> None:
        self.points = points
        self.selected: dict[str, Any] = {}  # by group

    def select(self, **params: Any) -> Any:
        if params.keys() != {"group"}:
            return self.points.select(**params)
        found = self.selected.get(params["group"])
        if found is None:
            found = self.selected[params["group"]] = self.points.select(**params)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.points, name)


def group_entry_points() -> None:
    """Give catalogue its entry points as :class:`_GroupedEntryPoints` (once per process)."""
    points = catalogue.AVAILABLE_ENTRY_POINTS
    if hasattr(points, "select") and not isinstance(points, _GroupedEntryPoints):
        catalogue.AVAILABLE_ENTRY_POINTS = _GroupedEntryPoints(points)


def build_pipeline(
    lang: str,
    *,
    model: str | None = None,
    profile: Profile | None = None,
    forum_year: int | None = None,
    classifier: Path | bool | None = True,
    lexicon: Lexicon | None = None,
    values: Path | bool | None = None,
    routes: Path | bool | None = None,
) -> Language:
    """The extraction pipeline for ``lang``; never needs a download unless ``model`` is given.

    ``profile`` (default: the shipped one) gives the codebooks ``profile_matcher`` and
    ``planning_router`` tag by; ``lexicon`` (default: the shipped ``cues_<lang>.yaml``) the
    cues. ``forum_year`` is what a note with no date of its own counts years before as past
    (none: no year is). ``classifier`` is the folder of trained ``proposal_classifier``
    weights: ``True`` takes the shipped ones, ``False`` or ``None`` leaves the rules alone.
    ``values`` is the folder of the trained ``value_learner`` (``True``: the shipped one, if
    any; ``False``: the cue rules' values alone; ``None``: the shipped one unless the pipeline
    is the rules alone, ``classifier`` false). ``routes`` is the folder of the trained
    ``route_learner``, taken the same way.
    """
    if lang not in LANGUAGES:
        raise ExtractError(f"language '{lang}' is not supported; use one of {', '.join(LANGUAGES)}")
    group_entry_points()
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner"])
        except OSError:
            raise ExtractError(
                f"spaCy model '{model}' is not installed; install it or drop --model"
            ) from None
        if nlp.lang != lang:
            raise ExtractError(f"spaCy model '{model}' is for '{nlp.lang}', not '{lang}'")
        for name in ("senter", "sentencizer", "parser"):
            if name in nlp.pipe_names:
                nlp.remove_pipe(name)
    else:
        nlp = spacy.blank(lang, config={"nlp": {"tokenizer": {"@tokenizers": BLANK_TOKENIZER}}})
        nlp.add_pipe("ru_morph" if lang == "ru" else "en_lemma")
    speed_up_lexemes(nlp)
    # a pasted transcript can be one huge paragraph; nothing here keeps per-character state
    nlp.max_length = max(nlp.max_length, 50_000_000)
    lexicon = lexicon or default_lexicon(lang)
    abbreviations = sorted(lexicon.words["abbreviations"])
    nlp.add_pipe("notes_sentencizer", config={"abbreviations": abbreviations})
    # our lemmatiser's lemmas for the shipped phrases are precomputed; a trained model's are not
    nlp.add_pipe("cue_ruler").set_lexicon(
        lexicon, None if model else lemma_table.known_lemmas(lang)
    )
    nlp.add_pipe("proposal_detector", config={"forum_year": forum_year}).set_lexicon(lexicon)
    profile = profile or default_profile()
    known = (lambda patterns: patterns) if model else partial(with_known_lemmas, lang=lang)
    nlp.add_pipe("profile_matcher").add_patterns(known(classify.profile_patterns(profile, lang)))
    nlp.add_pipe("planning_router").add_patterns(known(route.routing_patterns(profile, lang)))
    weights = shipped_classifier(lang) if classifier is True else classifier or None
    if weights is not None:
        load_classifier(nlp, weights)
    if values is None:
        values = bool(classifier)
    value_model = shipped_value_model() if values is True else values or None
    if value_model is not None:
        pipe = nlp.add_pipe("value_learner").set_codebook(profile.values)
        pipe.from_disk(value_model)
    if routes is None:
        routes = bool(classifier)
    route_weights = shipped_route_model() if routes is True else routes or None
    if route_weights is not None:
        route_model.load_route_learner(nlp, route_weights)
    return nlp


def load_classifier(nlp: Language, path: Path) -> None:
    """Add the trained ``proposal_classifier`` from ``path``; a broken model is a clear error."""
    pipe = nlp.add_pipe("proposal_classifier")
    try:
        pipe.from_disk(path, exclude=["vocab"])
    except FileNotFoundError:
        raise ExtractError(
            f"{path}: no trained proposal model here (cfg and model files); "
            "run 'toolkit train' or fix the path"
        ) from None
    except (ValueError, OSError, KeyError, TypeError) as exc:
        raise ExtractError(
            f"{path / 'model'}: the proposal model cannot be read ({type(exc).__name__}); "
            "rebuild it with 'toolkit train'"
        ) from None
