"""The REST client and credentials against a real engine."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from osprey import ClientCredentials, Job, OspreyApiError, OspreyClient, TokenRequestError, Worker, credentials_from_env

from .conftest import Running, eventually

pytestmark = pytest.mark.anyio

Deploy = Callable[..., Awaitable[str]]


async def test_start_search_and_publish(client: OspreyClient, deploy: Deploy) -> None:
    name = await deploy()
    started = await client.start_instance(name, {"orderId": "o-1"})
    key = str(started["processInstanceKey"])
    found = await client.search_process_instances({"processDefinitionId": name})
    assert [i["processInstanceKey"] for i in found] == [key]
    assert found[0]["state"] == "ACTIVE"
    published = await client.publish_message("payment-confirmed", "o-1", {"paid": True}, time_to_live_ms=60_000, message_id=f"pay-{key}")
    assert str(published["messageKey"]).isdigit()
    with pytest.raises(OspreyApiError) as refused:
        await client.publish_message("payment-confirmed", "o-1", time_to_live_ms=60_000, message_id=f"pay-{key}")
    assert refused.value.status == 409


async def test_a_wrong_api_key_is_refused_with_401(engine_url: str) -> None:
    async with OspreyClient(engine_url, api_key="osk_wrong") as wrong:
        with pytest.raises(OspreyApiError) as refused:
            await wrong.start_instance("anything")
    assert refused.value.status == 401


async def test_worker_reads_url_and_key_from_the_environment(client: OspreyClient, deploy: Deploy, monkeypatch: pytest.MonkeyPatch) -> None:
    name = await deploy()
    monkeypatch.delenv("OSPREY_TEST_OIDC_TOKEN_URL", raising=False)
    assert credentials_from_env().source == "OSPREY_API_KEY"
    worker = Worker(poll_timeout_ms=300)  # OSPREY_URL and OSPREY_API_KEY

    @worker.task(name)
    async def work(job: Job) -> None:
        return None

    running = Running(worker)
    try:
        key = str((await client.start_instance(name))["processInstanceKey"])
        await eventually(lambda: _completed(client, key), "completion")
    finally:
        await running.stop()


async def _completed(client: OspreyClient, key: str) -> bool:
    return bool((await client.get_process_instance(key))["state"] == "COMPLETED")


def _oauth(secret: str | None = None) -> ClientCredentials:
    token_url = os.environ.get("OSPREY_TEST_OIDC_TOKEN_URL")
    if not token_url:
        pytest.skip("no test OIDC provider (the node spec starts one)")
    return ClientCredentials(token_url, os.environ["OSPREY_TEST_OIDC_CLIENT_ID"], secret or os.environ["OSPREY_TEST_OIDC_CLIENT_SECRET"])


async def test_worker_with_oidc_client_credentials(client: OspreyClient, deploy: Deploy, engine_url: str) -> None:
    name = await deploy()
    worker = Worker(engine_url, oauth=_oauth(), poll_timeout_ms=300)
    done: list[Any] = []

    @worker.task(name)
    async def work(job: Job) -> dict[str, Any]:
        done.append(job.key)
        return {"by": "oidc"}

    running = Running(worker)
    try:
        key = str((await client.start_instance(name))["processInstanceKey"])
        await eventually(lambda: _completed(client, key), "completion")
        assert len(done) == 1
    finally:
        await running.stop()


async def test_a_refused_client_secret_names_the_client(engine_url: str) -> None:
    async with OspreyClient(engine_url, oauth=_oauth("wrong")) as refused:
        with pytest.raises(TokenRequestError, match="client '.*'.*invalid_client"):
            await refused.search_process_instances()
