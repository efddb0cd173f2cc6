"""Schemathesis hooks for the engine's API test (apps/engine/test/api/schemathesis.test.ts)."""
import schemathesis


@schemathesis.check
def problem_json_errors(ctx, response, case):
    """Every 4xx and 5xx answer is an RFC 9457 problem: application/problem+json."""
    if response.status_code < 400:
        return
    content_type = response.headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    if not content_type.startswith("application/problem+json"):
        raise AssertionError(
            f"Expected a {response.status_code} answer to be application/problem+json, but it is '{content_type}'"
        )


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """Job activation long-polls up to a minute by design: ask it not to wait, so the run stays short."""
    if case.operation.path == "/v2/jobs/activation" and isinstance(case.body, dict):
        case.body["requestTimeout"] = -1
