"""The order every export writes partners in: the board's."""

from __future__ import annotations

from collections.abc import Iterable

from partner_tui.domain.partner import Partner
from partner_tui.domain.stages import PIPELINE, Stage


def export_order(partners: Iterable[Partner]) -> list[Partner]:
    """Board order: stage by stage (archived last), then position in the column."""
    order = {stage: i for i, stage in enumerate((*PIPELINE, Stage.ARCHIVED))}
    return sorted(partners, key=lambda p: (order[p.stage], p.position, p.created_at, p.id))
