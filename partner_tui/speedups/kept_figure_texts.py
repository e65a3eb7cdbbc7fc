"""Every partner's figures as the JSON export writes them, kept per partner as text cut
around the day's two values.

The JSON export ends with every partner's figures (`figures`, by id: PartnerFigures
.as_json, the shape `show --json` gives). Their month part is kept per partner
(speedups/kept_figures.py); making 10,000 figures from it and writing each one's JSON
was still a fifth of the export. A partner's figures' JSON is a function of its month
part and the day, and the day only gives `as_of` (the day itself) and `quiet_days`
(domain/quiet.quiet_of, from the month part's last touch and its stage's allowance), as
`list --json`'s kept entries are (speedups/list_cache.py). So each partner's text, at
its place in the document, is kept in the state folder (state_cache, kind
"json-figures") in three parts around those two values, by the month part it was made
from (10,000 partners with few deals share a few hundred): the next export fills in the
day's two values of every partner whose month part has a text, and makes the others
from their figures.
Deleting the kept file loses only time. tests/unit/speedups/test_kept_figure_texts.py
holds the text to the figures' JSON written fresh, any day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.speedups import kept_figures
from partner_tui.speedups.known_valid import record_hash
from partner_tui.speedups.state_cache import keep, read_kept

if TYPE_CHECKING:
    from partner_tui.speedups.file_board import FileStore
    from partner_tui.store.parts.payouts import Payouts

# Bump when what is kept changes within one release.
LAYOUT = 1
KIND = "json-figures"
# Stand-ins for the day's two values while a text is made (private-use characters,
# which orjson writes as they are): each found once in a partner's text, else the text
# is not cut (a stand-in in the data) and the figures are written as before.
_AS_OF, _QUIET = "\ue000as_of\ue000", "\ue000quiet_days\ue000"
_AS_OF_TEXT, _QUIET_TEXT = f'"{_AS_OF}"', f'"{_QUIET}"'
# A partner's place: its id at four spaces, its figures' fields at six.
_INDENT = "\n    "

# A kept text, by the month part it was made from (its JSON: 10,000 partners have a few
# hundred distinct month parts when few have deals): the text before as_of, between
# as_of and quiet_days, after quiet_days.
Text = list[str]


def stamp() -> str:
    return f"{kept_figures.stamp()}/{LAYOUT}"


def figures_text(
    store: FileStore,
    today: date,
    ids: Iterable[str],
    payouts: Payouts | None = None,
    hash_of: Callable[[Any], str] = record_hash,
) -> str | None:
    """The export's `figures` object (its members, each partner of `ids` that has
    figures, in that order, at their place in the document) as of `today`, for a whole
    file known valid (kept_figures.trusted); None when one of them cannot be written this
    way (the caller writes the figures as before). `hash_of`: record_hash, or the same
    remembered by the caller."""
    board = store.partners
    # Every part checked against this very file (the store's close that wrote it carried
    # them: kept_figures.carry_parts): taken as kept, the settings not read (their
    # models not imported), else each checked against its inputs or made.
    parts = kept_figures.kept_month_parts(board.file, board.digest, today, board.index.cards)
    if parts is None:
        parts = kept_figures.month_parts_as_of(store, today, payouts, hash_of)
    return _members(store.partners.file, parts, today, ids, make=True)


def kept_figures_text(
    file: Path, parts: dict[str, list[Any]], today: date, ids: Iterable[str]
) -> str | None:
    """figures_text's text from the partners' kept month `parts` (by id), when every one
    of their texts is kept; None when one is not (nothing is made or kept: the caller
    writes the export as before)."""
    return _members(file, parts, today, ids, make=False)


def _members(
    file: Path, parts: dict[str, list[Any]], today: date, ids: Iterable[str], make: bool
) -> str | None:
    kept = _load(file)
    used: dict[str, Text] = {}
    day = orjson.dumps(today.isoformat()).decode()
    quiet_known: dict[tuple[Any, Any], str] = {}
    members: list[str] = []
    try:
        for pid in ids:
            part = parts.get(pid)
            if part is None:
                continue
            which = orjson.dumps(part).decode()
            text = used.get(which) or kept.get(which)
            if text is None:
                if not make:
                    return None
                text = _made(part, today)
                if text is None:
                    return None
            used[which] = text
            before, between, after = text
            quiet = _quiet_days(part, today, quiet_known)
            name = orjson.dumps(pid).decode()
            members.append(f"    {name}: {before}{day}{between}{quiet}{after}")
    except (TypeError, ValueError, orjson.JSONEncodeError):
        return None
    if make and used.keys() != kept.keys():  # texts made, or no longer used
        keep(file, KIND, {"key": stamp(), "texts": used})
    if not members:
        return "{}"
    return "{\n" + ",\n".join(members) + "\n  }"


def _made(part: list[Any], today: date) -> Text | None:
    """The partner's figures' text made from its month part, cut around the day's two
    values; None for a part figures_on cannot read or a text that cannot be cut."""
    try:
        figures = kept_figures.figures_on(part, today).as_json()
        text = orjson.dumps(
            {**figures, "as_of": _AS_OF, "quiet_days": _QUIET}, option=orjson.OPT_INDENT_2
        ).decode()
    except (ValueError, TypeError, orjson.JSONEncodeError):
        return None
    text = text.replace("\n", _INDENT)
    if text.count(_AS_OF_TEXT) != 1 or text.count(_QUIET_TEXT) != 1:
        return None
    before, rest = text.split(_AS_OF_TEXT)
    if _QUIET_TEXT not in rest:
        return None
    between, after = rest.split(_QUIET_TEXT)
    return [before, between, after]


def _quiet_days(part: list[Any], today: date, known: kept_figures.QuietKnown) -> str:
    """The month part's quiet_days as of `today`, as written."""
    return kept_figures.quiet_days_text(part[10], part[13], today, known)


def _load(file: Any) -> dict[str, Text]:
    data = read_kept(file, KIND)
    if not isinstance(data, dict) or data.get("key") != stamp():
        return {}
    texts = data.get("texts")
    if not isinstance(texts, dict):
        return {}
    return {
        which: text for which, text in texts.items()
        if isinstance(text, list) and len(text) == 3 and all(isinstance(t, str) for t in text)
    }
