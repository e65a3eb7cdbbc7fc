"""The deals and payments tables, and the indexes the payout rules read them through.

Both tables are keyed in the file by each record's own id (a string), never by TinyDB's
counter, so two people registering deals never collide. Records are replaced by new
dicts on change, never edited in place (the serializer reuses an unchanged record's
bytes by identity, as for partners).

The deals are held compactly, as rows (store/file/compact.py: at 100,000 deals ~90 MB
less than dicts). This table is their one reader and writer in the store: every record it
hands out is unpacked (a new dict each time, equal to the stored record; compare records
with ==, not by identity), and every record it stores is packed. The serializer and the
merge from disk read rows through the same module.

The indexes are built on first use, not at open: the board's first paint and the command
line never pay for 100,000 deals they do not show. After that they follow every change:
deals by partner, deals by customer domain (the registration clash), each partner's
DealFacts (what the payout rules read), payments by partner.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from partner_tui.domain.deal_facts import (
    facts_from_record,
    refund_from_record,
    stored_cents,
    terms_from_record,
)
from partner_tui.domain.payouts import DealFacts, PayoutTerms, RefundFacts
from partner_tui.domain.periods import Period
from partner_tui.store.file.compact import COMPACT_TABLES, as_record, field

if TYPE_CHECKING:
    from partner_tui.store.file.storage import SafeJSONStorage

DEALS = "deals"
PAYMENTS = "payments"


class DealTable:
    def __init__(self, storage: SafeJSONStorage) -> None:
        self._storage = storage
        # Guards the indexes: the warm-up thread may build them while a key changes a deal.
        self._lock = threading.RLock()
        # A partner's deals: id -> the stored row (or record).
        self._by_partner: dict[str, dict[str, Any]] | None = None
        # A domain's deal ids: one id (mostly), or a tuple of them: a set each would cost
        # ~20 MB at 100,000 deals, a tuple each ~5 MB.
        self._by_domain: dict[str, str | tuple[str, ...]] | None = None
        self._payments: dict[str, list[dict[str, Any]]] | None = None
        self._facts: dict[str, list[DealFacts]] = {}
        # One int per amount in cents among every deal's facts (100,000 deals hold ~30,000
        # amounts: an int each was ~5 MB).
        self._cents: dict[int, int] = {}
        self._refunds: dict[str, list[RefundFacts]] = {}  # the refunded deals' refunds
        # Per partner: its terms as read from the record they were read from (records are
        # replaced on change, so the same dict means the same terms) ...
        self._terms: dict[str, tuple[dict[str, Any], PayoutTerms]] = {}
        # ... and what it was paid per period (cents), until a payment of it changes.
        self._paid: dict[str, dict[Period, int]] = {}
        # Whether a record was changed through this table (since the file was read), and
        # how many changes: what is computed from deals is kept until it moves.
        self.changed = False
        self.version = 0
        # Payouts already computed, by period (see parts/payouts.py, Payouts.for_period).
        self.payouts_kept: dict[Period, tuple[tuple[object, ...], list[Any]]] = {}

    # -- the raw tables ------------------------------------------------------------------------
    def table(self, name: str) -> dict[str, Any]:
        """The table as held: records, and (the deals) rows: read them with as_record."""
        table = (self._storage.read() or {}).get(name)
        return table if isinstance(table, dict) else {}

    def record(self, name: str, record_id: str) -> dict[str, Any] | None:
        """The stored record (a deal: unpacked, a new dict equal to what is stored)."""
        return as_record(self.table(name).get(record_id))

    def _packed(self, name: str, record: dict[str, Any]) -> Any:
        """`record` as this table holds it (a deal: a row)."""
        return self._storage.packer.pack(record) if name in COMPACT_TABLES else record

    def count(self, name: str = DEALS) -> int:
        return len(self.table(name))

    # -- indexes, built on first use -------------------------------------------------------------
    def _deals_index(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            if self._by_partner is None:
                by_partner: dict[str, dict[str, Any]] = {}
                for deal_id, raw in self.table(DEALS).items():
                    by_partner.setdefault(str(field(raw, "partner_id")), {})[deal_id] = raw
                self._by_partner = by_partner
            return self._by_partner

    def _domain_index(self) -> dict[str, str | tuple[str, ...]]:
        with self._lock:
            if self._by_domain is None:
                by_domain: dict[str, str | tuple[str, ...]] = {}
                for deal_id, raw in self.table(DEALS).items():
                    domain = field(raw, "customer_domain")
                    if isinstance(domain, str) and domain:
                        _add_id(by_domain, domain, deal_id)
                self._by_domain = by_domain
            return self._by_domain

    def _payments_index(self) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            if self._payments is None:
                payments: dict[str, list[dict[str, Any]]] = {}
                for raw in self.table(PAYMENTS).values():
                    payments.setdefault(str(raw.get("partner_id")), []).append(raw)
                self._payments = payments
            return self._payments

    def deal_records(self, partner_id: str) -> list[dict[str, Any]]:
        """A partner's stored deal records (unpacked: new dicts)."""
        return [as_record(raw) for raw in self._deals_index().get(partner_id, {}).values()]

    def partners_with_deals(self) -> list[str]:
        return [pid for pid, deals in self._deals_index().items() if deals]

    def partners_paid(self) -> list[str]:
        """Partners with at least one payment."""
        return [pid for pid, payments in self._payments_index().items() if payments]

    def domain_records(self, domain: str) -> list[dict[str, Any]]:
        table = self.table(DEALS)
        ids = _ids(self._domain_index().get(domain, ()))
        return [as_record(table[i]) for i in sorted(ids) if i in table]

    def payment_records(self, partner_id: str) -> list[dict[str, Any]]:
        return list(self._payments_index().get(partner_id, []))

    def facts(self, partner_id: str) -> list[DealFacts]:
        """The partner's deals as the payout rules read them (kept until they change)."""
        with self._lock:
            facts = self._facts.get(partner_id)
            if facts is None:
                raws = self._deals_index().get(partner_id, {}).values()
                facts = [self._shared(facts_from_record(as_record(raw))) for raw in raws]
                self._facts[partner_id] = facts
            return facts

    def _shared(self, facts: DealFacts) -> DealFacts:
        """`facts` with its amounts the ints other deals' facts hold (the same values)."""
        cents = self._cents.setdefault
        return facts._replace(amount=cents(facts.amount, facts.amount),
                              monthly=cents(facts.monthly, facts.monthly))

    def refunds(self, partner_id: str) -> list[RefundFacts]:
        """The partner's refunds as the clawback rule reads them (kept until deals change)."""
        with self._lock:
            refunds = self._refunds.get(partner_id)
            if refunds is None:
                raws = self._deals_index().get(partner_id, {}).values()
                found = (refund_from_record(as_record(raw)) for raw in raws)
                refunds = [refund for refund in found if refund is not None]
                self._refunds[partner_id] = refunds
            return refunds

    def terms(self, partner_id: str, record: dict[str, Any]) -> PayoutTerms:
        """The partner's terms, read from its stored `record` once per version of it."""
        kept = self._terms.get(partner_id)
        if kept is not None and kept[0] is record:
            return kept[1]
        terms = terms_from_record(record)
        self._terms[partner_id] = (record, terms)
        return terms

    def paid_by_period(self, partner_id: str) -> dict[Period, int]:
        """What the partner was paid, by the period each payment was for (cents)."""
        with self._lock:
            paid = self._paid.get(partner_id)
            if paid is None:
                paid = {}
                for raw in self._payments_index().get(partner_id, []):
                    try:
                        period = Period.parse(str(raw.get("period")))
                    except ValueError:
                        continue
                    paid[period] = paid.get(period, 0) + stored_cents(raw.get("amount"))
                self._paid[partner_id] = paid
            return paid

    def warm(self, pause: Callable[[], None], slice_size: int = 200) -> None:
        """Build every index ahead of the first look (the app's warm-up, off the screen's
        thread): the Payouts screen then opens without reading 100,000 deals."""
        partners = self.partners_with_deals()
        self._domain_index()
        self._payments_index()
        for start in range(0, len(partners), slice_size):
            pause()
            for partner_id in partners[start : start + slice_size]:
                self.facts(partner_id)

    def let_go_of_figures(self) -> None:
        """Drop what is computed from the deals (each deal's facts, refunds, payments per
        period, terms, payouts kept): the store is closing, and its close hashes every
        record, which at 100,000 deals made the app's highest memory on top of these
        ~20 MB. Built again if they are asked for (indexes of the records stay)."""
        with self._lock:
            self._facts, self._cents, self._refunds = {}, {}, {}
            self._terms, self._paid, self.payouts_kept = {}, {}, {}

    # -- changes ---------------------------------------------------------------------------------
    def put(self, name: str, record: dict[str, Any]) -> dict[str, Any] | None:
        """Store a record (new or replacing its old self); returns the old one."""
        record_id = record["id"]
        held = self._packed(name, record)
        with self._storage.batch():
            tables = self._storage.read() or {}
            table = tables.setdefault(name, {})
            old = table.get(record_id)
            table[record_id] = held
            self._storage.write(tables)
            self._indexed(name, old, held)
        return as_record(old)

    def drop(self, name: str, record_id: str) -> dict[str, Any] | None:
        with self._storage.batch():
            tables = self._storage.read() or {}
            table = tables.get(name) or {}
            old = table.pop(record_id, None)
            if old is not None:
                self._storage.write(tables)
                self._indexed(name, old, None)
        return as_record(old)

    def put_many(self, name: str, records: list[dict[str, Any]]) -> None:
        """New records in one table write (the importer's path)."""
        with self._storage.batch():
            tables = self._storage.read() or {}
            table = tables.setdefault(name, {})
            for record in records:
                old = table.get(record["id"])
                held = table[record["id"]] = self._packed(name, record)
                self._indexed(name, old, held)
            self._storage.write(tables)

    def merged(self, name: str, keys: set[str], before: dict[str, Any]) -> None:
        """A merge from disk replaced these records of table `name` (`before`: the table
        as it was held): the built indexes follow, record by record."""
        table = self.table(name)
        for key in keys:
            self._indexed(name, before.get(key), table.get(key))

    def _indexed(self, name: str, old: Any, new: Any) -> None:
        """Keep the built indexes true after a record changed (unbuilt ones stay unbuilt).
        `old`, `new`: as held (a deal: a row), or None."""
        self.changed = True
        self.version += 1
        with self._lock:
            if name == PAYMENTS:
                self._reindex_payment(old, new)
                return
            for raw, present in ((old, False), (new, True)):
                if raw is None:
                    continue
                partner_id, deal_id = str(field(raw, "partner_id")), str(field(raw, "id"))
                self._facts.pop(partner_id, None)
                self._refunds.pop(partner_id, None)
                if self._by_partner is not None:
                    deals = self._by_partner.setdefault(partner_id, {})
                    if present:
                        deals[deal_id] = raw
                    else:
                        deals.pop(deal_id, None)
                domain = field(raw, "customer_domain")
                if self._by_domain is not None and isinstance(domain, str) and domain:
                    ids = tuple(i for i in _ids(self._by_domain.pop(domain, ())) if i != deal_id)
                    for kept in (*ids, deal_id) if present else ids:
                        _add_id(self._by_domain, domain, kept)

    def _reindex_payment(self, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
        for raw in (old, new):
            if raw is not None:
                self._paid.pop(str(raw.get("partner_id")), None)
        if self._payments is None:
            return
        if old is not None:
            kept = self._payments.get(str(old.get("partner_id")), [])
            kept[:] = [raw for raw in kept if raw.get("id") != old.get("id")]
        if new is not None:
            self._payments.setdefault(str(new.get("partner_id")), []).append(new)

    def all_records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(table, record) of every deal and payment (the known-valid cache hashes them)."""
        for name in (DEALS, PAYMENTS):
            for raw in self.table(name).values():
                yield name, as_record(raw)


def _ids(held: str | tuple[str, ...]) -> tuple[str, ...]:
    """A domain's deal ids as the domain index holds them (one id, or a tuple)."""
    return (held,) if isinstance(held, str) else held


def _add_id(by_domain: dict[str, str | tuple[str, ...]], domain: str, deal_id: str) -> None:
    held = by_domain.get(domain)
    by_domain[domain] = deal_id if held is None else (*_ids(held), deal_id)
