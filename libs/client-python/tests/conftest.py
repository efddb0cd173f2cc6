"""Fixtures: the engine the node spec started (``OSPREY_URL``, ``OSPREY_API_KEY``), processes to deploy.

anyio (an httpx dependency) ships the pytest plugin that runs the ``async def`` tests.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from osprey import OspreyClient, Worker


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def engine_url() -> str:
    url = os.environ.get("OSPREY_URL")
    if not url:
        pytest.fail("Expected OSPREY_URL to name a running engine (npm test starts one), but it is unset")
    return url


@pytest.fixture
def api_key() -> str:
    return os.environ["OSPREY_API_KEY"]


@pytest.fixture
async def client(engine_url: str, api_key: str) -> AsyncIterator[OspreyClient]:
    async with OspreyClient(engine_url, api_key=api_key) as c:
        yield c


def one_task_process(process_id: str, job_type: str, retries: int = 3, boundary_error: str | None = None) -> str:
    """start → service task ``Task`` (``job_type``) → end ``Done``; with ``boundary_error`` an error boundary leads to end ``Caught``."""
    boundary = (
        f"""<bpmn:boundaryEvent id="OnError" attachedToRef="Task"><bpmn:outgoing>F3</bpmn:outgoing>
        <bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="F3" sourceRef="OnError" targetRef="Caught" />
      <bpmn:endEvent id="Caught"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>"""
        if boundary_error
        else ""
    )
    error = f'<bpmn:error id="Err" errorCode="{boundary_error}" />' if boundary_error else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_{process_id}" targetNamespace="http://example.com">
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task" />
    <bpmn:serviceTask id="Task">
      <bpmn:extensionElements><zeebe:taskDefinition type="{job_type}" retries="{retries}" /></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="F2" sourceRef="Task" targetRef="Done" />
    <bpmn:endEvent id="Done"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    {boundary}
  </bpmn:process>
  {error}
</bpmn:definitions>"""


@pytest.fixture
def deploy(client: OspreyClient, tmp_path: Path) -> Callable[..., Awaitable[str]]:
    """Deploys a one-task process with a fresh id and job type (both the returned name)."""

    async def deploy_one(retries: int = 3, boundary_error: str | None = None) -> str:
        name = f"py-{uuid.uuid4().hex[:10]}"
        path = tmp_path / f"{name}.bpmn"
        path.write_text(one_task_process(name, name, retries, boundary_error))
        await client.deploy(path)
        return name

    return deploy_one


async def eventually(check: Callable[[], Awaitable[Any]], what: str, timeout_s: float = 15.0) -> Any:
    """Polls ``check`` until it returns something truthy."""
    end = asyncio.get_running_loop().time() + timeout_s
    while True:
        value = await check()
        if value:
            return value
        if asyncio.get_running_loop().time() > end:
            raise AssertionError(f"Timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(0.05)


class Running:
    """A worker running in the background of a test."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.task = asyncio.create_task(worker.run())

    async def stop(self, drain_s: float = 0.0) -> None:
        await self.worker.stop(drain_s)
        await self.task
