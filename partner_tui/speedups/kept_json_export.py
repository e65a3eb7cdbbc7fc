"""The JSON export of an unchanged file, written from what is kept for it alone.

An export of a file whose partners' texts and figures are all kept still read and parsed
the whole 23 MB file and made its cards (only to learn the board's order and vouch for
the file) and imported pydantic with the settings' and templates' models (only to write
the document's head): about 0.17 s of the 0.45 s it took. When the file's stamp vouches
that it is the very file known valid (file_board.vouched_digest: it was hashed under
that stamp) and an export of that very file left everything the document needs, the
document is written from the state folder alone, the data file never read:

- the partners' part, as kept (speedups/kept_json_partners.kept_whole: every partner's
  text, in that file's board order, with their ids);
- every partner's figures from their month parts kept for that file
  (kept_figures.kept_month_parts) and those parts' kept texts
  (kept_figure_texts.kept_figures_text), the day's two values filled in;
- the rest as that export wrote it (kept here, state_cache kind "json-document", under
  program_stamp() and the file's digest): the head (the program, the settings and the
  templates) cut around its `exported_at`, filled in with this export's time, and the
  deals and payments up to the figures.

Everything written was made from the file known valid with that digest, so nothing is
exported that was not validated (the kept texts were made from a validated file). Any
part missing, another program's or another file's, or damaged means nothing is taken
from here: the export reads the file as before. Deleting the state folder loses only
time. tests/unit/speedups/test_kept_json_export.py holds this export to the store's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from partner_tui.speedups.state_cache import keep, program_stamp, read_kept

# Bump when what is kept changes within one release.
LAYOUT = 1
KIND = "json-document"
# Where a document's time is in its head: its second member, at the top level.
_EXPORTED_AT = '\n  "exported_at": '


def key() -> str:
    return f"{program_stamp()}/{LAYOUT}"


def keep_document(file: Path, digest: str, exported_at: datetime, head: str, tail: str) -> None:
    """Keep what an export of the file known valid with `digest` wrote around its
    partners and figures: `head`, its first piece (made with `exported_at`), and `tail`,
    its last up to the figures' text. Best effort."""
    time = orjson.dumps(exported_at.isoformat()).decode()
    at = head.find(_EXPORTED_AT + time)
    if at < 0:
        return
    cut = at + len(_EXPORTED_AT)
    keep(file, KIND, {
        "key": key(), "file": digest,
        "head": [head[:cut], head[cut + len(time):]], "tail": tail,
    })


def kept_json_chunks(
    file: Path, digest: str, today: date, exported_at: datetime, ids: list[str]
) -> Iterator[str | bytes] | None:
    """The JSON export's pieces (as json_chunks_of_file gives them) of the file known
    valid with `digest` as of `today`, made at `exported_at`, from what is kept for that
    very file; None when any part is not kept (nothing was read of the partners' texts
    but their index). `ids`: each partner's id, in order."""
    from partner_tui.speedups.kept_figure_texts import kept_figures_text
    from partner_tui.speedups.kept_figures import kept_month_parts
    from partner_tui.speedups.kept_json_partners import kept_chunks, kept_whole

    around = _kept_document(file, digest)
    if around is None:
        return None
    kept = kept_whole(file, digest)
    if kept is None:
        return None
    try:
        entries = kept.entries
        parts = kept_month_parts(file, digest, today, entries)
        ids.extend(entry[3] for entry in entries.values())
        figures = kept_figures_text(file, parts, today, ids) if parts is not None else None
    except BaseException:
        kept.close()
        raise
    if figures is None:
        kept.close()
        return None
    (before, after), tail = around
    head = before + orjson.dumps(exported_at.isoformat()).decode() + after
    return _document(head, kept_chunks(kept), bool(ids), tail + figures + "\n}\n")


def _document(head: str, body: Iterator[bytes], any_partner: bool, tail: str) -> Iterator[str | bytes]:
    yield head
    yield from body
    yield "\n  ]" if any_partner else "]"
    yield tail


def _kept_document(file: Path, digest: str) -> tuple[list[str], str] | None:
    data: Any = read_kept(file, KIND)
    if not isinstance(data, dict) or data.get("key") != key() or data.get("file") != digest:
        return None
    head, tail = data.get("head"), data.get("tail")
    if not (isinstance(head, list) and len(head) == 2 and all(isinstance(h, str) for h in head)
            and isinstance(tail, str)):
        return None
    return head, tail
