"""Outreach templates and the rule that fills their [Placeholders]."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field

from partner_tui.domain.records import Record
from partner_tui.domain.text_fields import MultiLine, SingleLine

PLAYBOOK_TEMPLATE_ID = "playbook"
PLAYBOOK_SUBJECT = "Partnership Opportunity: [Your Company] + [Partner Company]"
PLAYBOOK_BODY = """Hi [Name],

I'm reaching out because [Your Company] and [Partner Company] serve similar customers and could create significant value together.

[Specific value proposition]

Would you be open to a brief conversation to explore potential synergies?

Best,
[Your name]"""

PLACEHOLDER = re.compile(r"\[([^\[\]\n]{1,60})\]")


class OutreachTemplate(Record):
    name: SingleLine = Field(min_length=1, max_length=120)
    subject: SingleLine = Field("", max_length=1_000)
    body: MultiLine = Field("", max_length=50_000)
    # The playbook's template is built in: it can be edited but never deleted,
    # and "restore" brings its original words back.
    builtin: bool = False


def playbook_template() -> OutreachTemplate:
    return OutreachTemplate(
        id=PLAYBOOK_TEMPLATE_ID,
        name="Playbook: partnership opportunity",
        subject=PLAYBOOK_SUBJECT,
        body=PLAYBOOK_BODY,
        builtin=True,
    )


def placeholder_key(name: str) -> str:
    """[Partner Company], [partner_company] and [partner company] are the same placeholder."""
    return re.sub(r"[\s_-]+", " ", name.strip().lower())


@dataclass(frozen=True)
class Gap:
    """A placeholder left in the filled text: unknown (no such field) or unfilled (empty)."""

    name: str
    unknown: bool
    start: int
    end: int


@dataclass(frozen=True)
class Filled:
    text: str
    gaps: tuple[Gap, ...]

    @property
    def complete(self) -> bool:
        return not self.gaps


def fill(text: str, values: dict[str, str]) -> Filled:
    """Replace every [Placeholder] whose key has a non-empty value.

    Placeholders that are unknown or empty stay in the text as written, and their
    positions in the *result* are reported so the preview can highlight them.
    """
    lookup = {placeholder_key(k): v for k, v in values.items()}
    out: list[str] = []
    gaps: list[Gap] = []
    pos = 0
    length = 0
    for match in PLACEHOLDER.finditer(text):
        before = text[pos : match.start()]
        out.append(before)
        length += len(before)
        key = placeholder_key(match.group(1))
        value = lookup.get(key, "")
        if value.strip():
            out.append(value)
            length += len(value)
        else:
            raw = match.group(0)
            gaps.append(Gap(match.group(1), key not in lookup, length, length + len(raw)))
            out.append(raw)
            length += len(raw)
        pos = match.end()
    out.append(text[pos:])
    return Filled("".join(out), tuple(gaps))
