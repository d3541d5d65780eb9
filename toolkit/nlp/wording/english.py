"""English: "Regions should stop …" → "Recommend that regions stop …"; "Let us build …" → "Build …".

English resolutions use the imperative ("Establish …", "Call on …") and the subjunctive
after "Recommend that" ("… that regions stop", "… that rules be unified"), so a modal is
simply dropped and the verb after it is already in the right form. The lookup lemma
tables of spacy-lookups-data turn "-ing" forms into the base form and tell common words
(lower-cased when they no longer start the sentence) from names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .base import Rewording, Rewrite
from .rules import Phrases, WordingRules, norm
from .words import Word, added, find, is_only, starts

#: marks that open a clause of their own: the modal after them is that clause's
_CLAUSE_MARKS = frozenset({",", ";", ":", "—", "–"})

Hit = tuple[int, list[Word]] | None


class EnglishRewording(Rewording):
    """The English rewrites; each returns where its cue stood and the new words."""

    def __init__(self, rules: WordingRules) -> None:
        super().__init__(rules)
        from spacy.lang.en.stop_words import STOP_WORDS

        from ..morphology import english_lemmas, english_verbs, english_words

        self.verbs = english_verbs()
        self.formal = Phrases.of(list(rules.formal_verbs))
        self.prefixes = frozenset(self.lists["verb_prefixes"].by_first)
        self._places: frozenset[str] | None = None
        # looked up in each (is_common), not merged: a union of 120,000 words costs 30 ms
        self._common = (english_words(), STOP_WORDS, english_lemmas())

    def place_words(self) -> frozenset[str]:
        """The words of the regions' English names, aliases, capitals and places
        (``regions.yaml``), less those three regions or more share ("Oblast", "Republic",
        "Region"): names, so a capital at the start of the item stays."""
        if self._places is None:
            from collections import Counter

            from ...profile import default_profile

            counts: Counter[str] = Counter()
            for region in default_profile().regions.values():
                named = [*region.phrases("en"), *region.places.get("en", ())]
                counts.update({w.lower() for p in named for w in p.replace("-", " ").split()})
            generic = self.lists["place_generic"].by_first  # "City", "North", "Lake"
            self._places = frozenset(
                w for w, n in counts.items() if n < 3 and len(w) > 2 and w not in generic
            )
        return self._places

    def is_common(self, word: str) -> bool:
        """A common English word (WordNet, stop words, lemma table), not a name."""
        return any(word in words for words in self._common)

    def rewrites(self) -> list[Rewrite]:
        return [
            self.fronted_clause,
            self.addressed,
            self.infinitive,
            self.hortative,
            self.clefted,
            self.thing_named,
            self.hoped,
            self.gerund_item,
            self.wish,
            self.permit,
            self.appeal,
            self.directive,
            self.proposed,
            self.impersonal,
            self.need,
            self.modal,
            self.conditional,
            self.needs_object,
            self.evaluated,
        ]

    # -------------------------------------------------------------- the guard

    def sound(self, said: list[Word], item: list[Word]) -> bool:
        """Whether the rewrite reads as a sentence: not "About how to protect …" (a
        preposition or a finite verb left at the start), not "… the." (a dangling word), not
        "Recommend that we'll keep …" or "Recommend that the step up …" (a modal or no subject
        after "Recommend that"), not "See this concept …" (a verb that states made an order),
        not "Be clear of my own view" (the speaker in an order)."""
        text = [w for w in item if w.text not in (".", "!", "?", '"', "”", "“", ")")]
        if len(text) < 2:  # "Fund.", "Talk.": a verb alone names no measure
            return not (text and len(said) > 3 and self.is_verb(text[0]))
        source = self.drop_leading(said)
        first = source[:1]
        new_start = not first or first[0].norm != text[0].norm
        if starts(text, self.lists["conditions"]) and not any(w.text == "," for w in text):
            return False  # "If you consider that.": the condition with its clause cut off
        comma = next((i for i, w in enumerate(text[:11]) if w.is_punct), 0)
        placed = text[comma].text == "," and starts(text, self.lists["fronted_openers"])
        if new_start and starts(text, self.lists["broken_starts"]) and not placed:
            return False  # not "At the first stage, select …": a place or time in front
        if starts(text[-1:], self.lists["dangling_ends"]) and not starts(
            source[-2:-1] if source[-1:] and source[-1].is_punct else source[-1:],
            self.lists["dangling_ends"],
        ):
            return False
        head = starts(text, self.lists["resolution_heads"])
        if head:
            recommended = " ".join(w.norm for w in text[:head]) == norm(
                self.rules.words["recommend"]
            )
            return self.sound_subject(text[head:], recommended)
        verb = text[0]
        ordered = new_start and self.is_verb(verb) and verb.norm == verb.lemma
        if ordered and starts(text, self.lists["indicatives"], 1):
            return False  # "Ensure are universal solutions …"
        if ordered and starts(text, self.lists["nominatives"], 1):
            return False  # "Define they only and …": a subject left after the verb
        if ordered and starts(source, self.lists["hortatives"]):
            return True  # "Let us agree on …" → "Agree on …"
        agreed_on = verb.lemma == "agree" and text[1:2] and text[1].norm in ("on", "upon")
        if ordered and starts([Word(verb.lemma)], self.lists["no_imperative"]) and not agreed_on:
            return False  # not "Agree that …", but "Agree on a standard …" is a call
        return not (ordered and find(text[:6], self.lists["speaker_words"])[1])

    def sound_subject(self, clause: list[Word], recommended: bool) -> bool:
        """ "regions stop …", not "we'll keep …", "the step up …", "although much …": the
        clause after "Recommend that" / "Ensure that" has its subject and no modal before its
        verb; after "Recommend that" the subject is not the speaker or the listener."""
        if clause[:1] and clause[0].text == ",":  # "Recommend that, if …, the university …"
            comma = next((i for i, w in enumerate(clause[1:], 1) if w.text == ","), 0)
            clause = clause[comma + 1 :] if comma else clause
        speaker = recommended and starts(clause, self.lists["first_person"])
        broken = (self.lists["broken_subjects"], self.lists["broken_starts"])
        if speaker or any(starts(clause, phrases) for phrases in broken):
            return False  # "Recommend that about how …", "… that although much …"
        article = starts(clause, self.lists["articles"]) == 1 and len(clause) > 3
        if article and self.is_verb(clause[1]) and clause[1].norm == clause[1].lemma:
            objects = (self.lists["particles"], self.lists["determiners"])
            if any(starts(clause, phrases, 2) for phrases in objects):
                return False  # "the step up the efforts": a verb with no subject
        for at, word in enumerate(clause[:10]):
            verbs = self.rules.lemmas["report_verbs"] | self.rules.lemmas["directive_verbs"]
            if recommended and at and word.lemma in verbs and word.norm != word.lemma:
                return False  # "Recommend that participants agreed that …": a report kept
            linked = at and starts(clause[at - 1 : at], self.lists["clause_links"])
            if linked and word.norm == "be":
                return False  # "Recommend that something that be complemented …"
            if word.is_punct or linked:
                return True
            if at and recommended and starts(clause, self.lists["first_person"], at):
                return False  # "… that solidarity in the face of threats we achieve …"
            clitic = any(word.norm.endswith(c) for c in self.lists["clitics"].by_first)
            if clitic or (at and starts(clause, self.lists["auxiliaries"], at)):
                return False  # "we'll keep …", "the council'll keep …", "the team would …"
            if at and recommended and starts(clause, self.lists["indicatives"], at):
                return False  # "Recommend that this is necessary": a statement
            if at and not recommended and starts(clause, self.lists["indicatives"], at):
                return True  # "Ensure that those instructors are paid as much as they would …"
            after_determiner = starts(clause[at - 1 : at], self.lists["determiners"])
            if at and self.is_verb(word) and word.norm == word.lemma and not after_determiner:
                return True  # the verb: a modal after it belongs to another clause
        return True

    # -------------------------------------------------------------- helpers

    def weak_call(self, words: list[Word]) -> bool:
        """ "a puzzle game can just be a good game", "she could go on to …": a hedged modal
        with its own subject and no strong one."""
        if self.about_the_item(words):
            return True
        hedged = find(words, self.lists["hedged_modals"])
        if hedged[1] == 0 or find(words, self.lists["strong_modals"])[1]:
            return False
        before = words[: hedged[0]]  # not "one set of rules that every city can adopt"
        if find(before, self.lists["relative_words"])[1] or any(w.text in "—–" for w in words):
            return False  # nor the dash opening an aside: "— who grows …, where it can be —"
        return hedged[0] > 0 and not self.is_verb(words[0])

    def about_the_item(self, words: list[Word]) -> bool:
        """ "— that's a federal question, and the forum should raise it": a remark that says
        what the item is, then asks only for "it" to be raised: it calls for nothing the item
        does not hold."""
        joined = any(w.norm == "and" and words[i - 1].text == "," for i, w in enumerate(words) if i)
        opened = words[:1] and words[0].norm in ("that", "this", "it")
        content = [w for w in words if w.text not in (".", "!")]
        pronoun = content[-1:] and content[-1].norm in ("it", "that", "this", "them")
        return bool(opened and joined and pronoun)

    def has_modal(self, words: list[Word]) -> bool:
        lists = ("modals", "impersonal", "hortatives")
        return any(find(words, self.lists[name])[1] for name in lists)

    def is_call(self, words: list[Word]) -> bool:
        """A modal or an infinitive call, or a need stated at the start ("what we would welcome
        is an opportunity …", "there have to be systems …")."""
        opened = self.drop_leading(words)
        person = starts(opened, self.lists["first_person"])
        proposed = person and opened[person : person + 1]
        proposed = proposed and opened[person].lemma in self.rules.lemmas["directive_verbs"]
        return super().is_call(words) or bool(
            starts(opened, self.lists["need_phrases"]) or proposed
        )  # "…, but I suggest thinking about …" calls too

    def vocative_size(self, words: list[Word], at: int) -> int:
        """ "colleagues", or a title and a name: "Mr Fursenko", "Ms Williams"."""
        named = at + 1 < len(words) and words[at + 1].text[:1].isupper()
        if named and starts(words, self.lists["titles"], at):
            return 2 + (at + 2 < len(words) and words[at + 2].text[:1].isupper())
        return super().vocative_size(words, at)

    def is_name(self, word: Word) -> bool:
        """A capitalised word in no word list ("Ryzhova"; not "Kazan", which WordNet has)."""
        return super().is_name(word) and not self.is_common(word.norm)

    def with_referent(self, reason: list[Word], call: list[Word]) -> list[Word]:
        """ "FSC certification is expensive for small factories, so the regions should help
        pay for it" → "… help pay for FSC certification": the one "it" after the call's verb
        is what the reason is about (its subject, a noun phrase before "is" / "are")."""
        link = next((i for i, w in enumerate(reason) if w.norm in ("is", "are") and i), -1)
        start = link  # back to a comma or a conjunction: "Agreed, and | FSC certification is"
        while start > 0 and not reason[start - 1].is_punct:
            if starts(reason[start - 1 : start], self.lists["coordinators"]):
                break
            start -= 1
        subject = reason[start:link] if link > 0 else []
        pronouns = [i for i, w in enumerate(call) if w.norm == "it"]
        if link < 0 or not subject or len(pronouns) != 1 or pronouns[0] < 3:
            return call
        if any(w.is_punct for w in subject) or starts(subject, self.lists["bare_pronouns"]):
            return call
        at = pronouns[0]
        named = [replace(w, space=" ") for w in self.lower_first(subject)]
        named[-1] = replace(named[-1], space=call[at].space)
        return [*call[:at], *named, *call[at + 1 :]]

    def holds_call(self, words: list[Word]) -> bool:
        """Also not an elliptical answer ("Gerasimchuk answered that it could, and that …":
        a modal with no verb after it makes no call)."""
        if not super().holds_call(words):
            return False
        ends = [i for i, w in enumerate(words) if w.text in (",", ".", ";")] + [len(words)]
        at, size = find(words, self.lists["modals"])
        if at < 0 or at + size not in ends or find(words, self.lists["modals"], at + size)[1]:
            return True
        directed = any(w.lemma in self.rules.lemmas["directive_verbs"] for w in words)
        return directed or bool(starts(words, self.lists["hortatives"]))

    def concludes_call(self, words: list[Word]) -> bool:
        """Also with its modal in the first clause and a subject named ("so the regions
        should help …"; not "so it does not come down to …, it could gather …")."""
        comma = next((i for i, w in enumerate(words) if w.text == ","), len(words))
        link = starts(words, self.lists["result_links"])
        pronoun = starts(words, self.lists["bare_pronouns"], link)
        speaker = starts(words, self.lists["first_person"], link)  # "so we can plan …": a
        hedged = find(words[:comma], self.lists["hedged_modals"])[1]  # purpose, not the call
        if pronoun or (speaker and hedged):
            return False
        return self.has_modal(words[:comma]) and self.is_call(words)

    def is_purpose(self, before: list[Word], clause: list[Word]) -> bool:
        """ "so that …"; and after an item with no verb of its own ("Night buses for the
        festival, so people can get home"), a possibility after "so" is what the item is
        for. After a statement ("Certification is expensive, so the regions could help …")
        it concludes the call."""
        if super().is_purpose(before, clause):
            return True
        at, _ = find(clause[:8], self.lists["modals"])
        possible = at > 0 and starts(clause, self.lists["hedged_modals"], at) > 0
        return possible and not self.states(before)

    def states(self, words: list[Word]) -> bool:
        """Whether the words hold a finite verb of a statement ("is", "are", "has", "there's") or a
        pronoun subject; plural nouns the lemma table also knows as verbs ("instruments",
        "buses") are no statement."""
        return any(
            starts(words, self.lists["indicatives"], i)
            or starts(words, self.lists["copular_clitics"], i)
            or starts(words, self.lists["subject_pronouns"], i)
            or starts(words, self.lists["first_person"], i)
            for i in range(len(words))
        )

    def is_reason(self, words: list[Word]) -> bool:
        """Also no appeal ("I would ask the ministries to …, so …" is the call)."""
        asked = any(w.lemma in self.rules.appeal for w in words)
        return not asked and super().is_reason(words)

    def is_statement(self, words: list[Word]) -> bool:
        """ "it is possible already", "every grandmother knows how": a present-tense verb."""
        speaker = starts(words, self.lists["first_person"])  # "I have already talked about it"
        if speaker and speaker < len(words) and self.is_verb(words[speaker]):
            return True
        return any(
            starts(words, self.lists["not_subjects"], i)
            or (self.is_verb(w) and w.norm.endswith("s") and w.lemma != w.norm and i > 1)
            for i, w in enumerate(words)
        )

    def one_phrase(self, before: list[Word], after: list[Word]) -> bool:
        """ "Political parties, public organisations, | and the media should …": a list of
        subjects (no verb, no pronoun) joined by "and" after the last comma; "Part of the
        places in design, | animation and game development should …": the list's last two
        words joined by "and" after it, with no comma before that."""
        joined = bool(after) and after[0].norm in ("and", "or")
        listed = (
            not joined
            and any(w.norm in ("and", "or") for w in after[1:4])
            and not any(w.is_punct for w in after)
        )
        if not (listed and not self.clause_like(after)) and (
            not joined or not any(w.text == "," for w in before)
        ):
            return False  # "Other countries have such programmes, and we …": no list
        if find(before, self.lists["modals"])[1] or find(before, self.lists["relative_words"])[1]:
            return False  # "It will grow, and we …": a clause of its own
        return not self.clause_like(before)

    def clause_like(self, words: list[Word]) -> bool:
        """A pronoun subject, a word that is no subject, or a verb's past form in ``words``."""
        pronouns = (self.lists["first_person"], self.lists["subject_pronouns"])
        return any(
            starts(words, self.lists["not_subjects"], i)
            or any(starts(words, p, i) for p in pronouns)
            or (self.is_verb(w) and w.lemma != w.norm and not w.norm.endswith("s"))
            for i, w in enumerate(words)
        )

    def is_verb(self, word: Word) -> bool:
        if word.lemma in self.verbs or word.norm in self.verbs:
            return True
        prefix, _, verb = word.norm.partition("-")  # "co-finance", "re-open" (``verb_prefixes``)
        return bool(verb) and prefix in self.prefixes and verb in self.verbs

    def is_past(self, word: Word) -> bool:
        """A verb's form other than its base and its third person ("paid", "was")."""
        return self.is_verb(word) and word.norm not in (word.lemma, word.lemma + "s")

    def is_gerund(self, word: Word) -> bool:
        return word.norm.endswith("ing") and self.gerund_base(word) is not None

    def gerund_base(self, word: Word) -> str | None:
        """The verb of an -ing form ("articulating" → "articulate"), the lemma table first."""
        stem = word.norm[:-3]
        doubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
        for candidate in (word.lemma, word.norm, stem, stem + "e", doubled):
            if candidate in self.verbs:
                return candidate
        return None

    def subject_like(self, words: Sequence[Word], limit: int = 5) -> bool:
        """A short subject: no punctuation, no modal, no relative word."""
        if len(words) > limit or find(words, self.lists["modals"])[1]:
            return False
        return not any(
            (w.is_punct and w.text not in (".", "'")) or starts([w], self.lists["relative_words"])
            for w in words
        )

    def hedge_link(self, words: list[Word], at: int) -> int:
        """ "I think that will need …": "that" is the subject when a verb follows it."""
        link = super().hedge_link(words, at)
        following = words[at + link : at + link + 1]
        verb = following and (self.is_verb(following[0]) or starts(following, self.lists["modals"]))
        return 0 if verb else link

    def lower_first(self, words: list[Word]) -> list[Word]:
        """ "Regions" → "regions" once it no longer starts the sentence; names stay."""
        if not words or not words[0].text[:1].isupper() or words[0].text == "I":
            return words
        first = words[0]
        name = starts(words, self.lists["proper_words"]) or (
            first.text.isupper() and len(first.text) > 1
        )
        name = name or (len(words) > 1 and words[1].norm in ("'s", "’s"))  # "Kazan's council"
        name = name or (not first.initial and first.at >= 0)  # a capital inside the sentence
        name = name or first.norm in self.place_words()  # "Murmansk", "Onega" (WordNet has them)
        if not name and self.is_common(first.norm):
            return [replace(first, text=first.text[0].lower() + first.text[1:]), *words[1:]]
        return words

    def imperative(self, words: list[Word]) -> list[Word]:
        """A command: adverbs dropped, "not …" → "Do not …", "creating" → "create",
        "think about giving …" → "Consider giving …"."""
        words = self.drop_leading(words)
        if len(words) > 2 and words[0].norm == "be" and self.is_gerund(words[1]):
            words = words[1:]  # "we should be looking to use …" → "Look to use …"
        emphatic = len(words) > 2 and words[0].norm == "do" and self.is_verb(words[1])
        if emphatic and words[1].norm == words[1].lemma:
            words = words[1:]  # "that we do have community schools" → "Have community schools"
        listener = starts(words[1:], self.lists["first_person"]) if words else 0
        asked = words and words[0].lemma in self.rules.appeal and listener
        if asked and words[1 + listener : 2 + listener] and words[1 + listener].norm == "to":
            return self.imperative(words[2 + listener :])  # "we need to ask you to speed up …"
        base = self.gerund_base(words[0]) if words and self.is_gerund(words[0]) else None
        if base and starts([Word(base), *words[1:2]], self.lists["reflection_verbs"]) == 2:
            words = [replace(words[0], text=base), *words[1:]]  # "thinking about X" → "Consider X"
        size = starts(words, self.lists["reflection_verbs"])
        considered = starts(words, self.lists["consider_phrases"]) == size
        if size and size < len(words) and (considered or self.is_gerund(words[size])):
            return [*added(self.rules.words["consider"]), *words[size:]]
        formal = self.formal_start(words)  # "Figure out how …" → "Determine how …"
        if formal is not None:
            return formal
        had = (
            len(words) > 2 and words[0].norm == "have" and starts(words, self.lists["articles"], 1)
        )
        if had and not any(w.is_punct for w in words[1:6]):
            return self.noun_item(words[1:])  # "to have a special programme" → "Develop a …"
        size = starts(words, self.lists["ensure_phrases"])
        if size and size < len(words) and words[size].norm == "that":
            return [*added(self.rules.words["ensure"]), *words[size + 1 :]]
        if words and starts(words, self.lists["negations"]):
            return [*added(self.rules.words["negative"]), *words[1:]]
        if words and self.is_gerund(words[0]):
            words = [
                replace(words[0], text=self.gerund_base(words[0]) or words[0].lemma),
                *words[1:],
            ]
            for i in range(1, len(words)):  # "developing X and building Y" → "… and build Y"
                stop = starts(words, self.lists["gerund_stops"], i)
                if stop and i + 1 < len(words) and self.is_gerund(words[i + 1]):
                    break  # "refraining from building or launching": the verb's objects
                listed = words[i - 1].text == "," and self.acts(words[i:])
                joined = listed or starts(words[i - 1 : i], self.lists["coordinators"])
                if self.is_gerund(words[i]) and joined:  # "…, setting up professional ties"
                    words[i] = replace(words[i], text=self.gerund_base(words[i]) or words[i].lemma)
        return self.plain_infinitives(words)

    def formal_start(self, words: list[Word]) -> list[Word] | None:
        """The words with a colloquial opening in the resolution's word (``formal_verbs``)."""
        size = starts(words, self.formal)
        if not size or size >= len(words):
            return None
        return [
            *added(self.rules.formal_verbs[" ".join(w.norm for w in words[:size])]),
            *words[size:],
        ]

    def restates(self, before: list[Word], after: list[Word]) -> bool:
        """A noun phrase after the hedge ("one truck", "the whole festival") and no modal,
        form of "be", past form, verb of saying, conjunction or pronoun right before it ("We should,
        honestly, build …", "It is, perhaps, the best way", "He suggested, for a start, one
        …"): the phrase restates the noun before the hedge."""
        last = before[-1:]
        verbal = (
            self.lists["modals"],
            self.lists["auxiliaries"],
            self.lists["indicatives"],
            self.lists["subject_pronouns"],
            self.lists["object_pronouns"],
            self.lists["coordinators"],
        )
        if not last or last[0].is_punct or any(starts(last, phrases) for phrases in verbal):
            return False
        if last[0].lemma == "be" or self.is_past(last[0]):  # "He suggested, for a start, …"
            return False
        if last[0].lemma in self.rules.lemmas["report_verbs"]:  # "I have to say, honestly, …"
            return False
        named = after[:1] != [] and (after[0].norm == "one" or after[0].text.isdigit())
        return named or starts(after, self.lists["determiners"]) > 0

    def report_verb_at(self, words: list[Word], reach: int) -> int:
        """As in both languages, but not a noun that a verb of reporting spells ("the state
        museums", "the regional state archives", "But state museum shops"): a word right
        after an article or an adjective of ``noun_modifiers``, or a base form with no
        subject before it, is no verb."""
        for at, word in enumerate(words[:reach]):
            if word.lemma not in self.rules.lemmas["report_verbs"]:
                continue
            before = words[at - 1 : at]
            if starts(before, self.lists["articles"]) or starts(
                before, self.lists["noun_modifiers"]
            ):
                continue
            opened = all(w.is_punct or starts([w], self.lists["openers"]) for w in words[:at])
            if word.norm == word.lemma and opened:
                continue  # "But state museum shops should …": no one states
            if self.subject_like(words[:at]):
                return at
        return -1

    def proposal_joined(self, words: list[Word], at: int) -> bool:
        """ "(Shulgin said that) the network was the cheapest idea and suggested that the
        ministries sign …": a past form of a proposing verb after "and", its clause after it,
        following words that make no call, is the call."""
        verb = words[at + 1]
        return (
            starts(words, self.lists["coordinators"], at) > 0
            and verb.lemma in self.rules.lemmas["directive_verbs"]
            and self.is_past(verb)
            and not words[at + 2].is_punct
            and not self.holds_call(words[:at])
        )

    def with_request_worded(self, words: list[Word], item: list[Word]) -> list[Word]:
        """ "Record their memories now, and asked the archive to start this winter" → "…, and
        ask the archive to start …"; "Recommend that A come first, and asked that B be …" →
        "…, and that B be …": the reported request joined to a reworded item (its first word
        added or changed: not "Group 3's network was …, and suggested that …") is the
        resolution's own (a past or -ing form of ``request_verbs`` or ``directive_verbs``
        after "and": "… and proposing that …")."""
        first = item[0] if item else None  # an added word or one the rewrite changed
        reworded = first is not None and (first.at < 0 or words[first.at].norm != first.norm)
        verbs = self.rules.lemmas["request_verbs"] | self.rules.lemmas["directive_verbs"]
        for at in range(2, len(item) - 2):
            word = item[at]
            joined = item[at - 1].norm == "and" and word.lemma in verbs and self.is_past(word)
            if not reworded or not joined:
                continue
            verb = word.lemma
            if item[at + 1].norm == "that":  # "recommend that …", or only "that …" after it
                verb = self.rules.words["recommend"].split()[0].lower()
                if item[0].norm == verb:
                    return [*item[:at], *item[at + 1 :]]
            return [*item[:at], replace(word, text=verb), *item[at + 1 :]]
        return item

    def plain_infinitives(self, words: list[Word]) -> list[Word]:
        """ "Cooperate … and to focus …" → "Cooperate … and focus …"."""
        return [
            w
            for i, w in enumerate(words)
            if not (
                w.norm == "to"
                and i
                and words[i - 1].norm == "and"
                and i + 1 < len(words)
                and self.is_verb(words[i + 1])
            )
        ]

    def recommend(
        self, subject: list[Word], rest: list[Word], condition: list[Word], word: str = "recommend"
    ) -> list[Word]:
        """ "Recommend that [, if …,] regions stop …" (or "Ensure that …"); a condition that
        tells the speaker's own story ("when I spoke about it in my Address") is left out."""
        head = added(self.rules.words[word])
        if any(w.text == "I" for w in condition) or find(condition, self.lists["speaker_words"])[1]:
            condition = []
        if condition:
            head = [
                *head[:-1],
                replace(head[-1], space=""),
                Word(",", " "),
                *self.lower_first(condition),
            ]
        return [*head, *self.lower_first(subject), *self.joined_modals(rest)]

    def joined_modals(self, rest: list[Word]) -> list[Word]:
        """ "…, and the regional register should simply take …" after "Recommend that": the
        second clause's modal goes too, so both are in the same mood ("… simply take …"); also
        after "and that" ("…, and that the list of documents should fit …" → "… fit …")."""
        for at in range(1, len(rest) - 3):
            if rest[at - 1].text != "," or rest[at].norm != "and":
                continue
            start = at + 1 + (rest[at + 1].norm == "that")
            modal = next(
                (
                    i
                    for i in range(start + 1, min(len(rest), start + 6))
                    if rest[i].is_punct or rest[i].norm in ("should", "must")
                ),
                -1,
            )
            subject = rest[start:modal]
            plain = subject and not starts(subject, self.lists["first_person"])
            if modal > 0 and not rest[modal].is_punct and plain and self.subject_like(subject):
                return [*rest[:modal], *rest[modal + 1 :]]
        return rest

    def noun_item(self, words: list[Word]) -> list[Word]:
        """ "a design centre in Krasnoyarsk" → "Establish a design centre in Krasnoyarsk"; "the
        introduction of free passes" → "Introduce free passes"."""
        formal = self.formal_start(words)
        if formal is not None:
            return formal
        chunk: list[Word] = []
        for word in words:
            if chunk and starts([word], self.lists["chunk_ends"]):
                break
            chunk.append(word)
        head = chunk[-1] if chunk else Word("")
        lemma = head.lemma if head.lemma in self.rules.noun_verbs else head.norm
        return [*added(self.rules.verb_for(lemma)), *self.lower_first(words)]

    def addressee_at(self, words: list[Word]) -> int:
        """ "Platforms: publish …": the colon's position when a plural addressee leads, else 0."""
        for at, word in enumerate(words[:4]):
            if word.text == ":":
                lead, rest = words[:at], words[at + 1 :]
                plural = (
                    bool(lead) and lead[-1].norm.endswith("s") and lead[-1].lemma != lead[-1].norm
                )
                command = bool(rest) and self.is_verb(rest[0]) and rest[0].norm == rest[0].lemma
                if plural and self.subject_like(lead, 3) and command:
                    return at
                return 0
        return 0

    def drop_lead_in(self, words: list[Word]) -> list[Word]:
        """Also "…, so there is the following proposal: to reformat …": what an announcement
        before a colon introduces is the item, wherever the announcement stands."""
        at, size = find(words, self.lists["announcements"])
        if at >= 0 and words[at + size : at + size + 1] and words[at + size].text == ":":
            rest = words[at + size + 1 :]
            rest = rest[1:] if rest[:1] and rest[0].norm == "to" else rest  # ": to reformat …"
            if len(rest) > 3:
                return rest
        remark = self.fronted_remark(words)
        if remark:
            return words[remark:]
        return words if self.addressee_at(words) else super().drop_lead_in(words)

    def fronted_remark(self, words: list[Word]) -> int:
        """Where the call starts after the speaker's remark on it before a dash ("That we can
        fix quickly — the city tourist office should put …", "This I can promise — …"): "that"
        or "this", the speaker and a modal, then the call; 0 when there is none."""
        dash = next((i for i, w in enumerate(words[:8]) if w.text in ("—", "–")), -1)
        opened = self.drop_leading(words[:dash]) if dash > 2 else []
        pointed = opened[:1] != [] and opened[0].norm in ("that", "this")
        speaker = pointed and starts(opened, self.lists["first_person"], 1) > 0
        if not speaker or not find(opened, self.lists["modals"])[1]:
            return 0
        return dash + 1 if self.is_call(words[dash + 1 :]) else 0

    def names_measure(self, lead: list[Word]) -> bool:
        """ "I'd suggest a mentoring programme": a proposing verb, then a noun phrase of two
        words or more that is no vague word ("one thing", "a compromise"); what follows the
        colon says how it works."""
        directives = self.rules.lemmas["directive_verbs"]
        vague = (self.lists["vague_nouns"], self.lists["lead_nouns"])
        for at, word in enumerate(lead[:-2]):
            phrase = lead[at + 1 :]
            if word.lemma not in directives or not starts(phrase, self.lists["determiners"]):
                continue
            head = phrase[-1:]
            return not any(w.is_punct for w in phrase) and not any(starts(head, v) for v in vague)
        return False

    def drop_tails(self, words: list[Word]) -> list[Word]:
        """Also an adverb after a final dash: "… a duty on Ministers—absolutely." → "… a duty
        on Ministers"."""
        words = super().drop_tails(words)
        body = words[:-1] if words[-1:] and words[-1].text in (".", "!") else words
        for size in (1, 2):
            tail = body[len(body) - size :]
            dashed = len(body) > size + 3 and body[-size - 1].text in ("—", "–", "-")
            lists = (self.lists["leading_adverbs"], self.lists["intensifiers"])
            if dashed and all(any(starts([w], p) for p in lists) for w in tail):
                return body[: -size - 1]
        return words

    def drop_concession(self, words: list[Word]) -> list[Word]:
        """Also "…, but what we would welcome is an opportunity …": the speaker's ask named
        after "but" (a need opening with "what") is the item, whatever came before."""
        at, size = find(words, self.lists["concession_links"], 3)
        after = words[at + size :] if at > 0 else []
        asked = after[:1] and after[0].norm == "what"
        if asked and len(after) > 4 and starts(after, self.lists["need_phrases"]):
            return after
        return super().drop_concession(words)

    def drop_negated_lead(self, words: list[Word]) -> list[Word]:
        """Also a statement before ";" with the call after it: "It's much more complicated for
        secondary schools to do that; there have to be systems put in place" → the call."""
        kept = super().drop_negated_lead(words)
        at = next((i for i, w in enumerate(kept) if w.text == ";"), -1)
        if at < 2 or len(kept) - at <= 3:
            return kept
        before, after = kept[:at], kept[at + 1 :]
        if self.is_statement(before) and not self.holds_call(before) and self.is_call(after):
            return after
        plain = [w for w in before if not starts([w], self.lists["hedges"])]  # "please"
        fragment = not any(self.is_verb(w) and not w.is_punct for w in plain)
        if fragment and not self.holds_call(plain) and self.has_modal(after):
            return after  # "And in the Komi language, please; our museum should publish …"
        return kept

    # -------------------------------------------------------------- the rewrites

    def addressed(self, words: list[Word]) -> Hit:
        """ "Platforms: publish your rules" → "Recommend that platforms publish their rules"."""
        at = self.addressee_at(words)
        if not at:
            return None
        rest = [replace(w, text="their") if w.norm == "your" else w for w in words[at + 1 :]]
        lead = [*words[: at - 1], replace(words[at - 1], space=" ")]
        return 0, self.recommend(lead, rest, [])

    def fronted_clause(self, words: list[Word]) -> Hit:
        """ "To decrease the number of victims, it is necessary to raise donations …" → "To
        decrease the number of victims, raise donations …"; "Instead of building plants, we
        propose developing …" → "Instead of building plants, develop …": an adverbial phrase
        before a comma stays in front of the call that follows it; so does a short place or
        time ("In Wales, we need to build …" → "In Wales, build …")."""
        purpose = len(words) > 1 and words[0].norm == "to" and self.is_verb(words[1])
        comma = next((i for i, w in enumerate(words[:16]) if w.text == ","), -1)
        phrase, rest = words[:comma], words[comma + 1 :]
        placed = starts(words, self.lists["fronted_openers"]) and 1 < comma <= 10
        if placed and find(phrase, self.lists["session_words"])[1]:
            placed = False  # "After the break, …", "At the forum, …": when it was said
        if placed and find(phrase, self.lists["possessive_words"])[1]:
            placed = False  # "In my experience, …", "in his personal view": someone's, not a place
        if placed and not self.called(rest):
            placed = False  # "In closing, Stern asked each participant …": a report
        if not (purpose or placed or starts(words, self.lists["fronted_phrases"])):
            return None
        if comma < 2 or len(rest) < 3 or any(w.is_punct for w in phrase) or self.holds_call(phrase):
            return None
        if not (self.holds_call(rest) or self.called(rest)):
            return None  # "Given the importance of this law, we ask you to …" is called
        call = self.reworded(rest)
        if call is None:
            return None
        lead = [*phrase[:-1], replace(phrase[-1], space=""), Word(",", " ")]
        return 0, [*lead, *self.lower_first(call)]  # "…, raise donations"

    def called(self, words: list[Word]) -> bool:
        """Whether the words open with a call: the speaker's ("we need to …", "I would like
        to ask …"), an impersonal or a need ("there is a need to …"), or a modal after a short
        subject ("regions should …")."""
        words = self.drop_leading(words)
        lists = ("first_person", "impersonal", "need_phrases")
        if any(starts(self.plain_opening(words), self.lists[name]) for name in lists):
            return True
        at, _ = find(words[:8], self.lists["modals"])
        return at > 0 and self.subject_like(words[:at], 6)

    def infinitive(self, words: list[Word]) -> Hit:
        """A rapporteur's "to open a course …" → "Open a course …"."""
        if len(words) > 1 and words[0].norm == "to" and self.is_verb(words[1]):
            at, _ = find(words, self.lists["modals"], 1)
            if at > 0 and self.fronted(words[:at]):
                return None  # "to implement the plan we will have to make …": a purpose first
            return 0, words[1:]
        return None

    def proposed(self, words: list[Word]) -> Hit:
        """ "This is the reason for the suggestion to give prosecutors …" → "Give prosecutors
        …": a proposal named with its infinitive is the item; not after a negation."""
        at, size = find(words[:24], self.lists["proposal_phrases"])
        rest = words[at + size :] if at >= 0 else []
        if not rest or any(starts(words, self.lists["negations"], i) for i in range(at)):
            return None
        if at and words[at - 1].lemma in self.rules.lemmas["removal_verbs"]:
            return None  # "should negate the need for spending money on catch-up"
        if words[at + size - 1].norm == "for":  # "stressed the need for public hearings"
            return at, self.noun_item(rest)
        return (at, self.imperative(rest)) if any(self.is_verb(w) for w in rest[:2]) else None

    def evaluated(self, words: list[Word]) -> Hit:
        """ "Investing in rural broadband is essential" → "Invest in rural broadband";
        "Achieving the goals is a historical necessity" → "Achieve the goals"; "Better
        coordination … is key" → "Ensure better coordination …"; "The question of X is a really
        important one and needs to be addressed …" → "Address the question of X …"."""
        at = next(
            (
                i
                for i in range(1, min(len(words) - 1, 25))
                if starts(words, self.lists["evaluation_links"], i)
            ),
            -1,
        )
        if at < 0:
            return None
        after = at + starts(words, self.lists["evaluation_links"], at)
        while starts(words, self.lists["intensifiers"], after):
            after += 1
        size = starts(words, self.lists["evaluation_words"], after)
        named = 0 if size else self.evaluation_noun(words, after)
        subject = words[:at]  # after "the most important task", "for all levels …" is its own
        if len(subject) > 2 and starts(subject, self.lists["bare_pronouns"]) == 1:
            subject = subject[1:] if self.is_gerund(subject[1]) else subject  # "that thinking …"
        tail = [] if named else [w for w in words[after + size :] if w.text != "."]
        size = size or named
        pronoun = starts(subject, self.lists["bare_pronouns"]) or starts(
            subject, self.lists["subject_pronouns"]
        )
        gerund = len(subject) > 1 and self.is_gerund(subject[0])  # not "Teaching is a hard task"
        marks = [w for w in subject if w.is_punct and not (gerund and w.text == ",")]
        if not size or pronoun or marks or self.has_modal(subject):
            return None
        subject = self.lower_first(subject)
        done = self.done_after(tail)
        if done is not None:
            return at, [*added(done[0]), *subject, *done[1]]
        complement = tail[:1] and tail[0].norm in ("for", "to", "in", ",", "and")
        if gerund and (not tail or complement):  # "… is essential for the valleys" keeps it
            return at, self.imperative(
                [*subject, *(tail if tail[0:1] and tail[0].norm == "for" else [])]
            )
        if tail and tail[0].norm != "for":
            return None
        if len(subject) < 2 or words[at].norm != "is":
            return None  # "Teachers are important": people, not a measure
        topic = any(starts([w], self.lists["topic_nouns"]) for w in subject[:3])
        verb = self.rules.words["consider" if topic else "secure"]
        return at, [*added(verb), *subject, *tail]

    def evaluation_noun(self, words: list[Word], at: int) -> int:
        """How many words from ``at`` make "a historical necessity", "the most important task
        for …" up to its noun (``evaluation_nouns``); 0 when none does."""
        if at >= len(words) or not starts(words, self.lists["determiners"], at):
            return 0
        for end in range(at + 1, min(len(words), at + 6)):
            if words[end].is_punct:
                return 0
            if starts(words, self.lists["evaluation_nouns"], end):
                return end + 1 - at
        return 0

    def done_after(self, tail: list[Word]) -> tuple[str, list[Word]] | None:
        """ "and needs to be addressed at a national level" → ("Address", "at a national
        level"): what the evaluated subject is to have done to it."""
        if len(tail) < 4 or tail[0].norm != "and":
            return None
        at = next((i for i, w in enumerate(tail[:5]) if w.norm == "be"), -1)
        base = self.participle_base(tail[at + 1]) if 0 < at < len(tail) - 1 else None
        if base is None or not self.has_modal(tail[1 : at + 1]):
            return None
        return base.capitalize(), tail[at + 2 :]

    def call_clause(self, before: list[Word], after: list[Word]) -> list[Word] | None:
        """ "you yourself cannot pick people …, | you should delegate …": a call opened by the
        speaker or the listener (``call_openers``) after words with no strong modal; not after
        a purpose ("To avoid such cases, we need to …" keeps it in front)."""
        fronted = starts(self.drop_leading(before), self.lists["fronted_openers"])
        strong = find(before, self.lists["strong_modals"])[1]
        said = self.is_statement(before) or self.has_modal(before)  # "you cannot pick …"
        after = self.drop_leading(after)  # "…, and perhaps there is a need to understand …"
        opens = starts(after, self.lists["call_openers"]) or starts(after, self.lists["impersonal"])
        return after if opens and said and not (fronted or strong) else None

    def possessive_goes(self, before: list[Word], after: list[Word]) -> bool:
        """ "our country", "your young scientists" → "the …": only before a collective noun
        (``possessed_nouns``), not "your support", "our way", "by your side"."""
        for word in after[:3]:
            if word.is_punct:
                return False
            if starts([word], self.lists["possessed_nouns"]):
                return True
        return False

    def hoped(self, words: list[Word]) -> Hit:
        """ "We hope that the regions will join the programme" → "Encourage the regions to
        join the programme"; a hope for the speaker or the listener ("We hope that you will
        support …") is no call a resolution can make, and stays as said."""
        at = self.report_verb_at(words, 7)
        if at < 0 or words[at].lemma not in self.rules.lemmas["hope_verbs"]:
            return None
        rest = words[at + 1 :]
        rest = rest[1:] if rest[:1] and rest[0].norm == "that" else rest
        will, size = find(rest[:10], self.lists["auxiliaries"])
        whom = rest[:will]  # "the Ministry of Culture of Russia": a name of up to 8 words
        if will < 1 or not self.subject_like(whom, 8) or starts(whom, self.lists["first_person"]):
            return None
        if starts(whom, self.lists["bare_pronouns"]) or starts(
            whom, self.lists["subject_pronouns"]
        ):
            return None  # "We hope that this will help": nothing to encourage
        verbs = self.drop_leading(rest[will + size :])
        if not verbs or not self.is_verb(verbs[0]) or verbs[0].norm != verbs[0].lemma:
            return None
        whom = [*whom[:-1], replace(whom[-1], space=" ")]
        return at, [
            *added(self.rules.words["encourage"]),
            *self.lower_first(whom),
            *added("to"),
            *verbs,
        ]

    def gerund_item(self, words: list[Word]) -> Hit:
        """ "Expanding the freedom for entrepreneurs" (what is left of "This means …", "The
        first one concerns …") → "Expand the freedom …": an -ing form with its own object
        opening an item that states nothing; not "Funding for festivals", "Training of …"."""
        if not words or not self.is_gerund(words[0]) or not self.has_object(words):
            return None
        if self.is_statement(words[1:]) or self.has_modal(words):
            return None  # "Building the road is key", "Creating X would help"
        return 0, self.imperative(words)

    def clefted(self, words: list[Word]) -> Hit:
        """ "It's the quality of the food that we need to focus on" → "Focus on the quality of
        the food": what the speaker's call is about, named in a cleft, is its object; not "the
        thing that we need to address" (``vague_nouns``: nothing named)."""
        size = starts(self.plain_opening(words), self.lists["cleft_openers"])
        link = next(
            (i for i, w in enumerate(words[size : size + 11], size) if w.norm in ("that", "which")),
            -1,
        )
        if not size or link <= size + 1 or any(w.is_punct for w in words[size:link]):
            return None
        thing = words[size:link]
        if find(thing, self.lists["vague_nouns"])[1] or starts(thing, self.lists["bare_pronouns"]):
            return None
        person = starts(words, self.lists["first_person"], link + 1)
        modal = starts(words, self.lists["modals"], link + 1 + person) if person else 0
        verb = words[link + 1 + person + modal :]
        if not modal or not verb or not self.is_verb(verb[0]) or verb[0].norm != verb[0].lemma:
            return None
        tail = [w for w in verb[1:] if w.text not in (".", "!")]
        if len(tail) > 2 or any(not starts([w], self.lists["chunk_ends"]) for w in tail):
            return None  # "… that we need to discuss with the unions": not a bare verb
        moved = [replace(w, space=" ") for w in [*verb[:1], *tail, *self.lower_first(thing)]]
        return 0, self.imperative(moved)

    def thing_named(self, words: list[Word]) -> Hit:
        """ "The only thing I could ask the Minister is to include …" → "Include …"; "What they
        should be doing is boosting the economy" → "Recommend that they boost the economy": a
        subject that names the call (``named_things``, or "what X should do"), then "is (to)"
        and the verb."""
        link = next((i for i, w in enumerate(words[:16]) if w.norm == "is"), -1)
        lead, rest = words[:link], words[link + 1 :]
        if link < 2 or len(rest) < 2 or any(w.is_punct for w in lead):
            return None
        verbs = rest[1:] if rest[0].norm == "to" else rest
        if not verbs or not self.is_verb(verbs[0]):
            return None
        base = self.gerund_base(verbs[0]) if self.is_gerund(verbs[0]) else verbs[0].lemma
        if base is None or (rest[0].norm != "to" and not self.is_gerund(verbs[0])):
            return None
        verbs = [replace(verbs[0], text=base), *verbs[1:]]
        opened = starts(lead, self.lists["determiners"]) or starts(lead, self.lists["one_of"])
        named = opened and find(lead, self.lists["named_things"])[1]
        if named and not find(lead, self.lists["negations"])[1]:
            return 0, self.imperative(verbs)
        modal, size = find(lead, self.lists["modals"])
        done = lead[modal + size :] if modal > 1 else []
        done = done[1:] if done[:1] and done[0].norm == "be" else done
        if lead[0].norm == "what" and done and done[0].lemma == "do":
            return 0, self.clause([*lead[1:modal], *added(self.rules.words["modal"]), *verbs])
        return None

    def hortative(self, words: list[Word]) -> Hit:
        """ "Let us build …", "Please keep …" → "Build …", "Keep …"."""
        size = starts(words, self.lists["hortatives"])
        if not size or size >= len(words):
            return None
        soft = starts(words, self.lists["hortative_softeners"], size)  # "Let's at least start"
        if soft and words[size + soft : size + soft + 1] and self.is_verb(words[size + soft]):
            size += soft
        agreed = starts(words, self.lists["agreement_frames"], size)  # "Let's agree here that
        if agreed and len(words) > size + agreed + 3:  # X prepare …" → "Recommend that X …"
            return 0, [*added(self.rules.words["recommend"]), *words[size + agreed :]]
        return 0, self.imperative(words[size:])

    def wish(self, words: list[Word]) -> Hit:
        """ "I would like to draw attention to …" → "Draw attention to …"; "We would like you
        to support …" → "Support …"; not "I'd like to propose …" nor "I would like to ask you
        to …" (the proposal or the appeal that follows is the call), nor "… to see …" (a need)."""
        size = starts(words, self.lists["wish_frames"])
        if not size or starts(words, self.lists["need_phrases"]) > size:
            return None
        rest = self.drop_leading(words[size:])
        listener = starts(rest, self.lists["first_person"])
        if listener and rest[listener : listener + 1] and rest[listener].norm == "to":
            rest = rest[listener + 1 :]
        verbs = self.rules.lemmas["directive_verbs"]
        said = self.rules.lemmas["report_verbs"]  # "I would like to note that …": a frame
        if not rest or rest[0].lemma in self.rules.appeal or rest[0].lemma in verbs | said:
            return None
        if find(rest[:12], self.lists["proposal_phrases"])[1]:
            return None  # "I would like to address you with a request to …": the request
        wanted = self.wanted(rest)  # "We would like the format to have …"
        if wanted is not None:
            return 0, wanted
        return (0, self.imperative(rest)) if self.is_verb(rest[0]) else None

    def wanted(self, words: list[Word], known: bool = False) -> list[Word] | None:
        """ "the format to have more open stages", "the regional authorities to focus on …" →
        "Recommend that the format have …": someone named, "to" and what they are to do; with
        ``known``, only someone already there ("this Council to continue …", not "specialists
        to implement …", who are to be found). None when the words are not such a wish."""
        to = next((i for i, w in enumerate(words[:14]) if w.norm == "to"), -1)
        whom, verb = words[:to], words[to + 1 : to + 2]
        aside = self.aside_at_end(whom)  # "the federal press agency, when it supports …, to"
        named = whom[: len(whom) - aside]
        listed = to > 0 and any(w.norm == "and" for w in named)  # "Vologda, Arkhangelsk and …"
        punct = [w for w in named if w.is_punct and not (listed and w.text == ",")]
        far = len(named) > 8 and not listed
        if to < 1 or not verb or not named or punct or far or self.is_gerund(whom[0]):
            return None
        if self.is_verb(whom[0]) and self.has_object(whom):
            return None  # "to thank the working group and to urge …": a verb, not someone
        clauses = (self.lists["subordinators"], self.lists["conditions"])
        if any(find(named, phrases)[1] for phrases in clauses):
            return None  # "as regards athletes if they seek to hold …": a clause
        if (len(whom) == 1 and starts(whom, self.lists["bare_pronouns"])) or (
            known and not starts(whom, self.lists["definite_words"])
        ):
            return None  # "this to happen": nothing named
        if not self.is_verb(verb[0]) or verb[0].norm != verb[0].lemma:
            return None
        return self.recommend(whom, self.plain_infinitives(words[to + 1 :]), [])

    def aside_at_end(self, words: list[Word]) -> int:
        """How many words at the end are a clause between commas that opens with "when", "if"
        … (the agency ", when it supports regional media,"); 0 when none."""
        if len(words) < 4 or words[-1].text != ",":
            return 0
        opening = max((i for i, w in enumerate(words[:-1]) if w.is_punct), default=-1)
        clauses = (self.lists["subordinators"], self.lists["conditions"])
        inside = words[opening + 1 : -1]
        if opening < 1 or words[opening].text != "," or len(inside) < 2:
            return 0
        return len(words) - opening if any(starts(inside, p) for p in clauses) else 0

    def permit(self, words: list[Word]) -> Hit:
        """ "Let the city sell derelict houses …" → "Allow the city to sell derelict houses …"."""
        size = starts(words, self.lists["permissives"])
        if not size or starts(words, self.lists["hortatives"]):
            return None
        at = self.subject_verb_at(words, size, 7)
        if at < 0:
            return None
        if at - 1 > size and starts(words, self.lists["particles"], at):
            at -= 1  # "Let residents rent out rooms": a particle opens no verb, its verb does
        return 0, [*added(self.rules.words["allow"]), *words[size:at], *added("to"), *words[at:]]

    def subject_verb_at(self, words: list[Word], start: int, reach: int) -> int:
        """Where the bare verb after a subject starting at ``start`` stands ("the city sell",
        "museums of the Kola Peninsula make"); -1 when a comma or ``reach`` words come first."""

        def base_verb(word: Word) -> bool:
            return self.is_verb(word) and word.norm == word.lemma

        for at in range(start + 1, min(len(words), start + reach)):
            word, before = words[at], words[at - 1]
            if word.is_punct:
                return -1
            # "the local cartoon studios talk": not "local" after "the", nor "cartoon" after it;
            # but "the archive decide": a word right after "the" is a noun, whatever its tag
            named = at - 2 >= start and starts([words[at - 2]], self.lists["determiners"])
            modifiers = (self.lists["determiners"], self.lists["noun_modifiers"])
            follows = any(starts([before], words) for words in modifiers) or (
                base_verb(before) and not (named and at - 1 > start)
            )
            if base_verb(word) and not follows:
                return at
        return -1

    def appeal(self, words: list[Word]) -> Hit:
        """ "I call on X to …", "She urged colleagues not to …" → "Call on X to …"."""
        for at, word in enumerate(words[:7]):
            form = self.rules.appeal.get(word.lemma)
            if form is None or not self.subject_like(words[:at]):
                continue
            if find(words[max(0, at - 2) : at], self.lists["indefinite_articles"])[1]:
                continue  # "I have a strong request to make – …": a noun, no appeal
            if find(words[:at], self.lists["negations"])[1]:
                continue  # "Nobody is asking to waive them": no appeal
            before = words[at - 1] if at else None
            governed = before is not None and self.is_verb(before) and before.norm == before.lemma
            if governed and word.norm != word.lemma and word.norm.endswith("ing"):
                continue  # "stop asking for …": the verb before governs it, no appeal
            rest = words[at + 1 :]
            if rest[:1] and starts(rest[:1], self.lists["agent_words"]):
                continue  # "Asked by the moderator whether …": a participle, no appeal
            to = next((i for i, w in enumerate(rest[:8]) if w.norm == "to"), 8)
            if find(rest[:to], self.lists["question_words"])[1]:
                continue  # "Stern asked each participant what should happen": a question
            if word.lemma == "call":
                if not rest or rest[0].norm not in ("on", "upon"):
                    continue
                rest = rest[1:]
            if rest[:1] and rest[0].norm == "that" and len(rest) > 3:  # "She asked that every
                return at, [*added(self.rules.words["recommend"]), *rest[1:]]  # festival offer …"
            rest = rest[self.after_skips(rest, 0) :]
            listener = starts(rest, self.lists["first_person"])
            if listener and rest[listener : listener + 1] and rest[listener].norm == "to":
                return at, self.imperative(rest[listener + 1 :])  # "I'm asking you to consider"
            if (
                listener
                and rest[listener : listener + 1]
                and rest[listener].norm == "for"
                and to < 8
            ):
                return at, self.imperative(rest[to + 1 :])  # "ask you for assistance to ensure"
            company = rest[listener:to]  # "I urge you and all of your colleagues to …"
            joined = (
                company[:1] and company[0].norm == "and" and not any(w.is_punct for w in company)
            )
            if listener and joined and find(company, self.lists["speaker_possessives"])[1]:
                return at, self.imperative(rest[to + 1 :])
            return at, [*added(form), *rest]
        return None

    def requesting(self, word: Word) -> bool:
        return word.lemma in self.rules.lemmas["directive_verbs"] or word.lemma in self.rules.appeal

    def recast(self, words: list[Word]) -> list[Word]:
        """A call for a measure said as a report ("Volkov also called for a separate line of
        loans …"), a quotation split by its attribution or followed by the proposal it was
        said with, an assent before the proposal ("Chernykh agreed and proposed that …") and
        an appeal reported after a first clause ("…, and he urged X to …") in the forms the
        rewrites know."""
        words = self.plain_wish(self.topic_for_pronoun(words))
        words = self.need_said(self.hope_said(self.recommendation_said(words)))
        words = self.wish_for_subject(self.intention_said(words))
        words = self.resolution_content(self.without_named_view(self.without_name_aside(words)))
        words = self.passive_call(self.need_contrasted(words))
        words = self.suggesting_question(words)
        words = self.split_quotation(self.call_for_as_proposal(self.means_only(words)))
        words = self.speaker_call_after_dash(self.hortative_before_colon(words))
        words = self.without_later_hortatives(words)
        return self.appeal_joined(self.without_assent(words))

    def topic_for_pronoun(self, words: list[Word]) -> list[Word]:
        """ "Brown road signs, for a start — the oblast should put them up on …" → "the oblast
        should put brown road signs up on …": a noun phrase named before the only dash, then a
        call (a modal or a wish: "the hotels — I'd like them to sign …") whose one pronoun
        ("them", "it", "that") stands for it; the phrase takes the pronoun's place (up to its
        first comma, unless a colon lists what it holds). Not an order ("Give the villages a
        bus — …")."""
        dashes = [i for i, w in enumerate(words) if w.text in ("—", "–")]
        if len(dashes) != 1 or dashes[0] < 2:
            return words
        topic, clause = words[: dashes[0]], words[dashes[0] + 1 :]
        colon = next((i for i, w in enumerate(topic) if w.text == ":"), len(topic))
        comma = next((i for i, w in enumerate(topic) if w.text == ","), len(topic))
        topic = topic if colon < comma else topic[:comma]
        head = topic[: min(colon, comma)]
        if (
            not 1 < len(head) <= 8
            or any(w.is_punct or w.norm in ("it", "that", "this", "to") for w in head)
            or find(head, self.lists["modals"])[1]
            or find(head, self.lists["first_person"])[1]
            or starts(head, self.lists["relative_words"])
            or self.ordered(head)  # "Give the villages a bus — the oblast should pay for it"
        ):
            return words
        modal = find(clause[:5], self.lists["modals"])[0]
        wish = starts(self.drop_leading(clause), self.lists["wish_frames"])
        if modal < 1 and wish:  # "… — I'd like them to sign …"
            modal = len(clause) - len(self.drop_leading(clause)) + wish - 1
        pronouns = [
            i
            for i, w in enumerate(clause)
            if i > modal
            and (
                w.norm in ("them", "it")
                or (w.norm == "that" and self.closes_clause(clause, i))  # not "winery that …"
            )
        ]
        if modal < 1 or len(pronouns) != 1 or any(w.is_punct for w in clause[: pronouns[0]]):
            return words
        at = pronouns[0]
        named = [replace(topic[0], text=self.lower_first(topic[:1])[0].text), *topic[1:]]
        named[-1] = replace(named[-1], space=clause[at].space)
        return [*clause[:at], *named, *clause[at + 1 :]]

    def closes_clause(self, words: list[Word], at: int) -> bool:
        """Whether the word at ``at`` ends its clause: last, before a mark or an adverb."""
        following = words[at + 1 : at + 2]
        return not following or following[0].is_punct or following[0].norm.endswith("ly")

    def plain_wish(self, words: list[Word]) -> list[Word]:
        """ "I'd really like to see …" → "I'd like to see …": an intensifier between "would"
        and the verb of wishing says nothing the item keeps, and the wish frames are written
        without it."""
        for at in range(1, len(words) - 2):
            end = at
            while size := starts(words, self.lists["intensifiers"], end) or (
                end > at and words[end].norm == "much"  # "very much"
            ):
                end += size
            wished = end < len(words) and words[end].norm in ("like", "love")
            if end > at and wished and words[at - 1].norm in ("would", "'d", "’d"):
                return self.plain_wish([*words[:at], *words[end:]])
        cleft = starts(words, self.lists["wish_clefts"])  # "What I'd like is for X to …" →
        if cleft and cleft + 3 < len(words):  # "I'd like X to …": the wish said as a cleft
            return [*words[1 : cleft - 2], *words[cleft:]]
        return words

    def wish_for_subject(self, words: list[Word]) -> list[Word]:
        """ "The republic buys furniture for schools every year, and I'd like it to give local
        manufacturers a fair chance …" → "I'd like the republic to give …": the pronoun of the
        wish names the first clause's subject, which the wish is about."""
        for at in range(4, len(words) - 4):
            size = (
                starts(words, self.lists["wish_frames"], at) if words[at - 1].norm == "and" else 0
            )
            pronoun = words[at + size : at + size + 2] if size else []
            if len(pronoun) < 2 or pronoun[0].norm not in ("it", "them") or pronoun[1].norm != "to":
                continue
            verb = next((i for i, w in enumerate(words[:at]) if self.is_verb(w) and i), -1)
            subject = words[:verb]
            finite = verb > 0 and words[verb].norm != words[verb].lemma  # "buys", "is"
            if not finite or not self.subject_like(subject) or self.names_nothing(subject):
                return words
            named = [replace(w, space=" ") for w in self.lower_first(subject)]
            return [*words[at : at + size], *named, *words[at + size + 1 :]]
        return words

    def intention_said(self, words: list[Word]) -> list[Word]:
        """ "we are going to propose to the regional government a grant line …" → "propose to
        the regional government a grant line …": the speaker's intention to propose
        (``intention_frames``) is the proposal; not to ask, which is the speaker's own step."""
        at, size = find(words[:10], self.lists["intention_frames"])
        verb = words[at + size : at + size + 1] if at >= 0 else []
        index = 0  # only openers before it ("That's why we are going to propose …")
        while 0 <= index < at and (step := starts(words, self.lists["openers"], index)):
            index += step
        opened = 0 <= at <= 5 and index == at
        if not verb or not opened or verb[0].lemma not in self.rules.lemmas["directive_verbs"]:
            return words
        rest = words[at + size :]
        return rest if len(rest) > 4 and rest[1].norm != "that" else words

    def recommendation_said(self, words: list[Word]) -> list[Word]:
        """ "My recommendation is that the republic set …" → "We propose that the republic set
        …" (``recommendation_frames``), which :meth:`directive` words; "What I'd add is a
        module …" → "I propose a module …" (``proposal_clefts``, :meth:`proposal_named`)."""
        words = self.without_cleft_filler(words)
        size = starts(words, self.lists["recommendation_frames"])
        return [*added("We propose that"), *words[size:]] if size else self.proposal_named(words)

    def proposal_named(self, words: list[Word]) -> list[Word]:
        """ "What I would do in Tyumen is a game jam …" → "in Tyumen, I propose a game jam …":
        the speaker's proposal named in a cleft, the words before its "is" kept in front."""
        size = starts(words, self.lists["proposal_clefts"])
        link = next(
            (i for i in range(size, size + 6) if i < len(words) and words[i].norm == "is"), -1
        )
        rest = words[link + 1 :] if size and link > 0 else []
        named = starts(rest, self.lists["determiners"]) > 0  # "a module", not "nothing"
        if len(rest) < 2 or any(w.is_punct for w in words[size:link]) or not named:
            return words
        between = words[size:link]
        comma = [Word(",", " ", ",")] if between else []
        if between:
            between = [*between[:-1], replace(between[-1], space="")]
        return [*between, *comma, *added("I propose"), *rest]

    def without_cleft_filler(self, words: list[Word]) -> list[Word]:
        """ "What we need is simple: a regional programme …" → "What we need is a regional
        programme …": the adjective announcing the need cleft's noun goes with its colon."""
        size = starts(words, self.lists["need_clefts"])
        filler = starts(words, self.lists["cleft_fillers"], size) if size else 0
        if filler and size + filler < len(words) and words[size + filler].text == ":":
            return [*words[:size], *words[size + filler + 1 :]]
        return words

    def hope_said(self, words: list[Word]) -> list[Word]:
        """ "What we really hope is that the oblast will include …" → "We hope that the oblast
        will include …" (``hope_clefts``), which :meth:`hoped` words as a call."""
        at, size = find(words, self.lists["hope_clefts"])
        opened = all(w.is_punct or starts([w], self.lists["openers"]) for w in words[:at])
        if at < 0 or at > 2 or not opened:
            return self.reported_hope(words)
        return [*added("We hope that"), *words[at + size :]]

    def reported_hope(self, words: list[Word]) -> list[Word]:
        """ "Nasyrova said she hoped that the plants would pay …" → "We hope that the plants
        would pay …", which :meth:`hoped` words as a call: stripped as a report, the hope
        would be left a statement ("The plants would pay …"). As said when :meth:`hoped`
        finds no call in it ("She said she hoped it would work")."""
        said = self.report_verb_at(words, 7)
        if said < 0 or words[said].lemma in self.rules.lemmas["hope_verbs"]:
            return words
        after = said + 1 + (words[said + 1 : said + 2] != [] and words[said + 1].norm == "that")
        pronoun = starts(words[after : after + 1], self.lists["subject_pronouns"])
        hope = after + pronoun
        if (
            not pronoun
            or hope >= len(words)
            or words[hope].lemma not in self.rules.lemmas["hope_verbs"]
        ):
            return words
        rest = words[hope + 1 :]
        recast = [*added("We hope that"), *(rest[1:] if rest[0].norm == "that" else rest)]
        return recast if self.hoped(recast) else words

    def need_said(self, words: list[Word]) -> list[Word]:
        """ "What small museums need is a regional digitisation centre …" → "small museums need
        a regional digitisation centre …": a need named in a cleft, for :meth:`needs_object`;
        not the speaker's ("What we need is …" has its own rewrite)."""
        if len(words) < 6 or words[0].norm != "what" or find(words, self.lists["need_clefts"])[1]:
            return words
        reach = range(2, min(7, len(words) - 1))  # "what we would welcome is an": crashed
        at = next((i for i in reach if words[i].lemma in self.rules.lemmas["need_verbs"]), -1)
        if at < 0 or words[at + 1].norm != "is" or not self.subject_like(words[1:at]):
            return words
        if starts(words, self.lists["first_person"], 1):
            return words
        return [*words[1 : at + 1], *words[at + 2 :]]

    def hortative_before_colon(self, words: list[Word]) -> list[Word]:
        """ "Then let's do that: Saratov and Penza sign a touring exchange agreement …" →
        "We propose that Saratov and Penza sign …": who is to do what follows the colon."""
        at = find(words[:4], self.lists["hortatives"])[0]
        said = next(
            (i for i in range(at + 2, at + 8) if words[i : i + 1] and words[i].text == ":"), 0
        )
        clause = words[said + 1 :] if at >= 0 and said else []
        modal, length = find(clause[:8], self.lists["modals"])
        if modal > 0 and self.subject_like(clause[:modal]) and len(clause) > modal + length + 2:
            return clause  # "let's think about sustainability: the North should make …"
        size = starts(words, self.lists["hortative_frames"], at + 2) if at >= 0 else 0
        colon = at + 2 + size
        if not size or colon >= len(words) - 4 or words[colon].text != ":":
            return words
        clause = words[colon + 1 :]
        if not self.subject_like(clause[:1]) or self.has_modal(clause[:6]):
            return words
        word = clause[0].norm  # a name: in no lemma table ("Saratov"; WordNet has cities too)
        named = clause[0].text[:1].isupper() and not any(word in t for t in self._common[1:])
        first = replace(clause[0], initial=not named)  # "Saratov" after the colon is a name
        return [*added("We propose that"), first, *clause[1:]]

    def resolution_content(self, words: list[Word]) -> list[Word]:
        """ "He asked the forum to include in its resolution a request to the federal
        government for a simpler procedure …" → "Ask the federal government for a simpler
        procedure …"; "include X in the resolution" → X introduced: the resolution holds the
        measure itself, not a request to include it."""
        at, size = find(words, self.lists["resolution_inclusions"])
        start = max((i + 1 for i, w in enumerate(words[:at]) if w.lemma == "include"), default=0)
        if at < 0 or not start:
            return words  # not "all three go into the resolution as a package"
        rest = words[at + size :]
        if len(rest) <= 1:  # "include a single register … in the resolution"
            rest = words[start:at]
        if len(rest) < 2 or any(self.is_verb(w) for w in rest[:1]):
            return words
        asked = starts(rest, self.lists["request_phrases"])
        if asked:
            return [*added(self.rules.appeal["ask"]), *rest[asked:]]
        return self.noun_item(rest)

    def without_name_aside(self, words: list[Word]) -> list[Word]:
        """ "Fedorova (Kazan) suggested …", "On funding, Fedorova proposed …", "Fedorova
        proposed, and others agreed, that …": an aside around the speaker and the verb goes."""
        if len(words) > 6 and words[1].text == "(":
            close = next((i for i in range(2, min(7, len(words) - 1)) if words[i].text == ")"), -1)
            if close > 0 and self.requesting(words[close + 1]):
                return [replace(words[0], space=" "), *words[close + 1 :]]
        comma = next((i for i, w in enumerate(words[:5]) if w.text == ","), -1)
        topic = comma > 1 and words[0].norm in ("on", "regarding", "concerning")
        if topic and len(words) > comma + 3 and self.requesting(words[comma + 2]):
            return words[comma + 1 :]  # the speaker's name follows the topic
        for at, word in enumerate(words[1:6], 1):
            if (
                not self.requesting(word)
                or words[at + 1 : at + 2] == []
                or words[at + 1].text != ","
            ):
                continue
            close = next(
                (i for i in range(at + 2, min(at + 8, len(words) - 2)) if words[i].text == ","), -1
            )
            if close > 0 and words[close + 1].norm == "that":
                return [*words[:at], replace(word, space=" "), *words[close + 1 :]]
            return words
        return words

    def need_contrasted(self, words: list[Word]) -> list[Word]:
        """ "What is needed is not a one-off campaign but a permanent programme" → "What is
        needed is a permanent programme": what is not needed goes."""
        at, size = find(words[:4], self.lists["need_clefts"])
        negated = at >= 0 and words[at + size : at + size + 1] and words[at + size].norm == "not"
        if not negated:
            return words
        but = next(
            (
                i
                for i in range(at + size + 2, min(len(words) - 1, at + size + 12))
                if words[i].norm == "but"
            ),
            -1,
        )
        return [*words[: at + size], *words[but + 1 :]] if but > 0 else words

    def passive_call(self, words: list[Word]) -> list[Word]:
        """ "The ministry of culture is invited to consider …" → "Invite the ministry of culture
        to consider …"; "A joint festival calendar … was proposed." → "A joint festival
        calendar …" introduced: a call said in the passive."""
        for at, word in enumerate(words[1:10], 1):
            if word.norm not in ("is", "are", "was", "were") or not self.subject_like(
                words[:at], 9
            ):
                continue
            verb = words[at + 1] if at + 1 < len(words) else None
            if verb is None:
                return words
            appeal = self.rules.appeal.get(verb.lemma)
            if appeal and words[at + 2 : at + 3] and words[at + 2].norm == "to":
                return [*added(appeal), *self.lower_first(words[:at]), *words[at + 2 :]]
            ends = all(w.is_punct for w in words[at + 2 :])
            if ends and verb.lemma in self.rules.lemmas["directive_verbs"]:
                return self.noun_item(words[:at])
            return words
        return words

    def named_item(self, words: list[Word]) -> list[Word] | None:
        """ "Her main request was a single contact point for filmmakers" → "Establish a single
        contact point …": a request or proposal named, then the noun it was ("Its first
        proposal was …": a group's or a panel's)."""
        for at, word in enumerate(words[1:5], 1):
            if not starts([word], self.lists["named_things"]):
                continue  # a request or a proposal; not "The challenge is …", "Our goal is …"
            link = words[at + 1 : at + 2]
            rest = words[at + 2 :]
            owner = starts(words, self.lists["possessive_words"]) or words[0].norm in ("the", "its")
            if not owner or not link or link[0].norm not in ("was", "is") or len(rest) < 2:
                return None
            if not starts(rest, self.lists["indefinite_articles"]):
                return None  # "… is to create …" has its rewrite; "… is simple: …" no noun
            return self.noun_item(rest)
        return None

    def without_named_view(self, words: list[Word]) -> list[Word]:
        """ "In Petrova's view, municipalities should …" → "municipalities should …": the frame
        with a name ("in her view" is a frame phrase already); "Petrova's proposal was to …" →
        "The proposal was to …"."""
        owned = len(words) > 5 and words[1].norm in ("'s", "’s") and words[0].text[:1].isupper()
        if owned and starts(words, self.lists["goal_nouns"], 2):
            return [*added(self.rules.words["definite"].capitalize()), *words[2:]]
        named = self.named_item(words)
        if named is not None:
            return named
        if len(words) < 6 or words[0].norm != "in":
            return words
        for at in range(2, min(len(words) - 3, 6)):
            named = all(w.text[:1].isupper() for w in words[1:at])
            view = words[at].norm in ("'s", "’s") and words[at + 1].norm in ("view", "opinion")
            if named and view and words[at + 2].text == ",":
                return words[at + 3 :]
        return words

    def speaker_call_after_dash(self, words: list[Word]) -> list[Word]:
        """ "Stay if you can, but then the city must give you somewhere to work — I'd ask every
        municipality to keep a few cheap rooms …" → "I'd ask every municipality …": the
        speaker's own request after a dash is the proposal."""
        for at in range(2, len(words) - 4):
            if words[at].text not in ("—", "–") or words[at + 1].norm != "i":
                continue
            verb = self.after_skips(words, at + 2 + starts(words, self.lists["clitics"], at + 2))
            verb += words[verb].norm == "would" if verb < len(words) else 0
            if verb < len(words) and self.requesting(words[verb]):
                return words[at + 1 :]
        return words

    def without_later_hortatives(self, words: list[Word]) -> list[Word]:
        """ "Take one programme, put it in your city, and let's share the travel costs" →
        "…, and share the travel costs": a later "let's" joins the call it follows."""
        out: list[Word] = []
        index = 0
        while index < len(words):
            size = starts(words, self.lists["hortatives"], index) if index > 3 else 0
            if size and words[index - 1].norm == "and" and words[index].norm != "please":
                index += size
                continue
            out.append(words[index])
            index += 1
        return out

    def call_for_as_proposal(self, words: list[Word]) -> list[Word]:
        """ "Tanaev called for a grant line …, and for paid positions …", "Orekhova closed with
        a call for a Volga games festival" → "Tanaev proposed a grant line …, and paid
        positions …": the noun is then introduced as any proposed one is."""
        at, size = find(words[:10], self.lists["call_frames"])
        if at == 0 and words[0].norm == "there" and len(words) > size + 2:  # "There was support"
            return [*added("Participants"), Word("proposed", " ", "propose"), *words[size:]]
        if at < 1 or not self.subject_like(words[:at]) or len(words) - at - size < 2:
            return words
        if words[at + size].norm == "to":
            return words  # "He would like to stress …": no noun called for
        wish = any(w.lemma in ("like", "want") for w in words[at : at + size])
        if wish and find(words[:at], self.lists["first_person"])[1]:
            return words  # "I would like you to join …" has its own rewrite
        proposed = Word("proposed", " ", "propose", words[at].at, False)
        rest = [
            w
            for i, w in enumerate(words[at + size :], at + size)
            if not (w.norm == "for" and words[i - 1].norm == "and")
        ]
        return [*words[:at], proposed, *rest]

    def split_quotation(self, words: list[Word]) -> list[Word]:
        """'"Designers need to learn how factories think," she said, "so every design school
        should send students …"' → the second part, the call it leads to; '"A and B," he said,
        "C"' → 'A and B, C'; '"…," she said, suggesting that X …' → 'she suggested that X …'."""
        quotes = ('"', "“", "”")
        for at in range(2, len(words) - 4):
            if words[at].text not in quotes or words[at - 1].text != ",":
                continue
            verb = next(
                (
                    i
                    for i in range(at + 1, min(at + 5, len(words) - 2))
                    if words[i].lemma in self.rules.lemmas["report_verbs"]
                ),
                -1,
            )
            if verb < 0 or words[verb + 1].text != ",":
                return words
            subject, after = words[at + 1 : verb], words[verb + 2 :]
            if after and after[0].text in quotes:
                second = [w for w in after[1:] if w.text not in quotes]
                if starts(second, self.lists["consequence_openers"]):
                    return second[starts(second, self.lists["consequence_openers"]) :]
                first = [w for w in words[: at - 1] if w.text not in quotes]
                return [*first, Word(",", " ", ","), *second]
            gerund = self.gerund_base(after[0]) if after else None
            if gerund and gerund in self.rules.lemmas["directive_verbs"]:
                said = gerund + ("d" if gerund.endswith("e") else "ed")
                return [*subject, Word(said, " ", gerund, after[0].at, False), *after[1:]]
            return words
        return words

    def appeal_joined(self, words: list[Word]) -> list[Word]:
        """ "Young musicians need access to archive recordings, and he urged the archives to
        publish …" → "…, and call on the archives to publish …": the reported appeal after a
        first clause in the resolution's words."""
        for at in range(3, len(words) - 4):
            if words[at].text != "," or words[at + 1].norm != "and":
                continue
            person = starts(words, self.lists["subject_pronouns"], at + 2)
            quoted = words[0].at == 0 and words[0].text in ('"', "“")  # '"…," she said, and
            past = quoted and words[at + 2].norm != words[at + 2].lemma  # called on …'"
            verb = words[at + 2 + person] if person or past else None
            if verb is not None and verb.lemma in self.rules.appeal:
                said = [
                    Word(w, " ", w, verb.at, False)
                    for w in self.rules.appeal[verb.lemma].lower().split()
                ]
                after = at + 3 + person
                if words[after : after + 1] and words[after].norm == said[-1].norm:
                    after += 1  # "called on" → "call on", not "call on on"
                return [*words[: at + 2], *said, *words[after:]]
        return words

    def directive(self, words: list[Word]) -> Hit:
        """ "Orlova proposed that …", "I propose creating …", "It was suggested to …"; also
        after a statement: "X is updating its strategy, and I propose that …"."""
        verbs = self.rules.lemmas["directive_verbs"]
        for at in range(1, len(words) - 4):
            joined = words[at].text == "," and words[at + 1].norm in ("and", "so", "but")
            speaker = joined and starts(words, self.lists["first_person"], at + 2) == 1
            if speaker and words[at + 3].lemma in verbs:
                hit = self.directive(words[at + 2 :])
                return (at + 2 + hit[0], hit[1]) if hit else None
        for at, word in enumerate(words[:8]):
            if word.lemma not in verbs and not self.asked_that(words, at):
                continue
            before = words[:at]
            passive = is_only(before, self.lists["passive_openers"])
            if not (passive or self.subject_like(before)):
                continue
            rest = words[self.after_skips(words, at + 1) :]
            if not rest:
                return None
            if rest[0].norm == "that":
                return at, self.clause(rest[1:])
            if rest[0].norm == "to":  # "I want to just be sure …": a verb, or nothing to say
                verb = self.drop_leading(rest[1:])
                return (at, self.imperative(verb)) if verb and self.is_verb(verb[0]) else None
            if self.is_gerund(rest[0]):
                return at, self.imperative(rest)
            ours = self.after_skips(rest, 1)  # "I propose we (also) publish …"
            ours_first = starts(rest, self.lists["first_person"]) and len(rest) > ours
            if ours_first and self.is_verb(rest[ours]):
                return at, self.imperative(rest[ours:])
            wanted = self.wanted(rest)  # "I want the regional authorities to focus on …"
            if wanted is not None:
                return at, wanted
            if any(w.norm == "to" for w in rest[1:8]):
                return None  # "I want this to become normal": not a noun to introduce
            if any(self.bare_verb_after_subject(rest, i) for i in range(1, min(5, len(rest)))):
                return at, self.clause(rest)  # "Titova suggested libraries lend instruments"
            return at, self.noun_item(rest)
        return None

    def asked_that(self, words: list[Word], at: int) -> bool:
        """ "Krasnova also asked that palaces be judged …": asking for a that-clause is a
        directive (``request_verbs``); asking whether, what or someone is not, nor "asked that
        question" (no clause: no subject with a verb of its own after "that")."""
        rest = words[self.after_skips(words, at + 1) :]
        asked = words[at].lemma in self.rules.lemmas["request_verbs"]
        return (
            asked
            and rest[:1] != []
            and rest[0].norm == "that"
            and (self.subject_verb_at(rest, 1, 9) > 1 or self.has_modal(rest[1:]))
        )

    def bare_verb_after_subject(self, words: list[Word], at: int) -> bool:
        """ "libraries lend …", "the museums fund …": a plural subject, then a verb in its base
        form, as after a "that" left out; not "a joint fund" (a noun after an article)."""
        word, before = words[at], words[at - 1]
        plural = before.norm.endswith("s") and not self.is_verb(before)
        single = find(words[:at], self.lists["indefinite_articles"])[1]
        return plural and not single and self.is_verb(word) and word.norm == word.lemma

    def clause(self, words: list[Word]) -> list[Word]:
        """A that-clause: its own modal, an imperative for "we", else "Recommend that …"."""
        modal = self.modal(words)
        if modal is not None:
            return modal[1]
        size = starts(words, self.lists["first_person"])
        if size and size < len(words) and self.is_verb(words[size]):
            return self.imperative(words[size:])
        return [*added(self.rules.words["recommend"]), *self.lower_first(words)]

    def plain_opening(self, words: list[Word]) -> list[Word]:
        """ "It's really so important …" → "It is important …": the contraction spelled out
        and intensifiers dropped in the first words, so one list entry matches every variant."""
        if not words or words[0].norm not in ("it", "there"):
            return words
        out = [words[0]]
        for index, word in enumerate(words[1:6], 1):
            if word.norm in ("to", "that", "for") or word.is_punct:
                return [*out, *words[index:]]
            if word.norm == "'s" and index == 1:
                out.append(replace(word, text="is"))
            elif not starts([word], self.lists["intensifiers"]):
                out.append(word)
        return [*out, *words[6:]]

    def impersonal(self, words: list[Word]) -> Hit:
        """ "It is necessary to create …" → "Create …"; "It is important that" → "Ensure that";
        "It is important for teachers to be trained" → "Recommend that teachers be trained"."""
        words = self.plain_opening(words)
        size = starts(words, self.lists["impersonal_that"])
        if size and size < len(words) and words[size].norm == "that":
            rest = words[size + 1 :]
            person = starts(rest, self.lists["first_person"])
            speaker = person and person < len(rest) and self.is_verb(rest[person])
            if speaker or self.modal(rest) is not None:
                return 0, self.clause(rest)  # "It is vital that we keep …" → "Keep …"
            return 0, [*added(self.rules.words["ensure"]), *rest]
        size = starts(words, self.lists["argument_frames"])
        if size and size + 1 < len(words):  # "There is an argument for looking at that"
            rest = words[size:]
            said = next((i for i, w in enumerate(rest[:4]) if w.norm == "that"), -1)
            if rest[0].norm == "saying" and said > 0:
                return 0, self.clause(rest[said + 1 :])
            if self.is_gerund(rest[0]):
                return 0, [*added(self.rules.words["consider"]), *rest]
        size = starts(words, self.lists["impersonal_frames"])
        if size and size + 2 < len(words) and words[size].norm == "that":
            return 0, self.clause(words[size + 1 :])  # "It is obvious that X must …"
        size = starts(words, self.lists["if_frames"])
        if size and size + 2 < len(words):  # "It would be good if we could preserve …"
            rest = words[size:]
            modal, length = find(rest[:8], self.lists["auxiliaries"])
            if modal > 0 and self.subject_like(rest[:modal]):
                called = [*rest[:modal], *added(self.rules.words["modal"])]
                return 0, self.clause([*called, *rest[modal + length :]])
            for at, word in enumerate(rest[1:8], 1):  # "… if the export centre paid for …"
                if self.is_past(word) and self.subject_like(rest[:at]):
                    said = rest[at:]
                    if word.lemma == "do" and said[1:2] and said[1].norm in ("not", "n't"):
                        said = [replace(said[1], text="not"), *said[2:]]  # "did not leave"
                    verbs = [  # "was extended … and became" → "be extended … and become"
                        replace(w, text=w.lemma)
                        if self.is_past(w) and (i == 0 or said[i - 1].norm == "and")
                        else w
                        for i, w in enumerate(said)
                    ]
                    return 0, self.recommend(rest[:at], verbs, [])
        size = starts(words, self.lists["impersonal"])
        if not size or size + 1 >= len(words):
            return None
        rest = words[size:]
        if rest[0].norm == "to":
            return 0, self.imperative(rest[1:])
        advised = words[0].norm == "it" and rest[1:2] and rest[1].norm == "to"  # not "Our goal is
        if rest[0].norm == "not" and advised:  # not to close …": "It is better not to close …"
            return 0, [*added(self.rules.words["negative"]), *self.imperative(rest[2:])]
        whose = rest[0].norm == "for" or words[size - 1].norm == "to"  # "it is up to X to …"
        if whose and words[0].norm in ("it", "what"):  # "What we want is for X to …"
            start = 1 if rest[0].norm == "for" else 0
            to = next((i for i, w in enumerate(rest[:8]) if w.norm == "to" and i > start), -1)
            if to > start and to + 1 < len(rest) and self.is_verb(rest[to + 1]):
                whom = rest[start:to]  # "What is most important for unions is to have …"
                whom = whom[:-1] if whom and whom[-1].norm in ("is", "are") else whom
                return 0, self.clause([*whom, *added("should"), *rest[to + 1 :]])
        plain = (
            self.is_verb(rest[0]) and rest[0].norm == rest[0].lemma
        )  # "… we should do is review"
        alone = len(rest) < 2 or rest[1].is_punct  # "The problem is funding.": a noun
        return (
            (0, self.imperative(rest)) if (self.is_gerund(rest[0]) and not alone) or plain else None
        )

    def need(self, words: list[Word]) -> Hit:
        """ "There is a need for a design centre …" → "Establish a design centre …"."""
        size = starts(words, self.lists["need_phrases"])
        if not size or size >= len(words) or words[size].norm == "to":
            return None
        if starts(words, self.lists["negations"], size):
            return None
        if self.names_nothing(words[size:]):
            return None  # "We need this, and …": nothing named to introduce
        asked = starts(words, self.lists["listener_words"], size)  # "What we would welcome is
        vague = len(words) - size <= 4 and find(words[size:], self.lists["vague_nouns"])[1]
        if asked or vague:  # your support", "There has to be a better way": no measure named
            return None
        rest = words[size:]
        wanted = self.wanted(rest, known=True)  # "We need this Council to continue …"
        if wanted is not None:
            return 0, wanted
        # "to see facilities developed in …", "there have to be systems put in place …"
        seen = words[size - 1].norm in ("see", "seeing")
        doing = self.subject_verb_at(rest, 0, 8) if seen else -1
        done = rest[doing + 1 : doing + 2] if doing > 0 else []
        acting = done and not done[0].is_punct and done[0].norm != "of"  # not "a set of …"
        acting = acting and not any(w.norm.endswith("ing") for w in rest[: doing + 2])
        placed = rest[doing - 1].norm == "of" or starts(
            rest, self.lists["fronted_openers"], doing - 1
        )
        acting = acting and not placed  # "framework for school …", "introduction of free …"
        if acting and self.subject_like(rest[:doing], 7):
            return 0, self.recommend(rest[:doing], rest[doing:], [])  # "… see museums make …"
        for at, word in enumerate(rest[1:8] if seen or words[size - 1].norm == "be" else [], 1):
            if word.is_punct or starts([word], self.lists["relative_words"]):
                break
            able = seen and starts(rest, self.lists["able_phrases"], at)
            if able and at + able < len(rest):  # "… to see X being able to talk about …"
                whom = [replace(w, space=" ") for w in rest[:at]]
                enable = added(self.rules.words["enable"])
                return 0, [*enable, *self.lower_first(whom), *added("to"), *rest[at + able :]]
            acts = seen and self.is_gerund(word) and at < 5 and self.acts(rest[at:])
            if acts and not starts(rest[at - 1 : at], self.lists["gerund_stops"]):
                verb = replace(word, text=self.gerund_base(word) or word.lemma)  # "X taking up …"
                return 0, self.recommend(rest[:at], [verb, *rest[at + 1 :]], [])
            if starts(rest[at - 1 : at], self.lists["determiners"]):
                continue  # "a named nurse": an adjective, not a passive
            passive = self.passive_item(rest[:at], [Word("be", " ", "be"), *rest[at:]])
            if passive is not None:
                return 0, passive
        return 0, self.noun_item(rest)

    def modal(self, words: list[Word]) -> Hit:
        """ "Regions should stop" → "Recommend that regions stop"; "We should stop" → "Stop";
        "Targets that cannot be measured should be removed" → "Remove targets that cannot be
        measured": a modal right after a relative word belongs to its clause."""
        at, size = find(words, self.lists["modals"], 1)
        while at > 1 and starts(words[at - 1 : at], self.lists["clause_links"]):
            if starts(words[at - 2 : at - 1], self.lists["gerund_stops"]):
                break  # "the timing of that will have to …": "that" is the subject
            later, length = find(words, self.lists["modals"], at + size)
            if later < 0:
                break
            at, size = later, length
        while at > 1 and self.in_relative_clause(words, at):
            at, size = find(words, self.lists["modals"], at + size)  # "ruins that the state
        if at < 1 or at + size >= len(words):  # cannot restore should be leased": "should"
            return None
        opens = max((i + 1 for i, w in enumerate(words[:at]) if w.text in _CLAUSE_MARKS), default=0)
        clause = words[opens:at]
        if opens > 1 and words[opens - 1].text != "," and self.ordered(words[: opens - 1]):
            return None  # "Bring the instruments into …  — children should be allowed …": the
            # order before the dash is the call, the modal after it spells it out
        so = opens > 0 and clause[:1] != [] and clause[0].norm == "so"
        if starts(clause, self.lists["purpose_links"]) or (
            so and self.is_purpose(words[:opens], words[opens + 1 :])
        ):  # "…, so that each village can be linked …", "…, so a team can show …": the
            return None  # purpose, not the call (but "…, so the oblast should pay")
        if starts(words, self.lists["hedged_modals"], at) and is_only(
            words[at - 1 : at], self.lists["relative_words"]
        ):
            return None  # "it could …", "this could …": a forecast, not a call
        subject, condition = self.split_subject(words[:at])
        to_be = [w.norm for w in words[at + size : at + size + 2]] == ["be", "to"]
        linked = words[at].norm in ("is", "are") or to_be  # "our priority should be to keep"
        aimed = linked and find(subject, self.lists["goal_nouns"])[1]
        if aimed and not find(subject, self.lists["negations"])[1]:  # "The first priority is
            goal = words[at + size :]  # to lay …" → "Lay …"; "our priority should be to keep …"
            goal = goal[1:] if goal[0].norm == "be" else goal
            return at, self.imperative(goal[1:] if goal[:1] and goal[0].norm == "to" else goal)
        believes = subject[1:2] and subject[1].lemma in self.rules.lemmas["belief_verbs"]
        if believes and starts(subject, self.lists["first_person"]):
            subject = subject[2:]  # "I think Wales has to …" → "Wales"
        that = next(
            (
                i
                for i, w in enumerate(subject)
                if w.norm == "that"
                and i > 1
                and not starts(subject, self.lists["purpose_links"], i - 1)
            ),
            -1,
        )  # not "so that": a purpose
        if 0 < that < len(subject) - 1 and starts(subject, self.lists["first_person"]):
            subject = subject[that + 1 :]  # "I said that these cities should …": not "I"
        rest = words[at + size :]
        negated = starts(rest[:1], self.lists["negations"])
        possible = starts(words, self.lists["hedged_modals"], at)
        if possible and starts(rest[negated:], self.lists["statement_verbs"]):
            return None  # "Wales cannot afford to crash out …": a statement, not a call
        if rest and rest[0].norm == "n't":  # "PDG shouldn't be …" → "… that PDG not be …"
            rest = [replace(rest[0], text="not"), *rest[1:]]
        fronted = self.fronted(subject)
        if fronted:  # "to implement the plan we will have to make …"
            verbs = self.imperative(self.without_repeated_modals(rest))
            first = verbs[:1] and verbs[0].text != "I" and self.is_common(verbs[0].norm)
            if first:  # "By the end of this year, resolve …"
                verbs = [
                    replace(verbs[0], text=verbs[0].text[0].lower() + verbs[0].text[1:]),
                    *verbs[1:],
                ]
            return at, [*condition, *fronted, *verbs]
        if not subject or len(subject) > 12 or self.subordinate_subject(subject):
            return None  # "Amend the rules so that competitions can …": not the item's modal
        core = self.without_aside(subject)
        if any(
            starts(core, self.lists["not_subjects"], i) and not self.possessive_at(core, i)
            for i in range(len(core))
        ):
            return None  # "there's a view that this needs to …", "that's something that …"
        if any(
            self.is_verb(w) and w.norm.endswith("s") and w.lemma != w.norm and i
            for i, w in enumerate(core)
            if starts(core[i - 1 : i], self.lists["relative_words"])
        ):
            return None  # "This places further weight on the fact that …"
        while len(subject) > 1 and starts(subject[-1:], self.lists["subject_adverbs"]):
            subject = subject[:-1]  # "more attention does need to be given" → "more attention"
        clitics = self.lists["clitics"].by_first  # one-word entries: the suffixes themselves
        clitic = next((c for c in clitics if subject and subject[-1].norm.endswith(c)), "")
        if clitic:  # "The council'll need to …": the tokenizer keeps "council'll" whole
            last = subject[-1]
            subject = [*subject[:-1], replace(last, text=last.text[: -len(clitic)])]
        said = [w for w in subject if not starts([w], self.lists["hedges"])]
        linked = starts(said[-1:], self.lists["clause_links"])  # not "the timing of that"
        if len(said) > 3 and linked and not starts(said[-2:-1], self.lists["gerund_stops"]):
            return None  # "an appeal for that to be something that perhaps can be raised"
        plain = [w for w in subject if not starts([w], self.lists["subject_adverbs"])]
        rest = self.without_repeated_modals(rest)
        if is_only(plain, self.lists["first_person"]):
            floating = starts(rest, self.lists["floating_quantifiers"]) == 1
            if floating and rest[1:2] and self.is_verb(rest[1]):
                rest = rest[1:]  # "We must all work on this" → "Work on this"
            return at, self.imperative(rest)
        passive = self.passive_item(subject, rest)
        stated = passive and starts([Word(passive[0].lemma)], self.lists["no_imperative"])
        if passive is not None and stated:  # "should be agreed …": not the order "Agree …"
            return at, self.recommend(subject, self.drop_hedges(rest), condition)
        if passive is not None:  # "If the shuttle runs half-empty, do not cancel it"
            return at, [*condition, *self.lower_first(passive)] if condition else passive
        defined = [w.norm for w in rest[:2]] == ["be", ":"] and len(rest) > 4
        if defined and self.subject_like(subject) and not self.names_nothing(subject):
            item = self.noun_item(self.lower_first(subject))  # "the rule should be: free for
            return at, [
                *item[:-1],
                replace(item[-1], space=""),
                *rest[1:],
            ]  # …" → "Adopt the rule: …"
        state = self.state_of(subject, rest)
        if state is not None:  # "Training should be constant" → "Ensure that training is …"
            return at, self.recommend(subject, state, condition, "ensure")
        return at, self.recommend(subject, self.drop_hedges(rest), condition)

    def ordered(self, words: list[Word]) -> bool:
        """Whether the words are an order: a verb's base form first, its object after it
        ("bring the instruments …", "give them …"), no modal."""
        opened = self.drop_leading(words)
        if len(opened) < 3 or find(opened, self.lists["modals"])[1]:
            return False
        verb, after = opened[0], opened[1:2]
        objects = (self.lists["determiners"], self.lists["object_pronouns"])
        return (
            self.is_verb(verb)
            and verb.norm == verb.lemma
            and any(starts(after, phrases) for phrases in objects)
        )

    def in_relative_clause(self, words: list[Word], at: int) -> bool:
        """Whether the modal at ``at`` is a relative clause's, its own subject between it and
        the relative word ("ruins that the state cannot restore", "a contract that every
        museum can sign", "instruments, that the children can take home"): it says what the
        noun is, not what to do. After a past form or a word that takes a that-clause
        ("ensure that the city can …", "so important that we can …") the relative word opens
        the call itself; after a comma, when any word before it could take one ("proposed,
        and several speakers agreed, that …")."""
        for link in range(max(1, at - 9), at - 1):
            if not starts(words[link : link + 1], self.lists["relative_links"]):
                continue
            subject = words[link + 1 : at]
            opens = starts(subject, self.lists["determiners"]) or starts(
                subject, self.lists["subject_pronouns"]
            )
            modal = find(subject, self.lists["modals"])[1]
            plain = not modal and not any(w.is_punct for w in subject)
            heads = words[link - 1 : link]
            if heads[0].text == ",":
                heads = [w for w in words[:link] if not w.is_punct]
            return bool(opens) and plain and not any(self.takes_clause(w) for w in heads)
        return False

    def takes_clause(self, word: Word) -> bool:
        """Whether a that-clause may follow ``word``: a verb of saying, believing, hoping,
        proposing, asking or needing, any past form, a word of ``complement_heads``, a
        pronoun ("see eye to eye with you that …"), a mark other than a comma."""
        lemmas = self.rules.lemmas
        return (
            starts([word], self.lists["complement_heads"]) > 0
            or starts([word], self.lists["object_pronouns"]) > 0  # "agree with you that …"
            or any(word.lemma in lemmas[key] for key in self.clause_verb_lists)
            or (self.is_past(word) and word.text[:1].isalpha())  # not a possessive "'s"
            or (word.is_punct and word.text != ",")
        )

    #: lemma lists of verbs that take a that-clause (the relative word after them opens it)
    clause_verb_lists = (
        "report_verbs",
        "belief_verbs",
        "hope_verbs",
        "directive_verbs",
        "request_verbs",
        "assent_verbs",
        "need_verbs",
    )

    def conditional(self, words: list[Word]) -> Hit:
        """ "I would spend that money on the historic centre" → "Spend that money on the
        historic centre", "We'd open a studio in every district" → "Open a studio …": what
        speakers say they would do themselves is their proposal; not a verb of saying,
        thinking or wishing ("I would say that …", ``conditional_stops``)."""
        lead = starts(words, self.lists["conditional_leads"])
        rest = words[lead:]
        skipped = starts(rest, self.lists["leading_adverbs"]) or starts(  # "I would also …",
            rest, self.lists["negations"]
        )  # "I would not cut …" → "Do not cut …"
        verb = rest[skipped : skipped + 1]
        if not lead or not verb or len(rest) < skipped + 2 or not self.is_verb(verb[0]):
            return None
        if verb[0].norm != verb[0].lemma or verb[0].lemma in self.rules.lemmas["conditional_stops"]:
            return None  # "I would have thought", "I'd argue"
        return len(words), self.imperative(rest)  # the other rewrites' cues first

    def split_subject(self, words: list[Word]) -> tuple[list[Word], list[Word]]:
        """As in both languages; a relative clause between commas right before the predicate
        stays with its noun: "The master plan of Orsk, which is now being revised, should …"."""
        commas = [i for i, w in enumerate(words) if w.text == ","]
        aside = len(commas) > 1 and commas[-1] == len(words) - 1
        if aside and starts(words, self.lists["subordinators"], commas[-2] + 1):
            subject, condition = super().split_subject(words[: commas[-2]])
            if subject and not any(w.is_punct for w in subject):
                return [*subject, *words[commas[-2] :]], condition
        subject, condition = super().split_subject(words)
        return self.with_noun_modifier(words, subject), condition

    def with_noun_modifier(self, words: list[Word], subject: list[Word]) -> list[Word]:
        """The subject with the word before it kept when that word is a verb of reporting's
        base form before a noun: "state museum shops" (dropped as if "state" framed the
        rest), not "said the oblast", "think the regions"."""
        at = next((i for i, w in enumerate(words) if subject and w is subject[0]), -1)
        before = words[at - 1] if at > 0 else None
        if before is None or before.norm != before.lemma or before.is_punct:
            return subject
        if before.lemma not in self.rules.lemmas["report_verbs"]:
            return subject
        framing = (
            self.lists["determiners"],
            self.lists["subject_pronouns"],
            self.lists["first_person"],
        )
        if any(starts(subject, phrases) for phrases in framing):
            return subject
        return [before, *subject]

    def subordinate_subject(self, subject: list[Word]) -> bool:
        """Whether a subordinator opens a clause of its own inside the subject ("Amend the
        rules so that competitions …"); a relative clause between commas is the subject's
        ("The master plan of Orsk, which is now being revised, should …")."""
        at, _ = find(subject, self.lists["subordinators"])
        if at < 0:
            return False
        aside = at > 1 and subject[at - 1].text == "," and subject[-1].text == ","
        noun = subject[at - 1] if at else None  # "Families who host tourists (should …)": a
        restrictive = (  # relative clause right after its noun is the subject's too
            noun is not None
            and subject[at].norm in ("who", "which")
            and not noun.is_punct
            and not any(self.is_verb(w) for w in subject[:at])  # not "tell me who …"
            and not starts([noun], self.lists["first_person"])
            and not starts([noun], self.lists["object_pronouns"])  # "me who …": no noun
            and not find(subject[:at], self.lists["subordinators"])[1]
        )
        return not (restrictive or (aside and starts(subject[at:], self.lists["relative_words"])))

    def without_aside(self, subject: list[Word]) -> list[Word]:
        """The subject less a relative clause between commas (:meth:`subordinate_subject`)."""
        at, _ = find(subject, self.lists["subordinators"])
        if at > 1 and subject[at - 1].text == "," and subject[-1].text == ",":
            return subject[: at - 1]
        return subject

    def possessive_at(self, subject: list[Word], at: int) -> bool:
        """ "Magnitogorsk's municipal strategy": a "'s" after a noun, not after "that"."""
        return (
            at > 0
            and subject[at].norm in ("'s", "’s")
            and not subject[at - 1].is_punct
            and not starts(subject[at - 1 : at], self.lists["contracting_words"])
            and not starts(subject[at - 1 : at], self.lists["first_person"])
        )

    def state_of(self, subject: list[Word], rest: list[Word]) -> list[Word] | None:
        """ "be constant …", "not be a burden …", "always be available …" said of ``subject``
        as a fact to ensure: "is constant …", "are not a burden …", "are always available …";
        None when ``rest`` is no state."""
        negated = starts(rest[:1], self.lists["negations"]) == 1
        skipped = self.after_skips(rest, negated)
        adverbs, body = rest[negated:skipped], rest[skipped:]
        if len(body) < 2 or body[0].norm != "be" or not subject:
            return None
        if starts(subject, self.lists["first_person"]) or self.is_gerund(body[1]):
            return None  # "we should be …", "be looking to …": the speaker's or an action
        if self.participle_base(body[1]) is not None or body[1].norm == "able":
            return None  # "be headed by …", "they be given …": a passive; "be able to": a power
        if any(
            body[i - 1].norm in (",", "and", "or") and self.is_verb(w) and w.norm == w.lemma
            for i, w in enumerate(body[2:], 2)
        ):
            return None  # "be safe …, serve them …": another verb would lose its subject
        chunk: list[Word] = []
        for word in subject:
            if chunk and word.norm != "and" and starts([word], self.lists["chunk_ends"]):
                break  # "the quality of …": the head before "of"; "X and Y" both count
            chunk.append(word)
        head = chunk[-1]
        # "guarding the sites (must be …)": an -ing form first is one act, whatever its object
        acting = self.is_gerund(subject[0]) and not starts(subject, self.lists["determiners"])
        plural = any(w.norm == "and" for w in chunk) or (
            not acting
            and (
                starts([head], self.lists["plural_words"])
                or (head.norm.endswith("s") and head.lemma != head.norm)
            )
        )
        verb = Word("are" if plural else "is", " ", "be")
        return [verb, *rest[:negated], *adverbs, *self.drop_hedges(body[1:])]

    def fronted(self, subject: list[Word]) -> list[Word]:
        """ "to implement the plan we", "while approving the package we": an adverbial
        phrase before the speaker's "we", kept in front of the imperative with a comma;
        nothing when the subject is not such a phrase."""
        plain = subject
        while len(plain) > 1 and starts(plain[-1:], self.lists["subject_adverbs"]):
            plain = plain[:-1]
        person = plain[-1:] and starts(plain[-1:], self.lists["first_person"])
        if len(plain) < 3 or not person or not starts(plain, self.lists["fronted_openers"]):
            return []
        phrase = plain[:-1]
        if any(w.is_punct for w in phrase):
            return []
        return [*phrase[:-1], replace(phrase[-1], space=""), Word(",", " ")]

    def participle_base(self, word: Word) -> str | None:
        """The verb of a past participle ("restored" → "restore", "given" → "give"), checked
        against the verb list where the lookup lemma is off ("developed" → "develope")."""
        if starts([word], self.lists["plain_participles"]):
            return word.norm  # "systems put in place"
        if word.norm == word.lemma or not word.norm.endswith(("ed", "en", "wn", "ne", "t")):
            return None
        stem = word.norm[:-2]
        doubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
        for candidate in (word.lemma, stem, word.norm[:-1], doubled):
            if candidate in self.verbs:
                return candidate
        return None

    def without_repeated_modals(self, words: list[Word]) -> list[Word]:
        """ "have … and must have …" → "have … and have …", "…; we need to train …" → "…;
        train …", "be safe …, should serve …" → "be safe …, serve …": the modal said again is
        dropped; after a comma only while no relative clause has begun ("regions that, in
        six months, should create …" keeps its own modal)."""
        kept, index = [], 0
        while index < len(words):
            relative = find(kept, self.lists["relative_words"])[1]
            joined = index and (
                words[index - 1].norm in ("and", ";")
                or (words[index - 1].text == "," and not relative)
            )
            person = starts(words, self.lists["first_person"], index) if joined else 0
            size = starts(words, self.lists["modals"], index + person) if joined else 0
            if size:  # "…; we need to train teachers" → "…; train teachers"
                index += person + size
                continue
            kept.append(words[index])
            index += 1
        return kept

    def passive_item(self, subject: list[Word], rest: list[Word]) -> list[Word] | None:
        """ "the city should be restored" → "Restore the city"; "three tasks need to be carried
        out: …" → "Carry out three tasks: …"; "must not be merged" → "Do not merge …".

        Not for an agent ("… be headed by …") nor an adjective ("be ready", "be aware")."""
        negated = bool(rest) and starts(rest[:1], self.lists["negations"]) == 1
        rest = rest[negated:]
        if len(rest) < 2 or rest[0].norm != "be":
            return None
        verb = rest[1]
        lemma = self.participle_base(verb)
        if lemma is None or starts([Word(lemma)], self.lists["statement_verbs"]):
            return None  # "members should be known to everyone": a state, not a deed
        if starts(subject[-1:], self.lists["subject_pronouns"]):
            return None  # "they be given …", "something that be complemented …"
        after = rest[2:]
        if starts([verb], self.lists["plain_participles"]) and not starts(
            after, self.lists["participle_links"]
        ):
            return None  # "a minimum set of …": a noun; "systems put in place": a passive
        particle = after[:1] if starts(after, self.lists["particles"]) == 1 else []
        if find(after[len(particle) : len(particle) + 3], self.lists["agent_words"])[1]:
            return None  # "be kept not by the government but by …": who does it matters
        base = replace(verb, text=lemma, space=" ")
        second = (
            self.participle_base(after[1]) if len(after) > 2 and after[0].norm == "and" else None
        )
        if second and not particle:  # "must be recorded and published with …" → "Record and
            base = [base, after[0], replace(after[1], text=second, space=" ")]  # publish …"
            after = after[2:]
        else:
            base = [base]
        last = len(particle) + len(subject) - 1  # the subject keeps its spacing ("cannot")
        moved = [
            replace(w, space=" " if i < len(particle) or i == last else w.space)
            for i, w in enumerate([*particle, *subject])
        ]
        head = added(self.rules.words["negative"]) if negated else []
        verb_first = [*head, *base, *moved[: len(particle)]]
        return [*verb_first, *self.lower_first(moved[len(particle) :]), *after[len(particle) :]]

    def needs_object(self, words: list[Word]) -> Hit:
        """ "Festivals in small towns need their own grant line" → "Provide festivals … with …"."""
        for at, word in enumerate(words[1:14], 1):
            if word.lemma not in self.rules.lemmas["need_verbs"] or self.is_gerund(word):
                continue
            if at >= 10 and find(words[:at], self.lists["example_links"])[0] < 0:
                return None  # only examples ("such as Kostomuksha and Segezha") reach so far
            rest = words[at + 1 :]
            passive = word.norm in ("needed", "required") and words[at - 1].norm in ("is", "are")
            if passive and rest and not starts(rest, self.lists["negations"]):
                return at, self.noun_item([*words[: at - 1], *rest])  # "X are needed (to …)"
            if not rest or rest[0].norm == "to" or starts(rest, self.lists["negations"]):
                return None
            subject = words[:at]
            while len(subject) > 1 and starts(subject[-1:], self.lists["subject_adverbs"]):
                subject = subject[:-1]  # "This matter also needs …"
            if self.is_gerund(rest[0]) and self.has_object(rest):
                return at, self.imperative(rest)  # "X would require setting up a council"
            if self.is_gerund(rest[0]) and len(subject) <= 4:
                return at, self.done_to(subject, rest)  # "This matter needs thinking over"
            if starts(subject, self.lists["relative_words"]) and len(subject) <= 3:
                return at, [*added(self.rules.words["secure"]), *rest]  # "It requires the …"
            examples = find(subject, self.lists["example_links"])[
                0
            ]  # "towns such as A and B": one subject
            core = subject[:examples] if examples > 0 else subject
            if not self.subject_like(core, 8) or find(subject, self.lists["negations"])[1]:
                return None
            named = subject[examples + 2 :] if examples > 0 else []
            if not all(w.text[:1].isupper() or w.norm in ("and", ",") for w in named):
                return None  # the examples are names
            if find([*subject, rest[0]], self.lists["not_subjects"])[1]:
                return None  # "at least 1,800 are still needed", "All one needs is …"
            if is_only(subject, self.lists["first_person"]):
                return None if self.names_nothing(rest) else (at, self.noun_item(rest))
            fronted = self.fronted(subject)  # "In Porkhov and Izborsk we need design codes"
            if fronted and not self.names_nothing(rest):
                item = self.noun_item(rest)
                return at, [*fronted, replace(item[0], text=item[0].text.lower()), *item[1:]]
            provide, with_ = (
                added(self.rules.words["provide"]),
                added(self.rules.words["provide_with"]),
            )
            return at, [*provide, *self.lower_first(subject), *with_, *rest]
        return None

    def acts(self, words: list[Word]) -> bool:
        """Whether the -ing form opening ``words`` is a verb with what it does: "taking up
        apprenticeships", "coming out of category", "demonstrating their evidence" (a particle
        or an object), not "funding settlement" (a noun's modifier)."""
        return self.has_object(words) or starts(words, self.lists["particles"], 1) > 0

    def has_object(self, words: list[Word]) -> bool:
        """Whether the verb opening ``words`` has its own object: "setting up an inter-agency
        council", "expanding the freedom …" (a determiner after it, or after its particle)."""
        at = self.after_skips(words, 1 + (starts(words, self.lists["particles"], 1) == 1))
        return starts(words, self.lists["determiners"], at) > 0  # "forming already this year …"

    def names_nothing(self, words: list[Word]) -> bool:
        """ "this", "it", "more" and nothing more before a comma: no measure to introduce."""
        pronoun = starts(words, self.lists["bare_pronouns"]) == 1
        pronoun = pronoun or starts(words, self.lists["determiners"]) == 1
        return pronoun and (len(words) == 1 or words[1].is_punct)

    def done_to(self, subject: list[Word], rest: list[Word]) -> list[Word]:
        """ "needs thinking over and articulating" with "this matter" → "Think over and
        articulate this matter": each coordinated -ing form as the base form, then the thing."""
        verbs: list[Word] = []
        for word in rest:
            if self.is_gerund(word):
                verbs.append(replace(word, text=self.gerund_base(word) or word.lemma, space=" "))
            elif word.norm in ("and", "or") or starts([word], self.lists["particles"]):
                verbs.append(replace(word, space=" "))
            else:
                break
        tail = rest[len(verbs) :]
        thing = [replace(w, space=" ") for w in subject]
        return [*verbs, *self.lower_first(thing), *tail]

    def drop_report(self, words: list[Word]) -> list[Word]:
        """ "Koroleva said that …", "I think regions should …", "He argued that …", "It was
        stressed that …", "They know my view that …", "I agree with our colleagues who say
        …"; not "Let us consider …", a call, nor "We hope that …" (a hope stays one)."""
        view_at, size = find(words[:12], self.lists["view_frames"])
        view = words[view_at + size :] if view_at >= 0 else []
        if self.is_call(view) and not any(w.is_punct for w in words[:view_at]):
            return view  # "They know my view that we've got to …"; not "My view is that X is"
        opener = starts(words, self.lists["passive_openers"])
        verb = words[opener : opener + 1]
        reported = opener and verb and verb[0].lemma in self.rules.lemmas["report_verbs"]
        clause = words[opener + 2 :] if reported and words[opener + 1 : opener + 2] else []
        if clause and words[opener + 1].norm == "that" and self.is_call(clause):
            return clause  # "It was stressed that we must …"; not "It was said that X was …"
        at = self.report_verb_at(words, 7) if not starts(words, self.lists["hortatives"]) else -1
        hoped = at >= 0 and words[at].lemma in self.rules.lemmas["hope_verbs"]
        if hoped and not starts(words[at - 1 : at], self.lists["determiners"]):
            return words  # a hope, but not "My hope would be that …" (a noun)
        if at >= 0:
            word = words[at]
            rest = words[self.after_skips(words, at + 1) :]
            said = next(
                (
                    i
                    for i, w in enumerate(rest[1:8], 1)
                    if w.lemma in self.rules.lemmas["report_verbs"]
                    and starts(rest[i - 1 : i], self.lists["subject_pronouns"])
                ),
                -1,
            )  # "I agree with our colleagues who say it is time to …"
            if said > 0 and not any(w.is_punct for w in rest[:said]):
                rest = rest[said + 1 :]
                return rest[1:] if rest[:1] and rest[0].norm == "that" else rest
            that = next((i for i, w in enumerate(rest[:4]) if w.norm == "that"), -1)
            named = next((i for i, w in enumerate(rest[:7]) if w.norm == "that"), -1)
            if that < 0 and named > 0 and starts(rest[named - 1 : named], self.lists["lead_nouns"]):
                that = named  # "I agree with Mr Zhukov's initiative that …"
            if that == 2 and rest[0].norm == "it":  # "We think it important that …" → "It
                return [*added("It is"), *rest[1:]]  # is important that …" (ensured)
            if that == 0 or (that > 0 and not any(w.is_punct for w in rest[:that])):
                return rest[that + 1 :]  # "I completely agree with you that …"
            modal_at, _ = find(rest[:8], self.lists["modals"])
            subject = words[:at]
            plain = len(subject) <= 3 and not any(
                w.lemma in self.rules.lemmas["directive_verbs"] for w in subject
            )
            believes = word.lemma in self.rules.lemmas["belief_verbs"] and plain and len(rest) > 3
            agreed = plain and starts(subject, self.lists["first_person"]) and self.is_call(rest)
            return rest if modal_at > 0 or believes or agreed else words  # "I agree it would be
        return words  # right to raise …" → "Raise …"
