"""The partnership pipeline: Prospect -> Engage -> Negotiate -> Active (plus Archived).

No pydantic here: the board's first paint imports this (see targets.py for the targets).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum


class Stage(StrEnum):
    PROSPECT = "prospect"
    ENGAGE = "engage"
    NEGOTIATE = "negotiate"
    ACTIVE = "active"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# The four columns of the board, in pipeline order. Archived is off the board.
PIPELINE: tuple[Stage, ...] = (Stage.PROSPECT, Stage.ENGAGE, Stage.NEGOTIATE, Stage.ACTIVE)

# What the playbook says each stage means and what to do there (shown as hints).
STAGE_CRITERIA: dict[Stage, str] = {
    Stage.PROSPECT: "Identified potential partner",
    Stage.ENGAGE: "Positive response, interest shown",
    Stage.NEGOTIATE: "Agreement in principle",
    Stage.ACTIVE: "Partnership live",
    Stage.ARCHIVED: "Off the board: declined, paused or churned",
}
STAGE_ACTIONS: dict[Stage, str] = {
    Stage.PROSPECT: "Research, initial outreach",
    Stage.ENGAGE: "Meeting, discussion, proposal",
    Stage.NEGOTIATE: "Terms discussion, contract negotiation",
    Stage.ACTIVE: "Execution, monitoring, optimization",
    Stage.ARCHIVED: "",
}


class ArchiveReason(StrEnum):
    DECLINED = "declined"
    PAUSED = "paused"
    CHURNED = "churned"


def next_stage(stage: Stage) -> Stage | None:
    """The stage a partner moves on to, or None at the end of the pipeline (or archived)."""
    if stage not in PIPELINE:
        return None
    i = PIPELINE.index(stage)
    return PIPELINE[i + 1] if i + 1 < len(PIPELINE) else None


def previous_stage(stage: Stage) -> Stage | None:
    if stage not in PIPELINE:
        return None
    i = PIPELINE.index(stage)
    return PIPELINE[i - 1] if i > 0 else None


# Each board stage's place, looked up (the dashboard and the report ask it per stage change).
_PIPELINE_INDEX: dict[Stage, int] = {stage: i for i, stage in enumerate(PIPELINE)}


def pipeline_index(stage: Stage) -> int | None:
    """The stage's place on the board (prospect 0 .. active 3); None when archived."""
    return _PIPELINE_INDEX.get(stage)


def live_since_of(history: Iterable[tuple[Stage, datetime]], created_at: datetime) -> date:
    """The day a partner last entered Active (its cadence counts from it), else the day it
    was created: from its stage history, oldest first (a model's or a stored record's)."""
    live = None
    for stage, entered_at in history:
        if stage is Stage.ACTIVE:
            live = entered_at
    return (live or created_at).date()
