"""The cue lexicon: what signals a proposal in each language, as data (``data/cues_*.yaml``).

Loaded and validated once per language; every problem names the file and line, so a
domain expert who adds a cue and mistypes the YAML learns where at once.

:class:`LexiconComponent` is what ``cue_ruler`` and ``proposal_detector`` share, modelled on
spaCy's ``span_ruler``: the factory builds a component with an empty lexicon, the data comes
through :meth:`~LexiconComponent.set_lexicon` (``build_pipeline`` passes the shipped one) or
``initialize``, and travels with the pipeline (``lexicon.json``), so a pipeline saved with
``nlp.to_disk`` finds the same proposals wherever it is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

from ..errors import ProfileError
from ..yamlio import LineDict, read_data_file, shipped_data
from .batching import BatchedComponent

#: Phrase lists matched by lemma into ``doc.spans["cues"]``, besides the categories.
MARKER_LISTS = (
    "past_markers",
    "rule_markers",
    "report_phrases",
    "procedural_markers",
    "musing_markers",
    "addressee_reports",
    "reason_connectives",
)
#: Marker lists compared by lower-case text: lemmas would turn "had to" into "have to".
EXACT_MARKER_LISTS = ("past_modal", "rule_exact")
#: Single-word lists the detector consults by lemma.
WORD_LISTS = (
    "discourse_verbs",
    "talk_verbs",
    "negations",
    "negated_need",
    "year_prepositions",
    "report_verbs",
    "needs_infinitive",
    "refrain_with_infinitive",
    "relative_pronouns",
    "embedded_question",
    "leading_conjunctions",
    "procedural_verbs",
    "first_person",
    "need_subjects",
    "audience",
    "audience_verbs",
    "question_words",
    "free_relatives",
    "question_verbs",
    "infinitive_or_need",
    "experiencer_cues",
    "conditional_openers",
    "needs_continuation",
    "continuation_breaks",
    "discourse_followers",
    "question_particles",
    "conditional_words",
    "conditional_clitics",
    "infinitive_markers",
    "copulas",
    "purpose_verbs",
    "evaluating_verbs",
    "predicate_dashes",
    "talk_openers",
    "talk_opener_objects",
    "do_auxiliaries",
    "not_particles",
    "perfect_auxiliaries",
    "past_endings",
    "plural_or_gerund_endings",
    "reporter_pronouns",
    "third_parties",
    "opinion_verbs",
    "abbreviations",
    "courtesy_wishes",
    "courtesy_verbs",
    "bare_request_verbs",
    "address_words",
    "commitment_cues",
    "addressee_pronouns",
    "action_openers",
    "agent_markers",
    "evaluative_words",
    "intensifiers",
    "dummy_subjects",
    "copula_clitics",
    "present_copulas",
    "quote_marks",
    "request_particles",
    "attributive_cues",
    "described_obligations",
    "generic_subjects",
    "imperative_only",
    "task_nouns",
    "clause_breaks",
    "cleft_copulas",
    "beneficiary_markers",
    "attributive_determiners",
    "hortative_governors",
    "forecast_modals",
    "forecast_verbs",
)
LEXICON_FILE = "lexicon.json"


@dataclass(frozen=True)
class Lexicon:
    """Cue phrases by category with their weights, and the word lists the detector uses."""

    language: str
    weights: dict[str, float]
    phrases: dict[str, tuple[str, ...]]  # label -> phrases, categories and markers alike
    exact: dict[str, tuple[str, ...]]  # label -> phrases compared by lower-case text
    words: dict[str, frozenset[str]]
    imperative_weight: float = 0.0
    need_weight: float = 0.0
    imperative_verbs: frozenset[str] = frozenset()
    object_starters: frozenset[str] = frozenset()
    not_imperatives: frozenset[str] = frozenset()
    subject_verbs: frozenset[str] = frozenset()

    @classmethod
    def empty(cls, language: str) -> Lexicon:
        """No cue and no word: what a freshly made component holds until it gets its data."""
        return cls(language, {}, {}, {}, {name: frozenset() for name in WORD_LISTS})

    def to_dict(self) -> dict[str, Any]:
        """Plain data, for serialising a pipeline component."""
        return {
            "language": self.language,
            "weights": self.weights,
            "phrases": {k: list(v) for k, v in self.phrases.items()},
            "exact": {k: list(v) for k, v in self.exact.items()},
            "words": {k: sorted(v) for k, v in self.words.items()},
            "imperative_weight": self.imperative_weight,
            "need_weight": self.need_weight,
            "imperative_verbs": sorted(self.imperative_verbs),
            "object_starters": sorted(self.object_starters),
            "not_imperatives": sorted(self.not_imperatives),
            "subject_verbs": sorted(self.subject_verbs),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        return cls(
            language=data["language"],
            weights=dict(data["weights"]),
            phrases={k: tuple(v) for k, v in data["phrases"].items()},
            exact={k: tuple(v) for k, v in data["exact"].items()},
            words={name: frozenset(data["words"].get(name, ())) for name in WORD_LISTS},
            imperative_weight=data["imperative_weight"],
            need_weight=data["need_weight"],
            imperative_verbs=frozenset(data["imperative_verbs"]),
            object_starters=frozenset(data["object_starters"]),
            not_imperatives=frozenset(data["not_imperatives"]),
            subject_verbs=frozenset(data["subject_verbs"]),
        )


def _strings(value: Any, where: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        errors.append(f"{where} must be a list of non-empty words or phrases")
        return ()
    return tuple(v.strip().lower().replace("ё", "е") for v in value)


def parse_lexicon(data: Any, label: str) -> Lexicon:
    """Validate the YAML data of a cue file; raise one error listing every problem."""
    errors: list[str] = []
    if not isinstance(data, LineDict):
        raise ProfileError(
            f"{label}:1: a cue file must be a mapping (language, categories, cues, …)"
        )

    def at(node: LineDict, key: str) -> str:
        return f"{label}:{node.line_of(key)}: '{key}'"

    def share(node: LineDict, key: str) -> float:
        """A weight 0..1 (0 when absent or wrong, the error noted)."""
        value = node.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            errors.append(f"{at(node, key)} must be a number between 0 and 1")
            return 0.0
        return float(value)

    categories = data.get("categories")
    if not isinstance(categories, LineDict) or not categories:
        errors.append(
            f"{label}:{data.line_of('categories')}: "
            "'categories' must map each category to a weight 0..1"
        )
        categories = LineDict()
    weights = {str(name): share(categories, name) for name in categories}
    phrases: dict[str, tuple[str, ...]] = {}
    cues = data.get("cues")
    if not isinstance(cues, LineDict):
        errors.append(
            f"{label}:{data.line_of('cues')}: 'cues' must map categories to lists of phrases"
        )
        cues = LineDict()
    for name, items in cues.items():
        if name not in weights:
            errors.append(
                f"{at(cues, name)} is not a category; add it under 'categories' with a weight"
            )
        phrases[str(name)] = _strings(items, at(cues, name), errors)
    exact_node = data.get("exact_cues") or LineDict()
    exact = {str(k): _strings(v, at(exact_node, k), errors) for k, v in exact_node.items()}
    for name in exact:
        if name not in weights and name not in EXACT_MARKER_LISTS:
            errors.append(f"{at(exact_node, name)} is not a category; add it under 'categories'")
    for name in MARKER_LISTS:
        phrases[name] = _strings(data.get(name), at(data, name), errors)
    for name in EXACT_MARKER_LISTS:
        exact[name] = _strings(data.get(name), at(data, name), errors)
    words = {
        name: frozenset(_strings(data.get(name), at(data, name), errors)) for name in WORD_LISTS
    }
    imperative = data.get("imperative") or LineDict()
    imperative_words = {
        key: frozenset(_strings(imperative.get(key), at(imperative, key), errors))
        for key in ("verbs", "object_starters", "not_imperatives", "subject_verbs")
    }
    imperative_weight, need_weight = share(imperative, "weight"), share(data, "need_weight")
    language = data.get("language")
    if language not in ("en", "ru"):
        errors.append(f"{label}:{data.line_of('language')}: 'language' must be en or ru")
    if errors:
        raise ProfileError("\n".join(errors))
    return Lexicon(
        language=language,
        weights=weights,
        phrases=phrases,
        exact=exact,
        words=words,
        imperative_weight=imperative_weight,
        need_weight=need_weight,
        imperative_verbs=imperative_words["verbs"],
        object_starters=imperative_words["object_starters"],
        not_imperatives=imperative_words["not_imperatives"],
        subject_verbs=imperative_words["subject_verbs"],
    )


def read_lexicon(path: Path) -> Lexicon:
    """Read a cue file (the shipped ones, or an expert's own copy)."""
    return parse_lexicon(read_data_file(path, "cue file"), str(path))


@cache
def default_lexicon(lang: str) -> Lexicon:
    """The shipped cue lexicon for ``lang`` (``en`` or ``ru``)."""
    path = shipped_data(f"cues_{lang}.yaml")
    return read_lexicon(path)


class LexiconComponent(BatchedComponent):
    """A pipeline component whose data is the cue lexicon (``cue_ruler``, ``proposal_detector``).

    A subclass indexes the lexicon in :meth:`set_lexicon`; saving and loading write and read
    the lexicon itself as JSON, so nothing depends on where the pipeline was built.
    """

    def __init__(self, nlp: Any, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.set_lexicon(Lexicon.empty(nlp.lang))

    def set_lexicon(self, lexicon: Lexicon) -> None:
        """Replace the lexicon (and whatever the component derives from it)."""
        self.lexicon = lexicon

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Any = None,
        lexicon: Lexicon | dict[str, Any] | None = None,
    ) -> None:
        """spaCy's ``[initialize.components]`` hook: the lexicon (its ``to_dict`` data in a
        config), the shipped one for the pipeline's language when none is given."""
        if lexicon is None:
            lexicon = default_lexicon(self.nlp.lang)
        self.set_lexicon(lexicon if isinstance(lexicon, Lexicon) else Lexicon.from_dict(lexicon))

    # The standard library's JSON: srsly's turns a weight of 0.6 into 0.6000000000000001.

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.lexicon.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> LexiconComponent:
        self.set_lexicon(Lexicon.from_dict(json.loads(data)))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / LEXICON_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconComponent:
        return self.from_bytes((Path(path) / LEXICON_FILE).read_bytes())


def yo_spellings(word: str) -> Iterator[str]:
    """``word`` and its spellings with «ё» for any of its «е» (a word with more than three «е»
    only as written): the data files write «е», and rules that compare words by their
    lower-case text meet «ещё», «четвёртое», «её» in transcripts."""
    yield word
    places = [i for i, c in enumerate(word) if c == "е"]
    if not places or len(places) > 3:
        return
    for chosen in product((False, True), repeat=len(places)):
        if any(chosen):
            letters = list(word)
            for i, yo in zip(places, chosen, strict=True):
                if yo:
                    letters[i] = "ё"
            yield "".join(letters)
