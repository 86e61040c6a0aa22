"""Decide what to do with a parsed question: answer, ask "Mente du …?", or decline.

The thresholds are data (data/knowledge/thresholds.yml, read by
vidensassistent.knowledge); this module only applies them.

Rasa's retrieval intent `faq` can score 0.99 while the chosen topic is a guess
(rasa issues #9723, #9751), so the decision is made on the topic probabilities
of the response selector ranking, not on the intent confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text, Tuple

from actions.names import ASK_FOLLOWUP
from actions.names import OUT_OF_SCOPE as OUT_OF_SCOPE_INTENT
from vidensassistent.components.cues import (
    asks_why,
    focus_question,
    is_form_followup,
    is_generic_followup,
    is_offer_followup,
    list_item_followup,
    starts_as_continuation,
    strip_placeholders,
)
from vidensassistent.knowledge import (
    DEFAULT_THRESHOLDS,
    RETRIEVAL_INTENT,
    Knowledge,
    Thresholds,
    Topic,
    topic_ranking,
)

MAX_CANDIDATES = 3

ANSWER = "answer"
CLARIFY = "clarify"
OUT_OF_SCOPE = "out_of_scope"
NOT_COVERED = "not_covered"
# Inside the note's domain, but not something the note answers: say so and offer
# the nearest topics, never the flat "outside what I know".
NOT_IN_NOTE = "not_in_note"


@dataclass
class Decision:
    kind: Text
    topics: List[Topic] = field(default_factory=list)
    # For NOT_COVERED: the response that says what the note does not contain.
    response: Optional[Text] = None


def _ranked_topics(parse_data: Dict[Text, Any], knowledge: Knowledge) -> List[Tuple[Topic, float]]:
    ranked = [
        (knowledge.topic_for_key(entry.get("intent_response_key", "")), entry.get("confidence", 0.0))
        for entry in topic_ranking(parse_data)
    ]
    return [(topic, conf) for topic, conf in ranked if topic is not None]


def _in_domain(parse_data: Dict[Text, Any]) -> bool:
    return bool((parse_data.get("cues") or {}).get("domain"))


def is_followup(text: Text, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    return 0 < len(strip_placeholders(text).split()) <= thresholds.followup_max_words


# Entities that say who or where the citizen is (data/nlu/referral.yml): in a short
# follow-up after an offer's answer they ask whether that offer covers them.
_WHO_OR_WHERE = frozenset({"city", "gender", "prostitution_form", "background", "drug_use"})
# After an answer with figures for each form, only a form asks for that answer's figure for
# it ("og pigerne i massagehusene?"); "og mænd?" after the figures asks for the men's.
_FORM = frozenset({"prostitution_form"})


def _without_facts(parse_data: Dict[Text, Any], kinds: frozenset) -> Text:
    """The message without the entities of `kinds` it names ("og i Herning?" -> "og i ?");
    the message itself when it names none."""
    text = parse_data.get("text", "")
    spans = sorted(
        (e["start"], e["end"])
        for e in parse_data.get("entities") or []
        if e.get("entity") in kinds and "start" in e and "end" in e
    )
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def _context_topics(context: Topic, knowledge: Knowledge) -> List[Text]:
    """The topic just answered, the topics it points to, and its area's topics."""
    ids = [context.id] + list(context.related)
    ids += [t.id for t in knowledge.topics_in_area(context.area)]
    return list(dict.fromkeys(ids))


def decide_followup(
    parse_data: Dict[Text, Any],
    knowledge: Knowledge,
    context: Topic,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Decision:
    """A short message right after an answer on `context`: a confident answer on
    another topic stands as a new question; otherwise the best-ranked topic near
    the context, or the context topic itself."""
    text = parse_data.get("text", "")
    item = knowledge.topics.get(list_item_followup(text, context.id) or "")
    if item is not None:
        # "fortæl mere om den første" after the four offers: Kompetencecenter Prostitution
        return Decision(ANSWER, [item])
    if is_generic_followup(text):
        # "kilde?", "hvorfor ikke?", "hvor mange?" name no topic of their own; "hvorfor
        # ikke?" after "no documented effect" is answered by why research is limited
        why = knowledge.topics.get(context.why or "") if asks_why(text) else None
        return Decision(ANSWER, [why or context])
    if is_offer_followup(text, context.id) or is_offer_followup(
        _without_facts(parse_data, _WHO_OR_WHERE), context.id
    ):
        # "og mænd?" after Reden: does Reden take men (its answer says whom it is for);
        # "og i Herning?" after Exit Prostitution: any city the referral's lookup knows
        return Decision(ANSWER, [context])
    if is_form_followup(text, context.id) or is_form_followup(_without_facts(parse_data, _FORM), context.id):
        # "og dem på gaden?" after mental health: that answer's figure for street prostitution
        return Decision(ANSWER, [context])
    ranked = _ranked_topics(parse_data, knowledge)
    intent = (parse_data.get("intent") or {}).get("name")
    if ranked and intent == RETRIEVAL_INTENT and ranked[0][1] >= thresholds.followup_new_question_confidence:
        return Decision(ANSWER, [ranked[0][0]])
    near = set(_context_topics(context, knowledge))
    scored = [
        (conf * (thresholds.followup_context_boost if topic.id == context.id else 1.0), topic)
        for topic, conf in ranked
        if topic.id in near
    ]
    best = max(scored, key=lambda item: item[0])[1] if scored else context
    return Decision(ANSWER, [best])


def decide(
    parse_data: Dict[Text, Any],
    knowledge: Knowledge,
    chosen_topic: Optional[Text] = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    context_topic: Optional[Text] = None,
) -> Decision:
    """Turn the NLU result of the latest message into a Decision.

    `context_topic` is the topic answered just before this message, if any."""
    if chosen_topic:
        topic = knowledge.topics.get(chosen_topic)
        return Decision(ANSWER, [topic]) if topic else Decision(OUT_OF_SCOPE)

    text = strip_placeholders(parse_data.get("text", ""))
    rule = knowledge.not_covered_rule(text)
    if rule and not _rule_only_in_the_case(text, parse_data, knowledge, thresholds):
        related = [knowledge.topics[t] for t in rule.related if t in knowledge.topics]
        return Decision(NOT_COVERED, related, response=rule.response)

    context = knowledge.topics.get(context_topic or "")
    if context is not None and (
        is_followup(text, thresholds) or _said_to_follow_up(parse_data, text, thresholds)
    ):
        return decide_followup(parse_data, knowledge, context, thresholds)
    decision = _decide_question(parse_data, knowledge, text, thresholds)
    if context is not None and decision.kind in (OUT_OF_SCOPE, NOT_IN_NOTE):
        if _continues(context, parse_data, knowledge, text, thresholds):
            return Decision(ANSWER, [context])
    return decision


def _said_to_follow_up(parse_data: Dict[Text, Any], text: Text, thresholds: Thresholds) -> bool:
    """A message of a few more words than a follow-up that the classifier reads as one
    ("hvad skal der så til i stedet?": intent ask_followup) or that opens like one ("og dem
    der står ude om natten?")."""
    if len(text.split()) > thresholds.followup_continue_max_words:
        return False
    intent = (parse_data.get("intent") or {}).get("name")
    return intent == ASK_FOLLOWUP or starts_as_continuation(text)


def _continues(
    context: Topic, parse_data: Dict[Text, Any], knowledge: Knowledge, text: Text, thresholds: Thresholds
) -> bool:
    """A declined message right after an answer, not long, whose best topic is the one
    just answered: it asks on about that answer in words of its own."""
    ranked = _ranked_topics(parse_data, knowledge)
    return (
        len(text.split()) <= thresholds.followup_continue_max_words
        and bool(ranked)
        and ranked[0][0].id == context.id
        and ranked[0][1] >= thresholds.followup_continue_min_confidence
    )


def _decide_question(
    parse_data: Dict[Text, Any], knowledge: Knowledge, text: Text, thresholds: Thresholds
) -> Decision:
    """A message read on its own (not as a follow-up)."""
    in_domain = _in_domain(parse_data)
    ranked = _ranked_topics(parse_data, knowledge)
    intent = _intent(parse_data, in_domain, thresholds)
    if intent == OUT_OF_SCOPE_INTENT:
        return _decline(in_domain, ranked)
    similarity = (parse_data.get("scope") or {}).get("similarity")
    if not in_domain and similarity is not None and similarity < thresholds.scope_min_similarity:
        return Decision(OUT_OF_SCOPE)
    if not ranked:
        return _decline(in_domain, ranked)

    best_topic, best = ranked[0]
    if intent == RETRIEVAL_INTENT and _sure(ranked, thresholds):
        return Decision(ANSWER, [best_topic])

    candidates = [t for t, conf in ranked[:MAX_CANDIDATES] if conf >= thresholds.candidate_min_confidence]
    if candidates and (
        best >= thresholds.clarify_min_confidence or (in_domain and _may_clarify(text, best, thresholds))
    ):
        return Decision(CLARIFY, candidates)
    return _decline(in_domain, ranked)


def _rule_only_in_the_case(
    text: Text, parse_data: Dict[Text, Any], knowledge: Knowledge, thresholds: Thresholds
) -> bool:
    """A decline's words only in a long case description, not in its final question
    ("Hun er startet i substitutionsbehandling. … Hvor stor en andel har misbrug?"),
    while the classifier is sure which answer the message wants: the case describes
    the citizen, the question asks what the note knows, so the answer stands."""
    focus = focus_question(text)
    if focus is None or knowledge.not_covered_rule(focus) is not None:
        return False
    intent = (parse_data.get("intent") or {}).get("name")
    return intent == RETRIEVAL_INTENT and _sure(_ranked_topics(parse_data, knowledge), thresholds)


def _may_clarify(text: Text, best: float, thresholds: Thresholds) -> bool:
    """In the note's domain, "Mente du …?" for a short message whatever its best topic
    ("prostitution og kommunens rolle" names a subject, not a question); a whole question
    whose best topic is this unlikely asks for something no topic holds."""
    return (
        len(text.split()) < thresholds.domain_question_min_words
        or best >= thresholds.domain_clarify_min_confidence
    )


def _sure(ranked: List[Tuple[Topic, float]], thresholds: Thresholds) -> bool:
    """The best topic is confident enough and ahead of the next by the margin, or
    clearly ahead of every other topic (see thresholds.yml: answer_clear_lead_*)."""
    if not ranked:
        return False
    best = ranked[0][1]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best >= thresholds.answer_min_confidence and best - runner_up >= thresholds.answer_min_margin:
        return True
    return (
        best >= thresholds.answer_clear_lead_min_confidence
        and best >= thresholds.answer_clear_lead_ratio * runner_up
    )


def with_second_question(
    parse_data: Dict[Text, Any],
    knowledge: Knowledge,
    decision: Decision,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Decision:
    """Two questions in one message get two answers (at most two): the answer to the
    whole message plus the other question's topic, or, when the whole message was
    unclear, the answer to each question that is clear on its own."""
    parts = parse_data.get("parts") or []
    if len(parts) < 2:
        return decision
    sure = [
        knowledge.topic_for_key(part.get("label", ""))
        for part in parts
        if part.get("confidence", 0.0) >= thresholds.part_min_confidence
    ]
    sure = list({t.id: t for t in sure if t is not None}.values())
    if decision.kind == ANSWER:
        extra = [t for t in sure if t.id != decision.topics[0].id]
        return Decision(ANSWER, decision.topics[:1] + extra[:1])
    if decision.kind in (CLARIFY, NOT_IN_NOTE) and len(sure) == len(parts):
        return Decision(ANSWER, sure[:2])
    return decision


def with_focus(
    parse_data: Dict[Text, Any],
    knowledge: Knowledge,
    decision: Decision,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Decision:
    """A long case description that ends in a question: when the whole message only
    gives "Mente du …?", the final question decides between the candidates."""
    focus = (parse_data.get("focus") or [None])[0]
    sure = focus and focus.get("confidence", 0.0) >= thresholds.focus_min_confidence
    if decision.kind != CLARIFY or not sure:
        return decision
    topic = knowledge.topic_for_key(focus.get("label", ""))
    if topic is not None and topic.id in {t.id for t in decision.topics}:
        return Decision(ANSWER, [topic])
    return decision


def _intent(parse_data: Dict[Text, Any], in_domain: bool, thresholds: Thresholds) -> Optional[Text]:
    """The NLU intent, except that a domain message out_of_scope only by a hair is a
    knowledge question ("hvor længe kan man bo på Hanne Mariehjemmet": 0.50 against 0.49)."""
    intent = (parse_data.get("intent") or {}).get("name")
    if intent == OUT_OF_SCOPE_INTENT and in_domain and _answer_close_behind(parse_data, thresholds):
        return RETRIEVAL_INTENT
    return intent


def _answer_close_behind(parse_data: Dict[Text, Any], thresholds: Thresholds) -> bool:
    """The knowledge answer is within the answer margin of out_of_scope: a tie the
    classifier broke by a hair, which a message in the note's domain should not lose."""
    ranking = {e.get("name"): e.get("confidence", 0.0) for e in parse_data.get("intent_ranking") or []}
    if RETRIEVAL_INTENT not in ranking:
        return False
    out_of_scope = (parse_data.get("intent") or {}).get("confidence", 1.0)
    return out_of_scope - ranking[RETRIEVAL_INTENT] < thresholds.answer_min_margin


def _decline(in_domain: bool, ranked: List[Tuple[Topic, float]]) -> Decision:
    if in_domain and ranked:
        return Decision(NOT_IN_NOTE, [topic for topic, _ in ranked[:MAX_CANDIDATES]])
    return Decision(OUT_OF_SCOPE)
