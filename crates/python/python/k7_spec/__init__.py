"""Validate, render and explain K7 sandbox specs: the core's results as plain dicts and lists,
shaped exactly like the JSON the k7-spec command prints (docs/api.md#python)."""

from .k7_spec import __version__, render, schema, validate

__all__ = ["__version__", "render", "schema", "validate"]
