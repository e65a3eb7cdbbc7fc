"""The commands that run the Textual app: in this terminal, in web browsers (serve), and
headless to draw the README's pictures (screenshots).

Textual is imported only here, and only when one of these runs, which keeps `export`
and `import` quick and lets them run where Textual can't draw.
"""

from __future__ import annotations

from pathlib import Path

from partner_tui.cli.errors import CommandFailed
from partner_tui.speedups.collector import pause_for_start, resume_after_start
from partner_tui.store.errors import StoreError


def run_app(db: Path, read_only: bool) -> int:
    # The collector waits until the board is on screen (speedups/collector.py; the app
    # resumes it after its first paint).
    pause_for_start()
    from partner_tui.ui.app import PartnerApp

    app = PartnerApp(db_path=db, read_only=read_only)  # a StoreError surfaces in main()
    try:
        app.run()
    finally:
        resume_after_start()  # (if the app left before its first paint)
        # The background writer is a daemon thread: without this, a save still in flight
        # when the person presses q (the card already moved on screen) dies with the
        # interpreter. close() waits for it; a failure to save surfaces in main().
        try:
            app.close_store()
        except StoreError as exc:
            if app.store_open and exc is app.store.blocked:
                raise  # the file was unusable from the start: said as it is
            # Only reached when the person chose to leave anyway (the app asked first).
            raise CommandFailed(f"{exc} Changes since the last save were not saved.") from None
    if app.open_error is not None:
        # The file changed unseen since the board's preview was kept, and is unreadable.
        raise app.open_error
    if app.store_open and app.store.blocked is not None:
        # The background record check found the file unusable (read-only opens too).
        raise app.store.blocked
    return app.return_code or 0


def run_serve(
    db: Path,
    host: str,
    port: int,
    public_url: str | None,
    *,
    read_only: bool,
    token_file: Path | None = None,
    no_token: bool = False,
) -> int:
    from partner_tui.ui.serve import serve
    from partner_tui.ui.serve_guard import TokenProblem, read_token

    try:
        token = None if no_token else read_token(token_file)
    except TokenProblem as exc:
        raise CommandFailed(str(exc)) from None
    return serve(db, host, port, public_url, read_only=read_only, token=token)


def run_screenshots(out: Path | None) -> int:
    from partner_tui.ui.screenshots import main as draw_pictures

    return draw_pictures(out)
