"""Build benchmark databases through the real import path.

    .venv/bin/python bench/make_db.py 10000 bench/out/p10000.json

Writes a CSV of N realistic partners (about 1.5 KB of text each) and imports it with
`partner-tui --db DB import FILE.csv`, timing the import the way a user would run it.
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

STAGES = ["prospect", "engage", "negotiate", "active"]
TYPES = ["technology", "channel", "integration", "strategic_alliance"]
WORDS = (
    "integration webinar pipeline reseller analytics revenue onboarding enablement api "
    "workflow marketplace co-marketing referral customers expansion roadmap security sso "
    "dashboard partner portal renewal pilot migration support certification launch"
).split()


def write_csv(n: int, path: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = date(2026, 1, 5)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["company", "type", "stage", "contact_name", "contact_email", "website",
             "potential_value", "next_action", "notes"]
        )
        for i in range(n):
            company = f"{rng.choice(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne'])} {rng.choice(['Labs', 'Systems', 'Cloud', 'Analytics', 'Partners', 'Software', 'Data', 'Works'])} {i:05d}"
            notes = " ".join(rng.choice(WORDS) for _ in range(170))  # ~1.2 KB of notes
            out.writerow(
                [
                    company,
                    TYPES[i % 4],
                    STAGES[(i * 7) % 4],
                    f"Alex Morgan {i}",
                    f"alex.morgan{i}@partner{i}.io",
                    f"https://partner{i}.io",
                    f"{rng.randrange(0, 500_000)}.00",
                    (start + timedelta(days=rng.randrange(0, 400))).isoformat(),
                    notes,
                ]
            )


def main() -> int:
    n = int(sys.argv[1])
    db = Path(sys.argv[2])
    db.parent.mkdir(parents=True, exist_ok=True)
    for leftover in db.parent.glob(f"*{db.stem}*"):
        leftover.unlink()
    csv_path = db.with_suffix(".csv")
    write_csv(n, csv_path)
    exe = Path(sys.executable).with_name("partner-tui")
    t0 = time.perf_counter()
    run = subprocess.run([str(exe), "--db", str(db), "import", str(csv_path)],
                         capture_output=True, text=True)
    took = time.perf_counter() - t0
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 1
    size = db.stat().st_size if db.exists() else 0
    print(f"import {n} rows: {took:.3f} s; file {size / 1e6:.1f} MB "
          f"({size / max(n, 1):.0f} B/partner)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
