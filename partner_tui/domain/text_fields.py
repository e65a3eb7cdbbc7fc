"""SingleLine and MultiLine: the field types of every text in a record (pydantic).

Each cleans what it is given before anything else checks it (the rule is in
safe_text.py), so a value holding an escape sequence is stored without it, whatever its
way in: the form, an import, a hand-edited file, a merge. Nothing is refused for it.

Records read from a file are not validated before the board draws them (store/records/cards.py),
so `clean_stored` applies the same rule to a stored record, field by field as its model
declares them, without building the model.
"""

from __future__ import annotations

import functools
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator

from partner_tui.domain.safe_text import clean_line, clean_text


def _line(value: object) -> object:
    # A value that is not text is left for str validation to report.
    return clean_line(value) if isinstance(value, str) else value


def _text(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


_CLEAN_LINE = BeforeValidator(_line)
_CLEAN_TEXT = BeforeValidator(_text)

# One line of text (a name, an address, a label): no controls, no bidi controls, and
# tabs and line breaks become spaces.
SingleLine = Annotated[str, _CLEAN_LINE]
# Text that may run over several lines (notes, a template body): tab and newline kept.
MultiLine = Annotated[str, _CLEAN_TEXT]

# How a stored value is cleaned: a rule for a string, ("list", how) for a list of them,
# or a Plan (field name -> how) for a nested model.
Plan = dict[str, Any]
_LIST = "list"


def _how(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> Any:
    """How a value of this declared type is cleaned, or None if it holds no text."""
    for item in metadata:
        if item is _CLEAN_LINE:
            return clean_line
        if item is _CLEAN_TEXT:
            return clean_text
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        return _how(args[0], args[1:])
    if origin is Union or origin is types.UnionType:
        return next((how for how in map(_how, args) if how is not None), None)
    if origin is list:
        inner = _how(args[0]) if args else None
        return (_LIST, inner) if inner is not None else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return text_plan(annotation) or None
    return None


@functools.cache
def text_plan(model: type[BaseModel]) -> Plan:
    """Every field of `model` that holds text, and how each is cleaned."""
    plan: Plan = {}
    for name, field in model.model_fields.items():
        how = _how(field.annotation, field.metadata)
        if how is not None:
            plan[name] = how
    return plan


def _cleaned(how: Any, value: Any) -> Any:
    """`value` cleaned, or the very same object when nothing needed it."""
    if isinstance(how, dict):
        return clean_stored_as(how, value) if isinstance(value, dict) else value
    if isinstance(how, tuple):
        if not isinstance(value, list):
            return value
        items = [_cleaned(how[1], item) for item in value]
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return items if changed else value
    return how(value) if isinstance(value, str) else value


def clean_stored_as(plan: Plan, record: dict[str, Any]) -> dict[str, Any]:
    """`record` with its text cleaned as `plan` says: a new dict when anything changed,
    else the record itself. Values of a wrong type are left for validation to report."""
    fresh: dict[str, Any] | None = None
    for name, how in plan.items():
        value = record.get(name)
        if value is None:
            continue
        # A string straight to its rule (this runs over every record a file holds).
        new = how(value) if type(value) is str and callable(how) else _cleaned(how, value)
        if new is not value:
            if fresh is None:
                fresh = dict(record)
            fresh[name] = new
    return record if fresh is None else fresh


def clean_stored(model: type[BaseModel], record: dict[str, Any]) -> dict[str, Any]:
    """A stored record of `model` with the text rule applied (see clean_stored_as)."""
    return clean_stored_as(text_plan(model), record)
