"""A small async client for the engine's ``/v2`` REST API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping, Sequence

import httpx

from .auth import ClientCredentials, Credentials, credentials_from_env
from .errors import OspreyApiError, OspreyConnectionError

JsonObject = dict[str, Any]


class OspreyClient:
    """Start instances, publish messages, search, deploy — and the job calls a worker makes.

    ``url`` defaults to ``OSPREY_URL`` (else ``http://localhost:8080``); with no credential given,
    :func:`credentials_from_env` finds one (``OSPREY_API_KEY``, ``OSPREY_OIDC_*``,
    ``OSPREY_TOKEN``, the development key). Error answers raise :class:`OspreyApiError` with the
    RFC 9457 problem; no answer raises :class:`OspreyConnectionError`. With client credentials, a
    401 fetches a fresh token and sends the request once more.

    Use as ``async with OspreyClient() as client: ...`` or call :meth:`close`.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        api_key: str | None = None,
        oauth: ClientCredentials | None = None,
        token: str | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        self.url = (url or os.environ.get("OSPREY_URL") or "http://localhost:8080").rstrip("/")
        given = api_key or oauth or token
        self.credentials = Credentials(api_key=api_key, oauth=oauth, token=token, source="argument") if given else credentials_from_env()
        self.timeout_s = timeout_s
        self._http = httpx.AsyncClient(timeout=timeout_s)

    async def __aenter__(self) -> OspreyClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.aclose()

    # -- processes and messages -------------------------------------------------------------

    async def deploy(self, *paths: str | Path, tenant_id: str | None = None) -> JsonObject:
        """Deploys BPMN, DMN and form files as one deployment."""
        files = [("resources", (Path(p).name, Path(p).read_bytes(), "application/octet-stream")) for p in paths]
        data = {"tenantId": tenant_id} if tenant_id else None
        return await self._object("POST", "/v2/deployments", files=files, data=data)

    async def start_instance(
        self,
        process_definition_id: str,
        variables: Mapping[str, Any] | None = None,
        *,
        version: int | None = None,
        await_completion: bool = False,
        request_timeout_ms: int = 10_000,
        tenant_id: str | None = None,
    ) -> JsonObject:
        """Starts an instance of the latest (or the given) version; ``processInstanceKey`` is in the answer."""
        body: JsonObject = {"processDefinitionId": process_definition_id, "variables": dict(variables or {})}
        if version is not None:
            body["processDefinitionVersion"] = version
        if tenant_id:
            body["tenantId"] = tenant_id
        extra = 0.0
        if await_completion:
            body |= {"awaitCompletion": True, "requestTimeout": request_timeout_ms}
            extra = request_timeout_ms / 1000
        return await self._object("POST", "/v2/process-instances", json=body, extra_s=extra)

    async def get_process_instance(self, key: str) -> JsonObject:
        return await self._object("GET", f"/v2/process-instances/{key}")

    async def publish_message(
        self,
        name: str,
        correlation_key: str = "",
        variables: Mapping[str, Any] | None = None,
        *,
        time_to_live_ms: int | None = None,
        message_id: str | None = None,
        tenant_id: str | None = None,
    ) -> JsonObject:
        """Publishes a message; with a time-to-live it waits for a subscription that opens later."""
        body: JsonObject = {"name": name, "correlationKey": correlation_key, "variables": dict(variables or {})}
        if time_to_live_ms is not None:
            body["timeToLive"] = time_to_live_ms
        if message_id:
            body["messageId"] = message_id
        if tenant_id:
            body["tenantId"] = tenant_id
        return await self._object("POST", "/v2/messages/publication", json=body)

    async def search(self, resource: str, filter: Mapping[str, Any] | None = None, *, limit: int = 100, sort: Sequence[Mapping[str, str]] | None = None) -> list[JsonObject]:
        """``POST /v2/<resource>/search`` (``process-instances``, ``incidents``, ``variables``, ``jobs`` …): the items."""
        body: JsonObject = {"filter": dict(filter or {}), "page": {"limit": limit}}
        if sort:
            body["sort"] = [dict(s) for s in sort]
        items = (await self._object("POST", f"/v2/{resource}/search", json=body)).get("items", [])
        return list(items) if isinstance(items, list) else []

    async def search_process_instances(self, filter: Mapping[str, Any] | None = None, *, limit: int = 100) -> list[JsonObject]:
        return await self.search("process-instances", filter, limit=limit)

    # -- jobs ------------------------------------------------------------------------------

    async def activate_jobs(self, type: str, *, worker: str, timeout_ms: int, max_jobs: int, request_timeout_ms: int, fetch_variables: Sequence[str] | None = None) -> list[JsonObject]:
        """Long-polls for jobs of ``type`` (up to ``request_timeout_ms``)."""
        body: JsonObject = {"type": type, "worker": worker, "timeout": timeout_ms, "maxJobsToActivate": max_jobs, "requestTimeout": request_timeout_ms}
        if fetch_variables is not None:
            body["fetchVariable"] = list(fetch_variables)
        answer = await self._object("POST", "/v2/jobs/activation", json=body, extra_s=max(request_timeout_ms, 0) / 1000)
        jobs = answer.get("jobs", [])
        return list(jobs) if isinstance(jobs, list) else []

    async def complete_job(self, key: str, variables: Mapping[str, Any] | None = None, *, attempt: int | None = None) -> None:
        await self._request("POST", f"/v2/jobs/{key}/completion", json={"variables": dict(variables or {}), "attempt": attempt})

    async def fail_job(self, key: str, *, retries: int, message: str = "", backoff_ms: int = 0, variables: Mapping[str, Any] | None = None, attempt: int | None = None) -> None:
        body: JsonObject = {"retries": retries, "errorMessage": message, "retryBackOff": backoff_ms, "attempt": attempt}
        if variables:
            body["variables"] = dict(variables)
        await self._request("POST", f"/v2/jobs/{key}/failure", json=body)

    async def throw_job_error(self, key: str, code: str, message: str = "", variables: Mapping[str, Any] | None = None, *, attempt: int | None = None) -> None:
        body = {"errorCode": code, "errorMessage": message, "variables": dict(variables or {}), "attempt": attempt}
        await self._request("POST", f"/v2/jobs/{key}/error", json=body)

    async def extend_lease(self, key: str, timeout_ms: int, *, attempt: int | None = None) -> None:
        """Moves the job's lease to now + ``timeout_ms``."""
        await self._request("PATCH", f"/v2/jobs/{key}", json={"changeset": {"timeout": timeout_ms}, "attempt": attempt})

    # -- transport -------------------------------------------------------------------------

    async def _object(self, method: str, path: str, **kwargs: Any) -> JsonObject:
        res = await self._request(method, path, **kwargs)
        if res.status_code == 204 or not res.content:
            return {}
        body = res.json()
        return body if isinstance(body, dict) else {"value": body}

    async def _request(self, method: str, path: str, *, extra_s: float = 0.0, **kwargs: Any) -> httpx.Response:
        res = await self._send(method, path, extra_s, kwargs)
        oauth = self.credentials.oauth
        if res.status_code == 401 and oauth is not None:
            oauth.invalidate()
            res = await self._send(method, path, extra_s, kwargs)
        if res.status_code >= 400:
            try:
                problem = res.json()
            except ValueError:
                problem = None
            if not isinstance(problem, dict):
                problem = {"title": res.reason_phrase or f"HTTP {res.status_code}", "status": res.status_code, "detail": res.text[:500]}
            raise OspreyApiError(method, path, res.status_code, problem)
        return res

    async def _headers(self) -> dict[str, str]:
        c = self.credentials
        if c.api_key:
            return {"x-api-key": c.api_key}
        if c.oauth is not None:
            return {"authorization": f"Bearer {await c.oauth.token(self._http)}"}
        return {"authorization": f"Bearer {c.token}"} if c.token else {}

    async def _send(self, method: str, path: str, extra_s: float, kwargs: dict[str, Any]) -> httpx.Response:
        headers = {"accept": "application/json, application/problem+json", **(await self._headers())}
        try:
            return await self._http.request(method, f"{self.url}{path}", headers=headers, timeout=self.timeout_s + extra_s, **kwargs)
        except httpx.TimeoutException as error:
            raise OspreyConnectionError(f"Expected the engine at {self.url} to answer {method} {path} within {self.timeout_s + extra_s} s, but it did not") from error
        except httpx.HTTPError as error:
            raise OspreyConnectionError(f"Expected the engine at {self.url} to answer {method} {path}, but the request failed: {error!r}") from error
