"""The same idea across sessions and languages: ``cluster``, ``support`` and ``rank``.

Each proposal becomes a set of keys: the lemmas of its content words, with the words of the
bilingual dictionary (``data/concepts.yaml``) turned into one concept for both languages, so
«сформировать региональный центр дизайна» and "create a regional design centre" share
``centre`` and ``design`` whatever the inflection, word order or language. Two proposals are
near-duplicates when the idf-weighted similarity of their keys reaches :data:`SIMILARITY`; each
proposal is linked to its most similar earlier one and the groups are the linked components,
so a cluster id (its first member's id with ``C-``) is stable across runs. Two proposals in
two languages are weighed over their concepts alone: a word the dictionary does not list
(``ru:…``, ``en:…``) can never be shared across languages, so counting it would only lower
their similarity. A short fragment that words join to nothing ("Quarterly, then.") joins the
idea its speaker raised just before it (:func:`join_fragments`).

With the trained pair model (``data/models/grouping/model.json``, written by ``toolkit train
--part grouping``; docs/classification.md, "Session 15: grouping") the same compared pairs,
plus the few proposals just before each one in its session, are scored by a logistic
regression over what the two share (:func:`pair_features`) and joined by average link
(:func:`average_link`): two groups merge when their pairs' mean score, an uncompared pair
counting zero, reaches the model's threshold, so one pair cannot chain two ideas.

The cost stays near-linear in the number of proposals: a proposal is compared only with the
earlier ones that share one of its :data:`BLOCKING_KEYS` rarest keys that another proposal
also has (near-duplicates share their rare words), at most :data:`MAX_COMPARED` of them, so
a forum of ten times the sessions costs about ten times the comparisons.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ProfileError
from .register import Proposal
from .textio import write_text_atomic
from .yamlio import read_data_file, shipped_data

if TYPE_CHECKING:  # grouping itself needs no spaCy: a cached register is grouped without it
    from spacy.tokens import Span

#: Similarity (a blend of cosine and containment over idf weights) that makes two proposals
#: of different sessions one idea; within one session a rapporteur's summary item restating
#: the running text needs only SAME_SESSION_SIMILARITY.
SIMILARITY = 0.5
SAME_SESSION_SIMILARITY = 0.3
#: Share of containment (shared weight over the smaller proposal's): a short list item inside
#: a long sentence is still the same idea.
CONTAINMENT = 0.5
#: How far below the threshold a proposal's mean margin to the members of its best match's
#: group it compared may fall: a proposal that resembles one member only does not chain two
#: different ideas into one group. Zero: on average it must pass the threshold with them
#: (0.1 let through more wrong pairs than right ones on the dev gold).
COHESION = 0.0
MIN_SHARED = 3  # one or two shared words are a topic, not an idea
#: A proposal of at most this many keys that words join to nothing ("Quarterly, then, but it
#: has to be mandatory."; «И малым городам.») continues the idea its speaker raised just before.
FRAGMENT_KEYS = 3
BLOCKING_KEYS = 6
MAX_CANDIDATES = 40  # per key
MAX_COMPARED = 40  # per proposal, from its rarest keys first
MIN_WORD = 3  # shorter words ("of", "на") carry no content
#: The pair model also compares each proposal with this many just before it in its session:
#: a fragment continuing an idea shares few words with it.
NEIGHBOURS = 3
RARE = 3  # a key used by at most this many proposals is rare
PAIR_MODEL = "models/grouping/model.json"
#: What the pair model reads of two proposals, in the order of :func:`pair_features`.
PAIR_FEATURES = (
    "cosine",
    "containment",
    "similarity",
    "similarity over the rule's threshold",
    "shared keys (log)",
    "shared rare keys (log)",
    "shared concepts (log)",
    "at least MIN_SHARED shared",
    "same session",
    "same language",
    "values jaccard",
    "same route",
    "shared region",
    "different regions",
    "same speaker",
    "length ratio",
    "shared share of the shorter",
    "adjacent",
    "closeness in the session",
    "later one a fragment",
    "adjacent, same speaker",
    "adjacent, same speaker, fragment",
    "marked",
    "same section",
)


@dataclass(frozen=True)
class Grouping:
    """What grouping did: comparisons made (the cost) and groups formed."""

    compared: int
    groups: int


@dataclass(frozen=True)
class Concepts:
    """The bilingual dictionary: ``{language: {word: concept}}`` and the words to leave out."""

    words: dict[str, dict[str, str]]
    ignore: dict[str, frozenset[str]]


@cache
def concepts() -> Concepts:
    """The shipped ``data/concepts.yaml``, validated once per process."""
    return read_concepts(shipped_data("concepts.yaml"))


def read_concepts(path: Path) -> Concepts:
    """A concepts file, validated; every problem is a :class:`ProfileError` naming its line."""
    data = read_data_file(path, "concepts file")
    node = data.get("concepts") if isinstance(data, dict) else None
    ignore = data.get("ignore") if isinstance(data, dict) else None
    if not isinstance(node, dict) or not _word_lists(ignore):
        raise ProfileError(
            f"{path}:1: needs 'concepts' (concept: {{ru: […], en: […]}}) and 'ignore' ({{ru, en}})"
        )
    words: dict[str, dict[str, str]] = {"ru": {}, "en": {}}
    left_out = {lang: frozenset(map(_fold, ignore.get(lang, ()))) for lang in words}
    for concept, entry in node.items():
        line = node.line_of(concept)
        if not _word_lists(entry):
            raise ProfileError(f"{path}:{line}: '{concept}' must give word lists for ru and en")
        for lang, items in entry.items():
            for word in map(_fold, items):
                problem = _word_problem(word, words[lang].get(word), left_out[lang])
                if problem:
                    raise ProfileError(f"{path}:{line}: '{word}' {problem}")
                words[lang][word] = str(concept)
    return Concepts(words, left_out)


def _word_problem(word: str, taken: str | None, ignored: frozenset[str]) -> str:
    """What is wrong with one listed word, or ``""``."""
    if len(word.split()) > 1:
        return "is several words; list single words (grouping looks words up one by one)"
    if taken:
        return f"is already listed under '{taken}'; a word belongs to one concept"
    if word in ignored:
        return "is also in 'ignore'; keep it in one of the two"
    return ""


def _word_lists(node: object) -> bool:
    return isinstance(node, dict) and all(
        lang in ("ru", "en") and isinstance(items, list) and all(isinstance(w, str) for w in items)
        for lang, items in node.items()
    )


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


#: One word as grouping reads it: lemma, lower-case form, stop word, capitalised inside
#: the sentence (a name).
WordForm = tuple[str, str, bool, bool]


def concept_keys(span: Span, lang: str) -> frozenset[str]:
    """The grouping keys of a proposal: concepts, or ``lang:lemma`` for unlisted words.

    Hyphenated words count as one ("one-off", «дизайн-код»); stop words, the ``ignore`` list
    and capitalised names inside the sentence are left out.
    """
    return keys_of(word_forms(span), lang)


def keys_of(forms: Iterable[WordForm], lang: str) -> frozenset[str]:
    """The keys of words already read by :func:`word_forms` (a dictionary can be measured
    without tagging the notes again)."""
    return frozenset(key for form in forms if (key := word_key(lang, *form)))


def word_forms(span: Span) -> list[WordForm]:
    """The words of a proposal as :func:`_key` reads them, hyphenated ones joined."""
    tokens = list(span)
    forms = []
    i = 0
    while i < len(tokens):
        end = i + 1  # join "one" "-" "off" written without spaces
        while (
            end + 1 < len(tokens)
            and tokens[end].text == "-"
            and not tokens[end - 1].whitespace_
            and not tokens[end].whitespace_
        ):
            end += 2
        parts = tokens[i:end:2]
        forms.append(
            (
                "-".join(t.lemma_ or t.lower_ for t in parts),
                "-".join(t.lower_ for t in parts),
                parts[0].is_stop,
                i > 0 and parts[0].text[:1].isupper(),
            )
        )
        i = end
    return forms


@lru_cache(maxsize=200_000)
def word_key(lang: str, lemma: str, lower: str, stop: bool, name: bool) -> str | None:
    """One word's key: its concept, ``lang:lemma``, or ``None`` when it carries no content
    (the learned value model reads words by it too, :mod:`toolkit.nlp.learned`)."""
    book = concepts()
    lemma, lower = _fold(lemma), _fold(lower)
    # a form listed as such («данные», "housing") is meant as itself, not as its lemma
    concept = book.words[lang].get(lower) or book.words[lang].get(lemma)
    if concept:
        return concept
    if (
        stop
        or name
        or lemma in book.ignore[lang]
        or len(lower) < MIN_WORD
        or not any(c.isalpha() for c in lower)
    ):
        return None
    return f"{lang}:{lemma}"


def group_and_rank(
    proposals: list[Proposal], keys: Iterable[frozenset[str]], learned: bool = True
) -> Grouping:
    """Set ``cluster``, ``support`` (distinct sessions) and ``rank`` in place.

    ``keys`` holds each proposal's :func:`concept_keys`, in the same order. The shipped pair
    model groups them when there is one and ``learned``; else the rule does (similarity
    against :func:`threshold`, then :func:`join_fragments`). A fragment grouped with the
    proposal its speaker said just before never ranks above it, so the draft, which shows an
    undecided group by its best-ranked member, shows the idea itself.
    """
    overlap = Overlap(list(keys), [p.language for p in proposals])
    model = pair_model() if learned else None
    if model is None:
        roots, compared = rule_link(proposals, overlap)
        roots, anchors = join_fragments(proposals, overlap.keys, roots)
    else:
        roots, compared = model_link(proposals, overlap, model)
        anchors = fragment_anchors(proposals, overlap.keys, roots)
    members: dict[int, list[int]] = defaultdict(list)
    for i, group in enumerate(roots):
        members[group].append(i)
    for group in members.values():
        first = proposals[min(group)]
        support = len({proposals[i].session for i in group})
        for i in group:
            proposals[i].cluster = "C-" + first.id[2:]
            proposals[i].support = support
            proposals[i].rank = rank(proposals[i])
    for fragment, anchor in anchors.items():  # in register order: a chain of fragments too
        proposals[fragment].rank = min(proposals[fragment].rank, proposals[anchor].rank)
    return Grouping(compared, len(members))


def rule_link(proposals: list[Proposal], overlap: Overlap) -> tuple[list[int], int]:
    """:func:`link` by the shipped rule: similarity against :func:`threshold`."""
    return link(
        overlap,
        lambda i, j: overlap.similarity(i, j) - threshold(proposals[i], proposals[j]),
    )


def join_fragments(
    proposals: list[Proposal], keys: list[frozenset[str]], roots: list[int]
) -> tuple[list[int], dict[int, int]]:
    """Each short fragment that words left alone joins the group of the proposal before it,
    when the same named speaker said both in one session: the gold groups are whole ideas,
    and a fragment shares too few words with its idea to be found by them. A rapporteur's
    marked item is a measure of its own. Proposals are in register order (session, then
    position); returns the groups and each joined fragment's proposal before it."""
    alone = Counter(roots)
    joined = list(roots)
    anchors: dict[int, int] = {}
    for i in range(1, len(proposals)):
        if alone[roots[i]] == 1 and _continues(proposals, keys, i):
            joined[i] = joined[i - 1]
            anchors[i] = i - 1
    return joined, anchors


def _continues(proposals: list[Proposal], keys: list[frozenset[str]], i: int) -> bool:
    """Whether proposal ``i`` is a short fragment its named speaker said right after the one
    before it, in one session."""
    before, fragment = proposals[i - 1], proposals[i]
    return (
        len(keys[i]) <= FRAGMENT_KEYS
        and not fragment.marked
        and bool(fragment.speaker)
        and fragment.speaker == before.speaker
        and fragment.session == before.session
    )


def fragment_anchors(
    proposals: list[Proposal], keys: list[frozenset[str]], roots: list[int]
) -> dict[int, int]:
    """Each fragment the pair model put in the group of the proposal before it (same speaker,
    one session), with that proposal: it ranks no higher."""
    return {
        i: i - 1
        for i in range(1, len(proposals))
        if roots[i] == roots[i - 1] and _continues(proposals, keys, i)
    }


class Overlap:
    """The keys of a register's proposals with their idf weights: what two proposals share.

    ``languages`` (each proposal's, in order) makes a pair in two languages weighed over its
    concepts alone (:func:`bilingual`); without it every pair is weighed over all its keys.
    """

    def __init__(self, keys: list[frozenset[str]], languages: list[str] | None = None) -> None:
        self.keys = keys
        self.languages = languages
        self.frequency = Counter(k for ks in keys for k in ks)
        total = max(len(keys), 1)
        self.idf = {k: math.log((1 + total) / (1 + n)) + 1 for k, n in self.frequency.items()}
        self.norms = [sum(self.idf[k] ** 2 for k in ks) or 1.0 for ks in keys]
        self.concept_norms = [
            sum(self.idf[k] ** 2 for k in ks if bilingual(k)) or 1.0 for ks in keys
        ]

    def parts(self, i: int, j: int) -> tuple[frozenset[str], float, float]:
        """The keys two proposals share, their idf-weighted cosine and containment (how
        much of the shorter one the other holds): what :meth:`similarity` weighs."""
        shared = self.keys[i] & self.keys[j]
        weight = sum(self.idf[k] ** 2 for k in shared)
        languages = self.languages
        norms = self.concept_norms if languages and languages[i] != languages[j] else self.norms
        cosine = weight / math.sqrt(norms[i] * norms[j])
        return shared, cosine, weight / min(norms[i], norms[j])

    def similarity(self, i: int, j: int) -> float:
        """Half cosine, half containment; zero below :data:`MIN_SHARED` shared keys."""
        return _blend(*self.parts(i, j))


def _blend(shared: frozenset[str], cosine: float, containment: float) -> float:
    """:meth:`Overlap.similarity` of what :meth:`Overlap.parts` gave."""
    if len(shared) < MIN_SHARED:
        return 0.0
    return (1 - CONTAINMENT) * cosine + CONTAINMENT * containment


def bilingual(key: str) -> bool:
    """Whether a key can be shared by two languages: a concept, not an unlisted ``ru:`` or
    ``en:`` lemma."""
    return not key.startswith(("ru:", "en:"))


def compared_pairs(overlap: Overlap) -> Iterator[tuple[int, list[int]]]:
    """Each proposal with the earlier ones the blocking compares it with: those sharing one
    of its :data:`BLOCKING_KEYS` rarest keys that another proposal also has, at most
    :data:`MAX_COMPARED`."""
    keys, frequency = overlap.keys, overlap.frequency
    candidates: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        shared_keys = (k for k in ks if frequency[k] > 1)  # a word nobody else uses blocks nothing
        blocking = sorted(shared_keys, key=lambda k: (frequency[k], k))[:BLOCKING_KEYS]
        yield i, sorted(_first(MAX_COMPARED, (j for k in blocking for j in candidates[k])))
        for k in blocking:
            if len(candidates[k]) < MAX_CANDIDATES:
                candidates[k].append(i)


def link(overlap: Overlap, margin: Callable[[int, int], float]) -> tuple[list[int], int]:
    """Each proposal's group (a root index) and the comparisons made.

    ``margin(i, j)`` is how far proposal ``i`` passes the bar of being one idea with the
    earlier ``j`` (negative: it does not). A proposal joins the group of its best earlier
    match only if its mean margin to the members of that group it was compared with is at
    least ``-COHESION``.
    """
    forest = _Forest(len(overlap.keys))
    root = forest.root
    compared = 0
    for i, seen in compared_pairs(overlap):
        compared += len(seen)
        margins = [(margin(i, j), j) for j in seen]
        best = max(margins, default=(-1.0, 0), key=lambda m: (m[0], -m[1]))
        if best[0] >= 0:
            group = root(best[1])
            kin = [m for m, j in margins if root(j) == group]
            if sum(kin) / len(kin) >= -COHESION:
                forest.parent[root(i)] = group
    return [root(i) for i in range(len(overlap.keys))], compared


class _Forest:
    """Union-find over proposal indices."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i


def candidate_pairs(proposals: list[Proposal], overlap: Overlap) -> list[tuple[int, int]]:
    """The pairs the pair model scores, ``(later, earlier)``: the blocking's, and each
    proposal with the :data:`NEIGHBOURS` before it in its session."""
    pairs = set()
    for i, seen in compared_pairs(overlap):
        pairs.update((i, j) for j in seen)
        for j in range(i - 1, max(i - NEIGHBOURS, 0) - 1, -1):
            if proposals[j].session != proposals[i].session:
                break
            pairs.add((i, j))
    return sorted(pairs)


def session_positions(proposals: list[Proposal]) -> list[int]:
    """Each proposal's place in its session (register order)."""
    counter: Counter[str] = Counter()
    places = []
    for p in proposals:
        places.append(counter[p.session])
        counter[p.session] += 1
    return places


def pair_features(
    proposals: list[Proposal], overlap: Overlap, places: list[int], i: int, j: int
) -> list[float]:
    """What the later proposal ``i`` and the earlier ``j`` share, in the order of
    :data:`PAIR_FEATURES`."""
    a, b = proposals[i], proposals[j]
    shared, cosine, containment = overlap.parts(i, j)
    similarity = _blend(shared, cosine, containment)
    values, regions = (set(a.values), set(b.values)), (set(a.regions), set(b.regions))
    sizes = sorted((len(overlap.keys[i]) or 1, len(overlap.keys[j]) or 1))
    one_session = a.session == b.session
    distance = abs(places[i] - places[j]) if one_session else 0
    adjacent = float(one_session and distance == 1)
    speaker = float(one_session and a.speaker is not None and a.speaker == b.speaker)
    fragment = float(len(overlap.keys[i]) <= FRAGMENT_KEYS)
    return [
        cosine,
        containment,
        similarity,
        similarity - threshold(a, b),
        math.log1p(len(shared)),
        math.log1p(sum(overlap.frequency[k] <= RARE for k in shared)),
        math.log1p(sum(bilingual(k) for k in shared)),
        float(len(shared) >= MIN_SHARED),
        float(one_session),
        float(a.language == b.language),
        len(values[0] & values[1]) / len(values[0] | values[1]) if any(values) else 0.0,
        float(a.route is not None and a.route == b.route),
        float(bool(regions[0] & regions[1])),
        float(all(regions) and not regions[0] & regions[1]),
        speaker,
        sizes[0] / sizes[1],
        len(shared) / sizes[0],
        adjacent,
        1 / (1 + distance) if one_session else 0.0,
        fragment,
        adjacent * speaker,
        adjacent * speaker * fragment,
        float(a.marked) + float(b.marked),
        float(one_session and a.section == b.section),
    ]


@dataclass(frozen=True)
class PairModel:
    """The trained pair scorer: a logistic regression over :data:`PAIR_FEATURES` and the
    score from which two groups are one idea."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, row: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, row, strict=True))
        return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


def pair_model() -> PairModel | None:
    """The shipped pair model, or ``None`` when the package has none or :func:`rule_only`
    is in force (the rule groups)."""
    return None if _rule_only else _shipped_pair_model()


@cache
def _shipped_pair_model() -> PairModel | None:
    path = shipped_data(PAIR_MODEL)
    return read_pair_model(path) if path.is_file() else None


_rule_only = False


@contextmanager
def rule_only() -> Iterator[None]:
    """Group by the rule while it lasts: training the pair model extracts its sets without
    reading the model it replaces (which may be stale, or name other features)."""
    global _rule_only
    before, _rule_only = _rule_only, True
    try:
        yield
    finally:
        _rule_only = before


def read_pair_model(path: Path) -> PairModel:
    """A pair model file, validated; a broken one is a :class:`ProfileError` naming it."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        weights = body["weights"]
        if not isinstance(weights, dict) or list(weights) != list(PAIR_FEATURES):
            raise ValueError("its weights must name the features of toolkit.group.PAIR_FEATURES")
        return PairModel(
            tuple(float(weights[f]) for f in PAIR_FEATURES),
            float(body["bias"]),
            float(body["threshold"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ProfileError(
            f"{path}:1: not a grouping model ({error}); rebuild it with "
            "'toolkit train --part grouping'"
        ) from error


def write_pair_model(model: PairModel, path: Path) -> None:
    """The model as small JSON, weights rounded to four decimals (reproducible), written
    atomically."""
    body = {
        "weights": {f: round(w, 4) for f, w in zip(PAIR_FEATURES, model.weights, strict=True)},
        "bias": round(model.bias, 4),
        "threshold": model.threshold,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(body, indent=1, ensure_ascii=False) + "\n")


def pair_scores(
    proposals: list[Proposal], overlap: Overlap, model: PairModel
) -> tuple[list[tuple[int, int]], list[float]]:
    """The candidate pairs and the model's score of each."""
    pairs = candidate_pairs(proposals, overlap)
    places = session_positions(proposals)
    scores = [model.probability(pair_features(proposals, overlap, places, i, j)) for i, j in pairs]
    return pairs, scores


def model_link(
    proposals: list[Proposal], overlap: Overlap, model: PairModel
) -> tuple[list[int], int]:
    """Each proposal's group by the pair model and average link, and the pairs scored."""
    pairs, scores = pair_scores(proposals, overlap, model)
    return average_link(len(proposals), pairs, scores, model.threshold), len(pairs)


def average_link(
    size: int, pairs: list[tuple[int, int]], scores: list[float], cut: float
) -> list[int]:
    """Groups (a root index per proposal) by average link over the scored pairs: the best
    pairs first, two groups merge when the sum of their scored pairs over the product of
    their sizes (an unscored pair counts zero) reaches ``cut``. A chain of pairs each just
    above the cut does not make one group of two ideas."""
    forest = _Forest(size)
    sizes = [1] * size
    between: dict[int, dict[int, float]] = defaultdict(dict)  # root -> root -> score sum
    for (i, j), s in zip(pairs, scores, strict=True):
        between[i][j] = between[j][i] = between[i].get(j, 0.0) + s
    order = sorted((-s, i, j) for (i, j), s in zip(pairs, scores, strict=True) if s >= cut)
    for _, i, j in order:
        a, b = forest.root(i), forest.root(j)
        if a == b or between[a].get(b, 0.0) / (sizes[a] * sizes[b]) < cut:
            continue
        if len(between[a]) < len(between[b]):  # fold the smaller table into the larger
            a, b = b, a
        forest.parent[b] = a
        sizes[a] += sizes[b]
        for c, s in between.pop(b).items():
            del between[c][b]
            if c != a:
                between[a][c] = between[c][a] = between[a].get(c, 0.0) + s
    return [forest.root(i) for i in range(size)]


def threshold(a: Proposal, b: Proposal) -> float:
    """A session's list item restating its own running text needs less to be recognised."""
    return SAME_SESSION_SIMILARITY if a.session == b.session else SIMILARITY


def rank(p: Proposal) -> float:
    """Order within a document: sure, widely raised, plenary, classified proposals first."""
    return round(
        p.score
        + 0.5 * (p.support - 1)
        + (0.3 if p.format == "plenary" else 0.0)
        + 0.1 * bool(p.targets)
        + 0.1 * bool(p.values)
        + 0.05 * bool(p.regions),
        3,
    )


def _first(count: int, items: Iterable[int]) -> set[int]:
    """The first ``count`` distinct items."""
    found: set[int] = set()
    for item in items:
        if len(found) == count:
            break
        found.add(item)
    return found
