"""Every operation the API describes in its spec, for tests that cover each route."""

from __future__ import annotations

from typing import Any

from rightdesk.api.main import api as ninja_api


def spec_operations() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every operation in the spec."""
    spec = ninja_api.get_openapi_schema()
    return [
        (method, path, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
