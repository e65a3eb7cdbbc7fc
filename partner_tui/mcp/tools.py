"""The server's tools: one typed function per tool, each a thin call of what the command
line calls (cli/partner_commands.py, cli/due_command.py) or of the one-record readers
beside it (new_records.py, documents.py, briefing.py), answered by answers.py.

Reading tools take the store through AgentStore.reading(); changing tools through
writing(), which refuses on a --read-only server. Every argument is text from a model:
it reaches the data only through the same readers as an import (cleaned, limited)."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import Field

from partner_tui.cli.account_commands import overlap_document
from partner_tui.cli.due_command import StoreDue, due_document
from partner_tui.cli.partner_commands import (
    apply_log,
    apply_move,
    list_document,
    listed_cards,
    moved_text,
    show_document,
)
from partner_tui.cli.partner_lookup import find_partner
from partner_tui.domain import clock
from partner_tui.domain.stages import Stage
from partner_tui.mcp import new_records
from partner_tui.mcp.agent_store import AgentStore
from partner_tui.mcp.answers import answer, guarded, refusal
from partner_tui.mcp.briefing import briefing_document
from partner_tui.mcp.documents import draft_document, statement_document
from partner_tui.mcp.signature import Signature

# The playbook's words, as the CLI takes them (a test keeps them equal to the enums).
StageName = Literal["prospect", "engage", "negotiate", "active", "archived"]
BoardStage = Literal["prospect", "engage", "negotiate", "active"]
ArchiveReasonName = Literal["declined", "paused", "churned"]
ActivityKindName = Literal["note", "call", "email", "meeting", "outreach"]
PartnerTypeName = Literal["technology", "channel", "integration", "strategic_alliance"]
DealStatusName = Literal["registered", "approved", "rejected", "won", "lost", "refunded"]

PartnerArg = Annotated[
    str,
    Field(
        description="the partner's id, or its whole company name (any case); an ambiguous "
        "or unknown name is refused with the candidates listed",
        max_length=200,
    ),
]
Day = Annotated[str, Field(description="a date, YYYY-MM-DD", max_length=40)]
Amount = Annotated[
    str, Field(description="money as an exact decimal, e.g. 12500.00", max_length=40)
]

READS = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)
# Adding twice adds two partners, logging twice logs twice: not idempotent. Moving is.
MOVES = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)

# list_partners answers this many unless asked for more: 10,000 partners are ~6 MB of
# JSON, more than an agent's context holds; a filter is the better question.
LIST_LIMIT = 100

# The tools that change the file (listed on a --read-only server too, where they refuse).
WRITE_TOOLS = (
    "add_partner", "move_partner", "log_activity", "register_deal", "undo_last_change",
)


def register_tools(server: MCPServer, agents: AgentStore, signature: Signature) -> None:
    """Add every tool to `server`, working on `agents`' store, signing with `signature`."""

    def heard(ctx: Context | None) -> None:
        # The client named itself in its initialize request; its writes carry that name.
        params = ctx.session.client_params if ctx is not None else None
        if params is not None and params.client_info is not None:
            signature.heard_from(params.client_info.name)

    @server.tool(annotations=READS)
    def list_partners(
        stage: StageName | None = None,
        owner: Annotated[
            str | None, Field(description="only this owner's partners (whole name)")
        ] = None,
        query: Annotated[
            str | None,
            Field(description="words that must all appear in the company, contact, type, "
                  "notes or tags (as the board's filter)", max_length=500),
        ] = None,
        limit: Annotated[int, Field(ge=1, le=10_000)] = LIST_LIMIT,
    ) -> CallToolResult:
        """The partners in board order (stage by stage, archived last), the first `limit`
        (default 100) of those that match. Answer: `list --json`'s {"partners": [{id,
        company, stage, partner_type, subtype, contact_name, contact_email, website, owner,
        tags, potential_value, fit_score, next_action, next_action_date, archive_reason,
        updated_at, figures}]}, and "total": how many match."""

        def work() -> CallToolResult:
            with agents.reading() as store:
                cards = listed_cards(store.partners, Stage(stage) if stage else None, owner, query)
                listed = list_document(store, cards[:limit], clock.today())
                document = {**listed, "total": len(cards)}
            count, total = len(document["partners"]), len(cards)
            more = f" (of {total}: ask with a higher limit, or filter)" if total > count else ""
            return answer(document, f"{count} partner{'s' if count != 1 else ''}{more}.")

        return guarded(work)

    @server.tool(annotations=READS)
    def show_partner(partner: PartnerArg) -> CallToolResult:
        """One partner in full: `show --json`'s {"partner": the whole record, "summary":
        as list_partners gives it, "due": [{partner_id, company, kind, what, item, due,
        days, overdue}], "roi", "payout"} (money as decimal strings)."""

        def work() -> CallToolResult:
            with agents.reading() as store:
                document = show_document(store, find_partner(store, partner), clock.today())
            summary = document["summary"]
            return answer(document, f"{summary['company']} ({summary['stage']}).")

        return guarded(work)

    @server.tool(annotations=WRITES)
    def add_partner(
        company: Annotated[str, Field(max_length=200)],
        type: PartnerTypeName | None = None,
        stage: BoardStage | None = None,
        contact_name: Annotated[str | None, Field(max_length=200)] = None,
        contact_email: Annotated[str | None, Field(max_length=320)] = None,
        website: Annotated[str | None, Field(max_length=2_000)] = None,
        owner: Annotated[str | None, Field(max_length=200)] = None,
        notes: Annotated[str | None, Field(max_length=100_000)] = None,
        ctx: Context | None = None,
    ) -> CallToolResult:
        """Add a partner (stage prospect unless given), read as one row of `import` is.
        A company already in the file is added anyway and said in "warnings". Answer:
        {"partner": as list_partners gives it, "warnings": [text]}."""
        values = {
            "company": company, "type": type, "stage": stage, "contact_name": contact_name,
            "contact_email": contact_email, "website": website, "owner": owner, "notes": notes,
        }

        def work() -> CallToolResult:
            heard(ctx)
            with agents.writing("add_partner") as store:
                document = new_records.add_partner(store, values)
            said = f"Added {document['partner']['company']} ({document['partner']['id']})."
            return answer(document, " ".join([said, *document["warnings"]]))

        return guarded(work)

    @server.tool(annotations=MOVES)
    def move_partner(
        partner: PartnerArg,
        stage: StageName,
        reason: Annotated[
            ArchiveReasonName | None, Field(description="why, with the stage archived only")
        ] = None,
        ctx: Context | None = None,
    ) -> CallToolResult:
        """Move a partner to a stage (recorded in its stage history, as on the board).
        Answer: `move --json`'s {"partner", "from", "to", "changed"}."""

        def work() -> CallToolResult:
            heard(ctx)
            with agents.writing("move_partner") as store:
                document = apply_move(store, partner, stage, reason)
            return answer(document, moved_text(document))

        return guarded(work)

    @server.tool(annotations=WRITES)
    def log_activity(
        partner: PartnerArg,
        text: Annotated[str, Field(description="what happened", max_length=10_000)],
        kind: ActivityKindName = "note",
        date: Annotated[str | None, Field(description="YYYY-MM-DD; default today")] = None,
        ctx: Context | None = None,
    ) -> CallToolResult:
        """Add an activity to a partner's log. Answer: `log --json`'s {"partner",
        "activity": {date, kind, text}}."""

        def work() -> CallToolResult:
            heard(ctx)
            with agents.writing("log_activity") as store:
                document = apply_log(store, partner, text, kind, date)
            company = document["partner"]["company"]
            return answer(document, f"Logged a {kind} on {company} ({document['activity']['date']}).")

        return guarded(work)

    @server.tool(annotations=READS)
    def due(days: Annotated[int, Field(ge=0, le=3660)] = 7) -> CallToolResult:
        """Next actions and cadence items overdue or due within `days` days (0: today).
        Answer: `due --json`'s {"today", "until", "days", "items": [{partner_id, company,
        contact_name, contact_email, kind, what, item, due, days, overdue}]}."""

        def work() -> CallToolResult:
            with agents.reading() as store:
                document = due_document(StoreDue(store), clock.today(), days)
            items = document["items"]
            overdue = sum(1 for item in items if item["overdue"])
            return answer(document, f"{len(items)} item(s) due, {overdue} overdue.")

        return guarded(work)

    @server.tool(annotations=WRITES)
    def register_deal(
        partner: PartnerArg,
        customer: Annotated[str, Field(max_length=200)],
        customer_domain: Annotated[
            str | None, Field(description="the customer's web domain", max_length=300)
        ] = None,
        status: DealStatusName | None = None,
        amount: Annotated[Amount | None, Field(description="one-time revenue")] = None,
        monthly_revenue: Annotated[Amount | None, Field(description="recurring")] = None,
        registered_on: Day | None = None,
        closed_on: Day | None = None,
        paid_on: Day | None = None,
        ended_on: Day | None = None,
        notes: Annotated[str | None, Field(max_length=100_000)] = None,
        rejection_reason: Annotated[str | None, Field(
            description="why a rejected registration was rejected", max_length=500
        )] = None,
        refunded_on: Day | None = None,
        refunded_amount: Annotated[Amount | None, Field(
            description="a refunded deal: how much was refunded (none: all it brought)")] = None,
        ctx: Context | None = None,
    ) -> CallToolResult:
        """Register a referred customer's deal for a partner, read as one row of
        `import-deals` is. The first registration of a customer domain wins: a domain on
        another live registration or won deal is refused, naming it. Answer: {"deal": the
        stored deal, "partner": as list_partners gives it}."""
        values = {
            "customer": customer, "customer_domain": customer_domain, "status": status,
            "amount": amount, "monthly_revenue": monthly_revenue,
            "registered_on": registered_on, "closed_on": closed_on, "paid_on": paid_on,
            "ended_on": ended_on, "notes": notes, "rejection_reason": rejection_reason,
            "refunded_on": refunded_on,
            "refunded_amount": refunded_amount,
        }

        def work() -> CallToolResult:
            heard(ctx)
            with agents.writing("register_deal") as store:
                document = new_records.register_deal(store, partner, values)
            deal = document["deal"]
            return answer(document, f"Registered {deal['customer']} ({deal['status']}) for "
                                    f"{document['partner']['company']}.")

        return guarded(work)

    @server.tool(annotations=READS)
    def warm_intros(
        partner: Annotated[str | None, Field(
            description="a partner's id or whole company name: its matching accounts",
            max_length=200,
        )] = None,
    ) -> CallToolResult:
        """Account mapping: which partner can introduce which of our open opportunities.
        Answer: {"overlap": `overlap --json`'s list}, ranked by the open value a partner
        could introduce: [{partner_id, partner, shared_customers, intros_for_us (our
        prospects and opportunities that are their customers: the warm introductions),
        intros_for_them, their_accounts, as_of}] as counts; with `partner`, its one entry
        holding the matching accounts themselves (with our owner and open value)."""

        def work() -> CallToolResult:
            with agents.reading() as store:
                entries = overlap_document(store, partner)
            document = {"overlap": entries}
            if partner is not None:
                return answer(document, f"{entries[0]['partner']}: account overlap.")
            warm = sum(1 for entry in entries if entry["intros_for_us"])
            return answer(document, f"{len(entries)} partner(s) with an account list, "
                                    f"{warm} with warm intros for us.")

        return guarded(work)

    @server.tool(annotations=READS)
    def payout_statement(
        period: Annotated[str, Field(description="YYYY-MM (a month) or YYYY-Qn (a quarter)",
                                     max_length=20)],
    ) -> CallToolResult:
        """What each partner is owed for a period (`export --format payouts` as JSON):
        {"period", "title", "lines": [{partner, partner_id, period, revenue, revenue_share,
        referral_fees, total, paid, owed, paid_on, payment_terms}], "totals",
        "paid_per_quarter": [company]}."""

        def work() -> CallToolResult:
            with agents.reading() as store:
                document = statement_document(store, period)
            return answer(document, f"{document['title']}: {len(document['lines'])} partner(s), "
                                    f"owed {document['totals']['owed']}.")

        return guarded(work)

    @server.tool(annotations=READS)
    def draft_outreach(
        partner: PartnerArg,
        template: Annotated[
            str | None,
            Field(description="a template's id or name; default: the one last used for "
                  "this partner, else the playbook's", max_length=200),
        ] = None,
    ) -> CallToolResult:
        """The outreach email for a partner, filled from a template: {"subject", "body",
        "to", "template": {id, name}, "unfilled": [placeholder], "unfilled_help",
        "complete"}. Nothing is sent, copied or logged."""

        def work() -> CallToolResult:
            with agents.reading() as store:
                document = draft_document(store, partner, template)
            gaps = document["unfilled"]
            said = "Draft ready." if not gaps else f"Draft with {len(gaps)} unfilled placeholder(s)."
            return answer(document, said)

        return guarded(work)

    @server.tool(annotations=READS)
    def partner_briefing(partner: PartnerArg) -> CallToolResult:
        """Everything to read before a call, in one answer: {"partner", "stage": {stage,
        since, days, archive_reason}, "next_action": {text, date, days}, "last_activities",
        "activity_count", "deals": {open, won, lost}, "payouts": [this period and the last:
        {period, total, paid, owed}], "payout_to_date", "roi", "agreement": {agreed, gaps},
        "due", "cadence_due"}."""

        def work() -> CallToolResult:
            with agents.reading() as store:
                document = briefing_document(store, partner, clock.today())
            stage = document["stage"]
            return answer(document, f"{document['partner']['company']}: {stage['stage']} for "
                                    f"{stage['days']} day(s).")

        return guarded(work)

    @server.tool(annotations=WRITES)
    def undo_last_change(ctx: Context | None = None) -> CallToolResult:
        """Take back this server's own last change (never another writer's; fields others
        changed since are kept) and say what it was: {"undone": label}."""

        def work() -> CallToolResult:
            heard(ctx)
            with agents.writing("undo_last_change") as store:
                undone = store.undo()
            if undone is None:
                return refusal("nothing to undo: this server has made no change it can take "
                               "back (other writers' changes are never undone here)")
            return answer({"undone": undone}, f"Undone: {undone}.")

        return guarded(work)

