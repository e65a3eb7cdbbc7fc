"""Random sequences of board actions: the store's invariants hold after every one."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.store.partner_store import PartnerStore

actions = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "reorder", "archive", "restore", "delete", "undo", "edit"]),
        st.integers(0, 50),
        st.sampled_from(list(Stage)),
    ),
    min_size=1,
    max_size=25,
)


def apply(store: PartnerStore, action: str, n: int, stage: Stage, counter: list[int]) -> None:
    partners = sorted(store.partners.all(), key=lambda p: p.company)
    target: Partner | None = partners[n % len(partners)] if partners else None
    if action == "add" or target is None:
        counter[0] += 1
        store.partners.add(new_partner(f"P{counter[0]:03}", stage))
    elif action == "move":
        store.partners.move(target.id, stage)
    elif action == "reorder":
        store.partners.reorder(target.id, -1 if n % 2 else 1)
    elif action == "archive":
        store.partners.archive(target.id, ArchiveReason.PAUSED)
    elif action == "restore":
        store.partners.restore(target.id)
    elif action == "delete":
        store.partners.delete(target.id)
    elif action == "undo":
        store.undo()
    else:
        store.partners.update(target.model_copy(update={"notes": f"edit {n}", "stage": stage}))


def check_invariants(store: PartnerStore) -> None:
    for stage, column in store.partners.board().items():
        assert all(p.stage is stage for p in column)
        positions = [p.position for p in column]
        assert len(set(positions)) == len(positions), f"two cards share a place in {stage}"
        for partner in column:
            assert partner.stage_history[-1].stage is stage
            if stage is Stage.ARCHIVED:
                assert partner.archived_from is None or partner.archived_from is not stage
            else:
                assert partner.archive_reason is None


@given(actions)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_sequence_of_actions_keeps_the_store_consistent(
    steps: list[tuple[str, int, Stage]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.json"
        counter = [0]
        with PartnerStore(path, write_behind=True) as store:
            for action, n, stage in steps:
                apply(store, action, n, stage, counter)
                check_invariants(store)
            store.flush()
            with PartnerStore(path, read_only=True) as reader:
                assert {p.id: p for p in reader.partners.all()} == {p.id: p for p in store.partners.all()}
            while store.undo() is not None:
                check_invariants(store)
            assert store.partners.all() == []
