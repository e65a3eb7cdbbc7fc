"""Who an agent's changes are signed by: "your name (via CLIENT)", CLIENT being the name
the MCP client gave in its initialize request (clientInfo.name, whatever the client
calls itself). The app, the activity log and a merge's notes show it as they show
any author, so a person sees which changes an agent made, and through which program."""

from __future__ import annotations

from partner_tui.domain.safe_text import clean_line

# An author is at most 200 characters (domain/partner.py): room for both halves.
MAX_NAME = 120
MAX_CLIENT = 60
UNNAMED_CLIENT = "an MCP client"


class Signature:
    def __init__(self) -> None:
        self.client = UNNAMED_CLIENT

    def heard_from(self, client_name: object) -> None:
        """The client's own name, from its initialize request (text from outside: cleaned
        as any stored line is, and cut short)."""
        if isinstance(client_name, str):
            name = " ".join(clean_line(client_name).split())[:MAX_CLIENT].strip()
            self.client = name or UNNAMED_CLIENT

    def __call__(self) -> str:
        from partner_tui.profile.your_name import your_name

        name = " ".join((your_name() or "").split())[:MAX_NAME].strip() or "someone"
        return f"{name} (via {self.client})"
