"""An MCP client session on `partner-tui --db DB mcp`, spawned as a real process over
stdio with the SDK's own client, as Claude Desktop or Cursor would run it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.types import CallToolResult, Implementation

REPO = Path(__file__).resolve().parents[2]
CLIENT_NAME = "test-client"
# A server that does not answer in this long has hung (the slowest call takes well under
# a second; the bound is for a machine under load).
ANSWER_WITHIN = 60.0


def server_env() -> dict[str, str]:
    """This environment (the tests' isolated folders), with this checkout first on the
    import path so the server is the code under test."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO), env.get("PYTHONPATH", "")) if p
    )
    return env


@asynccontextmanager
async def agent_session(
    db: Path, *args: str, errlog: Path, client: str = CLIENT_NAME
) -> AsyncIterator[ClientSession]:
    """An initialized session on `python -m partner_tui --db DB mcp *args`; the server's
    standard error goes to `errlog`."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "partner_tui", "--db", str(db), "mcp", *args],
        env=server_env(),
        cwd=str(REPO),
    )
    with errlog.open("a", encoding="utf-8") as log:
        async with stdio_client(params, errlog=log) as (read, write), ClientSession(
            read,
            write,
            read_timeout_seconds=ANSWER_WITHIN,
            client_info=Implementation(name=client, version="1.0"),
        ) as session:
            await session.initialize()
            yield session


def text_of(result: CallToolResult) -> str:
    """The short text a tool answered first (or its error message)."""
    first = result.content[0]
    return str(getattr(first, "text", ""))


def document(result: CallToolResult) -> dict[str, Any]:
    """A successful call's structured answer; its text twin says the same."""
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None
    assert json.loads(str(getattr(result.content[-1], "text", ""))) == result.structured_content
    return result.structured_content


def error(result: CallToolResult) -> str:
    """A refused call's one message."""
    assert result.is_error, f"expected an error, got {result.structured_content}"
    return text_of(result)
