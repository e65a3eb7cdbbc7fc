"""The order every export writes partners in: the board's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from partner_tui.domain.stages import PIPELINE, Stage

if TYPE_CHECKING:  # (the JSON export of a file known valid imports no partner model)
    from partner_tui.domain.partner import Partner


def export_order(partners: Iterable[Partner]) -> list[Partner]:
    """Board order: stage by stage (archived last), then position in the column."""
    order = {stage: i for i, stage in enumerate((*PIPELINE, Stage.ARCHIVED))}
    return sorted(partners, key=lambda p: (order[p.stage], p.position, p.created_at, p.id))
