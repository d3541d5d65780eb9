"""``proposal_detector``: scores each sentence as a proposal (docs/proposals.md).

The score starts from the strongest cue the ``cue_ruler`` found (or the sentence's form:
an imperative, a Russian infinitive resolution item), then the blockers of docs/proposals.md cut
it down: a question, a report of the past, a statement of an existing rule, a negated
need with no alternative. Items the rapporteur put under a proposals heading are
proposals whatever their form. All words the rules consult come from the lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from operator import itemgetter

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import ADJ, NOUN, PRON, VERB
from spacy.tokens import Doc, Span

from .arrays import TokenArrays, block_place, keep, set_group, set_place, token_arrays
from .cues import Cue, doc_cues
from .lexicon import Lexicon, LexiconComponent, yo_spellings

PROPOSALS_KEY = "proposals"
#: Every unit judged, in order; its ``attrs`` hold the rules' ``rule_scores`` and ``reasons``,
#: the final ``scores`` and the ``threshold`` they are cut at (the trained classifier's where
#: it runs, else the rules').
UNITS_KEY = "proposal_units"
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


#: An item under a proposals heading scores at least this, whatever its form.
MARKED_SCORE = 0.95
#: A sentence whose only cue is a negated need ("we do not need another agency").
NEGATED_NEED_SCORE = 0.15
#: Each further cue agreeing with a passing one adds this, up to :data:`MAX_SCORE`.
AGREEMENT_BONUS = 0.04
MAX_SCORE = 0.99
#: Questions and the meeting's own talk are capped here: they call for nothing.
BLOCKED_SCORE = 0.1
#: Blockers multiply the score: a modal about the past, a report of the past, a forecast or
#: musing, a statement of an existing rule.
PAST_MODAL_FACTOR = 0.3
PAST_FACTOR = 0.35
MUSING_FACTOR = 0.5
RULE_FACTOR = 0.3
REPORTED_FACTOR = 0.4
REPORT_OPENING = 5  # tokens: "Mr President, you said …"
THIRD_PARTY_REACH = 6  # tokens from the party to its verb: "the report, written by X, did suggest"
#: A Russian infinitive item ("Создать фонд …"), and an imperative when the lexicon gives
#: no weight for it.
INFINITIVE_WEIGHT = 0.85
FALLBACK_IMPERATIVE_WEIGHT = 0.8
_COMMA, _COLON, _HYPHEN = get_string_id(","), get_string_id(":"), get_string_id("-")
_START = itemgetter(0)


def note_doc(
    nlp: Language,
    text: str,
    *,
    section: str | None = None,
    block_kind: str = "paragraph",
    year: int | None = None,
    turn: tuple[int, bool] = (0, False),
) -> Doc:
    """A tokenised Doc for one note block, its context set before the pipeline runs.

    Pass it to ``nlp.pipe`` (or call ``nlp`` on it): the detector reads the section and kind
    (items under a proposals heading are proposals) and the year (what counts as the past),
    the classifier its place in the speaker's turn (``doc._.toolkit_turn``).
    """
    doc = nlp.make_doc(text)
    set_place(doc, section, block_kind, year, turn)
    return doc


@dataclass
class Judgement:
    """Why a sentence scored what it did (kept for ``toolkit eval`` and debugging)."""

    score: float
    reasons: list[str] = field(default_factory=list)


@Language.factory(
    "proposal_detector",
    default_config={"threshold": 0.5, "forum_year": None},
    requires=["doc.sents", "token.lemma", "doc.spans"],
    assigns=["doc.spans"],
)
def make_proposal_detector(
    nlp: Language, name: str, threshold: float, forum_year: int | None
) -> ProposalDetector:
    return ProposalDetector(nlp, name, threshold, forum_year)


@cache
def _english_verb_ids() -> frozenset[int]:
    from .morphology import english_verbs

    return frozenset(get_string_id(verb) for verb in english_verbs())


class ProposalDetector(LexiconComponent):
    """Puts proposals in ``doc.spans["proposals"]``, every unit with its verdict in
    ``doc.spans["proposal_units"]``.

    ``forum_year`` is the year of the forum (from the profile): a note's own date wins, and
    with neither a year before it is not taken for a report of the past.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "proposal_detector",
        threshold: float = 0.5,
        forum_year: int | None = None,
    ) -> None:
        self.threshold = threshold
        self.forum_year = forum_year
        self.verbs = _english_verb_ids() if nlp.lang == "en" else frozenset()
        super().__init__(nlp, name)

    def set_lexicon(self, lexicon: Lexicon) -> None:
        """The lexicon, and each of its word lists as a set of string ids for the rules."""
        self.lexicon = lexicon

        def ids(words: frozenset[str]) -> frozenset[int]:
            return frozenset(get_string_id(v) for w in words for v in yo_spellings(w))

        self.ids = {name: ids(words) for name, words in lexicon.words.items()}
        self.ids["question_markers"] = self.ids["embedded_question"] | self.ids["question_words"]
        self.ids["conditionals"] = self.ids["conditional_words"] | self.ids["conditional_clitics"]
        self.persons = self.ids["first_person"] | self.ids["addressee_pronouns"]
        self.stated_marks = self.ids["predicate_dashes"] | {_COLON}
        self.imperative_verbs = ids(lexicon.imperative_verbs)
        self.object_starters = ids(lexicon.object_starters)
        self.not_imperatives = ids(lexicon.not_imperatives)
        self.subject_verbs = ids(lexicon.subject_verbs)
        self.past_endings = tuple(sorted(lexicon.words["past_endings"]))
        self.plural_endings = tuple(sorted(lexicon.words["plural_or_gerund_endings"]))
        self.evaluative = ids(lexicon.words["evaluative_words"])
        english = lexicon.language != "ru"
        self.form_openers = self.verbs | self.ids["do_auxiliaries"] if english else None
        conditional = "|".join(re.escape(w) for w in sorted(lexicon.words["conditional_words"]))
        self.conditional = re.compile(rf"\b(?:{conditional})\b", re.I) if conditional else None

    def __call__(self, doc: Doc) -> Doc:
        tokens = token_arrays(doc)
        section, kind, year, _ = block_place(doc, tokens)
        marked = section == "proposals" and kind == "item"
        year = year or self.forum_year
        units: list[Span] = []
        scores: list[float] = []
        reasons: list[list[str]] = []
        found: list[Span] = []
        cues = sorted(doc_cues(doc), key=_START)
        position, count = 0, len(cues)  # the next cue not yet given to a sentence
        for start, end in tokens.bounds:
            while position < count and cues[position].start < start:
                position += 1  # a cue crossing a boundary belongs to no sentence
            inside = []
            while position < count and cues[position].start < end:
                if cues[position].end <= end:
                    inside.append(cues[position])
                position += 1
            judgement = self.judge(tokens, start, end, inside, year, section)
            sent = Span(doc, start, end)
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
        keep(doc, UNITS_KEY, tokens.bounds, set_group(doc, UNITS_KEY, units, attrs), tokens)
        set_group(doc, PROPOSALS_KEY, found)
        return doc

    # ---------------------------------------------------------------- the rules
    # Each rule reads token ``i`` of the doc through ``t`` (a :class:`TokenArrays`); ``s`` and
    # ``e`` are the sentence's first token and the token after its last.

    def judge(
        self,
        t: TokenArrays,
        s: int,
        e: int,
        cues: list[Cue],
        year: int | None,
        section: str | None = None,
    ) -> Judgement:
        """Score one sentence (tokens ``s``..``e``) from its cues and form."""
        if cues:
            positives, negated_need, past_cue = self._weigh_cues(t, s, e, cues)
        else:  # most sentences
            positives, negated_need, past_cue = [], False, False
        form = None if negated_need else self._form(t, s, e, section)
        if form:
            positives.append(form)
        if self.evaluative and not negated_need:
            intensified = self._intensified_call(t, s, e)
            if intensified:
                positives.append(intensified)
        inner = self.lexicon.weights.get("inner_imperative")
        if inner is not None and not form and self._inner_imperative(t, s, e):
            positives.append((inner, "inner_imperative"))
        if not positives:
            return Judgement(NEGATED_NEED_SCORE if negated_need else 0.0, ["no cue"])
        positives.sort(reverse=True)
        score = positives[0][0]
        if score >= self.threshold:  # agreeing cues add confidence; weak ones never add up
            score = min(MAX_SCORE, score + AGREEMENT_BONUS * (len(positives) - 1))
        reasons = [label for _, label in positives]
        return self._discount(t, s, e, cues, year, score, reasons, positives[0][1], past_cue)

    def _weigh_cues(
        self, t: TokenArrays, s: int, e: int, cues: list[Cue]
    ) -> tuple[list[tuple[float, str]], bool, bool]:
        """The weighted labels of the cues that call for something here; whether a need was
        negated ("не нужно"), and whether a cue speaks of what was already done."""
        lex, ids = self.lexicon, self.ids
        positives: list[tuple[float, str]] = []
        negated_need = past_cue = False
        reasons = _covered(cues, "reason_connectives")
        for cue in cues:
            weight = lex.weights.get(cue.label_)
            if weight is None:
                continue
            if self._is_discourse(t, s, e, cue) or self._embedded(t, s, e, cue, reasons):
                continue
            if self._procedural(t, s, e, cue) or self._not_opening(t, s, e, cue):
                continue
            head = cue.start
            needs_infinitive = ids["needs_infinitive"]
            if (
                t.lemma[head] in needs_infinitive or t.lower[head] in needs_infinitive
            ) and not self._infinitive_follows(t, e, cue):
                continue
            if self._negated(t, s, cue):
                refrain = t.lemma[head] in ids[
                    "refrain_with_infinitive"
                ] and self._infinitive_follows(t, e, cue)
                if not refrain and any(
                    t.lemma[i] in ids["negated_need"] for i in range(cue.start, cue.end)
                ):
                    negated_need = True
                    continue
                if not refrain and cue.label_ not in ("obligation", "wish"):
                    continue  # "we do not propose"; a negated "should" is a call to refrain
            if (
                self._purpose(t, s, cue)
                or self._attributive(t, cue)
                or self._forecast(t, s, e, cue)
            ):
                continue
            if self._perfect(t, e, cue) or self._own_past_action(t, s, cue):
                past_cue = True
            label = cue.label_
            if t.lemma[head] in ids["infinitive_or_need"] and not self._infinitive_near(
                t, s, e, cue
            ):
                label, weight = "need", lex.weights.get("need", weight)  # "нужно больше площадок"
            if t.lemma[head] in ids["experiencer_cues"] and self._experiencer(t, s, cue):
                continue  # "подростку важно быть услышанным" describes, calls for nothing
            if label == "need" and self._need_of_speakers(t, s, cue):
                weight = max(weight, lex.need_weight)
            if label == "proposal_noun" and self._stated(t, e, cue):
                label, weight = "stated_proposal", lex.weights.get("stated_proposal", weight)
            look_alike = self._look_alike(t, s, e, cue, cues)
            if look_alike in lex.weights:
                label, weight = look_alike, lex.weights[look_alike]
            positives.append((weight, label))
        return positives, negated_need, past_cue

    def _intensified_call(self, t: TokenArrays, s: int, e: int) -> tuple[float, str] | None:
        """ "It is very important to pay attention …", "it's really important that we …", "it is
        important for us to attract …": an evaluative call with intensifiers between the copula
        and the word, a clitic copula, or whom it matters to before "to", which the cue phrases
        cannot hold ("this is very important for us", "I think it is very important." and "it
        was really important to …" call for nothing; "it is very important to emphasise …",
        "it is important for me to thank …" are figures of speech). Its own category: the model
        learns how far to trust it."""
        ids = self.ids
        if self.evaluative.isdisjoint(t.lemma[s + 2 : max(e - 2, s + 2)]):
            return None  # most sentences: no evaluative word where one could stand
        for i in range(s + 2, e - 2):
            if t.lemma[i] not in self.evaluative:
                continue
            opener, beneficiary = i + 1, t.lower[i + 1] in ids["beneficiary_markers"]
            if beneficiary:  # "important for us to", "important for teachers to"
                opener = next(
                    (
                        k
                        for k in range(i + 3, min(i + 5, e - 1))
                        if t.lower[k] in ids["infinitive_markers"]
                    ),
                    e,
                )
            elif t.lower[opener] not in ids["action_openers"] or i < s + 3:
                continue  # "It's important to …" opening the sentence is a cue phrase
            if opener + 1 >= e:
                continue
            j = i - 1
            while j > s + 1 and t.lower[j] in ids["intensifiers"]:
                j -= 1
            clitic = t.lower[j] in ids["copula_clitics"]  # "it's": its lemma is no copula
            if (
                (beneficiary or j < i - 1 or clitic)
                and (clitic or t.lower[j] in ids["present_copulas"])
                and t.lower[j - 1] in ids["dummy_subjects"]
                and t.lemma[opener + 1] not in ids["discourse_verbs"]
            ):
                return self.lexicon.weights.get("evaluative_call", 0.0), "evaluative_call"
        return None

    def _inner_imperative(self, t: TokenArrays, s: int, e: int) -> bool:
        """ "Поэтому поддержите наш проект.", "Все их проблемы всегда держите под контролем",
        "…: не забывайте моих ребят": an imperative to "Вы" inside the sentence (``_form``
        reads the first word), conversational ones ("Не беспокойтесь", "Подождите") apart. The
        tagger reads many such forms as the future ("поддержите"): with no "Вы" before it, a
        second person plural is taken for the imperative ("Вы поддержите …" tells), unless a
        quotation opened before it."""
        pronouns, quotes = self.ids["addressee_pronouns"], self.ids["quote_marks"]
        if t.lemma[s] in pronouns:
            return False
        for i in range(s + 1, e):
            if t.lemma[i] in pronouns or t.orth[i] in quotes:
                return False  # "Вы работаете …"; «не ссорьте меня …» quotes someone
            if t.feature(i, "Number") != "Plur" or t.lemma[i] in self.not_imperatives:
                continue
            mood = t.feature(i, "Mood")
            if mood == "Imp" or (mood == "Ind" and t.feature(i, "Person") == "2"):
                return True
        return False

    def _look_alike(self, t: TokenArrays, s: int, e: int, cue: Cue, cues: list[Cue]) -> str | None:
        """The category of a cue that calls for nothing in live speech (docs/proposals.md):
        a courtesy ("хотел бы поблагодарить", "Прошу Вас."), a call reported as someone
        else's or as past with no action named or told back to the addressee ("ветераны
        предлагают много решений", "Вы просили …", "призван стать"), a promise
        ("Обязательно сделаю") or what someone else has to do ("you have to implement it in
        your own school", "they have to close"). ``None`` leaves the cue as it is."""
        ids, head = self.ids, cue.start
        if cue.label_ == "wish" and self._courtesy_follows(t, e, cue):
            return "courtesy"
        if cue.label_ == "directive":
            if t.lemma[head] in ids["bare_request_verbs"] and self._bare(t, s, e, cue):
                return "courtesy"
            finite = t.feature(head, "VerbForm") in (None, "Fin")
            reported = t.feature(head, "Tense") == "Past" or (
                t.feature(head, "Person") == "3" and t.feature(head, "Tense") == "Pres"
            )
            if (
                t.pos[head] == VERB
                and reported
                and (finite or t.feature(head, "Voice") == "Pass")
                and not self._conditional(t, s, e)
                and (
                    self._addressed(t, s, cue)
                    or self._stative(t, s, e, head)
                    or not self._infinitive_follows(t, e, cue, e)
                )
            ):
                return "reported_call"
        if cue.label_ == "directive" and self._inflected_report(t, s, e, cue):
            return "reported_call"
        if (
            cue.label_ == "obligation"
            and t.lemma[head] in ids["described_obligations"]
            and any(t.lower[i] in ids["generic_subjects"] for i in range(max(s, head - 2), head))
        ):
            return "described_obligation"  # "you have to …", "they have to close"
        if t.lemma[head] in ids["commitment_cues"] and not any(
            c.label_ == "obligation" and t.lemma[c.start] not in ids["commitment_cues"]
            for c in cues
        ):
            return "commitment"
        return None

    def _inflected_report(self, t: TokenArrays, s: int, e: int, cue: Cue) -> bool:
        """ "ideas are proposed.", "the programme you have proposed will …", "topics suggested
        by employers", "the proposed solution": an English directive verb in the past (Russian
        reads its morphology instead) that is passive, perfect, the addressee's or a
        determiner's participle, or names nothing after it, reports a call. Not after the
        speaker or "would" ("we proposed" is their own past, "I'd suggested" conditional), nor
        before "to" or "that" ("It is proposed to create …", "Participants recommended that …"
        in summary notes report the session's proposals)."""
        head, ids = cue.start, self.ids
        if t.lower[head] == t.lemma[head] or not t.strings[t.lower[head]].endswith(
            self.past_endings
        ):
            return False
        before = range(max(s, head - 3), head)
        if any(
            t.lower[i] in ids["first_person"] or t.lower[i] in ids["conditionals"] for i in before
        ):
            return False
        after = cue.end if cue.end < e else None
        if after is not None and t.lower[after] in ids["action_openers"]:
            return False
        return (
            any(
                t.lemma[i] in ids["copulas"] or t.lemma[i] in ids["perfect_auxiliaries"]
                for i in before[-2:]
            )
            or any(t.lower[i] in ids["addressee_pronouns"] for i in before)
            or after is None
            or not t.alpha[after]
            or t.lower[after] in ids["continuation_breaks"]
            or t.lower[after] in ids["agent_markers"]
            or (head > s and t.lower[head - 1] in ids["attributive_determiners"])
        )

    def _courtesy_follows(self, t: TokenArrays, e: int, cue: Cue) -> bool:
        """ "хотел бы поблагодарить", not "хотелось бы, чтобы …": the first infinitive after
        a wish to do something ("хотеть") is a verb of courtesy or talk."""
        if not any(t.lemma[i] in self.ids["courtesy_wishes"] for i in range(cue.start, cue.end)):
            return False
        markers = self.ids["infinitive_markers"]
        for i in range(cue.end, e):
            if t.lower[i] in markers:
                return False
            if t.feature(i, "VerbForm") == "Inf":
                return t.lemma[i] in self.ids["courtesy_verbs"]
        return False

    def _bare(self, t: TokenArrays, s: int, e: int, cue: Cue) -> bool:
        """ "Михаил Владимирович, прошу Вас.": nothing but names, pronouns and address words
        around the request, so it asks for no action."""
        address = self.ids["address_words"]
        return all(
            not t.alpha[i]
            or t.pos[i] == PRON
            or t.lemma[i] in address
            or t.feature(i, "NameType") is not None
            for i in (*range(s, cue.start), *range(cue.end, e))
        )

    def _conditional(self, t: TokenArrays, s: int, e: int) -> bool:
        """A conditional "бы" in the sentence: "Я бы попросил …" is a request now."""
        return any(t.lower[i] in self.ids["conditionals"] for i in range(s, e))

    def _discount(
        self,
        t: TokenArrays,
        s: int,
        e: int,
        cues: list[Cue],
        year: int | None,
        score: float,
        reasons: list[str],
        strongest: str,
        past_cue: bool,
    ) -> Judgement:
        """The score once the blockers (meeting talk, questions) and the discounts (past,
        musing, an existing rule) have had their say. The sentence's text is built only for
        what reads it (a conditional after a past modal, a year)."""
        ids = self.ids
        labels = {c.label_ for c in cues}
        if "procedural_markers" in labels:
            return Judgement(min(score, BLOCKED_SCORE), [*reasons, "meeting talk"])
        if (
            _ends_in_question(t, s, e)
            or not ids["question_particles"].isdisjoint(t.lower[s + 1 : min(s + 4, e)])
            or self._asked(t, s, e)
        ):
            return Judgement(min(score, BLOCKED_SCORE), [*reasons, "question"])
        if (
            "past_modal" in labels
            and (self.conditional is None or self.conditional.search(t.text_of(s, e)) is None)
        ) or past_cue:
            score *= PAST_MODAL_FACTOR
            reasons.append("past modal")
        elif "past_markers" in labels or self._past_year(t, s, e, year):
            score *= PAST_FACTOR
            reasons.append("past")
        if labels & {"musing_markers"} and strongest in ("hedged", "obligation"):
            score *= MUSING_FACTOR
            reasons.append("forecast or musing")
        if labels & {"rule_markers", "rule_exact"}:
            score *= RULE_FACTOR
            reasons.append("existing rule")
        if "addressee_reports" in labels and self._reported_first(s, cues):
            score *= REPORTED_FACTOR
            reasons.append("reported")
        elif self._third_party_view(t, s, e, cues):
            score *= REPORTED_FACTOR
            reasons.append("reported view")
        return Judgement(round(score, 3), reasons)

    def _third_party_view(self, t: TokenArrays, s: int, e: int, cues: list[Cue]) -> bool:
        """ "… but now they say that it would be nice …", "the guidance suggests that you
        should …": a view of people or papers not in the room, reported before any call.
        "he / she said" is left alone: summary notes report the session's proposals so."""
        ids = self.ids
        parties, verbs = ids["third_parties"], ids["opinion_verbs"]
        if not parties:
            return False
        persons = self.persons
        weights = self.lexicon.weights
        # the verb may be a cue itself ("the guidance suggests that …"), nothing calls before it
        first_call = min((c.start for c in cues if c.label_ in weights), default=e - 1)
        if verbs.isdisjoint(t.lemma[s + 1 : first_call + 1]):
            return False  # most sentences: no opinion verb before the call
        for i in range(s + 1, first_call + 1):
            if t.lemma[i] not in verbs:
                continue
            for j in range(i - 1, max(s, i - THIRD_PARTY_REACH) - 1, -1):
                if t.lemma[j] in persons or t.lower[j] in persons:
                    break
                if t.lemma[j] in parties:
                    return True
        return False

    def _reported_first(self, s: int, cues: list[Cue]) -> bool:
        """ "You said we should …": the addressee's words quoted back as the sentence opens,
        before any call ("то, что Вы сказали, надо проговорить" still calls)."""
        weights = self.lexicon.weights
        report = min(c.start for c in cues if c.label_ == "addressee_reports")
        return report - s < REPORT_OPENING and all(
            c.start > report for c in cues if c.label_ in weights
        )

    def _is_discourse(self, t: TokenArrays, s: int, e: int, cue: Cue) -> bool:
        """ "It should be noted that", "следует отметить, что": a figure of speech, not a call.

        The verb must introduce a clause ("that", "что", a comma or colon) or end the
        sentence, so "schools should add a course" still counts; a verb after a comma is a
        parenthesis («Этот момент надо, мне кажется, внести …» calls).
        """
        ids = self.ids
        if cue.label_ == "wish" and self._announces_talk(t, e, cue):
            return True
        discourse, breaks = ids["discourse_verbs"], ids["clause_breaks"]
        # the speaker's own obligation: "I must add", "я должен сказать"
        mine = cue.label_ == "obligation" and not ids["first_person"].isdisjoint(
            t.lower[max(s, cue.start - 2) : cue.start]
        )
        for i in range(cue.end, min(cue.end + 3, e)):
            if t.orth[i] in breaks:
                break
            if t.lemma[i] in discourse and (
                mine or i + 1 >= e or t.lower[i + 1] in ids["discourse_followers"]
            ):
                return True
        return False

    def _announces_talk(self, t: TokenArrays, e: int, cue: Cue) -> bool:
        """ "I would like to say a few words …", "I'd like to thank …": the speaker's wish to
        speak, not a call (skipping "just", "also" after "to"; "I would like to see …" and
        "it would be useful to introduce …" still call)."""
        ids = self.ids
        if t.lower[cue.start] not in ids["first_person"]:
            return False
        if cue.end >= e or t.lower[cue.end] not in ids["infinitive_markers"]:
            return False
        verb = self._skip_leading(t, e, cue.end + 1)
        return verb is not None and t.lemma[verb] in ids["talk_verbs"]

    def _embedded(
        self, t: TokenArrays, s: int, e: int, cue: Cue, connectives: frozenset[int] = frozenset()
    ) -> bool:
        """ "discussed whether regions should", "нужен ли центр", "ресурс, который нельзя …".

        The tokens of a reason connective (``connectives``: "That is why we should …", "which is
        why I ask …", «Вот почему нужно …») open no question or relative clause.
        """
        ids = self.ids
        russian = self.lexicon.language == "ru"
        after = range(cue.end, min(cue.end + 1, e))
        before = range(max(s, cue.start - 3), cue.start)
        near = before[-2:]
        reach = near if russian else range(max(s, cue.start - 4), cue.start)
        if connectives:
            before, near, reach = (
                [i for i in r if i not in connectives] for r in (before, near, reach)
            )
        # a question word before a comma opens another clause ("when necessary, it is important
        # to"); a relative pronoun keeps its parenthesis ("who, frankly, should have …")
        breaks, relatives = ids["clause_breaks"], ids["relative_pronouns"]
        # a word opens the cue's clause unless a break stands between it and the cue: one look
        # back from the cue finds the last break, not one look per word
        last_break = next(
            (
                j
                for j in range(cue.start - 1, (reach[0] if reach else cue.start) - 1, -1)
                if t.orth[j] in breaks
            ),
            -1,
        )
        clause = [
            i for i in reach if i > last_break or t.lemma[i] in relatives or t.lower[i] in relatives
        ]
        if clause and not ids["question_words"].isdisjoint(map(t.lower.__getitem__, clause)):
            return True  # "вопрос, кто должен платить", "discussed how fashion could work"
        if any(
            t.lower[i] in ids["free_relatives"] and i > s and t.lemma[i - 1] not in ids["copulas"]
            for i in clause
        ) and not self._cleft(t, e, cue):
            return True  # "specify what doctors should know", not "What we need is …"
        # a one-word cue's lower case is its LOWER: no text to build
        one = cue.end - cue.start == 1
        phrase = t.strings[t.lower[cue.start]] if one else t.text_of(cue.start, cue.end).lower()
        if phrase in self.lexicon.words["needs_continuation"] and (
            not after
            or not t.alpha[after[0]]
            or t.lower[after[0]] in ids["negations"]
            or t.lower[after[0]] in ids["continuation_breaks"]
        ):
            return True  # "I believe it could.", "we could not deliver": no action named
        if russian:
            return any(t.lower[i] in ids["embedded_question"] for i in after) or any(
                t.lemma[i] in ids["relative_pronouns"] for i in near
            )
        # set look-ups over the words' ids, in C
        if not ids["relative_pronouns"].isdisjoint(map(t.lower.__getitem__, before)):
            return True
        return not ids["embedded_question"].isdisjoint(t.lower[s : cue.start])

    def _cleft(self, t: TokenArrays, e: int, cue: Cue) -> bool:
        """ "… but what we would welcome is an opportunity …", "what we need are universal
        solutions": the clause of a free relative ends in a copula that names the call. Not
        when the copula opens what is said ("what we would say is that …") or a verb of talk
        stands in the clause ("what I'd like to raise is …")."""
        ids = self.ids
        talk = ids["talk_verbs"] | ids["discourse_verbs"]
        for j in range(cue.end, min(cue.end + 8, e - 1)):
            if t.orth[j] in ids["clause_breaks"] or t.lemma[j] in talk:
                return False
            if t.lower[j] in ids["cleft_copulas"]:
                return t.alpha[j + 1] and t.lower[j + 1] not in ids["discourse_followers"]
        return False

    def _experiencer(self, t: TokenArrays, s: int, cue: Cue) -> bool:
        """A dative person before the cue ("подростку важно"): whose importance, not a call."""
        subjects = self.ids["need_subjects"]
        return any(
            _dative_person(t, i) and t.lower[i] not in subjects
            for i in range(max(s, cue.start - 2), cue.start)
        )

    def _asked(self, t: TokenArrays, s: int, e: int) -> bool:
        """A reported question: "asked the participants whether …", "спросила, нужен ли …"."""
        verbs = self.ids["question_verbs"]
        lemmas = t.lemma[s:e]
        if verbs.isdisjoint(lemmas):  # most sentences: one look-up per word, in C
            return False
        asked = s + next(k for k, lemma in enumerate(lemmas) if lemma in verbs)
        return not self.ids["question_markers"].isdisjoint(t.lower[asked + 1 : e])

    def _need_of_speakers(self, t: TokenArrays, s: int, cue: Cue) -> bool:
        """ "We need …", "Нам нужен …", "the region needs …": a need put forward, not described."""
        before = range(max(s, cue.start - 3), cue.start)
        subjects = self.ids["need_subjects"]
        if any(t.lower[i] in subjects or t.lemma[i] in subjects for i in before):
            return True
        if self.lexicon.language != "ru":
            return False
        # "Нужна сеть интенсивов" (nobody's need: a call) vs "клубам нужны техники" (theirs)
        return not any(_dative_person(t, i) for i in before)

    def _procedural(self, t: TokenArrays, s: int, e: int, cue: Cue) -> bool:
        """ "Let us move to the summary", "asked the panellists to talk less": meeting talk."""
        ids = self.ids
        following = range(cue.end, min(cue.end + 6, e))
        if cue.label_ == "directive":
            if not any(t.lemma[i] in ids["audience_verbs"] for i in range(cue.start, cue.end)):
                return False
            return any(t.lemma[i] in ids["audience"] for i in following[:3])
        if cue.label_ != "hortative":
            return False
        if cue.start > s and t.lower[cue.start - 1] in ids["hortative_governors"]:
            return True  # "it would let regional laws be drafted": "let" allows, calls for nothing
        if self.lexicon.language == "ru" and not any(t.pos[i] == VERB for i in following):
            return True  # "давайте честно: денег нет" calls for nothing
        verb = next((i for i in following[:2] if t.lemma[i] in ids["procedural_verbs"]), None)
        if verb is None or self.lexicon.language == "ru" or verb + 2 >= e:
            return verb is not None
        # "Let's not forget to fund …", "let us move to adopt …": an infinitive names the call
        return not (
            t.lower[verb + 1] in ids["infinitive_markers"] and t.lower[verb + 2] in self.verbs
        )

    def _not_opening(self, t: TokenArrays, s: int, e: int, cue: Cue) -> bool:
        """ "Be aware of …" warns; "you'll be aware that …", "as you will be aware" do not: these
        cues call only as the sentence's first words."""
        only = self.lexicon.words["imperative_only"]
        if not only or cue.label_ != "wish":
            return False
        if t.text_of(cue.start, cue.end).lower() not in only:
            return False
        return self._skip_leading(t, e, s) != cue.start

    def _forecast(self, t: TokenArrays, s: int, e: int, cue: Cue) -> bool:
        """ "It should grow up to 78 years", "wages should also increase": "should" before a
        verb of change forecasts a figure (a forecast is no proposal, docs/proposals.md); with
        the speaker as its subject it calls ("we should increase support …")."""
        ids = self.ids
        if cue.end - cue.start != 1 or t.lemma[cue.start] not in ids["forecast_modals"]:
            return False
        i = cue.end
        while i < e and t.lower[i] in ids["intensifiers"]:
            i += 1
        return (
            i < e
            and t.lemma[i] in ids["forecast_verbs"]
            and not any(
                t.lower[j] in ids["first_person"] for j in range(max(s, cue.start - 2), cue.start)
            )
        )

    def _perfect(self, t: TokenArrays, e: int, cue: Cue) -> bool:
        """ "must have included", "should have been": a modal about the past."""
        if cue.end + 1 >= e or t.lower[cue.end] not in self.ids["perfect_auxiliaries"]:
            return False
        participle = cue.end + 1
        return t.lower[participle] != t.lemma[participle] and t.lemma[participle] in self.verbs

    def _attributive(self, t: TokenArrays, cue: Cue) -> bool:
        """ "всю необходимую помощь", "школ, нуждающихся в реновации": the full form of the
        adjective or a participle describes a thing ("Необходима корректировка …", "Нужны
        школы", "Считаю очень важным привлекать …" call)."""
        head = cue.start
        if cue.end - cue.start != 1 or t.lemma[head] not in self.ids["attributive_cues"]:
            return False
        if t.pos[head] == ADJ:  # not the instrumental of "считаю очень важным привлекать …"
            return t.feature(head, "Case") not in (None, "Ins")
        return t.pos[head] == VERB and t.feature(head, "VerbForm") == "Part"

    def _purpose(self, t: TokenArrays, s: int, cue: Cue) -> bool:
        """ "… working with the directors to ensure that …": a directive stating the purpose of
        another verb, which carries the call if there is one ("the task is to ensure" calls)."""
        ids, head = self.ids, cue.start
        if cue.label_ != "directive" or t.lemma[head] not in ids["purpose_verbs"]:
            return False
        if head - 1 < s or t.lower[head - 1] not in ids["infinitive_markers"]:
            return False
        return head - 2 < s or t.lemma[head - 2] not in ids["copulas"]

    def _own_past_action(self, t: TokenArrays, s: int, cue: Cue) -> bool:
        """ "We invited illustrators …", "Мы предложили …": the speaker's own past, not a call
        ("Я бы просил …", "Я просил бы …" ask now)."""
        if cue.label_ != "directive":
            return False
        first_person = self.ids["first_person"]
        # "we ask", "I be ask" hold the speaker: their verb is the first word after the pronoun
        verb = next(
            (i for i in range(cue.start, cue.end) if t.lower[i] not in first_person), cue.start
        )
        past = any(
            t.feature(i, "Tense") == "Past" or t.strings[t.lower[i]].endswith(self.past_endings)
            for i in range(verb, cue.end)
        )
        if not past:
            return False
        opening = max(s, cue.start - 3)  # the words before the verb, then the verb and one after
        conditional = self.ids["conditionals"]
        if not conditional.isdisjoint(t.lower[opening : min(cue.end + 1, t.length)]):
            return False
        return not first_person.isdisjoint(t.lower[opening:verb])

    def _stated(self, t: TokenArrays, e: int, cue: Cue) -> bool:
        """ "Ещё одно предложение по премиям – подкорректировать …", "My proposal is simple: …":
        the proposal itself follows the noun after a colon or a predicate dash (in Russian, an
        infinitive must open it; "I have two proposals." alone stays a lead-in), or, in Russian,
        the noun in the instrumental takes an infinitive ("с предложением построить …")."""
        if (
            cue.end < e
            and t.feature(cue.start, "Case") == "Ins"
            and t.feature(cue.end, "VerbForm") == "Inf"
        ):
            return True  # "выступили с предложением построить госпиталь"
        marks = self.stated_marks
        for i in range(cue.end, min(cue.end + 4, e - 1)):
            if t.orth[i] in marks:
                if self.lexicon.language == "ru":
                    return t.feature(i + 1, "VerbForm") == "Inf"
                return bool(t.alpha[i + 1])
        return False

    def _infinitive_near(self, t: TokenArrays, s: int, e: int, cue: Cue) -> bool:
        """An infinitive on either side: "нужно учить", "учить ремеслу надо"."""
        before = range(max(s, cue.start - 3), cue.start)
        return self._infinitive_follows(t, e, cue) or any(
            t.feature(i, "VerbForm") == "Inf" for i in before
        )

    def _infinitive_follows(
        self, t: TokenArrays, e: int, cue: Cue, reach: int | None = None
    ) -> bool:
        """ "стоит создать", "важно, чтобы …", "должен быть доступен" (the cue holds the verb);
        within four words after the cue, or up to token ``reach``."""
        markers = self.ids["infinitive_markers"]
        return any(
            t.feature(i, "VerbForm") == "Inf" or t.lower[i] in markers
            for i in range(cue.start + 1, min(reach or cue.end + 5, e))
        )

    def _stative(self, t: TokenArrays, s: int, e: int, head: int) -> bool:
        """ "нацпроект призван стать …": a passive participle with no "было" near it names a
        purpose, not a call ("Было предложено создать …" reports one)."""
        copulas = self.ids["copulas"]
        return t.feature(head, "Voice") == "Pass" and not any(
            t.lemma[i] in copulas for i in range(max(s, head - 2), min(head + 3, e))
        )

    def _addressed(self, t: TokenArrays, s: int, cue: Cue) -> bool:
        """ "Вы меня попросили подумать": the addressee's own request told back to them."""
        pronouns = self.ids["addressee_pronouns"]
        return any(t.lower[i] in pronouns for i in range(max(s, cue.start - 3), cue.start))

    def _negated(self, t: TokenArrays, s: int, cue: Cue) -> bool:
        """A negation in the cue's own clause: "не нужно", but not "… нет — её нужно создать"."""
        negations = self.ids["negations"]
        before = range(max(s, cue.start - 3), cue.start)
        # the words after the last punctuation mark before the cue (its own clause)
        before = before[
            next((k + 1 for k in range(len(before) - 1, -1, -1) if t.punct[before[k]]), 0) :
        ]
        # a negation the phrase itself names ("it is better not to") negates nothing
        return not negations.isdisjoint(t.lower[before.start : cue.start])

    def _past_year(self, t: TokenArrays, s: int, e: int, year: int | None) -> bool:
        """A year before the forum after "in", "since", "в", "с": the sentence reports history.

        With no year known (no date on the note, none in the profile) nothing is in the past.
        A digit stands only in a token that is neither letters nor punctuation, so only such
        tokens are read, and the sentence's text (a year must also match :data:`_YEAR` there)
        is built only once one of them is a year after a preposition.
        """
        if year is None:
            return False
        prepositions = self.ids["year_prepositions"]
        alpha, punct = t.alpha, t.punct
        for i in range(s, e):
            if alpha[i] or punct[i]:
                continue
            word = t.word(i)
            if (
                len(word) == 4
                and word.isdecimal()  # what int() reads ("²⁰²⁰" is digits but no number)
                and 1900 <= int(word) < year
                and any(t.lower[j] in prepositions for j in range(max(s, i - 2), i))
            ):
                return _YEAR.search(t.text_of(s, e)) is not None
        return False

    def _form(
        self, t: TokenArrays, s: int, e: int, section: str | None
    ) -> tuple[float, str] | None:
        """The sentence's own form as a cue: an imperative, or a Russian infinitive item.

        The verb may open the sentence or the main clause after a conditional opening
        ("If the region wants growth, create a fund"). Items listing problems are
        statements whatever their first word.
        """
        if section == "problems":
            return None
        for first in range(s, min(s + 6, e)):  # the first word
            if t.alpha[first]:
                break
        else:
            return None
        if not t.word(first)[:1].isupper():
            return None
        heads = [self._skip_leading(t, e, first)]
        if t.lower[first] in self.ids["conditional_openers"]:
            comma = next((i for i in range(first + 2, e) if t.orth[i] == _COMMA), None)
            if comma is not None and comma + 1 < e:
                heads.append(self._skip_leading(t, e, comma + 1))
        orths = t.orth[s:e]
        if _COLON in orths:  # "Think of: build …"
            colon = s + orths.index(_COLON)
            if colon + 1 < e:
                heads.append(self._skip_leading(t, e, colon + 1))
        openers = self.form_openers
        for head in heads:
            # in English only a verb or "do" ("Don't …") can open an imperative
            if head is not None and (openers is None or t.lower[head] in openers):
                form = self._form_at(t, s, e, head)
                if form:
                    return form
        return None

    def _skip_leading(self, t: TokenArrays, e: int, first: int) -> int | None:
        """The first word after "And", "Please", "Второе:", «Во-вторых,» and the like (the
        tokenizer splits «во-вторых» at its hyphen; the list holds the whole word)."""
        leading = self.ids["leading_conjunctions"]
        i, end = first, min(first + 5, e)
        while i < end:
            if not t.alpha[i] or t.lower[i] in leading:
                i += 1
            elif (
                i + 2 < e
                and t.orth[i + 1] == _HYPHEN
                and get_string_id(t.text_of(i, i + 3).lower()) in leading
            ):
                i, end = i + 3, min(end + 2, e)
            else:
                return i
        return None

    def _form_at(self, t: TokenArrays, s: int, e: int, first: int) -> tuple[float, str] | None:
        ids = self.ids
        if self.lexicon.language == "ru":
            conversational = t.lemma[first] in self.not_imperatives  # "Подождите, …"
            if t.feature(first, "Mood") == "Imp" and not conversational:
                return self.lexicon.imperative_weight or FALLBACK_IMPERATIVE_WEIGHT, "imperative"
            if (
                t.feature(first, "VerbForm") == "Inf"
                and t.lemma[first] not in ids["copulas"]
                and not self._evaluated(t, first, e)
            ):
                return INFINITIVE_WEIGHT, "infinitive"
            return None
        lower = t.lower[first]
        if (
            lower in ids["talk_openers"]
            and first + 1 < e
            and t.lower[first + 1] in ids["talk_opener_objects"]
        ):
            return None  # "Let me say …" is talk; "let us" is a hortative cue already
        if lower in ids["talk_openers"] and any(
            t.lemma[i] in ids["procedural_verbs"] for i in range(first + 1, min(first + 4, e))
        ):
            return None  # "Let the broadcast continue": the meeting's own business
        verb = first
        if (
            lower in ids["do_auxiliaries"]
            and first + 2 < e
            and t.lower[first + 1] in ids["not_particles"]
        ):
            verb = first + 2  # "Do not create …": the imperative is the verb after "not"
            lower = t.lower[verb]
        if lower not in self.verbs or t.lemma[verb] != lower:
            return None
        if verb > s and t.lower[verb - 1] in ids["request_particles"]:
            # "Please support this initiative.": after "please" the word is the verb
            if t.lemma[verb] in ids["discourse_verbs"]:
                return None  # "Please accept my congratulations"
            return self.lexicon.imperative_weight, "imperative"
        curated = lower in self.imperative_verbs
        if lower in self.not_imperatives:
            return None
        following = range(verb + 1, min(verb + 4, e))
        if (
            len(following) < 2
            or t.orth[following[0]] in (_COLON, _COMMA)
            or any(t.lower[i] in self.subject_verbs for i in following[:2])
        ):
            return None
        if not curated and (
            t.lower[following[0]] not in self.object_starters or self._has_finite_verb(t, following)
        ):
            return None  # "Craft schools teach …", "Game development grew …": a noun came first
        return self.lexicon.imperative_weight, "imperative"

    def _has_finite_verb(self, t: TokenArrays, span: range) -> bool:
        """An inflected verb after the first word ("Game development grew"): it was a noun."""
        for i in span:
            if t.lower[i] in self.subject_verbs:
                return True
            inflected = t.lower[i] != t.lemma[i] and t.lemma[i] in self.verbs
            if inflected and not t.strings[t.lower[i]].endswith(self.plural_endings):
                return True  # plural nouns end in -s
        return False

    def _evaluated(self, t: TokenArrays, s: int, e: int) -> bool:
        """ "Сделать это было непросто", "Упомянуть и сделать — разные вещи": a subject ("И
        создавать … – это наша основная задача" still names the task)."""
        ids = self.ids
        for i in range(s, e):
            if t.orth[i] in ids["predicate_dashes"] and i > s + 1:
                return not any(t.lemma[j] in ids["task_nouns"] for j in range(i + 1, min(i + 5, e)))
            if (
                t.lemma[i] in ids["evaluating_verbs"]
                and t.feature(i, "Tense") in ("Past", "Fut")
                and (i + 1 >= t.length or t.lower[i + 1] not in ids["conditional_words"])
            ):
                return True
        return False


#: What :meth:`ProposalDetector._discount` strips from a sentence's end before looking for
#: its question mark.
_CLOSERS = " \"'»”)]*"


def _ends_in_question(t: TokenArrays, s: int, e: int) -> bool:
    """Whether the text of tokens ``s``..``e`` ends in "?" once closing quotes, brackets and
    spaces are stripped, read from its last words instead of the whole text (the spaces
    between words are stripped with them)."""
    for i in range(e - 1, s - 1, -1):
        word = t.word(i).rstrip(_CLOSERS)
        if word:
            return word.endswith("?")
    return False


_NO_TOKENS: frozenset[int] = frozenset()


def _covered(cues: list[Cue], label: str) -> frozenset[int]:
    """The tokens of the cues labelled ``label`` (most sentences have none)."""
    labelled = [c for c in cues if c.label_ == label]
    if not labelled:
        return _NO_TOKENS
    return frozenset(chain.from_iterable(range(c.start, c.end) for c in labelled))


def _dative_person(t: TokenArrays, i: int) -> bool:
    """A noun or pronoun in the dative: the person something matters or is needed to."""
    return t.feature(i, "Case") == "Dat" and t.pos[i] in (NOUN, PRON)
