"""Only ui/ imports textual: the headless core (domain, store, exchange, outreach, speedups)
never does; domain never persists.

Two independent checks: import-linter's contracts in pyproject.toml (static: every import
statement), and a real import of every core module in a fresh interpreter (dynamic: what
actually ends up loaded).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

IMPORT_EVERY_CORE_MODULE = """
import importlib, pkgutil, sys
import partner_tui.domain, partner_tui.store, partner_tui.exchange
import partner_tui.outreach, partner_tui.speedups, partner_tui.paths, partner_tui.os_compat
loaded = ["partner_tui.paths"]
core = (partner_tui.domain, partner_tui.store, partner_tui.exchange, partner_tui.outreach,
        partner_tui.speedups, partner_tui.os_compat)
for package in core:
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        loaded.append(info.name)
banned = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(len(loaded), " ".join(loaded))
print("BANNED:" + ",".join(banned))
"""


def test_import_linter_contracts_are_kept() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command;"
            " sys.exit(lint_imports_command())",
            "--no-cache",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    names = [c["name"] for c in tomllib.loads((REPO / "pyproject.toml").read_text())["tool"][
        "importlinter"
    ]["contracts"]]
    # The shape of the house: the core is headless, the domain pure, speed apart, features
    # apart. Each contract in pyproject.toml must have been checked and kept.
    assert "Only ui imports textual: the headless core never does" in names
    assert "domain is pure: no persistence" in names
    assert "store never imports speedups" in names
    assert "store rooms in layers: facade, parts, undo, merge, records, file" in names
    assert "only store.file and store.records know TinyDB" in names
    for name in names:
        assert f"{name} KEPT" in output, output
    assert "0 broken" in output


def run_fresh(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter: what gets imported is what the code pulls in."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )


def test_importing_the_core_loads_no_ui() -> None:
    result = run_fresh(IMPORT_EVERY_CORE_MODULE)
    assert result.returncode == 0, result.stderr
    count_line, banned_line = result.stdout.strip().splitlines()[-2:]
    modules = count_line.split()[1:]
    assert "partner_tui.store.partner_store" in modules
    assert "partner_tui.domain.partner" in modules
    assert banned_line == "BANNED:", f"the core pulled in {banned_line[7:]}"


FIRST_PAINT_IMPORTS = """
import sys
import partner_tui.cli, partner_tui.app, partner_tui.ui.board.screen
from partner_tui.speedups.board_preview import read_preview
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic")))
"""


def test_the_first_paint_from_a_preview_needs_no_pydantic() -> None:
    # Importing pydantic and the playbook's models costs more than Textual takes to start;
    # the board paints from its preview (store/preview.py) before the store is opened.
    result = run_fresh(FIRST_PAINT_IMPORTS)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert "pydantic" not in loaded


READ_TRUSTED_FILE = """
import contextlib, io, sys
from partner_tui.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["--db", sys.argv[1], *sys.argv[2:]])
assert code == 0 and out.getvalue(), code
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic")))
"""


def test_list_and_due_on_a_file_known_valid_never_import_pydantic(tmp_path: Path) -> None:
    # Importing pydantic and the playbook's models costs more than the program's own
    # start; `list`, `list --json` (its entries kept) and `due` read a file known valid by
    # rules on plain values (docs/cli-speed.md). A fresh interpreter per command: what
    # ends up in sys.modules is what the command pulled in.
    import os

    env = {**os.environ, "PARTNER_TUI_STATE_DIR": str(tmp_path / "state"),
           "PARTNER_TUI_CONFIG_DIR": str(tmp_path / "config")}
    db = tmp_path / "partners.json"

    def run(*args: str, code: str = READ_TRUSTED_FILE) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code, str(db), *args],
            check=False, cwd=REPO, capture_output=True, text=True, timeout=60, env=env,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

    import json

    assert "pydantic" in run("demo")
    # Without deals: an open deal registration is still read as a model (its rule is).
    data = json.loads(db.read_text(encoding="utf-8"))
    data["deals"], data["payments"] = {}, {}
    db.write_text(json.dumps(data), encoding="utf-8")
    assert "pydantic" in run("list")  # changed: read through the store, now known valid
    run("list", "--json")  # its entries computed once for the file and the day
    for args in (["list"], ["list", "--stage", "active"], ["list", "--json"], ["due"],
                 ["due", "--json"], ["due", "--days", "400"]):
        assert run(*args) == "", f"{' '.join(args)} imported pydantic"


# -- what the reading commands and the yardstick import (docs/cli-speed.md) ------------------
# Every command's module is imported where dispatch runs it (cli/dispatch.py): none of
# these is needed to print the version, nor by the reading commands that are not theirs.
COMMAND_MODULES = (
    "partner_tui.cli.app_commands", "partner_tui.cli.data_commands",
    "partner_tui.cli.deal_commands", "partner_tui.cli.due_command",
    "partner_tui.cli.partner_commands", "partner_tui.cli.pay_command",
    "partner_tui.cli.account_commands", "partner_tui.cli.git_setup",
    "partner_tui.cli.git_commands", "partner_tui.cli.deal_actions",
    "partner_tui.cli.export_stream", "partner_tui.cli.file_checks",
)

LOADED_BY = """
import contextlib, io, sys
from partner_tui.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
assert code == 0 and out.getvalue(), code
print(" ".join(sorted(sys.modules)))
"""


def loaded_by(*args: str, env: dict[str, str] | None = None) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED_BY, *args],
        check=False, cwd=REPO, capture_output=True, text=True, timeout=60, env=env,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_the_version_is_the_programs_start_and_nothing_more() -> None:
    # `--version` is the yardstick of every command's speed: the interpreter, the
    # command line's parser and its error reporting, nothing a command needs to do work.
    loaded = loaded_by("--version")
    assert "partner_tui.cli.parser" in loaded
    extra = sorted(loaded & {*COMMAND_MODULES, "orjson", "json", "decimal", "threading",
                             "socket", "uuid", "dataclasses", "partner_tui.cli.json_output"})
    assert not extra, f"--version imported {extra}"
    assert not [m for m in loaded if m.startswith(("partner_tui.speedups", "pydantic",
                                                   "partner_tui.store.file", "textual"))]


def test_list_due_and_show_import_only_their_own_command(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "PARTNER_TUI_STATE_DIR": str(tmp_path / "state"),
           "PARTNER_TUI_CONFIG_DIR": str(tmp_path / "config")}
    db = str(tmp_path / "partners.json")
    loaded_by("--db", db, "demo", env=env)
    loaded_by("--db", db, "list", env=env)  # read once through the store: now known valid
    import json

    partner = next(iter(json.loads(Path(db).read_text(encoding="utf-8"))["partners"]))
    own = {"list": "partner_tui.cli.partner_commands", "due": "partner_tui.cli.due_command",
           "show": "partner_tui.cli.partner_commands"}
    for command, args in (("list", []), ("due", []), ("due", ["--json"]),
                          ("show", [partner]), ("list", ["--json"])):
        loaded = loaded_by("--db", db, command, *args, env=env)
        assert own[command] in loaded
        extra = sorted(loaded & (set(COMMAND_MODULES) - {own[command]}))
        assert not extra, f"{command} {' '.join(args)} imported {extra}"
        assert not [m for m in loaded if m.split(".")[0] in ("textual", "rich")
                    or m.startswith("partner_tui.ui")], command


SHOW_BUILDS = """
import contextlib, io, sys
from partner_tui.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["--db", *sys.argv[1:]])
assert code == 0 and out.getvalue(), code
from partner_tui.domain.partner import Partner
print("BUILT" if Partner.__pydantic_complete__ else "NOT BUILT")
"""


def test_show_of_a_file_known_valid_builds_no_partner_model(tmp_path: Path) -> None:
    # Building the Partner validator (two dozen nested models) was a third of `show`'s
    # own work: a partner of a file known valid is read from its record
    # (cli/shown_partner.py). `show --json` still gives the model's own dump.
    import json
    import os

    env = {**os.environ, "PARTNER_TUI_STATE_DIR": str(tmp_path / "state"),
           "PARTNER_TUI_CONFIG_DIR": str(tmp_path / "config")}
    db = str(tmp_path / "partners.json")
    loaded_by("--db", db, "demo", env=env)
    loaded_by("--db", db, "list", env=env)  # read once through the store: now known valid
    partners = json.loads(Path(db).read_text(encoding="utf-8"))["partners"]

    def built(*args: str) -> str:
        result = subprocess.run([sys.executable, "-c", SHOW_BUILDS, db, *args], check=False,
                                cwd=REPO, capture_output=True, text=True, timeout=60, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    for partner in list(partners)[:3]:
        assert built("show", partner) == "NOT BUILT"
    assert built("show", next(iter(partners)), "--json") == "BUILT"


def test_show_of_a_file_known_valid_imports_no_pydantic(tmp_path: Path) -> None:
    # Importing pydantic and the playbook's models was half of `show`'s time: on a file
    # known valid the partner is read from its record (cli/shown_partner.py) and its
    # figures from its stored records and the stored settings' rules
    # (speedups/file_board.StoredRules), through modules that import no model
    # (docs/cli-speed.md). `show --json` prints the model's own dump, so it builds one.
    import json
    import os

    env = {**os.environ, "PARTNER_TUI_STATE_DIR": str(tmp_path / "state"),
           "PARTNER_TUI_CONFIG_DIR": str(tmp_path / "config")}
    db = tmp_path / "partners.json"

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", READ_TRUSTED_FILE, str(db), *args],
            check=False, cwd=REPO, capture_output=True, text=True, timeout=60, env=env,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

    assert "pydantic" in run("demo")  # the file it writes is remembered known valid
    data = json.loads(db.read_text(encoding="utf-8"))
    with_deals = {str(deal["partner_id"]) for deal in data["deals"].values()}
    shown = [pid for pid in data["partners"] if pid in with_deals][:2] + list(data["partners"])[:2]
    for partner in shown:
        assert run("show", partner) == "", f"show {partner} imported pydantic"
    assert "pydantic" in run("show", shown[0], "--json")
