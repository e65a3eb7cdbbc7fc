"""The outreach draft for one partner: a template filled from the partner and the profile.

Pure rules (no Textual, no store), so the screen only shows and copies what this builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import Partner, placeholder_values
from partner_tui.domain.program import Profile
from partner_tui.domain.safe_text import clean_line, clean_text
from partner_tui.domain.templates import Filled, Gap, fill, placeholder_key

SUBJECT_PREFIX = "Subject: "
PROFILE_KEYS = frozenset({placeholder_key("Your name"), placeholder_key("Your Company")})

# Where a person fills each playbook placeholder (shown next to an empty one).
WHERE_TO_FILL = {
    placeholder_key("Name"): "the contact's name on the partner",
    placeholder_key("Contact name"): "the contact's name on the partner",
    placeholder_key("Specific value proposition"): "the partner's value proposition",
    placeholder_key("Partner type"): "the partner's type",
    placeholder_key("Potential value"): "the partner's potential value",
    placeholder_key("Your name"): "your profile",
    placeholder_key("Your Company"): "your profile",
}


@dataclass(frozen=True)
class Draft:
    """The filled email: "Subject: ..." then a blank line then the body."""

    subject: Filled
    body: Filled

    @property
    def body_offset(self) -> int:
        return len(SUBJECT_PREFIX) + len(self.subject.text) + 2 if self.subject.text else 0

    @property
    def text(self) -> str:
        if not self.subject.text:
            return self.body.text
        return f"{SUBJECT_PREFIX}{self.subject.text}\n\n{self.body.text}"

    @property
    def gaps(self) -> tuple[Gap, ...]:
        """Every gap, positioned in `text` (the subject's shifted past its prefix)."""
        shift = len(SUBJECT_PREFIX) if self.subject.text else 0
        return tuple(
            [Gap(g.name, g.unknown, g.start + shift, g.end + shift) for g in self.subject.gaps]
            + [
                Gap(g.name, g.unknown, g.start + self.body_offset, g.end + self.body_offset)
                for g in self.body.gaps
            ]
        )

    @property
    def complete(self) -> bool:
        return self.subject.complete and self.body.complete


def build_draft(
    subject: str, body: str, partner: Partner, profile: Profile, figures: Any = None
) -> Draft:
    """The draft of the template as edited on screen (not saved yet: a paste may have put
    a control character in it), cleaned by the stored text rule before it is filled, so
    the draft shown and copied holds none. The values come from clean models; `figures`
    (the partner's PartnerFigures) fill [leads_generated], [deals_closed] and
    [revenue_attributed]."""
    values = placeholder_values(
        partner, profile.your_name.strip(), profile.your_company.strip(), figures
    )
    return Draft(fill(clean_line(subject), values), fill(clean_text(body), values))


@dataclass(frozen=True)
class GapGroups:
    """Gaps by where they are fixed; names are unique and in order of appearance."""

    profile: tuple[str, ...]
    partner: tuple[str, ...]
    unknown: tuple[str, ...]


def group_gaps(gaps: tuple[Gap, ...]) -> GapGroups:
    profile: list[str] = []
    partner: list[str] = []
    unknown: list[str] = []
    for gap in gaps:
        if gap.unknown:
            bucket = unknown
        elif placeholder_key(gap.name) in PROFILE_KEYS:
            bucket = profile
        else:
            bucket = partner
        if gap.name not in bucket:
            bucket.append(gap.name)
    return GapGroups(tuple(profile), tuple(partner), tuple(unknown))


def describe_gaps(gaps: tuple[Gap, ...]) -> str:
    """One line for under the preview: what is empty, and what no field is called."""
    if not gaps:
        return ""
    groups = group_gaps(gaps)
    parts = []
    empty = [*groups.profile, *groups.partner]
    if empty:
        parts.append(
            "empty: "
            + ", ".join(
                f"[{name}] ({WHERE_TO_FILL.get(placeholder_key(name), 'a partner field')})"
                for name in empty
            )
        )
    if groups.unknown:
        parts.append(
            "unknown: "
            + ", ".join(f"[{name}]" for name in groups.unknown)
            + " (no such field: fix the template)"
        )
    return "; ".join(parts)


def activity_text(
    template_name: str, approach: OutreachApproach | None, sent: str = "copied"
) -> str:
    """What the partner's activity log says about an email that left the app: `sent`
    says how ("copied", "opened in the mail client", "edited and copied")."""
    how = approach.label if approach else "approach not set"
    return f"Outreach email {sent} (template: {template_name}; approach: {how})"
