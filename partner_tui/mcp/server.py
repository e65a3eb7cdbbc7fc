"""`partner-tui [--db PATH] mcp [--read-only]`: the MCP server over stdio.

Standard output is the protocol's: nothing else may be printed there. What a person
should read (the server stopped on an error) goes to standard error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, InputRequiredResult
from pydantic import ValidationError

from partner_tui import __version__
from partner_tui.domain.errors import one_line
from partner_tui.mcp.agent_store import AgentStore
from partner_tui.mcp.answers import refusal
from partner_tui.mcp.signature import Signature
from partner_tui.mcp.tools import register_tools

INSTRUCTIONS = (
    "partner-tui runs a partnership program: partners move through the stages prospect, "
    "engage, negotiate, active (archived: off the board). Name a partner by its id or its "
    "whole company name. Every change you make is signed with the user's name and your "
    "client's, shows up live in the user's app, and can be taken back with "
    "undo_last_change (your own last change only). Money is exact decimal strings."
)


class PartnerServer(MCPServer[Any]):
    """The SDK's server, with arguments that fail their schema refused in one line that
    names the field ("limit: must be 1 or more"), as the CLI says it, instead of
    pydantic's report over several lines."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause: BaseException | None = exc
            while cause is not None and not isinstance(cause, ValidationError):
                cause = cause.__cause__
            if cause is None:
                raise
            return refusal(f"{name}: {one_line(cause)}")


def build_server(db: Path, *, read_only: bool) -> tuple[PartnerServer, AgentStore]:
    signature = Signature()
    agents = AgentStore(db, read_only=read_only, author=signature)
    server = PartnerServer(
        name="partner-tui",
        version=__version__,
        instructions=INSTRUCTIONS
        + (" This server is read-only: the tools that change data refuse." if read_only else ""),
        # The SDK's own log lines stay quiet on standard error unless something is wrong.
        log_level="WARNING",
    )
    register_tools(server, agents, signature)
    return server, agents


def serve_stdio(db: Path, *, read_only: bool) -> None:
    server, agents = build_server(db, read_only=read_only)
    try:
        server.run("stdio")
    finally:
        agents.close()
