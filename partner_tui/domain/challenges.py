"""Common Challenges, each flagged per partner, with the playbook's solution as a hint."""

from __future__ import annotations

from pydantic import Field

from partner_tui.domain.checklist import Checklist


class Challenges(Checklist):
    misaligned_expectations: bool = Field(False, title="Misaligned expectations")
    low_engagement: bool = Field(False, title="Low engagement")
    resource_constraints: bool = Field(False, title="Resource constraints")


CHALLENGE_SOLUTIONS: dict[str, str] = {
    "misaligned_expectations": (
        "Clear agreements, regular communication, documented expectations"
    ),
    "low_engagement": "Provide value, make it easy, show results, adjust approach",
    "resource_constraints": (
        "Prioritize high-value partnerships, automate where possible, set boundaries"
    ),
}
