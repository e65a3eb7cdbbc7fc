"""The demo's building blocks: the stage and type letters its lists use, and one partner
built from (stage, days ago) history and (days ago, kind, text) activities, every date
counted back from `today` so the program is the same for the same day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from partner_tui.domain.agreement import Agreement, AgreementItem
from partner_tui.domain.fit_criteria import FitCriteria
from partner_tui.domain.partner import Activity, ActivityKind, Partner, StageChange
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import Stage
from partner_tui.domain.value_proposition import ValueForPartner, ValueForYou, ValueProposition

P, E, N, A, X = Stage.PROSPECT, Stage.ENGAGE, Stage.NEGOTIATE, Stage.ACTIVE, Stage.ARCHIVED
TECH, CHAN, INTG, STRAT = (
    PartnerType.TECHNOLOGY,
    PartnerType.CHANNEL,
    PartnerType.INTEGRATION,
    PartnerType.STRATEGIC_ALLIANCE,
)

C, M, EM, NOTE, OUT = (
    ActivityKind.CALL,
    ActivityKind.MEETING,
    ActivityKind.EMAIL,
    ActivityKind.NOTE,
    ActivityKind.OUTREACH,
)
# Every item of the agreement agreed: what an active partner signed.
FULL = Agreement(**{name: AgreementItem(agreed=True) for name, _ in Agreement.items()})


def at(today: date, days_ago: int, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour, minute), tzinfo=UTC)


def fit(*ratings: int) -> FitCriteria:
    names = list(FitCriteria.model_fields)
    return FitCriteria(**dict(zip(names, ratings, strict=True)))


def agreement(**items: tuple[bool, str]) -> Agreement:
    return Agreement(**{k: AgreementItem(agreed=v[0], note=v[1]) for k, v in items.items()})


def vp(partner: str, you: str, specific: str) -> ValueProposition:
    """`partner`/`you`: which boxes are ticked, as letters in the playbook's order."""
    p_names = list(ValueForPartner.model_fields)
    y_names = list(ValueForYou.model_fields)
    return ValueProposition(
        for_partner=ValueForPartner(**{p_names[int(i)]: True for i in partner}),
        for_you=ValueForYou(**{y_names[int(i)]: True for i in you}),
        specific=specific,
    )


def build(
    today: date,
    number: int,
    company: str,
    history: list[tuple[Stage, int]],
    activities: list[tuple[int, ActivityKind, str]],
    next_action: tuple[str, int] | None = None,
    **fields: Any,
) -> Partner:
    """One partner. `history`: (stage, days ago entered); `next_action`: (text, days ahead).
    Its owner made every change and logged every activity (they are signed with the name)."""
    owner = fields.pop("owner", "Maya Okafor")
    changes = [
        StageChange(
            id=f"demo-{number:02d}-s{i}",  # the same program every time it is made
            stage=stage,
            entered_at=at(today, ago, 9 + i % 6, (number * 7) % 60),
            author=owner,
        )
        for i, (stage, ago) in enumerate(history)
    ]
    acts = [Activity(id=f"demo-{number:02d}-a{i}", date=today - timedelta(days=ago),
                     kind=kind, text=text, author=owner)
            for i, (ago, kind, text) in enumerate(activities)]
    created = changes[0].entered_at
    latest = max([changes[-1].entered_at, *(at(today, ago, 16) for ago, _, _ in activities)])
    extra: dict[str, Any] = {}
    if next_action is not None:
        extra["next_action"] = next_action[0]
        extra["next_action_date"] = today + timedelta(days=next_action[1])
    return Partner(
        id=f"demo-{number:02d}",
        company=company,
        stage=history[-1][0],
        stage_history=changes,
        activities=acts,
        created_at=created,
        updated_at=latest,
        owner=owner,
        **extra,
        **fields,
    )

