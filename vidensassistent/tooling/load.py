"""Load generator: N concurrent conversations x M turns over the REST channel.

Measures throughput and latency, then checks in the tracker store itself that
every turn the server acknowledged was stored, in order (nothing lost). Used by
vidensassistent/cli/loadtest.py (`make loadtest`) and vidensassistent/tooling/scale.py (`make test-scale`).
Only ever sends to the URL it is given (loopback in this project), and every
loop is bounded in turns and time.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import aiohttp

from vidensassistent.integration.messages import TECHNICAL_ERROR

# What caseworkers ask (questions from the held-out set and the e2e tests),
# greetings, menu and button payloads: every kind of turn the bot handles.
QUESTIONS: Sequence[str] = (
    "hej",
    "hvor mange mennesker prostituerer sig i Danmark?",
    "rufferi?",
    "skal de betale skat af indtægten",
    "hvad kan du?",
    "hvad er Big Bang strategien",
    "hvor længe kan man bo på Hanne Mariehjemmet",
    "hvad står der i formaalsvejledningen",
    "Hvor stor en andel af dem på gaden har været udsat for vold fra kunder?",
    '/choose_area{"area": "omfang"}',
    "hvem vandt superligaen sidste år",
    "tak for hjælpen",
)


@dataclass
class LoadConfig:
    url: str
    conversations: int = 20
    turns: int = 5
    timeout: float = 60.0
    retries: int = 2
    retry_delay: float = 1.0
    think_time: float = 0.0
    max_duration: float = 600.0
    # After `keep_going` is set (scale test: replica back), each conversation
    # does at least this many further turns.
    turns_after_event: int = 0
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    def sender(self, index: int) -> str:
        return f"load-{self.run_id}-{index:04d}"


@dataclass
class LoadResult:
    config: LoadConfig
    duration: float = 0.0
    latencies: List[float] = field(default_factory=list)
    attempts: int = 0
    failed_attempts: Dict[str, int] = field(default_factory=dict)
    failed_turns: int = 0
    # Per conversation: the texts the server acknowledged, in order.
    acknowledged: Dict[str, List[str]] = field(default_factory=dict)
    lost: int = 0
    duplicates: int = 0
    verified: bool = False
    # 1-minute load average before and after: other work on the machine skews the figures.
    load_average: tuple = ()

    @property
    def ok_turns(self) -> int:
        return sum(len(texts) for texts in self.acknowledged.values())

    @property
    def throughput(self) -> float:
        return self.ok_turns / self.duration if self.duration else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
        return ordered[rank]

    def summary(self) -> Dict[str, object]:
        return {
            "conversations": self.config.conversations,
            "turns_per_conversation": self.config.turns,
            "turns_ok": self.ok_turns,
            "turns_failed": self.failed_turns,
            "attempts": self.attempts,
            "failed_attempts": dict(self.failed_attempts),
            "duration_s": round(self.duration, 2),
            "throughput_turns_per_s": round(self.throughput, 2),
            "latency_ms": {f"p{p}": round(self.percentile(p) * 1000, 1) for p in (50, 95, 99)}
            | {"max": round(max(self.latencies, default=0) * 1000, 1)},
            "verified_in_tracker_store": self.verified,
            "lost_turns": self.lost,
            "duplicate_turns": self.duplicates,
            "load_average_before_after": self.load_average,
        }

    def report(self) -> str:
        s = self.summary()
        lat = s["latency_ms"]
        lines = [
            f"Samtaler × ture:      {s['conversations']} × {s['turns_per_conversation']}"
            + (" (mindst)" if self.config.turns_after_event else ""),
            f"Ture besvaret:        {s['turns_ok']} (fejlet efter genforsøg: {s['turns_failed']})",
            f"Forsøg / fejl:        {s['attempts']} / {sum(self.failed_attempts.values())} "
            f"{json.dumps(self.failed_attempts) if self.failed_attempts else ''}".rstrip(),
            f"Varighed:             {s['duration_s']} s",
            f"Gennemløb:            {s['throughput_turns_per_s']} ture/s",
            f"Svartid p50/p95/p99:  {lat['p50']} / {lat['p95']} / {lat['p99']} ms (max {lat['max']} ms)",
            f"Maskinens load før/efter: {' / '.join(str(x) for x in self.load_average)} (2 kerner)",
        ]
        if self.verified:
            lines.append(
                f"Tjek i tracker store: {s['lost_turns']} tabte ture, {s['duplicate_turns']} dubletter"
            )
        return "\n".join(lines)


def _classify_reply(status: int, body: str) -> Optional[str]:
    """None if the reply is a real answer, else the kind of failure."""
    if status != 200:
        return f"http_{status}"
    try:
        messages = json.loads(body)
    except ValueError:
        return "bad_json"
    if not isinstance(messages, list) or not messages:
        return "empty_reply"
    if any(m.get("text") == TECHNICAL_ERROR for m in messages if isinstance(m, dict)):
        return "technical_error"
    return None


async def _post_turn(
    session: aiohttp.ClientSession, endpoint: str, sender: str, text: str, message_id: str
) -> Optional[str]:
    """One request; None if it got a real answer, else the kind of failure."""
    body = {"sender": sender, "message": text, "message_id": message_id}
    try:
        async with session.post(endpoint, json=body) as reply:
            return _classify_reply(reply.status, await reply.text())
    except asyncio.TimeoutError:
        return "timeout"
    except aiohttp.ClientError as error:
        return type(error).__name__


async def _turn(
    session: aiohttp.ClientSession,
    config: LoadConfig,
    endpoint: str,
    sender: str,
    text: str,
    message_id: str,
    result: LoadResult,
) -> None:
    """One user turn, retried up to `config.retries` times with the same message_id (so a
    retry of a turn the server had stored is answered, not stored, again); recorded in `result`."""
    for attempt in range(config.retries + 1):
        result.attempts += 1
        started = time.monotonic()
        failure = await _post_turn(session, endpoint, sender, text, message_id)
        if failure is None:
            result.latencies.append(time.monotonic() - started)
            result.acknowledged[sender].append(text)
            return
        result.failed_attempts[failure] = result.failed_attempts.get(failure, 0) + 1
        if attempt < config.retries:
            await asyncio.sleep(config.retry_delay * (attempt + 1))
    result.failed_turns += 1


def _done(
    config: LoadConfig, turn: int, keep_going: Optional[asyncio.Event], turns_when_event: Optional[int]
) -> bool:
    """All turns done, and (scale test) enough turns since `keep_going` was set."""
    if turn < config.turns:
        return False
    if keep_going is None:
        return True
    return turns_when_event is not None and turn - turns_when_event >= config.turns_after_event


async def _conversation(
    session: aiohttp.ClientSession,
    config: LoadConfig,
    index: int,
    result: LoadResult,
    deadline: float,
    keep_going: Optional[asyncio.Event],
    on_turn: Optional[Callable[[], None]],
) -> None:
    sender = config.sender(index)
    result.acknowledged.setdefault(sender, [])
    endpoint = f"{config.url.rstrip('/')}/webhooks/rest/webhook"
    turn = 0
    turns_when_event: Optional[int] = None
    while time.monotonic() < deadline:
        if keep_going is not None and keep_going.is_set() and turns_when_event is None:
            turns_when_event = turn
        if _done(config, turn, keep_going, turns_when_event):
            break
        text = QUESTIONS[(index + turn) % len(QUESTIONS)]
        await _turn(session, config, endpoint, sender, text, f"turn-{turn}", result)
        turn += 1
        if on_turn:
            on_turn()
        if config.think_time:
            await asyncio.sleep(config.think_time)


async def run_load(
    config: LoadConfig,
    keep_going: Optional[asyncio.Event] = None,
    on_turn: Optional[Callable[[], None]] = None,
) -> LoadResult:
    """Run all conversations concurrently; returns the (not yet verified) result."""
    result = LoadResult(config)
    before = round(os.getloadavg()[0], 1)
    timeout = aiohttp.ClientTimeout(total=config.timeout)
    connector = aiohttp.TCPConnector(limit=config.conversations)
    started = time.monotonic()
    deadline = started + config.max_duration
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(
            *(
                _conversation(session, config, i, result, deadline, keep_going, on_turn)
                for i in range(config.conversations)
            )
        )
    result.duration = time.monotonic() - started
    result.load_average = (before, round(os.getloadavg()[0], 1))
    return result


def stored_user_texts(db_url: str, senders: Sequence[str]) -> Dict[str, List[str]]:
    """User messages per conversation, in order, read from the tracker store's table."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    texts: Dict[str, List[str]] = {sender: [] for sender in senders}
    query = sa.text(
        "SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id LIKE :prefix ORDER BY id"
    )
    prefix = senders[0].rsplit("-", 1)[0] + "-%" if senders else "%"
    try:
        with engine.connect() as connection:
            for sender_id, data in connection.execute(query, {"prefix": prefix}):
                if sender_id in texts:
                    texts[sender_id].append(json.loads(data).get("text"))
    finally:
        engine.dispose()
    return texts


def verify(result: LoadResult, db_url: str) -> LoadResult:
    """Count acknowledged turns missing from the store (lost), and stored turns the
    client has no acknowledgement for (a retried request the server had processed)."""
    stored = stored_user_texts(db_url, list(result.acknowledged))
    lost = duplicates = 0
    for sender, sent in result.acknowledged.items():
        in_store = stored.get(sender, [])
        position = matched = 0
        for text in sent:
            # In order: look for this turn after the previous one's place in the store.
            try:
                position = in_store.index(text, position) + 1
                matched += 1
            except ValueError:
                lost += 1
        duplicates += len(in_store) - matched
    result.lost, result.duplicates, result.verified = lost, duplicates, True
    return result


def delete_conversations(result: LoadResult, db_url: str) -> int:
    """Remove this run's conversations from the store (a load test is not real usage)."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as connection:
            return connection.execute(
                sa.text("DELETE FROM events WHERE sender_id LIKE :prefix"),
                {"prefix": f"load-{result.config.run_id}-%"},
            ).rowcount
    finally:
        engine.dispose()
