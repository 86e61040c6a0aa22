"""Facts about the citizen read from one message's entities (actions/referral).

The entity extractor finds the words; this module decides which of them are facts
about the citizen: not a pronoun that refers back, not the age of the citizen's
child, not an age or coercion the safety cues do not confirm, and not a drug use
or a form of prostitution the message denies.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Sequence, Text

from actions.referral.catalog import AGE, ALL_FACTS, COERCION_FACT, DRUG_USE, FORM, NEED, fold, load_catalog
from actions.referral.logic import NO_VALUE, Situation, as_needs
from vidensassistent.components.cues import COERCION, MINOR, detect, load_patterns


def facts_from_entities(
    entities: Sequence[Mapping[Text, Any]],
    text: Text = "",
    weak_words: Sequence[Text] = (),
) -> Dict[Text, Any]:
    """Facts in one message's (synonym-mapped) entities; needs are collected.
    Entities whose words are in `weak_words` (pronouns such as "hun" in "hvor længe
    kan hun være der?") are left out, and so is the age of the citizen's child
    ("mor til en 15-årig søn": the safety cues' minor_context_exclude). An age under 18
    or a coercion the safety cues do not confirm in `text` ("som 16-årig", "en 17 år
    gammel campingvogn", "tvunget til at flytte") is left out too: the cues are the
    tested judge of who is a minor or coerced."""
    weak = {fold(w) for w in weak_words}
    childs_age = [m.span() for m in load_patterns().minor_context_exclude.finditer(text)] if text else []
    facts: Dict[Text, Any] = {}
    for entity in entities:
        name, value = entity.get("entity"), entity.get("value")
        if name not in ALL_FACTS or value in (None, ""):
            continue
        start, end = entity.get("start"), entity.get("end")
        if weak and start is not None and end is not None and fold(text[start:end]) in weak:
            continue
        if name == AGE and start is not None and any(a <= start < b for a, b in childs_age):
            continue
        if name in (DRUG_USE, FORM) and start is not None and _denied(text[:start]):
            # "tager ikke stoffer", "intet misbrug": the word is there, the fact is not;
            # "hun står ikke på gaden" tells no form at all
            if name == FORM:
                continue
            value = NO_VALUE
        if name == NEED:
            facts[NEED] = list(as_needs(list(facts.get(NEED, [])) + [value]))
        else:
            facts[name] = str(value)
    return _confirmed_by_cues(facts, text)


def _denied(before: Text) -> bool:
    """Whether the words just before a fact's word deny it ("ikke", "intet", "uden")."""
    return bool(load_catalog().free_text["negation"].search(before))


def _confirmed_by_cues(facts: Dict[Text, Any], text: Text) -> Dict[Text, Any]:
    if not text or not (AGE in facts or COERCION_FACT in facts):
        return facts
    safety = detect(text).safety
    if AGE in facts and Situation(age=facts[AGE]).is_minor and MINOR not in safety:
        del facts[AGE]
    if Situation(coercion=facts.get(COERCION_FACT)).is_coerced and COERCION not in safety:
        del facts[COERCION_FACT]
    return facts


def changed_facts(facts: Mapping[Text, Any], situation: Situation) -> Dict[Text, Any]:
    """The facts that say something new about the situation."""
    return {
        fact: value
        for fact, value in facts.items()
        if (as_needs(value) if fact == NEED else value) != situation.value(fact)
    }
