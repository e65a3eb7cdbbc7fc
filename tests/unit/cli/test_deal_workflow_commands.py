"""`partner-tui deal approve|reject|extend DEAL`, import-deals with reviewed rows, and the
`due` lines of registrations about to expire (docs/registrations.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from partner_tui.cli.deal_arguments import REASON_KEYS
from partner_tui.domain.deals import REJECTION_REASONS, DealStatus
from partner_tui.profile.your_name import save_your_name
from partner_tui.store.partner_store import PartnerStore
from tests.conftest import FROZEN_TODAY

CLI = Callable[..., tuple[int, str, str]]  # the `cli` fixture (tests/unit/cli/conftest.py)

# FROZEN_TODAY is 2026-03-16: Acme's registration (2025-12-26) has 10 days left.
DEALS = (
    "partner,customer,customer_domain,status,registered_on,reviewed_on,rejection_reason\n"
    "Northwind,Acme,acme.io,registered,2025-12-26,,\n"
    "Northwind,Beta,beta.io,approved,2026-01-02,2026-01-10,\n"
    "Brightpath,Gamma,gamma.io,rejected,2026-02-01,2026-02-03,duplicate\n"
    "Brightpath,Old,old.io,registered,2025-06-01,,\n"
)


@pytest.fixture
def program(cli: CLI, tmp_path: Path, frozen_clock: object) -> Path:
    db = tmp_path / "p.json"
    partners = tmp_path / "partners.csv"
    partners.write_text("company,stage\nNorthwind,active\nBrightpath,active\n")
    deals = tmp_path / "deals.csv"
    deals.write_text(DEALS)
    assert cli("--db", db, "import", partners)[0] == 0
    code, out, err = cli("--db", db, "import-deals", deals)
    assert code == 0, err
    assert "2 registered, 1 approved, 1 rejected" in out
    return db


def test_import_deals_reads_reviews_signed_by_the_importer(program: Path) -> None:
    with PartnerStore(program, read_only=True) as store:
        [gamma] = store.deals.with_domain("gamma.io")
        assert (gamma.status, gamma.rejection_reason) == (DealStatus.REJECTED, "duplicate")
        [beta] = store.deals.with_domain("beta.io")
        assert beta.reviewed_on is not None and beta.reviewed_on.isoformat() == "2026-01-10"


def test_import_deals_refuses_a_rejection_without_a_reason_and_a_stray_reason(
    cli: CLI, program: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "partner,customer,customer_domain,status,reason\n"
        "Northwind,Delta,delta.io,rejected,\n"
        "Northwind,Eps,eps.io,approved,duplicate\n"
    )
    code, _out, err = cli("--db", program, "import-deals", bad)
    assert code == 1
    assert "line 2: rejection_reason: a rejected deal needs a reason" in err
    assert "line 3: rejection_reason: an approved registration has no rejection reason" in err


def test_approve_by_domain_signs_and_restarts_the_window(cli: CLI, program: Path) -> None:
    save_your_name("Ann Lee")
    code, out, err = cli("--db", program, "deal", "approve", "https://www.Acme.io/")
    assert code == 0, err
    ends = FROZEN_TODAY + timedelta(days=90)
    assert out.strip() == (
        f"Approved Acme (acme.io) for Northwind: approved, expires {ends.isoformat()} "
        "(in 90 days)."
    )
    with PartnerStore(program, read_only=True) as store:
        [acme] = store.deals.with_domain("acme.io")
        assert (acme.status, acme.reviewed_by, acme.reviewed_on) == (
            DealStatus.APPROVED, "Ann Lee", FROZEN_TODAY
        )
        [note] = [a for a in store.partners.get(acme.partner_id).activities
                  if a.text.startswith("Deal registration approved")]
        assert note.author == "Ann Lee"


def test_reject_and_extend_by_id_with_json(cli: CLI, program: Path) -> None:
    with PartnerStore(program, read_only=True) as store:
        [beta] = store.deals.with_domain("beta.io")
    code, out, _err = cli("--db", program, "deal", "extend", beta.id, "--days", "30", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["state"] == "approved"
    assert document["expires_on"] == "2026-05-10"  # 2026-01-10 + 90 + 30
    assert document["deal"]["extensions"][0]["days"] == 30
    code, out, _err = cli("--db", program, "deal", "reject", beta.id, "--reason",
                          "outside territory", "--json")
    assert code == 0
    document = json.loads(out)
    assert (document["state"], document["expires_on"]) == ("rejected", None)
    assert document["deal"]["rejection_reason"] == "outside the partner's territory"


def test_refusals_and_usage_mistakes_say_why(cli: CLI, program: Path) -> None:
    code, _out, err = cli("--db", program, "deal", "approve", "gamma.io")
    assert code == 0  # a rejected registration may be approved after all
    code, _out, err = cli("--db", program, "deal", "approve", "gamma.io")
    assert (code, err.strip()) == (
        1, ("partner-tui: Gamma is approved; only a registered or rejected registration can "
            "be approved")
    )
    code, _out, err = cli("--db", program, "deal", "reject", "acme.io", "--reason", " ")
    assert (code, err.strip()) == (2, "partner-tui: a rejection needs a reason")
    code, _out, err = cli("--db", program, "deal", "extend", "acme.io", "--days", "0")
    assert (code, err.strip()) == (1, "partner-tui: --days must be between 1 and 3650")
    code, _out, err = cli("--db", program, "deal", "approve", "nobody.io")
    assert code == 1 and "no deal 'nobody.io'" in err
    code, _out, err = cli("--db", program, "deal", "reject", "acme.io")
    assert code == 2 and "--reason" in err
    code, _out, err = cli("--db", program, "--read-only", "deal", "approve", "acme.io")
    assert code == 1 and "cannot run with --read-only" in err


def test_an_expired_registration_frees_its_domain_and_cannot_be_revived_over_it(
    cli: CLI, program: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.csv"
    again.write_text("partner,customer,customer_domain\nNorthwind,Old Again,old.io\n")
    code, _out, err = cli("--db", program, "import-deals", again)
    assert code == 0, err  # old.io's registration (2025-06-01) expired: no clash
    # Two deals now share old.io: the open live one is meant.
    code, _out, err = cli("--db", program, "deal", "extend", "old.io", "--days", "400")
    assert code == 2 and "names 2 deals" in err
    with PartnerStore(program, read_only=True) as store:
        old = next(d for d in store.deals.with_domain("old.io") if d.customer == "Old")
    code, _out, err = cli("--db", program, "deal", "extend", old.id, "--days", "400")
    assert code == 1
    assert "old.io is already registered: Old Again (old.io), registered by Northwind" in err
    # A live registration still clashes, naming what blocks and until when.
    clash = tmp_path / "clash.csv"
    clash.write_text("partner,customer,customer_domain\nBrightpath,Acme Two,acme.io\n")
    code, _out, err = cli("--db", program, "import-deals", clash)
    assert code == 1
    assert "registered by Northwind on 2025-12-26, registered, expires 2026-03-26" in err


def test_due_lists_registrations_expiring_within_the_warning(cli: CLI, program: Path) -> None:
    code, out, _err = cli("--db", program, "due", "--days", "1")
    assert code == 0
    assert "Registrations expiring (partner-tui deal extend DEAL --days N):" in out
    assert "Northwind: Registration of Acme (acme.io) expires in 10 days" in out
    assert "Beta" not in out  # approved 2026-01-10: 25 days left
    code, out, _err = cli("--db", program, "due", "--json")
    [item] = [i for i in json.loads(out)["items"] if i["kind"] == "registration"]
    assert (item["due"], item["days"], item["company"]) == ("2026-03-26", 10, "Northwind")
    with PartnerStore(program, read_only=True) as store:
        assert item["item"] == store.deals.with_domain("acme.io")[0].id


def test_the_help_names_every_rejection_reason() -> None:
    assert REASON_KEYS.split(", ") == list(REJECTION_REASONS)
