"""What the board's filter searches. No pydantic: store cards build it from raw records."""

from __future__ import annotations


def search_text_of(
    company: str,
    contact_name: str,
    contact_email: str,
    type_label: str,
    subtype: str,
    notes: str,
    tags: list[str],
    owner: str = "",
) -> str:
    """The one definition of what the board's filter searches (shared with store cards)."""
    return " ".join(
        (company, contact_name, contact_email, type_label, subtype, notes, " ".join(tags),
         owner)
    ).lower()
