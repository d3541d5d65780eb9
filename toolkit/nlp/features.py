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

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

_ENDINGS = frozenset({"?", "!", ".", "…", ":", ";"})


def _morph(token: Token) -> list[str]:
    """Mood, verb form and tense with person: what separates a call from a report."""
    morph = token.morph
    found = []
    if morph.get("Mood") == ["Imp"]:
        found.append("imp")
    if morph.get("VerbForm") == ["Inf"]:
        found.append("inf")
    tense = morph.get("Tense")
    if tense:
        found.append(tense[0] + "".join(morph.get("Person")) + "".join(morph.get("Number")))
    return found


def _bin(score: float) -> str:
    return str(min(int(score * 10), 9))


def unit_features(
    sent: Span, rule_score: float, reasons: list[str], cues: list[Span], context: dict[str, str]
) -> list[str]:
    """The feature strings of one unit; ``context`` holds its place in the block."""
    words = sum(1 for t in sent if not t.is_punct and not t.is_space)
    features = ["bias"]
    last = sent[-1].text if len(sent) else ""
    features.append("end=" + (last if last in _ENDINGS else "word"))
    if any(t.text == "?" for t in sent):
        features.append("has_question_mark")
    features.append(f"len={min(words // 5, 8)}")
    for token in sent:
        features.extend(f"m={m}" for m in _morph(token))
    for i, token in enumerate([t for t in sent if t.is_alpha][:3]):
        features.extend(f"m{i}={m}" for m in _morph(token))
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
        strings = unit_features(sent, scores[i], reasons[i], inside, context)
        keys.append([get_string_id(s) for s in strings])
        last = sent[-1].text if len(sent) else ""
        previous = {
            "prev_end": last if last in _ENDINGS else "word",
            "prev_rule": _bin(scores[i]),
        }
    return keys
