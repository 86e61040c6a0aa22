"""How a feature reacts to another feature's reply without being called by name.

A feature registers its handlers when its module is imported (`@register(EVENT)`);
the feature that gives the reply asks `handlers(EVENT)`. Before answering, the
registry imports every module of the `actions` package, as rasa-sdk's action
server does, so the handlers are the same whichever module was imported first
(a unit test imports only the one it tests).

Events and the handler each one expects:
- AFTER_ANSWER   `(decision, tracker) -> events`: after a knowledge answer (faq);
                 the referral keeps an initiative in context for follow-ups.
- ANSWER_BUTTONS `(buttons, topic) -> buttons`: the buttons under a knowledge answer;
                 feedback adds "Svaret hjalp" / "Ikke det jeg søgte".
- MENU_BUTTONS   `() -> buttons`: extra entries of the "hvad kan du?" menu (trainer).
- FOLLOWUP       `async (dispatcher, tracker, domain) -> events or None`: a follow-up
                 ("hvad med klinik?") the referral has nothing in context for; faq
                 answers it when the turn before was a knowledge answer (None: not handled).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Callable, Dict, List, Text, TypeVar

AFTER_ANSWER = "after_answer"
ANSWER_BUTTONS = "answer_buttons"
MENU_BUTTONS = "menu_buttons"
FOLLOWUP = "followup"
EVENTS = (AFTER_ANSWER, ANSWER_BUTTONS, MENU_BUTTONS, FOLLOWUP)

Handler = TypeVar("Handler", bound=Callable[..., Any])

# Per event: handlers by qualified name, in registration order (a module imported
# again, as rasa-sdk's auto-reload does, replaces its handler instead of adding one).
_registry: Dict[Text, Dict[Text, Callable[..., Any]]] = {event: {} for event in EVENTS}
_features_loaded = False


def register(event: Text) -> Callable[[Handler], Handler]:
    if event not in _registry:
        raise ValueError(f"unknown hook event {event!r}; known: {', '.join(EVENTS)}")

    def add(handler: Handler) -> Handler:
        _registry[event][f"{handler.__module__}.{handler.__qualname__}"] = handler
        return handler

    return add


def handlers(event: Text) -> List[Callable[..., Any]]:
    load_features()
    return list(_registry[event].values())


def load_features(package: Text = "actions") -> None:
    """Import every module of the package once, so that every feature has registered."""
    global _features_loaded
    if _features_loaded:
        return
    _features_loaded = True
    root = importlib.import_module(package)
    for module in pkgutil.walk_packages(root.__path__, f"{package}."):
        importlib.import_module(module.name)
