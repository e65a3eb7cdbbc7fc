"""The JSON export's partners as kept (speedups/kept_json_partners.py) are the partners
written fresh: after any sequence of changes (a record changed, partners added, removed,
moved in the board's order), each export's partners' part is the one made from every
record; only partners whose record changed are written again (to the small MORE file,
the whole part written again only once it is worn); the index carried by a store's
close (carry_texts) spares the next export every record's hash; a kept file damaged,
cut short, planted as a link or a pipe, or of another program is read as nothing kept
(a MORE file so, or another whole part's: the whole part's own index); and a kept text
is the partner's part of a batch as json_export writes it."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli.export_stream import Exported
from partner_tui.exchange import json_export
from partner_tui.speedups import kept_json_partners, kept_text_file
from partner_tui.speedups.kept_json_partners import (
    KIND,
    MORE,
    PART,
    KeptPartners,
    carry_texts,
    partners_body,
)
from partner_tui.speedups.known_valid import Remembered, file_digest, record_hash
from partner_tui.speedups.state_cache import kept_file

RECORDS = st.dictionaries(
    st.sampled_from(["company", "notes", "stage", "tags"]),
    st.text(max_size=30) | st.lists(st.text(max_size=5), max_size=3),
    max_size=4,
)
# A board: partner ids in board order, each with its record.
BOARDS = st.lists(
    st.tuples(st.sampled_from([f"p{n}" for n in range(12)]), RECORDS), max_size=12
).map(lambda pairs: dict(pairs))
# A change to a board: partners' new records (added, or changed and moved last), or None
# (removed).
CHANGES = st.dictionaries(
    st.sampled_from([f"p{n}" for n in range(12)]), st.none() | RECORDS, max_size=3
)


def _board(file: Path, partners: dict[str, dict[str, Any]]) -> Any:
    records = {pid: {"id": pid, **record} for pid, record in partners.items()}
    digest = file_digest(orjson.dumps(records))
    cards = [SimpleNamespace(id=pid, record=raw) for pid, raw in records.items()]
    return SimpleNamespace(file=file, digest=digest), cards


def _text(card: Any) -> tuple[bytes, str]:
    """A partner's text made fresh: any bytes that are a function of its record."""
    return orjson.dumps(card.record, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS), card.id


def _fresh(cards: list[Any]) -> bytes:
    texts = [_text(card)[0] for card in cards]
    return b"".join(
        (json_export.NEXT_PARTNER if n else json_export.FIRST_PARTNER) + text
        for n, text in enumerate(texts)
    )


def _export(
    board: Any, cards: list[Any], hashed: list[Any] | None = None
) -> tuple[bytes, list[str], list[str], int]:
    """The partners' part through what is kept, the ids, the partners written fresh and
    the count (`hashed`: each record hashed put there)."""
    made: list[str] = []

    def written(card: Any) -> tuple[bytes, str]:
        made.append(card.id)
        return _text(card)

    def hash_of(record: Any) -> str:
        if hashed is not None:
            hashed.append(record)
        return record_hash(record)

    counted, ids = Exported(), []
    body = b"".join(partners_body(board, cards, written, counted, ids, hash_of))
    return body, ids, made, counted.count


def _closed(board: Any, cards: list[Any]) -> None:
    """A store's close that wrote `board`'s file: the kept index carried to it."""
    store = SimpleNamespace(file=board.file, partners=SimpleNamespace(cards=lambda: cards))
    by_key = {card.id: card for card in cards}
    carry_texts(store, Remembered(board.digest, {id(c.record): record_hash(c.record)
                                                 for c in cards}),
                lambda key: _text(by_key[key]))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=BOARDS, changes=st.lists(CHANGES, max_size=6), small=st.booleans(),
       share=st.sampled_from([0, 1, 16, 1000]), closes=st.lists(st.booleans(), max_size=7),
       made_at_close=st.sampled_from([0, 1, 64]))
def test_every_export_is_the_partners_written_fresh(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
    first: dict[str, dict[str, Any]], changes: list[dict[str, Any]], small: bool,
    share: int, closes: list[bool], made_at_close: int,
) -> None:
    """A file, then any changes to it one after the other (records changed, partners
    added, removed, moved in the board's order), each file exported (twice), after a
    store's close that wrote it or not; MORE worn at any share (0: only when half the
    whole part is dead, 1000: at the first text made since it was written); the close
    making the changed partners' texts when they are at most any MADE_AT_CLOSE."""
    monkeypatch.setattr(kept_json_partners, "MADE_AT_CLOSE", made_at_close)
    boards = [first]
    for change in changes:
        board = {pid: r for pid, r in boards[-1].items() if change.get(pid, r) is not None}
        moved = [pid for pid, r in change.items() if r is not None]
        boards.append({**{p: r for p, r in board.items() if p not in moved},
                       **{pid: change[pid] for pid in moved}})  # changed ones moved last
    if small:  # chunks of a few bytes: kept stretches cut at every partner
        monkeypatch.setattr(kept_json_partners, "PIECE", 1)
    monkeypatch.setattr(kept_json_partners, "MORE_SHARE", share)
    file = tmp_path_factory.mktemp("db") / "partners.json"
    before: dict[str, Any] = {}
    for n, partners in enumerate(boards):
        board, cards = _board(file, partners)
        carried = n < len(closes) and closes[n]
        if carried:
            _closed(board, cards)
        hashed: list[Any] = []
        body, ids, made, count = _export(board, cards, hashed)
        assert body == _fresh(cards)
        assert ids == [card.id for card in cards] and count == len(cards)
        changed = {c.id for c in cards if before.get(c.id) != c.record}
        # The index carried, the changed partners' texts made by the close (a few) or
        # left out: the export makes only those, and hashes only those (to keep them).
        # (n > 0: a file exported before, kept even with no partner; `before` is {} then)
        by_close = carried and n > 0 and len(changed) <= kept_json_partners.MADE_AT_CLOSE
        assert set(made) == (set() if by_close else changed)
        if carried and n > 0:
            assert [id(r) for r in hashed] == [
                id(c.record) for c in cards if c.id in changed and not by_close]
        before = {c.id: c.record for c in cards}
        kept = KeptPartners.of_file(file)
        assert kept is not None and kept.file == board.digest and kept.count == len(cards)
        assert list(kept.entries) == [c.id for c in cards]  # the board's order (kept_whole)
        kept.close()
        again = _export(board, cards, hashed := [])  # the same file: every partner as kept
        assert again[0] == body and again[2] == [] and hashed == []


def test_a_change_writes_only_more_until_it_is_worn(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One partner changed at a time: its text goes to MORE (made by the store's close),
    the whole part (50 texts) is left as it is until MORE holds more than 1/MORE_SHARE
    of it."""
    monkeypatch.setattr(kept_json_partners, "MORE_SHARE", 10)
    partners = {f"p{n}": {"notes": "x" * 20} for n in range(50)}
    board, cards = _board(db_path, partners)
    _export(board, cards)
    whole = kept_file(db_path, KIND, PART)
    first = whole.read_bytes()
    written_again = []
    for n in range(11):
        partners[f"p{n}"] = {"notes": "y" * 20}
        board, cards = _board(db_path, partners)
        _closed(board, cards)
        body, _, made, _ = _export(board, cards)
        assert body == _fresh(cards) and made == []  # the close made it
        written_again.append(whole.read_bytes() != first)
        first = whole.read_bytes()
    # The whole part: ~50 texts; MORE worn past 5 of them (the close's text counted),
    # then written again, once.
    assert written_again.count(True) == 1 and not any(written_again[:5])
    assert kept_file(db_path, KIND, MORE).stat().st_size < len(first)


@pytest.mark.parametrize("damage", ["garbage", "another whole part", "cut", "entries"])
def test_a_damaged_more_file_is_not_read(db_path: Path, damage: str) -> None:
    """MORE damaged, or another whole part's: the whole part's own index is read (the
    texts made since are made again); an index of MORE whose entries do not add up:
    nothing kept."""
    partners = {f"p{n}": {"notes": f"n{n}"} for n in range(5)}
    board, cards = _board(db_path, partners)
    _export(board, cards)
    partners["p2"] = {"notes": "changed"}
    board, cards = _board(db_path, partners)
    _export(board, cards)
    more = kept_file(db_path, KIND, MORE)
    content = more.read_bytes()
    if damage == "garbage":
        more.write_bytes(b"\x00" * len(content))
    elif damage == "another whole part":
        more.write_bytes(content.replace(b'"whole":"', b'"whole":"0', 1))
    elif damage == "cut":
        more.write_bytes(content[:-5])
    else:  # an entry not of the index's shape
        more.write_bytes(content.replace(b'"p2":["', b'"p2":[9,"', 1))
    kept = KeptPartners.of_file(db_path)
    if damage == "entries":
        assert kept is None
    else:
        assert kept is not None and kept.file != board.digest  # the whole part's own index
        kept.close()
    body, _, made, _ = _export(board, cards)
    assert body == _fresh(cards)
    assert made == ([c.id for c in cards] if damage == "entries" else ["p2"])


def test_the_same_order_is_read_as_one_stretch(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board, cards = _board(db_path, {f"p{n}": {"notes": "x" * n} for n in range(50)})
    _export(board, cards)
    reads: list[int] = []
    real = KeptPartners.read

    def counting(self: KeptPartners, source: int, offset: int, length: int) -> bytes:
        reads.append(length)
        return real(self, source, offset, length)

    monkeypatch.setattr(KeptPartners, "read", counting)
    body, _, made, _ = _export(board, cards)
    assert body == _fresh(cards) and made == [] and len(reads) == 1


@pytest.mark.parametrize("damage", ["cut", "garbage", "offsets", "another program", "empty"])
def test_a_damaged_kept_file_is_nothing_kept(db_path: Path, damage: str) -> None:
    board, cards = _board(db_path, {f"p{n}": {"notes": f"n{n}"} for n in range(5)})
    _export(board, cards)
    kept = kept_file(db_path, KIND, PART)
    content = kept.read_bytes()
    if damage == "cut":
        kept.write_bytes(content[: len(content) // 2])
    elif damage == "garbage":
        kept.write_bytes(b"\x00" * len(content))
    elif damage == "offsets":  # the index says where the partners' part is not
        where = int(content[-kept_text_file.WHERE:])
        kept.write_bytes(content[:where] + content[where:-20].replace(b'",', b'",9', 1)
                         + content[-20:])
    elif damage == "another program":
        kept.write_bytes(content.replace(b'"key":"', b'"key":"x', 1))
    else:
        kept.write_bytes(b"")
    assert KeptPartners.of_file(db_path) is None
    body, _, made, _ = _export(board, cards)
    assert body == _fresh(cards) and made == [c.id for c in cards]
    assert KeptPartners.of_file(db_path) is not None  # made again


def test_a_link_or_pipe_in_place_of_the_kept_file_is_never_read(
    db_path: Path, tmp_path: Path
) -> None:
    board, cards = _board(db_path, {"p1": {"notes": "a"}})
    _export(board, cards)
    kept = kept_file(db_path, KIND, PART)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(kept.read_bytes())
    kept.unlink()
    kept.symlink_to(elsewhere)
    assert KeptPartners.of_file(db_path) is None
    kept.unlink()
    os.mkfifo(kept)
    assert KeptPartners.of_file(db_path) is None  # at once: never waits on the pipe
    kept.unlink()
    body, _, made, _ = _export(board, cards)
    assert body == _fresh(cards) and made == ["p1"]


def test_an_export_stopped_halfway_keeps_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_json_partners, "PIECE", 1)
    board, cards = _board(db_path, {f"p{n}": {"notes": f"n{n}"} for n in range(5)})
    body = partners_body(board, cards, _text, Exported(), [])
    next(body)
    body.close()
    assert not kept_file(db_path, KIND, PART).exists()
    assert [p.name for p in kept_file(db_path, KIND, PART).parent.iterdir()] == []


def test_the_separators_are_json_exports() -> None:
    assert (kept_json_partners.FIRST_PARTNER, kept_json_partners.NEXT_PARTNER) == (
        json_export.FIRST_PARTNER, json_export.NEXT_PARTNER)


DUMPS = st.lists(
    st.fixed_dictionaries({"id": st.text(max_size=5)}, optional={
        "notes": st.text(max_size=20),
        "tags": st.lists(st.text(max_size=5), max_size=3),
        "fit": st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
        "value": st.none() | st.integers() | st.floats(allow_nan=False),
    }),
    max_size=5,
)


@given(dumps=DUMPS)
def test_a_partners_text_is_its_part_of_a_batch(dumps: list[dict[str, Any]]) -> None:
    # The sections as the JSON export of a file gives them: text written once.
    dumps = [{k: json_export.written_in_partner(v) for k, v in d.items()} for d in dumps]
    batch = b"".join(json_export.batched_partners(dumps, []))
    one_by_one = b"".join(
        (json_export.NEXT_PARTNER if n else json_export.FIRST_PARTNER)
        + json_export.written_partner(dumped)
        for n, dumped in enumerate(dumps)
    )
    assert batch == one_by_one


@given(records=st.lists(RECORDS, max_size=6))
def test_record_hashes_remembered_are_record_hash(records: list[dict[str, Any]]) -> None:
    from partner_tui.speedups.known_valid import RecordHashes, record_hash

    hashes = RecordHashes()
    for _ in range(2):  # worked out, then remembered
        assert [hashes(r) for r in records] == [record_hash(r) for r in records]
    for record in records:  # a record changed in place is a new dict here: hashed anew
        fresh = {**record, "notes": "changed"}
        assert hashes(fresh) == record_hash(fresh)
