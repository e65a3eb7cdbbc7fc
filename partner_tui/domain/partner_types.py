"""The playbook's four partnership types and their examples (used as subtypes)."""

from __future__ import annotations

from enum import StrEnum


class PartnerType(StrEnum):
    TECHNOLOGY = "technology"
    CHANNEL = "channel"
    INTEGRATION = "integration"
    STRATEGIC_ALLIANCE = "strategic_alliance"

    @property
    def label(self) -> str:
        return PARTNER_TYPE_LABELS[self]


PARTNER_TYPE_LABELS: dict[PartnerType, str] = {
    PartnerType.TECHNOLOGY: "Technology",
    PartnerType.CHANNEL: "Channel",
    PartnerType.INTEGRATION: "Integration",
    PartnerType.STRATEGIC_ALLIANCE: "Strategic alliance",
}

PARTNER_TYPE_DEFINITIONS: dict[PartnerType, str] = {
    PartnerType.TECHNOLOGY: "Integrate with complementary technologies",
    PartnerType.CHANNEL: "Partners who sell your product",
    PartnerType.INTEGRATION: "Deep technical integrations",
    PartnerType.STRATEGIC_ALLIANCE: "Long-term strategic relationships",
}

# Subtype choices offered per type: the playbook's examples.
PARTNER_SUBTYPES: dict[PartnerType, tuple[str, ...]] = {
    PartnerType.TECHNOLOGY: (
        "CRM integration",
        "Communication tool",
        "Analytics platform",
        "Development tool",
    ),
    PartnerType.CHANNEL: ("Reseller", "System integrator", "Consultant", "Agency"),
    PartnerType.INTEGRATION: (
        "API partnership",
        "Platform integration",
        "Data sync",
        "Workflow integration",
    ),
    PartnerType.STRATEGIC_ALLIANCE: (
        "Co-development",
        "Joint go-to-market",
        "Investment relationship",
        "Acquisition target",
    ),
}

PARTNER_TYPE_BENEFITS: dict[PartnerType, tuple[str, ...]] = {
    PartnerType.TECHNOLOGY: (
        "Enhanced product value",
        "Access to partner's customers",
        "Co-marketing opportunities",
        "Technical credibility",
    ),
    PartnerType.CHANNEL: (
        "Extended sales reach",
        "Local presence",
        "Industry expertise",
        "Reduced sales costs",
    ),
    PartnerType.INTEGRATION: (
        "Product enhancement",
        "Customer retention",
        "Competitive moat",
        "Ecosystem building",
    ),
    PartnerType.STRATEGIC_ALLIANCE: (
        "Market expansion",
        "Resource sharing",
        "Risk mitigation",
        "Growth acceleration",
    ),
}


# What people write for a type in a file or a CRM (the playbook's own words too).
_SHORT_NAMES = {"strategic": "strategic_alliance", "alliance": "strategic_alliance"}


def parse_partner_type(text: str) -> PartnerType:
    """Accept 'technology', 'Strategic alliance', 'strategic-alliance', ... case-insensitively."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return PartnerType(_SHORT_NAMES.get(key, key))
    except ValueError:
        choices = ", ".join(t.value for t in PartnerType)
        raise ValueError(f"unknown partner type {text.strip()!r} (one of: {choices})") from None
