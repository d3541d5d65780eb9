"""The review workbook's sheets and columns: names, who fills them, and their help text.

Everything the other review modules and the documentation agree on lives here, so a new
column is added in one place (and described in ``docs/review-workbook.md``).
"""

from __future__ import annotations

REVIEW_NAME = "review.xlsx"
BACKUPS_DIR = "backups"
PROPOSALS_SHEET = "proposals"
HELP_SHEET = "help"
ORPHANED_SHEET = "orphaned"
TRANSLATION_SHEET = "needs translation"

#: Columns rewritten from the register on every update.
REGISTER_COLUMNS = (
    "id",
    "session",
    "track",
    "format",
    "speaker",
    "organisation",
    "text",
    "values",
    "targets",
    "regions",
    "cluster",
    "support",
    "score",
)
#: Columns the analysts fill; carried over on every update.
ANALYST_COLUMNS = (
    "decision",
    "merge_into",
    "wording_ru",
    "wording_en",
    "values_override",
    "targets_override",
    "route",
    "comment",
)
#: Analyst columns added after the first release: a workbook written before them (it has no
#: ``suggested_route`` column either) lacks them, and gains them on its next update.
LATER_COLUMNS = ("route",)
#: Hidden columns keeping what the toolkit suggested for an analyst column, so that a cell
#: still equal to its suggestion is known to be untouched: refreshed when the suggestion
#: changes, never taken for the analysts' own input.
SUGGESTIONS = {
    "route": "suggested_route",
    "wording_ru": "suggested_wording",
    "wording_en": "suggested_wording",
}
SUGGESTION_COLUMNS = tuple(dict.fromkeys(SUGGESTIONS.values()))
COLUMNS = REGISTER_COLUMNS + ANALYST_COLUMNS + SUGGESTION_COLUMNS
#: Extra columns of the orphaned sheet, in front of the proposal's own.
ORPHAN_COLUMNS = ("orphaned_on", "reason")
NOT_A_PROPOSAL = "not a proposal"
DECISIONS = ("pending", "accepted", "rejected", "merged", NOT_A_PROPOSAL)
#: Decisions that say the row is a real proposal (taken up or not), for training.
PROPOSAL_DECISIONS = ("accepted", "rejected", "merged")
#: The route drop-down's value for an item that belongs in no planning document.
PROCEDURAL = "procedural"
#: Columns of the needs-translation sheet, rewritten on every update.
TRANSLATION_COLUMNS = (
    "id",
    "session",
    "language",
    "missing",
    "text",
    "merged",
    "wording_ru",
    "wording_en",
)

WIDTHS = {
    "id": 15, "session": 22, "track": 14, "format": 12, "speaker": 20, "organisation": 24,
    "text": 60, "values": 20, "targets": 20, "regions": 16, "cluster": 15, "support": 8,
    "score": 7, "decision": 11, "merge_into": 15, "wording_ru": 45, "wording_en": 45,
    "values_override": 20, "targets_override": 20, "route": 20, "comment": 32,
    "orphaned_on": 12, "reason": 30, "missing": 10, "merged": 20, "language": 9,
}  # fmt: skip
WRAPPED = {"organisation", "text", "wording_ru", "wording_en", "comment", "reason"}
#: How a cell holding an untouched suggestion looks: grey italic.
SUGGESTION_COLOUR = "808080"
HEADER_FILL = "D9D9D9"
ANALYST_HEADER_FILL = "FFD966"
ANALYST_FILL = "FFF2CC"
FLAG_FILL = "F8CBAD"

HELP: dict[str, tuple[str, str]] = {
    "id": (
        "Идентификатор предложения (P- и 10 шестнадцатеричных цифр). По нему решения "
        "сохраняются при обновлении. Не изменяйте.",
        "Proposal id (P- and 10 hex digits). Decisions are kept across updates by it. Do not edit.",
    ),
    "session": (
        "Идентификатор сессии, где прозвучало предложение.",
        "Id of the session where the proposal was made.",
    ),
    "track": ("Трек форума.", "Forum track."),
    "format": (
        "Формат сессии: пленарное заседание, панельная дискуссия и т. п.",
        "Session format: plenary, panel, roundtable, …",
    ),
    "speaker": (
        "Кто внёс предложение; пусто, если определить не удалось.",
        "Who made the proposal; empty when nobody can be told.",
    ),
    "organisation": ("Организация выступающего.", "The speaker's organisation."),
    "text": (
        "Текст предложения так, как он записан в заметках.",
        "The proposal as written in the session notes.",
    ),
    "values": (
        "Ценностные принципы, найденные автоматически (идентификаторы через «; », список ниже).",
        "Value principles found automatically (ids separated by '; ', listed below).",
    ),
    "targets": (
        "Типы документов стратегического планирования, найденные автоматически "
        "(идентификаторы, список ниже).",
        "Strategic planning document types found automatically (ids, listed below).",
    ),
    "regions": ("Регионы, названные в тексте.", "Regions named in the text."),
    "cluster": (
        "Группа похожих предложений из разных сессий; её строки стоят рядом.",
        "Group of near-duplicate proposals across sessions; its rows are kept together.",
    ),
    "support": (
        "Сколько разных сессий выдвинули это предложение.",
        "How many distinct sessions raised it.",
    ),
    "score": (
        "Уверенность автоматического извлечения, от 0 до 1.",
        "How sure the extractor is, from 0 to 1.",
    ),
    "decision": (
        "Ваше решение: pending — не рассмотрено, accepted — принять, rejected — отклонить "
        "(настоящее предложение, но не принято), merged — объединить с другим предложением "
        "(заполните merge_into), not a proposal — это не предложение (ошибка извлечения; "
        "в документы не попадает, при обучении считается не-предложением).",
        "Your decision: pending (not reviewed yet), accepted, rejected (a real proposal not "
        "taken up), merged (folded into another proposal: fill merge_into), or not a proposal "
        "(the extractor was wrong: never in the documents, a non-proposal for training).",
    ),
    "merge_into": (
        "Для merged: id предложения, с которым объединить это; в документе их источники "
        "объединяются.",
        "For merged: the id of the proposal this one joins; the documents combine their sources.",
    ),
    "wording_ru": (
        "Итоговая формулировка для документов на русском; пусто — текст из заметок. Серый "
        "курсив — формулировка, предложенная toolkit: исправьте её или оставьте как есть; "
        "написанное вами никогда не перезаписывается.",
        "Final wording for Russian documents; empty means the text from the notes. Grey "
        "italic is a wording the toolkit suggests: edit it or leave it; what you write is "
        "never overwritten.",
    ),
    "wording_en": (
        "Итоговая формулировка для документов на английском; пусто — текст из заметок. Серый "
        "курсив — формулировка, предложенная toolkit.",
        "Final wording for English documents; empty means the text from the notes. Grey "
        "italic is a wording the toolkit suggests.",
    ),
    "values_override": (
        "Заменяет values: идентификаторы через «;» или «,»; «-» — ни одного.",
        "Replaces values: ids separated by ';' or ','; '-' for none.",
    ),
    "targets_override": (
        "Заменяет targets: идентификаторы через «;» или «,»; «-» — ни одного.",
        "Replaces targets: ids separated by ';' or ','; '-' for none.",
    ),
    "route": (
        "Тип документа, в который идёт предложение (список ниже, или procedural — ни в какой). "
        "Серый курсив — найдено автоматически; выберите другое значение, чтобы заменить; "
        "очистите ячейку, чтобы вернуть найденное.",
        "The planning document type the proposal goes into (listed below, or procedural for "
        "none). Grey italic was found automatically; pick another to replace it, clear the "
        "cell to bring the found one back.",
    ),
    "suggested_route": (
        "Скрытый столбец: route, найденный автоматически (не изменяйте).",
        "Hidden: the route found automatically (do not edit).",
    ),
    "suggested_wording": (
        "Скрытый столбец: формулировка, предложенная toolkit (не изменяйте).",
        "Hidden: the wording the toolkit suggests (do not edit).",
    ),
    "comment": (
        "Ваш комментарий. Сюда же toolkit дописывает пометку, если текст предложения в "
        "заметках изменился: проверьте решение и удалите пометку.",
        "Your comment. toolkit also writes a note here when the proposal's text changed in "
        "the notes: check the decision, then delete the note.",
    ),
}
