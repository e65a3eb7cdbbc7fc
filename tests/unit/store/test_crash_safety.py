"""Kill a writer at random instants: the file is always whole, old or new, never torn."""

from __future__ import annotations

import os
import random
import signal
import time
import traceback
from pathlib import Path

from partner_tui.domain.partner import new_partner
from partner_tui.store.file.atomic_write import temp_prefix
from partner_tui.store.partner_store import PartnerStore

ITERATIONS = 30
PARTNERS = 5


def writer(path: Path, write_behind: bool) -> None:
    """Child process: rewrite every partner's generation, forever, one write per generation."""
    store = PartnerStore(path, write_behind=write_behind)
    if store.partners.count() == 0:
        store.partners.add_many([new_partner(f"P{i}", notes="0") for i in range(PARTNERS)])
        store.flush()
    generation = int(store.partners.all()[0].notes)
    while True:
        generation += 1
        with store.batch():
            for partner in store.partners.all():
                store.partners.update(partner.model_copy(update={"notes": str(generation)}))
        if write_behind and generation % 3 == 0:
            store.flush()


def test_a_writer_killed_at_any_instant_leaves_a_whole_file(db_path: Path) -> None:
    rng = random.Random(20261126)
    report = db_path.with_name("child-error.txt")
    generation = -1
    interrupted = 0
    started = time.monotonic()
    for i in range(ITERATIONS):
        pid = os.fork()  # cheap: the child already has partner-tui imported
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                writer(db_path, write_behind=i % 2 == 1)
            except BaseException:
                report.write_text(traceback.format_exc())
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0.005, 0.06))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), f"the writer died on its own:\n{report.read_text()}"
        if any(p.name.startswith(temp_prefix(db_path)) for p in db_path.parent.iterdir()):
            interrupted += 1  # killed in the middle of writing a temp file
        if not db_path.exists():
            continue  # killed before the first write
        # Opening validates every record, frees the dead writer's lock, cleans temps.
        with PartnerStore(db_path) as store:
            partners = store.partners.all()
            generations = {p.notes for p in partners}
        if not partners:
            # Killed between creating the empty file and the first batch of partners.
            assert generation == -1, "partners that were written have disappeared"
            continue
        assert len(partners) == PARTNERS
        assert len(generations) == 1, f"a torn state mixes generations {generations}"
        now = int(generations.pop())
        assert now >= generation, "a later state went back in time"
        generation = now
    assert generation > 0, "the writers never wrote anything"
    assert time.monotonic() - started < 20
    assert not any(p.name.startswith(temp_prefix(db_path)) for p in db_path.parent.iterdir())
    # How often a kill landed mid-write is luck; it is reported, not asserted.
    print(f"{interrupted} of {ITERATIONS} kills left a temp file; generation {generation}")
