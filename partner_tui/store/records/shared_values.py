"""Equal text held once: the repeated values of a big table's records, shared as they are read.

A file's parser makes a new string for every value it reads. 100,000 deals repeat the
same few hundred dates, three statuses, one partner id per ten deals, one author per
partner: as separate strings those cost about 40 MB. Each field whose values repeat
(whichever fields the model has: nothing here names one) gets one string per distinct
value; fields whose values are mostly unique (ids, instants, names) are left alone, so
that sharing them costs nothing.

Only equal strings are swapped for each other, before anything has kept a record: what a
record says, and its bytes in the file, are unchanged.
"""

from __future__ import annotations

from typing import Any

# A field is shared when at most this share of its values are distinct.
REPEATED = 0.5
# Tables this small are not worth the pass.
SMALL = 1_000


def share_repeated_values(table: dict[str, Any]) -> None:
    """Make each repeated value of a field one string across `table`'s records (records
    of a table just read: nothing holds them yet)."""
    records = [record for record in table.values() if isinstance(record, dict)]
    if len(records) < SMALL:
        return
    for field in sorted({key for record in records[:SMALL] for key in record}):
        values = [record.get(field) for record in records]
        texts = [value for value in values if type(value) is str]
        if not texts or len(set(texts)) > REPEATED * len(texts):
            continue
        pool: dict[str, str] = {}
        for record, value in zip(records, values, strict=True):
            if type(value) is str:
                # The same key: replacing a value while nobody iterates the record.
                record[field] = pool.setdefault(value, value)
