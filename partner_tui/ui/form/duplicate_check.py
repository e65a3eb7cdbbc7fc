"""The form renaming a partner to a company already on the board: asked before saving
(domain/company_names.py), with the other partner offered to open instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App
from textual.content import Content

from partner_tui.domain.company_names import similar_companies
from partner_tui.ui.dialogs.confirm import ChoiceDialog

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner
    from partner_tui.store.partner_store import PartnerStore

SAVE_ANYWAY = "--save-anyway--"


def asked_about_similar(
    app: App[object], store: PartnerStore, before: Partner, edited: Partner,
    save: Callable[[], None],
) -> bool:
    """Ask (and return True) when the edit renames the partner to a company already in the
    file; `save` runs when the person saves anyway. False: nothing to ask, save now."""
    if edited.company.strip().casefold() == before.company.strip().casefold():
        return False
    cards = ((card.id, card.company) for card in store.partners.cards())
    similar = similar_companies(edited.company, cards, skip=edited.id)
    if not similar:
        return False
    first = similar[0]
    if first.exact:
        question = Content.assemble(first.company, " is already on the board.")
    else:
        question = Content.assemble(edited.company, " looks like ", first.company,
                                    ", already on the board.")
    choices: list[tuple[str, Content]] = [
        (s.partner_id, Content.assemble("Open ", s.company, " (this form stays as it is)"))
        for s in similar
    ]
    choices.append((SAVE_ANYWAY, Content.assemble("Save ", edited.company, " anyway")))

    def answered(answer: str | None) -> None:
        if answer == SAVE_ANYWAY:
            save()
        elif answer is not None:
            app.open_partner_form(answer)  # type: ignore[attr-defined]

    app.push_screen(ChoiceDialog(question, choices, safe="Back to the form"), answered)  # type: ignore[arg-type]
    return True
