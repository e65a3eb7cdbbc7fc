"""Run the command line in-process, as a test calls it: exit code, stdout, stderr."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from partner_tui.cli import main

CLI = Callable[..., tuple[int, str, str]]


def in_process(capsys: pytest.CaptureFixture[str]) -> CLI:
    """`call(*args)` runs `partner-tui args...` and returns (code, out, err); a traceback
    in either stream fails the test (the command line promises one-line errors)."""

    def call(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return call
