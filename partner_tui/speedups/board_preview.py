"""The board's first screen, remembered from the last session, so the next start paints
without reading the whole file.

Reading 10,000 partners (22 MB of JSON) takes longer than Textual takes to start, and the
first screen shows at most a few dozen cards. So when a store closes it keeps, in the state
folder, the top cards of each column (only the fields a card draws), each column's count
and the targets, stamped with the data file's size and modification time. The next start
paints that at once and reads the file right after the first paint (see StoreSession);
until then every key waits for the real data. If the file changed since (another writer,
`git pull`), the read shows the change as it shows any other writer's: the board redraws,
the focus stays on its partner. The stamp tells whether it did (still_shows).

It is only an accelerator, like known_valid.py: a missing, stale or damaged preview just
means the file is read before the first paint. Nothing here imports pydantic (a store is
only ever passed in, to remember_board, by a closing store).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from partner_tui.domain.safe_text import clean_line
from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.speedups.state_cache import keep, program_stamp, read_kept
from partner_tui.store.records.cards import PartnerCard

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

# Cards kept per column: more than a 300-row terminal shows (a card takes four rows).
CARDS_KEPT = 80
# How many bytes at each end of a changed file are looked at before painting from a preview.
EDGE = 64
# Bump when what is kept changes shape.
PREVIEW_FORMAT = 1
COLUMNS = (*PIPELINE, Stage.ARCHIVED)
_BLANK = PartnerCard({})

KIND = "preview"  # state/preview/


def _stamp() -> str:
    return f"{program_stamp()}/{PREVIEW_FORMAT}"


def _file_key(path: Path) -> list[int] | None:
    """Size and modification time, not the inode: a copy made with `cp -p` (or a restore
    from a backup) of the same bytes is the same board."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class PreviewColumn(Sequence[PartnerCard]):
    """A column as long as the real one, holding only its top cards: the scrollbar and
    the counts are right, and nothing below the first screen is drawn before the file is
    read. (A card past the kept ones reads as blank.)"""

    def __init__(self, cards: list[PartnerCard], count: int) -> None:
        self._cards = cards
        self._count = max(count, len(cards))

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> PartnerCard: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[PartnerCard]: ...
    def __getitem__(self, index: int | slice) -> PartnerCard | Sequence[PartnerCard]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._cards[index] if index < len(self._cards) else _BLANK

    def __iter__(self) -> Iterator[PartnerCard]:
        yield from self._cards
        for _ in range(self._count - len(self._cards)):
            yield _BLANK


@dataclass(frozen=True)
class BoardPreview:
    columns: dict[Stage, PreviewColumn]
    targets: dict[Stage, int]
    currency: str
    file_key: tuple[int, int]  # the data file's size and modification time it shows

    def still_shows(self, db_path: Path) -> bool:
        """Whether the file is still the one this preview shows (see PartnerApp)."""
        key = _file_key(db_path)
        return key is not None and tuple(key) == self.file_key


def read_preview(db_path: Path) -> BoardPreview | None:
    """The last session's first screen of `db_path` (the file may have changed since)."""
    key = _file_key(db_path)
    if key is None:
        return None
    data = read_kept(db_path, KIND)
    try:
        if data["stamp"] != _stamp():
            return None
        shown = data["file"]
        columns = {}
        for stage in COLUMNS:
            entry = data["columns"][stage.value]
            cards = [PartnerCard(raw) for raw in entry["cards"] if isinstance(raw, dict)]
            columns[stage] = PreviewColumn(cards, int(entry["count"]))
        targets = {stage: int(data["targets"][stage.value]) for stage in PIPELINE}
        currency = data["currency"]
        if not isinstance(currency, str):
            return None
        currency = clean_line(currency)  # kept by an older version, maybe not cleaned
    except (KeyError, TypeError, ValueError, AttributeError):  # damaged, or none kept
        return None
    preview = BoardPreview(columns, targets, currency, (int(shown[0]), int(shown[1])))
    if not preview.still_shows(db_path) and not _looks_whole(db_path):
        return None  # read first: its one-line error, never a board that appears and vanishes
    return preview


def _looks_whole(path: Path) -> bool:
    """Whether a file changed since the preview still looks like one whole JSON object
    (its first and last bytes: cheap). A truncated or emptied file, the usual damage, is
    then read and reported before anything is drawn."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size < 2:
            return False
        with open(path, "rb") as fh:
            head = fh.read(EDGE).lstrip()
            fh.seek(max(0, st.st_size - EDGE))
            tail = fh.read(EDGE).rstrip()
    except OSError:
        return False
    return head.startswith(b"{") and tail.endswith(b"}")


def write_preview(
    db_path: Path,
    columns: dict[Stage, list[PartnerCard]],
    targets: dict[Stage, int],
    currency: str,
) -> None:
    """Best effort (called when a store closes, the file as it is on disk now)."""
    key = _file_key(db_path)
    if key is None:
        return
    data: dict[str, Any] = {
        "stamp": _stamp(),
        "file": key,
        "targets": {stage.value: targets.get(stage, 0) for stage in PIPELINE},
        "currency": currency,
        "columns": {
            stage.value: {
                "count": len(columns[stage]),
                "cards": [card.drawn_fields() for card in columns[stage][:CARDS_KEPT]],
            }
            for stage in COLUMNS
        },
    }
    keep(db_path, KIND, data)


def remember_board(store: PartnerStore) -> None:
    """As a store closes: keep the board's first screen for the next start, if what the
    store holds is exactly what is on disk and its records have passed their check (no
    preview of an unchecked file)."""
    if not store.records_checked or not store.matches_disk():
        return
    settings = store.program.settings()
    targets = {stage: settings.targets.for_stage(stage) for stage in PIPELINE}
    write_preview(store.file, store.partners.board_cards(), targets, settings.currency_symbol)
