"""A learned labeller of values and routes, measured by folds and left out (session 11).

What a proposal's values and route are read from: the rules' signals and its words. The
labeller (docs/classification.md, "Session 11") scores each value principle and
each document type from sparse binary features of one proposal unit: the rules' own answers
(cued values, the route, its basis, whether any cue was found), each route cue with its role
(``measure``, ``head``, ``actor``, ``subject`` … of ``planning_router``), the named document
types, what the meeting says (setting, audience, the speaker's level) and the unit's content
words as the grouping keys of :mod:`toolkit.group` (bilingual concepts of
``concepts.yaml`` shared by Russian and English, ``lang:lemma`` otherwise) with their
bigrams.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy
from spacy.tokens import Span

from toolkit.group import word_key

#: Feature prefixes, so a word can never collide with a signal of the rules.
WORD, PAIR, RULE_VALUE, RULE_ROUTE, CUE, NAMED, MEETING = "w:", "b:", "v:", "r:", "c:", "n:", "m:"


def content_keys(sent: Span, lang: str) -> list[str]:
    """The unit's content words in order, as grouping keys (concepts or ``lang:lemma``)."""
    keys = []
    for i, token in enumerate(sent):
        key = word_key(
            lang,
            token.lemma_ or token.lower_,
            token.lower_,
            token.is_stop,
            i > 0 and token.text[:1].isupper(),
        )
        if key:
            keys.append(key)
    return keys


def unit_features(sent: Span, lang: str, read: dict[str, Any], cues: list[str]) -> list[str]:
    """The sorted, distinct feature keys of one proposal unit.

    ``read`` is what extraction's rules read in it (``toolkit.extract.note.UNIT_HOOK``: values,
    route, basis, uncued, targets, meeting = addressee, setting, audience, speaker level);
    ``cues`` the labels of ``doc.spans["tk_route_cues"]`` inside the unit
    (``head:state-programme`` …).
    """
    words = content_keys(sent, lang)
    found = {WORD + w for w in words}
    found.update(f"{PAIR}{a}|{b}" for a, b in pairwise(words))
    found.update(RULE_VALUE + v for v in read["values"])
    if not read["values"]:
        found.add(RULE_VALUE + "-")
    found.add(f"{RULE_ROUTE}{read['route'] or '-'}")
    found.add(f"{RULE_ROUTE}{read['basis'] or '-'}")
    if read["uncued"]:
        found.add(RULE_ROUTE + "uncued")
    found.update(CUE + c for c in cues)
    found.update(CUE + c.split(":", 1)[1] for c in cues)  # the type, whatever the role
    found.update(NAMED + t for t in read["targets"])
    names = ("addressee", "setting", "audience", "level")
    for name, part in zip(names, read["meeting"], strict=True):
        if part:
            found.add(f"{MEETING}{name}:{part}")
    found.add(f"lang:{lang}")
    return sorted(found)


def unit_cues(sent: Span, key: str = "tk_route_cues") -> list[str]:
    """Labels of the spans of ``doc.spans[key]`` that lie inside ``sent``."""
    group = sent.doc.spans.get(key)
    if not group:
        return []
    return [s.label_ for s in group if sent.start <= s.start and s.end <= sent.end]


# ---------------------------------------------------------------- the model


def fit_linear(
    units: list[list[int]],
    width: int,
    y: numpy.ndarray,
    *,
    softmax: bool,
    l2: float = 1e-3,
    steps: int = 300,
    rate: float = 0.05,
) -> numpy.ndarray:
    """Weights ``(width + 1, outputs)`` (the last row the bias) of a linear model over binary
    features (``units``: each unit's feature indices below ``width``), trained by full-batch
    Adam from zeros: one-vs-rest logistic (``softmax`` false, ``y`` 0/1 per output) or a
    softmax over the outputs (``y`` one-hot). Deterministic: no sampling, no seed."""
    cols, starts, rows = _flat(units, width)
    n = len(units)
    w = numpy.zeros((width + 1, y.shape[1]), dtype=numpy.float64)
    m = numpy.zeros_like(w)
    v = numpy.zeros_like(w)
    decay = numpy.ones((width + 1, 1))
    decay[-1] = 0.0  # no penalty on the bias
    for step in range(1, steps + 1):
        z = numpy.add.reduceat(w[cols], starts, axis=0)
        p = _softmax(z) if softmax else 1.0 / (1.0 + numpy.exp(-z))
        grad = numpy.zeros_like(w)
        numpy.add.at(grad, cols, (p - y)[rows])
        grad = grad / n + l2 * decay * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= rate * (m / (1 - 0.9**step)) / (numpy.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def linear_scores(units: list[list[int]], w: numpy.ndarray) -> numpy.ndarray:
    """Each unit's raw scores (before the logistic or softmax) under weights ``w``."""
    cols, starts, _ = _flat(units, w.shape[0] - 1)
    return numpy.add.reduceat(w[cols], starts, axis=0)


def _flat(units: list[list[int]], width: int) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Feature indices of all units in one array, each unit closed by the bias index."""
    flat = [[*unit, width] for unit in units]
    lengths = numpy.array([len(u) for u in flat])
    cols = numpy.fromiter((c for u in flat for c in u), dtype=numpy.int64)
    starts = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
    rows = numpy.repeat(numpy.arange(len(flat)), lengths)
    return cols, starts, rows


def _softmax(z: numpy.ndarray) -> numpy.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = numpy.exp(z)
    return e / e.sum(axis=1, keepdims=True)
