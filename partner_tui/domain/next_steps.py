"""The playbook's Next Steps (Identify, Prioritize, Outreach, Engage, Execute), each
measured on the data, with how it is counted."""

from __future__ import annotations

from dataclasses import dataclass

from partner_tui.domain.partner import ActivityKind, Partner
from partner_tui.domain.stages import pipeline_index

# The playbook's Next Steps: "Outreach: contact top 5", "Execute: start with 1-2".
TOP_TO_CONTACT = 5


@dataclass(frozen=True)
class NextStep:
    number: int
    name: str  # Identify, Prioritize, Outreach, Engage, Execute
    goal: str  # the playbook's words
    done: int
    target: int
    detail: str = ""  # how it is counted, shown as a hint

    @property
    def complete(self) -> bool:
        return self.done >= self.target


def contacted(partner: Partner) -> bool:
    """Outreach happened: an outreach activity is logged, or the partner reached Engage
    (a positive response needs a contact first)."""
    if any(a.kind is ActivityKind.OUTREACH for a in partner.activities):
        return True
    return max_reached(partner) >= 1


def max_reached(partner: Partner) -> int:
    """Furthest pipeline stage (index) the partner has ever been in; -1 if none."""
    best = -1
    for change in partner.stage_history:
        index = pipeline_index(change.stage)
        if index is not None and index > best:
            best = index
    current = pipeline_index(partner.stage)
    if current is not None and current > best:
        best = current
    return best


def next_steps(
    top: list[Partner], identified: int, valued: int, reached_engage: int, active: int
) -> list[NextStep]:
    """The playbook's Next Steps, each measured on the data (how is said in `detail`).

    `top`: the partners ranked first by potential value, the order of
    `partner.rank_by_potential_value` (measure picks them without sorting everything).
    """
    reached_out = sum(1 for p in top if contacted(p))
    return [
        NextStep(1, "Identify", "List 10 potential partners", identified, 10,
                 "partners in the file, archived ones too"),
        NextStep(2, "Prioritize", "Rank by potential value", valued, 10,
                 "partners with a potential value, so they can be ranked"),
        NextStep(3, "Outreach", "Contact top 5", reached_out, TOP_TO_CONTACT,
                 "of the 5 highest potential values: outreach logged or reached Engage"),
        NextStep(4, "Engage", "Schedule meetings", reached_engage, TOP_TO_CONTACT,
                 "partners that reached Engage or beyond"),
        NextStep(5, "Execute", "Start with 1-2 partnerships", active, 1,
                 "active partnerships"),
    ]
