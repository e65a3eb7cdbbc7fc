"""What the board's filter asks: words, and qualifiers `owner:` `type:` `tag:` `due:`
`stage:` `quiet:`. Pure: it judges anything that has a partner card's fields (a card).

Every part must hold (and): `owner:maya tier` is Maya's partners whose text holds "tier".
A qualifier's value is matched as a prefix (`stage:eng`, `due:over`, `type:alliance`) and
the owner anywhere in the name (`owner:maya` finds "Maya Okafor"), so typing one more
letter only ever narrows what matched (the board searches only the last matches).
`quiet:` asks even alone (the partners gone quiet: partner_figures.quiet_of, the one rule);
`quiet:yes` says the same, `quiet:30` those without contact for 30 days or more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from partner_tui.domain.due import DueState, next_action_due
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import Stage

if TYPE_CHECKING:
    from partner_tui.domain.partner_figures import Quiet
    from partner_tui.domain.program import ProgramRules

QUALIFIERS = ("owner", "type", "tag", "due", "stage", "quiet")
# Qualifiers that ask something with no value typed ('quiet:' alone: the quiet partners).
ASK_ALONE = ("quiet",)
# Shown in `?` and the filter's placeholder.
QUALIFIER_HELP = "owner:maya  type:channel  tag:tier-1  due:overdue  stage:engage  quiet:yes"


class Filterable(Protocol):
    stage: Stage

    @property
    def owner(self) -> str: ...
    @property
    def partner_type(self) -> PartnerType | None: ...
    @property
    def tags(self) -> list[str]: ...
    @property
    def next_action_date(self) -> date | None: ...

    def search_text(self) -> str: ...
    def quiet(self, quiet_after: int, today: date) -> Quiet: ...


@dataclass(frozen=True)
class BoardQuery:
    words: tuple[str, ...] = ()
    qualifiers: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def parse(cls, text: str) -> BoardQuery:
        words: list[str] = []
        qualifiers: list[tuple[str, str]] = []
        for part in text.lower().split():
            name, colon, value = part.partition(":")
            if colon and name in QUALIFIERS:
                # 'owner:' alone, while typing, asks nothing yet; 'quiet:' alone does.
                if value or name in ASK_ALONE:
                    qualifiers.append((name, value))
            else:
                words.append(part)
        return cls(tuple(words), tuple(qualifiers))

    def __bool__(self) -> bool:
        return bool(self.words or self.qualifiers)

    def matches(self, card: Filterable, today: date, rules: ProgramRules | None = None) -> bool:
        """Whether the card holds every part; `rules` judge `quiet:` (None: not known yet,
        as while the board shows its preview, and then no partner counts as quiet)."""
        if self.words:
            text = card.search_text()
            if not all(word in text for word in self.words):
                return False
        return all(
            _holds(card, name, value, today, rules) for name, value in self.qualifiers
        )


def _holds(
    card: Filterable, name: str, value: str, today: date, rules: ProgramRules | None
) -> bool:
    if name == "owner":
        return value in card.owner.lower()
    if name == "type":
        kind = card.partner_type
        return kind is not None and any(
            word.startswith(value) for word in (kind.value, *kind.value.split("_"))
        )
    if name == "tag":
        return any(tag.lower().startswith(value) for tag in card.tags)
    if name == "stage":
        return card.stage.value.startswith(value)
    if name == "due":
        state = next_action_due(card, today)  # type: ignore[arg-type]
        return state is not DueState.NONE and state.value.startswith(value)
    if name == "quiet":
        return rules is not None and _quiet_holds(card, value, today, rules)
    raise AssertionError(name)


def _quiet_holds(card: Filterable, value: str, today: date, rules: ProgramRules) -> bool:
    """'quiet:', 'quiet:y(es)': gone quiet; 'quiet:30': quiet, and 30 days or more since
    the last touch (each digit typed asks for more days: typing on only narrows)."""
    days = card.quiet(rules.quiet_after(card.stage.value), today).quiet_days
    if days is None:
        return False
    if value.isascii() and value.isdigit():
        return days >= int(value)
    return "yes".startswith(value)
