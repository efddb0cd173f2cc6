"""One activated job and the ways to answer it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol, Sequence

from .errors import OspreyError, is_transient

#: Waits before the 2nd and 3rd try of an answer the engine could not take (no answer, 408, 429, 5xx).
ANSWER_RETRY_S = (0.2, 0.4)


class JobAlreadyAnswered(OspreyError):
    """A second answer to the same job: nothing is sent."""


class JobAnswers(Protocol):
    """Where a job's answer goes: the engine's REST API (:class:`OspreyClient`) or the Kafka results topic."""

    async def complete_job(self, key: str, variables: Mapping[str, Any] | None = None, *, attempt: int | None = None) -> None: ...

    async def fail_job(self, key: str, *, retries: int, message: str = "", backoff_ms: int = 0, variables: Mapping[str, Any] | None = None, attempt: int | None = None) -> None: ...

    async def throw_job_error(self, key: str, code: str, message: str = "", variables: Mapping[str, Any] | None = None, *, attempt: int | None = None) -> None: ...


@dataclass
class Job:
    """An activated job: where it comes from, its variables, and its lease (``attempt``).

    Answer it once with :meth:`complete`, :meth:`fail` or :meth:`throw_error` — or let the
    worker do it from what the handler returns or raises. Every answer carries ``attempt``, so
    an answer for a lease that has meanwhile ended is refused (409) rather than applied twice.
    """

    key: str
    type: str
    process_instance_key: str
    process_definition_id: str
    element_id: str
    element_instance_key: str
    variables: dict[str, Any]
    custom_headers: dict[str, str]
    retries: int
    attempt: int
    #: when the lease ends, seconds since the epoch (local clock); moves on with each extension
    deadline: float
    tenant_id: str
    _client: JobAnswers = field(repr=False)
    _answered: bool = field(default=False, repr=False)

    @classmethod
    def from_api(cls, body: Mapping[str, Any], client: JobAnswers, deadline: float) -> Job:
        return cls(
            key=str(body["jobKey"]),
            type=str(body["type"]),
            process_instance_key=str(body.get("processInstanceKey", "")),
            process_definition_id=str(body.get("processDefinitionId", "")),
            element_id=str(body.get("elementId", "")),
            element_instance_key=str(body.get("elementInstanceKey", "")),
            variables=dict(body.get("variables") or {}),
            custom_headers=dict(body.get("customHeaders") or {}),
            retries=int(body.get("retries", 0)),
            attempt=int(body.get("attempt", 1)),
            deadline=deadline,
            tenant_id=str(body.get("tenantId", "<default>")),
            _client=client,
        )

    @classmethod
    def from_kafka(cls, message: Mapping[str, Any], answers: JobAnswers, fetch_variables: Sequence[str] | None = None) -> Job:
        """A job message of ``<prefix>.jobs.<type>`` (already checked against the contract); only
        ``fetch_variables`` reach the handler when given. The lease ends at the engine's ``deadline``."""
        variables: dict[str, Any] = dict(message["variables"])
        if fetch_variables is not None:
            variables = {n: variables[n] for n in fetch_variables if n in variables}
        return cls.from_api({**message, "variables": variables}, answers, int(message["deadline"]) / 1000)

    @property
    def answered(self) -> bool:
        """True once an answer was sent (or is being sent)."""
        return self._answered

    async def complete(self, variables: Mapping[str, Any] | None = None) -> None:
        """Completes the job with ``variables``. Raises :class:`OspreyApiError` 409 when the lease was lost."""
        await self._answer(lambda: self._client.complete_job(self.key, variables, attempt=self.attempt))

    async def fail(self, message: str = "", *, retries: int | None = None, backoff_ms: int = 0, variables: Mapping[str, Any] | None = None) -> None:
        """Fails the job: retried after ``backoff_ms`` with ``retries`` left (default one fewer); at 0 an incident is raised."""
        left = self.retries - 1 if retries is None else retries
        await self._answer(lambda: self._client.fail_job(self.key, retries=max(left, 0), message=message, backoff_ms=backoff_ms, variables=variables, attempt=self.attempt))

    async def throw_error(self, code: str, message: str = "", variables: Mapping[str, Any] | None = None) -> None:
        """Throws the BPMN error ``code`` from the task: an error boundary event with that code catches it, otherwise an incident."""
        await self._answer(lambda: self._client.throw_job_error(self.key, code, message, variables, attempt=self.attempt))

    async def _answer(self, send: Any) -> None:
        if self._answered:
            raise JobAlreadyAnswered(f"Expected one answer to job {self.key}, but it was already answered")
        self._answered = True
        for wait in (*ANSWER_RETRY_S, None):
            try:
                await send()
                return
            except OspreyError as error:
                if wait is None or not is_transient(error):
                    raise
                await asyncio.sleep(wait)
