"""Where each partner's records are in a file known valid, kept beside it: so `show`
reads one partner's record, deals and payments, not the whole file.

At 10,000 partners parsing the whole file (22.8 MB) costs about twice the program's own
start, and `show` prints one partner. The first time a file known valid is read whole
(file_board.py), and only when its bytes are exactly the store's own layout
(store/file/serialize.dumps of what they parse to: sorted keys, two-space indents, every
raw newline layout, never inside a string), the byte span of each record of the
partners, deals and payments tables is kept in the state folder under the file's digest,
each partner with the spans of its deals and payments (in the file's order), with the
file's settings. The next `show` of that very file (its stamp unchanged, checked on the
open file it reads: speedups/trusted_stamp.py) parses only those spans, and the same
FileStore (the store's own Payouts, the partner's model) runs over them: nothing is
computed here, only left out. One partner's figures read its own record, deals and
payments and the program's settings, nothing else (store/parts/payouts.Payouts.figures).

A store that changed the file carries them as it closes (carry_spans): it wrote the file
in its own layout and its serializer knows where it put each record (a stretch of the
file, serialize.RecordCache.record_spans), so the next `show` of the new file reads its
spans, and the next whole read of it (an export, `list*`) does not serialise the file
again to find them. The spans carried are those keep_spans would find in the bytes
(tests/unit/speedups/test_record_spans.py holds them equal after any changes).

Any other file, schema, layout or version reads the file. Deleting this module, or its
state file, loses only time.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.os_compat.files import BINARY, NO_BLOCK, NO_FOLLOW
from partner_tui.speedups.state_cache import is_kept, keep, kept_file, kept_under, program_stamp
from partner_tui.speedups.trusted_stamp import _stamp_of
from partner_tui.store.file.serialize import RECORD_INDENT, dumps

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

# The tables whose records are kept by span; deals and payments by their partner_id.
TABLES = ("partners", "deals", "payments")
OWNED = ("deals", "payments")
# Bump when what is kept changes within one release.
LAYOUT = 1
# In the store's layout a record (a table's entry, at depth 2) closes on a line of its
# own indented four spaces; every line inside it is indented further.
RECORD_END = b"\n    }"
TABLE_END = b"\n  }"

Span = tuple[int, int]

KIND = "spans"  # state/spans/


def _key(digest: str) -> str:
    return f"{program_stamp()}/{LAYOUT}/{digest}"


def spans_of(content: bytes, data: dict[str, Any]) -> dict[str, list[Any]] | None:
    """Each partner's [start, end of its record, [its deals' spans], [its payments']]
    in `content`, when `content` is exactly the store's layout of `data` (what it
    parses to); None otherwise."""
    if dumps(data) != content:
        return None  # not the store's own layout (a hand-formatted file known valid)
    spans: dict[str, dict[str, Span]] = {}
    for name in TABLES:
        table = data.get(name)
        if not isinstance(table, dict) or not table:
            spans[name] = {}
            continue
        head = b"\n  " + orjson.dumps(name) + b": {"
        at = content.find(head)
        if at < 0:
            return None
        at += len(head)
        found: dict[str, Span] = {}
        # The layout's order (sorted keys), each record right after the last one's comma.
        for n, key in enumerate(sorted(table)):
            if n and content[at : at + 1] != b",":
                return None
            at += 1 if n else 0
            marker = RECORD_INDENT + orjson.dumps(key) + b": "
            if not content.startswith(marker, at):
                return None
            start = at + len(marker)
            if content.startswith(b"{}", start):
                end = start + 2
            else:
                end = content.find(RECORD_END, start)
                if end < 0:
                    return None
                end += len(RECORD_END)
            found[key] = (start, end)
            at = end
        if not content.startswith(TABLE_END, at):
            return None
        spans[name] = found
    owned: dict[str, tuple[list[Span], list[Span]]] = {}
    for slot, name in enumerate(OWNED):
        for key, raw in data.get(name, {}).items() if spans[name] else ():
            partner = str(raw.get("partner_id")) if isinstance(raw, dict) else ""
            owned.setdefault(partner, ([], []))[slot].append(spans[name][key])
    return {
        pid: [start, end, *owned.get(pid, ([], []))]
        for pid, (start, end) in spans["partners"].items()
    }


def keep_spans(file: Path, digest: str, content: bytes, data: dict[str, Any]) -> None:
    """Keep the spans of `content` (the bytes of the file known valid with `digest`,
    `data` what they parse to, at this schema) unless kept already. Best effort."""
    key = _key(digest)
    if is_kept(file, KIND, key):
        return
    try:
        partners = spans_of(content, data)
    except (TypeError, orjson.JSONEncodeError):
        partners = None
    # Not the store's layout: kept too, as no spans, so the next read of these very bytes
    # does not serialize the whole file again to find that out.
    settings = data.get("settings") or {} if partners is not None else {}
    kept = {"key": key, "settings": settings, "partners": partners}
    keep(file, KIND, kept)


def carry_spans(store: PartnerStore, digest: str) -> None:
    """As a store that changed its file closes, the file on disk now known valid with
    `digest`: keep its spans as keep_spans would find them, from where the store's
    serializer wrote each record (PartnerStore.record_spans), when any spans were kept
    for the file before (someone reads it) and the store knows where every record it
    holds is. Best effort: anything not carried is found by the next whole read."""
    file = store.file
    if not kept_file(file, KIND).is_file():
        return  # nothing ever read this file whole: nobody to carry them for
    key = _key(digest)
    if is_kept(file, KIND, key):
        return
    from partner_tui.store.file.compact import field, is_row
    from partner_tui.store.records.load import held_tables

    tables = held_tables(store.storage)
    spans: dict[str, dict[str, Span]] = {}
    for name in TABLES:
        held = tables.get(name)
        found = store.record_spans(name)
        if found is None or found.keys() != (held.keys() if isinstance(held, dict) else set()):
            return  # (a table the serializer does not know as written)
        spans[name] = found
    owned: dict[str, tuple[list[Span], list[Span]]] = {}
    for slot, name in enumerate(OWNED):
        table = tables.get(name) or {}
        for doc_id, span in sorted(spans[name].items(), key=_start):  # the file's order
            raw = table[doc_id]
            partner = str(field(raw, "partner_id")) if is_row(raw) or isinstance(raw, dict) else ""
            owned.setdefault(partner, ([], []))[slot].append(span)
    partners = {
        pid: [start, end, *owned.get(pid, ([], []))]
        for pid, (start, end) in sorted(spans["partners"].items(), key=_start)
    }
    keep(file, KIND, {"key": key, "settings": tables.get("settings") or {}, "partners": partners})


def _start(item: tuple[str, Span]) -> int:
    return item[1][0]


def kept_spans(file: Path, digest: str) -> dict[str, Any] | None:
    """What keep_spans kept for the file known valid with `digest`, or None."""
    kept = kept_under(file, KIND, _key(digest))
    if kept is None:
        return None
    if not isinstance(kept.get("partners"), dict) or not isinstance(kept.get("settings"), dict):
        return None
    return kept


def read_spans(file: Path, spans: list[Span], still: Any) -> list[Any] | None:
    """The records at `spans` of the regular file at `file` (never through a link), when
    the open file's stamp is one `still(stamp)` vouches for, before and after reading;
    None otherwise."""
    try:
        fd = os.open(file, os.O_RDONLY | BINARY | NO_FOLLOW | NO_BLOCK)
    except OSError:
        return None
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode) or not still(_stamp_of(before)):
            return None
        chunks = [os.pread(fd, end - start, start) for start, end in spans]
        if _stamp_of(os.fstat(fd)) != _stamp_of(before):
            return None
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        return [orjson.loads(chunk) for chunk in chunks]
    except orjson.JSONDecodeError:
        return None
