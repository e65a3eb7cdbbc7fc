"""The playbook's targets for each stage of the pipeline (a pydantic model, kept apart
from stages.py so that the board's first paint does not wait for pydantic)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from partner_tui.domain.stages import PIPELINE, Stage


class StageTargets(BaseModel):
    """The playbook's targets: 20+ prospects, 10+ engaged, 5+ negotiating, 3+ active."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    prospect: int = Field(20, ge=0, le=100_000)
    engage: int = Field(10, ge=0, le=100_000)
    negotiate: int = Field(5, ge=0, le=100_000)
    active: int = Field(3, ge=0, le=100_000)

    def for_stage(self, stage: Stage) -> int:
        return getattr(self, stage.value) if stage in PIPELINE else 0
