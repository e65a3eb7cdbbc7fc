"""`partner-tui [--db PATH] mcp [--read-only]`: the MCP server for AI agents (partner_tui/mcp,
docs/mcp.md). Its arguments, and starting it."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_mcp_command(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    commands.add_parser(
        "mcp",
        parents=[common],
        help="serve the program's tools to AI agents (MCP over stdio; see docs/mcp.md)",
        description="Run an MCP server on standard input and output for Claude Desktop, "
        "Claude Code, Cursor, VS Code and other MCP clients: tools to list, show, add, move "
        "and brief on partners, log activities, see what is due, register deals, state "
        "payouts, draft outreach and undo the server's own last change. Every change is "
        "signed 'your name (via CLIENT)'. With --read-only the changing tools refuse.",
    )


def run_mcp(db: Path, read_only: bool) -> int:
    # Imported here: the SDK is only needed by this command.
    from partner_tui.mcp.server import serve_stdio

    serve_stdio(db, read_only=read_only)
    return 0
