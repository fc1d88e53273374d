"""Validate, render and explain K7 sandbox specs, fix them, and ask what a sandbox can reach: the core's results as plain dicts and lists,
shaped exactly like the JSON the k7-spec command prints (docs/api.md#python)."""

from .k7_spec import (
    __version__,
    connections,
    edit,
    fix,
    platform_policy,
    reach,
    read_values,
    render,
    schema,
    validate,
)

__all__ = [
    "__version__",
    "connections",
    "edit",
    "fix",
    "platform_policy",
    "reach",
    "read_values",
    "render",
    "schema",
    "validate",
]
