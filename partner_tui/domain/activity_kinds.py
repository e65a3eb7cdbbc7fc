"""The kinds of activity a partner's log records. Apart from partner.py (which imports
pydantic) so the command line's arguments take their choices from it and stay quick."""

from __future__ import annotations

from enum import StrEnum


class ActivityKind(StrEnum):
    NOTE = "note"
    OUTREACH = "outreach"
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
