"""EnvLockStore: built by Rasa from endpoints.yml like any lock store; Rasa's ticket locks
kept in memory, or in Redis when REDIS_URL is set."""

import asyncio

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.utils import AvailableEndpoints

from vidensassistent.integration.stores import EnvLockStore
from vidensassistent.settings import ROOT


def _from_endpoints():
    """What the Rasa server does with endpoints.yml's lock_store."""
    return LockStore.create(AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml")).lock_store)


def test_rasa_builds_it_from_endpoints_yml_and_without_redis_keeps_locks_in_memory(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    store = _from_endpoints()
    assert isinstance(store, EnvLockStore) and isinstance(store, LockStore)
    assert isinstance(store.backend, InMemoryLockStore)


def test_a_conversation_is_handled_by_one_message_at_a_time(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    store, order = _from_endpoints(), []

    async def message(name, hold):
        async with store.lock("samtale-1", wait_time_in_seconds=0.01):
            order.append(f"{name} ind")
            await asyncio.sleep(hold)
            order.append(f"{name} ud")

    async def scenario():
        await asyncio.gather(message("første", 0.2), message("anden", 0))

    asyncio.run(scenario())
    assert order == ["første ind", "første ud", "anden ind", "anden ud"]
    assert store.get_lock("samtale-1") is None  # removed when nobody waits


def test_with_redis_url_the_locks_go_to_redis_with_its_settings(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "rediss://vagt:hemmelig%21@redis.intern:6380/3")
    store = EnvLockStore()
    assert isinstance(store.backend, RedisLockStore)
    settings = store.backend.red.connection_pool.connection_kwargs
    assert (settings["host"], settings["port"], settings["db"]) == ("redis.intern", 6380, 3)
    assert (settings["username"], settings["password"]) == ("vagt", "hemmelig!")
    assert store.backend.red.connection_pool.connection_class.__name__ == "SSLConnection"


def test_redis_defaults_and_the_key_prefix_from_endpoints(monkeypatch):
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setenv("REDIS_URL", "redis://localhost")
    store = EnvLockStore(EndpointConfig(type="x", key_prefix="replika"))
    settings = store.backend.red.connection_pool.connection_kwargs
    assert (settings["port"], settings["db"]) == (6379, 1)
    assert store.backend.key_prefix.startswith("replika:")


def test_a_redis_url_of_another_kind_is_refused(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://localhost:6379/1")
    with pytest.raises(RuntimeError, match="redis://"):
        EnvLockStore()
