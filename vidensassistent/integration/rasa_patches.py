"""Every change this project makes inside Rasa's own code, in one place.

Rasa 3.6 has no hooks for these, so each replaces a function or method of Rasa at run
time. What each one is for is explained in the module that holds its logic; this module
only wires them in:

| Replaced in Rasa                                   | Logic                      |
|----------------------------------------------------|----------------------------|
| RemoteAction.__init__ (adds the X-Action-Token)    | action_auth                |
| RemoteAction.run (timeout, "teknisk fejl")         | action_errors              |
| RemoteAction._validate_action_result (private)     | action_validation          |
| MessageProcessor.parse_message (typed payloads)    | payloads                   |
| rasa.core.nlg.interpolator.interpolate (payloads)  | payloads                   |
| MessageProcessor.handle_message (retried ids)      | retries                    |
| SQLTrackerStore._additional_events (private;       | stores.EnvTrackerStore     |
|   overridden by CountingSQLTrackerStore below)     |                            |

`install()` puts every patch in place, once per process (calling it again does nothing).
It is called by the Rasa server's entry point (`vidensassistent.integration.serve rasa`)
and, for Rasa started another way (`rasa shell` in `make shell`, a plain `rasa run`), by the
constructors of the tracker store and the input channels, which Rasa builds before it
handles a message.

Version guard: every patch depends on how Rasa's code works inside, which a Rasa upgrade
may change without notice. `install()` (and the tracker store) refuse to run on a Rasa
version not in TESTED_RASA_VERSIONS, with an error that names the tested version.
tests/ops/test_rasa_patches.py checks, for each patch, the behaviour of Rasa's original
function that the patch relies on, and the patched behaviour. After an upgrade: run those
tests, fix what fails, then add the version.

Adding a patch: write its `install()` (using `replace()` below, so it is idempotent and
keeps the original) and add one `Patch(...)` line to PATCHES: a function here, or
"module:function" for a patch in its own module. Add its tests next to the others.
"""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, List, Optional, Text, Tuple, Union

from rasa.core.tracker_store import SQLTrackerStore

# Rasa versions the patches below were tested with (tests/ops/test_rasa_patches.py).
TESTED_RASA_VERSIONS: Tuple[Text, ...] = ("3.6.21",)

_MARK = "_vidensassistent_original"


class UntestedRasaVersion(RuntimeError):
    """Rasa is not a version the patches were tested with."""


def check_rasa_version(tested: Tuple[Text, ...] = TESTED_RASA_VERSIONS) -> None:
    import rasa

    if rasa.__version__ not in tested:
        raise UntestedRasaVersion(
            f"Rasa {rasa.__version__} is installed, but the Vidensassistent changes Rasa's "
            f"internals in ways tested with Rasa {', '.join(tested)} only "
            "(vidensassistent/integration/rasa_patches.py). Install that version "
            "(constraints.txt), or check every patch against the new version with "
            "tests/ops/test_rasa_patches.py and add it to TESTED_RASA_VERSIONS."
        )


def is_patched(owner: Any, attribute: Text) -> bool:
    return hasattr(getattr(owner, attribute), _MARK)


def original(owner: Any, attribute: Text) -> Any:
    """Rasa's own function behind a patch (the attribute itself if it is not patched)."""
    current = getattr(owner, attribute)
    return getattr(current, _MARK, current)


def replace(owner: Any, attribute: Text, make: Callable[[Any], Any]) -> None:
    """Set `owner.attribute` to `make(original)`, unless a patch is already there."""
    if is_patched(owner, attribute):
        return
    current = getattr(owner, attribute)
    replacement = make(current)
    setattr(replacement, _MARK, current)
    setattr(owner, attribute, replacement)


# --- the patches ---------------------------------------------------------------------------


def send_action_server_token() -> None:
    """RemoteAction.__init__: every call to the action server carries the shared secret."""
    from rasa.core.actions.action import RemoteAction

    from vidensassistent.integration import action_auth

    def make(rasa_init: Callable) -> Callable:
        def __init__(self: Any, name: Text, action_endpoint: Any) -> None:
            rasa_init(self, name, action_endpoint)
            action_auth.add_token(self.action_endpoint)

        return __init__

    replace(RemoteAction, "__init__", make)


def reply_technical_error() -> None:
    """RemoteAction.run: a timeout, and "teknisk fejl" instead of silence on failure."""
    from rasa.core.actions.action import RemoteAction

    from vidensassistent.integration import action_errors

    def make(rasa_run: Callable) -> Callable:
        async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List:
            return await action_errors.run_or_technical_error(
                rasa_run(self, output_channel, nlg, tracker, domain),
                self.name(),
                output_channel,
                nlg,
                tracker,
            )

        return run

    replace(RemoteAction, "run", make)


def validate_with_compiled_schema() -> None:
    """RemoteAction._validate_action_result (private): one validator per process."""
    from rasa.core.actions.action import RemoteAction

    from vidensassistent.integration import action_validation

    def make(_rasa_validate: Callable) -> Callable:
        def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
            return action_validation.validate(result, self.action_response_format_spec())

        return _validate_action_result

    replace(RemoteAction, "_validate_action_result", make)


def parse_offered_payloads_in_thread() -> None:
    """MessageProcessor.parse_message: a typed "/intent{…}" counts only if it was
    offered, and the NLU graph runs in a worker thread (nlu_thread, issue 17)."""
    from rasa.core.processor import MessageProcessor

    from vidensassistent.integration import nlu_thread, payloads

    def make(rasa_parse: Callable) -> Callable:
        async def parse_message(
            self: Any, message: Any, tracker: Optional[Any] = None, only_output_properties: bool = True
        ) -> Dict[Text, Any]:
            async def parse(user_message: Any) -> Dict[Text, Any]:
                return await nlu_thread.parse_message(
                    rasa_parse, self, user_message, tracker, only_output_properties
                )

            return await payloads.parse_offered_only(parse, message, tracker)

        return parse_message

    replace(MessageProcessor, "parse_message", make)


def leave_payloads_uninterpolated() -> None:
    """interpolator.interpolate: button payloads are not slot templates."""
    from rasa.core.nlg import interpolator

    from vidensassistent.integration import payloads

    def make(rasa_interpolate: Callable) -> Callable:
        def interpolate(response: Any, values: Dict[Text, Any]) -> Any:
            return payloads.interpolate_without_payload(rasa_interpolate, response, values)

        return interpolate

    replace(interpolator, "interpolate", make)


class CountingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that notes how many events of the conversation's latest session
    were already stored when `save` was called (`stored_before`).

    Rasa's `save` asks the private `_additional_events(session, tracker)` which events
    are new: those after the number already stored. The same number, kept here, tells
    the tracker cache (stores.EnvTrackerStore) whether the saved tracker is all there is.

    Rasa counts with `_event_query(...).count()`, which wraps the ordered query of
    whole rows (each event's JSON `data` included) in a subquery: about 3 ms per reply
    for a conversation of 50 turns. The count here has the same filter (the events
    since the latest session start, or all when there is none) over the ids only.
    """

    stored_before = 0

    def _additional_events(self, session: Any, tracker: Any) -> Iterator:
        self.stored_before = self._count_latest_session(session, tracker.sender_id)
        return itertools.islice(tracker.events, self.stored_before, len(tracker.events))

    def _count_latest_session(self, session: Any, sender_id: Text) -> int:
        import sqlalchemy as sa
        from rasa.shared.core.events import SessionStarted

        event = self.SQLEvent
        session_start = (
            session.query(sa.func.max(event.timestamp))
            .filter(event.sender_id == sender_id, event.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        query = session.query(sa.func.count(event.id)).filter(
            event.sender_id == sender_id,
            sa.or_(event.timestamp >= session_start, session_start.is_(None)),
        )
        return int(query.scalar())


@dataclass(frozen=True)
class Patch:
    """One change to Rasa: `install` is a function, or "module:function"."""

    name: Text
    install: Union[Callable[[], None], Text]
    tested_with: Tuple[Text, ...] = TESTED_RASA_VERSIONS

    def apply(self) -> None:
        check_rasa_version(self.tested_with)
        function = self.install
        if isinstance(function, str):
            module, _, attribute = function.partition(":")
            function = getattr(importlib.import_module(module), attribute)
        function()


# The one list of patches. Installed in this order.
PATCHES: Tuple[Patch, ...] = (
    Patch("RemoteAction.__init__ sends X-Action-Token", send_action_server_token),
    Patch("RemoteAction.run times out and replies 'teknisk fejl'", reply_technical_error),
    Patch("RemoteAction._validate_action_result with a compiled schema", validate_with_compiled_schema),
    Patch(
        "MessageProcessor.parse_message accepts offered payloads only, parses in a thread",
        parse_offered_payloads_in_thread,
    ),
    Patch("interpolator.interpolate leaves button payloads alone", leave_payloads_uninterpolated),
    # speed (issue 17): a recognised "/intent" payload skips the NLU graph (after the check
    # above, which wraps the outer parse_message); one kept-alive session to the action server
    Patch(
        "MessageProcessor._parse_message_with_graph: payloads skip the graph",
        "vidensassistent.integration.payload_fastpath:install",
    ),
    Patch("EndpointConfig.session kept alive", "vidensassistent.integration.keepalive:install"),
    Patch(
        "MessageProcessor.handle_message answers a retried message_id once",
        "vidensassistent.integration.retries:install",
    ),
)


def install() -> None:
    """Install every patch in PATCHES (idempotent); UntestedRasaVersion on another Rasa."""
    check_rasa_version()
    for patch in PATCHES:
        patch.apply()
