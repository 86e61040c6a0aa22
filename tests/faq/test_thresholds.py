"""Every threshold in one place (data/knowledge/thresholds.yml): the decision reads it,
and config.yml, which Rasa reads itself, repeats the one value it needs."""

import shutil

import pytest
import yaml

from actions.faq.logic import ANSWER, CLARIFY, decide
from vidensassistent.knowledge import KNOWLEDGE_DIR, load_knowledge, load_thresholds, nlu_fallback_threshold
from vidensassistent.knowledge.thresholds import parse_thresholds, read_thresholds_file
from vidensassistent.settings import ROOT


def test_config_yml_repeats_the_nlu_fallback_threshold():
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    fallback = [c for c in config["pipeline"] if c["name"] == "FallbackClassifier"]
    assert len(fallback) == 1
    assert fallback[0]["threshold"] == nlu_fallback_threshold()


def parse(confidence):
    ranking = [{"intent_response_key": "faq/reden", "confidence": confidence}]
    return {
        "text": "hvad er reden",
        "intent": {"name": "faq", "confidence": 0.9},
        "response_selector": {"faq": {"ranking": ranking}},
    }


def test_the_decision_follows_the_thresholds_file(tmp_path):
    shutil.copy(KNOWLEDGE_DIR / "thresholds.yml", tmp_path / "thresholds.yml")
    raw = read_thresholds_file(tmp_path)
    raw["answer"]["answer_min_confidence"] = 0.5
    raw["answer"]["answer_clear_lead_min_confidence"] = 0.5
    (tmp_path / "thresholds.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    stricter = load_thresholds.__wrapped__(tmp_path)
    knowledge = load_knowledge()
    assert decide(parse(0.4), knowledge).kind == ANSWER
    assert decide(parse(0.4), knowledge, thresholds=stricter).kind == CLARIFY


def test_a_misspelt_or_missing_threshold_fails_loudly():
    answer = read_thresholds_file()["answer"]
    with pytest.raises(ValueError, match="must set exactly"):
        parse_thresholds({**answer, "answer_min_confidense": 0.3})
    with pytest.raises(ValueError, match="must set exactly"):
        parse_thresholds({k: v for k, v in answer.items() if k != "focus_min_confidence"})
