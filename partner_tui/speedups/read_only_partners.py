"""Partner models for a reader that only reads them (the Markdown report of a file known
valid, for a record exchange/report_records.py leaves to validation), validated at a
fifth of the cost.

A stored record leaves out every section still at its default (store/records/
stored_form.py): a partner nobody rated, agreed or measured is stored without `fit`,
`agreement`, `models`, `execution`, `metrics`, `challenges`, `cadence`,
`value_proposition`. Validating such a record calls each section's default factory, and
each factory builds its model through pydantic, nested items and all: about four fifths
of the time `Partner.model_validate` takes on such a record (1.4 s of 1.7 s at 10,000
partners).

Here each section's default is made once, by the model's own factory, and handed to the
validation of every record that leaves the section out: pydantic takes an instance of
the field's model as it is (revalidate_instances "never", its default), so the partner
is the one validation makes, by the same rules (tests/unit/speedups/
test_read_only_partners.py holds them equal over arbitrary valid partners). The
defaults are shared by every partner read this way: a partner made here is read, never
changed (the report writes text from it and lets it go).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner


class ReadOnlyPartners:
    """`of_record(record)`: the partner a stored record validates to, its sections at
    their defaults shared (read it, never change it)."""

    def __init__(self) -> None:
        from pydantic import BaseModel

        from partner_tui.domain.partner import Partner

        self._model = Partner
        # Each section's default, made by the model's own factory once.
        self._defaults: dict[str, Any] = {
            name: info.default_factory()  # type: ignore[call-arg]
            for name, info in Partner.model_fields.items()
            if isinstance(info.default_factory, type)
            and issubclass(info.default_factory, BaseModel)
        }

    def of_record(self, record: dict[str, Any]) -> Partner:
        """The store's reading of `record` (its text cleaned, then validated)."""
        from partner_tui.domain.text_fields import clean_stored

        cleaned = clean_stored(self._model, record)
        if isinstance(cleaned, dict):
            left_out = {
                name: default for name, default in self._defaults.items() if name not in cleaned
            }
            if left_out:
                cleaned = {**left_out, **cleaned}
        return self._model.model_validate(cleaned)
