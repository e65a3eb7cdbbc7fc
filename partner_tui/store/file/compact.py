"""Deal records held compactly: each one a tuple of its values, its keys shared.

At 100,000 deals the deals table is most of what the app holds: each deal parsed as a
dict of ~13 strings is ~1.4 KB (the dict alone ~630 bytes), ~140 MB in all. Held here
as a row instead (a tuple of its values, the keys kept once for every record with the
same keys: a shape), with the values that repeat across deals (the partner's id, the
author, the status, dates and amounts) shared as one string each, and the deal's other
own texts (its customer, its times; not its id and domain, which the deal table's indexes
hold too) joined into one string (a string costs ~50 bytes besides its text), a deal is
~0.8 KB with its strings.

A row is a plain tuple whose last item is its shape's number: JSON never makes a tuple,
so `type(value) is tuple` tells a row from a record wherever a table may hold both (a
record stored as a dict stays readable as it is). Nothing but this module reads a row's
insides: every reader goes through as_record() (the record, a new dict equal to the
one packed) or field() (one value); every writer packs through a Packer. unpack(pack(r))
== r for every record (tests/unit/store/test_compact_records.py).

Which tables are held so: COMPACT_TABLES (the storage packs them as it parses the file,
slice by slice, so the dicts of a whole table never exist at once; records/deal_table.py
packs what it stores).
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable
from typing import Any

COMPACT_TABLES = frozenset({"deals"})

# Values of these fields repeat across deals (10 deals a partner, a few statuses, one
# author, ~700 dates, amounts): each distinct value is held once. The others (ids,
# times to the microsecond, customers) are unique: sharing them would only cost.
SHARED_FIELDS = frozenset({
    "partner_id", "author", "status", "registered_on", "closed_on", "paid_on", "ended_on",
    "amount", "monthly_revenue", "refunded_on", "refunded_amount", "reviewed_on",
    "reviewed_by",
})

# A deal's own values that the store's indexes hold too (the deal table's domain index,
# each deal's facts): kept apart in the row, so that those hold the very same string.
APART_FIELDS = frozenset({"id", "customer_domain"})

# Joins a row's own texts: a character no text of a deal holds (text is cleaned of control
# characters as it is read; ids and times have none). A record whose own values are not
# all text, or hold this character, keeps them apart.
JOIN = "\x00"

Row = tuple[Any, ...]
Getter = Callable[[dict[str, Any]], tuple[Any, ...]]


class _Shapes:
    """Every set of keys (in a record's order) seen, numbered: a row's last item is its
    shape's number, and the shape says which key each of the row's values is under."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # record's keys -> (number, getters of its shared values, of those kept apart,
        # of the others); number + 1 is the same keys with the others joined (JOIN).
        self.by_keys: dict[tuple[str, ...], tuple[int, Getter, Getter, Getter]] = {}
        # number -> the keys in row order (shared ones first), where each key is, and
        # (joined shapes) how many shared values come before the joined string
        self.keys: list[tuple[str, ...]] = []
        self.where: list[dict[str, int]] = []
        self.joined_after: list[int | None] = []

    def of(self, keys: tuple[str, ...]) -> tuple[int, Getter, Getter, Getter]:
        shape = self.by_keys.get(keys)
        if shape is not None:
            return shape
        with self._lock:
            shape = self.by_keys.get(keys)
            if shape is None:
                # In a row: the shared values, the ones kept apart, then the rest (which
                # may be joined into one string).
                shared = tuple(k for k in keys if k in SHARED_FIELDS)
                apart = tuple(k for k in keys if k in APART_FIELDS and k not in SHARED_FIELDS)
                own = tuple(k for k in keys if k not in shared and k not in apart)
                order = (*shared, *apart, *own)
                number = len(self.keys)
                for joined in (None, len(shared) + len(apart)):
                    self.keys.append(order)
                    self.where.append({k: i for i, k in enumerate(order)})
                    self.joined_after.append(joined)
                shape = (number, _getter(shared), _getter(apart), _getter(own))
                self.by_keys[keys] = shape
            return shape


def _getter(keys: tuple[str, ...]) -> Getter:
    """The values of `keys` in a record, as a tuple (operator.itemgetter, in C, gives a
    bare value for one key: not that)."""
    if not keys:
        return lambda record: ()
    if len(keys) == 1:
        key = keys[0]
        return lambda record: (record[key],)
    return operator.itemgetter(*keys)  # type: ignore[return-value]


_SHAPES = _Shapes()


def is_row(value: object) -> bool:
    return type(value) is tuple


def unpack(row: Row) -> dict[str, Any]:
    """The record a row was packed from (a new dict, equal to it)."""
    number = row[-1]
    if _SHAPES.joined_after[number] is None:
        return dict(zip(_SHAPES.keys[number], row))  # (zip stops before the number)
    return dict(zip(_SHAPES.keys[number], (*row[:-2], *row[-2].split(JOIN))))


def as_record(value: Any) -> Any:
    """A table's value as a record: a row unpacked, anything else as it is."""
    return unpack(value) if type(value) is tuple else value


def field(value: Any, name: str, default: Any = None) -> Any:
    """One value of a row or a record (`default` when it has none), unpacking nothing."""
    if type(value) is not tuple:
        return value.get(name, default) if isinstance(value, dict) else default
    number = value[-1]
    at = _SHAPES.where[number].get(name)
    if at is None:
        return default
    joined = _SHAPES.joined_after[number]
    if joined is None or at < joined:
        return value[at]
    return value[-2].split(JOIN)[at - joined]


class Packer:
    """Packs records into rows, sharing each repeated value (SHARED_FIELDS) between the
    rows it made. One per store: what it shares lives as long as the store.

    clean: applied to each record before it is packed (the store's cleans its text as
    reading a file does: records/load.deal_packer), so what a row holds needs no second
    pass."""

    def __init__(self, clean: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
        self._pool: dict[Any, Any] = {}
        self._clean = clean

    def pack(self, record: dict[str, Any]) -> Row:
        # (Every deal of a file passes here as it is read: what it does is done in C.)
        if self._clean is not None:
            record = self._clean(record)
        keys = tuple(record)
        number, shared, apart, own = _SHAPES.by_keys.get(keys) or _SHAPES.of(keys)
        values = shared(record)
        try:
            kept = tuple(map(self._pool.setdefault, values, values))
        except TypeError:  # a list or an object where a hand edit put one: not shared
            kept = values
        texts = own(record)
        if len(texts) > 1:
            try:
                joined = JOIN.join(texts)
            except TypeError:  # not all text: kept apart
                pass
            else:
                if joined.count(JOIN) == len(texts) - 1:
                    return (*kept, *apart(record), joined, number + 1)
        return (*kept, *apart(record), *texts, number)

    def pack_table(self, table: dict[str, Any]) -> dict[str, Any]:
        """Every record of `table` packed, in place (rows stay as they are)."""
        pack = self.pack
        for key, value in table.items():
            if type(value) is dict:
                if value.get("id") == key:
                    # The table's key and the deal's id are equal strings the parser made
                    # twice: the row holds the key's (~6 MB at 100,000 deals).
                    value["id"] = key
                table[key] = pack(value)  # (the same keys: replacing values is fine)
        return table

    def pack_tables(self, data: dict[str, Any]) -> dict[str, Any]:
        """Every COMPACT_TABLES table of a parsed file packed, in place."""
        for name in COMPACT_TABLES:
            table = data.get(name)
            if isinstance(table, dict):
                self.pack_table(table)
        return data


def expand_tables(data: dict[str, Any]) -> dict[str, Any]:
    """Every row of a parsed file's COMPACT_TABLES unpacked, in place (a migration reads
    records as dicts)."""
    for name in COMPACT_TABLES:
        table = data.get(name)
        if isinstance(table, dict):
            for key, value in table.items():
                if type(value) is tuple:
                    table[key] = unpack(value)
    return data
