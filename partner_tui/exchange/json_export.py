"""The whole program as JSON: every partner record in full, plus templates, settings, the
deals registered, the payouts marked paid, and every partner's figures as of the export
(`figures`, by partner id: domain/partner_figures.py, the shape `show --json` gives).

Money stays an exact decimal string ("12500.00"), never a float, exactly as in the
data file, so a script reading this loses nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui import __version__
from partner_tui.exchange.export_order import export_order
from partner_tui.store.file.schema import SCHEMA_VERSION

if TYPE_CHECKING:  # (the models are the callers': a file known valid's export imports
    # only those it reads, the settings' and the templates', not the deals' or partners')
    from partner_tui.domain.deals import Deal
    from partner_tui.domain.partner import Partner
    from partner_tui.domain.partner_figures import PartnerFigures
    from partner_tui.domain.payments import Payment
    from partner_tui.domain.program import Settings
    from partner_tui.domain.templates import OutreachTemplate


def export_document(
    partners: Iterable[Partner],
    settings: Settings,
    templates: Iterable[OutreachTemplate],
    exported_at: datetime,
    deals: Iterable[Deal] = (),
    payments: Iterable[Payment] = (),
    figures: Mapping[str, PartnerFigures] | None = None,
) -> dict[str, Any]:
    ordered = export_order(partners)
    figures = figures or {}
    return {
        "exported_by": f"partner-tui {__version__}",
        "exported_at": exported_at.isoformat(),
        "schema_version": SCHEMA_VERSION,
        "settings": settings.model_dump(mode="json"),
        "templates": [t.model_dump(mode="json") for t in templates],
        "partners": [p.model_dump(mode="json") for p in ordered],
        "deals": [d.model_dump(mode="json") for d in deals],
        "payments": [p.model_dump(mode="json") for p in payments],
        "figures": {p.id: figures[p.id].as_json() for p in ordered if p.id in figures},
    }


def export_json(
    partners: Iterable[Partner],
    settings: Settings,
    templates: Iterable[OutreachTemplate],
    exported_at: datetime,
    deals: Iterable[Deal] = (),
    payments: Iterable[Payment] = (),
    figures: Mapping[str, PartnerFigures] | None = None,
) -> str:
    document = export_document(
        partners, settings, templates, exported_at, deals, payments, figures
    )
    try:
        # The same text as json.dumps(indent=2, ensure_ascii=False), about 15 times as
        # fast and without its pure-Python indenting encoder's memory.
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
    except orjson.JSONEncodeError:  # text orjson refuses (a lone surrogate): the slow way
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _indented(value: Any) -> str:
    """`value` as export_json writes it at the top level (orjson, else json.dumps)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, indent=2, ensure_ascii=False)


def json_chunks(
    ordered: Iterable[Partner],
    settings: Settings,
    templates: Iterable[OutreachTemplate],
    exported_at: datetime,
    deals: Iterable[Deal] = (),
    payments: Iterable[Payment] = (),
    figures: Mapping[str, PartnerFigures] | None = None,
) -> Iterator[str | bytes]:
    """export_json's text, a partner at a time (partners in the order given: the command
    line gives them in board order, one model at a time), so 10,000 partners' models and
    their dumps are never all in memory. tests/unit/exchange/test_json_export.py holds it
    to export_json's text."""
    return document_chunks(
        (partner.model_dump(mode="json") for partner in ordered),
        settings, templates, exported_at, deals, payments, figures,
    )


# Partners dumped at a time: a few hundred kilobytes of text.
PARTNERS_PER_CHUNK = 100
# How orjson indents a list of objects under one key: the partners' own place in the
# document (two spaces for the key, four for each partner), so no line is re-indented.
_HEAD, _TAIL = b'{\n  "partners": [\n    ', b"\n  ]\n}"


# A partner's fields' place in the document: six spaces in (the partners at four).
_FIELD_LINE = b"\n      "


def written_in_partner(value: Any) -> Any:
    """A partner's field's JSON form as document_chunks writes it: a section (an object
    or a list) as its text, indented for a partner's field's place, given to orjson as
    already written (orjson.Fragment, written as it is), so a section left at its default
    (most of a partner's text) is written once, not once per partner. The text is the
    same (tests/unit/exchange/test_json_records.py)."""
    if type(value) not in (dict, list) or not value:
        return value
    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # text orjson refuses: written with the partner
        return value
    written = orjson.Fragment(text.replace(b"\n", _FIELD_LINE))
    _SECTIONS[id(written)] = (written, value)
    return written


# Each section written_in_partner gave as text, by the text's id, with its value (for the
# standard library's fallback, which cannot write orjson's text); kept with it.
_SECTIONS: dict[int, tuple[orjson.Fragment, Any]] = {}


def _unwritten(value: Any) -> Any:
    """json.dumps' reading of a section written_in_partner gave as text: its value."""
    kept = _SECTIONS.get(id(value))
    if kept is None or kept[0] is not value:
        raise TypeError(f"{type(value).__name__} is not JSON")
    return kept[1]


def _items(batch: list[dict[str, Any]]) -> bytes:
    """The partners of `batch` as the document holds them, comma-separated, without
    the first one's indentation: UTF-8 bytes (60 MB at 10,000 partners, never decoded
    only to be encoded again)."""
    try:
        text = orjson.dumps({"partners": batch}, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # text orjson refuses (a lone surrogate, an integer
        # past 64 bits): each partner on its own, only that one as _indented's fallback,
        # so a partner's text is the same in any batch (written_partner: kept texts)
        if len(batch) > 1:
            return NEXT_PARTNER.join(_items([dumped]) for dumped in batch)
        text = json.dumps(
            {"partners": batch}, indent=2, ensure_ascii=False, default=_unwritten
        ).encode()
    return text[len(_HEAD):-len(_TAIL)]


def document_chunks(
    partners: Iterable[dict[str, Any]],
    settings: Settings,
    templates: Iterable[OutreachTemplate],
    exported_at: datetime,
    deals: Iterable[Deal] = (),
    payments: Iterable[Payment] = (),
    figures: Mapping[str, PartnerFigures] | None = None,
) -> Iterator[str | bytes]:
    """json_chunks' text (each partner's piece as UTF-8 bytes) from each partner's
    model_dump(mode="json") (a model's, or a stored record's read as one:
    exchange/json_records.py), in the order given."""
    ids: list[str] = []
    return written_document(
        batched_partners(partners, ids), ids, settings, templates, exported_at, deals,
        payments, figures,
    )


# Every partner's figures by id.
Figures = Mapping[str, "PartnerFigures"]

# What goes before a partner's text in the document: the first one, each one after.
FIRST_PARTNER, NEXT_PARTNER = b"\n    ", b",\n    "


def written_partner(dumped: dict[str, Any]) -> bytes:
    """One partner's text as the document holds it (written_document's body is the
    partners' texts, FIRST_PARTNER before the first, NEXT_PARTNER before each other):
    the same bytes as its part of a batch's (tests/unit/exchange/test_json_export.py)."""
    return _items([dumped])


def batched_partners(partners: Iterable[dict[str, Any]], ids: list[str]) -> Iterator[bytes]:
    """The partners' texts with what goes before each, PARTNERS_PER_CHUNK at a time,
    each partner's id put in `ids` as it comes."""
    batch: list[dict[str, Any]] = []
    for dumped in partners:
        batch.append(dumped)
        ids.append(dumped["id"])
        if len(batch) == PARTNERS_PER_CHUNK:
            # The separator apart: joined, the batch's text was copied once more.
            yield NEXT_PARTNER if len(ids) > len(batch) else FIRST_PARTNER
            yield _items(batch)
            batch.clear()
    if batch:
        yield NEXT_PARTNER if len(ids) > len(batch) else FIRST_PARTNER
        yield _items(batch)


def document_head(settings: Any, templates: list[Any], exported_at: datetime) -> str:
    """The document's first piece, up to its partners: from the settings' and the
    templates' JSON forms (model_dump(mode="json"))."""
    head = _indented({
        "exported_by": f"partner-tui {__version__}",
        "exported_at": exported_at.isoformat(),
        "schema_version": SCHEMA_VERSION,
        "settings": settings,
        "templates": templates,
    })
    return head[: -len("\n}")] + ',\n  "partners": ['


def instant_json(moment: datetime) -> str:
    """An instant's JSON form as the models write it (model_dump(mode="json")): its ISO
    form, UTC written "Z" (tests/unit/cli/test_kept_json_export.py holds it to theirs)."""
    text = moment.isoformat()
    return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text


def written_document(
    body: Iterable[bytes],
    ids: list[str],
    settings: Settings,
    templates: Iterable[OutreachTemplate],
    exported_at: datetime,
    deals: Iterable[Deal] = (),
    payments: Iterable[Payment] = (),
    figures: Figures | Callable[[], Figures] | None = None,
    figures_text: Callable[[list[str]], str | None] | None = None,
    written_around: Callable[[Any, list[Any], str], None] | None = None,
    head: tuple[Any, list[Any]] | None = None,
) -> Iterator[str | bytes]:
    """The document around `body`: the partners' texts, each after what goes before it
    (FIRST_PARTNER, NEXT_PARTNER), in pieces of any size; `ids`: the partners' ids in
    that order, whole once `body` is (the figures follow them). `figures_text(ids)`:
    the `figures` object's text at its place, written instead of `figures` (which may
    be a function making them, called only when figures_text gives None).
    `written_around(settings, templates, tail)`, when the figures were written by
    figures_text: the settings' and the templates' JSON forms and the document's last
    piece up to the figures' text (what an unchanged file's next export writes again:
    speedups/kept_json_export.py). `head`: the settings' and the templates' JSON forms
    made already (kept_json_export.kept_head), written instead of `settings` and
    `templates` (then not read)."""
    if head is not None:
        settings_json, templates_json = head
    else:
        settings_json = settings.model_dump(mode="json")
        templates_json = [t.model_dump(mode="json") for t in templates]
    yield document_head(settings_json, templates_json, exported_at)
    yield from body
    yield "\n  ]" if ids else "]"
    written = figures_text(ids) if figures_text is not None else None
    if written is not None:
        figures = {}
    elif figures is None:
        figures = {}
    elif callable(figures):
        figures = figures()
    tail = _indented({
        "deals": [d.model_dump(mode="json") for d in deals],
        "payments": [p.model_dump(mode="json") for p in payments],
        "figures": {i: figures[i].as_json() for i in ids if i in figures},
    })
    if written is not None:  # its place: '"figures": {}' at the end
        if written_around is not None:
            written_around(settings_json, templates_json, "," + tail[len("{"): -len("{}\n}")])
        tail = tail[: -len("{}\n}")] + written + "\n}"
    yield "," + tail[len("{"):] + "\n"
