"""The rewording rules as data: ``data/wording_ru.yaml`` and ``wording_en.yaml``, validated.

Every list a rule consults is in the YAML file of its language, so a domain expert can add
an opener, a hedge or a noun's verb without touching code; a mistake is reported with the
file and line, like the cue files (:mod:`toolkit.nlp.lexicon`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ...errors import ProfileError
from ...yamlio import LineDict, read_data_file, shipped_data

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Phrases:
    """A phrase list indexed by first word, longest phrase first (matching is per word)."""

    by_first: dict[str, tuple[Phrase, ...]]

    @classmethod
    def of(cls, phrases: list[str]) -> Phrases:
        index: dict[str, list[Phrase]] = {}
        for phrase in sorted({tuple(p.split()) for p in phrases}, key=len, reverse=True):
            index.setdefault(phrase[0], []).append(phrase)
        return cls({first: tuple(found) for first, found in index.items()})

    def __bool__(self) -> bool:
        return bool(self.by_first)


#: Lists both languages have: phrases compared with the words as written, longest first.
_COMMON_PHRASES = (
    "additive_adverbs",
    "additive_links",
    "openers",
    "hedges",
    "leading_adverbs",
    "frame_phrases",
    "hortatives",
    "justifications",
    "first_person",
    "conditions",
    "negations",
    "person_words",
    "clause_starters",
    "skip_words",
    "lead_nouns",
    "clause_breaks",
    "coordinators",
    "subordinators",
    "vocatives",
    "enumerations",
    "enumeration_links",
    "hedge_links",
    "offers",
    "consequences",
    "concession_links",
    "remark_marks",
    "remarks",
    "speaker_possessives",
    "assent_links",
    "means_links",
    "hortative_frames",
    "why_not",
    "result_links",
    "conditional_leads",
    "anaphors",
)
#: Each language's own words (fixed resolution words), phrase lists and lemma lists.
SCHEMA: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "words": (
            "why_not_call",
            "recommend",
            "ensure",
            "negative",
            "provide",
            "provide_with",
            "allow",
            "consider",
            "secure",
            "definite",
            "encourage",
            "enable",
            "modal",
        ),
        "phrases": (
            "need_clefts",
            "example_links",
            "object_pronouns",
            "wish_clefts",
            "resolution_inclusions",
            "request_phrases",
            "call_frames",
            "consequence_openers",
            *_COMMON_PHRASES,
            "impersonal",
            "impersonal_that",
            "modals",
            "hedged_modals",
            "need_phrases",
            "proper_words",
            "chunk_ends",
            "passive_openers",
            "relative_words",
            "not_subjects",
            "subject_adverbs",
            "titles",
            "permissives",
            "determiners",
            "noun_modifiers",
            "intensifiers",
            "particles",
            "agent_words",
            "reflection_verbs",
            "subject_pronouns",
            "ensure_phrases",
            "impersonal_frames",
            "wish_frames",
            "argument_frames",
            "statement_verbs",
            "fronted_openers",
            "consider_phrases",
            "purpose_links",
            "relative_links",
            "complement_heads",
            "proposal_clefts",
            "cleft_fillers",
            "report_joins",
            "fronted_phrases",
            "gerund_stops",
            "bare_pronouns",
            "plural_words",
            "proposal_phrases",
            "possessed_nouns",
            "evaluation_links",
            "evaluation_words",
            "topic_nouns",
            "evaluation_nouns",
            "call_openers",
            "strong_modals",
            "broken_starts",
            "dangling_ends",
            "resolution_heads",
            "broken_subjects",
            "auxiliaries",
            "articles",
            "no_imperative",
            "speaker_words",
            "view_frames",
            "able_phrases",
            "plain_participles",
            "participle_links",
            "possessive_words",
            "question_words",
            "clause_links",
            "indicatives",
            "copular_clitics",
            "if_frames",
            "cleft_openers",
            "vague_nouns",
            "named_things",
            "one_of",
            "floating_quantifiers",
            "definite_words",
            "indefinite_articles",
            "goal_nouns",
            "announcements",
            "nominatives",
            "clitics",
            "listener_words",
            "session_words",
            "contracting_words",
            "hope_clefts",
            "recommendation_frames",
            "agreement_frames",
            "hortative_softeners",
            "place_generic",
            "intention_frames",
            "verb_prefixes",
            "kept_links",
        ),
        "lemmas": (
            "conditional_stops",
            "assent_verbs",
            "report_verbs",
            "directive_verbs",
            "request_verbs",
            "need_verbs",
            "belief_verbs",
            "hope_verbs",
            "removal_verbs",
        ),
    },
    "ru": {
        "words": (
            "why_not_call",
            "provide",
            "recommend",
            "ensure",
            "provide_for",
            "negative",
            "secure",
            "prepare",
            "vowels",
            "on_own",
            "consider_possibility",
            "support",
            "contrast",
            "direct",
            "rule_link",
            "state_link",
            "rule_relative",
        ),
        "phrases": (
            "resolution_inclusions",
            *_COMMON_PHRASES,
            "speech_circumstances",
            "reason_asides",
            "modal_predicates",
            "personal_modals",
            "need_words",
            "let_words",
            "report_links",
            "content_links",
            "purpose_words",
            "request_links",
            "particles",
            "object_pronouns",
            "request_objects",
            "possessives",
            "pronoun_subjects",
            "polite_words",
            "prohibitions",
            "relatives",
            "correlatives",
            "proposal_links",
            "evaluation_words",
            "intensifiers",
            "copula_words",
            "fixed_expressions",
            "remark_subjects",
            "call_links",
            "necessity_phrases",
            "precondition_phrases",
            "listener_objects",
            "example_phrases",
            "possibility_modals",
            "subject_particles",
            "request_relatives",
            "cleft_links",
            "negative_predicatives",
            "beneficiary_prepositions",
            "self_words",
            "suggesting_hedges",
            "dative_pronouns",
            "vague_verbs",
            "making_verbs",
            "measure_particles",
            "comparative_modals",
            "possibility_checks",
            "bound_before",
            "governed_purposes",
            "wished_if",
            "speaker_commitments",
            "question_words",
            "conditions_closed",
            "consequence_adverbs",
        ),
        "lemmas": (
            "conditional_stops",
            "report_verbs",
            "directive_verbs",
            "appeal_verbs",
            "addressee_nouns",
            "expectation_verbs",
            "demand_verbs",
            "dative_verbs",
            "recipient_verbs",
            "beneficiary_nouns",
            "state_verbs",
            "ability_verbs",
            "passive_reflexives",
            "emphasis_verbs",
            "voiced_verbs",
            "agreed_verbs",
            "proposal_nouns",
            "evaluation_nouns",
            "awaited_verbs",
            "awaited_nouns",
            "possessed_kept",
            "governing_parts",
            "relative_lemmas",
            "assent_verbs",
            "promise_verbs",
            "support_verbs",
            "call_for",
            "request_nouns",
            "place_nouns",
            "rule_nouns",
            "state_nouns",
            "share_nouns",
        ),
    },
}


def norm(text: str) -> str:
    """How words are compared: lower case, «ё» as «е», a typographic apostrophe as "'", no
    zero-width space (transcripts carry them: "we \u200b\u200bmust")."""
    return text.lower().replace("ё", "е").replace("’", "'").replace("\u200b", "")


@dataclass(frozen=True)
class WordingRules:
    """One language's rewording lists (the YAML files say what each one does)."""

    language: str
    words: dict[str, str]  # the resolution's fixed words: recommend, ensure, …
    lists: dict[str, Phrases]
    lemmas: dict[str, frozenset[str]]
    appeal: dict[str, str]  # en: an appeal verb → how the resolution says it ("Call on")
    formal_verbs: dict[str, str]  # en: a colloquial verb → the resolution's ("figure out")
    noun_verbs: dict[str, str]  # a noun's lemma → the verb that introduces it; "" → default
    addressees: dict[str, dict[str, str]]  # ru: lemma → {"sing"|"plur": dative phrase}
    euphony: dict[str, str]  # ru: a one-letter preposition → first letters that need its «о»

    def verb_for(self, lemma: str) -> str:
        return self.noun_verbs.get(lemma, self.noun_verbs[""])


class _Checker:
    """Collects every problem of one file, each as ``file:line: 'key' …``."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.errors: list[str] = []

    def at(self, node: LineDict, key: Any) -> str:
        return f"{self.label}:{node.line_of(key)}: '{key}'"

    def strings(self, node: LineDict, key: str) -> list[str]:
        value = node.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.errors.append(f"{self.at(node, key)} must be a list of words or phrases")
            return []
        return [norm(v.strip()) for v in value]

    def word(self, node: LineDict, key: str) -> str:
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            self.errors.append(f"{self.at(node, key)} must be a word or phrase")
            return ""
        return value.strip()

    def mapping(self, node: LineDict, key: str, what: str) -> LineDict:
        value = node.get(key)
        if not isinstance(value, LineDict):
            self.errors.append(f"{self.at(node, key)} must map {what}")
            return LineDict()
        return value


def parse_rules(data: Any, label: str) -> WordingRules:
    """Validate a wording file's data; one :class:`ProfileError` lists every problem."""
    if not isinstance(data, LineDict):
        raise ProfileError(f"{label}:1: a wording file must be a mapping (language, openers, …)")
    language = data.get("language")
    if language not in SCHEMA:
        raise ProfileError(f"{label}:{data.line_of('language')}: 'language' must be en or ru")
    schema = SCHEMA[language]
    check = _Checker(label)
    words = {key: check.word(data, key) for key in schema["words"]}
    lists = {key: Phrases.of(check.strings(data, key)) for key in schema["phrases"]}
    lemmas = {key: frozenset(check.strings(data, key)) for key in schema["lemmas"]}
    appeal: dict[str, str] = {}
    formal: dict[str, str] = {}
    if language == "en":
        node = check.mapping(data, "appeal_verbs", "verbs to their resolution form")
        appeal = {norm(str(verb)): check.word(node, verb) for verb in node}
        node = check.mapping(data, "formal_verbs", "colloquial verbs to the resolution's")
        formal = {norm(str(verb)): check.word(node, verb) for verb in node}
    node = check.mapping(data, "noun_verbs", "verbs to the nouns they introduce, and a default")
    noun_verbs = {"": check.word(node, "default")}
    for verb in node:
        if verb != "default":
            noun_verbs.update(dict.fromkeys(check.strings(node, verb), str(verb)))
    addressees: dict[str, dict[str, str]] = {}
    if language == "ru":
        node = check.mapping(data, "addressees", "nouns to their 'sing' and 'plur' phrases")
        for lemma, forms in node.items():
            if not isinstance(forms, LineDict) or set(forms) != {"sing", "plur"}:
                check.errors.append(f"{check.at(node, lemma)} must give 'sing' and 'plur' phrases")
                continue
            addressees[norm(str(lemma))] = {n: check.word(forms, n) for n in ("sing", "plur")}
    euphony: dict[str, str] = {}
    if language == "ru":
        node = check.mapping(data, "euphony", "prepositions to the letters that need their «о»")
        euphony = {norm(str(prep)): norm(check.word(node, prep)) for prep in node}
    known = {"language", "appeal_verbs", "formal_verbs", "noun_verbs", "addressees", "euphony"}
    known |= {*schema["words"], *schema["phrases"], *schema["lemmas"]}
    for key in data:
        if key not in known:
            check.errors.append(f"{check.at(data, key)} is not a wording list; check its spelling")
    if check.errors:
        raise ProfileError("\n".join(check.errors))
    return WordingRules(
        language, words, lists, lemmas, appeal, formal, noun_verbs, addressees, euphony
    )


def read_rules(path: Path) -> WordingRules:
    """Read a wording file (the shipped ones, or an expert's own copy)."""
    return parse_rules(read_data_file(path, "wording file"), str(path))


@cache
def default_rules(lang: str) -> WordingRules:
    """The shipped rewording rules for ``lang`` (``en`` or ``ru``)."""
    return read_rules(shipped_data(f"wording_{lang}.yaml"))
