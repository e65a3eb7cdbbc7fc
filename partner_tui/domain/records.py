"""What every stored record carries: an id and its creation/update instants."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from partner_tui.domain import clock
from partner_tui.domain.text_fields import SingleLine


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Record(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    id: SingleLine = Field(default_factory=new_id, min_length=1, max_length=64)
    # Looked up at call time (not `default_factory=clock.now`), so a frozen clock applies.
    created_at: datetime = Field(default_factory=lambda: clock.now())
    updated_at: datetime = Field(default_factory=lambda: clock.now())
