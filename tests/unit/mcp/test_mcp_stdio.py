"""`partner-tui mcp` in a real stdio session with the SDK's client: initialize, the tool
list and schemas, every tool called, errors as isError results with the CLI's messages,
writes signed "your name (via CLIENT)" and undone one at a time (never another
writer's), hostile text cleaned, --read-only, and a damaged file reported and left alone.

Each session spawns `python -m partner_tui --db DB mcp` as Claude Desktop would; the
server's clock is the real one, so dates here are relative to today."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.mcp_client import CLIENT_NAME, agent_session, document, error, text_of
from tests.helpers.seeding import seed_deals, seed_partners

YOUR_NAME = "Maya Test"
SIGNED = f"{YOUR_NAME} (via {CLIENT_NAME})"
TOOLS = {
    "list_partners", "show_partner", "add_partner", "move_partner", "log_activity", "due",
    "register_deal", "payout_statement", "draft_outreach", "partner_briefing",
    "undo_last_change", "warm_intros",
}
WRITE_TOOLS = {"add_partner", "move_partner", "log_activity", "register_deal", "undo_last_change"}


@pytest.fixture
def program(db_path: Path, tmp_path: Path) -> dict[str, str]:
    """Acme (engage, one won deal on shop.example), Beacon (prospect), two partners both
    named Twin; your name in your config, as the server reads it."""
    config = tmp_path / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.json").write_text(json.dumps({"your_name": YOUR_NAME}))
    ids = seed_partners(db_path, [
        new_partner("Acme", Stage.ENGAGE, contact_name="Ann Lee", contact_email="ann@acme.io"),
        new_partner("Beacon"),
        new_partner("Twin", contact_name="One"),
        new_partner("Twin", contact_name="Two"),
    ])
    today = date.today()
    seed_deals(db_path, Deal(
        partner_id=ids["Acme"], customer="Shop", customer_domain="shop.example",
        status=DealStatus.WON, registered_on=today, closed_on=today, amount=Decimal("1000.00"),
    ))
    return ids


def cli_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> dict[str, object]:
    assert main([str(a) for a in args]) == 0
    return json.loads(capsys.readouterr().out)


async def test_every_tool_over_stdio(
    db_path: Path, tmp_path: Path, program: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    errlog = tmp_path / "server.err"
    acme, beacon = program["Acme"], program["Beacon"]
    async with agent_session(db_path, errlog=errlog) as agent:
        listed = await agent.list_tools()
        schemas = {tool.name: tool.input_schema for tool in listed.tools}
        assert set(schemas) == TOOLS
        assert schemas["move_partner"]["required"] == ["partner", "stage"]
        stage_schema = schemas["move_partner"]["properties"]["stage"]
        assert stage_schema["enum"] == [s.value for s in Stage]
        assert "ctx" not in schemas["move_partner"]["properties"]

        # Reads answer the CLI's --json shape, exactly.
        engage = document(await agent.call_tool("list_partners", {"stage": "engage"}))
        assert engage.pop("total") == 1
        assert engage == cli_json(capsys, "--db", db_path, "list", "--stage", "engage", "--json")
        first = await agent.call_tool("list_partners", {"limit": 2})
        assert document(first)["total"] == 4 and len(document(first)["partners"]) == 2
        assert text_of(first) == "2 partners (of 4: ask with a higher limit, or filter)."
        twins = document(await agent.call_tool("list_partners", {"query": "twin", "limit": 1}))
        assert [p["contact_name"] for p in twins["partners"]] == ["One"]
        shown = document(await agent.call_tool("show_partner", {"partner": "acme"}))
        assert shown == cli_json(capsys, "--db", db_path, "show", acme, "--json")

        # Errors: the CLI's one line; candidates listed; bad arguments name the field.
        ambiguous = error(await agent.call_tool("show_partner", {"partner": "twin"}))
        assert "names 2 partners" in ambiguous
        assert all(program_id in ambiguous for program_id in
                   (p["id"] for p in document(await agent.call_tool(
                       "list_partners", {"query": "twin"}))["partners"]))
        assert "no partner 'Nobody'" in error(
            await agent.call_tool("show_partner", {"partner": "Nobody"}))
        assert error(await agent.call_tool("move_partner", {"partner": "Beacon", "stage": "won"})
                     ).startswith("move_partner: stage: ")
        assert error(await agent.call_tool("list_partners", {"limit": 0})) == (
            "list_partners: limit: must be 1 or more")
        assert "reason" in error(await agent.call_tool(
            "move_partner", {"partner": "Beacon", "stage": "archived"}))
        assert error(await agent.call_tool(
            "add_partner", {"company": "Bad Mail", "contact_email": "not an address"})
        ).startswith("the partner cannot be added: contact_email: ")

        # Writes: signed with your name and the client's.
        moved = document(await agent.call_tool(
            "move_partner", {"partner": "Beacon", "stage": "negotiate"}))
        assert (moved["from"], moved["to"], moved["changed"]) == ("prospect", "negotiate", True)
        logged = document(await agent.call_tool(
            "log_activity", {"partner": beacon, "text": "Called them", "kind": "call"}))
        assert logged["activity"]["kind"] == "call"
        added = document(await agent.call_tool(
            "add_partner", {"company": "Acme", "type": "channel", "owner": "Sam"}))
        assert added["partner"]["partner_type"] == "channel"
        assert "'Acme' is already in the database" in added["warnings"][0]
        with PartnerStore(db_path, read_only=True) as store:
            signed = store.partners.get(beacon)
            assert signed.stage is Stage.NEGOTIATE
            assert signed.stage_history[-1].author == SIGNED
            assert signed.activities[-1].author == SIGNED
            assert store.partners.get(added["partner"]["id"]).stage_history[-1].author == SIGNED

        # What is due, payouts, a draft, a briefing.
        due = document(await agent.call_tool("due", {"days": 30}))
        assert set(due) == {"today", "until", "days", "items"} and due["days"] == 30
        month = date.today().strftime("%Y-%m")
        assert error(await agent.call_tool("payout_statement", {"period": "2026-13"})
                     ).startswith("period: ")
        statement = document(await agent.call_tool("payout_statement", {"period": month}))
        assert statement["period"] == month and "owed" in statement["totals"]
        before = db_path.read_bytes()
        # Two partners are named Acme now: the agent names the one it means by its id.
        draft = document(await agent.call_tool("draft_outreach", {"partner": acme}))
        assert draft["to"] == "ann@acme.io" and "Acme" in draft["subject"] + draft["body"]
        assert isinstance(draft["unfilled"], list)
        assert db_path.read_bytes() == before  # nothing sent, logged or saved
        assert "no template" in error(await agent.call_tool(
            "draft_outreach", {"partner": acme, "template": "Nope"}))
        briefing = document(await agent.call_tool("partner_briefing", {"partner": acme}))
        assert briefing["stage"]["stage"] == "engage"
        assert [d["customer_domain"] for d in briefing["deals"]["won"]] == ["shop.example"]
        assert len(briefing["agreement"]["gaps"]) == 6
        assert briefing["payout_to_date"] == shown["payout"]

        # Deals: the first registration of a domain wins; nothing is written.
        clash = error(await agent.call_tool("register_deal", {
            "partner": "Beacon", "customer": "Shop again", "customer_domain": "shop.example"}))
        assert "shop.example is already registered" in clash and "Acme" in clash
        assert error(await agent.call_tool("register_deal", {
            "partner": "Beacon", "customer": "X", "amount": "lots"})).startswith(
            "the deal cannot be registered: amount: ")
        deal = document(await agent.call_tool("register_deal", {
            "partner": "Beacon", "customer": "New Co", "customer_domain": "newco.example",
            "status": "won", "amount": "1200.50", "closed_on": date.today().isoformat()}))
        assert deal["deal"]["author"] == SIGNED
        with PartnerStore(db_path, read_only=True) as store:
            assert [d.customer for d in store.deals.of_partner(beacon)] == ["New Co"]

        # Undo takes back this server's last change only, never another writer's.
        with PartnerStore(db_path) as other:
            other.partners.move(acme, Stage.ACTIVE)
        undone = document(await agent.call_tool("undo_last_change", {}))
        assert "New Co" in undone["undone"]
        undone = document(await agent.call_tool("undo_last_change", {}))
        assert "Acme" in undone["undone"]  # the duplicate partner the agent added
        with PartnerStore(db_path, read_only=True) as store:
            assert store.deals.of_partner(beacon) == []
            assert store.partners.get(acme).stage is Stage.ACTIVE  # theirs stands
            assert [c.company for c in store.partners.cards()].count("Acme") == 1
            assert store.partners.get(beacon).stage is Stage.NEGOTIATE
    assert "Traceback" not in errlog.read_text()


async def test_text_from_the_model_is_cleaned_and_limited(
    db_path: Path, tmp_path: Path, program: dict[str, str]
) -> None:
    client = "Evil\x1b]0;owned\x07 bot\u202e" + "x" * 300  # the client's own name too
    async with agent_session(db_path, errlog=tmp_path / "server.err", client=client) as agent:
        added = document(await agent.call_tool("add_partner", {
            "company": "Evil\x1b]52;c;aGk=\x07 Corp\u202e", "notes": "line\x1b[31m red\r\nnext",
        }))
        too_long = error(await agent.call_tool("add_partner", {"company": "x" * 201}))
        logged_long = error(await agent.call_tool(
            "log_activity", {"partner": "Beacon", "text": "y" * 10_001}))
    assert "company" in too_long and "text" in logged_long
    with PartnerStore(db_path, read_only=True) as store:
        evil = store.partners.get(added["partner"]["id"])
    assert "\x1b" not in evil.company and "\x07" not in evil.company
    assert "\u202e" not in evil.company
    assert evil.notes == "line[31m red\nnext"
    author = evil.stage_history[-1].author
    assert author is not None and author.startswith(f"{YOUR_NAME} (via Evil]0;owned bot")
    assert "\x1b" not in author and "\u202e" not in author and len(author) <= 200


async def test_read_only_lists_the_write_tools_and_writes_nothing(
    db_path: Path, tmp_path: Path, program: dict[str, str]
) -> None:
    before = db_path.read_bytes()
    async with agent_session(db_path, "--read-only", errlog=tmp_path / "server.err") as agent:
        names = {tool.name for tool in (await agent.list_tools()).tools}
        assert names == TOOLS
        assert document(await agent.call_tool("list_partners", {}))["partners"]
        calls: dict[str, dict[str, object]] = {
            "add_partner": {"company": "New"},
            "move_partner": {"partner": "Beacon", "stage": "engage"},
            "log_activity": {"partner": "Beacon", "text": "hi"},
            "register_deal": {"partner": "Beacon", "customer": "C"},
            "undo_last_change": {},
        }
        assert set(calls) == WRITE_TOOLS
        for name, arguments in calls.items():
            refused = error(await agent.call_tool(name, arguments))
            assert refused == (
                f"{name} changes the database, and this server runs with --read-only; "
                "nothing was written"
            )
        assert db_path.read_bytes() == before
        with PartnerStore(db_path) as other:  # the app, a teammate: still seen live
            other.partners.move(program["Beacon"], Stage.ACTIVE)
        active = document(await agent.call_tool("list_partners", {"stage": "active"}))
        assert [p["company"] for p in active["partners"]] == ["Beacon"]


async def test_a_damaged_file_is_reported_and_left_alone(
    db_path: Path, tmp_path: Path, program: dict[str, str]
) -> None:
    errlog = tmp_path / "server.err"
    async with agent_session(db_path, errlog=errlog) as agent:
        assert document(await agent.call_tool("list_partners", {}))["partners"]
        damaged = b'{"partners": {"1": '  # torn by hand, or by another program
        db_path.write_bytes(damaged)
        message = error(await agent.call_tool("move_partner",
                                              {"partner": "Beacon", "stage": "engage"}))
        assert str(db_path.name) in message
        assert error(await agent.call_tool("list_partners", {}))  # still serving
    assert db_path.read_bytes() == damaged
    assert "Traceback" not in errlog.read_text()


async def test_nothing_to_undo_says_so(db_path: Path, tmp_path: Path,
                                       program: dict[str, str]) -> None:
    async with agent_session(db_path, errlog=tmp_path / "server.err") as agent:
        said = error(await agent.call_tool("undo_last_change", {}))
        assert said.startswith("nothing to undo")
        assert text_of(await agent.call_tool("due", {})).endswith("overdue.")


def test_the_tools_take_the_playbook_words() -> None:
    """The tools' argument choices are the domain's enums (a new stage or kind must be
    offered to agents too)."""
    from typing import get_args

    from partner_tui.domain.deals import DealStatus
    from partner_tui.domain.partner import ActivityKind
    from partner_tui.domain.partner_types import PartnerType
    from partner_tui.domain.stages import PIPELINE, ArchiveReason
    from partner_tui.mcp import tools

    assert get_args(tools.StageName) == tuple(s.value for s in Stage)
    assert get_args(tools.BoardStage) == tuple(s.value for s in PIPELINE)
    assert get_args(tools.ArchiveReasonName) == tuple(r.value for r in ArchiveReason)
    assert set(get_args(tools.ActivityKindName)) == {k.value for k in ActivityKind}
    assert get_args(tools.PartnerTypeName) == tuple(t.value for t in PartnerType)
    assert get_args(tools.DealStatusName) == tuple(s.value for s in DealStatus)
    assert set(tools.WRITE_TOOLS) == WRITE_TOOLS


def test_mcp_inside_the_package_is_the_sdk() -> None:
    """partner_tui/mcp/ shares its name with the SDK: its modules import the SDK."""
    import mcp

    from partner_tui.mcp import answers, server

    assert mcp.__file__ is not None and "partner_tui" not in mcp.__file__
    assert server.MCPServer.__module__.startswith("mcp.server")
    assert answers.CallToolResult.__module__.split(".")[0] in ("mcp", "mcp_types")


async def test_a_change_the_locked_file_cannot_take_now_is_kept_and_said(
    db_path: Path, tmp_path: Path, program: dict[str, str]
) -> None:
    """Another program keeps the lock longer than a write waits: the agent is told its
    change is kept (saved with the server's next change), not that it was lost."""
    from partner_tui.store.file.lock import WriterLock

    beacon = program["Beacon"]
    async with agent_session(db_path, errlog=tmp_path / "server.err") as agent:
        assert document(await agent.call_tool("list_partners", {}))["partners"]
        lock = WriterLock(db_path)
        lock.acquire()
        try:
            said = error(await agent.call_tool(
                "move_partner", {"partner": beacon, "stage": "engage"}))
        finally:
            lock.release()
        assert "The change is kept by this server" in said
        document(await agent.call_tool("log_activity", {"partner": beacon, "text": "Met"}))
    with PartnerStore(db_path, read_only=True) as store:
        saved = store.partners.get(beacon)
    assert saved.stage is Stage.ENGAGE
    assert [a.text for a in saved.activities] == ["Met"]


async def test_warm_intros_answers_overlap_json(
    db_path: Path, tmp_path: Path, program: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Account mapping over MCP: without our list an error that says how to get one; with
    ours and Acme's, exactly `overlap --json` (all partners, and one partner's accounts)."""
    errlog = tmp_path / "server.err"
    async with agent_session(db_path, errlog=errlog) as agent:
        missing = error(await agent.call_tool("warm_intros", {}))
        assert "no account list of ours" in missing and "accounts import" in missing
    ours = tmp_path / "ours.csv"
    ours.write_text("name,domain,status,owner,value\nShop,shop.example,prospect,Maya,5000\n"
                    "Cafe,cafe.example,customer,Sam,\n")
    theirs = tmp_path / "acme.csv"
    theirs.write_text("name,domain,status\nShop Inc,https://www.shop.example/,customer\n"
                      "Cafe,cafe.example,prospect\n")
    assert main(["--db", str(db_path), "accounts", "import", str(ours)]) == 0
    acme = program["Acme"]
    assert main(["--db", str(db_path), "accounts", "import", str(theirs), "--partner", acme]) == 0
    capsys.readouterr()
    async with agent_session(db_path, errlog=errlog) as agent:
        every = document(await agent.call_tool("warm_intros", {}))
        assert every == {"overlap": cli_json(capsys, "--db", db_path, "overlap", "--json")}
        (entry,) = every["overlap"]
        assert (entry["partner_id"], entry["intros_for_us"], entry["intros_for_them"]) == (
            acme, 1, 1)
        one = document(await agent.call_tool("warm_intros", {"partner": "acme"}))
        assert one == {"overlap": cli_json(capsys, "--db", db_path, "overlap", acme, "--json")}
