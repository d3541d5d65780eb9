"""What the trained classifier sees of a sentence: the rules' verdict, its words and its place.

Each unit (a sentence the ``proposal_detector`` judged) becomes a bag of feature strings,
hashed to 64-bit keys for a sparse linear model. The rules contribute what they are good
at (their score, the cues and blockers that fired, each cue's lemma); the verb forms, the
sentence's ending and its neighbour's verdict let the model learn how far to trust them in
live speech. Bags of the sentence's own words were measured and left out: on a few
thousand annotated sentences they memorise topics and lowered F1 on unseen transcripts
(README, "Measured quality").
"""

from __future__ import annotations

from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, MORPH, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

_ENDINGS = frozenset({"?", "!", ".", "…", ":", ";"})


class _Forms:
    """A block's verb-form features per token, read once from its arrays (no Token objects).

    The classifier runs on every sentence of every note: building a ``Token`` and parsing its
    morphology for each word cost a third of extraction time.
    """

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        array = doc.to_array([MORPH, IS_ALPHA, IS_PUNCT, IS_SPACE, ORTH])
        self.forms = [_forms_of(int(h), strings) for h in array[:, 0].tolist()]
        self.alpha = array[:, 1].tolist()
        self.word = [not (p or sp) for p, sp in array[:, 2:4].tolist()]
        self.text = [strings[h] for h in array[:, 4].tolist()]


_FORMS: dict[int, tuple[str, ...]] = {}


def _forms_of(key: int, strings) -> tuple[str, ...]:
    """Mood, verb form and tense with person: what separates a call from a report."""
    found = _FORMS.get(key)
    if found is not None:
        return found
    try:
        analysis = strings[key] if key else ""
    except KeyError:
        analysis = ""
    fields = dict(part.split("=", 1) for part in analysis.split("|") if "=" in part)
    forms = []
    if fields.get("Mood") == "Imp":
        forms.append("imp")
    if fields.get("VerbForm") == "Inf":
        forms.append("inf")
    tense = fields.get("Tense")
    if tense:
        forms.append(
            tense.split(",")[0]
            + "".join(fields.get("Person", "").split(","))
            + "".join(fields.get("Number", "").split(","))
        )
    _FORMS[key] = found = tuple(forms)
    return found


def _bin(score: float) -> str:
    return str(min(int(score * 10), 9))


def unit_features(
    forms: _Forms,
    sent: Span,
    rule_score: float,
    reasons: list[str],
    cues: list[Span],
    context: dict[str, str],
) -> list[str]:
    """The feature strings of one unit; ``context`` holds its place in the block."""
    span = range(sent.start, sent.end)
    words = sum(1 for i in span if forms.word[i])
    features = ["bias"]
    last = forms.text[sent.end - 1] if len(span) else ""
    features.append("end=" + (last if last in _ENDINGS else "word"))
    if any(forms.text[i] == "?" for i in span):
        features.append("has_question_mark")
    features.append(f"len={min(words // 5, 8)}")
    for i in span:
        features.extend(f"m={m}" for m in forms.forms[i])
    for n, i in enumerate([i for i in span if forms.alpha[i]][:3]):
        features.extend(f"m{n}={m}" for m in forms.forms[i])
    score = _bin(rule_score)
    features.append(f"rule={score}")
    for reason in reasons:
        features.append(f"reason={reason}")
        features.append(f"reason={reason}|rule={score}")
    for cue in cues:
        features.append(f"cue={cue.label_}")
        features.append(f"cue={cue.label_}:{(cue[0].lemma_ or cue[0].lower_).lower()}")
    features.extend(f"{key}={value}" for key, value in sorted(context.items()))
    return features


def doc_unit_features(
    doc: Doc, units: list[Span], scores: list[float], reasons: list[list[str]], cues: list[Span]
) -> list[list[int]]:
    """Hashed features of every unit of a block, each with its neighbour's verdict."""
    keys: list[list[int]] = []
    forms = _Forms(doc)
    ordered = sorted(cues, key=lambda c: c.start)
    position = 0
    previous = {"prev_end": "none", "prev_rule": "none"}
    for i, sent in enumerate(units):
        while position < len(ordered) and ordered[position].start < sent.start:
            position += 1
        inside = []
        j = position
        while j < len(ordered) and ordered[j].start < sent.end:
            if ordered[j].end <= sent.end:
                inside.append(ordered[j])
            j += 1
        place = (
            "only"
            if len(units) == 1
            else "first"
            if i == 0
            else ("last" if i == len(units) - 1 else "middle")
        )
        context = {
            "section": str(doc._.toolkit_section),
            "kind": str(doc._.toolkit_block_kind),
            "place": place,
            **previous,
        }
        strings = unit_features(forms, sent, scores[i], reasons[i], inside, context)
        keys.append(sorted(get_string_id(s) for s in strings))  # same order in every process
        last = forms.text[sent.end - 1] if len(sent) else ""
        previous = {
            "prev_end": last if last in _ENDINGS else "word",
            "prev_rule": _bin(scores[i]),
        }
    return keys
