"""model_dump(mode="json") of a stored record, without building its model.

`export --format json` writes every partner's whole model: every field, defaults
included. The file keeps records compact (store/records/stored_form.py leaves out what
is at its default, nested models included), so the export used to validate each partner
into its model only to dump it again: about 0.2 ms a partner, two seconds at 10,000.

A file known valid as a whole (speedups/file_board.py) holds records that each passed
validation once. This reads such a record straight into the model's JSON form, through
the model's own pieces, never a copy of them:

- the fields in the model's order (model_dump's), each one the record leaves out at the
  JSON form of its default (a nested model's: its own fields' defaults);
- each value the record holds through the field's own validation and serialisation
  (pydantic's TypeAdapter of the field's declared type, its text rule included), then
  the model's field validators (the company's strip, the address and web address
  normalisers, the tags' and steps' one spelling), called as the model calls them;
- nested models and lists of them the same way, field by field.

What this does per value is kept small, for 10,000 records read in one export: a stored
value that is its own JSON form is kept as it is, as pydantic's schema of its type says
(an instant written with "Z", a day, an amount in cents, a stage, a float: `_own_form`),
and so is a text the model's validators are known to give back unchanged (printable
ASCII that passed the address, web address or company rule: `_given_back`); anything
else goes through the rules above. Each is held to pydantic's reading by a test.

A record this cannot read as the model would (a value a default factory would make up, a
model with a validator of a kind not read here, a value of a wrong shape) raises
NotReadable, and the caller validates it instead. tests/unit/exchange/test_json_records.py
holds record_json equal to model_dump(mode="json") of the validated model, byte for byte,
over arbitrary valid partners as this program writes them and as a person may type them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter
from pydantic_core import PydanticUndefined

from partner_tui.domain.email import is_checked
from partner_tui.domain.money import cents
from partner_tui.domain.safe_text import clean_line, plain_line
from partner_tui.domain.text_fields import text_plan
from partner_tui.domain.web_domain import is_normal_url

# A field the record leaves out whose default only a factory makes (a new id, now).
_MADE_UP = object()
# Values of these types repeat across records (flags, stages, days, instants): the
# JSON form of each is worked out once per field.
# Not floats: -0.0 equals 0.0 as a key, and each is written as it is.
_KEPT_TYPES = (bool, int, str)
_KEPT_MOST = 200_000


class NotReadable(ValueError):
    """A record this reader cannot vouch for: validate it instead."""


Reader = Callable[[Any], Any]


@dataclass(frozen=True)
class _Field:
    name: str
    read: Reader  # a stored value -> its JSON form (NotReadable when it cannot tell)
    default: Any  # the JSON form of the default, or _MADE_UP


def record_json(model: type[BaseModel], raw: object) -> dict[str, Any]:
    """`model.model_validate(raw).model_dump(mode="json")` for a record known valid,
    without the model; NotReadable when only validation can say. What it returns shares
    its defaults' objects with every other result: write it out, never change it."""
    return _model_reader(model)(raw)


def record_reader(model: type[BaseModel], written: Callable[[Any], Any]) -> Reader:
    """record_json of `model`'s records, with each field a record leaves out given as
    `written(its JSON form)`, worked out once (a document writer's form of a value it
    writes the same for every record: its text, written once)."""
    return _model_reader(model, written)


@functools.cache
def _model_reader(model: type[BaseModel], written: Callable[[Any], Any] | None = None) -> Reader:
    fields = _plan(model)
    readers = {field.name: field.read for field in fields}
    # The model's whole dump at its defaults, in its order: a record's values are put in
    # their places in a copy (a dict keeps a key's place when its value is replaced).
    template = {field.name: field.default for field in fields}
    if written is not None:
        template = {
            name: default if default is _MADE_UP else written(default)
            for name, default in template.items()
        }
    made_up = frozenset(field.name for field in fields if field.default is _MADE_UP)

    def read(raw: object) -> dict[str, Any]:
        if type(raw) is not dict:
            raise NotReadable(model.__name__)
        if not made_up <= raw.keys():
            raise NotReadable(", ".join(sorted(made_up - raw.keys())))
        out = template.copy()
        for name, value in raw.items():
            try:
                reader = readers[name]
            except KeyError:  # extra="forbid": not a record that passed validation
                raise NotReadable(name) from None
            out[name] = reader(value)
        return out

    return read


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[_Field, ...]:
    """How each field of `model` is read, in the model's order; NotReadable for a model
    whose validation does more than its fields' (a model validator, a computed field)."""
    decorators = model.__pydantic_decorators__
    if decorators.model_validators or decorators.model_serializers or decorators.field_serializers:
        raise NotReadable(model.__name__)
    if model.model_computed_fields or model.model_config.get("extra") != "forbid":
        raise NotReadable(model.__name__)
    before: dict[str, list[Callable[[Any], Any]]] = {}
    after: dict[str, list[Callable[[Any], Any]]] = {}
    for validator in decorators.field_validators.values():
        mode = validator.info.mode
        if mode not in ("before", "after"):
            raise NotReadable(model.__name__)
        bound = validator.func  # the classmethod bound to the model, as the model calls it
        for name in validator.info.fields:
            (before if mode == "before" else after).setdefault(name, []).append(bound)
    texts = text_plan(model)
    defaults = _defaults(model)
    # Text is read by its rule directly unless the model's config changes how a str
    # validates (str_strip_whitespace and the like): then pydantic reads it.
    plain_str = any(key.startswith("str_") for key in model.model_config)
    plan = []
    for name, info in model.model_fields.items():
        declared: Any = info.annotation
        if info.metadata:
            declared = Annotated[(declared, *info.metadata)]
        nested = _nested(info.annotation)
        checks = before.get(name, ()), after.get(name, ())
        if nested is not None:
            read = _with_validators(nested, declared, *checks)
        elif callable(texts.get(name)) and not plain_str:
            read = _text(texts[name], _admits_none(info.annotation), *checks)
            kept_as_is = _as_is(texts[name], *checks)
            if kept_as_is is not None:
                read = _or_as_is(kept_as_is, read)
        else:
            read = _with_validators(_leaf(declared, kept=name not in texts), declared, *checks)
        plan.append(_Field(name, read, defaults.get(name, _MADE_UP)))
    return tuple(plan)


def _nested(annotation: Any) -> Reader | None:
    """The reader of a nested model or a list of them, else None (a leaf)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_reader(annotation)
    origin = getattr(annotation, "__origin__", None)
    args = getattr(annotation, "__args__", ())
    if origin is list and len(args) == 1:
        inner = args[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            item = _model_reader(inner)

            def items(value: object) -> list[Any]:
                if type(value) is not list:
                    raise NotReadable(inner.__name__)
                return [item(one) for one in value]

            return items
    return None


def _admits_none(annotation: Any) -> bool:
    return annotation is None or type(None) in getattr(annotation, "__args__", ())


def _text(clean: Callable[[str], str], optional: bool, before: Any, after: Any) -> Reader:
    """A text field (SingleLine, MultiLine, optional or not) as pydantic reads it: the
    model's "before" validators, the text rule (the type's own BeforeValidator), str,
    then its "after" validators; without pydantic's call overhead (this runs for every
    text of every record). Its constraints (lengths) held when the record was validated."""
    if not before and not after:  # most text fields: only the text rule
        if optional:

            def read_optional(value: Any) -> Any:
                if type(value) is str:
                    return clean(value)
                if value is None:
                    return None
                raise NotReadable("text")

            return read_optional

        def read_plain(value: Any) -> Any:
            if type(value) is str:
                return clean(value)
            raise NotReadable("text")

        return read_plain

    def read(value: Any) -> Any:
        try:
            for validator in before:
                value = validator(value)
            if type(value) is str:
                value = clean(value)
            elif value is not None or not optional:
                raise NotReadable("text")
            for validator in after:
                value = validator(value)
        except ValueError:
            raise NotReadable("text") from None
        if type(value) is not str and value is not None:
            raise NotReadable("text")
        return value

    return read


def _as_is(clean: Callable[[str], str], before: Any, after: Any) -> Callable[[str], bool] | None:
    """For a single-line text field with the model's validators: whether a stored value
    comes back from them all as it is (printable ASCII, which the text rule keeps, and a
    value each validator is known to give back unchanged); None when one of them has no
    such known values."""
    if clean is not clean_line or not (before or after):
        return None
    given_back = _given_back()
    checks = [given_back.get(getattr(v, "__func__", v)) for v in (*before, *after)]
    if not all(checks):
        return None
    if len(checks) == 1:  # every such field of the models (this runs for each record)
        check = checks[0]
        return lambda value: plain_line(value) and check(value)  # type: ignore[misc]
    return lambda value: plain_line(value) and all(c(value) for c in checks)  # type: ignore[misc]


def _or_as_is(as_is: Callable[[str], bool], read: Reader) -> Reader:
    def read_as_is(value: Any) -> Any:
        if type(value) is str and as_is(value):
            return value
        return read(value)

    return read_as_is


def _stripped(text: str) -> bool:
    """str.strip gives printable ASCII `text` back as it is (only a space is whitespace)."""
    return text[:1] != " " and text[-1:] != " "


@functools.cache
def _given_back() -> dict[Callable[..., Any], Callable[[str], bool]]:
    """The models' validators of text that give some values back as they are, each with
    which (for printable ASCII that passed it: the file was validated), by function:
    tests/unit/exchange/test_json_records.py holds each to the validator. A validator
    not here is always run."""
    from partner_tui.domain.partner import Partner

    return {
        Partner._email.__func__: is_checked,  # type: ignore[attr-defined]
        Partner._url.__func__: is_normal_url,  # type: ignore[attr-defined]
        Partner._company_not_blank.__func__: _stripped,  # type: ignore[attr-defined]
    }


def _leaf(declared: Any, kept: bool) -> Reader:
    """A value of the field's declared type through its own validation and JSON form.
    kept: a value that repeats (not free text) is worked out once."""
    validate, dump = _core(declared)

    def read(value: object) -> Any:
        try:
            return dump(validate(value), mode="json")
        except ValueError:  # pydantic's ValidationError: not a value a valid record holds
            raise NotReadable(repr(declared)) from None

    slow = _kept(declared, read) if kept else read
    # The common case (an instant, a day, an amount, a stage as this program writes
    # them): the stored value is its own JSON form. Known on first use (a field never in
    # a record costs no schema); anything else is read as before.
    own: list[Any] = [_UNKNOWN]

    def read_own(value: object) -> Any:
        check = own[0]
        if check is _UNKNOWN:
            check = own[0] = _own_form(declared)
        if check is not None and check(value):
            return value
        return slow(value)

    return read_own


_UNKNOWN = object()


def _kept(declared: Any, read: Reader) -> Reader:
    """`read`, each value's JSON form worked out once (values of a type that repeats)."""
    known = _known(declared)

    def read_kept(value: object) -> Any:
        kind = type(value)
        if kind not in _KEPT_TYPES and value is not None:
            return read(value)
        key = (kind, value)
        found = known.get(key, _MADE_UP)
        if found is _MADE_UP:
            if len(known) > _KEPT_MOST:
                known.clear()
            found = known[key] = read(value)
        return found

    return read_kept


# Stored forms that are their own JSON form (read as pydantic reads them, then written as
# it writes them, they come back unchanged), by pydantic's schema of the type (ASCII
# digits only; matched at twice the speed):
# - an instant in UTC, written with "Z" and no or six places of its second (not
#   .000000, which is written without them);
_OWN_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(?!000000)\d{6})?Z", re.ASCII)
# - a day;
_OWN_DAY = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
# - an amount in cents (domain/money.cents), as its Decimal writes it: no sign, no
#   leading zero, two places.
_OWN_CENTS = re.compile(r"(?:0|[1-9]\d*)\.\d\d", re.ASCII)
# Keys of a schema that only refuse values (a valid record's passed them) or describe.
_ONLY_REFUSE = {"type", "metadata", "ref", "ge", "gt", "le", "lt", "max_digits",
                "decimal_places", "microseconds_precision"}
_ENUM_KEYS = {"type", "metadata", "ref", "cls", "members", "sub_type"}


def _own_form(declared: Any) -> Callable[[object], bool] | None:
    """Whether a value is, for a value that passed validation as `declared`, its own
    JSON form; None when no such form is known for the type. From pydantic's own schema
    of the type, so a constraint or conversion added to it is seen here.
    tests/unit/exchange/test_json_records.py holds each to model_dump."""
    try:
        schema = TypeAdapter(declared).core_schema
    except Exception:  # noqa: BLE001 - a type pydantic builds only in a model: no fast form
        return None
    return _own_form_of(schema)


def _own_form_of(schema: Any) -> Callable[[object], bool] | None:
    kind = schema.get("type")
    if kind == "nullable":
        inner = _own_form_of(schema["schema"])
        return None if inner is None else (lambda value: value is None or inner(value))
    if kind == "function-after" and schema["function"].get("function") is cents:
        decimal = schema["schema"]
        if decimal.get("type") != "decimal" or not decimal.keys() <= _ONLY_REFUSE:
            return None
        return _matches(_OWN_CENTS)
    if kind == "enum" and schema.get("sub_type") == "str" and schema.keys() <= _ENUM_KEYS:
        # A member's value reads as the member, written as its value ("missing", a way
        # to read other values, is not among the keys).
        values = frozenset(member.value for member in schema["members"])
        return lambda value: type(value) is str and value in values
    if not schema.keys() <= _ONLY_REFUSE:
        return None
    if kind == "datetime" and schema.get("microseconds_precision", "truncate") == "truncate":
        return _matches(_OWN_INSTANT)
    if kind == "date":
        return _matches(_OWN_DAY)
    if kind == "float":
        # A finite float (JSON holds no other) validates and is written as that very
        # float, -0.0 too.
        return lambda value: type(value) is float and value - value == 0.0
    return None


def _matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    fullmatch = pattern.fullmatch
    return lambda value: type(value) is str and fullmatch(value) is not None


# What each declared type's values read as, shared by the fields of one type (a record's
# created_at, updated_at and first stage change are most often the same instant).
_KNOWN: dict[object, dict[tuple[type, object], Any]] = {}


def _known(declared: Any) -> dict[tuple[type, object], Any]:
    try:
        return _KNOWN.setdefault(declared, {})
    except TypeError:  # a declared type that cannot be a key: kept by its field alone
        return {}


def _with_validators(
    read: Reader,
    declared: Any,
    before: Any,
    after: Any,
) -> Reader:
    """`read` with the model's field validators around it, as pydantic runs them:
    "before" ones on the stored value, "after" ones on the validated value (so the value
    is validated, passed through them, then written in its JSON form)."""
    if not before and not after:
        return read
    validate, dump = _core(declared)

    def read_validated(value: object) -> Any:
        try:
            for validator in before:
                value = validator(value)
            value = validate(value)
            for validator in after:
                value = validator(value)
            return dump(value, mode="json")
        except ValueError:
            raise NotReadable(repr(declared)) from None

    return read_validated


def _core(declared: Any) -> tuple[Callable[[Any], Any], Callable[..., Any]]:
    """pydantic's validator and serialiser of a declared type, called without
    TypeAdapter's wrappers (half the cost of a value read through them). Made on first
    use: most fields of a nested model are never in a record, and an adapter costs a
    millisecond or two to build."""
    kept: list[tuple[Callable[[Any], Any], Callable[..., Any]]] = []

    def validate(value: Any) -> Any:
        return made()[0](value)

    def dump(value: Any, mode: str) -> Any:
        return made()[1](value, mode=mode)

    def made() -> tuple[Callable[[Any], Any], Callable[..., Any]]:
        if not kept:
            adapter = TypeAdapter(declared)
            kept.append((adapter.validator.validate_python, adapter.serializer.to_python))
        return kept[0]

    return validate, dump


# Defaults that are their own JSON form (pydantic writes them as they are).
_JSON_ITSELF = (bool, int, str, type(None))


def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON form of each field's default (as model_dump writes a field left unset),
    by name; a field whose default a factory makes up (a new id, the time now) or that
    has none is left out. A nested model's default is its own fields' (read from {}),
    so no model is built for it (building a model's validator is a millisecond or more)."""
    defaults: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        factory = info.default_factory
        if type(info.default) in _JSON_ITSELF:  # no serialiser to build (a millisecond each)
            defaults[name] = info.default
        elif info.default is not PydanticUndefined:
            defaults[name] = _serializer(type(info.default))(info.default, mode="json")
        elif factory is list:
            defaults[name] = []
        elif isinstance(factory, type) and issubclass(factory, BaseModel):
            defaults[name] = _model_reader(factory)({})
    return defaults


@functools.cache
def _serializer(kind: type) -> Callable[..., Any]:
    """pydantic's serialiser of a default's own type (an enum member, a Decimal, ...)."""
    return TypeAdapter(kind).serializer.to_python
