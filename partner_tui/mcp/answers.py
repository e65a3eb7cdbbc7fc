"""How a tool answers: the CLI's `--json` document as structured content, with a short
text first and the same JSON as text (for clients that show only text); or an error
result (`isError`) holding the CLI's one-line message. Nothing a tool raises reaches the
SDK: the server never crashes over a call."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mcp.types import CallToolResult, TextContent
from pydantic import ValidationError

from partner_tui.cli.errors import failure_text
from partner_tui.domain.errors import one_line

Document = dict[str, Any]


def answer(document: Document, text: str) -> CallToolResult:
    as_json = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True)
    return CallToolResult(
        content=[TextContent(type="text", text=text), TextContent(type="text", text=as_json)],
        structured_content=document,
    )


def refusal(message: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=message)], is_error=True)


def error_text(exc: BaseException) -> str:
    """The CLI's message for `exc` (cli/errors.py); pydantic's in one line; a rule's
    own words (a registration clash, a bad period) as they are."""
    if isinstance(exc, ValidationError):
        return one_line(exc)
    if isinstance(exc, KeyError):  # NotFound: a partner or deal gone meanwhile
        return f"no such record: {exc.args[0] if exc.args else ''} (it may have been deleted)"
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)
    return failure_text(exc)


def guarded(work: Callable[[], CallToolResult]) -> CallToolResult:
    """Run one tool's work; whatever it raises becomes an error result."""
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - the promise: a call never ends the server
        return refusal(error_text(exc))
