"""What the board's filter asks: words, and qualifiers `owner:` `type:` `tag:` `due:`
`stage:`. Pure: it judges anything that has a partner card's fields (a card, a Partner).

Every part must hold (and): `owner:maya tier` is Maya's partners whose text holds "tier".
A qualifier's value is matched as a prefix (`stage:eng`, `due:over`, `type:alliance`) and
the owner anywhere in the name (`owner:maya` finds "Maya Okafor"), so typing one more
letter only ever narrows what matched (the board searches only the last matches).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from partner_tui.domain.due import DueState, next_action_due
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import Stage

QUALIFIERS = ("owner", "type", "tag", "due", "stage")
# Shown in `?` and the filter's placeholder.
QUALIFIER_HELP = "owner:maya  type:channel  tag:tier-1  due:overdue  stage:engage"


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
                if value:  # 'owner:' alone, while typing: asks nothing yet
                    qualifiers.append((name, value))
            else:
                words.append(part)
        return cls(tuple(words), tuple(qualifiers))

    def __bool__(self) -> bool:
        return bool(self.words or self.qualifiers)

    def matches(self, card: Filterable, today: date) -> bool:
        if self.words:
            text = card.search_text()
            if not all(word in text for word in self.words):
                return False
        return all(_holds(card, name, value, today) for name, value in self.qualifiers)


def _holds(card: Filterable, name: str, value: str, today: date) -> bool:
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
    raise AssertionError(name)
