"""What to answer when the caseworker follows up on a referral or an initiative:
"hvor findes det?", "hvem kan bruge det?", "og i Odense?", "hvad hvis han er en mand?"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Text

from actions.referral.catalog import ALL_FACTS, CITY, FORM, GENDER, NEED, Catalog, Initiative
from actions.referral.logic import Situation, followup_aspect, missing_facts, refer
from actions.referral.text import (
    aspect_answer,
    city_answer,
    form_answer,
    gender_answer,
    render_referral,
)

# Outcomes.
REFERRAL = "referral"  # the situation in context, answered again with the new facts
ABOUT_INITIATIVE = "about_initiative"  # a question about the initiative in context
ASK_WHICH = "ask_which"  # nothing in context: ask which initiative is meant
START_QUESTIONS = "start_questions"  # facts but no context: start the referral form


@dataclass
class FollowupReply:
    kind: Text
    messages: List[Text] = field(default_factory=list)
    situation: Optional[Situation] = None
    initiative: Optional[Initiative] = None
    # Facts of the new situation to store (only for REFERRAL).
    facts: Dict[Text, Any] = field(default_factory=dict)


def _slot_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value) or None
    return value or None


def reply_to_followup(
    text: Text,
    new_facts: Mapping[Text, Any],
    situation: Situation,
    context: Optional[Initiative],
    catalog: Catalog,
    asks_for_offer: bool = False,
) -> FollowupReply:
    """`asks_for_offer`: the message requests an offer for a citizen ("hvor kan jeg
    henvise?"); with nothing in context that starts the referral questions."""
    in_context = bool(situation.needs)
    if new_facts and (in_context or NEED in new_facts):
        updated = (situation if in_context else Situation()).with_facts(new_facts)
        if not in_context and missing_facts(updated, catalog):
            # A new citizen, described in bits: ask for the rest.
            return FollowupReply(START_QUESTIONS)
        referral = refer(updated, catalog)
        # A new citizen replaces whatever was left of the previous one.
        facts = dict(new_facts) if in_context else {f: _slot_value(updated.value(f)) for f in ALL_FACTS}
        return FollowupReply(
            REFERRAL,
            render_referral(referral, updated, catalog),
            situation=updated,
            initiative=referral.best,
            facts=facts,
        )
    if new_facts and context is not None:
        return _facts_about_initiative(new_facts, context, catalog)
    if new_facts or (asks_for_offer and context is None):
        return FollowupReply(START_QUESTIONS)
    if context is not None:
        aspect = followup_aspect(text, catalog)
        return FollowupReply(ABOUT_INITIATIVE, [aspect_answer(context, aspect, catalog)], initiative=context)
    return FollowupReply(ASK_WHICH, [catalog.texts["followup_which"]])


def _facts_about_initiative(
    new_facts: Mapping[Text, Any], context: Initiative, catalog: Catalog
) -> FollowupReply:
    """ "og i Odense?", "hvad hvis han er en mand?" about the initiative in context
    (no citizen in context); a minor or a coerced person gets the referral's answer."""
    probe = Situation().with_facts(new_facts)
    if probe.is_minor or probe.is_coerced:
        return FollowupReply(
            REFERRAL,
            render_referral(refer(probe, catalog), probe, catalog),
            situation=probe,
            facts=dict(new_facts),
        )
    if CITY in new_facts:
        city = new_facts[CITY]
        also_there = [
            i
            for i in catalog.initiatives.values()
            if i.id != context.id and not i.nationwide and i.covers_city(city)
        ]
        message = city_answer(context, city, catalog, also_there)
    elif GENDER in new_facts:
        message = gender_answer(context, new_facts[GENDER], catalog)
    elif FORM in new_facts:
        message = form_answer(context, new_facts[FORM], catalog)
    else:
        message = aspect_answer(context, "who", catalog)
    return FollowupReply(ABOUT_INITIATIVE, [message], initiative=context)
