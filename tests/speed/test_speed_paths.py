"""The shortcuts of issue 17 give exactly what the long way gives.

- the E5Featurizer's cache returns the engine's own vectors, unchanged by callers;
- a button payload skips the NLU graph with the very parse result the graph gives;
- kept-alive connections to an HTTP endpoint are reused, and a restarted server is
  reached again.
"""

import asyncio
import re
import socket
from pathlib import Path

import numpy as np
import pytest
import yaml
from aiohttp import web

from tests.conftest import trained_model
from vidensassistent.settings import ROOT

TEXTS = [
    "hvad er rufferi",
    "Min borger på 34 sælger sex fra sin lejlighed og vil gerne ud af det. Hvad kan vi tilbyde?",
    "  hvad   er rufferi ",  # the same text once spaces are collapsed
]


@pytest.fixture(scope="module")
def featurizers():
    from vidensassistent.components.e5_featurizer import E5Featurizer

    config = E5Featurizer.get_default_config()
    return E5Featurizer(config, "cached"), E5Featurizer({**config, "cache_size": 0}, "uncached")


def test_cached_embeddings_equal_the_engines(featurizers):
    cached, uncached = featurizers
    for texts in ([t] for t in TEXTS):
        first, again = cached.embed(texts), cached.embed(texts)
        np.testing.assert_array_equal(first, uncached.embed(texts))
        np.testing.assert_array_equal(again, first)
    # two texts in one call (the two questions of a message) keep the batch path
    np.testing.assert_array_equal(cached.embed(TEXTS[:2]), uncached.embed(TEXTS[:2]))
    np.testing.assert_array_equal(cached.embed(TEXTS[:2]), uncached.embed(TEXTS[:2]))


def test_a_caller_changing_its_vectors_does_not_change_the_cache(featurizers):
    cached, uncached = featurizers
    vectors = cached.embed([TEXTS[1]])
    vectors[:] = 0.0
    np.testing.assert_array_equal(cached.embed([TEXTS[1]]), uncached.embed([TEXTS[1]]))


def test_embeddings_on_two_cores_equal_those_on_one(featurizers):
    from vidensassistent.components.e5_featurizer import E5Featurizer

    _, one_core = featurizers
    config = {**E5Featurizer.get_default_config(), "cache_size": 0}
    two_cores = E5Featurizer({**config, "threads_when_alone": 2}, "two")
    # an OpenMP runtime was found, and it is the one the engine calls into: no second
    # copy of the library was loaded beside it (scikit-learn ships the same file)
    assert two_cores._threads._runtime is not None
    name = Path(two_cores._threads._runtime._name).name
    with open("/proc/self/maps", encoding="utf-8") as maps:
        copies = {line.split()[-1] for line in maps if line.rstrip().endswith(name)}
    assert len(copies) == 1, copies
    with two_cores._threads.inference() as threads:
        assert threads == 2  # alone on the server
    single = E5Featurizer({**config, "threads_when_alone": 1}, "one")
    for texts in ([TEXTS[0]], [TEXTS[1]], TEXTS[:2]):
        np.testing.assert_array_equal(two_cores.embed(texts), single.embed(texts))
        np.testing.assert_array_equal(two_cores.embed(texts), one_core.embed(texts))


def test_a_message_embedded_while_another_is_gets_one_core():
    from vidensassistent.components.e5_threads import ThreadGovernor

    governor = ThreadGovernor(alone=2, shared=1)
    with governor.inference() as first:
        with governor.inference() as second:
            assert (first, second) == (2, 1)
    with governor.inference() as again:
        assert again == 2


def test_the_cache_keeps_only_the_newest_texts():
    from vidensassistent.components.e5_featurizer import E5Featurizer

    small = E5Featurizer({**E5Featurizer.get_default_config(), "cache_size": 2}, "small")
    for text in ("a b c", "d e f", "g h i"):
        small.embed([text])
    assert list(small._cache) == [("d e f",), ("g h i",)]


@pytest.fixture(scope="module")
def processor():
    from rasa.core.agent import load_agent

    return asyncio.run(load_agent(str(trained_model()))).processor


def _domain_payloads():
    domain = (ROOT / "domain.yml").read_text(encoding="utf-8")
    payloads = set(re.findall(r"payload: ['\"](.*)['\"]\s*$", domain, re.M))
    intents = [i if isinstance(i, str) else next(iter(i)) for i in yaml.safe_load(domain)["intents"]]
    return sorted(payloads | {f"/{intent}" for intent in intents})


def test_payloads_skip_the_graph_with_the_graphs_own_result(processor):
    from rasa.core.channels.channel import UserMessage
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.trackers import DialogueStateTracker

    from vidensassistent.integration import payload_fastpath

    payload_fastpath.install()
    fast = MessageProcessor._parse_message_with_graph
    graph = getattr(fast, "__wrapped__", None)
    assert graph is not None
    payloads = _domain_payloads()
    others = ["/not_an_intent", "/", "hvad er rufferi", "/greet{broken", " /greet "]
    for text in payloads + others:
        tracker = DialogueStateTracker.from_events("speed", [])
        message = UserMessage(text, sender_id="speed")
        assert fast(processor, message, tracker) == graph(processor, message, tracker), text
    skipped = [t for t in payloads + others if payload_fastpath.parse_payload(t, processor.domain)]
    assert set(payloads) <= set(skipped) and "/not_an_intent" not in skipped
    assert "hvad er rufferi" not in skipped


async def _serve_and_call(port, connections):
    from rasa.utils.endpoints import EndpointConfig

    from vidensassistent.integration import keepalive

    async def handle(request):
        connections.add(request.transport.get_extra_info("peername")[1])
        return web.json_response({"ok": True})

    async def start():
        app = web.Application()
        app.router.add_post("/webhook", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        return runner

    keepalive.install()
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    runner = await start()
    replies = [await endpoint.request(json={"n": n}) for n in range(5)]
    used_before_restart = len(connections)
    await runner.cleanup()  # the server goes away and comes back on the same port
    runner = await start()
    replies.append(await endpoint.request(json={"n": 5}))
    await runner.cleanup()
    return replies, used_before_restart


def test_action_server_calls_reuse_one_connection_and_survive_a_restart():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    connections = set()
    replies, used = asyncio.run(_serve_and_call(port, connections))
    assert replies == [{"ok": True}] * 6
    assert used == 1
    assert len(connections) == 2


def test_bench_reuses_a_model_only_while_its_inputs_are_unchanged(tmp_path):
    from benchmarks import reuse

    config = tmp_path / "config.yml"
    config.write_text("pipeline: []\n", encoding="utf-8")
    model = tmp_path / "default.tar.gz"
    model.write_bytes(b"model")
    assert reuse.reusable(model, config) is None  # never recorded
    reuse.remember(model, config, 1234.5)
    assert reuse.reusable(model, config)["training_s"] == 1234.5
    config.write_text("pipeline: [{name: WhitespaceTokenizer}]\n", encoding="utf-8")
    assert reuse.reusable(model, config) is None


CLEAR_CASE = (
    "Jeg har en borger på 41, som i flere år har solgt sex fra en lejlighed og nu fortæller om "
    "det til sin sagsbehandler i jobcentret. Hun er bange for at blive straffet. "
    "Er det lovligt at sælge sex i Danmark?"
)


def test_a_long_case_embeds_its_final_question_only_when_the_whole_is_unclear(processor, monkeypatch):
    """The focus question decides only between "Mente du …?" candidates, so a long case
    the whole of which is answered pays for one e5 inference; an unclear one gets the
    same focus as when it was always embedded."""
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.trackers import DialogueStateTracker

    from vidensassistent.components import knowledge_classifier

    def parse(text):
        tracker = DialogueStateTracker.from_events("speed", [])
        return processor._parse_message_with_graph(UserMessage(text, sender_id="speed"), tracker)

    clear = parse(CLEAR_CASE)
    assert clear["response_selector"]["faq"]["ranking"][0]["intent_response_key"] == "faq/legal_status"
    assert "focus" not in clear
    # the same message, as if the whole were unclear: its final question is embedded
    monkeypatch.setattr(knowledge_classifier, "_answered_without_focus", lambda message: False)
    unclear = parse(CLEAR_CASE)
    assert unclear["focus"][0]["text"] == "Er det lovligt at sælge sex i Danmark?"
    assert unclear["focus"][0]["label"] == "faq/legal_status"
