"""The command line run in this process, as a person would run it from the shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from partner_tui.cli import main


@pytest.fixture
def cli(capsys):
    """cli(*args) -> (exit code, stdout, stderr); never a traceback."""

    def call(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return call
