"""Errors the client raises: the engine's RFC 9457 problems, no answer, a refused token request."""

from __future__ import annotations

from typing import Any


class OspreyError(Exception):
    """Base of every error this package raises."""


class OspreyApiError(OspreyError):
    """The engine answered with an error status; ``problem`` is its RFC 9457 problem."""

    def __init__(self, method: str, path: str, status: int, problem: dict[str, Any]) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.problem = problem
        self.title: str = str(problem.get("title", f"HTTP {status}"))
        self.detail: str = str(problem.get("detail", ""))
        super().__init__(f"{method} {path}: {self.title} ({status}): {self.detail}")


class OspreyConnectionError(OspreyError):
    """No answer came: the engine is unreachable or timed out."""


class TokenRequestError(OspreyError):
    """The OIDC token endpoint refused the client or did not answer with a token."""


class BpmnError(Exception):
    """Raised by a handler: a BPMN error thrown from the task, caught by an error boundary event with ``code``."""

    def __init__(self, code: str, message: str = "", variables: dict[str, Any] | None = None) -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message
        self.variables = variables or {}


def is_transient(error: BaseException) -> bool:
    """True for failures that may pass: no answer, 408, 429 or 5xx."""
    if isinstance(error, OspreyConnectionError):
        return True
    return isinstance(error, OspreyApiError) and (error.status in (408, 429) or error.status >= 500)
