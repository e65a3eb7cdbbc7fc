"""Turn pydantic's validation errors into short messages a person can act on."""

from __future__ import annotations

from pydantic import ValidationError


def field_messages(error: ValidationError) -> dict[str, str]:
    """{'metrics.revenue_attributed': 'must be 0 or more', ...}: one message per field."""
    out: dict[str, str] = {}
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        out.setdefault(path, humanise(item))
    return out


def humanise(item: dict) -> str:  # type: ignore[type-arg]
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    msg = str(item.get("msg", "invalid"))
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more"
    if kind == "less_than_equal":
        return f"must be {ctx.get('le')} or less"
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return "is too large"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "bool_parsing":
        return "must be yes or no"
    if kind == "decimal_max_places":
        return f"at most {ctx.get('decimal_places')} decimal places"
    if kind in ("string_too_short", "missing") and ctx.get("min_length", 1) == 1:
        return "is required"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind in (
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_parsing",
        "date_type",
    ):
        return "is not a date (use YYYY-MM-DD)"
    if kind in ("int_parsing", "int_from_float"):
        return "must be a whole number"
    if kind in ("decimal_parsing", "float_parsing"):
        return "must be a number"
    if kind == "enum":
        return f"must be one of: {ctx.get('expected', '')}"
    if kind == "extra_forbidden":
        return "is not a known field"
    return msg[0].lower() + msg[1:] if msg else "is invalid"


def one_line(error: ValidationError) -> str:
    """'company: is required; contact_email: ...' for command-line messages."""
    # A rule across fields (a deal's dates) has no path: its message names the fields.
    return "; ".join(
        f"{path}: {msg}" if path else msg for path, msg in field_messages(error).items()
    )
