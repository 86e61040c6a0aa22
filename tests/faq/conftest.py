"""Tracker fixtures for the action tests (built like Sara's: plain rasa_sdk Trackers)."""

from typing import Any, Dict, Text

import pytest
from rasa_sdk.executor import CollectingDispatcher


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def domain() -> Dict[Text, Any]:
    return {}
