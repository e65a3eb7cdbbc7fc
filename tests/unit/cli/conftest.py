"""The command line's tests call `main` in-process through the `cli` fixture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from partner_tui.cli import main


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the command line with these arguments: (exit code, stdout, stderr), and never a
    traceback in either."""

    def call(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return call
