"""The JSON export of an unchanged file, written from what is kept for it alone.

An export of a file whose partners' texts and figures are all kept still read and parsed
the whole 23 MB file and made its cards (only to learn the board's order and vouch for
the file) and imported pydantic with the settings' and templates' models (only to write
the document's head): about 0.17 s of the 0.45 s it took. When the file's stamp vouches
that it is the very file known valid (known_valid.vouched_digest: it was hashed under
that stamp) and an export of that very file left everything the document needs, the
document is written from the state folder alone, the data file never read:

- the partners' part, as kept (speedups/kept_json_partners.kept_whole: every partner's
  text, in that file's board order, with their ids);
- every partner's figures from their month parts kept for that file
  (kept_figures.kept_month_parts) and those parts' kept texts
  (kept_figure_texts.kept_figures_text), the day's two values filled in;
- the rest as that export wrote it (kept here, state_cache kind "json-document", under
  program_stamp() and the file's digest): the settings' and the templates' JSON forms
  (the head is written from them with this export's time, which is also the playbook's
  template's when the file has none of its own: each export makes it anew), and the
  deals and payments as written, up to the figures.

The settings' and templates' JSON forms are a function of those two tables' records
alone (and of the program): kept with the hash of those records (`tables_key`), so the
export of a changed file whose two tables are the same as the kept document's (after
`log` or `move`: only partners changed) takes them from here (kept_head) instead of
validating the settings and making the playbook's template, whose model pydantic builds
on its first use (about 50 ms at every such export).

Everything written was made from the file known valid with that digest, so nothing is
exported that was not validated (the kept texts were made from a validated file). Any
part missing, another program's or another file's, or damaged means nothing is taken
from here: the export reads the file as before. Deleting the state folder loses only
time. tests/unit/cli/test_kept_json_export.py holds this export to the store's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from partner_tui.speedups.state_cache import keep, program_stamp, read_kept

# Bump when what is kept changes within one release.
LAYOUT = 2
KIND = "json-document"


def key() -> str:
    return f"{program_stamp()}/{LAYOUT}"


def tables_key(data: dict[str, Any]) -> str | None:
    """The hash of a file's settings' and templates' records (`data`: the file's
    tables), which their JSON forms are made from; None when they cannot be hashed."""
    from partner_tui.speedups.known_valid import record_hash

    try:
        return record_hash({"settings": data.get("settings"), "templates": data.get("templates")})
    except (TypeError, ValueError):  # orjson's refusals (an integer past 64 bits)
        return None


def keep_document(
    file: Path, digest: str, settings: Any, templates: list[Any], made_now: bool, tail: str,
    tables: str | None,
) -> None:
    """Keep what an export of the file known valid with `digest` wrote around its
    partners and figures: the settings' and templates' JSON forms (`made_now`: the first,
    the playbook's, was made by the export, with its time) with `tables`, the tables_key
    they were made from, and `tail`, its last piece up to the figures' text. Best effort."""
    if made_now and not (templates and templates[0].get("created_at") is not None):
        return
    keep(file, KIND, {
        "key": key(), "file": digest, "settings": settings, "templates": templates,
        "made_now": made_now, "tail": tail, "tables": tables,
    })


def kept_head(
    file: Path, tables: str | None, exported_at: datetime
) -> tuple[Any, list[Any], bool] | None:
    """The settings' and templates' JSON forms of a file known valid whose tables_key is
    `tables`, as the last export of a file with those very records made them (the
    playbook's template, when made by that export, given `exported_at` as its times),
    with made_now; None when none is kept for them."""
    if tables is None:
        return None
    data: Any = read_kept(file, KIND)
    if not isinstance(data, dict) or data.get("tables") != tables:
        return None
    around = _checked(data)
    if around is None:
        return None
    settings, templates, made_now, _ = around
    return settings, _timed(templates, made_now, exported_at), made_now


def _timed(templates: list[Any], made_now: bool, exported_at: datetime) -> list[Any]:
    """The templates with the playbook's, when the export makes it, made at
    `exported_at` (each export makes it with its time)."""
    if made_now:
        from partner_tui.exchange.json_export import instant_json

        when = instant_json(exported_at)
        templates[0] = {**templates[0], "created_at": when, "updated_at": when}
    return templates


def kept_json_chunks(
    file: Path, digest: str, today: date, exported_at: datetime, ids: list[str]
) -> Iterator[str | bytes] | None:
    """The JSON export's pieces (as json_chunks_of_file gives them) of the file known
    valid with `digest` as of `today`, made at `exported_at`, from what is kept for that
    very file; None when any part is not kept (nothing was read of the partners' texts
    but their index). `ids`: each partner's id, in order."""
    from partner_tui.exchange.json_export import document_head
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
    settings, templates, made_now, tail = around
    head = document_head(settings, _timed(templates, made_now, exported_at), exported_at)
    return _document(head, kept_chunks(kept), bool(ids), tail + figures + "\n}\n")


def _document(
    head: str, body: Iterator[bytes], any_partner: bool, tail: str
) -> Iterator[str | bytes]:
    yield head
    yield from body
    yield "\n  ]" if any_partner else "]"
    yield tail


def _kept_document(file: Path, digest: str) -> tuple[Any, list[Any], bool, str] | None:
    data: Any = read_kept(file, KIND)
    if not isinstance(data, dict) or data.get("file") != digest:
        return None
    return _checked(data)


def _checked(data: dict[str, Any]) -> tuple[Any, list[Any], bool, str] | None:
    if data.get("key") != key():
        return None
    settings, templates = data.get("settings"), data.get("templates")
    made_now, tail = data.get("made_now"), data.get("tail")
    if not (isinstance(templates, list) and type(made_now) is bool and isinstance(tail, str)):
        return None
    if made_now and not (templates and isinstance(templates[0], dict)):
        return None
    return settings, templates, made_now, tail
