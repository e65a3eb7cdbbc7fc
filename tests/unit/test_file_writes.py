"""Every place the program writes a file goes through the guarded helpers.

The helpers are where the care is (docs/files.md): a new temp file made with O_EXCL and
renamed over the name (store/atomic.py: atomic_write, atomic_stream, write_new,
preserve), the lock file opened without following a link (store/lock_file.py), folders
made 0700 or checked for planted links and plain files looked at without following
(os_compat/plain_files.py), the replace and the flushes (os_compat/files.py). A write
anywhere else (an `open(..., "w")`, `Path.write_text`, `os.replace`, an `os.open` with
O_CREAT, a `mkdir`) would skip that care: this test lists every such call site in
partner_tui/ and fails on one outside the helpers, naming the file and the line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import partner_tui

PACKAGE = Path(partner_tui.__file__).parent
# The guarded helpers, by where they live (the store's by file name: the store's modules
# may move into folders of their own).
GUARDED_PATHS = {"os_compat/files.py", "os_compat/plain_files.py"}
GUARDED_STORE_FILES = {"atomic_write.py", "lock_file.py"}

# Calls that write, by what they are called on and their name.
MODULE_WRITES = {
    ("os", "replace"), ("os", "rename"), ("os", "link"), ("os", "symlink"),
    ("os", "mkdir"), ("os", "makedirs"), ("os", "mkfifo"), ("os", "truncate"),
    ("shutil", "move"), ("shutil", "copy"), ("shutil", "copy2"), ("shutil", "copyfile"),
    ("shutil", "copytree"), ("tempfile", "mkstemp"), ("tempfile", "NamedTemporaryFile"),
}
# Methods no str or dict has: a Path's (or a file's) writes, whatever they are called on.
METHOD_WRITES = {
    "write_bytes", "write_text", "mkdir", "touch", "rename", "symlink_to", "hardlink_to",
}
WRITE_MODES = set("wax+")
CREATING_FLAGS = {"O_CREAT", "O_TRUNC", "O_APPEND"}
# os_compat/files.py's names for flags that only say how to read (O_BINARY, O_NOFOLLOW,
# O_NONBLOCK where the platform has them): known, and none of them creates a file.
READ_FLAGS = ("BINARY", "NO_FOLLOW", "NO_BLOCK")


def _is_guarded(relative: str) -> bool:
    if relative in GUARDED_PATHS:
        return True
    return relative.startswith("store/") and Path(relative).name in GUARDED_STORE_FILES


def _mode_of(call: ast.Call, position: int) -> str | None:
    """The mode argument of an open() call as written ('r' when left out), or None when
    it is not a literal (then the call is listed: nobody can tell it only reads)."""
    node = call.args[position] if len(call.args) > position else None
    for keyword in call.keywords:
        if keyword.arg == "mode":
            node = keyword.value
    if node is None:
        return "r"
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _flag_names(node: ast.AST) -> set[str] | None:
    """The os.O_* names in a flags expression, or None when it is not built from them."""
    names: set[str] = set()
    for part in ast.walk(node):
        if isinstance(part, ast.Attribute) and part.attr.startswith("O_"):
            names.add(part.attr)
        elif isinstance(part, ast.Name) and part.id not in ("os", "files", *READ_FLAGS):
            return None  # a variable: unknown flags
    return names


def writes_in(source: str) -> list[tuple[int, str]]:
    """(line, what) for every call in `source` that writes a file or makes a name."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            mode = _mode_of(node, 1)
            if mode is None or WRITE_MODES & set(mode):
                found.append((node.lineno, f"open(..., {mode!r})"))
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            name = func.attr
            if owner == "os" and name == "open":
                flags = _flag_names(node.args[1]) if len(node.args) > 1 else set()
                if flags is None or CREATING_FLAGS & flags:
                    found.append((node.lineno, "os.open(... O_CREAT ...)"))
            elif name in ("open", "fdopen"):  # Path.open, io.open, os.fdopen
                mode = _mode_of(node, 0 if owner != "os" and name == "open" else 1)
                if mode is None or WRITE_MODES & set(mode):
                    found.append((node.lineno, f"{name}(..., {mode!r})"))
            elif (owner, name) in MODULE_WRITES:
                found.append((node.lineno, f"{owner}.{name}"))
            elif name in METHOD_WRITES:
                found.append((node.lineno, f".{name}()"))
    return sorted(found)


def all_writes() -> dict[str, list[tuple[int, str]]]:
    return {
        path.relative_to(PACKAGE).as_posix(): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if (found := writes_in(path.read_text(encoding="utf-8")))
    }


def test_every_write_goes_through_the_guarded_helpers() -> None:
    outside = [
        f"partner_tui/{relative}:{line}: {what}"
        for relative, found in all_writes().items()
        if not _is_guarded(relative)
        for line, what in found
    ]
    assert outside == [], (
        "writes outside the guarded helpers (use store/atomic.py's atomic_write or "
        "os_compat/plain_files.py, and say it in docs/files.md):\n" + "\n".join(outside)
    )


def test_the_helpers_are_where_the_writes_are() -> None:
    """The list is not empty by accident: the helpers' own writes are found."""
    guarded = {relative for relative in all_writes() if _is_guarded(relative)}
    assert {"os_compat/files.py", "os_compat/plain_files.py"} <= guarded
    assert {Path(r).name for r in guarded if r.startswith("store/")} == GUARDED_STORE_FILES


def test_the_scan_finds_each_kind_of_write() -> None:
    """A new member of the class is caught, whatever its form."""
    samples = {
        'open(p, "w")': "open(..., 'w')",
        'open(p, mode="ab")': "open(..., 'ab')",
        "open(p, how)": "open(..., None)",
        'path.open("x")': "open(..., 'x')",
        'os.fdopen(fd, "wb")': "fdopen(..., 'wb')",
        "os.replace(a, b)": "os.replace",
        "shutil.copy(a, b)": "shutil.copy",
        "path.write_bytes(b'')": ".write_bytes()",
        "path.write_text('')": ".write_text()",
        "path.mkdir(parents=True)": ".mkdir()",
        "os.open(p, os.O_WRONLY | os.O_CREAT)": "os.open(... O_CREAT ...)",
        "os.open(p, flags)": "os.open(... O_CREAT ...)",
        "tempfile.mkstemp()": "tempfile.mkstemp",
    }
    for source, what in samples.items():
        assert writes_in(source) == [(1, what)], source
    for reading in ('open(p)', 'open(p, "rb")', 'path.open("r")', "os.open(p, os.O_RDONLY)",
                    "os.open(p, os.O_RDONLY | BINARY | NO_FOLLOW | NO_BLOCK)",
                    'text.replace("a", "b")', "path.read_bytes()"):
        assert writes_in(reading) == [], reading
