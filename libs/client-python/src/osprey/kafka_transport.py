"""The Kafka transport: jobs from ``<prefix>.jobs.<type>``, answers to ``<prefix>.job-results``.

The same contract as the TypeScript SDK's Kafka transport (``@osprey/contracts``): one consumer
group per job type (``<prefix>.workers.<type>`` unless named), offsets committed by hand and
never past a job still running — a crash redelivers unfinished jobs, whose answers the engine
fences by ``attempt`` — and an idempotent producer for results, keyed by process instance.
Needs the ``kafka`` extra (``aiokafka``, ``jsonschema``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from typing import Any, Mapping, Sequence

from .errors import OspreyError
from .job import Job
from .kafka_contract import DEFAULT_TOPIC_PREFIX, KafkaContractError, job_result, job_topic, parse_job_message, results_topic

log = logging.getLogger("osprey.worker.kafka")

#: Longest a fetch waits for new jobs, in ms (also how soon a paused worker takes jobs again).
FETCH_WAIT_MS = 500
#: Longest a worker waits at start for a job topic to be created, in seconds.
TOPIC_WAIT_S = 10.0


class OspreyKafkaError(OspreyError):
    """Kafka did not take an answer (after the producer's own retries)."""


def _aiokafka() -> Any:
    try:
        import aiokafka
    except ImportError as error:
        raise OspreyError("The Kafka transport needs the kafka extra: pip install 'osprey-client[kafka]'") from error
    return aiokafka


class PartitionOffsets:
    """Offsets of one partition still being worked on, so a commit never passes an unfinished job.

    Jobs of a partition finish out of order; committing N tells Kafka "everything before N is
    done", so N is the oldest offset in flight, or one past the newest when none is.
    """

    def __init__(self) -> None:
        self._pending: set[int] = set()
        self._newest = -1
        self._committable = -1

    def begin(self, offset: int) -> None:
        self._pending.add(offset)
        self._newest = max(self._newest, offset)
        if self._committable < 0:
            self._committable = offset  # the first record read shows where the group stands

    def finish(self, offset: int) -> int | None:
        """:returns: the offset to commit when the committable position moved forward"""
        self._pending.discard(offset)
        next_offset = min(self._pending, default=self._newest + 1)
        if next_offset <= self._committable:
            return None
        self._committable = next_offset
        return next_offset


class KafkaResults:
    """Answers of one job, sent to ``<prefix>.job-results`` keyed by its process instance."""

    def __init__(self, producer: Any, topic: str, process_instance_key: str) -> None:
        self._producer = producer
        self._topic = topic
        self._key = process_instance_key.encode()

    async def complete_job(self, key: str, variables: Mapping[str, Any] | None = None, *, attempt: int | None = None) -> None:
        await self._send(job_result(str(uuid.uuid4()), key, attempt or 1, "complete", variables=variables))

    async def fail_job(self, key: str, *, retries: int, message: str = "", backoff_ms: int = 0, variables: Mapping[str, Any] | None = None, attempt: int | None = None) -> None:
        await self._send(job_result(str(uuid.uuid4()), key, attempt or 1, "fail", variables=variables, retries=retries, retryBackOff=backoff_ms, errorMessage=message))

    async def throw_job_error(self, key: str, code: str, message: str = "", variables: Mapping[str, Any] | None = None, *, attempt: int | None = None) -> None:
        await self._send(job_result(str(uuid.uuid4()), key, attempt or 1, "error", variables=variables, errorCode=code, errorMessage=message))

    async def _send(self, result: dict[str, Any]) -> None:
        errors = _aiokafka().errors
        try:
            await self._producer.send_and_wait(self._topic, value=json.dumps(result).encode(), key=self._key)
        except errors.KafkaError as error:
            raise OspreyKafkaError(f"Could not send the {result['kind']} of job {result['jobKey']} to {self._topic}: {error}") from error


class KafkaJobSource:
    """The jobs of one type, from its topic in its consumer group."""

    def __init__(self, producer: Any, *, brokers: Sequence[str], prefix: str, type: str, group_id: str | None, client_id: str, fetch_variables: Sequence[str] | None) -> None:
        self.topic = job_topic(prefix, type)
        self.results = results_topic(prefix)
        self.group_id = group_id or f"{prefix}.workers.{type}"
        self._producer = producer
        self._fetch_variables = fetch_variables
        self._consumer: Any = _aiokafka().AIOKafkaConsumer(
            bootstrap_servers=list(brokers),
            client_id=client_id,
            group_id=self.group_id,
            enable_auto_commit=False,
            # A new group starts at the oldest retained job (jobs whose lease ended are skipped).
            auto_offset_reset="earliest",
        )
        self._offsets: dict[Any, PartitionOffsets] = {}
        self._where: dict[int, tuple[Any, int]] = {}
        self._to_commit: dict[Any, int] = {}
        self._backlog: list[Any] = []

    async def start(self) -> None:
        """Makes sure the topics exist (with the broker's defaults, as the engine's first job would), then joins the group."""
        for topic in (self.topic, self.results):
            try:
                await asyncio.wait_for(self._producer.partitions_for(topic), TOPIC_WAIT_S)
            except Exception as error:  # noqa: BLE001 — not allowed to create topics: subscribe anyway
                log.warning("could not make sure topic %s exists (%s); subscribing anyway", topic, error)
        await self._consumer.start()
        self._consumer.subscribe([self.topic])

    async def take(self, room: int) -> list[Job]:
        """Up to ``room`` jobs: first those read while the worker was full, then fresh ones."""
        self._consumer.resume(*self._consumer.assignment())
        if len(self._backlog) < room:
            batches = await self._consumer.getmany(timeout_ms=FETCH_WAIT_MS, max_records=room - len(self._backlog))
            self._receive(batches)
        records, self._backlog = self._backlog[:room], self._backlog[room:]
        return [job for job in (self._job(r) for r in records) if job is not None]

    async def idle(self) -> None:
        """While the worker is full: fetches nothing new but stays in the group (a poll within ``max.poll.interval.ms``)."""
        self._consumer.pause(*self._consumer.assignment())
        # Partitions assigned since the pause are not paused yet: what they bring waits in the backlog.
        self._receive(await self._consumer.getmany(timeout_ms=0))

    def _receive(self, batches: Mapping[Any, list[Any]]) -> None:
        for tp, records in batches.items():
            for record in records:
                self._offsets.setdefault(tp, PartitionOffsets()).begin(record.offset)
                self._backlog.append(record)

    def _job(self, record: Any) -> Job | None:
        tp = _aiokafka().TopicPartition(record.topic, record.partition)
        try:
            message = parse_job_message(record.value)
        except KafkaContractError as error:
            log.error("skipping a job message that breaks the contract (%s/%d@%d): %s", record.topic, record.partition, record.offset, error)
            self._finish(tp, record.offset)
            return None
        if int(message["deadline"]) <= time.time() * 1000:
            # The engine has taken the job back (or will): an answer would be refused.
            log.info("skipping job %s (attempt %d): its lease ended before it arrived", message["jobKey"], message["attempt"])
            self._finish(tp, record.offset)
            return None
        job = Job.from_kafka(message, KafkaResults(self._producer, self.results, str(message["processInstanceKey"])), self._fetch_variables)
        self._where[id(job)] = (tp, record.offset)
        return job

    def finished(self, job: Job) -> None:
        """The job was answered or handed back: its offset may be committed."""
        where = self._where.pop(id(job), None)
        if where is not None:
            self._finish(*where)

    def _finish(self, tp: Any, offset: int) -> None:
        next_offset = self._offsets.setdefault(tp, PartitionOffsets()).finish(offset)
        if next_offset is not None:
            self._to_commit[tp] = next_offset

    async def commit(self) -> None:
        """Commits the offsets finished jobs allow, for partitions this member still holds."""
        if not self._to_commit:
            return
        owned = self._consumer.assignment()
        offsets = {tp: o for tp, o in self._to_commit.items() if tp in owned}
        self._to_commit = {}
        if not offsets:
            return
        try:
            await self._consumer.commit(offsets)
        except _aiokafka().errors.KafkaError as error:
            # After a rebalance another member re-reads from the last committed offset; answers are fenced by attempt.
            log.debug("offset commit refused: %s", error)

    async def stop(self) -> None:
        await self.commit()
        await self._consumer.stop()


def kafka_brokers(brokers: str | Sequence[str] | None, env: Mapping[str, str]) -> list[str]:
    """The bootstrap brokers: ``brokers`` (a list or ``"host:port,host:port"``), else ``OSPREY_KAFKA_BROKERS`` or ``KAFKA_BROKERS``."""
    given = brokers if brokers is not None else env.get("OSPREY_KAFKA_BROKERS") or env.get("KAFKA_BROKERS") or ""
    listed = given.split(",") if isinstance(given, str) else list(given)
    found = [b.strip() for b in listed if b.strip()]
    if not found:
        raise ValueError("Expected Kafka brokers for transport='kafka' (brokers=… or OSPREY_KAFKA_BROKERS), but none are given")
    return found


def kafka_prefix(prefix: str | None, env: Mapping[str, str]) -> str:
    """The topic prefix: ``prefix``, else ``OSPREY_KAFKA_PREFIX``, else ``osprey`` (the engine's default)."""
    return prefix or env.get("OSPREY_KAFKA_PREFIX") or DEFAULT_TOPIC_PREFIX


def new_producer(brokers: Sequence[str], client_id: str) -> Any:
    """An idempotent producer (acks from all replicas): a retried send after a lost acknowledgement is written once."""
    return _aiokafka().AIOKafkaProducer(bootstrap_servers=list(brokers), client_id=client_id, enable_idempotence=True, acks="all")
