"""The worker against a real engine: handlers, answers, leases, stop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from osprey import BpmnError, Job, OspreyClient, Worker

from .conftest import Running, eventually

pytestmark = pytest.mark.anyio

Deploy = Callable[..., Awaitable[str]]


async def state_of(client: OspreyClient, key: str) -> str:
    return str((await client.get_process_instance(key))["state"])


async def completed(client: OspreyClient, key: str) -> None:
    await eventually(lambda: _is(client, key, "COMPLETED"), f"instance {key} to complete")


async def _is(client: OspreyClient, key: str, state: str) -> bool:
    return await state_of(client, key) == state


async def root_variables(client: OspreyClient, key: str) -> dict[str, Any]:
    import json

    items = await client.search("variables", {"processInstanceKey": key, "scopeKey": key})
    return {v["name"]: json.loads(v["value"]) for v in items}


async def test_async_handler_gets_variables_as_keywords_and_its_dict_completes_the_job(client: OspreyClient, deploy: Deploy, engine_url: str, api_key: str) -> None:
    # given a process whose task charges an amount
    name = await deploy()
    worker = Worker(engine_url, api_key=api_key, poll_timeout_ms=500)
    seen: list[tuple[int, str | None, int]] = []

    @worker.task(name, timeout_ms=30_000, max_jobs=4)
    async def charge(job: Job, amount: int, currency: str | None) -> dict[str, Any]:
        seen.append((amount, currency, job.attempt))
        return {"chargeId": f"ch-{job.key}", "charged": amount}

    running = Running(worker)
    try:
        # when an instance starts with an amount (and no currency)
        started = await client.start_instance(name, {"amount": 42})
        key = str(started["processInstanceKey"])

        # then the handler saw the amount, None for the missing variable, and the job completed with its dict
        await completed(client, key)
        assert seen == [(42, None, 1)]
        variables = await root_variables(client, key)
        assert variables["charged"] == 42
        assert str(variables["chargeId"]).startswith("ch-")
    finally:
        await running.stop()


async def test_plain_def_handler_runs_in_a_thread(client: OspreyClient, deploy: Deploy, engine_url: str, api_key: str) -> None:
    name = await deploy()
    worker = Worker(engine_url, api_key=api_key, poll_timeout_ms=500)

    @worker.task(name)
    def notify(job: Job, **variables: Any) -> dict[str, Any]:
        import time

        time.sleep(0.2)  # blocking is fine: the event loop keeps polling
        return {"told": variables["orderId"]}

    running = Running(worker)
    try:
        key = str((await client.start_instance(name, {"orderId": "o-7"}))["processInstanceKey"])
        await completed(client, key)
        assert (await root_variables(client, key))["told"] == "o-7"
    finally:
        await running.stop()


async def test_raising_bpmn_error_is_caught_by_the_boundary_event(client: OspreyClient, deploy: Deploy, engine_url: str, api_key: str) -> None:
    name = await deploy(boundary_error="OUT_OF_STOCK")
    worker = Worker(engine_url, api_key=api_key, poll_timeout_ms=500)

    @worker.task(name)
    async def ship(job: Job) -> None:
        raise BpmnError("OUT_OF_STOCK", "no lamps left", {"reason": "stock"})

    running = Running(worker)
    try:
        key = str((await client.start_instance(name))["processInstanceKey"])
        await completed(client, key)
        ends = await client.search("element-instances", {"processInstanceKey": key, "type": "END_EVENT"})
        assert [e["elementId"] for e in ends] == ["Caught"]
    finally:
        await running.stop()


async def test_an_exception_fails_the_job_and_the_last_retry_raises_an_incident(client: OspreyClient, deploy: Deploy, engine_url: str, api_key: str) -> None:
    name = await deploy(retries=2)
    worker = Worker(engine_url, api_key=api_key, poll_timeout_ms=500)
    attempts: list[int] = []

    @worker.task(name)
    async def flaky(job: Job) -> None:
        attempts.append(job.retries)
        raise RuntimeError("card declined")

    running = Running(worker)
    try:
        key = str((await client.start_instance(name))["processInstanceKey"])
        incidents = await eventually(lambda: client.search("incidents", {"processInstanceKey": key}), "an incident")
        assert incidents[0]["errorMessage"] == "RuntimeError: card declined"
        assert attempts == [2, 1]
    finally:
        await running.stop()


async def test_job_fail_and_throw_error_answer_from_inside_the_handler(client: OspreyClient, deploy: Deploy, engine_url: str, api_key: str) -> None:
    failing = await deploy(retries=3)
    throwing = await deploy(boundary_error="REJECTED")
    worker = Worker(engine_url, api_key=api_key, poll_timeout_ms=500)

    @worker.task(failing)
    async def give_up(job: Job) -> None:
        await job.fail("no point retrying", retries=0)

    @worker.task(throwing)
    async def reject(job: Job) -> dict[str, Any]:
        await job.throw_error("REJECTED", "rejected by rule")
        return {"ignored": True}  # the answer was given: this is not sent

    running = Running(worker)
    try:
        failed = str((await client.start_instance(failing))["processInstanceKey"])
        thrown = str((await client.start_instance(throwing))["processInstanceKey"])
        incidents = await eventually(lambda: client.search("incidents", {"processInstanceKey": failed}), "an incident")
        assert incidents[0]["errorMessage"] == "no point retrying"
        await completed(client, thrown)
        assert "ignored" not in await root_variables(client, thrown)
    finally:
        await running.stop()


async def test_the_lease_is_extended_while_a_long_handler_runs(client: OspreyClient, deploy: Deploy, engine_url: str, api_key: str) -> None:
    # given a lease of 1 s and a handler that takes 2.5 s, with room for the job to be handed out again
    name = await deploy()
    worker = Worker(engine_url, api_key=api_key, poll_timeout_ms=200)
    calls: list[int] = []

    @worker.task(name, timeout_ms=1_000, max_jobs=2)
    async def slow(job: Job) -> dict[str, Any]:
        calls.append(job.attempt)
        await asyncio.sleep(2.5)
        return {"done": True}

    running = Running(worker)
    try:
        key = str((await client.start_instance(name))["processInstanceKey"])
        # then the job is never handed out a second time, and its first attempt completes it
        await completed(client, key)
        assert calls == [1]
    finally:
        await running.stop()


async def test_stop_hands_running_jobs_back_with_their_retries(client: OspreyClient, deploy: Deploy, engine_url: str, api_key: str) -> None:
    name = await deploy(retries=3)
    worker = Worker(engine_url, api_key=api_key, poll_timeout_ms=200)
    started = asyncio.Event()

    @worker.task(name, timeout_ms=60_000)
    async def stuck(job: Job) -> None:
        started.set()
        await asyncio.Event().wait()

    running = Running(worker)
    await client.start_instance(name)
    await asyncio.wait_for(started.wait(), 15)

    # when the worker stops without waiting
    await running.stop(drain_s=0)

    # then the job can be activated again at once, with its retries and a new attempt
    jobs = await client.activate_jobs(name, worker="test", timeout_ms=10_000, max_jobs=1, request_timeout_ms=5_000)
    assert [(j["retries"], j["attempt"]) for j in jobs] == [(3, 2)]
