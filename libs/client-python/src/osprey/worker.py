"""The job worker: ``@worker.task(type)`` handlers, long-polled over REST or consumed from Kafka."""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import random
import signal
import socket
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Literal, Mapping, Sequence, TypeVar

from .auth import ClientCredentials
from .client import OspreyClient
from .errors import BpmnError, OspreyApiError, OspreyError
from .job import Job
from .kafka_transport import KafkaJobSource, kafka_brokers, kafka_prefix, new_producer

Handler = Callable[..., Any]
H = TypeVar("H", bound=Handler)

log = logging.getLogger("osprey.worker")

#: Back-off after a failed poll: 0.1 s doubling up to 5 s, each jittered down by up to 20 %.
POLL_BACKOFF_S = (0.1, 5.0)
#: An empty long-poll is repeated at once, but never more often than this.
MIN_POLL_INTERVAL_S = 0.1
SHUTDOWN_MESSAGE = "worker shutting down"


@dataclass
class _Task:
    type: str
    handler: Handler
    timeout_ms: int
    max_jobs: int
    fetch_variables: list[str] | None
    extend_lease: bool
    is_async: bool
    params: list[inspect.Parameter]
    takes_all: bool
    running: dict[str, tuple[Job, asyncio.Task[None]]] = field(default_factory=dict)
    room: asyncio.Event = field(default_factory=asyncio.Event)


class Worker:
    """Job workers for one engine, pyzeebe-style::

        worker = Worker("http://localhost:8080", api_key="osk_…")   # or OSPREY_URL / OSPREY_API_KEY

        @worker.task("payment-charge", timeout_ms=30_000, max_jobs=32)
        async def charge(job: Job, amount: int) -> dict[str, Any]:
            return {"chargeId": "…"}

        asyncio.run(worker.run())   # until worker.stop(), SIGTERM or Ctrl-C

    A handler gets the job and the job's variables as keyword arguments (a missing variable is
    ``None`` unless the parameter has a default; ``**variables`` takes them all). It may be
    ``async def`` or a plain ``def`` (run in a thread, so it may block). What it does decides
    the answer: a returned dict completes the job with those variables, ``None`` completes it
    without; raising :class:`BpmnError` throws that BPMN error; raising anything else fails the
    job with one retry fewer; or it answers itself with ``await job.complete/fail/throw_error``.

    ``transport="kafka"`` takes the jobs of Kafka-dispatched types (the engine's
    ``OSPREY_KAFKA_JOB_TYPES``) from ``<prefix>.jobs.<type>`` and sends answers to
    ``<prefix>.job-results``, with the same handlers::

        worker = Worker(transport="kafka", brokers="kafka:9092", url="http://osprey:8080", api_key="osk_…")

    Over Kafka, leases are extended over REST only when the engine's address is given (``url``,
    ``client`` or ``OSPREY_URL``); without it a handler must finish within the engine's
    ``OSPREY_KAFKA_JOB_TIMEOUT_MS``.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        api_key: str | None = None,
        oauth: ClientCredentials | None = None,
        token: str | None = None,
        client: OspreyClient | None = None,
        name: str | None = None,
        poll_timeout_ms: int = 10_000,
        transport: Literal["rest", "kafka"] = "rest",
        brokers: str | Sequence[str] | None = None,
        topic_prefix: str | None = None,
        group_id: str | None = None,
    ) -> None:
        """:param transport: ``"rest"`` long-polls the engine; ``"kafka"`` consumes ``<prefix>.jobs.<type>``
        :param brokers: Kafka bootstrap servers (a list or ``"host:port,…"``); default ``OSPREY_KAFKA_BROKERS`` or ``KAFKA_BROKERS``
        :param topic_prefix: the engine's ``OSPREY_KAFKA_PREFIX``; default that variable, else ``osprey``
        :param group_id: consumer group of every task; default ``<prefix>.workers.<type>`` (shared with TypeScript workers)
        """
        if transport not in ("rest", "kafka"):
            raise ValueError(f"Expected transport 'rest' or 'kafka', but found '{transport}'")
        self.client = client or OspreyClient(url, api_key=api_key, oauth=oauth, token=token)
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.transport = transport
        self._brokers = kafka_brokers(brokers, os.environ) if transport == "kafka" else []
        self._prefix = kafka_prefix(topic_prefix, os.environ)
        self._group_id = group_id
        # Over Kafka the REST API serves only lease extensions, and only when its address was given.
        self._extends = transport == "rest" or bool(url or client or os.environ.get("OSPREY_URL"))
        self.poll_timeout_ms = poll_timeout_ms
        self._tasks: dict[str, _Task] = {}
        self._stopping = asyncio.Event()
        self._stopped = asyncio.Event()
        self._drain_s = 10.0

    def task(self, type: str, *, timeout_ms: int = 30_000, max_jobs: int = 10, fetch_variables: list[str] | None = None, extend_lease: bool = True) -> Callable[[H], H]:
        """Registers the decorated function as the handler of job ``type``.

        :param timeout_ms: lease length asked for on activation and on every extension
        :param max_jobs: most jobs of this type handled at once
        :param fetch_variables: only these variables reach the handler (default all)
        :param extend_lease: extend the lease while the handler runs
        """
        if type in self._tasks:
            raise ValueError(f"Expected one handler per job type, but '{type}' has one already")
        if timeout_ms < 1 or not 1 <= max_jobs <= 1000:
            raise ValueError(f"Expected timeout_ms ≥ 1 and max_jobs between 1 and 1000, but found {timeout_ms} and {max_jobs}")

        def register(handler: H) -> H:
            params = list(inspect.signature(handler).parameters.values())[1:]
            takes_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)
            named = [p for p in params if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]
            self._tasks[type] = _Task(type, handler, timeout_ms, max_jobs, fetch_variables, extend_lease, inspect.iscoroutinefunction(handler), named, takes_all)
            return handler

        return register

    async def run(self) -> None:
        """Polls for every registered job type until :meth:`stop` (or SIGTERM / SIGINT), then stops gracefully."""
        if not self._tasks:
            raise ValueError("Expected at least one @worker.task handler, but none is registered")
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, self._stopping.set)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread, or no signals here: stop() still works
        producer: Any = None
        sources: list[KafkaJobSource] = []
        try:
            if self.transport == "kafka":
                producer = new_producer(self._brokers, self.name)
                await producer.start()
                for t in self._tasks.values():
                    sources.append(KafkaJobSource(producer, brokers=self._brokers, prefix=self._prefix, type=t.type, group_id=self._group_id, client_id=self.name, fetch_variables=t.fetch_variables))
                    await sources[-1].start()
                polls = [asyncio.create_task(self._consume(t, s)) for t, s in zip(self._tasks.values(), sources)]
            else:
                polls = [asyncio.create_task(self._poll(t)) for t in self._tasks.values()]
            log.info("worker %s started for %s over %s (credential: %s)", self.name, ", ".join(self._tasks), self.transport, self.client.credentials.source or "none")
        except BaseException:
            await self._close_kafka(sources, producer)
            await self.client.close()
            self._stopped.set()
            raise
        try:
            await self._stopping.wait()
        finally:
            for p in polls:
                p.cancel()
            await asyncio.gather(*polls, return_exceptions=True)
            await self._drain()
            await self._close_kafka(sources, producer)
            for sig in (signal.SIGTERM, signal.SIGINT):
                try:
                    loop.remove_signal_handler(sig)
                except (NotImplementedError, RuntimeError, ValueError):
                    pass
            await self.client.close()
            self._stopped.set()

    async def stop(self, drain_s: float = 10.0) -> None:
        """Stops polling, lets running handlers finish for ``drain_s`` seconds, then hands the
        jobs still running back to the engine (a failure with the same retries, no back-off), and
        returns once :meth:`run` has ended."""
        self._drain_s = drain_s
        self._stopping.set()
        await self._stopped.wait()

    # -- polling ---------------------------------------------------------------------------

    async def _poll(self, task: _Task) -> None:
        backoff = POLL_BACKOFF_S[0]
        while not self._stopping.is_set():
            room = task.max_jobs - len(task.running)
            if room <= 0:
                task.room.clear()
                await task.room.wait()
                continue
            started = time.monotonic()
            try:
                jobs = await self.client.activate_jobs(task.type, worker=self.name, timeout_ms=task.timeout_ms, max_jobs=room, request_timeout_ms=self.poll_timeout_ms, fetch_variables=task.fetch_variables)
            except OspreyError as error:
                wait = backoff * (1 - random.random() * 0.2)
                refused = isinstance(error, OspreyApiError) and error.status in (401, 403)
                hint = " — the engine refused the worker's credential; give Worker(api_key=…) or oauth=ClientCredentials(…), or set OSPREY_API_KEY" if refused else ""
                log.warning("could not activate %s jobs: %s%s; retrying in %.1f s", task.type, error, hint, wait)
                await asyncio.sleep(wait)
                backoff = min(backoff * 2, POLL_BACKOFF_S[1])
                continue
            backoff = POLL_BACKOFF_S[0]
            received = time.time()
            for body in jobs:
                job = Job.from_api(body, self.client, received + task.timeout_ms / 1000)
                task.running[job.key] = (job, asyncio.create_task(self._handle(task, job)))
            if not jobs:
                await asyncio.sleep(max(0.0, MIN_POLL_INTERVAL_S - (time.monotonic() - started)))

    async def _consume(self, task: _Task, source: KafkaJobSource) -> None:
        backoff = POLL_BACKOFF_S[0]
        while not self._stopping.is_set():
            room = task.max_jobs - len(task.running)
            try:
                await source.commit()
                if room <= 0:
                    task.room.clear()
                    await source.idle()
                    try:
                        await asyncio.wait_for(task.room.wait(), 1.0)
                    except TimeoutError:
                        pass
                    continue
                jobs = await source.take(room)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 — the consumer retries by itself; this keeps the loop alive
                wait = backoff * (1 - random.random() * 0.2)
                log.warning("could not take %s jobs from Kafka: %s; retrying in %.1f s", task.type, error, wait)
                await asyncio.sleep(wait)
                backoff = min(backoff * 2, POLL_BACKOFF_S[1])
                continue
            backoff = POLL_BACKOFF_S[0]
            for job in jobs:
                handler = asyncio.create_task(self._handle(task, job))
                handler.add_done_callback(lambda _, job=job: source.finished(job))  # type: ignore[misc]
                task.running[job.key] = (job, handler)

    async def _close_kafka(self, sources: list[KafkaJobSource], producer: Any) -> None:
        for source in sources:
            try:
                await source.stop()
            except Exception as error:  # noqa: BLE001 — leaving the group is best effort
                log.warning("could not leave consumer group %s cleanly: %s", source.group_id, error)
        if producer is not None:
            await producer.stop()

    # -- one job ---------------------------------------------------------------------------

    def _arguments(self, task: _Task, job: Job) -> dict[str, Any]:
        if task.takes_all:
            return dict(job.variables)
        args: dict[str, Any] = {}
        for p in task.params:
            if p.name in job.variables:
                args[p.name] = job.variables[p.name]
            elif p.default is inspect.Parameter.empty:
                args[p.name] = None  # a missing variable is null, as in FEEL
        return args

    async def _handle(self, task: _Task, job: Job) -> None:
        lease = asyncio.create_task(self._keep_lease(task, job)) if task.extend_lease and self._extends else None
        try:
            args = self._arguments(task, job)
            if task.is_async:
                result = await task.handler(job, **args)
            else:
                result = await asyncio.to_thread(task.handler, job, **args)
            if job.answered:
                return
            if result is None:
                await job.complete()
            elif isinstance(result, Mapping):
                await job.complete(result)
            else:
                await job.fail(f"Expected the handler to return a dict or None, but it returned {type(result).__name__}")
        except asyncio.CancelledError:
            raise
        except BpmnError as error:
            await self._settle(job, job.throw_error(error.code, error.message, error.variables))
        except OspreyError as error:
            log.warning("job %s (%s, attempt %d): answer refused: %s", job.key, job.type, job.attempt, error)
        except Exception as error:  # noqa: BLE001 — a handler's failure fails the job
            log.info("job %s (%s) failed: %r", job.key, job.type, error)
            await self._settle(job, job.fail(f"{type(error).__name__}: {error}"))
        finally:
            if lease is not None:
                lease.cancel()
            task.running.pop(job.key, None)
            task.room.set()

    async def _settle(self, job: Job, answer: Awaitable[None]) -> None:
        if job.answered:
            # the handler answered and then raised: the answer stands
            if inspect.iscoroutine(answer):
                answer.close()
            return
        try:
            await answer
        except OspreyError as error:
            log.warning("job %s (%s, attempt %d): answer refused: %s", job.key, job.type, job.attempt, error)

    async def _keep_lease(self, task: _Task, job: Job) -> None:
        """At two thirds of the lease, asks for a fresh one; stops when the lease is lost (409/404)."""
        timeout_s = task.timeout_ms / 1000
        delay = (job.deadline - time.time()) * 2 / 3
        while True:
            await asyncio.sleep(max(0.0, delay))
            requested = time.time()
            try:
                await self.client.extend_lease(job.key, task.timeout_ms, attempt=job.attempt)
            except OspreyApiError as error:
                if error.status in (404, 409):
                    log.warning("job %s (%s, attempt %d): lease lost: %s", job.key, job.type, job.attempt, error.detail)
                    return
                delay = min(1.0, timeout_s / 6)
                continue
            except OspreyError:
                delay = min(1.0, timeout_s / 6)
                continue
            job.deadline = requested + timeout_s
            delay = timeout_s * 2 / 3 - (time.time() - requested)

    async def _drain(self) -> None:
        running = [t for task in self._tasks.values() for _, t in task.running.values()]
        if running:
            await asyncio.wait(running, timeout=self._drain_s)
        for task in self._tasks.values():
            for job, handler in list(task.running.values()):
                handler.cancel()
                if not job.answered:
                    try:
                        await job.fail(SHUTDOWN_MESSAGE, retries=job.retries)
                    except OspreyError as error:
                        log.warning("job %s could not be handed back (%s): it returns when its lease ends", job.key, error)
