"""One press of `c` on the outreach screen: the draft goes to the clipboard, and what follows.

Before copying, placeholders left unfilled are offered a way out (copy anyway, fill the
partner's form, the profile, or fix the template). After it, the outreach is logged on the
partner. The move to Engage is not offered here: the playbook's Engage is "positive
response, interest shown", and sending is not that (a reply, call or meeting logged in
the form offers it: form/engage_offer.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from pydantic import ValidationError

from partner_tui.domain import clock
from partner_tui.domain.partner import Activity, ActivityKind
from partner_tui.outreach import last_template as outreach_memory
from partner_tui.outreach.clipboard import CopyReport, copy_everywhere
from partner_tui.outreach.draft import Draft, activity_text, group_gaps
from partner_tui.paths import state_dir
from partner_tui.store.errors import NotFound, StoreError
from partner_tui.ui.common.plain import plain
from partner_tui.ui.dialogs.confirm import ChoiceDialog
from partner_tui.ui.outreach.draft_host import DraftHost


class CopyFlow:
    def __init__(self, screen: DraftHost) -> None:
        self.screen = screen

    def start(self) -> None:
        """`c`: copy the draft everywhere a copy can go. Placeholders left unfilled are
        asked about first, in a dialog pushed by the key itself (keys typed next answer it)."""
        draft = self.screen.draft()
        if draft.complete:
            self._copy(draft)
        else:
            self._ask_about_gaps(draft)

    def _copy(self, draft: Draft) -> None:
        """The copy runs in a thread (a clipboard tool may take up to its time limit). Keys
        typed meanwhile wait: the question that may follow (move to Engage?) gets them, as
        it would had they been typed after it appeared."""
        release = self.screen.partner_app.key_order.hold()
        self.screen.run_worker(
            self._copy_and_tell(draft, release), exclusive=True, group="outreach-copy"
        )

    async def _copy_and_tell(self, draft: Draft, release: Callable[[], None]) -> None:
        screen = self.screen
        try:
            template = screen.template
            template_name = template.name if template else ""
            report: CopyReport = await asyncio.to_thread(
                copy_everywhere, draft.text, state_dir(), self._send_to_terminal
            )
            screen.notify(
                plain(report.message()),
                title="Copied" if report.any_ok else "Not copied",
                severity="information" if report.system.ok or report.terminal.ok else "warning",
                timeout=8,
            )
            if screen.template is not None:
                outreach_memory.remember_template(
                    state_dir(), screen.partner_id, screen.template.id
                )
            self._log_outreach(template_name)
        finally:
            release()

    def _send_to_terminal(self, text: str) -> None:
        """Called from the copy thread: OSC 52 must be written from the app's own thread."""
        app = self.screen.app
        app.call_from_thread(app.copy_to_clipboard, text)

    def _ask_about_gaps(self, draft: Draft) -> None:
        """Ask what to do about the placeholders left: copy anyway, or go and fill them."""
        screen = self.screen
        assert screen.partner is not None
        groups = group_gaps(draft.gaps)
        choices = [("copy", "Copy anyway")]
        if groups.partner:
            names = ", ".join(f"[{n}]" for n in groups.partner)
            choices.append(
                ("partner", f"Open the form of {screen.partner.company} to fill {names}")
            )
        if groups.profile:
            names = ", ".join(f"[{n}]" for n in groups.profile)
            choices.append(("profile", f"Fill in your profile ({names})"))
        if groups.unknown:
            names = ", ".join(f"[{n}]" for n in groups.unknown)
            choices.append(("template", f"Edit the template (no field is called {names})"))
        count = len(draft.gaps)

        def answered(answer: str | None) -> None:
            if answer == "copy":
                self._copy(draft)
            elif answer == "partner":
                screen.partner_app.open_partner_form(screen.partner_id)
            elif answer == "profile":
                screen.ask_profile(first_use=False)
            elif answer == "template":
                screen.focus_first_unknown(draft)

        screen.app.push_screen(
            ChoiceDialog(
                f"{count} placeholder{'s are' if count != 1 else ' is'} not filled. Copy anyway?",
                choices,
            ),
            answered,
        )

    def _log_outreach(self, template_name: str, sent: str = "copied") -> None:
        """The copy is recorded on the partner (same words twice a day are logged once)."""
        screen = self.screen
        store = screen.store
        if screen.partner is None or store.read_only:
            return
        try:
            # Read and change in one batch: no other writer's change comes in between.
            with store.batch():
                partner = store.partners.get(screen.partner_id)
                entry = Activity(
                    date=clock.today(),
                    kind=ActivityKind.OUTREACH,
                    text=activity_text(template_name, partner.outreach_approach, sent),
                    author=store.author(),  # signed as the store signs it: compared below
                )
                # The same entry but for its id (each entry has its own).
                last = partner.activities[-1] if partner.activities else None
                if last is not None and last.model_copy(update={"id": entry.id}) == entry:
                    screen.partner = partner
                    return
                screen.partner = store.partners.update(
                    partner.model_copy(update={"activities": [*partner.activities, entry]}),
                    label=f"log outreach to {partner.company}",
                )
        except NotFound:
            return
        except (StoreError, ValidationError) as exc:
            screen.notify(plain(str(exc)), title="Activity not logged", severity="error")

    # -- the same ending for the other ways an email leaves (send_flow.py: m and e) ---------
    async def copy_text(self, text: str, title: str, sent: str) -> None:
        """Copy `text` (not the draft: the person's own edit) as `c` copies, then what
        follows a copy: the template remembered, the outreach logged."""
        screen = self.screen
        report: CopyReport = await asyncio.to_thread(
            copy_everywhere, text, state_dir(), self._send_to_terminal
        )
        screen.notify(
            plain(report.message()),
            title=title if report.any_ok else "Not copied",
            severity="information" if report.system.ok or report.terminal.ok else "warning",
            timeout=8,
        )
        self.after_sending(sent)

    def after_sending(self, sent: str) -> None:
        """The email left the app (`sent` says how): log it, as `c` does."""
        screen = self.screen
        if screen.template is not None:
            outreach_memory.remember_template(state_dir(), screen.partner_id, screen.template.id)
        self._log_outreach(screen.template.name if screen.template else "", sent)
