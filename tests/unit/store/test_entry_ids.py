"""Ids for log entries a file holds without one (schema 2, a hand edit): made from the
partner, the entry and its place among equal ones, so every clone makes the same."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.partner import Partner
from partner_tui.store.file.entry_ids import fill_entry_ids, with_entry_ids
from partner_tui.store.file.schema import migrate

entry = st.fixed_dictionaries({
    "date": st.sampled_from(["2026-03-01", "2026-03-02"]),
    "text": st.sampled_from(["Left voicemail", "Sent reminder"]),
})


@given(st.lists(entry, max_size=8))
def test_ids_are_the_same_on_every_clone_and_equal_entries_get_their_own(
    activities: list[dict],
) -> None:
    record = {"id": "p1", "company": "Atlas", "activities": activities}
    one, other = with_entry_ids("p1", record), with_entry_ids("p1", dict(record))
    assert one == other
    ids = [a["id"] for a in one["activities"]]
    assert len(set(ids)) == len(ids)
    assert with_entry_ids("p1", one) is one  # nothing to fill: the very same record


def test_a_schema_2_file_is_migrated_and_valid() -> None:
    record = {
        "id": "p1", "company": "Atlas", "created_at": "2026-03-01T09:00:00Z",
        "updated_at": "2026-03-01T09:00:00Z",
        "stage_history": [{"stage": "prospect", "entered_at": "2026-03-01T09:00:00Z"}],
        "activities": [{"date": "2026-03-02", "text": "x"}, {"date": "2026-03-02", "text": "x"}],
    }
    data, found = migrate({"meta": {"1": {"schema_version": 2}}, "partners": {"p1": record}})
    assert found == 2 and data["meta"]["1"]["schema_version"] == 3
    partner = Partner.model_validate(data["partners"]["p1"])
    assert len({a.id for a in partner.activities}) == 2
    assert fill_entry_ids(data)["partners"]["p1"] is data["partners"]["p1"]
