"""Step 4, Execution: the playbook's activity checklist."""

from __future__ import annotations

from pydantic import Field

from partner_tui.domain.checklist import Checklist


class Execution(Checklist):
    technical_integration: bool = Field(False, title="Technical integration (if needed)")
    co_marketing_campaigns: bool = Field(False, title="Co-marketing campaigns")
    sales_enablement: bool = Field(False, title="Sales enablement")
    support_setup: bool = Field(False, title="Support setup")
    regular_check_ins: bool = Field(False, title="Regular check-ins")
