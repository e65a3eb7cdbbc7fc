"""Pilot tests of the dashboard: sorting, opening a partner, ticking off what is due."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from textual.command import CommandList

from partner_tui.app import PartnerApp
from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.partner import ActivityKind, Partner, StageChange
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dashboard.due_table import DashDueTable
from partner_tui.ui.dashboard.partner_table import DashPartnerTable
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.seeding import seed_partners
from tests.helpers.toasts import Toasts

LIVE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # monthly cadence due Feb 5


def _partner(pid: str, company: str, stage: Stage, **fields: object) -> Partner:
    return Partner(
        id=pid,
        company=company,
        stage=stage,
        stage_history=[StageChange(stage=stage, entered_at=LIVE)],
        created_at=LIVE,
        updated_at=LIVE,
        **fields,
    )


def seed(db_path: Path, quiet: bool = False) -> None:
    """Three partners; `quiet`: under the default rules, Alpha and Bravo are quiet (no
    contact since they entered their stage); otherwise no partner goes quiet."""
    if not quiet:
        with PartnerStore(db_path) as store:
            store.program.save_settings(store.program.settings().model_copy(update={"rules": ProgramRules(
                quiet_engage_days=0, quiet_negotiate_days=0, quiet_active_days=0)}))
    seed_partners(
        db_path,
        [
            _partner("a", "Alpha", Stage.ACTIVE, potential_value=Decimal(10),
                     metrics=Metrics(revenue_attributed=Decimal(300), internal_cost=Decimal(100)),
                     fit={"complementary": 1}),
            _partner("b", "Bravo", Stage.NEGOTIATE, potential_value=Decimal(30),
                     metrics=Metrics(revenue_attributed=Decimal(100), internal_cost=Decimal(100)),
                     fit={"complementary": 5},
                     next_action="Send terms", next_action_date=date(2026, 1, 20)),
            _partner("c", "Charlie", Stage.PROSPECT, potential_value=Decimal(20),
                     metrics=Metrics(revenue_attributed=Decimal(200), internal_cost=Decimal(50)),
                     fit={"complementary": 3}),
        ],
        at_once=True,
    )


def order(app: PartnerApp) -> list[str]:
    table = app.screen.query_one(DashPartnerTable)
    return [row.key.value for row in table.ordered_rows]


async def open_dashboard(app: PartnerApp, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    app.open_dashboard()
    await pilot.pause()  # type: ignore[attr-defined]
    assert type(app.screen).__name__ == "DashboardScreen"


async def test_sorting_by_each_key_and_reversing(db_path: Path, frozen_clock: datetime) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        assert order(app) == ["a", "c", "b"]  # revenue 300, 200, 100
        await pilot.press("r")
        assert order(app) == ["b", "c", "a"]  # same key again: lowest first
        await pilot.press("i")
        assert order(app) == ["c", "a", "b"]  # ROI 300%, 200%, 0%
        await pilot.press("f")
        assert order(app) == ["b", "c", "a"]
        await pilot.press("v")
        assert order(app) == ["b", "c", "a"]  # 30, 20, 10
        title = str(app.screen.query_one(DashPartnerTable).border_title)
        assert "potential value" in title


async def test_enter_opens_the_highlighted_partners_form(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    opened: list[str] = []
    app.open_partner_form = opened.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        app.screen.query_one(DashPartnerTable).focus()
        await pilot.pause()
        await pilot.press("down", "enter")
        assert opened == ["c"]  # second by revenue


async def test_enter_opens_the_real_form_and_escape_comes_back(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        app.screen.query_one(DashPartnerTable).focus()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)
        assert app.screen.partner_id == "c"  # second by revenue
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"


async def test_ticking_off_a_cadence_item_is_saved(db_path: Path, frozen_clock: datetime) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        due = app.screen.query_one(DashDueTable)
        # Oldest first: Bravo's next action (Jan 20), then Alpha's monthly items (Feb 5).
        assert [(i.company, i.label) for i in due.items][:2] == [
            ("Bravo", "Send terms"),
            ("Alpha", "Review metrics"),
        ]
        assert app.focused is due  # something is due: the list has focus first
        await pilot.press("down", "space")
        assert [i.label for i in due.items] == [
            "Send terms", "Check-in call", "Share updates", "Plan activities"
        ]
        app.store.flush()
        with PartnerStore(db_path, read_only=True) as reader:
            assert reader.partners.get("a").cadence.monthly.review_metrics is True


async def test_ticking_off_a_next_action_logs_it_and_clears_it(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        await pilot.press("space")
        app.store.flush()
        with PartnerStore(db_path, read_only=True) as reader:
            bravo = reader.partners.get("b")
    assert bravo.next_action_date is None and bravo.next_action == ""
    assert [(a.date, a.kind, a.text) for a in bravo.activities] == [
        (date(2026, 3, 16), ActivityKind.NOTE, "Done: Send terms")
    ]


async def test_space_outside_the_due_list_ticks_nothing(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        before = len(app.screen.query_one(DashDueTable).items)
        app.screen.query_one(DashPartnerTable).focus()
        await pilot.pause()
        await pilot.press("space")
        assert len(app.screen.query_one(DashDueTable).items) == before


async def test_s_opens_settings_and_escape_goes_back_to_the_board(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        await pilot.press("s")
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "DashboardScreen"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "BoardScreen"


async def test_palette_on_the_dashboard_opens_settings(db_path: Path, frozen_clock: datetime) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        await pilot.press("ctrl+p", *"sett")
        # The palette searches in the background: wait for the hit, not for a fixed time.
        hits = app.screen.query_one(CommandList)
        for _ in range(100):
            if hits.option_count and "open settings" in str(hits.get_option_at_index(0).prompt).lower():
                break
            await pilot.pause(0.02)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsScreen"


async def test_enter_on_a_due_item_opens_its_partner(db_path: Path, frozen_clock: datetime) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    opened: list[str] = []
    app.open_partner_form = opened.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        await pilot.press("down", "enter")  # Alpha's first monthly item
        assert opened == ["a"]


async def test_quiet_partners_are_due_and_a_tick_logs_the_touch(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path, quiet=True)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        due = app.screen.query_one(DashDueTable)
        quiet = [(i.company, i.label) for i in due.items if i.kind.value == "quiet"]
        assert [company for company, _ in quiet] == ["Bravo", "Alpha"]
        assert all(label.startswith("No contact for ") for _, label in quiet)
        assert "2 quiet" in str(due.border_title)
        index = next(n for n, i in enumerate(due.items) if i.kind.value == "quiet")
        await pilot.press(*["down"] * index, "space")
        await pilot.pause()
        assert [i.company for i in due.items if i.kind.value == "quiet"] == ["Alpha"]
        app.store.flush()
        with PartnerStore(db_path, read_only=True) as reader:
            assert reader.partners.get("b").activities[-1].text.startswith("In touch again")


async def test_funnel_says_how_far_from_target(db_path: Path, frozen_clock: datetime) -> None:
    seed(db_path)  # 1 prospect, 0 engaged, 1 negotiating, 1 active against 20/10/5/3
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        text = str(app.screen.query_one("#funnel").render())
        assert "Short of target: 19 prospects, 10 engaged, 4 negotiating, 2 active" in text


async def test_ticking_off_in_a_read_only_session_says_why_and_keeps_the_item(
    db_path: Path, frozen_clock: datetime
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path, read_only=True)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        before = list(app.screen.query_one(DashDueTable).items)
        await pilot.press("space")
        assert app.screen.query_one(DashDueTable).items == before
        assert any(n.title == "Not ticked off" for n in toasts)


async def test_a_small_terminal_stacks_the_panels(db_path: Path, frozen_clock: datetime) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(app, pilot)
        assert app.screen.has_class("-narrow")
        funnel = app.screen.query_one("#funnel")
        assert funnel.size.width >= 70  # full width, not squeezed beside the program panel


async def test_at_80x24_it_opens_at_the_top_with_what_pays_off_in_view(
    db_path: Path, frozen_clock: datetime
) -> None:
    from tests.helpers.seeding import seed_demo

    seed_demo(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        # The focused list is scrolled into view (issue 30: `space Tick off` in the key
        # bar acts on it); the pipeline is above it.
        assert isinstance(app.focused, DashDueTable)
        await pilot.pause()
        assert app.focused.region.intersection(screen.region).height >= 3
        table = screen.query_one(DashPartnerTable)
        shown = [str(key.value) for key in table.columns]
        assert {"company", "revenue", "payout", "cost", "roi"} <= set(shown)
        # Every column fits inside the table: nothing to scroll sideways to.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.press("f")  # sorted by fit: fit joins them
        await pilot.pause()
        assert "fit" in [str(key.value) for key in table.columns]


async def test_a_refund_nets_the_dashboards_revenue_from_its_month_on(
    db_path: Path, frozen_clock: datetime
) -> None:
    """Alpha's Acme brought 1,299.97 (1,000.00 once, 99.99 a month, January to March) and
    refunded 600.00 on 2026-03-10: the row and the totals say 699.97, and the chart's March
    is below zero (99.99 - 600.00), which the axis names (docs/refunds.md)."""
    seed(db_path)
    with PartnerStore(db_path) as store:
        store.deals.add(Deal(
            partner_id="a", customer="Acme", customer_domain="acme.example",
            status=DealStatus.REFUNDED, registered_on=date(2026, 1, 5),
            closed_on=date(2026, 1, 15), amount=Decimal("1000.00"),
            monthly_revenue=Decimal("99.99"), refunded_on=date(2026, 3, 10),
            refunded_amount=Decimal("600.00"),
        ))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(app, pilot)
        table = app.screen.query_one(DashPartnerTable)
        alpha = [str(cell) for cell in table.get_row("a")]
        assert "$699.97" in alpha
        # Bravo and Charlie are typed (100.00 + 200.00): 999.97 in all.
        assert "$999.97" in str(app.screen.query_one("#totals").render())
        axis = str(app.screen.query_one("#revenue-axis").render())
        assert "best 2026-01: $1,099.99" in axis
        assert "lowest 2026-03: -$500.01 (refunds)" in axis
