"""The worker over Kafka against a real engine and a real broker: jobs from ``<prefix>.jobs.<type>``, answers on ``<prefix>.job-results``.

The node spec starts the engine with ``KAFKA_BROKERS``, a topic prefix of its own and the job
types below in ``OSPREY_KAFKA_JOB_TYPES``; it hands the brokers and prefix on as
``OSPREY_TEST_KAFKA_BROKERS`` and ``OSPREY_TEST_KAFKA_PREFIX``.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from osprey import BpmnError, Job, OspreyClient, Worker
from osprey.kafka_contract import job_topic

from .conftest import Running, eventually, one_task_process

pytestmark = pytest.mark.anyio

#: Job types the engine dispatches to Kafka in this test run (the node spec configures them).
CHARGE, CHECK, SKIP, RETRY = "py-kafka-charge", "py-kafka-check", "py-kafka-skip", "py-kafka-retry"


@pytest.fixture
def kafka() -> tuple[str, str]:
    brokers, prefix = os.environ.get("OSPREY_TEST_KAFKA_BROKERS"), os.environ.get("OSPREY_TEST_KAFKA_PREFIX")
    if not brokers or not prefix:
        pytest.fail("Expected OSPREY_TEST_KAFKA_BROKERS and OSPREY_TEST_KAFKA_PREFIX (the node spec sets them), but they are unset")
    return brokers, prefix


async def deploy_kafka_task(client: OspreyClient, tmp_path: Path, job_type: str, boundary_error: str | None = None) -> str:
    process_id = f"py-kafka-{uuid.uuid4().hex[:10]}"
    path = tmp_path / f"{process_id}.bpmn"
    path.write_text(one_task_process(process_id, job_type, 3, boundary_error))
    await client.deploy(path)
    return process_id


async def finished(client: OspreyClient, key: str) -> dict[str, Any]:
    async def done() -> dict[str, Any] | None:
        instance = await client.get_process_instance(key)
        return instance if instance["state"] == "COMPLETED" else None

    result: dict[str, Any] = await eventually(done, f"instance {key} to complete", timeout_s=60)
    return result


async def root_variables(client: OspreyClient, key: str) -> dict[str, Any]:
    items = await client.search("variables", {"processInstanceKey": key, "scopeKey": key})
    return {v["name"]: json.loads(v["value"]) for v in items}


async def test_a_kafka_worker_completes_jobs_end_to_end(client: OspreyClient, tmp_path: Path, kafka: tuple[str, str], engine_url: str, api_key: str) -> None:
    brokers, prefix = kafka
    # given a process whose task type the engine dispatches to Kafka, and three instances of it
    process_id = await deploy_kafka_task(client, tmp_path, CHARGE)
    keys = [str((await client.start_instance(process_id, {"amount": n}))["processInstanceKey"]) for n in (10, 20, 30)]
    worker = Worker(engine_url, api_key=api_key, transport="kafka", brokers=brokers, topic_prefix=prefix)
    seen: list[tuple[str, int, int]] = []

    @worker.task(CHARGE, max_jobs=2)
    async def charge(job: Job, amount: int) -> dict[str, Any]:
        seen.append((job.process_instance_key, amount, job.attempt))
        return {"charged": amount * 2}

    running = Running(worker)
    try:
        # when the worker takes the jobs from Kafka and answers on the results topic
        for key in keys:
            await finished(client, key)
    finally:
        await running.stop()
    # then every instance completed with the variables its handler returned, each job handled once
    assert sorted(seen) == sorted((key, n, 1) for key, n in zip(keys, (10, 20, 30)))
    assert [(await root_variables(client, key))["charged"] for key in keys] == [20, 40, 60]


async def test_a_bpmn_error_raised_over_kafka_is_caught_by_the_boundary_event(client: OspreyClient, tmp_path: Path, kafka: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    brokers, prefix = kafka
    # given a task with an error boundary for REJECTED, and a plain-def handler that raises it
    process_id = await deploy_kafka_task(client, tmp_path, CHECK, boundary_error="REJECTED")
    key = str((await client.start_instance(process_id, {"score": 3}))["processInstanceKey"])
    # and a worker that knows only Kafka: no engine address, no credential
    monkeypatch.delenv("OSPREY_URL")
    monkeypatch.delenv("OSPREY_API_KEY")
    worker = Worker(transport="kafka", brokers=brokers.split(","), topic_prefix=prefix)

    @worker.task(CHECK)
    def check(job: Job, score: int) -> None:
        raise BpmnError("REJECTED", f"score {score} is too low")

    running = Running(worker)
    try:
        # when the worker answers with the error over Kafka
        await finished(client, key)
    finally:
        await running.stop()
    # then the boundary event caught it
    ends = await client.search("element-instances", {"processInstanceKey": key, "type": "END_EVENT"})
    assert [e["elementId"] for e in ends] == ["Caught"]


async def test_a_job_message_that_breaks_the_contract_is_skipped_and_the_next_job_is_done(client: OspreyClient, tmp_path: Path, kafka: tuple[str, str]) -> None:
    brokers, prefix = kafka
    # given a message on the job topic that is no job (no jobKey, attempt zero), ahead of a real job
    producer = AIOKafkaProducer(bootstrap_servers=brokers.split(","))
    await producer.start()
    try:
        await producer.send_and_wait(job_topic(prefix, SKIP), value=json.dumps({"type": SKIP, "attempt": 0}).encode(), key=b"0")
    finally:
        await producer.stop()
    process_id = await deploy_kafka_task(client, tmp_path, SKIP)
    key = str((await client.start_instance(process_id, {"n": 1}))["processInstanceKey"])
    worker = Worker(transport="kafka", brokers=brokers, topic_prefix=prefix)
    handled: list[str] = []

    @worker.task(SKIP)
    async def work(job: Job) -> None:
        handled.append(job.process_instance_key)

    running = Running(worker)
    try:
        # when the worker reads both
        await finished(client, key)
    finally:
        await running.stop()
    # then only the real job reached the handler, and its instance completed
    assert handled == [key]


async def test_a_handler_that_raises_fails_the_job_over_kafka_and_the_next_attempt_completes_it(client: OspreyClient, tmp_path: Path, kafka: tuple[str, str], engine_url: str, api_key: str) -> None:
    brokers, prefix = kafka
    # given a handler that fails its first attempt and succeeds on the second
    process_id = await deploy_kafka_task(client, tmp_path, RETRY)
    key = str((await client.start_instance(process_id, {}))["processInstanceKey"])
    worker = Worker(engine_url, api_key=api_key, transport="kafka", brokers=brokers, topic_prefix=prefix)
    attempts: list[tuple[int, int]] = []

    @worker.task(RETRY)
    async def flaky(job: Job) -> dict[str, Any]:
        attempts.append((job.attempt, job.retries))
        if job.attempt == 1:
            raise ConnectionError("the ledger did not answer")
        return {"booked": True}

    running = Running(worker)
    try:
        # when the first answer is a failure sent over Kafka
        await finished(client, key)
    finally:
        await running.stop()
    # then the engine dispatched the job again with the next attempt and one retry fewer, and that one completed it
    assert attempts == [(1, 3), (2, 2)]
    assert (await root_variables(client, key))["booked"] is True
