"""actions/names.py: the names features share are the ones domain.yml declares, and
every intent of domain.yml is sorted into commands or content (so the referral's
questions never take a new feature's button click as an answer)."""

import yaml

from actions import names
from actions.referral.actions import NOT_AN_ANSWER
from vidensassistent.settings import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def _declared(block):
    return set(DOMAIN[block])


def test_every_intent_of_the_domain_is_a_command_or_content_and_not_both():
    intents = _declared("intents")
    assert not names.COMMAND_INTENTS & names.CONTENT_INTENTS
    assert names.COMMAND_INTENTS | names.CONTENT_INTENTS == intents


def test_the_shared_names_are_declared_in_the_domain():
    assert {names.FAQ_TOPIC_SLOT, names.FEEDBACK_SLOT, names.COMMENT_SLOT} <= _declared("slots")
    assert {names.TOPIC_ENTITY, names.AREA_ENTITY} <= _declared("entities")
    assert names.KNOWLEDGE_ANSWER_ACTIONS <= _declared("actions")
    # nlu_fallback is Rasa's own intent (FallbackClassifier), never declared
    assert names.NLU_FALLBACK not in _declared("intents")


def test_the_referral_takes_no_command_of_any_feature_as_an_answer():
    for intent in ("feedback_helpful", "tour_jump", "quiz_start", "choose_topic", "thank", "stop"):
        assert intent in NOT_AN_ANSWER
    for intent in ("inform_situation", "describe_situation", "faq", "out_of_scope"):
        assert intent not in NOT_AN_ANSWER


def test_payloads_are_the_intent_with_its_entities_as_json():
    assert names.topic_payload("reden") == '/choose_topic{"topic": "reden"}'
    assert names.payload(names.STOP) == "/stop"
