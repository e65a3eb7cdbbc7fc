"""A tmux terminal for the benchmarks: start a program, press keys, poll the screen fast.

Kept here (not in the package) because only the benchmarks need tmux.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid


class Term:
    def __init__(self, argv: list[str], size: tuple[int, int] = (120, 40), env: dict | None = None):
        self.argv = argv
        self.size = size
        self.env = env or {}
        self.sock = f"bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.started = 0.0
        self._pid = 0

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.sock, *args], capture_output=True,
                              text=True, check=False).stdout

    def __enter__(self) -> Term:
        envs: list[str] = []
        for k, v in self.env.items():
            envs += ["-e", f"{k}={v}"]
        cmd = "exec " + " ".join(shlex.quote(a) for a in self.argv)
        self.started = time.perf_counter()
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", str(self.size[0]),
                  "-y", str(self.size[1]), *envs, cmd)
        self.tmux("set-option", "-t", "b", "remain-on-exit", "on")
        return self

    def __exit__(self, *exc: object) -> None:
        pid = self.pid()
        self.tmux("kill-server")
        # The program saves and closes on the hang-up; let it finish, so its last work
        # does not land on the next measurement.
        deadline = time.perf_counter() + 10
        while pid and os.path.exists(f"/proc/{pid}") and time.perf_counter() < deadline:
            time.sleep(0.01)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "b")

    def pid(self) -> int:
        if not self._pid:
            self._pid = int(
                self.tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip() or 0
            )
        return self._pid

    def wait_for(self, text: str, timeout: float = 60.0) -> float:
        """Seconds from start until `text` is on screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter() - self.started
            time.sleep(0.002)
        raise TimeoutError(f"never saw {text!r}:\n{self.screen()}")

    def key_to_change(self, *keys: str, timeout: float = 10.0, literal: bool = False) -> float:
        """Press keys; seconds until the screen differs from what it was before."""
        before = self.screen()
        t0 = time.perf_counter()
        self.tmux("send-keys", "-t", "b", *(["-l"] if literal else []), *keys)
        while time.perf_counter() - t0 < timeout:
            if self.screen() != before:
                return time.perf_counter() - t0
            time.sleep(0.001)
        raise TimeoutError(f"screen did not change after {keys}")

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> float:
        """Wait until the app is idle: its screen unchanged and its process using no CPU
        (at most one clock tick) for `quiet` seconds. Returns seconds from the start of
        the program until it went idle. A key pressed then meets the app at rest, not
        still finishing its start-up work in the background."""
        last, ticks = self.screen(), self.cpu_ticks()
        since = time.perf_counter()
        deadline = since + timeout
        while time.perf_counter() < deadline:
            time.sleep(0.02)
            now, now_ticks = self.screen(), self.cpu_ticks()
            if now != last or now_ticks - ticks > 1:
                last, ticks, since = now, now_ticks, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return since - self.started
        return time.perf_counter() - self.started

    def cpu_ticks(self) -> int:
        """User + system CPU time of the program, in clock ticks (usually 10 ms)."""
        try:
            with open(f"/proc/{self.pid()}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            return 0

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "b", *keys)

    def peak_rss_mb(self) -> float:
        pid = self.pid()
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")
