"""Build benchmark databases through the real import path.

    .venv/bin/python bench/make_db.py 10000 bench/out/p10000.json [--deals 10]

Writes a CSV of N realistic partners (about 1.5 KB of text each) and imports it with
`partner-tui --db DB import FILE.csv`, timing the import the way a user would run it.
With --deals K every partner also gets payout terms (revenue share for all, quarterly for
one in three, a referral fee for one in three) and K deals over the last two years
(won, lost and open; some customers gone), imported with `partner-tui import-deals`.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path


def built_by_an_older_schema(db: Path) -> bool:
    """Whether `db` was written at an older schema than this code's (by an older
    version): the benches rebuild it, since what they would time then is not this
    version's file. Run by the benches' interpreter, with the code under test first."""
    if not db.exists():
        return False
    check = (
        "import sys, orjson; from partner_tui.store.file import schema; "
        "data = orjson.loads(open(sys.argv[1], 'rb').read()); "
        "sys.exit(0 if schema.version_of(data) < schema.SCHEMA_VERSION else 1)"
    )
    return subprocess.run([sys.executable, "-c", check, str(db)], check=False).returncode == 0


STAGES = ["prospect", "engage", "negotiate", "active"]
TYPES = ["technology", "channel", "integration", "strategic_alliance"]
WORDS = (
    "integration webinar pipeline reseller analytics revenue onboarding enablement api "
    "workflow marketplace co-marketing referral customers expansion roadmap security sso "
    "dashboard partner portal renewal pilot migration support certification launch"
).split()


TERMS = ["revenue_share_percent", "revenue_share_years", "payment_terms", "referral_fee"]


def terms(i: int) -> list[str]:
    return [f"{10 + i % 16}", f"{1 + i % 3}", "quarterly" if i % 3 == 0 else "monthly",
            "500" if i % 3 == 1 else ""]


def write_csv(n: int, path: Path, seed: int = 7, with_terms: bool = False) -> list[str]:
    """Write the partners; returns their company names."""
    rng = random.Random(seed)
    companies = []
    start = date(2026, 1, 5)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["company", "type", "stage", "contact_name", "contact_email", "website",
             "potential_value", "next_action", "notes"] + (TERMS if with_terms else [])
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
                    *(terms(i) if with_terms else []),
                ]
            )
            companies.append(company)
    return companies


def write_deals_csv(companies: list[str], per_partner: int, path: Path, seed: int = 11) -> None:
    """`per_partner` deals for each partner (named by company, as people do)."""
    rng = random.Random(seed)
    today = date(2026, 3, 16)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["partner", "customer", "customer_domain", "status", "registered_on",
                      "closed_on", "paid_on", "amount", "monthly_revenue", "ended_on", "notes"])
        for i, company in enumerate(companies):
            for j in range(per_partner):
                registered = today - timedelta(days=rng.randrange(30, 730))
                roll = rng.random()
                status = "won" if roll < 0.6 else "lost" if roll < 0.8 else "registered"
                closed = paid = ended = ""
                if status != "registered":
                    close_day = registered + timedelta(days=rng.randrange(5, 60))
                    closed = min(close_day, today).isoformat()
                if status == "won":
                    if rng.random() < 0.8:
                        paid = (date.fromisoformat(closed)
                                + timedelta(days=rng.randrange(0, 20))).isoformat()
                        paid = min(paid, today.isoformat())
                    if rng.random() < 0.2:
                        ended = min(date.fromisoformat(closed) + timedelta(
                            days=rng.randrange(30, 400)), today).isoformat()
                out.writerow([
                    company, f"Customer {i:05d}-{j:02d}", f"c{i:05d}-{j:02d}.io", status,
                    registered.isoformat(), closed, paid,
                    f"{rng.randrange(0, 10_000)}.00", f"{rng.randrange(50, 2_000)}.{j:02d}",
                    ended, "",
                ])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("db", type=Path)
    parser.add_argument("--deals", type=int, default=0, help="deals per partner")
    args = parser.parse_args()
    n, db = args.n, args.db
    db.parent.mkdir(parents=True, exist_ok=True)
    # This database's files only (p1000.* must not take p10000.json with it).
    for pattern in (f"*{db.stem}.*", f"{db.stem}-deals.csv"):
        for leftover in db.parent.glob(pattern):
            leftover.unlink()
    csv_path = db.with_suffix(".csv")
    companies = write_csv(n, csv_path, with_terms=bool(args.deals))
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
    if args.deals and n:
        deals_csv = db.with_name(f"{db.stem}-deals.csv")
        write_deals_csv(companies, args.deals, deals_csv)
        t0 = time.perf_counter()
        run = subprocess.run([str(exe), "--db", str(db), "import-deals", str(deals_csv)],
                             capture_output=True, text=True)
        took = time.perf_counter() - t0
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return 1
        size = db.stat().st_size
        print(f"import-deals {n * args.deals} rows: {took:.3f} s; file {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
