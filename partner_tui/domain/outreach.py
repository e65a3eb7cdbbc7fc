"""Step 2, Outreach: the approaches the playbook lists (warm introductions preferred)."""

from __future__ import annotations

from enum import StrEnum


class OutreachApproach(StrEnum):
    WARM_INTRODUCTION = "warm_introduction"
    LINKEDIN = "linkedin"
    INDUSTRY_EVENT = "industry_event"
    PARTNER_PROGRAM = "partner_program"
    MUTUAL_CONNECTION = "mutual_connection"

    @property
    def label(self) -> str:
        return OUTREACH_APPROACH_LABELS[self]


OUTREACH_APPROACH_LABELS: dict[OutreachApproach, str] = {
    OutreachApproach.WARM_INTRODUCTION: "Warm introduction (preferred)",
    OutreachApproach.LINKEDIN: "LinkedIn outreach",
    OutreachApproach.INDUSTRY_EVENT: "Industry event",
    OutreachApproach.PARTNER_PROGRAM: "Partner program",
    OutreachApproach.MUTUAL_CONNECTION: "Mutual connection",
}
