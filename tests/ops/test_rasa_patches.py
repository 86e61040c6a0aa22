"""vidensassistent.integration.rasa_patches: each patch against Rasa's original behaviour
(what the patch relies on, so a Rasa upgrade that changes it fails here) and patched.

Rasa's originals are reached with `rasa_patches.original(...)`, whether or not the
patches are installed in this process.
"""

import asyncio
import re
import socket
import subprocess
import sys

import pytest
from aiohttp import web
from jsonschema import ValidationError
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.nlg import TemplatedNaturalLanguageGenerator, interpolator
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from tests.conftest import trained_model
from vidensassistent.integration import messages, rasa_patches
from vidensassistent.integration.rasa_patches import CountingSQLTrackerStore, UntestedRasaVersion, original
from vidensassistent.integration.serve import ACTION_TOKEN_HEADER
from vidensassistent.settings import ROOT

TARGETS = [
    (RemoteAction, "__init__"),
    (RemoteAction, "run"),
    (RemoteAction, "_validate_action_result"),
    (MessageProcessor, "parse_message"),
    (MessageProcessor, "handle_message"),
    (interpolator, "interpolate"),
]
TYPED = '/inform_situation{"city": "Xyzby"}'


@pytest.fixture(scope="module")
def domain():
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture(autouse=True)
def patched():
    rasa_patches.install()


def _tracker(domain, events=()):
    return DialogueStateTracker.from_events("patch-test", list(events), slots=domain.slots)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ActionServer:
    """A stand-in action server on loopback: answers with `reply` (status, body) after `delay` s."""

    def __init__(self, status=200, body=None, delay=0.0):
        self.status, self.body, self.delay = status, body or {"events": [], "responses": []}, delay
        self.headers = []
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/webhook"

    async def _handle(self, request):
        self.headers.append(dict(request.headers))
        await asyncio.sleep(self.delay)
        return web.json_response(self.body, status=self.status)

    async def __aenter__(self):
        app = web.Application()
        app.router.add_post("/webhook", self._handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *_):
        await self.runner.cleanup()


async def _run(run, action, domain):
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    return await run(action, CollectingOutputChannel(), nlg, _tracker(domain), domain)


def _patched_action(url):
    return RemoteAction("action_answer_faq", EndpointConfig(url))


def _rasa_action(endpoint):
    action = RemoteAction.__new__(RemoteAction)
    original(RemoteAction, "__init__")(action, "action_answer_faq", endpoint)
    return action


# --- installation and the version guard ------------------------------------------------------


def test_every_patch_is_installed_once_and_keeps_rasas_original():
    installed = {attribute: getattr(owner, attribute) for owner, attribute in TARGETS}
    rasa_patches.install()
    for owner, attribute in TARGETS:
        assert getattr(owner, attribute) is installed[attribute]
        assert rasa_patches.is_patched(owner, attribute)
        assert original(owner, attribute).__module__.startswith("rasa."), attribute


def test_the_pinned_rasa_is_the_tested_one():
    pinned = re.search(r"^rasa==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M).group(1)
    assert pinned in rasa_patches.TESTED_RASA_VERSIONS
    rasa_patches.check_rasa_version()


def test_an_untested_rasa_version_is_refused_with_the_tested_version_named(monkeypatch, tmp_path, domain):
    import rasa

    from vidensassistent.integration.stores import EnvTrackerStore

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(UntestedRasaVersion, match=r"Rasa 3\.7\.0 .* Rasa 3\.6\.21"):
        rasa_patches.install()
    with pytest.raises(UntestedRasaVersion):
        EnvTrackerStore(domain, db=str(tmp_path / "tracker.db"))


def test_the_server_does_not_start_on_an_untested_rasa_version():
    script = (
        "import rasa; rasa.__version__ = '3.7.0'\n"
        "from vidensassistent.integration.serve import main\n"
        "main(['rasa', '--model', 'findes-ikke.tar.gz'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0
    assert "UntestedRasaVersion" in result.stderr and "3.6.21" in result.stderr


# --- RemoteAction.__init__: the action server's shared secret --------------------------------


def test_rasa_sends_the_endpoints_headers_with_every_action_call(domain):
    async def scenario():
        async with ActionServer() as server:
            endpoint = EndpointConfig(server.url)
            action = _rasa_action(endpoint)
            assert action.action_endpoint is endpoint  # the patch adds the header to it
            endpoint.headers = {"X-Proeve": "1"}
            await _run(original(RemoteAction, "run"), action, domain)
            return server.headers

    assert asyncio.run(scenario())[0]["X-Proeve"] == "1"


def test_patched_every_action_call_carries_the_token(monkeypatch, domain):
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "hemmelig-token")

    async def scenario():
        async with ActionServer() as server:
            await _run(RemoteAction.run, _patched_action(server.url), domain)
            return server.headers

    assert asyncio.run(scenario())[0][ACTION_TOKEN_HEADER] == "hemmelig-token"


# --- RemoteAction.run: timeout and "teknisk fejl" --------------------------------------------


def test_rasa_raises_when_the_action_server_is_down_or_rejects(domain):
    down = _rasa_action(EndpointConfig(f"http://127.0.0.1:{_free_port()}/webhook"))
    with pytest.raises(RasaException):
        asyncio.run(_run(original(RemoteAction, "run"), down, domain))

    async def rejected():
        async with ActionServer(400, {"action_name": "action_answer_faq", "error": "nej"}) as server:
            await _run(original(RemoteAction, "run"), _rasa_action(EndpointConfig(server.url)), domain)

    with pytest.raises(ActionExecutionRejection):
        asyncio.run(rejected())


def _technical_error(events):
    assert [type(event) for event in events] == [BotUttered]
    return events[0].text


def test_patched_a_down_or_hung_action_server_gives_the_technical_error_reply(monkeypatch, domain):
    monkeypatch.setenv("ACTION_TIMEOUT", "0.5")
    down = _patched_action(f"http://127.0.0.1:{_free_port()}/webhook")
    assert _technical_error(asyncio.run(_run(RemoteAction.run, down, domain))) == messages.TECHNICAL_ERROR

    async def hung():
        async with ActionServer(delay=10) as server:
            return await _run(RemoteAction.run, _patched_action(server.url), domain)

    assert _technical_error(asyncio.run(hung())) == messages.TECHNICAL_ERROR


def test_patched_a_rejection_by_the_action_is_still_a_rejection(domain):
    async def rejected():
        async with ActionServer(400, {"action_name": "action_answer_faq", "error": "nej"}) as server:
            await _run(RemoteAction.run, _patched_action(server.url), domain)

    with pytest.raises(ActionExecutionRejection):
        asyncio.run(rejected())


# --- RemoteAction._validate_action_result ------------------------------------------------------

VALID = {"events": [{"event": "slot", "name": "topic", "value": "reden"}], "responses": [{"text": "hej"}]}
INVALID = {"events": [{"event": "slot", "name": 5}], "responses": []}


def _validation_error(validate, result):
    with pytest.raises(ValidationError) as error:
        validate(_rasa_action(None), result)
    return error.value.message


def test_rasa_validates_replies_against_its_schema_and_explains_a_failure():
    rasa_validate = original(RemoteAction, "_validate_action_result")
    assert rasa_validate(_rasa_action(None), VALID) is True
    assert "Failed to validate Action server response" in _validation_error(rasa_validate, INVALID)


def test_patched_validation_accepts_and_rejects_exactly_as_rasa():
    patched = RemoteAction._validate_action_result
    assert patched(_rasa_action(None), VALID) is True
    assert _validation_error(patched, INVALID) == _validation_error(
        original(RemoteAction, "_validate_action_result"), INVALID
    )


# --- interpolator.interpolate: button payloads are not templates -----------------------------


def test_rasa_fills_slots_into_button_payloads_through_its_module_function(monkeypatch):
    rasa_interpolate = original(interpolator, "interpolate")
    button = {"title": "{name}", "payload": "/choose{name}"}
    assert rasa_interpolate(dict(button), {"name": "Ib"}) == {"title": "Ib", "payload": "/chooseIb"}
    # Nested buttons go through the module attribute, so the patch sees them too.
    seen = []

    def spy(response, values):
        seen.append(dict(response) if isinstance(response, dict) else response)
        return rasa_interpolate(response, values)

    monkeypatch.setattr(interpolator, "interpolate", spy)
    rasa_interpolate({"buttons": [dict(button)]}, {"name": "Ib"})
    assert button in seen


def test_patched_payloads_are_left_as_they_are_and_titles_filled():
    nlg = TemplatedNaturalLanguageGenerator(
        {
            "utter_proeve": [
                {
                    "text": "Hej {name}",
                    "buttons": [
                        {"title": "{name}", "payload": "/choose{name}"},
                        {"title": "Aalborg", "payload": TYPED},
                    ],
                }
            ],
        }
    )
    reply = nlg.generate_from_slots("utter_proeve", {"name": "Ib"}, "rest")
    assert reply["text"] == "Hej Ib"
    assert reply["buttons"] == [
        {"title": "Ib", "payload": "/choose{name}"},
        {"title": "Aalborg", "payload": TYPED},
    ]


# --- MessageProcessor.parse_message: typed payloads ------------------------------------------


@pytest.fixture(scope="module")
def processor():
    from rasa.core.agent import Agent

    return Agent.load(str(trained_model())).processor


def _city(parse_data):
    return [e["value"] for e in parse_data["entities"] if e["entity"] == "city"]


def test_rasa_reads_a_typed_payload_as_intent_and_entities(processor, domain):
    parse = original(MessageProcessor, "parse_message")
    parsed = asyncio.run(parse(processor, UserMessage(TYPED), _tracker(domain)))
    assert parsed["intent"]["name"] == "inform_situation"
    assert _city(parsed) == ["Xyzby"]


def test_patched_a_typed_payload_counts_only_when_it_was_offered(processor, domain):
    offered = BotUttered("Hvor bor hun?", {"buttons": [{"title": "Xyzby", "payload": TYPED}]})
    start = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]

    not_offered = asyncio.run(processor.parse_message(UserMessage(TYPED), _tracker(domain, start)))
    assert _city(not_offered) == [] and not_offered["text"] == TYPED
    offered_tracker = _tracker(domain, start + [offered])
    was_offered = asyncio.run(processor.parse_message(UserMessage(TYPED), offered_tracker))
    assert _city(was_offered) == ["Xyzby"]
    # Without a conversation (`rasa test`, /model/parse) nothing to check against.
    assert _city(asyncio.run(processor.parse_message(UserMessage(TYPED)))) == ["Xyzby"]


def test_rasa_parses_on_the_event_loop_and_patched_in_a_worker_thread(processor, domain, monkeypatch):
    """Rasa runs the NLU graph on the loop's own thread (every other conversation
    waits); patched, the graph runs in a worker thread and the result is the same."""
    import threading

    threads = []
    graph = MessageProcessor._parse_message_with_graph

    def recording(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return graph(self, *args, **kwargs)

    monkeypatch.setattr(MessageProcessor, "_parse_message_with_graph", recording)
    text = "Er det lovligt at sælge sex i Danmark?"
    rasa_parse = original(MessageProcessor, "parse_message")
    by_rasa = asyncio.run(rasa_parse(processor, UserMessage(text), _tracker(domain)))
    patched = asyncio.run(processor.parse_message(UserMessage(text), _tracker(domain)))
    assert threads[0] == threading.main_thread().name
    assert threads[1].startswith("nlu")
    assert patched == by_rasa


# --- SQLTrackerStore._additional_events (private; overridden) --------------------------------


def _events(domain, count, start=1.0):
    # Rasa counts the stored events from the latest SessionStarted's timestamp on.
    events = [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
        ActionExecuted("action_listen", timestamp=start + 0.02),
    ]
    for turn in range(count):
        t = start + 1 + turn
        events += [
            UserUttered(f"spørgsmål {turn}", {"name": "faq", "confidence": 0.9}, timestamp=t),
            BotUttered(f"svar {turn}", timestamp=t + 0.1),
            ActionExecuted("action_listen", timestamp=t + 0.2),
        ]
    return events


def test_rasa_saves_the_events_after_those_stored_for_the_latest_session(tmp_path, domain):
    calls = []

    class Recording(SQLTrackerStore):
        def _additional_events(self, session, tracker):
            events = list(super()._additional_events(session, tracker))
            calls.append(events)
            return iter(events)

    store = Recording(domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    asyncio.run(store.save(_tracker(domain, _events(domain, 1))))
    longer = _tracker(domain, _events(domain, 3))
    asyncio.run(store.save(longer))
    # `save` asks `_additional_events(session, tracker)` once per save; it returns the
    # events after the 6 already stored.
    assert [len(events) for events in calls] == [6, 6]
    assert [e.as_dict() for e in calls[1]] == [e.as_dict() for e in list(longer.events)[6:]]


def test_the_counting_store_saves_what_rasa_saves_and_notes_the_count(tmp_path, domain):
    rasa_store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    ours = CountingSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "ours.db"))
    for turns in (1, 3):
        asyncio.run(rasa_store.save(_tracker(domain, _events(domain, turns))))
        asyncio.run(ours.save(_tracker(domain, _events(domain, turns))))
    assert ours.stored_before == 6
    rasa_read = asyncio.run(rasa_store.retrieve("patch-test"))
    ours_read = asyncio.run(ours.retrieve("patch-test"))
    assert [e.as_dict() for e in ours_read.events] == [e.as_dict() for e in rasa_read.events]


def test_the_lean_count_is_rasas_count_across_sessions(tmp_path, domain):
    store = CountingSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    first_session = _events(domain, 2)
    counts = []
    for events in (
        _events(domain, 1),  # one session
        first_session,
        first_session + _events(domain, 1, start=100.0),  # a second session has started
        _events(domain, 3, start=100.0),  # as Rasa retrieves it: the latest session only
    ):
        tracker = _tracker(domain, events)
        asyncio.run(store.save(tracker))
        with store.session_scope() as session:
            rasa_count = store._event_query(session, tracker.sender_id, False).count()
            counts.append((store._count_latest_session(session, tracker.sender_id), rasa_count))
    assert counts == [(6, 6), (9, 9), (6, 6), (12, 12)]


# --- MessageProcessor.handle_message: a retried message_id is answered once ------------------


def test_the_replies_to_a_stored_message_id_are_the_bot_messages_up_to_the_next_user_message():
    from vidensassistent.integration.retries import replies_after

    buttons = [{"title": "Ja", "payload": "/affirm"}]
    events = [
        UserUttered("første", message_id="a"),
        BotUttered("svar 1"),
        BotUttered("vælg", data={"buttons": buttons, "image": None}),
        ActionExecuted("action_listen"),
        UserUttered("anden", message_id="b"),
        BotUttered("svar 2"),
    ]
    assert replies_after(events, "a") == [{"text": "svar 1"}, {"text": "vælg", "buttons": buttons}]
    assert replies_after(events, "b") == [{"text": "svar 2"}]
    assert replies_after(events, "c") is None
    # Stored but not (yet) answered: an empty answer, not a new turn.
    assert replies_after(events[:1], "a") == []


def test_rasa_keeps_the_message_id_a_channel_gives_the_user_message():
    # The patch finds a retry by the id stored in the UserUttered event.
    message = UserMessage("hej", CollectingOutputChannel(), "retry-test", message_id="client-1")
    assert message.message_id == "client-1"
    assert UserUttered(message.text, message_id=message.message_id).as_dict()["message_id"] == "client-1"
