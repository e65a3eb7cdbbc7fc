"""The MCP server: the program's tools for AI agents (Claude, Cursor, VS Code), over stdio.

Each tool is a thin call of what the command line calls (partner_tui.cli), answered with
the CLI's `--json` shape. The SDK is the top-level package `mcp`; this package is
`partner_tui.mcp`, so every import here is absolute (a test checks `mcp` is the SDK).
"""
