"""What both languages do: strip what is not the measure, then try each rewrite.

A rewrite looks for its cue (a modal, a proposing verb, a need word) and gives the new
words and where its cue stood; the earliest cue wins, so «Нужно начать с кооперации:
фабрики … могут …» is rewritten at «нужно», not at «могут».
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .rules import WordingRules
from .words import Word, added, find, finish, is_only, starts

Rewrite = Callable[[list[Word]], "tuple[int, list[Word]] | None"]
_QUOTES_AND_DASHES = frozenset({",", ";", ":", "—", "–", "-", '"', "«", "»", "…", "."})
_TAIL_OPENERS = frozenset({",", '"', "—", "–"})
_CLAUSE_ENDS = frozenset({",", ".", ";"})
_CLOSING_QUOTES = {"»": ("«",), '"': ('"',), "”": ("“",), "“": ("„",)}


class Rewording:
    """Turns a proposal's words into a resolution item (language subclasses add the rewrites)."""

    def __init__(self, rules: WordingRules) -> None:
        self.rules = rules
        self.lists = rules.lists

    def __call__(self, words: list[Word]) -> str:
        stripped = self.strip(self.recast(words))
        framed = self.drop_frames(words)
        reach = {w.at for w in framed}
        makers: list[Callable[[], list[Word] | None]] = [
            lambda: self.reworded(stripped),
            lambda: stripped,
            lambda: self.reworded(framed),  # lighter: the sentence less only its frame
            lambda: framed,
        ]
        index = 0
        while index < len(makers):  # the fullest edit accepted
            edit = makers[index]()
            index += 1
            if edit is None:
                continue
            item = self.without_possessives(self.drop_leading(self.without_remark(edit)))
            item = self.with_request_worded(words, item)
            if not self.sound(words, item):
                continue
            if not self.orphaned(words, item, reach):
                return finish(item)
            call = self.call_cut_off(framed, item) if index <= 2 else None
            if call:  # «Парковку вынести …, это может сделать район»: the call cut off
                makers.insert(index, lambda call=call: self.reworded(call))
        return finish(words)

    def with_request_worded(self, words: list[Word], item: list[Word]) -> list[Word]:
        """The item made of ``words`` with a request reported after it in the speaker's past
        worded as the resolution's (the language says how); as it is by default."""
        return item

    def call_cut_off(self, framed: list[Word], item: list[Word]) -> list[Word] | None:
        """The clause an orphaned item cut off before it, when that clause makes the call
        («парковку вынести за три километра …», «пусть маркетплейс снизит комиссию …»): the
        item the pronoun stood for; None when it makes none."""
        kept = [w.at for w in item if w.at >= 0]
        before = [w for w in framed if w.at < min(kept)] if kept else []
        marks = [i for i, w in enumerate(before) if w.is_punct]
        call = self.drop_leading(before[: marks[-1]]) if marks else []
        particles = self.lists.get("subject_particles")  # «хотя бы пусть …»
        call = call[starts(call, particles) :] if particles else call
        if any(w.is_punct for w in call) or sum(not w.is_punct for w in call) < 4:
            return None  # one clause only
        let = self.lists.get("let_words")
        return call if self.is_call(call) or bool(let and find(call, let)[1]) else None

    def without_remark(self, item: list[Word]) -> list[Word]:
        """The speaker's own remark after the last dash ("… as a separate category — we can't
        compete with the Russian-language ones", «…, за неделю, — у нас однажды перекрыли
        дорогу …»): a statement about the speaker's side, no call, goes."""
        dashes = [i for i, w in enumerate(item) if w.text in ("—", "–")]
        dash = dashes[-1] if len(dashes) % 2 else -1  # not the dash closing an aside
        if dash < 4 or (item[dash - 1].is_punct and item[dash - 1].text != ","):
            return item
        tail = [w for w in item[dash + 1 :] if w.text not in (".", "!")]
        if len(tail) < 3 or not find(tail, self.lists["first_person"])[1]:
            return item
        spoken = self.is_statement(tail) or starts(tail, self.lists["first_person"])
        if not spoken or self.is_call(tail):  # "— we can't compete …" states, calls for nothing
            return item
        end = dash - 1 if item[dash - 1].text == "," else dash
        return [*item[:end], *item[len(item) - (len(item[dash + 1 :]) - len(tail)) :]]

    def drop_frames(self, words: list[Word]) -> list[Word]:
        """The sentence less only what frames it (openers, the reporting frame and tail, an
        address, hedges), every clause kept: the fallback when the full strip cut the words
        the item's pronoun stands for, or its rewrite does not read."""
        words = self.drop_vocatives(self.drop_false_start(words))
        words = self.drop_inner_frames(self.drop_attribution(self.drop_tails(words)))
        while True:
            before = len(words)
            words = self.drop_enumeration(self.drop_leading(words))
            words = self.drop_report(self.drop_frame(words))
            if len(words) == before:
                return self.drop_hedges(words)

    def orphaned(self, words: list[Word], item: list[Word], reach: set[int]) -> bool:
        """Whether the item keeps a pronoun ("order it", «сделать это») for the measure a
        clause it cut off before it made («Парковку вынести …, это может сделать район» →
        «Рекомендовать району сделать это»; "A regular shuttle … — that's what's needed, and
        the republics could order it together"), or for the topic named before a dash ("Brown
        road signs, for a start — the oblast should put them up …"). ``reach``: where the
        words less their frame stood, so a frame cut off («По словам Мельникова, …») is no
        clause lost. A statement cut off before the pronoun («Распоряжения приняты, их надо
        реализовать») is not counted: its item, anaphor and all, reads as a measure."""
        anaphors = self.lists.get("anaphors")
        kept = [w.at for w in item if w.at >= 0]
        if not anaphors or not kept or not any(w.at >= 0 and starts([w], anaphors) for w in item):
            return False
        before = [w for w in words if w.at in reach and w.at < min(kept)]
        # the clause cut off ends with a mark; the words right before the item with no mark
        # between are its own, worded anew («Регионам следует …» → «Рекомендовать …»)
        marks = [i for i, w in enumerate(before) if w.is_punct]
        if not marks:
            return False
        governed = before[marks[-1] + 1 : marks[-1] + 2] or [w for w in item if w.at == min(kept)]
        if starts(governed, self.lists["subordinators"]):
            return False  # «Было бы полезно, чтобы на этом портале …»: the frame of the item
        cut = self.drop_leading(before[: marks[-1] + 1])
        start = max((i + 1 for i, w in enumerate(cut[:-1]) if w.is_punct), default=0)
        clause = self.drop_leading(cut[start:])  # the clause right before the item
        particles = self.lists.get("subject_particles")  # «хотя бы пусть …»: no «хотя …»
        clause = clause[starts(clause, particles) :] if particles else clause
        if find(cut, self.lists["first_person"])[1] or not self.names_something(cut):
            return False  # «У нас сил и средств достаточно – …»: the speaker's own remark
        short = sum(not w.is_punct for w in cut) <= 8
        if cut[-1].text in ("—", "–") and short and not self.has_modal(cut):
            return True  # "Brown road signs, for a start — the oblast should put them up"
        said = self.rules.lemmas["report_verbs"] | self.rules.lemmas["directive_verbs"]
        opened = (self.lists["conditions"], self.lists["subordinators"])
        links = self.lists.get("clause_links")  # "X objected that such a condition might …"
        reported = bool(links) and any(starts(clause, links, i) for i in range(1, 5))
        if reported or any(starts(clause, phrases) for phrases in opened):
            return False  # «Если что-то нужно …, прошу …»: no call of its own
        if any(w.lemma in said for w in clause):
            return False
        let = self.lists.get("let_words")
        called = self.is_call(clause) or bool(let and find(clause, let)[1])
        return called and sum(not w.is_punct for w in clause) >= 4

    def names_something(self, words: list[Word]) -> bool:
        """Whether the words could name what a later pronoun stands for (the language tells);
        by default two words of four letters or more."""
        return sum(w.text.isalpha() and len(w.text) > 3 for w in words) >= 2

    def recast(self, words: list[Word]) -> list[Word]:
        """The sentence in a form the rewrites know, where a report hides it (a quotation
        followed by the request it was said with, a request before a colon); the language
        says which. The words keep where they stood (``Word.at``) for :meth:`sound`."""
        return words

    def suggesting_question(self, words: list[Word]) -> list[Word]:
        """«Почему бы библиотекам не выдавать инструменты?» → «библиотекам стоит выдавать
        инструменты», "Why not let libraries lend instruments?" → "let libraries lend …": a
        question that suggests, as the call it means (``why_not``: the words that open it, then
        ``why_not_call``: the modal that replaces them); the quotation's attribution goes."""
        if words and words[0].text in ('"', "«", "“"):
            end = next((i for i, w in enumerate(words) if w.text == "?"), -1)
            words = words[1 : end + 1] if end > 0 else words
        size = starts(words, self.lists["why_not"])
        if not size or len(words) < size + 2 or words[-1].text != "?":
            return words
        rest = [*words[size:-1], Word(".", "", ".")]
        negation = next((i for i, w in enumerate(rest[:5]) if w.norm in ("не", "not")), -1)
        if negation == 0:  # «Почему бы не создать …»
            return rest[1:]
        if negation > 0:  # «Почему бы библиотекам не выдавать …»
            call = added(self.rules.words["why_not_call"])
            return [*rest[:negation], *call, *rest[negation + 1 :]]
        return rest

    def means_only(self, words: list[Word]) -> list[Word]:
        """«Волгу надо вернуть горожанам …, а для этого регионам необходимо вкладываться в …»,
        "the real measure is to keep graduates here, and for that the republics need to
        compensate …": the aim, then the means with its own addressee; the means is the item."""
        at, size = find(words, self.lists["means_links"], 3)
        after = words[at + size :] if at > 0 else []
        return after if len(after) > 3 and self.is_call(after) else words

    def requesting(self, word: Word) -> bool:
        """Whether the word is a verb of proposing or appealing («предложил», "asked")."""
        raise NotImplementedError

    def without_assent(self, words: list[Word]) -> list[Word]:
        """«Ахметшин поддержал и предложил провести пилот …», "Yalkaeva agreed, but asked that
        …" → «Ахметшин предложил …», "Yalkaeva asked that …": agreeing with what was said
        before is no part of the proposal."""
        for at, word in enumerate(words[1:5], 1):
            if word.lemma not in self.rules.lemmas["assent_verbs"]:
                continue
            if find(words[:at], self.lists["first_person"])[1]:
                return words  # «Мы готовы поддержать и просим …»: the speaker's own stance
            for link in range(at + 1, min(at + 9, len(words) - 2)):
                size = starts(words, self.lists["assent_links"], link)
                plain = not any(w.is_punct for w in words[at:link])
                if size and plain and self.requesting(words[link + size]):
                    return [*words[:at], *words[link + size :]]
            return words
        return words

    def sound(self, words: list[Word], item: list[Word]) -> bool:
        """Whether an edit of ``words`` left a sound item (no fixed expression cut in two, no
        fragment torn from its head, no broken start, no modal after "Recommend that"); every
        edit is, unless the language checks."""
        return True

    def without_possessives(self, words: list[Word]) -> list[Word]:
        """The speaker's and the listener's possessives before a word («наши месторождения»,
        "your regions"): a resolution speaks for no one, so they go (ru) or become "the" (en)."""
        definite = self.rules.words.get("definite")
        out: list[Word] = []
        index = 0
        while index < len(words):
            size = starts(words, self.lists["speaker_possessives"], index)
            following = words[index + size : index + size + 1]
            if size and following and self.possessive_goes(words[:index], words[index + size :]):
                last = words[index + size - 1]
                out.extend([Word(definite, last.space, definite)] if definite else [])
                index += size
                continue
            out.append(words[index])
            index += 1
        return out

    def possessive_goes(self, before: list[Word], after: list[Word]) -> bool:
        """Whether a possessive between these words can go (the language says when)."""
        raise NotImplementedError

    def reworded(self, words: list[Word]) -> list[Word] | None:
        """The words as the rewrite whose cue stands first gives them; None when no cue."""
        found = [hit for rewrite in self.rewrites() if (hit := rewrite(words)) is not None]
        return self.without_additives(min(found, key=lambda hit: hit[0])[1]) if found else None

    def without_additives(self, item: list[Word]) -> list[Word]:
        """ "Recommend that regions also keep …", «Принять для республики также …»: "also"
        points at what the speaker said before; a resolution item stands alone. Kept after
        a conjunction ("but also", «а также»), which it belongs to."""
        out: list[Word] = []
        for index, word in enumerate(item):
            linked = index and starts(item[index - 1 : index], self.lists["additive_links"])
            if index and not linked and starts([word], self.lists["additive_adverbs"]):
                continue
            out.append(word)
        return out

    def rewrites(self) -> list[Rewrite]:
        """The language's rewrites, in order of preference for cues at the same place."""
        raise NotImplementedError

    def is_call(self, words: list[Word]) -> bool:
        """Whether a few words already hold the call (a modal, an infinitive, «предлагаю»)."""
        return self.has_modal(words)

    def has_modal(self, words: list[Word]) -> bool:
        """Whether the words hold a modal or an infinitive call («нужно», "should")."""
        raise NotImplementedError

    def drop_report(self, words: list[Word]) -> list[Word]:
        """The speaker's frame: "Koroleva said that …", «Он убеждён, что …»."""
        raise NotImplementedError

    # -------------------------------------------------------------- stripping

    def strip(self, words: list[Word]) -> list[Word]:
        words = self.drop_vocatives(self.cut_justification(self.drop_false_start(words)))
        words = self.drop_inner_frames(self.drop_attribution(self.drop_tails(words)))
        words = self.drop_quoted_tail(words)
        words = self.drop_negated_lead(self.cut_justification(words))
        while True:
            before = len(words)
            words = self.drop_enumeration(self.drop_lead_in(self.drop_leading(words)))
            words = self.drop_report(self.drop_frame(words))
            words = self.last_clause(self.drop_concession(words))
            if len(words) == before:
                return self.drop_hedges(words)

    def drop_quoted_tail(self, words: list[Word]) -> list[Word]:
        """'… to hire a share of local crew, "maybe a fifth, not more".', «… по одной методике,
        «иначе мы опять ничего не сравним».»: the speaker's own words quoted after a comma or a
        colon that closes the call are a remark on it (three words or more: not a name)."""
        body = words[:-1] if words and words[-1].text in (".", "!") else words
        closing = body[-1].text if body else ""
        if closing not in _CLOSING_QUOTES:
            return words
        opening = _CLOSING_QUOTES[closing]
        start = max((i for i, w in enumerate(body[:-1]) if w.text in opening), default=-1)
        inside = [w for w in body[start + 1 : -1] if not w.is_punct]
        if start < 5 or body[start - 1].text not in (",", ":") or len(inside) < 3:
            return words
        if all(w.text[:1].isupper() for w in inside if w.text.isalpha()):
            return words  # a name: «Северное Кольцо Карелии»
        if body[start - 1].text == ":" and not self.is_statement(inside):
            return words  # «назвать маршрут так: «северное кольцо наших сёл»»: what is named
        kept = body[: start - 1]
        return [*kept, *words[len(body) :]] if self.holds_call(kept) else words

    def drop_concession(self, words: list[Word]) -> list[Word]:
        """«Понятно, что …, но если …, предусмотреть …», "X is hard, but we must …": what
        is conceded before "but" makes no call, the call after it is the item."""
        at, size = find(words, self.lists["concession_links"], 3)
        if at < 0 or len(words) - at - size <= 3:
            return words
        after = words[at + size :]
        if self.holds_call(words[:at]) or not self.is_call(after) or self.has_modal(after[:1]):
            return words  # not «банк …, но должен брать …»: the subject is before «но»
        return after

    def drop_false_start(self, words: list[Word]) -> list[Word]:
        """A sentence the speaker broke off ("You've got to have—. And I think …", a
        transcript's dash before a full stop): what follows the break is what was said."""
        for at in range(len(words) - 4, -1, -1):
            if words[at].text.endswith(("—.", "–.")):  # "have—." is one token
                return words[at + 1 :]
            if words[at].text in ("—", "–") and words[at + 1].text == ".":
                return words[at + 2 :]
        return words

    def call_after_statement(self, words: list[Word]) -> list[Word]:
        """ "You cannot pick the people yourself, you should delegate this task", «Мы мало
        делаем, должны делать больше»: a statement with no call of its own, a comma, then the
        call; the call is the item. Not after a condition or inside a relative clause. Also a
        conclusion after «поэтому», "so" (``result_links``) when only a reason stands before."""
        for at in range(2, len(words) - 3):
            before, after = words[:at], words[at + 1 :]
            link = starts(after, self.lists["result_links"]) if words[at].text == "," else 0
            purpose = link and self.is_purpose(before, after[link:])
            reason = link and not purpose and self.is_reason(before)
            if reason and self.concludes_call(after[link:]):  # «Регистрация стоит денег,
                return self.with_referent(before, after[link:])  # поэтому области могли бы …»
            call = self.call_clause(before, after) if words[at].text == "," else None
            if call is None:
                continue
            opened = self.drop_leading(before)
            clauses = [opened, *(before[i + 1 :] for i, w in enumerate(before) if w.text == ",")]
            if any(starts(c, self.lists["subordinators"]) for c in clauses) or starts(
                opened, self.lists["conditions"]
            ):
                return words  # «Если …, должны …», "The people who …, we need to …"
            return call
        return words

    def is_purpose(self, before: list[Word], clause: list[Word]) -> bool:
        """Whether the clause after a result link ("so") is a purpose ("so that …"), not the
        conclusion from ``before`` that makes the call."""
        return bool(clause[:1]) and clause[0].norm == "that"

    def with_referent(self, reason: list[Word], call: list[Word]) -> list[Word]:
        """The call with a pronoun that points at the reason's subject replaced by it (the
        language says how); as it is by default."""
        return call

    def is_reason(self, words: list[Word]) -> bool:
        """Whether the words state a reason and make no call («Регистрация стоит денег»)."""
        return self.is_statement(words) and not self.holds_call(words)

    def concludes_call(self, words: list[Word]) -> bool:
        """Whether the conclusion drawn after «поэтому», "so" makes the call."""
        return self.is_call(words)

    def call_clause(self, before: list[Word], after: list[Word]) -> list[Word] | None:
        """The call as its own clause when ``after`` opens with the speaker's call and
        ``before`` states something and makes no call; None otherwise."""
        raise NotImplementedError

    def last_clause(self, words: list[Word]) -> list[Word]:
        """Where the call is: "… said A, and that B should …", "… argued A, and proposed B".

        Not when A is itself proposed ("She proposed that A, and that B"): both are the item.
        """
        words = self.call_after_statement(words)
        verbs = self.rules.lemmas["directive_verbs"]
        asked = self.rules.lemmas.get("appeal_verbs", frozenset()) | set(self.rules.appeal)
        for at in range(len(words) - 2, 1, -1):
            size = starts(words, self.lists["clause_breaks"], at)
            that = size == 2 and words[at + 1].norm == "that"  # "and that", not "and I think"
            after = words[at + size : at + size + 6]
            called = (
                that and self.has_modal(after) and not find(after, self.lists["hedged_modals"])[1]
            )
            said = called and not self.holds_call(words[:at])  # "(She said that) A and that B
            if words[at - 1].text != "," and not said and not self.proposal_joined(words, at):
                continue  # should …": B is the call
            proposed = any(w.lemma in verbs for w in words[:at]) or any(
                w.lemma in asked and words[i + 1].norm == "that" for i, w in enumerate(words[:at])
            )  # "She asked that A, and that B": both are the item
            proposed = proposed or self.parallel_calls(words, at)
            if starts(words, self.lists["clause_breaks"], at) and not proposed:
                size = starts(words, self.lists["clause_breaks"], at)
                closed = at + size < len(words)  # "…, but that" with no full stop: crashed
                if (
                    closed
                    and words[at + size - 1].norm == "that"
                    and words[at + size].text[:1] in "'’"
                ):
                    size -= 1  # "but I think that's …": "that" is the subject
                modals = self.lists.get("modals")  # not "…, and that Karelia should …"
                opened = starts(words, modals, at + size) if modals else 0
                if opened or self.has_modal(words[at + size : at + size + (1 if modals else 2)]):
                    return words  # "…, and that needs to be …": "that" is the subject
                if self.holds_call(words[: at - 1]) and not self.is_call(words[at + size :]):
                    return words  # "Regions should stop X, and I think Y is good"
                return words[at + size :] if len(words) - at - size > 3 else words
            if starts(words, self.lists["coordinators"], at) and words[at + 1].lemma in verbs:
                return words[at + 1 :]
        return words

    def proposal_joined(self, words: list[Word], at: int) -> bool:
        """Whether a reported proposal joined at ``at`` with no comma before it is the call
        (the language says when); never by default."""
        return False

    def parallel_calls(self, words: list[Word], at: int) -> bool:
        """ "Kovaleva argued that every region should pay the rebate …, and that the list of
        documents should fit on one page", «Бурлаков ответил, что фестивали должны отдавать
        …, и что это условие надо прописать …»: two reported calls joined by "and that", «и
        что»; both are the item, not the last alone (which may only point at the first)."""
        size = starts(words, self.lists["clause_breaks"], at)
        if size != 2 or not starts(words, self.lists["coordinators"], at):
            return False
        link = words[at + 1].norm
        opened = max((i for i, w in enumerate(words[:at]) if w.norm == link), default=-1)
        first = words[opened + 1 : at]
        full = sum(not w.is_punct for w in first) >= 4  # not "answered that it could, and that"
        return full and self.has_modal(first) and self.has_modal(words[at + 2 : at + 9])

    def drop_attribution(self, words: list[Word]) -> list[Word]:
        """A rapporteur's attribution ending an item: "(Volkova)", «(Спиридонова, Увачан)»."""
        if len(words) > 3 and words[-1].text == ")":
            opening = max((i for i, w in enumerate(words) if w.text == "("), default=-1)
            inside = words[opening + 1 : -1]
            names = all(w.text == "," or w.text[:1].isupper() for w in inside)
            if opening > 0 and inside and names:
                return words[:opening]
        body = words[:-1] if words and words[-1].text in (".", "!") else words
        dash = max((i for i, w in enumerate(body) if w.text in ("—", "–")), default=-1)
        named = body[dash + 1 :]  # "… in the tourism agency — Polina Ryzhova.", «… — Лобов.»
        if dash > 3 and 0 < len(named) <= 3 and all(self.is_name(w) for w in named):
            return [*body[: dash - 1], replace(body[dash - 1], space=""), *words[len(body) :]]
        return words

    def is_verb(self, word: Word) -> bool:
        """Whether the word is a verb (the language tells)."""
        return False

    def is_name(self, word: Word) -> bool:
        """Whether a capitalised word is a person's name (the language tells)."""
        return word.text[:1].isupper() and word.text.isalpha()

    def _skip_punct(self, words: list[Word], at: int) -> int:
        while at < len(words) and words[at].text in _QUOTES_AND_DASHES:
            at += 1
        return at

    def drop_leading(self, words: list[Word]) -> list[Word]:
        """Openers, hedges, adverbs and stray punctuation at the start: «И ещё одно:», "So,";
        a remark in brackets: "(answering a question about …) I agree that …"."""
        lists = (self.lists["openers"], self.lists["hedges"], self.lists["leading_adverbs"])
        if words and words[0].text == "(":
            closing = next((i for i, w in enumerate(words) if w.text == ")"), -1)
            words = words[closing + 1 :] if 0 < closing < len(words) - 3 else words
        while words:
            at = self._skip_punct(words, self.past_aside(words, 0))
            size = next((n for phrases in lists if (n := starts(words, phrases, at))), 0)
            if size and at + size < len(words) - 1:
                hedge = starts(words, self.lists["hedges"], at) == size
                at = self._skip_punct(words, self.past_aside(words, at + size))
                at += self.hedge_link(words, at) if hedge else 0
            if at == 0 or at >= len(words) or not self.may_cut(words, at):
                return words
            words = words[at:]
        return words

    def may_cut(self, words: list[Word], at: int) -> bool:
        """Whether the words before ``at`` can go without breaking what follows; the
        language says when not («Так | называемые», «Итог | этой работы»)."""
        return True

    def past_aside(self, words: list[Word], at: int) -> int:
        """Where the text goes on after a remark between dashes at ``at`` ("As I said – and I
        will be brief – we need …"); ``at`` when no such remark stands there."""
        if at >= len(words) or words[at].text not in ("—", "–"):
            return at
        closing = next(
            (i for i, w in enumerate(words[at + 1 : at + 16], at + 1) if w.text in ("—", "–")), 0
        )
        return closing + 1 if closing and not self.is_call(words[at + 1 : closing]) else at

    def vocative_size(self, words: list[Word], at: int) -> int:
        """How many words from ``at`` address the audience ("colleagues", «коллеги»)."""
        return starts(words, self.lists["vocatives"], at)

    def drop_vocatives(self, words: list[Word]) -> list[Word]:
        """An address between commas or at an edge: «Я бы, Владимир Владимирович, просил»."""
        index = 0
        while index < len(words):
            size = self.vocative_size(words, index)
            opened = index == 0 or words[index - 1].text == ","
            end = index + size
            closed = end >= len(words) or words[end].text in (",", ".", "!", ":")
            if not (size and opened and closed) or size == len(words):
                index += 1
                continue
            trailing = end < len(words) and words[end].text == ","
            if index == 0:  # «Владимир Владимирович, большая просьба: …»
                words = words[end + trailing :]
            else:  # ", Hefin." / «Я бы, Владимир Владимирович, просил» / «Спасибо, …, буду»
                kept = words[: index - 1]
                clause = kept[max((i + 1 for i, w in enumerate(kept) if w.is_punct), default=0) :]
                listener = starts(kept[-1:], self.lists["first_person"])  # "ask you, Mr X, to …"
                if trailing and not (self.subject_like(clause) or listener):
                    trailing = 0  # the comma after the address also ends a clause: keep it
                if trailing and kept:
                    kept[-1] = replace(kept[-1], space=" ")
                words = kept + words[end + trailing :]
        return words

    def drop_enumeration(self, words: list[Word]) -> list[Word]:
        """A numbered point's lead: «Первое – это …», «Вторая тема – это …», "The second
        thing is that …"; the measure it names is the item."""
        size = starts(words, self.lists["enumerations"])
        if not size:
            return words
        at = self._skip_punct(words, size)
        link = starts(words, self.lists["enumeration_links"], at)
        at = self._skip_punct(words, at + link)
        return words[at:] if (link or at > size) and len(words) - at > 2 else words

    def hedge_link(self, words: list[Word], at: int) -> int:
        """«Думаю, что …», "I believe that there …": the conjunction goes with the hedge,
        unless it is the subject itself ("I think that's …")."""
        link = starts(words, self.lists["hedge_links"], at)
        following = words[at + link : at + link + 1]
        return link if following and following[0].text[0].isalnum() else 0

    def drop_negated_lead(self, words: list[Word]) -> list[Word]:
        """ "We do not need X; we need Y", «Дотации не нужны; нужен фонд»: the call is after."""
        for at, word in enumerate(words):
            if word.text == ";":
                negated = any(starts(words, self.lists["negations"], i) for i in range(at))
                return words[at + 1 :] if negated and len(words) - at > 3 else words
        return words

    def drop_lead_in(self, words: list[Word]) -> list[Word]:
        """A short lead-in before a colon: «Урок простой:», "Need for practitioners:".

        Not when the lead-in is itself the call («Нужно начать с кооперации: …»).
        """
        for at, word in enumerate(words[:14]):
            if word.text not in (":", ";", "—", "–") or not at or len(words) - at <= 3:
                continue
            lead = words[:at]
            named = self.announced(lead)
            verbs = self.rules.lemmas["directive_verbs"] | self.rules.lemmas["report_verbs"]
            # «Я прошу одного:», «Она предложила компромисс:», not «Предлагаю, чтобы центры …
            # договорились о стажировках: неделя …» (the call is before the colon)
            directives = self.rules.lemmas["directive_verbs"]
            directed = any(w.lemma in directives for w in lead[: max(at - 4, 0)])
            said = any(w.lemma in verbs for w in lead) and not directed
            dash = word.text in ("—", "–")
            if dash:  # «Наша задача – удержать …», not «Совет при фестивале — …»
                named, said = named and at <= 7, False
            if not dash and self.names_measure(lead) and not self.is_call(words[at + 1 :]):
                return words  # "I'd suggest a mentoring programme: studios … take …"
            unnamed = [w for w in lead if not starts([w], self.lists["lead_nouns"])]
            listed = named and self.is_call(words[at + 1 :])  # "things we need to do: we need …"
            if (named or said) and (dash or listed or not self.has_modal(unnamed)):
                rest = words[at + 1 :]  # «Я прошу одного: …», "I'd like to suggest this: …"
                link = starts(rest, self.lists["enumeration_links"]) if dash else 0
                return rest[link:]  # «Задача номер один – это …»
            rest = words[at + 1 :]
            if at <= 4 and not dash and not self.is_call(lead) and self.is_call(rest):
                if self.questions_after(rest):
                    return words  # «Короткие курсы для блогеров: как писать, как снимать»
                return rest  # "Need for practitioners: several speakers repeated that …"
            return words
        return words

    def names_measure(self, lead: list[Word]) -> bool:
        """Whether a lead-in before a colon names the measure that the words after the colon
        describe (the language says how); never by default."""
        return False

    def questions_after(self, rest: list[Word]) -> bool:
        """Whether what follows a colon lists questions the noun before it answers («курсы:
        как писать, как снимать …»), not a call; the language tells (none by default)."""
        return False

    def announced(self, lead: list[Word]) -> bool:
        """Whether a lead-in names what follows its colon or dash («Урок простой:», «Я прошу
        одного:»); a word of ``lead_nouns`` that only modifies the noun after it («хотя бы
        одно место для молодёжи:») names nothing (the language tells)."""
        return any(starts([w], self.lists["lead_nouns"]) for w in lead)

    def drop_inner_frames(self, words: list[Word]) -> list[Word]:
        """A frame between commas inside the sentence («Записи, по её мнению, нужно …»,
        "Regions, in his view, should …") goes with one of its commas, so what stood before
        it (the object, the subject) stays; the frame at the start is :meth:`drop_frame`'s."""
        for at in range(2, len(words) - 3):
            size = (
                starts(words, self.lists["frame_phrases"], at) if words[at - 1].text == "," else 0
            )
            if not size:
                continue
            end = next(
                (
                    i
                    for i in range(at + size, min(len(words), at + size + 4))
                    if words[i].text == ","
                ),
                -1,
            )
            if end > 0:
                kept = words[: at - 1]
                if is_only(kept, self.lists["openers"]):  # «Кроме того, по её словам, …»
                    return words[end + 1 :]
                kept[-1] = replace(kept[-1], space=" ")
                return [*kept, *words[end + 1 :]]
        return words

    def drop_frame(self, words: list[Word]) -> list[Word]:
        """«По словам Мельникова, …», "According to Orlova, …": up to the first comma."""
        size = starts(words, self.lists["frame_phrases"])
        if size:
            for at in range(size, min(len(words), size + 8)):
                if words[at].text == ",":
                    return words[at + 1 :]
        return words

    def drop_tails(self, words: list[Word]) -> list[Word]:
        """Reporting tails: ", he said", '," Ostapchuk said', «, — сказал он»."""
        verbs = self.rules.lemmas["report_verbs"] | self.rules.lemmas["directive_verbs"]
        index = 1
        while index < len(words):
            if words[index].text not in _TAIL_OPENERS:
                index += 1
                continue
            start = self._skip_punct(words, index)
            stop = start
            while stop < len(words) and stop - start < 4 and words[stop].text not in _CLAUSE_ENDS:
                stop += 1
            inside = words[start:stop]
            closed = stop >= len(words) or words[stop].text in _CLAUSE_ENDS
            said = [w for w in inside if w.lemma in verbs]
            people = all(self.is_person(w) for w in inside if w not in said)
            if closed and said and 1 < len(inside) <= 4 and people:
                after = stop + 1
                joined = after < len(words) and (
                    starts(words, self.lists["coordinators"], after)
                    or starts(words, self.lists["clause_starters"], after)
                )
                inner = stop < len(words) and words[stop].text == "," and not joined
                kept = words[:index]
                if inner and kept:  # "It is worth, she said, adopting" → "It is worth adopting"
                    kept[-1] = replace(kept[-1], space=" ")
                words = kept + words[stop + inner :]
                continue
            index += 1
        return words

    def is_person(self, word: Word) -> bool:
        """A pronoun, a name, a role word or an adverb, as in a reporting tail."""
        capitalised = word.text[:1].isupper() and word.text.isalpha()
        return capitalised or bool(starts([word], self.lists["person_words"]))

    def cut_justification(self, words: list[Word]) -> list[Word]:
        """ ", because …", «, иначе …»: the reason is not part of the item; so is a remark
        after a dash when the part before holds the call and the remark states a fact
        («… — сейчас эти расходы часто не принимают», "… — it is possible already")."""
        at, size = find(words, self.lists["justifications"], 3)
        kept = self.lists.get("kept_links")
        if at > 0 and kept and (starts(words, kept, at) or starts(words, kept, at + 1)):
            at, size = -1, 0  # "… to decay because of inheritance disputes": no clause
        if at > 0 and self.bound_clause(words, at):
            at, size = -1, 0
        joins = self.lists.get("report_joins")  # "…, and said that owners should …"
        report = at > 0 and joins is not None and starts(words, joins, at) > 0
        reason_holds_call = (
            (0 < at <= 8 or report) and not self.holds_call(words[:at]) and self.is_call(words[at:])
        )  # «Очень хорошо, потому что нужно поддержать …»: the reason is the call
        if reason_holds_call:  # "I think that's very important because we need …"
            words = words[at + size + (report and words[at + size].norm == "that") :]
        elif at > 0:  # «…, иначе пуха не будет: субсидия на пуховую козу …»: the reason goes,
            words = [*words[:at], *self.spelled_after(words[at + size :])]  # what spells the
            # measure out after a colon stays
        for phrases in (self.lists["offers"], self.lists["remarks"]):
            at, _ = find(words, phrases, 3)  # ", а мы его поддержим", ", а их число растёт"
            opened = self.drop_leading(words[:at]) if at > 0 else []
            if starts(opened, self.lists["conditions"]) and not any(w.text == "," for w in opened):
                continue  # «Если есть возможность продлить сроки, мы бы довели …»: the main clause
            called = at > 0 and self.holds_call(words[:at]) and not self.is_call(words[at:])
            if called and not self.is_aside(words, at):
                words = words[:at]  # not ", и мы должны подумать …": a call of its own stays
        for at in range(len(words) - 3, 2, -1):  # «…, и дополнительные решения будут приняты»
            tail = words[at + 1 :]
            if words[at].text != "," or not starts(tail, self.lists["consequences"]):
                continue
            if any(starts([w], self.lists["consequences"]) for w in words[max(0, at - 4) : at]):
                continue  # «чтобы и они сами, и их дети занимались»: one coordinated subject
            if self.joins_call(words, tail):
                continue  # «Давайте составим список …, и разошлём его …»: the call goes on
            if self.describes_measure(words, at):
                continue  # «программа наставничества: мастер берёт ученика …, и республика
                # платит обоим»: both clauses say what the measure is
            content = self.lists.get("content_links")  # «чтобы A …, и чтобы B …»: both asked
            if content and starts(tail, content, starts(tail, self.lists["consequences"])):
                continue
            if self.holds_call(words[:at]) and not self.is_call(tail) and self.is_statement(tail):
                return self.cut_justification(words[:at])
        dashes = [i for i, w in enumerate(words) if w.text in ("—", "–") and i > 2]
        # pairs one after another ("A – aside – B – aside – C"), never the dash that closes
        # an aside with the one that opens the next: what stands between them is the text
        for at, closing in zip(dashes[::2], dashes[1::2], strict=False):
            inner = words[at + 1 : closing]  # «… в одном банке – карты бывают разные – до пяти»
            aside = starts(inner, self.lists["hedges"])  # "– please, take note of this, … –"
            if (
                not words[at - 1].is_punct
                and self.is_statement(inner)
                and (aside or not self.is_call(inner))
            ):
                kept = [*words[: at - 1], replace(words[at - 1], space=" ")]
                if self.remark_after_aside(words[closing + 1 :]):  # «— все, …, — это недорого»
                    end = words[-1:] if words[-1].text in (".", "!") else []
                    return self.cut_justification([*words[:at], *end])  # both go
                return self.cut_justification([*kept, *words[closing + 1 :]])
        for at in range(len(words) - 2, 2, -1):  # «…, далеко не отселять: они привыкли …»
            if not starts(words, self.lists["remark_marks"], at) or words[at - 1].is_punct:
                continue
            announced = any(starts([w], self.lists["lead_nouns"]) for w in words[:at])
            needed = self.lists.get("need_words")  # «Нужен единый регламент: группа подаёт …»
            need, size = find(words[:at], needed) if needed else (-1, 0)
            named = need >= 0 and not any(w.is_punct for w in words[need:at])
            named = named and not self.is_call(words[need + size : at])  # «Нужно сохранить …:»
            announced = announced or (named and words[at + 1].text not in ("«", '"'))
            if words[at].text == ":" and announced:
                continue  # «У меня к Вам просьба: …»: what follows is the request
            content = self.lists.get("content_links")  # «Она предложила другое: чтобы …»
            if words[at].text == ":" and content and starts(words, content, at + 1):
                continue
            if words[at].text == ":" and self.spells_out(words[at + 1 :]):
                continue  # «нужно учить местных: осветителей, гримёров, — чтобы …»
            if words[at].text != ":" and self.in_apposition(words, at):
                continue  # "the cities — Perm, Orsk — set up …": the dashes hold a list
            tail = words[at + 1 :]
            weak = self.weak_call(tail)  # "— a puzzle game can just be a good game"
            stated = self.is_statement(tail) or weak
            remark = stated and not self.keeps_remark(words[: at + 1], tail)
            if self.holds_call(words[:at]) and (weak or not self.is_call(tail)) and remark:
                return words[:at]
        return words

    def remark_after_aside(self, after: list[Word]) -> bool:
        """Whether what follows the dash closing an aside remarks on the call rather than
        going on with it (Russian only: English keeps the text after the aside)."""
        return False

    def spelled_after(self, reason: list[Word]) -> list[Word]:
        """The colon and what follows it when a reason cut from the call ends there and a noun
        phrase spells the measure out after it («…, иначе пуха не будет: субсидия на …»);
        nothing by default (only Russian's morphology tells a noun phrase)."""
        return []

    def spells_out(self, tail: list[Word]) -> bool:
        """Whether what follows a colon names the measure's parts, a noun phrase up to its
        first clause or dash («…: общий календарь фестивалей, чтобы …»), not a remark that
        states something of its own («…: они привыкли к своему району»)."""
        stop = next(
            (
                i
                for i, w in enumerate(tail)
                if w.text in ("—", "–") or starts([w], self.lists["subordinators"])
            ),
            len(tail),
        )
        head = [w for w in tail[:stop] if not w.is_punct]
        return len(head) >= 2 and not self.is_statement(tail[:stop])

    def weak_call(self, words: list[Word]) -> bool:
        """Whether the words call for something only with a hedged modal ("can", "could"),
        after the call they remark on; never by default (English tells)."""
        return False

    def bound_clause(self, words: list[Word], at: int) -> bool:
        """Whether the clause at ``at`` belongs to the word before it, no justification: «таким
        образом, чтобы мы …» (``bound_before``), «Мы просим, чтобы нам …», «Важно, чтобы мы …»
        (``governed_purposes`` after a verb or a modal word)."""
        bound, governed = self.lists.get("bound_before"), self.lists.get("governed_purposes")
        if bound and starts(words[at - 1 : at], bound):
            return True
        head = words[at - 1 : at]
        short = sum(not w.is_punct for w in words[:at]) < 4  # «Прошу помочь нам, чтобы мы …»
        return bool(governed and starts(words, governed, at)) and (
            self.is_verb(head[0])
            or self.has_modal(head)
            or short
            or bool(starts(head, self.lists["first_person"]))
        )

    def is_aside(self, words: list[Word], at: int) -> bool:
        """Whether the remark at ``at`` stands between a verb and its object («Перенести, это
        моя точка зрения, этот тезис на …»: an aside, the item goes on after its comma)."""
        closed = any(w.text == "," for w in words[at + 1 :])
        return closed and at > 0 and self.is_verb(words[at - 1])

    def describes_measure(self, words: list[Word], at: int) -> bool:
        """Whether the comma at ``at`` parts two clauses that spell out, after a colon, the
        measure named before it; never by default (only Russian tells)."""
        return False

    def joins_call(self, words: list[Word], tail: list[Word]) -> bool:
        """Whether a clause after «, и» goes on with the call (only Russian tells it)."""
        return False

    def in_apposition(self, words: list[Word], at: int) -> bool:
        """Whether the dash at ``at`` opens or closes a list between two dashes that states
        nothing ("the cities with creative quarters — Perm, Orsk — set up …")."""
        same = [i for i, w in enumerate(words) if w.text == words[at].text and i != at]
        before = [i for i in same if i < at][-1:]
        after = [i for i in same if i > at][:1]
        pairs = [(before[0], at)] if before else []
        pairs += [(at, after[0])] if after else []
        return any(not self.is_statement(words[a + 1 : b]) for a, b in pairs)

    def keeps_remark(self, before: list[Word], remark: list[Word]) -> bool:
        """Whether a remark after the call and its mark (``before`` ends with the dash or
        colon) belongs to it (then it is no aside to cut: it
        judges the call against, «Закон принять – это будет не очень хорошо», or names what
        was just said, «включить ребят – детей, которые …»); the language says when."""
        return False

    def holds_call(self, words: list[Word]) -> bool:
        """Whether the words already make the call: a modal, an infinitive, a proposing verb."""
        proposed = any(w.lemma in self.rules.lemmas["directive_verbs"] for w in words)
        return proposed or self.is_call(words) or bool(starts(words, self.lists["hortatives"]))

    def is_statement(self, words: list[Word]) -> bool:
        """Whether the words state something (a verb with its subject), rather than name a
        measure or give its details."""
        raise NotImplementedError

    def drop_hedges(self, words: list[Word]) -> list[Word]:
        """Hedges at the start or between commas anywhere: «, конечно,», ", perhaps,"."""
        index = 0
        while index < len(words):
            size = starts(words, self.lists["hedges"], index)
            after = index + size < len(words) and words[index + size].text in (",", ".")
            if size and index and words[index - 1].text == "," and after:
                closing = words[index + size].text == ","
                link = self.said_link(words, index + size + 1) if closing else 0
                if link:  # «…, надо сказать, что и здесь …» → «…, и здесь …»
                    words = [*words[:index], *words[index + size + 1 + link :]]
                    continue
                if closing and starts(words, self.lists["subordinators"], index + size + 1):
                    closing = False  # «Посмотрите, пожалуйста, как …»: the clause keeps its comma
                before, rest = words[: index - 1], words[index + size + 1 :]
                if closing and (self.joins_predicates(before, rest) or self.restates(before, rest)):
                    closing = False  # «привыкли к микрорайону, может быть, пользовались …»
                kept = words[: index - 1]
                if closing and kept:
                    kept[-1] = replace(kept[-1], space=" ")
                words = kept + words[index + size + closing :]
                continue
            if size and index == 0 and size < len(words) and words[size].text == ",":
                link = starts(words, self.lists["hedge_links"], size + 1)
                words = words[size + 1 + link :]  # «Думаю, что …» → «…»
                continue
            index += 1
        return words

    def said_link(self, words: list[Word], at: int) -> int:
        """How many words at ``at`` belong to a hedge between commas before them («, надо
        сказать, что …»); by default none (only Russian joins them)."""
        return 0

    def joins_predicates(self, before: list[Word], after: list[Word]) -> bool:
        """Whether a hedge between commas stands between two clauses, each with its verb, so
        one comma must stay; by default never (only Russian's morphology tells it)."""
        return False

    def restates(self, before: list[Word], after: list[Word]) -> bool:
        """Whether a hedge between commas stands between a noun and the phrase that restates
        it ("a truck, honestly, one truck and a contract"), so one comma must stay; by
        default never."""
        return False

    # -------------------------------------------------------------- shared helpers

    def one_phrase(self, before: list[Word], after: list[Word]) -> bool:
        """Whether a comma stands inside one phrase (a list of adjectives, an adverbial), not
        between clauses; by default never (only Russian's morphology tells it)."""
        return False

    def subject_like(self, words: list[Word]) -> bool:
        """Whether the words could be the short subject of a verb of saying or proposing."""
        raise NotImplementedError

    def report_verb_at(self, words: list[Word], reach: int) -> int:
        """Where a verb of reporting stands after a short subject ("Koroleva said"), or -1."""
        for at, word in enumerate(words[:reach]):
            if word.lemma in self.rules.lemmas["report_verbs"] and self.subject_like(words[:at]):
                return at
        return -1

    def after_skips(self, words: list[Word], at: int) -> int:
        """The first position from ``at`` that is not an adverb like "also", «также», «бы»."""
        while (
            at < len(words)
            and starts(words, self.lists["skip_words"], at)
            and self.may_cut(words, at + 1)  # «ещё раз»: not «ещё» alone
        ):
            at += 1
        return at

    def split_subject(self, words: list[Word]) -> tuple[list[Word], list[Word]]:
        """What stands before the predicate, and a condition kept in front ("If …, …").

        Only the clause next to the predicate is the subject: "Titova said her college …,
        and that such practices should …" gives "such practices".
        """
        for mark in (";", ":", "—", "–"):
            marks = [i for i, w in enumerate(words) if w.text == mark]
            if marks:
                words = words[marks[-1] + 1 :]
        condition: list[Word] = []
        commas = [i for i, w in enumerate(words) if w.text == ","]
        if commas and self.one_phrase(words[: commas[-1]], words[commas[-1] + 1 :]):
            commas = []  # «С учётом острого, чувствительного … дефицита кадров нужно …»
        if commas:
            before, words = words[: commas[-1]], words[commas[-1] + 1 :]
            if before and starts(before, self.lists["conditions"]):
                condition = [*before[:-1], replace(before[-1], space=""), Word(",", " ")]
        while words and (
            starts(words, self.lists["clause_starters"])
            or words[0].lemma in self.rules.lemmas["report_verbs"]
        ):
            words = words[1:]
        return words, condition
