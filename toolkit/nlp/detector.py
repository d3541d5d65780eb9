"""``proposal_detector``: scores each sentence as a proposal (docs/proposals.md).

The score starts from the strongest cue the ``cue_ruler`` found (or the sentence's form:
an imperative, a Russian infinitive resolution item), then the blockers of docs/proposals.md cut
it down: a question, a report of the past, a statement of an existing rule, a negated
need with no alternative. Items the rapporteur put under a proposals heading are
proposals whatever their form. All words the rules consult come from the lexicon.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import srsly
from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup, Token

from .cues import CUES_KEY
from .lexicon import Lexicon, default_lexicon, read_lexicon

PROPOSALS_KEY = "proposals"
#: Every unit judged, in order; its ``attrs`` hold the rules' ``rule_scores`` and ``reasons``,
#: the final ``scores`` and the ``threshold`` they are cut at (the trained classifier's where
#: it runs, else the rules').
UNITS_KEY = "proposal_units"
_CONDITIONAL = re.compile(r"\b(?:бы|would)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _doc_text(doc: Doc) -> str:
    """``doc.text`` from the ORTH and SPACY arrays: the property builds a Token per word."""
    strings = doc.vocab.strings
    return "".join(
        strings[orth] + (" " if space else "")
        for orth, space in doc.to_array([ORTH, SPACY]).tolist()
    )


def _sentences(doc: Doc) -> list[Span]:
    """Sentences from the SENT_START array: ``doc.sents`` first walks every token in Python."""
    if not len(doc):
        return []
    starts = [i for i, flag in enumerate(doc.to_array(SENT_START).tolist()) if flag == 1 or i == 0]
    ends = [*starts[1:], len(doc)]
    return [doc[a:b] for a, b in zip(starts, ends, strict=True)]


MARKED_SCORE = 0.95

# Context the caller sets on each Doc before the pipeline runs (see toolkit.extract).
for _name, _default in (
    ("toolkit_section", None),
    ("toolkit_block_kind", "paragraph"),
    ("toolkit_year", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def note_doc(
    nlp: Language,
    text: str,
    *,
    section: str | None = None,
    block_kind: str = "paragraph",
    year: int | None = None,
) -> Doc:
    """A tokenised Doc for one note block, its context set before the pipeline runs.

    Pass it to ``nlp.pipe`` (or call ``nlp`` on it): the detector reads the section and kind
    (items under a proposals heading are proposals) and the year (what counts as the past).
    """
    doc = nlp.make_doc(text)
    doc._.toolkit_section = section
    doc._.toolkit_block_kind = block_kind
    doc._.toolkit_year = year
    return doc


@dataclass
class Judgement:
    """Why a sentence scored what it did (kept for ``toolkit eval`` and debugging)."""

    score: float
    reasons: list[str] = field(default_factory=list)


@Language.factory(
    "proposal_detector",
    default_config={"threshold": 0.5, "forum_year": 2024, "lexicon_path": None},
    requires=["doc.sents", "token.lemma", "doc.spans"],
    assigns=["doc.spans"],
)
def make_proposal_detector(
    nlp: Language, name: str, threshold: float, forum_year: int, lexicon_path: str | None
) -> ProposalDetector:
    lexicon = read_lexicon(Path(lexicon_path)) if lexicon_path else default_lexicon(nlp.lang)
    return ProposalDetector(name, lexicon, threshold, forum_year)


class ProposalDetector:
    """Puts proposals in ``doc.spans["proposals"]``, every unit with its verdict in
    ``doc.spans["proposal_units"]``."""

    def __init__(
        self, name: str, lexicon: Lexicon, threshold: float = 0.5, forum_year: int = 2024
    ) -> None:
        self.name = name
        self.lexicon = lexicon
        self.threshold = threshold
        self.forum_year = forum_year
        if lexicon.language == "en":
            from .morphology import english_verbs

            self.verbs = english_verbs()
        else:
            self.verbs = frozenset()

    def __call__(self, doc: Doc) -> Doc:
        marked = doc._.toolkit_section == "proposals" and doc._.toolkit_block_kind == "item"
        year = doc._.toolkit_year or self.forum_year
        cues = doc.spans.get(CUES_KEY, [])
        units: list[Span] = []
        scores: list[float] = []
        reasons: list[list[str]] = []
        found: list[Span] = []
        pending = deque(sorted(cues, key=lambda c: c.start))
        doc_text = _doc_text(doc)
        for sent in _sentences(doc):
            while pending and pending[0].start < sent.start:
                pending.popleft()  # a cue crossing a boundary belongs to no sentence
            inside = []
            while pending and pending[0].start < sent.end:
                cue = pending.popleft()
                if cue.end <= sent.end:
                    inside.append(cue)
            text = doc_text[sent.start_char : sent.end_char]
            judgement = self.judge(sent, inside, year, text)
            score = max(judgement.score, MARKED_SCORE) if marked else judgement.score
            units.append(sent)
            scores.append(score)
            reasons.append(judgement.reasons)
            if score >= self.threshold:
                found.append(sent)
        attrs = {
            "rule_scores": scores,
            "reasons": reasons,
            "scores": list(scores),
            "threshold": self.threshold,
        }
        doc.spans[UNITS_KEY] = SpanGroup(doc, name=UNITS_KEY, attrs=attrs, spans=units)
        doc.spans[PROPOSALS_KEY] = found
        return doc

    # ---------------------------------------------------------------- the rules

    def judge(self, sent: Span, cues: list[Span], year: int, text: str | None = None) -> Judgement:
        """Score one sentence from its cues and form (``text`` is the sentence's text, if known)."""
        lex = self.lexicon
        words = lex.words
        positives: list[tuple[float, str]] = []
        negated_need = past_cue = False
        for cue in cues:
            weight = lex.weights.get(cue.label_)
            if weight is None:
                continue
            if (
                self._is_discourse(sent, cue)
                or self._embedded(sent, cue)
                or self._procedural(sent, cue)
            ):
                continue
            if {cue[0].lemma_, cue[0].lower_} & words[
                "needs_infinitive"
            ] and not self._infinitive_follows(sent, cue):
                continue
            if self._negated(sent, cue):
                refrain = cue[0].lemma_ in words[
                    "refrain_with_infinitive"
                ] and self._infinitive_follows(sent, cue)
                if not refrain and any(t.lemma_ in words["negated_need"] for t in cue):
                    negated_need = True
                    continue
                if not refrain and cue.label_ not in ("obligation", "wish"):
                    continue  # "we do not propose"; a negated "should" is a call to refrain
            if self._perfect(sent, cue) or self._own_past_action(sent, cue):
                past_cue = True
            label = cue.label_
            if cue[0].lemma_ in words["infinitive_or_need"] and not self._infinitive_near(
                sent, cue
            ):
                label, weight = "need", lex.weights.get("need", weight)  # "нужно больше площадок"
            if cue[0].lemma_ in words["experiencer_cues"] and self._experiencer(sent, cue):
                continue  # "подростку важно быть услышанным" describes, calls for nothing
            if label == "need" and self._need_of_speakers(sent, cue):
                weight = max(weight, lex.need_weight)
            positives.append((weight, label))
        form = None if negated_need else self._form(sent)
        if form:
            positives.append(form)
        if not positives:
            return Judgement(0.15 if negated_need else 0.0, ["no cue"])
        positives.sort(reverse=True)
        score = positives[0][0]
        if score >= self.threshold:  # agreeing cues add confidence; weak ones never add up
            score = min(0.99, score + 0.04 * (len(positives) - 1))
        reasons = [label for _, label in positives]
        labels = {c.label_ for c in cues}
        raw = sent.text if text is None else text
        text = raw.rstrip(" \"'»”)]*")
        if "procedural_markers" in labels:
            return Judgement(min(score, 0.1), [*reasons, "meeting talk"])
        if text.endswith("?") or any(t.lower_ == "ли" for t in sent[1:4]) or self._asked(sent):
            return Judgement(min(score, 0.1), [*reasons, "question"])
        conditional = _CONDITIONAL.search(raw) is not None
        if ("past_modal" in labels and not conditional) or past_cue:
            score *= 0.3
            reasons.append("past modal")
        elif "past_markers" in labels or self._past_year(sent, year, raw):
            score *= 0.35
            reasons.append("past")
        if labels & {"musing_markers"} and positives[0][1] in ("hedged", "obligation"):
            score *= 0.5
            reasons.append("forecast or musing")
        if labels & {"rule_markers", "rule_exact"}:
            score *= 0.3
            reasons.append("existing rule")
        return Judgement(round(score, 3), reasons)

    def _is_discourse(self, sent: Span, cue: Span) -> bool:
        """ "It should be noted that", "следует отметить, что": a figure of speech, not a call.

        The verb must introduce a clause ("that", "что", a comma or colon) or end the
        sentence, so "schools should add a course" still counts.
        """
        discourse = self.lexicon.words["discourse_verbs"]
        doc = sent.doc
        mine = any(
            t.lower_ in self.lexicon.words["first_person"]
            for t in doc[max(sent.start, cue.start - 2) : cue.start]
        )
        for token in doc[cue.end : min(cue.end + 3, sent.end)]:
            if token.lemma_ in discourse and mine and cue.label_ == "obligation":
                return True  # "I must add", "я должен сказать"
            if token.lemma_ in discourse:
                after = doc[token.i + 1] if token.i + 1 < sent.end else None
                if after is None or after.lower_ in (
                    "that",
                    "что",
                    "чтобы",
                    ",",
                    ":",
                    "—",
                    "–",
                    "how",
                    "как",
                    "as",
                ):
                    return True
        return False

    def _embedded(self, sent: Span, cue: Span) -> bool:
        """ "discussed whether regions should", "нужен ли центр", "ресурс, который нельзя …"."""
        words = self.lexicon.words
        doc = sent.doc
        after = doc[cue.end : min(cue.end + 1, sent.end)]
        before = doc[max(sent.start, cue.start - 3) : cue.start]
        reach = (
            before[-2:]
            if self.lexicon.language == "ru"
            else doc[max(sent.start, cue.start - 4) : cue.start]
        )
        if any(t.lower_ in words["question_words"] for t in reach):
            return True  # "вопрос, кто должен платить", "discussed how fashion could work"
        if cue.text.lower() in words["needs_continuation"] and (
            not after
            or not after[0].is_alpha
            or after[0].lower_ in words["negations"]
            or after[0].lower_ in ("and", "or", "but")
        ):
            return True  # "I believe it could.", "we could not deliver": no action named
        if self.lexicon.language == "ru":
            return any(t.lower_ in words["embedded_question"] for t in after) or any(
                t.lemma_ in words["relative_pronouns"] for t in before[-2:]
            )
        clause = doc[sent.start : cue.start]
        return any(t.lower_ in words["relative_pronouns"] for t in before) or any(
            t.lower_ in words["embedded_question"] for t in clause
        )

    def _experiencer(self, sent: Span, cue: Span) -> bool:
        """A dative person before the cue ("подростку важно"): whose importance, not a call."""
        subjects = self.lexicon.words["need_subjects"]
        return any(
            t.morph.get("Case") == ["Dat"]
            and t.pos_ in ("NOUN", "PRON")
            and t.lower_ not in subjects
            for t in sent.doc[max(sent.start, cue.start - 2) : cue.start]
        )

    def _asked(self, sent: Span) -> bool:
        """A reported question: "asked the participants whether …", "спросила, нужен ли …"."""
        words = self.lexicon.words
        asked = next((t.i for t in sent if t.lemma_ in words["question_verbs"]), None)
        if asked is None:
            return False
        markers = words["embedded_question"] | words["question_words"]
        return any(t.lower_ in markers for t in sent.doc[asked + 1 : sent.end])

    def _need_of_speakers(self, sent: Span, cue: Span) -> bool:
        """ "We need …", "Нам нужен …", "the region needs …": a need put forward, not described."""
        before = sent.doc[max(sent.start, cue.start - 3) : cue.start]
        subjects = self.lexicon.words["need_subjects"]
        if any(t.lower_ in subjects or t.lemma_ in subjects for t in before):
            return True
        if self.lexicon.language != "ru":
            return False
        # "Нужна сеть интенсивов" (nobody's need: a call) vs "клубам нужны техники" (theirs)
        return not any(
            t.morph.get("Case") == ["Dat"] and t.pos_ in ("NOUN", "PRON") for t in before
        )

    def _procedural(self, sent: Span, cue: Span) -> bool:
        """ "Let us move to the summary", "asked the panellists to talk less": meeting talk."""
        words = self.lexicon.words
        following = sent.doc[cue.end : min(cue.end + 6, sent.end)]
        if cue.label_ == "directive":
            return cue[0].lemma_ in words["audience_verbs"] and any(
                t.lemma_ in words["audience"] for t in following[:3]
            )
        if cue.label_ != "hortative":
            return False
        if self.lexicon.language == "ru" and not any(t.pos_ == "VERB" for t in following):
            return True  # "давайте честно: денег нет" calls for nothing
        return any(t.lemma_ in words["procedural_verbs"] for t in following[:2])

    def _first_person(self, sent: Span, cue: Span) -> bool:
        """ "Предлагаю …", "I propose …": the speaker's own words."""
        before = sent.doc[max(sent.start, cue.start - 2) : cue.start]
        return cue[0].morph.get("Person") == ["1"] or any(
            t.lower_ in self.lexicon.words["first_person"] for t in before
        )

    def _perfect(self, sent: Span, cue: Span) -> bool:
        """ "must have included", "should have been": a modal about the past."""
        doc = sent.doc
        if cue.end + 1 >= sent.end or doc[cue.end].lower_ != "have":
            return False
        participle = doc[cue.end + 1]
        return participle.lower_ != participle.lemma_ and participle.lemma_ in self.verbs

    def _own_past_action(self, sent: Span, cue: Span) -> bool:
        """ "We invited illustrators …", "Мы предложили …": the speaker's own past, not a call."""
        if cue.label_ != "directive":
            return False
        head = cue[0]
        past = head.morph.get("Tense") == ["Past"] or (
            self.lexicon.language == "en" and head.lower_.endswith("ed")
        )
        before = sent.doc[max(sent.start, cue.start - 3) : cue.start]
        conditional = any(t.lower_ in ("бы", "would", "'d") for t in before)
        return (
            past
            and not conditional
            and any(t.lower_ in self.lexicon.words["first_person"] for t in before)
        )

    def _infinitive_near(self, sent: Span, cue: Span) -> bool:
        """An infinitive on either side: "нужно учить", "учить ремеслу надо"."""
        before = sent.doc[max(sent.start, cue.start - 3) : cue.start]
        return self._infinitive_follows(sent, cue) or any(
            t.morph.get("VerbForm") == ["Inf"] for t in before
        )

    def _infinitive_follows(self, sent: Span, cue: Span) -> bool:
        """ "стоит создать", "важно, чтобы …", "должен быть доступен" (the cue holds the verb)."""
        following = sent.doc[cue.start + 1 : min(cue.end + 5, sent.end)]
        return any(
            t.morph.get("VerbForm") == ["Inf"] or t.lower_ in ("чтобы", "to") for t in following
        )

    def _negated(self, sent: Span, cue: Span) -> bool:
        """A negation in the cue's own clause: "не нужно", but not "… нет — её нужно создать"."""
        negations = self.lexicon.words["negations"]
        before = list(sent.doc[max(sent.start, cue.start - 3) : cue.start])
        while any(t.is_punct for t in before):
            before.pop(0)
        return any(t.lower_ in negations for t in (*before, *cue))

    def _past_year(self, sent: Span, year: int, text: str) -> bool:
        """A year before the forum after "in", "since", "в", "с": the sentence reports history."""
        if not _YEAR.search(text):
            return False
        prepositions = self.lexicon.words["year_prepositions"]
        for token in sent:
            if len(token.text) == 4 and token.text.isdigit() and 1900 <= int(token.text) < year:
                before = sent.doc[max(sent.start, token.i - 2) : token.i]
                if any(t.lower_ in prepositions for t in before):
                    return True
        return False

    def _form(self, sent: Span) -> tuple[float, str] | None:
        """The sentence's own form as a cue: an imperative, or a Russian infinitive item.

        The verb may open the sentence or the main clause after a conditional opening
        ("If the region wants growth, create a fund"). Items listing problems are
        statements whatever their first word.
        """
        if sent.doc._.toolkit_section == "problems":
            return None
        words = [t for t in sent[:6] if t.is_alpha]
        if not words or not words[0].text[:1].isupper():
            return None
        heads = [self._skip_leading(sent, words[0])]
        if words[0].lower_ in self.lexicon.words["conditional_openers"]:
            comma = next((t for t in sent if t.text == "," and t.i > words[0].i + 1), None)
            if comma is not None and comma.i + 1 < sent.end:
                heads.append(self._skip_leading(sent, sent.doc[comma.i + 1]))
        colon = next((t for t in sent if t.text == ":"), None)  # "Think of a route: build …"
        if colon is not None and colon.i + 1 < sent.end:
            heads.append(self._skip_leading(sent, sent.doc[colon.i + 1]))
        for head in heads:
            if head is not None:
                form = self._form_at(sent, head)
                if form:
                    return form
        return None

    def _skip_leading(self, sent: Span, token: Token) -> Token | None:
        """The first word after "And", "Please", "Второе:" and the like."""
        leading = self.lexicon.words["leading_conjunctions"]
        for candidate in sent.doc[token.i : min(token.i + 5, sent.end)]:
            if candidate.is_alpha and candidate.lower_ not in leading:
                return candidate
        return None

    def _form_at(self, sent: Span, first: Token) -> tuple[float, str] | None:
        if self.lexicon.language == "ru":
            conversational = first.lemma_ in self.lexicon.not_imperatives  # "Подождите, …"
            if first.morph.get("Mood") == ["Imp"] and not conversational:
                return self.lexicon.imperative_weight or 0.8, "imperative"
            if (
                first.morph.get("VerbForm") == ["Inf"]
                and first.lemma_ not in ("быть", "есть")
                and not self._evaluated(sent)
            ):
                return 0.85, "infinitive"
            return None
        lower = first.lower_
        if (
            lower == "let"
            and first.i + 1 < sent.end
            and sent.doc[first.i + 1].lower_ in ("me", "'s", "us")
        ):
            return None  # "Let me say …" is talk; "let us" is a hortative cue already
        if lower in ("do", "don't") and first.i + 1 < sent.end:
            nxt = sent.doc[first.i + 1]
            if nxt.lower_ in ("not", "n't") and first.i + 2 < sent.end:
                lower = sent.doc[first.i + 2].lower_
        curated = lower in self.lexicon.imperative_verbs
        if sent.doc._.toolkit_block_kind != "item" and not curated:
            return None
        if (
            lower not in self.verbs
            or lower in self.lexicon.not_imperatives
            or first.lemma_ != lower
        ):
            return None
        following = sent.doc[first.i + 1 : min(first.i + 4, sent.end)]
        if (
            len(following) < 2
            or following[0].text in (":", ",")
            or any(t.lower_ in self.lexicon.subject_verbs for t in following[:2])
        ):
            return None
        if not curated and (
            following[0].lower_ not in self.lexicon.object_starters
            or self._has_finite_verb(following)
        ):
            return None  # "Craft schools teach …", "Game development grew …": a noun came first
        return self.lexicon.imperative_weight, "imperative"

    def _has_finite_verb(self, span: Span) -> bool:
        """An inflected verb after the first word ("Game development grew"): it was a noun."""
        for token in span:
            if token.lower_ in self.lexicon.subject_verbs:
                return True
            inflected = token.lower_ != token.lemma_ and token.lemma_ in self.verbs
            if inflected and not token.lower_.endswith(("ing", "s")):  # plural nouns end in -s
                return True
        return False

    @staticmethod
    def _evaluated(sent: Span) -> bool:
        """ "Сделать это было непросто", "Упомянуть и сделать — разные вещи": a subject."""
        for token in sent:
            if token.text in ("—", "–") and token.i > sent.start + 1:
                return True
            if token.lemma_ == "быть" and token.morph.get("Tense") in (["Past"], ["Fut"]):
                nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
                if nxt is None or nxt.lower_ != "бы":
                    return True
        return False

    # ---------------------------------------------------------------- serialisation

    def to_bytes(self, exclude: tuple = ()) -> bytes:
        return srsly.msgpack_dumps(
            {
                "lexicon": self.lexicon.to_dict(),
                "threshold": self.threshold,
                "forum_year": self.forum_year,
            }
        )

    def from_bytes(self, data: bytes, exclude: tuple = ()) -> ProposalDetector:
        cfg = srsly.msgpack_loads(data)
        self.lexicon = Lexicon.from_dict(cfg["lexicon"])
        self.threshold = cfg["threshold"]
        self.forum_year = cfg["forum_year"]
        return self

    def to_disk(self, path: Any, exclude: tuple = ()) -> None:
        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: Any, exclude: tuple = ()) -> ProposalDetector:
        return self.from_bytes(Path(path).read_bytes())
