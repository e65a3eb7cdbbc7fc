"""Which CSV column fills which field: `--map` first, then a CRM export's own columns
(crm_sources.py), then partner-tui's column names and their other spellings.

The fields are a Vocabulary: a partner's (PARTNERS, the `import` command) by default; an
account list's (exchange/accounts_csv.py) reads the same CRM exports into its own fields.

Every column not used is named in `ignored`, so a person sees what the import left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from partner_tui.domain.safe_text import clean_line
from partner_tui.exchange.crm_sources import CRMSource, crm_key, detect_source
from partner_tui.exchange.csv_format import COLUMNS, EXTRA_COLUMNS, KNOWN_COLUMNS

# Other spellings people put in a header row.
ALIASES = {
    "company_name": "company",
    "partner": "company",
    "partner_name": "company",
    "organization": "company",
    "organisation": "company",
    "partner_type": "type",
    "email": "contact_email",
    "e_mail": "contact_email",
    "contact": "contact_name",
    "url": "website",
}
# Fields a column can fill: partner-tui's columns, and a contact's name in two halves.
NAME_PARTS = ("first_name", "last_name")
MAPPABLE_FIELDS: tuple[str, ...] = COLUMNS + EXTRA_COLUMNS + NAME_PARTS


@dataclass(frozen=True)
class Vocabulary:
    """What an import's columns can fill."""

    fields: tuple[str, ...]  # what a column may fill (and --map may name)
    required: str  # the field every file needs a column for
    columns: tuple[str, ...]  # partner-tui's own columns, as messages list them
    aliases: Mapping[str, str] = field(default_factory=dict)  # other spellings -> field
    # A CRM export's field (crm_sources.py speaks of partners) -> this vocabulary's field;
    # None: the CRM's fields are these fields.
    from_crm: Mapping[str, str] | None = None

    def crm_field(self, name: str) -> str | None:
        return name if self.from_crm is None else self.from_crm.get(name)


PARTNERS = Vocabulary(MAPPABLE_FIELDS, "company", COLUMNS, ALIASES)


class CSVFileError(Exception):
    """The file as a whole cannot be imported (not UTF-8, no header, no company column)."""


@dataclass
class ColumnPlan:
    """The header row read: each used column's field, and every column left out."""

    fields: dict[int, str] = field(default_factory=dict)  # column index -> field
    # Another spelling of a field in a CRM export, read where the first one is empty
    # (HubSpot's "Website URL" when "Company Domain Name" is blank), in order.
    fallbacks: dict[int, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # field -> its column's header
    names: list[str] = field(default_factory=list)  # the header row, trimmed
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (header, why; "" unknown)
    source: CRMSource | None = None

    def label(self, name: str) -> str:
        """How messages name a field's column: partner-tui's own files by the field (as
        the README's column table does), a CRM export by its header, as the person sees it."""
        if self.source is None and name in KNOWN_COLUMNS:
            return name
        return self.headers.get(name, name)

    @property
    def used(self) -> list[tuple[str, str]]:
        """(header, what it fills) for each used column, in the file's order."""
        used = {i: (self.names[i], f) for i, f in self.fields.items()}
        for i, target in self.fallbacks.items():
            used[i] = (self.names[i], f"{target} (where {self.headers[target]!r} is empty)")
        return [used[i] for i in sorted(used)]

    def cells(self, row: list[str]) -> dict[str, str]:
        """One row's cells by field: each field's column, or where that is empty, the
        first of its other spellings that is not."""
        cells = {f: row[i] for i, f in self.fields.items() if i < len(row)}
        for i, target in sorted(self.fallbacks.items()):
            if i < len(row) and not cells.get(target, "").strip():
                cells[target] = row[i]
        return cells

    def ignored_text(self) -> str:
        """The ignored columns in one line: 'Phone', 'Website URL' (website: from ...)."""
        return ", ".join(
            f"{name!r} ({why})" if why else repr(name) for name, why in self.ignored
        )


def header_key(name: str, aliases: Mapping[str, str] = ALIASES) -> str:
    """partner-tui's own column names: case-insensitive, spaces or hyphens as underscores."""
    key = re.sub(r"[\s\-]+", "_", clean_line(name).strip().lower())
    return aliases.get(key, key)


def parse_map(specs: list[str], fields: tuple[str, ...] = MAPPABLE_FIELDS) -> dict[str, str]:
    """`--map 'CSV column=field'` options as {column: field}; an empty field leaves the
    column out. Raises ValueError with what to write instead."""
    mapping: dict[str, str] = {}
    for spec in specs:
        column, equals, target = spec.rpartition("=")
        column, target = column.strip(), target.strip()
        if not equals or not column:
            raise ValueError(f"--map {spec!r}: write it as 'CSV column=field'")
        if target and target not in fields:
            raise ValueError(
                f"--map {spec!r}: no field {target!r} (one of: {', '.join(fields)}; "
                "or nothing after '=' to leave the column out)"
            )
        if column.casefold() in mapping:
            raise ValueError(f"--map names the column {column!r} twice")
        mapping[column.casefold()] = target
    return mapping


def names_a_company(
    header: list[str], mapping: Mapping[str, str], words: Vocabulary = PARTNERS
) -> bool:
    """Whether a row read this way has a column for the required field (a company, for
    partners), to tell the delimiter."""
    required = words.required
    if required in mapping.values():
        return True
    if required in {header_key(name, words.aliases) for name in header}:
        return True
    source = detect_source(header)
    if source is None:
        return False
    keys = {crm_key(name) for name in header}
    return any(
        key in keys
        for f, names in source.columns
        if words.crm_field(f) == required
        for key in names
    )


def plan_columns(
    header: list[str], line: int, mapping: Mapping[str, str], words: Vocabulary = PARTNERS
) -> ColumnPlan:
    """Read the header row. Raises CSVFileError for a file whose columns cannot be read."""
    names = [name.strip() for name in header]
    plan = ColumnPlan(source=detect_source(names), names=names)
    taken: set[int] = set()
    by_own_name: set[str] = set()  # fields filled in step 3 (a second such column is a mistake)

    def use(i: int, target: str) -> None:
        plan.fields[i] = target
        plan.headers[target] = names[i] or f"column {i + 1}"
        taken.add(i)

    # 1. --map, as the person wrote it.
    found = {name.casefold(): i for i, name in enumerate(names) if name}
    for column, target in mapping.items():
        if column not in found:
            listed = ", ".join(repr(n) for n in names if n) or "nothing"
            raise CSVFileError(f"--map: no column {column!r} in the header row (found {listed})")
        i = found[column]
        taken.add(i)
        if not target:
            plan.ignored.append((names[i], "left out by --map"))
        elif target in plan.headers:
            raise CSVFileError(
                f"--map gives {plan.headers[target]!r} and {names[i]!r} the same field {target!r}"
            )
        else:
            use(i, target)
    mapped = set(plan.headers)
    # 2. A CRM export's columns, best spelling first.
    if plan.source is not None:
        keys = {crm_key(name): i for i, name in reversed(list(enumerate(names))) if name}
        for key, why in plan.source.not_partner_fields:
            i = keys.get(key, -1)
            if i >= 0 and i not in taken:
                taken.add(i)
                plan.ignored.append((names[i], why))
        for crm_field, spellings in plan.source.columns:
            target = words.crm_field(crm_field)
            if target is None:
                continue
            for spelling in spellings:
                i = keys.get(spelling, -1)
                if i < 0 or i in taken:
                    continue
                if target in mapped:
                    taken.add(i)  # the person chose the column for this field
                    plan.ignored.append((names[i], _already(target, plan)))
                elif target in plan.headers:
                    taken.add(i)  # read only where a better column is empty
                    plan.fallbacks[i] = target
                else:
                    use(i, target)
    # 3. partner-tui's own names.
    for i, name in enumerate(names):
        if i in taken:
            continue
        key = header_key(name, words.aliases)
        own = key in words.fields
        if own and key in by_own_name:
            first = plan.headers[key]
            what = (f"the column {name!r} appears twice" if first == name
                    else f"the columns {first!r} and {name!r} both mean {key!r}")
            raise CSVFileError(f"line {line}: {what}")
        if own and key in plan.headers:
            plan.ignored.append((name, _already(key, plan)))  # --map or the CRM chose another
        elif own:
            use(i, key)
            by_own_name.add(key)
        else:
            plan.ignored.append((name or f"column {i + 1} (no name)", ""))
    required = words.required
    if required not in plan.headers:
        listed = ", ".join(repr(n) for n in names if n) or "nothing"
        raise CSVFileError(
            f"line {line}: no {required!r} column in the header row (found {listed}); "
            f"the columns are: {', '.join(words.columns)}; "
            f"or name yours with --map 'COLUMN={required}'"
        )
    return plan


def _already(target: str, plan: ColumnPlan) -> str:
    return f"{target} is read from {plan.headers[target]!r}"
