"""Osprey's Kafka contract: topic names and message shapes, checked against the engine's JSON Schema.

The schema (``kafka-contract.schema.json`` beside this file) is generated from the engine's own
definitions in ``@osprey/contracts``, so the engine, the TypeScript SDK and this package read
and write the same messages. Validation needs the ``kafka`` extra (``jsonschema``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any, Mapping

from .errors import OspreyError

#: Topic prefix when none is configured; the engine's ``OSPREY_KAFKA_PREFIX`` default.
DEFAULT_TOPIC_PREFIX = "osprey"
#: Kafka's longest topic name.
MAX_TOPIC_LENGTH = 249

JsonObject = dict[str, Any]


class KafkaContractError(OspreyError):
    """A Kafka message that does not follow the contract; ``problems`` names every field."""

    def __init__(self, what: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"Invalid {what}: {'; '.join(problems)}")


def _sanitize(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", part)


def _checked(name: str) -> str:
    if len(name) > MAX_TOPIC_LENGTH:
        raise KafkaContractError("topic", [f"Expected a topic name of at most {MAX_TOPIC_LENGTH} characters, but '{name[:40]}…' has {len(name)}"])
    return name


def job_topic(prefix: str, type: str) -> str:
    """The topic jobs of ``type`` are dispatched to: ``<prefix>.jobs.<type>`` (``io.acme:mail:1`` → ``osprey.jobs.io.acme_mail_1``)."""
    if not prefix or not type:
        raise KafkaContractError("job topic", [f"Expected a topic prefix and a job type, but found '{prefix}' and '{type}'"])
    return _checked(f"{_sanitize(prefix)}.jobs.{_sanitize(type)}")


def results_topic(prefix: str) -> str:
    """The topic job results go to: ``<prefix>.job-results``."""
    if not prefix:
        raise KafkaContractError("topic", ["Expected a topic prefix, but found an empty string"])
    return _checked(f"{_sanitize(prefix)}.job-results")


@cache
def contract_schema() -> JsonObject:
    """The whole contract document (JSON Schema 2020-12, definitions under ``$defs``)."""
    text = resources.files(__package__).joinpath("kafka-contract.schema.json").read_text("utf-8")
    schema: JsonObject = json.loads(text)
    return schema


@cache
def _validator(name: str) -> Any:
    try:
        from jsonschema import Draft202012Validator
    except ImportError as error:  # pragma: no cover — the kafka extra is missing
        raise OspreyError("The Kafka transport needs the kafka extra: pip install 'osprey-client[kafka]'") from error
    return Draft202012Validator({**contract_schema(), "$ref": f"#/$defs/{name}"})


def check(name: str, value: Any, what: str) -> None:
    """Checks ``value`` against the contract's ``name`` definition. :raises KafkaContractError: naming every problem"""
    errors = sorted(_validator(name).iter_errors(value), key=lambda e: list(e.absolute_path))
    if errors:
        raise KafkaContractError(what, [f"{'/'.join(str(p) for p in e.absolute_path) or '(message)'}: {e.message}" for e in errors])


def parse_job_message(value: bytes | None) -> JsonObject:
    """A job message as a worker receives it on ``<prefix>.jobs.<type>``. :raises KafkaContractError:"""
    if value is None:
        raise KafkaContractError("job message", ["Expected a JSON value, but the message has none"])
    try:
        message = json.loads(value)
    except ValueError as error:
        raise KafkaContractError("job message", [f"Expected JSON, but it does not parse: {error}"]) from error
    check("KafkaJobMessage", message, "job message")
    result: JsonObject = message
    return result


def job_result(
    result_id: str, job_key: str, attempt: int, kind: str, *, variables: Mapping[str, Any] | None = None, **fields: Any
) -> JsonObject:
    """A result for ``<prefix>.job-results``: ``kind`` is ``complete``, ``fail`` (``retries``,
    ``retryBackOff``, ``errorMessage``) or ``error`` (``errorCode``, ``errorMessage``). :raises KafkaContractError:"""
    result: JsonObject = {"resultId": result_id, "jobKey": job_key, "attempt": attempt, "kind": kind}
    if variables is not None:
        result["variables"] = dict(variables)
    result.update({k: v for k, v in fields.items() if v is not None})
    check("KafkaJobResult", result, "job result")
    return result
