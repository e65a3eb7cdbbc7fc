"""exchange/json_records.record_json is model_dump(mode="json") of the validated model,
byte for byte (orjson keeps the key order), for arbitrary valid partners: as this program
writes them (always readable) and as a person may type them (readable, or refused so the
caller validates). The records are drawn from the models' own fields, so a field added to
a model is drawn here too."""

from __future__ import annotations

import enum
import types
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any, Union, get_args, get_origin

import orjson
import pytest
from annotated_types import Ge, Le, MaxLen, MinLen
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from partner_tui.domain.deals import Deal
from partner_tui.domain.partner import Partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.text_fields import clean_stored
from partner_tui.exchange.json_records import NotReadable, record_json
from partner_tui.store.records.stored_form import dump_deal, dump_partner

# Text as people and other programs write it: controls, bidi marks, tabs, line breaks.
_TEXT = st.text(alphabet=st.sampled_from("aZ é\t\n\r\x1b\u202e\u200b-+=@'\"\\☃"), max_size=12)
_NAME = st.text(alphabet=st.sampled_from("aZé \t\u202e"), min_size=1, max_size=12).filter(
    lambda s: any(c.isalpha() for c in s))
# Fields whose values follow a rule of their own (a normaliser), drawn from what it reads.
_SPECIAL: dict[str, st.SearchStrategy[Any]] = {
    "company": st.one_of(_NAME, st.sampled_from(["Acme", " Acme", "Acme\t", "A\u200bcme", "Acme."])),
    "customer": _NAME,
    # Addresses and web addresses kept as they are by their rule (read without it) and
    # not (around spaces, tabs, controls, upper-case domains, no scheme).
    "contact_email": st.sampled_from(
        ["jane@acme.io", " Jane@ACME.IO ", "", None, "a.b+c@x-y.co.uk", "jo\u202e@acme.io",
         "Jane@acme.io", "jane@Acme.io", "jane@acme.io ", "\tjane@acme.io", "jane@acme.io\x1b",
         "jo@x.1-2", "JO@X.IO"]),
    "website": st.sampled_from(["acme.com", "https://acme.io/x", " http://b.org ", "", None,
                                "https://Acme.io", "HTTPS://acme.io", "https://acme.io\t",
                                "https://acme.io/\u202e"]),
    "contact_linkedin": st.sampled_from(["linkedin.com/in/jane", "", None]),
    "steps": st.sampled_from(["", "20% x 12, 10% x 12", "20%x12,10%x6", "5% x 3"]),
    "tags": st.lists(st.sampled_from(["a", " a ", "b\t", "", "é"]), max_size=4),
    "id": st.text(alphabet="0123456789abcdef", min_size=6, max_size=12),
}
_ZONES = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))])


def _bounds(metadata: list[Any]) -> tuple[Any, Any]:
    low = next((m.ge for m in metadata if isinstance(m, Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, Le)), None)
    return low, high


def _flat(metadata: Any) -> list[Any]:
    """Constraints, also those inside a FieldInfo in an Annotated (Money's Field(...))."""
    out: list[Any] = []
    for item in metadata:
        out.append(item)
        out.extend(getattr(item, "metadata", ()) or ())
    return out


def _value(annotation: Any, metadata: list[Any], name: str) -> st.SearchStrategy[Any]:
    """Stored values (JSON) of a declared type, in the forms a valid file may hold."""
    if name in _SPECIAL:
        return _SPECIAL[name]
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _value(args[0], [*metadata, *_flat(args[1:])], name)
    if origin is Union or origin is types.UnionType:
        inner = [a for a in args if a is not type(None)]
        return st.one_of(st.none(), *(_value(a, metadata, name) for a in inner))
    if origin is list:
        return st.lists(_value(args[0], [], name), max_size=2)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _record(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from([member.value for member in annotation])
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low, high = _bounds(metadata)
        return st.integers(low if low is not None else -5, min(high or 50, 50))
    if annotation is float:
        return st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.integers(-5, 5),
                         st.sampled_from([-0.0, 0.0, True, "2.5"]))
    if annotation is Decimal:
        low, high = _bounds(metadata)
        top = min(high or 100_000, 100_000)
        amount = st.decimals(low or 0, top, places=2, allow_nan=False, allow_infinity=False)
        return st.one_of(amount.map(str), st.integers(low or 0, int(top)),
                         st.sampled_from(["1E+1", "12.5", "0", "3.10", "00.50", "0.5", "-0.00",
                                          "010.00", "1.50", "0.00", "+1.00", " 1.00"]))
    if annotation is date:
        days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
        return st.one_of(days.map(date.isoformat),
                         days.map(lambda d: f"{d.isoformat()}T00:00:00Z"))
    if annotation is datetime:
        moments = st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=_ZONES)
        utc = moments.map(lambda d: d.astimezone(UTC))
        return st.one_of(
            moments.map(datetime.isoformat),
            utc.map(lambda d: d.isoformat().replace("+00:00", "Z")),
            moments.map(lambda d: d.replace(microsecond=0).isoformat()),
            # As this program writes them, and near it: six places always (.000000 too),
            # lower-case, milliseconds, a space for the T, no seconds, "+00:00".
            utc.map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
            utc.map(lambda d: d.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
            utc.map(lambda d: d.isoformat().replace("+00:00", "Z").lower()),
            utc.map(lambda d: d.isoformat(timespec="milliseconds").replace("+00:00", "Z")),
            utc.map(lambda d: d.isoformat(sep=" ").replace("+00:00", "Z")),
            utc.map(lambda d: d.isoformat(timespec="minutes").replace("+00:00", "Z")),
            utc.map(datetime.isoformat),
        )
    if annotation is str:
        low = next((m.min_length for m in metadata if isinstance(m, MinLen)), 0)
        text = _TEXT if not low else _NAME
        high = next((m.max_length for m in metadata if isinstance(m, MaxLen)), None)
        return text if high is None else text.map(lambda s: s[:high])
    raise AssertionError(f"no strategy for {annotation!r} ({name}): add one")


def _record(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """A stored record of `model`: required fields always, the others sometimes."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        values = _value(info.annotation, _flat(info.metadata), name)
        (required if info.is_required() or name in ("created_at", "updated_at", "id")
         else optional)[name] = values
    return st.fixed_dictionaries(required, optional=optional)


def _validated(model: type[BaseModel], raw: dict[str, Any]) -> BaseModel:
    """The model as the store gives it: the record's text cleaned, then validated."""
    try:
        return model.model_validate(clean_stored(model, raw))
    except ValidationError:
        assume(False)
        raise


def _same(ours: object, theirs: object) -> None:
    assert orjson.dumps(ours) == orjson.dumps(theirs)


_SETTINGS = settings(max_examples=150, suppress_health_check=[HealthCheck.filter_too_much,
                                                               HealthCheck.too_slow])


@_SETTINGS
@given(typed=_record(Partner))
def test_a_partner_record_reads_as_its_models_dump(typed: dict[str, Any]) -> None:
    model = _validated(Partner, typed)
    expected = model.model_dump(mode="json")
    # As this program writes it: always read, never validated again.
    _same(record_json(Partner, dump_partner(model)), expected)
    # As a person may type it: the same dump, or refused (then validated instead).
    try:
        ours = record_json(Partner, typed)
    except NotReadable:
        return
    _same(ours, expected)


def test_what_only_validation_can_say_is_refused() -> None:
    """A value a default factory would make up, a key the model forbids, a wrong shape."""
    good = dump_partner(Partner(company="Acme"))
    assert record_json(Partner, good)["company"] == "Acme"
    for bad in (
        {k: v for k, v in good.items() if k != "id"},  # a new id each validation
        {**good, "unknown": 1},  # extra="forbid": not a record that passed
        {**good, "stage_history": {"stage": "prospect"}},  # not a list
        {**good, "potential_value": "twelve"},
        {**good, "stage_history": [{"stage": "prospect", "entered_at": "2026-01-01T00:00:00Z"}]},
    ):
        with pytest.raises(NotReadable):
            record_json(Partner, bad)


def test_minus_zero_is_read_as_written() -> None:
    """A value's JSON form is worked out once per value: -0.0 is not 0.0."""
    good = dump_partner(Partner(company="Acme"))
    for position in (0.0, -0.0, 0.0, True, 3):  # a flag or a whole number: as pydantic reads them
        raw = {**good, "position": position}
        _same(record_json(Partner, raw), Partner.model_validate(raw).model_dump(mode="json"))


def test_a_model_whose_validation_does_more_than_its_fields_is_refused() -> None:
    """A deal's model validator checks fields together: such a model is never read
    field by field (the export validates deals)."""
    deal = Deal(partner_id="p1", customer="Beta", registered_on=date(2026, 1, 5))
    with pytest.raises(NotReadable):
        record_json(Deal, dump_deal(deal))


def test_a_field_validator_is_run_as_the_model_runs_it() -> None:
    """A payment's period is spelled one way by its validator: read the same."""
    raw = {"id": "x1", "created_at": "2026-03-01T10:00:00Z", "updated_at": "2026-03-01T10:00Z",
           "partner_id": "p1", "period": "2026-02", "amount": "12.5", "paid_on": "2026-03-01"}
    _same(record_json(Payment, raw), Payment.model_validate(raw).model_dump(mode="json"))


def _leaves(model: type[BaseModel], seen: set[type] | None = None) -> list[tuple[str, Any, Any]]:
    """(name, declared type, field info) of every field of `model` and the models in it
    that json_records reads as a leaf (no nested model)."""
    from partner_tui.exchange.json_records import _nested

    seen = seen if seen is not None else set()
    seen.add(model)
    found = []
    for name, info in model.model_fields.items():
        inner = [a for a in (info.annotation, *get_args(info.annotation))
                 if isinstance(a, type) and issubclass(a, BaseModel)]
        if inner or _nested(info.annotation) is not None:
            for nested in inner:
                if nested not in seen:
                    found.extend(_leaves(nested, seen))
            continue
        declared = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        found.append((f"{model.__name__}.{name}", declared, info))
    return found


_LEAVES = [leaf for model in (Partner, Payment) for leaf in _leaves(model)]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_leaf_reads_as_pydantic_reads_and_writes_it(data: st.DataObject) -> None:
    """Each field's type, drawn in the forms a valid file may hold (its own JSON form, and
    near it): read (the stored form kept as it is when it is its own, else through
    pydantic) as pydantic validates and writes it. A new type of field, or a constraint
    or conversion added to one, is drawn here too."""
    from pydantic import TypeAdapter

    from partner_tui.exchange.json_records import _leaf

    name, declared, info = data.draw(st.sampled_from(_LEAVES))
    value = data.draw(_value(info.annotation, _flat(info.metadata), name.split(".")[1]))
    adapter = TypeAdapter(declared)
    try:
        expected = adapter.dump_python(adapter.validate_python(value), mode="json")
    except ValidationError:
        return  # not in a valid file
    for kept in (False, True):
        _same(_leaf(declared, kept)(value), expected)


_GIVEN_BACK_FIELDS = ("company", "contact_email", "website", "contact_linkedin")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_text_field_with_validators_reads_as_the_model_reads_it(data: st.DataObject) -> None:
    """The company, the address and the web addresses: read without their validators
    when the stored text is known to come back from them as it is, else through them."""
    from partner_tui.exchange.json_records import _plan

    name = data.draw(st.sampled_from(_GIVEN_BACK_FIELDS))
    value = data.draw(_SPECIAL.get(name, _SPECIAL["website"]))
    raw = {**dump_partner(Partner(company="Acme")), name: value}
    try:
        expected = Partner.model_validate(clean_stored(Partner, raw)).model_dump(mode="json")
    except ValidationError:
        return  # not in a valid file
    read = {field.name: field.read for field in _plan(Partner)}[name]
    _same(read(value), expected[name])


@_SETTINGS
@given(typed=_record(Partner))
def test_sections_written_once_are_the_same_text(typed: dict[str, Any]) -> None:
    """export --format json reads a partner with the sections it leaves at their default
    as their text, written once (json_export.written_in_partner): the document's text is
    the same as the dump's, by orjson and by the standard library's fallback."""
    from partner_tui.exchange import json_export
    from partner_tui.exchange.json_export import _items, written_in_partner
    from partner_tui.exchange.json_records import record_reader

    model = _validated(Partner, typed)
    expected = model.model_dump(mode="json")
    written = record_reader(Partner, written_in_partner)(dump_partner(model))
    assert _items([written, written]) == _items([expected, expected])
    # A value orjson refuses (an integer beyond 64 bits): the standard library writes it.
    odd = {**written, "position": 2**70}
    whole = json_export.json.dumps(
        {"partners": [{**expected, "position": 2**70}]}, indent=2, ensure_ascii=False)
    assert _items([odd]) == whole.encode()[len(json_export._HEAD):-len(json_export._TAIL)]
