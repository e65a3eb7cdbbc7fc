"""The same app in a web browser: `partner-tui serve [--host 127.0.0.1] [--port 8000]`.

textual-serve runs a small web server; every browser tab that opens the page gets its
own partner-tui process, drawn in the page by xterm.js over a websocket.

What differs from plain textual-serve:
- Its page loads the "Roboto Mono" font from Google Fonts. Machines behind a firewall
  (and people who do not want a third party told who opens the page) should not need
  that, so the page is given a copy of the template that loads the same font from the
  files textual-serve already ships in its own static folder. The page also gets a title.
- Every tab edits: each is a partner-tui of its own on the one data file, and they (with
  any app in a terminal, `import`, `move`, `log`) write it in turn, each write merged
  with the others' (store/merge/from_disk.py); each tab shows the others' changes within a
  second.

- Only the person who started it is served (serve_guard.py): a secret token in the
  printed address, kept as a cookie; the Host and the websocket's Origin checked.
  Hence also 127.0.0.1 by default; docs/security.md says what this protects and what a
  reverse proxy must add before it is exposed.
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from partner_tui.os_compat.plain_files import private_folder
from partner_tui.store.file.atomic_write import atomic_write
from partner_tui.ui.common.plain import plain

if TYPE_CHECKING:
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PAGE_TITLE = "partner-tui"
TEMPLATE_NAME = "app_index.html"

# The Google Fonts stylesheet link in textual-serve's page, replaced by local @font-face.
_GOOGLE_FONTS_LINK = re.compile(
    r"<link\s+rel=\"stylesheet\"\s+href=\"https://fonts\.googleapis\.com[^\"]*\"\s*/?>",
    re.IGNORECASE,
)
_LOCAL_FONTS = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
    </style>"""

def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def session_command(db_path: Path, read_only: bool = False) -> str:
    """The shell command textual-serve runs for every browser tab (one process per tab),
    quoted for the system's shell (cmd.exe on Windows, sh elsewhere)."""
    from partner_tui.os_compat.files import shell_join

    parts = [sys.executable, "-m", "partner_tui.ui.serve", "--session", str(db_path)]
    if read_only:
        parts.append("--read-only")
    return shell_join(parts)


def write_offline_template(folder: Path) -> Path:
    """Copy textual-serve's page into `folder`, loading its fonts locally, not from a CDN."""
    import textual_serve

    original = (Path(textual_serve.__file__).parent / "templates" / TEMPLATE_NAME).read_text(
        encoding="utf-8"
    )
    page = _GOOGLE_FONTS_LINK.sub(lambda _match: _LOCAL_FONTS, original)
    if "<title>" not in page:  # the browser tab would show a bare URL
        page = page.replace("<head>", "<head>\n    <title>{{ application.name }}</title>", 1)
    private_folder(folder)
    atomic_write(folder / TEMPLATE_NAME, page.encode("utf-8"))
    return folder


def make_server(
    db_path: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    public_url: str | None = None,
    templates: Path | None = None,
    read_only: bool = False,
    token: str | None = "",
) -> Server:
    """A textual-serve Server for the data file at `db_path` (not started), guarded
    (serve_guard.py). token: the secret; "" a new random one, None none (--no-token)."""
    from partner_tui.ui.serve_guard import Guard, guarded_server_class, new_token

    kwargs: dict[str, Any] = {}
    if templates is not None:
        kwargs["templates_path"] = templates  # absolute: Path("/x") / abs == abs
    server = guarded_server_class()(
        session_command(db_path.expanduser().resolve(), read_only),
        host=host,
        port=port,
        title=PAGE_TITLE,
        public_url=public_url,
        **kwargs,
    )
    server.guard = Guard(port, host, public_url, new_token() if token == "" else token)
    return server


def serve(
    db_path: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    public_url: str | None = None,
    read_only: bool = False,
    token: str | None = "",
) -> int:
    """Serve the app until Ctrl+C (or SIGTERM). Returns the exit code.
    token: as make_server takes it."""
    if not is_loopback(host):
        print(
            f"partner-tui: warning: serving on {host}: the token is all that keeps others "
            "out, and it crosses the network in clear text. Put it behind a reverse proxy "
            "with TLS (see docs/security.md).",
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory(prefix="partner-tui-serve-") as tmp:
        templates = write_offline_template(Path(tmp))
        server = make_server(db_path, host, port, public_url, templates, read_only, token)
        try:
            server.serve()
        except OSError as exc:  # port taken, address not on this machine, ...
            print(f"partner-tui: cannot serve on {host}:{port}: {exc}", file=sys.stderr)
            return 1
    return 0


# -- one browser tab's process ---------------------------------------------------------
def session_app(db_path: Path, read_only: bool = False) -> Any:
    """The app one browser tab runs: every tab edits (see the module's docstring).

    A file that cannot be opened at all gets a page saying why: the browser shows no
    stderr, so an error printed there would leave a blank page.
    """
    from partner_tui.store.errors import StoreError
    from partner_tui.ui.app import PartnerApp

    try:
        return PartnerApp(db_path=db_path, read_only=read_only)
    except StoreError as exc:
        return problem_app(str(exc))


def problem_app(message: str) -> Any:
    """A one-screen app that says why the data file could not be opened."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding, BindingType
    from textual.widgets import Footer, Static

    class ProblemApp(App[None]):
        TITLE = "partner-tui"
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("q", "quit", "Quit", id="quit", tooltip="Close this session")
        ]

        def compose(self) -> ComposeResult:
            yield Static(
                plain(f"partner-tui cannot open the data file.\n\n{message}"), id="problem"
            )
            yield Footer()

    return ProblemApp()


def run_session(db_path: Path, read_only: bool = False) -> int:
    app = session_app(db_path, read_only)
    app.run()
    return int(app.return_code or 0)


def _session_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m partner_tui.ui.serve")
    parser.add_argument("--session", type=Path, required=True, metavar="DB")
    parser.add_argument("--read-only", action="store_true")
    args = parser.parse_args(argv)
    return run_session(args.session, args.read_only)


if __name__ == "__main__":
    raise SystemExit(_session_main(sys.argv[1:]))
