"""Step 3, Partnership Agreement: six elements, each agreed yes/no with a note."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from partner_tui.domain.checklist import titled_fields
from partner_tui.domain.text_fields import SingleLine


class AgreementItem(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    agreed: bool = False
    note: SingleLine = Field("", max_length=5_000)


class Agreement(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    partnership_type: AgreementItem = Field(default_factory=AgreementItem, title="Partnership type")
    responsibilities: AgreementItem = Field(default_factory=AgreementItem, title="Responsibilities")
    revenue_sharing: AgreementItem = Field(
        default_factory=AgreementItem, title="Revenue sharing (if applicable)"
    )
    marketing_commitments: AgreementItem = Field(
        default_factory=AgreementItem, title="Marketing commitments"
    )
    support_expectations: AgreementItem = Field(
        default_factory=AgreementItem, title="Support expectations"
    )
    term_and_termination: AgreementItem = Field(
        default_factory=AgreementItem, title="Term and termination"
    )

    @classmethod
    def items(cls) -> list[tuple[str, str]]:
        return list(titled_fields(cls))

    def done(self) -> int:
        return sum(1 for name, _ in titled_fields(type(self)) if getattr(self, name).agreed)

    def total(self) -> int:
        return len(titled_fields(type(self)))

    def progress(self) -> str:
        return f"{self.done()}/{self.total()}"
