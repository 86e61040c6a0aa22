"""actions/hooks.py: features react to another feature's reply by registering, and
the knowledge answers (actions/faq) call no other feature by name."""

import ast
from pathlib import Path

import pytest

from actions import hooks
from vidensassistent.settings import ROOT

FEATURES = ("faq", "referral", "trainer", "feedback")


def registered(event):
    return [f"{h.__module__}.{h.__name__}" for h in hooks.handlers(event)]


def test_each_feature_registers_what_it_adds_to_another_features_reply():
    # whichever module was imported first, the registry has loaded every feature
    assert registered(hooks.AFTER_ANSWER) == ["actions.referral.actions.faq_context_events"]
    assert registered(hooks.ANSWER_BUTTONS) == ["actions.feedback.actions.add_rating_buttons"]
    assert registered(hooks.MENU_BUTTONS) == ["actions.trainer.buttons.trainer_menu_buttons"]
    assert registered(hooks.FOLLOWUP) == ["actions.faq.actions.answer_followup"]


def test_an_unknown_event_is_refused():
    with pytest.raises(ValueError, match="unknown hook event"):
        hooks.register("after_anwser")


def test_a_reloaded_module_replaces_its_handler_instead_of_adding_one():
    def menu_entries():
        return [{"title": "x", "payload": "/x"}]

    try:
        hooks.register(hooks.MENU_BUTTONS)(menu_entries)
        hooks.register(hooks.MENU_BUTTONS)(menu_entries)
        assert registered(hooks.MENU_BUTTONS).count(f"{__name__}.menu_entries") == 1
    finally:
        hooks._registry[hooks.MENU_BUTTONS].pop(f"{__name__}.{menu_entries.__qualname__}")


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


@pytest.mark.parametrize("path", sorted((ROOT / "actions" / "faq").glob("*.py")), ids=lambda p: p.name)
def test_the_knowledge_answers_import_no_other_feature(path):
    others = tuple(f"actions.{feature}" for feature in FEATURES if feature != "faq")
    assert not [m for m in imported_modules(path) if m.startswith(others)]


def test_nothing_outside_actions_imports_actions():
    # the report, the command-line tools and the servers read knowledge from vidensassistent
    paths = sorted((ROOT / "vidensassistent").rglob("*.py"))
    offenders = [
        f"{p.relative_to(ROOT)}: {m}"
        for p in paths
        for m in imported_modules(p)
        if m == "actions" or m.startswith("actions.")
    ]
    assert not offenders
