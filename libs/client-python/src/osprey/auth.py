"""Credentials: API keys, OIDC client credentials (renewed), bearer tokens, the development key."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import httpx

from .errors import TokenRequestError


@dataclass
class ClientCredentials:
    """An OAuth 2.0 client-credentials grant against an OIDC provider's token endpoint.

    A token is reused until ``refresh_leeway_s`` seconds before its ``expires_in``; callers
    share one request for a new token; :meth:`invalidate` drops it after the engine answered 401.
    """

    token_url: str
    client_id: str
    client_secret: str
    audience: str | None = None
    scope: str | None = None
    refresh_leeway_s: float = 30.0
    _token: str | None = field(default=None, init=False, repr=False)
    _renew_at: float = field(default=0.0, init=False, repr=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)

    async def token(self, http: httpx.AsyncClient) -> str:
        """A valid access token, fetched when none is cached or the cached one is about to expire."""
        async with self._lock:
            if self._token is None or time.monotonic() >= self._renew_at:
                await self._fetch(http)
            assert self._token is not None
            return self._token

    def invalidate(self) -> None:
        """Forgets the cached token."""
        self._token = None

    async def _fetch(self, http: httpx.AsyncClient) -> None:
        form = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret}
        if self.audience:
            form["audience"] = self.audience
        if self.scope:
            form["scope"] = self.scope
        try:
            res = await http.post(self.token_url, data=form, headers={"accept": "application/json"}, timeout=15.0)
        except httpx.HTTPError as error:
            raise TokenRequestError(f"Expected the token endpoint {self.token_url} to answer, but the request failed: {error!r}") from error
        body: dict[str, Any] = {}
        try:
            parsed = res.json()
            body = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            pass
        token = body.get("access_token")
        if res.status_code >= 400 or not isinstance(token, str):
            why = f"{body['error']}: {body.get('error_description', '')}" if "error" in body else f"HTTP {res.status_code}"
            raise TokenRequestError(f"Expected an access token from {self.token_url} for client '{self.client_id}', but the endpoint answered {why}")
        expires_in = body.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, (int, float)) and expires_in > 0 else 300.0
        self._token = token
        self._renew_at = time.monotonic() + lifetime - min(self.refresh_leeway_s, lifetime / 2)


@dataclass(frozen=True)
class Credentials:
    """One of: an API key, client credentials, or a bearer token used as it is."""

    api_key: str | None = None
    oauth: ClientCredentials | None = None
    token: str | None = None
    #: where the credential came from (a variable name or the development key file), for logs
    source: str | None = None


def credentials_from_env(env: Mapping[str, str] | None = None) -> Credentials:
    """Finds a credential as the Node SDK and the ``osprey`` CLI do, first match wins.

    1. ``OSPREY_API_KEY``;
    2. ``OSPREY_OIDC_TOKEN_URL`` + ``OSPREY_OIDC_CLIENT_ID`` + ``OSPREY_OIDC_CLIENT_SECRET``
       (``OSPREY_OIDC_AUDIENCE``, ``OSPREY_OIDC_SCOPE`` optional);
    3. ``OSPREY_TOKEN``;
    4. the development key a local engine writes with no identity configured:
       ``OSPREY_DEV_API_KEY_FILE``, else ``<OSPREY_DATA_DIR or .osprey>/dev-api-key``.
    """
    env = os.environ if env is None else env
    if env.get("OSPREY_API_KEY"):
        return Credentials(api_key=env["OSPREY_API_KEY"].strip(), source="OSPREY_API_KEY")
    url, cid, secret = env.get("OSPREY_OIDC_TOKEN_URL"), env.get("OSPREY_OIDC_CLIENT_ID"), env.get("OSPREY_OIDC_CLIENT_SECRET")
    if url and cid and secret:
        oauth = ClientCredentials(url, cid, secret, audience=env.get("OSPREY_OIDC_AUDIENCE") or None, scope=env.get("OSPREY_OIDC_SCOPE") or None)
        return Credentials(oauth=oauth, source="OSPREY_OIDC_CLIENT_ID")
    if env.get("OSPREY_TOKEN"):
        return Credentials(token=env["OSPREY_TOKEN"].strip(), source="OSPREY_TOKEN")
    raw = env.get("OSPREY_DEV_API_KEY_FILE", "").strip()
    if raw != "off":
        path = Path(raw or Path(env.get("OSPREY_DATA_DIR") or ".osprey") / "dev-api-key").resolve()
        try:
            key = path.read_text("utf-8").strip()
        except OSError:
            key = ""
        if key.startswith("osk_"):
            return Credentials(api_key=key, source=str(path))
    return Credentials()
