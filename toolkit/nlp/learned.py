"""``value_learner``: a trained model adds the value principles the cue rules miss.

Why (docs/classification.md, "Session 14"): the cue rules of ``values.yaml`` are precise but
find a third of the values a fresh annotator gives (recall ≈ 0.3–0.45 on every set written by
another hand), and rules read off one set carry over to the next by a point. A model trained on
every labelled set, measured by leaving one set out, carries over better: it keeps the rules'
values and adds those its one-vs-rest logistic regressions score above a threshold chosen by
the same leave-one-set-out.

The features of a proposal unit (:func:`unit_features`) are what the pipeline has read in it:
its content words as grouping keys (bilingual concepts of ``concepts.yaml``, ``lang:lemma``
otherwise; pairs of neighbours were measured and left out), the rules' values, the router's
decision, cues and named types, and the meeting's addressee and setting. Training
(``toolkit train``, :mod:`toolkit.train`) reads them as strings; the component looks up the same
features' columns of the model, each word form's once (a test holds the two equal).
The model is a plain matrix (:class:`LinearModel`), fitted by full-batch Adam from zeros
(:func:`fit_linear`): no sampling, so the same rows give the same weights on every run.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from ..errors import ExtractError
from ..textio import write_text_atomic
from .arrays import block_place, extension_key, get_group, kept, set_group, token_arrays
from .detector import UNITS_KEY
from .route import CUES_KEY, MEETING_ATTR, route_decisions, uncued_units

#: The span group the learner writes: each proposal unit's final values, one span per value
#: (most central first), at the unit's own bounds.
LEARNED_VALUES_KEY = "tk_learned_values"
#: ``doc.user_data`` key of each proposal unit's columns of the value model, when kept.
UNIT_COLUMNS_KEY = "tk_value_columns"
#: A proposal serves at most three value principles (docs/classification.md).
MAX_VALUES = 3
#: Feature prefixes, so a word can never collide with a signal of the rules.
WORD, RULE_VALUE, RULE_ROUTE, CUE, NAMED, MEETING = "w:", "v:", "r:", "c:", "n:", "m:"
_MEETING_KEY = extension_key(MEETING_ATTR)
#: Decimals of the saved weights (a thousandth changes no decision of the model).
DIGITS = 3


# ---------------------------------------------------------------- features


def ranked_values(labels: Sequence[str]) -> list[str]:
    """At most :data:`MAX_VALUES` value ids of the cue spans ``labels``, the most often cued
    first (ties: first seen)."""
    if len(labels) < 2:
        return list(labels)
    counts = Counter(labels)
    return sorted(dict.fromkeys(labels), key=lambda v: -counts[v])[:MAX_VALUES]


class DocSignals:
    """What the rules wrote on one ``Doc``, read once and looked up per unit (walking a span
    group per proposal would be quadratic in a long pasted paragraph)."""

    KEYS = ("values", CUES_KEY, "targets")

    def __init__(self, doc: Doc) -> None:
        self.routes = route_decisions(doc)
        self.uncued = uncued_units(doc)
        self.spans: dict[str, list[tuple[int, int, str]]] = {}
        for key in self.KEYS:  # the plain tuples the components kept, else their spans
            found = kept(doc, key)
            if found is None:
                found = [(s.start, s.end, s.label_) for s in get_group(doc, key) or ()]
            self.spans[key] = sorted(found)
        self.starts = {key: [s[0] for s in spans] for key, spans in self.spans.items()}
        # what ``doc._.toolkit_meeting`` gives, read as the router reads it (``doc._`` is slower)
        self.meeting = tuple(doc.user_data.get(_MEETING_KEY) or (None, None))

    def inside(self, key: str, start: int, end: int) -> list[str]:
        """Labels of the ``key`` spans inside ``[start, end)``, in order."""
        spans, starts = self.spans[key], self.starts[key]
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        return [label for _, e, label in spans[first:last] if e <= end]

    def key(self, start: int, end: int) -> tuple:
        """Everything :func:`_signal_features` reads of the unit ``[start, end)``: units
        with equal keys have equal features (in the same language)."""
        return (
            *self.routes.get((start, end), (None, None)),
            (start, end) in self.uncued,
            self.meeting,
            *(tuple(self.inside(key, start, end)) for key in self.KEYS),
        )


#: How many word forms a :class:`ValueLearner` remembers the model's column of, and how many
#: combinations of the rules' signals.
_MAX_WORD_KEYS = 500_000
_MAX_SIGNAL_KEYS = 100_000


def word_features(doc: Doc, start: int, end: int, lang: str) -> set[str]:
    """The content words of ``doc[start:end]`` as features: ``w:`` and the grouping key
    (:func:`toolkit.group.word_key`: a concept of ``concepts.yaml`` or ``lang:lemma``; stop
    words and names inside the unit left out), read from the doc's token arrays."""
    arrays = token_arrays(doc)
    orths, lemmas = arrays.orth[start:end], arrays.lemma[start:end]
    word = _WordFeature(doc.vocab.strings, lang)
    found = {
        word(orth, lemma, i == 0) for i, (orth, lemma) in enumerate(zip(orths, lemmas, strict=True))
    }
    found.discard("")
    return found


class _WordFeature:
    """One word's feature (``""``: none), :func:`toolkit.group.word_key` of its form; what
    it reads of the language and the grouping module looked up once, not per word."""

    __slots__ = ("key", "lang", "stops", "strings")

    def __init__(self, strings: StringStore, lang: str) -> None:
        from ..group import word_key

        self.strings, self.lang, self.key = strings, lang, word_key
        self.stops = _stop_words(lang)

    def __call__(self, orth: int, lemma: int, first: bool) -> str:
        strings = self.strings
        text = strings[orth]
        lower = text.lower()
        key = self.key(
            self.lang,
            strings[lemma] if lemma else lower,
            lower,
            lower in self.stops,  # what ``Token.is_stop`` reads, without a lexeme
            not first and text[:1].isupper(),
        )
        return WORD + key if key else ""


@cache
def _stop_words(lang: str) -> frozenset[str]:
    from spacy.util import get_lang_class

    return frozenset(get_lang_class(lang).Defaults.stop_words)


def unit_features(sent: Span, lang: str, signals: DocSignals | None = None) -> list[str]:
    """The sorted, distinct feature keys of one proposal unit ``sent`` (a span of a ``Doc``
    that ran through ``profile_matcher`` and ``planning_router``; ``signals``: its doc's)."""
    doc = sent.doc
    return sorted(_features(doc, sent.start, sent.end, lang, signals or DocSignals(doc)))


def _features(doc: Doc, start: int, end: int, lang: str, signals: DocSignals) -> set[str]:
    return word_features(doc, start, end, lang) | _signal_features(start, end, lang, signals)


def _signal_features(start: int, end: int, lang: str, signals: DocSignals) -> set[str]:
    """The unit's features besides its words: what the rules read in it, and the meeting's."""
    found = set()
    values = signals.inside("values", start, end)
    found.update(RULE_VALUE + v for v in values)
    if not values:
        found.add(RULE_VALUE + "-")
    route, basis = signals.routes.get((start, end), (None, None))
    found.add(f"{RULE_ROUTE}{route or '-'}")
    found.add(f"{RULE_ROUTE}{basis or '-'}")
    if (start, end) in signals.uncued:
        found.add(RULE_ROUTE + "uncued")
    for cue in signals.inside(CUES_KEY, start, end):
        found.add(CUE + cue)
        found.add(CUE + cue.split(":", 1)[-1])  # the type, whatever the role
    found.update(NAMED + t for t in signals.inside("targets", start, end))
    for name, part in zip(("addressee", "setting"), signals.meeting, strict=True):
        if part:
            found.add(f"{MEETING}{name}:{part}")
    found.add(f"lang:{lang}")
    return found


def proposal_units(doc: Doc) -> list[tuple[int, int]]:
    """The units extraction takes as proposals in ``doc`` (as :mod:`toolkit.extract.note`
    does): the whole block for an item under a proposals heading, else each unit the detector
    (or the trained classifier) scored at or above its threshold."""
    group = get_group(doc, UNITS_KEY)
    if group is None:
        return []
    section, kind, _, _ = block_place(doc)
    if section == "proposals" and kind == "item":
        return [(0, len(doc))]
    scores, threshold = group.attrs["scores"], group.attrs["threshold"]
    bounds = kept(doc, UNITS_KEY) or [(unit.start, unit.end) for unit in group]
    return [bound for bound, score in zip(bounds, scores, strict=True) if score >= threshold]


# ---------------------------------------------------------------- the model


@dataclass
class LinearModel:
    """A linear model over binary features: ``weights[i, j]`` of feature ``features[i]`` for
    output ``outputs[j]``, ``bias[j]``; ``threshold`` is the least probability kept."""

    features: list[str]
    outputs: list[str]
    weights: numpy.ndarray
    bias: numpy.ndarray
    threshold: float

    def __post_init__(self) -> None:
        self.index = {f: i for i, f in enumerate(self.features)}
        self.table = numpy.vstack([self.weights, self.bias[None, :]])  # the last row: bias

    def probabilities(self, units: Sequence[Iterable[str]]) -> numpy.ndarray:
        """One row per unit: each output's logistic probability."""
        if not units:
            return numpy.zeros((0, len(self.outputs)))
        index, bias = self.index, len(self.features)
        return self.row_probabilities([[bias, *(index[f] for f in u if f in index)] for u in units])

    def row_probabilities(self, rows: list[list[int]]) -> numpy.ndarray:
        """:meth:`probabilities` of units given as their columns, each with the bias's."""
        if not rows:
            return numpy.zeros((0, len(self.outputs)))
        # iterated in C (numpy's cumsum of a list and a generator per column were slower)
        starts = list(accumulate(map(len, rows[:-1]), initial=0))
        cols = numpy.fromiter(chain.from_iterable(rows), dtype=numpy.int64)
        z = numpy.add.reduceat(self.table[cols], starts, axis=0)
        return 1.0 / (1.0 + numpy.exp(-z))

    def to_json(self) -> str:
        """The model as JSON, a line per feature, weights rounded to :data:`DIGITS` decimals
        (features whose weights all round to zero left out): the same weights give the same
        bytes."""

        def numbers(row: Iterable[float]) -> str:
            return json.dumps([round(float(w), DIGITS) + 0.0 for w in row])

        head = {"threshold": self.threshold, "outputs": self.outputs}
        lines = [json.dumps(head, ensure_ascii=False)[:-1] + f', "bias": {numbers(self.bias)},']
        lines.append('"weights": {')
        rows = [
            f"{json.dumps(feature, ensure_ascii=False)}: {numbers(row)}"
            for feature, row in zip(self.features, self.weights, strict=True)
            if numpy.any(numpy.round(row, DIGITS))
        ]
        lines.append(",\n".join(rows))
        lines.append("}}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LinearModel:
        body = json.loads(text)
        outputs = [str(o) for o in body["outputs"]]
        features = list(body["weights"])
        weights = numpy.array([body["weights"][f] for f in features], dtype=float)
        weights = weights.reshape(len(features), len(outputs))
        bias = numpy.array(body["bias"], dtype=float).reshape(len(outputs))
        return cls(features, outputs, weights, bias, float(body["threshold"]))


def fit_linear(
    units: Sequence[Sequence[int]],
    width: int,
    y: numpy.ndarray,
    *,
    l2: float = 1e-3,
    steps: int = 200,
    rate: float = 0.1,
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Weights ``(width, outputs)`` and bias ``(outputs,)`` of one-vs-rest logistic
    regressions over binary features (``units``: each unit's feature indices below ``width``),
    ``y`` 0/1 per unit and output; full-batch Adam from zeros, so deterministic."""
    lengths = numpy.fromiter(map(len, units), dtype=numpy.int64, count=len(units))
    cols = numpy.fromiter((c for u in units for c in u), dtype=numpy.int64, count=lengths.sum())
    rows = numpy.repeat(numpy.arange(len(units)), lengths)
    n, k = y.shape
    w = numpy.zeros((k, width + 1))  # the last column: the bias
    cols_b = numpy.concatenate([cols, numpy.full(n, width)])
    rows_b = numpy.concatenate([rows, numpy.arange(n)])
    m, v = numpy.zeros_like(w), numpy.zeros_like(w)
    decay = numpy.ones(width + 1)
    decay[-1] = 0.0  # no penalty on the bias
    for step in range(1, steps + 1):
        z = numpy.stack([numpy.bincount(rows_b, wk[cols_b], minlength=n) for wk in w], axis=1)
        error = (1.0 / (1.0 + numpy.exp(-z)) - y).T
        grad = numpy.stack(
            [numpy.bincount(cols_b, ek[rows_b], minlength=width + 1) for ek in error]
        )
        grad = grad / n + l2 * decay * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= rate * (m / (1 - 0.9**step)) / (numpy.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w[:, :width].T.copy(), w[:, width].copy()


def train_values(
    units: Sequence[Sequence[str]],
    gold: Sequence[Sequence[str]],
    threshold: float,
    *,
    min_count: int = 2,
    min_value: int = 3,
    l2: float = 1e-3,
    steps: int = 200,
) -> LinearModel:
    """A value model fitted on featurised units and their gold values: features seen in at
    least ``min_count`` units, principles given to at least ``min_value`` units."""
    counts = Counter(f for unit in units for f in set(unit))
    features = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(features)}
    tally = Counter(v for values in gold for v in set(values))
    outputs = sorted(v for v, c in tally.items() if c >= min_value)
    y = numpy.array([[o in values for o in outputs] for values in gold], dtype=float)
    rows = [[index[f] for f in unit if f in index] for unit in units]
    weights, bias = fit_linear(
        rows, len(features), y.reshape(len(gold), len(outputs)), l2=l2, steps=steps
    )
    return LinearModel(features, outputs, weights, bias, threshold)


def combine(
    rules: Sequence[str],
    probabilities: numpy.ndarray,
    model: LinearModel,
    known: frozenset[str] | None = None,
) -> list[str]:
    """The rules' values, then the model's above its threshold (most probable first), at most
    :data:`MAX_VALUES`; the model gives only ids of the codebook (``known``)."""
    return _joined(rules, model_values(probabilities[None, :], model, known)[0])


def model_values(
    probabilities: numpy.ndarray, model: LinearModel, known: frozenset[str] | None = None
) -> list[tuple[str, ...]]:
    """Per row of ``probabilities`` (units by outputs): the outputs at or above the model's
    threshold and in the codebook ``known``, most probable first (ties: in output order). The
    test runs on the whole batch at once: most units pass none."""
    passed = probabilities >= model.threshold
    if known is not None:
        passed &= numpy.array([o in known for o in model.outputs], dtype=bool)
    found: list[tuple[str, ...]] = [()] * len(probabilities)
    outputs = model.outputs
    for i in numpy.flatnonzero(passed.any(axis=1)).tolist():
        row = probabilities[i]
        order = sorted(numpy.flatnonzero(passed[i]).tolist(), key=lambda j: -row[j])
        found[i] = tuple(outputs[j] for j in order)
    return found


def _joined(rules: Sequence[str], added: Sequence[str]) -> list[str]:
    """The rules' values, then the model's ``added``, each once, at most :data:`MAX_VALUES`."""
    return list(dict.fromkeys([*rules, *added]))[:MAX_VALUES]


# ---------------------------------------------------------------- the component


@Language.factory(
    "value_learner",
    requires=["doc.spans", "token.lemma"],
    assigns=["doc.spans"],
    default_config={},
)
def make_value_learner(nlp: Language, name: str) -> ValueLearner:
    return ValueLearner(nlp, name)


class ValueLearner:
    """Writes each proposal unit's values (the rules' and the model's) to
    ``doc.spans["tk_learned_values"]``; without a model (:meth:`from_disk`) the rules' alone."""

    FILE = "model.json"
    #: What the error messages call the model (the route model reuses the loading).
    WHAT = "value model"

    def __init__(self, nlp: Language, name: str = "value_learner") -> None:
        self.lang = nlp.lang
        self.name = name
        self.model: LinearModel | None = None
        self.known: frozenset[str] | None = None
        #: the model's column of each word form met (-1: none), as :meth:`_columns` keys them
        self.word_columns: dict[int, int] = {}
        #: the columns of each combination of signals met (:meth:`_signal_columns`)
        self.signal_columns: dict[tuple, tuple[int, ...]] = {}
        self._word: _WordFeature | None = None  # made once per vocabulary, not per unit
        #: keep each unit's columns in ``doc.user_data[UNIT_COLUMNS_KEY]`` (the route learner
        #: reads them: ``toolkit.nlp.route_model``)
        self.keep_columns = False

    def set_codebook(self, ids: Iterable[str]) -> ValueLearner:
        """The value ids of the workspace's codebook: the only ones the model may give."""
        self.known = frozenset(ids)
        return self

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Label a batch of docs with one call of the model (a call per doc cost more)."""
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._label(batch)
                batch = []
        if batch:
            yield from self._label(batch)

    def _label(self, docs: list[Doc]) -> list[Doc]:
        found: list[tuple[Doc, list[tuple[int, int]], list[list[str]]]] = []
        rows: list[list[int]] = []
        model = self.model
        for doc in docs:
            units = proposal_units(doc)
            rules = []
            if units:
                signals = DocSignals(doc)
                rules = [ranked_values(signals.inside("values", s, e)) for s, e in units]
                if model is not None:
                    columns = [self._columns(doc, s, e, signals) for s, e in units]
                    rows.extend(columns)
                    if self.keep_columns:  # for the route learner after it
                        doc.user_data[UNIT_COLUMNS_KEY] = dict(zip(units, columns, strict=True))
            found.append((doc, units, rules))
        if model is not None and rows:
            added = iter(model_values(model.row_probabilities(rows), model, self.known))
            found = [
                (doc, units, [_joined(r, next(added)) for r in rules])
                for doc, units, rules in found
            ]
        for doc, units, rules in found:
            spans = [
                Span(doc, start, end, label=value)
                for (start, end), values in zip(units, rules, strict=True)
                for value in values
            ]
            set_group(doc, LEARNED_VALUES_KEY, spans, {"units": units})
        return docs

    def _columns(self, doc: Doc, start: int, end: int, signals: DocSignals) -> list[int]:
        """The model's columns of the unit's features (:func:`_features`): the words' looked
        up per word form once (a word is most of a unit's features), the other signals' per
        combination of them once."""
        model = self.model
        assert model is not None
        index, memo = model.index, self.word_columns
        arrays = token_arrays(doc)
        orths, lemmas = arrays.orth[start:end], arrays.lemma[start:end]
        keys = [o ^ m << 1 for o, m in zip(orths, lemmas, strict=True)]
        keys[0] = -keys[0] - 1  # the first word of a unit: no capital marks a name
        columns = set(map(memo.get, keys))
        if None in columns:
            columns.discard(None)
            word = self._word
            if word is None or word.strings is not doc.vocab.strings:
                word = self._word = _WordFeature(doc.vocab.strings, self.lang)
            for i, key in enumerate(keys):
                if key not in memo:
                    column = index.get(word(orths[i], lemmas[i], i == 0), -1)
                    columns.add(column)
                    if len(memo) < _MAX_WORD_KEYS:
                        memo[key] = column
        columns.update(self._signal_columns(start, end, signals))
        columns.discard(-1)
        return [len(model.features), *columns]  # the bias first

    def _signal_columns(self, start: int, end: int, signals: DocSignals) -> tuple[int, ...]:
        """The columns of :func:`_signal_features`, worked out once per combination of what
        the rules read in a unit (few combinations recur: most units have no cue at all)."""
        key = signals.key(start, end)
        found = self.signal_columns.get(key)
        if found is None:
            index = self.model.index  # type: ignore[union-attr]
            features = _signal_features(start, end, self.lang, signals)
            found = tuple({index.get(f, -1) for f in features})
            if len(self.signal_columns) < _MAX_SIGNAL_KEYS:
                self.signal_columns[key] = found
        return found

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        if self.model is not None:
            save_model(self.model, path)

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> ValueLearner:
        """Load the model from ``path``; a missing or broken file is a one-line error."""
        file = Path(path) / self.FILE
        self.word_columns, self.signal_columns = {}, {}
        try:
            self.model = LinearModel.from_json(file.read_text("utf-8"))
        except FileNotFoundError:
            raise ExtractError(
                f"{file}: no trained {self.WHAT} here; run 'toolkit train' or fix the path"
            ) from None
        except (ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise ExtractError(
                f"{file}: the {self.WHAT} cannot be read ({type(exc).__name__}); "
                "rebuild it with 'toolkit train'"
            ) from None
        return self


def save_model(model: LinearModel, folder: Path) -> None:
    """Write ``model`` as ``folder/model.json`` (what :meth:`ValueLearner.from_disk` reads)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / ValueLearner.FILE, model.to_json())


def learned_values(doc: Doc) -> dict[tuple[int, int], list[str]] | None:
    """``{(start, end): values}`` of each proposal unit the learner labelled, or ``None`` when
    no ``value_learner`` ran on ``doc``."""
    group = get_group(doc, LEARNED_VALUES_KEY)
    if group is None:
        return None
    found: dict[tuple[int, int], list[str]] = {
        tuple(bounds): [] for bounds in group.attrs.get("units", ())
    }
    for span in group:
        found.setdefault((span.start, span.end), []).append(span.label_)
    return found
