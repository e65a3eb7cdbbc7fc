"""The torture suite's hooks and fixtures: marker, figures printed at the end, the pty app.

Every test in this folder is marked `torture` (run them alone with `pytest -m torture`);
they are part of the default run and bounded so the whole folder stays under ~90 s.
Figures (kills survived, races run, bad inputs tried) are tallied and printed at the end
of the run, so README's numbers come from a real run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.torture import TALLY, PtyApp


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "torture: reliability torture tests (real kills, races)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.torture)


def pytest_terminal_summary(terminalreporter: object) -> None:
    if TALLY:
        figures = ", ".join(f"{k}={v}" for k, v in sorted(TALLY.items()))
        terminalreporter.write_line(f"torture figures: {figures}")  # type: ignore[attr-defined]



@pytest.fixture
def pty_app(tmp_path: Path) -> Iterator[Callable[..., PtyApp]]:
    started: list[PtyApp] = []

    def start(*args: str | Path, size: tuple[int, int] = (120, 40)) -> PtyApp:
        app = PtyApp(list(args), tmp_path, size)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()
