"""`m` and `e` on the outreach screen: the email leaves through the person's own tools.

`m` hands the filled draft to the desktop's mail client as a `mailto:` link (to, subject,
body); where there is no desktop (an SSH session, a Linux console) it says that `c`, the
clipboard, is the way. In a browser tab (`partner-tui serve`) the link goes to the
browser, which opens the mail client of the person's own machine.

`e` opens the draft in $EDITOR with the app suspended, then copies what was saved, as
`c` copies. Both log the outreach, as `c` does (copy_flow.py).
"""

from __future__ import annotations

import subprocess

from textual.app import SuspendNotSupported

from partner_tui.outreach.draft import describe_gaps
from partner_tui.outreach.editor import edit_text, editor_command
from partner_tui.outreach.mail_client import mailto_url, no_desktop_reason, open_mail_client
from partner_tui.ui.common.plain import plain
from partner_tui.ui.outreach.copy_flow import CopyFlow
from partner_tui.ui.outreach.draft_host import DraftHost

SENT_TO_MAIL_CLIENT = "opened in the mail client"
SENT_EDITED = "edited and copied"


class SendFlow:
    def __init__(self, screen: DraftHost) -> None:
        self.screen = screen

    # -- m: the mail client ---------------------------------------------------------------
    def open_in_mail_client(self) -> None:
        screen = self.screen
        assert screen.partner is not None
        draft = screen.draft()
        url = mailto_url(screen.partner.contact_email, draft.subject.text, draft.body.text)
        gaps = f"\nStill to fill in: {describe_gaps(draft.gaps)}" if draft.gaps else ""
        no_address = (
            "" if screen.partner.contact_email else "\nThe partner has no email: To is empty."
        )
        if screen.app.is_web:
            # The app runs on the server; the browser tab is on the person's desktop.
            screen.app.open_url(url)
            screen.notify(
                plain(f"Sent to your browser, which opens your mail client.{no_address}{gaps}"),
                title="Mail client", timeout=8,
            )
        else:
            reason = no_desktop_reason()
            if reason is not None:
                screen.notify(
                    plain(
                        f"No mail client can open: {reason}.\nPress c to copy the email and "
                        "paste it into your mail."
                    ),
                    title="No desktop", severity="warning", timeout=10,
                )
                return
            if not open_mail_client(url):
                screen.notify(
                    "No program took the mailto: link (is a mail client set as the default?)."
                    "\nPress c to copy the email instead.",
                    title="Not opened", severity="warning", timeout=10,
                )
                return
            screen.notify(
                plain(f"Opened in your mail client: check it and send.{no_address}{gaps}"),
                title="Mail client", timeout=8,
            )
        CopyFlow(screen).after_sending(SENT_TO_MAIL_CLIENT)

    # -- e: the editor ---------------------------------------------------------------------
    def edit_then_copy(self) -> None:
        screen = self.screen
        if screen.app.is_web:
            screen.notify(
                "An editor cannot open in a browser tab: c copies the email.",
                title="No editor", severity="warning",
            )
            return
        command = editor_command()
        if command is None:
            screen.notify(
                "No editor found: set $EDITOR (for example export EDITOR=nano).",
                title="No editor", severity="warning",
            )
            return
        edited = edit_text(screen.draft().text, command, self._run_in_terminal)
        if edited.text is None:
            screen.notify(
                plain(f"Nothing copied: {edited.problem}."), title="Not copied",
                severity="warning",
            )
            return
        screen.run_worker(
            CopyFlow(screen).copy_text(edited.text, "Edited email copied", SENT_EDITED),
            exclusive=True, group="outreach-copy",
        )

    def _run_in_terminal(self, argv: list[str]) -> int:
        """The editor gets the whole terminal: the app stops drawing and reading keys
        until it exits (Textual's App.suspend)."""
        try:
            with self.screen.app.suspend():
                return subprocess.run(argv, check=False).returncode
        except SuspendNotSupported:
            raise OSError("this terminal cannot hand itself to an editor") from None
