"""Benchmark (not a test): the dashboard at 0, 1,000 and 10,000 partners.

    .venv/bin/python bench/dashboard.py

Prints, for each size: the one-pass measure(), opening the dashboard (compose, figures,
first paint), a sort keypress, and ticking off a due item (save + refresh).
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from partner_tui.ui.app import PartnerApp
from partner_tui.domain import clock
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.partner import Partner, StageChange
from partner_tui.domain.program_metrics import measure
from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dashboard.due_table import DashDueTable

TODAY = date(2026, 3, 16)
START = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def program(n: int, seed: int = 7) -> list[Partner]:
    rng = random.Random(seed)
    partners = []
    for i in range(n):
        reach = rng.randrange(len(PIPELINE))
        day = rng.randrange(300)
        history = []
        for stage in PIPELINE[: reach + 1]:
            history.append(StageChange(stage=stage, entered_at=START + timedelta(days=day)))
            day += rng.randrange(1, 40)
        stage = PIPELINE[reach]
        if rng.random() < 0.1:
            stage = Stage.ARCHIVED
            history.append(StageChange(stage=stage, entered_at=START + timedelta(days=day)))
        partners.append(
            Partner(
                company=f"Company {i:05d}",
                stage=stage,
                stage_history=history,
                created_at=history[0].entered_at,
                updated_at=history[-1].entered_at,
                potential_value=Decimal(rng.randrange(0, 200_000)),
                next_action="Follow up" if rng.random() < 0.3 else "",
                next_action_date=TODAY - timedelta(days=rng.randrange(-10, 30)) if rng.random() < 0.3 else None,
                metrics=Metrics(
                    leads_generated=rng.randrange(50),
                    deals_closed=rng.randrange(10),
                    revenue_attributed=Decimal(rng.randrange(0, 100_000)) if reach == 3 else Decimal(0),
                    internal_cost=Decimal(rng.randrange(0, 10_000)),
                ),
            )
        )
    return partners


async def drive(db: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    app = PartnerApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        t = time.perf_counter()
        app.open_dashboard()
        await pilot.pause()
        times["open dashboard"] = time.perf_counter() - t
        t = time.perf_counter()
        await pilot.press("i")
        times["sort keypress"] = time.perf_counter() - t
        app.screen.query_one(DashDueTable).focus()
        await pilot.pause()
        t = time.perf_counter()
        await pilot.press("space")
        times["tick off"] = time.perf_counter() - t
    return times


def main() -> None:
    clock.today = lambda: TODAY  # type: ignore[assignment]
    clock.now = lambda: datetime(2026, 3, 16, 9, 30, tzinfo=UTC)  # type: ignore[assignment]
    for n in (0, 1_000, 10_000):
        partners = program(n)
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "p.json"
            with PartnerStore(db) as store:
                if partners:
                    store.partners.add_many(partners)
                t = time.perf_counter()
                measure(store.partners.all(), store.program.settings(), TODAY)
                one_pass = time.perf_counter() - t
            times = asyncio.run(drive(db))
        shown = "  ".join(f"{k} {v * 1000:6.0f} ms" for k, v in times.items())
        print(f"{n:>6} partners: measure {one_pass * 1000:5.0f} ms  {shown}")


if __name__ == "__main__":
    main()
