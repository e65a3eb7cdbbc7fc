"""Several stores on one file, as several processes would be (here in one process: two
PartnerStore objects, each with its own memory and its own turn at the file's lock).

Every write merges what the other wrote since; merge_from_disk() brings it in between
writes; a clash is written into the partner's activity log; undo takes back only the
store's own change; an edit made from an older read keeps the other's changes.
"""

from __future__ import annotations

import random
from pathlib import Path

from partner_tui.domain.partner import Activity, ActivityKind, new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.partner_store import PartnerStore
from tests.conftest import FROZEN_TODAY


def companies(store: PartnerStore) -> list[str]:
    return sorted(p.company for p in store.partners.all())


def on_disk(path: Path) -> PartnerStore:
    return PartnerStore(path, read_only=True)


def test_two_stores_interleaving_hundreds_of_edits_lose_none(db_path: Path) -> None:
    rng = random.Random(20261202)
    stores = [PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")]
    expected_notes: dict[str, str] = {}
    added: list[str] = []
    try:
        for step in range(300):
            store = stores[rng.randrange(2)]
            if rng.random() < 0.3:
                store.merge_from_disk()  # what the app does when it sees the file change
            ids = [card.id for card in store.partners.cards()]
            roll = rng.random()
            if roll < 0.4 or not ids:
                partner = store.partners.add(new_partner(f"P{step}"))
                added.append(partner.id)
            elif roll < 0.7:
                # An edit of the partner's own notes: each edit is the latest for it.
                partner_id = rng.choice(ids)
                partner = store.partners.get(partner_id)
                store.partners.update(partner.model_copy(update={"notes": f"step {step}"}))
                expected_notes[partner_id] = f"step {step}"
            else:
                partner_id = rng.choice(ids)
                store.partners.update(
                    store.partners.get(partner_id).model_copy(update={"activities": [
                        *store.partners.get(partner_id).activities,
                        Activity(date=FROZEN_TODAY, kind=ActivityKind.CALL, text=f"call {step}"),
                    ]})
                )
        for store in stores:
            store.merge_from_disk()
        assert companies(stores[0]) == companies(stores[1])
    finally:
        for store in stores:
            store.close()
    with on_disk(db_path) as reader:
        assert sorted(card.id for card in reader.partners.cards()) == sorted(added)
        calls = [a.text for p in reader.partners.all() for a in p.activities if a.kind is ActivityKind.CALL]
        for partner_id, notes in expected_notes.items():
            # Two stores editing the same notes: the later edit wins; the earlier one was
            # either overwritten in order or is in the log as a clash. Never both lost.
            partner = reader.partners.get(partner_id)
            logged = {a.text for a in partner.activities}
            assert partner.notes == notes or any(notes in text for text in logged)
    assert len(calls) == len(set(calls))  # each logged call is there once


def test_every_logged_call_of_both_stores_is_in_the_file(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        acme = store.partners.add(new_partner("Acme"))
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        for i in range(20):
            for who, store in (("ann", ann), ("bob", bob)):
                partner = store.partners.get(acme.id)
                entry = Activity(date=FROZEN_TODAY, kind=ActivityKind.CALL, text=f"{who} {i}")
                store.partners.update(partner.model_copy(update={"activities": [
                    *partner.activities, entry
                ]}))
    finally:
        ann.close()
        bob.close()
    with on_disk(db_path) as reader:
        log = reader.partners.get(acme.id).activities
    expected = sorted(f"{who} {i}" for who in ("ann", "bob") for i in range(20))
    assert sorted(a.text for a in log) == expected
    assert {a.text.split()[0]: a.author for a in log} == {"ann": "Ann", "bob": "Bob"}


def test_a_clash_is_written_into_the_partners_log_by_who_merged(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        acme = store.partners.add(new_partner("Acme"))
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        ann.partners.update(ann.partners.get(acme.id).model_copy(update={"contact_name": "Jane"}))
        bob.partners.update(bob.partners.get(acme.id).model_copy(update={"contact_name": "Joe"}))  # later
        result = ann.merge_from_disk()
        assert result is not None and [c.field for c in result.clashes] == []  # bob merged it
        partner = ann.partners.get(acme.id)
    finally:
        ann.close()
        bob.close()
    assert partner.contact_name == "Joe"
    notes = [(a.text, a.author) for a in partner.activities]
    assert notes == [("merge: contact name was Jane on the other side", "Bob")]


def test_merge_from_disk_keeps_our_pending_change_and_tells_a_clash(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        acme = store.partners.add(new_partner("Acme"))
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        bob.partners.update(bob.partners.get(acme.id).model_copy(update={"website": "bob.example.com"}))
        with ann.storage.lock:  # ann's change is in memory, not written yet
            ann.storage._batch_depth += 1
            try:
                ann.partners.update(ann.partners.get(acme.id).model_copy(update={"website": "ann.example.com"}))
            finally:
                ann.storage._batch_depth -= 1
        result = ann.merge_from_disk()
        assert result is not None
        assert [c.text for c in result.clashes] == [
            "merge: website was https://bob.example.com on the other side"
        ]
        assert ann.partners.get(acme.id).website == "https://ann.example.com"  # ours is later
        assert ann.storage.dirty
        ann.flush()
    finally:
        ann.close()
        bob.close()
    with on_disk(db_path) as reader:
        assert reader.partners.get(acme.id).website == "https://ann.example.com"


def test_undo_takes_back_only_this_stores_change(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        acme = store.partners.add(new_partner("Acme"))
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        ann.partners.move(acme.id, Stage.ENGAGE)
        bob.merge_from_disk()
        bob.partners.update(bob.partners.get(acme.id).model_copy(update={"notes": "Bob's note"}))
        bob.partners.add(new_partner("Beacon"))
        ann.merge_from_disk()
        assert ann.undo() == "move Acme to Engage"
        partner = ann.partners.get(acme.id)
        assert partner.stage is Stage.PROSPECT
        assert [c.stage for c in partner.stage_history] == [Stage.PROSPECT]
        assert partner.notes == "Bob's note"  # theirs stays
        assert companies(ann) == ["Acme", "Beacon"]
        assert bob.undo() == "add Beacon"  # bob's undo is bob's: ann's move is not in it
        assert bob.undo() == "edit Acme"
        assert bob.undo() is None
    finally:
        ann.close()
        bob.close()
    with on_disk(db_path) as reader:
        partner = reader.partners.get(acme.id)
        assert (partner.stage, partner.notes, reader.partners.count()) == (Stage.PROSPECT, "", 1)


def test_undo_leaves_a_field_someone_else_changed_since_and_says_so(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        acme = store.partners.add(new_partner("Acme"))
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        ann.partners.update(ann.partners.get(acme.id).model_copy(update={"owner": "Ann", "notes": "by Ann"}))
        bob.merge_from_disk()
        bob.partners.update(bob.partners.get(acme.id).model_copy(update={"owner": "Bob"}))
        ann.merge_from_disk()
        said = ann.undo()
        assert said == "edit Acme (not all: Acme: owner changed by someone else since, kept)"
        partner = ann.partners.get(acme.id)
        assert (partner.owner, partner.notes) == ("Bob", "")
    finally:
        ann.close()
        bob.close()


def test_undo_of_an_add_someone_edited_since_keeps_it(db_path: Path) -> None:
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        acme = ann.partners.add(new_partner("Acme"))
        bob.merge_from_disk()
        bob.partners.update(bob.partners.get(acme.id).model_copy(update={"notes": "worth a call"}))
        ann.merge_from_disk()
        assert ann.undo() == (
            "add Acme (not all: Acme was changed by someone else since, so it stays)"
        )
        assert companies(ann) == ["Acme"]
    finally:
        ann.close()
        bob.close()


def test_undo_of_a_change_to_a_partner_deleted_since_does_not_bring_it_back(
    db_path: Path,
) -> None:
    with PartnerStore(db_path) as store:
        acme = store.partners.add(new_partner("Acme"))
    ann, bob = PartnerStore(db_path), PartnerStore(db_path)
    try:
        ann.partners.move(acme.id, Stage.ENGAGE)
        bob.merge_from_disk()
        bob.partners.delete(acme.id)
        ann.merge_from_disk()
        assert ann.undo() == (
            "move Acme to Engage (not all: Acme was deleted by someone else since)"
        )
        assert companies(ann) == []
    finally:
        ann.close()
        bob.close()


def test_an_edit_from_an_older_read_keeps_what_others_changed_since(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        acme = store.partners.add(new_partner("Acme", contact_name="Jane"))
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        opened = ann.partners.get(acme.id)  # a form opened on Acme
        bob.partners.update(bob.partners.get(acme.id).model_copy(
            update={"website": "acme.io", "contact_name": "Jim", "tags": ["bob"]}
        ))
        ann.merge_from_disk()
        edited = opened.model_copy(update={"notes": "Ann's notes", "contact_name": "Joan"})
        saved = ann.partners.update(edited, since=opened)
    finally:
        ann.close()
        bob.close()
    assert saved.notes == "Ann's notes" and saved.contact_name == "Joan"  # the edits
    assert saved.website == "https://acme.io" and saved.tags == ["bob"]  # and theirs
    assert [(a.text, a.author) for a in saved.activities] == [
        ("merge: contact name was Jim on the other side", "Ann")
    ]


def test_settings_edited_on_two_sides_keep_both_edits(db_path: Path) -> None:
    with PartnerStore(db_path):
        pass
    ann, bob = PartnerStore(db_path), PartnerStore(db_path)
    try:
        opened = ann.program.settings()
        bob.program.save_settings(bob.program.settings().model_copy(update={"currency_symbol": "€"}))
        ann.merge_from_disk()
        assert ann.program.settings().currency_symbol == "€"
        targets = opened.targets.model_copy(update={"prospect": 30})
        ann.program.save_settings(opened.model_copy(update={"targets": targets}), since=opened)
    finally:
        ann.close()
        bob.close()
    with on_disk(db_path) as reader:
        settings = reader.program.settings()
    assert (settings.currency_symbol, settings.targets.prospect) == ("€", 30)
    assert settings.targets.engage == Settings().targets.engage


def test_templates_and_many_partners_from_another_writer_come_in(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme"))
    ann, bob = PartnerStore(db_path), PartnerStore(db_path)
    try:
        bob.partners.add_many([new_partner(f"Imported {i:03d}", stage=Stage.ENGAGE) for i in range(150)])
        bob.program.save_template(OutreachTemplate(name="Bob's", subject="Hi", body="Hello [Name]"))
        result = ann.merge_from_disk()
        assert result is not None and len(result.changed_keys("partners")) == 150
        column = ann.partners.column_cards(Stage.ENGAGE)
        assert [c.company for c in column] == [f"Imported {i:03d}" for i in range(150)]
        assert "Bob's" in [t.name for t in ann.program.templates()]
        ann.partners.move(column[0].id, Stage.NEGOTIATE)  # the index is whole: moves work on it
        assert [c.company for c in ann.partners.column_cards(Stage.NEGOTIATE)] == ["Imported 000"]
    finally:
        ann.close()
        bob.close()


def test_new_stage_changes_and_activities_are_signed_and_old_ones_left(db_path: Path) -> None:
    with PartnerStore(db_path) as nobody:
        acme = nobody.partners.add(new_partner("Acme"))  # no author known: signed by nobody
    with PartnerStore(db_path, author=lambda: "Maya Okafor") as store:
        store.partners.move(acme.id, Stage.ENGAGE)
        partner = store.partners.get(acme.id)
        entry = Activity(date=FROZEN_TODAY, kind=ActivityKind.NOTE, text="Met at a fair")
        store.partners.update(partner.model_copy(update={"activities": [*partner.activities, entry]}))
        store.partners.archive(acme.id, ArchiveReason.PAUSED)
        store.partners.restore(acme.id)
        beacon = store.partners.add(new_partner("Beacon"))
    with on_disk(db_path) as reader:
        history = reader.partners.get(acme.id).stage_history
        assert [(c.stage, c.author) for c in history] == [
            (Stage.PROSPECT, None),
            (Stage.ENGAGE, "Maya Okafor"),
            (Stage.ARCHIVED, "Maya Okafor"),
            (Stage.ENGAGE, "Maya Okafor"),
        ]
        assert [a.author for a in reader.partners.get(acme.id).activities] == ["Maya Okafor"]
        assert [c.author for c in reader.partners.get(beacon.id).stage_history] == ["Maya Okafor"]


def test_deals_and_payments_of_two_stores_merge_and_undo_is_per_store(db_path: Path) -> None:
    from datetime import date

    from partner_tui.domain.periods import Period
    from tests.unit.store.test_deal_store import sharing_partner, won_deal

    with PartnerStore(db_path) as store:
        partner = store.partners.add(sharing_partner())
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        deal = ann.deals.add(won_deal(partner.id))
        bob.deals.add(won_deal(partner.id, customer="Beacon", customer_domain="beacon.io"))
        ann.merge_from_disk()
        assert sorted(d.customer for d in ann.deals.of_partner(partner.id)) == ["Acme", "Beacon"]
        feb = Period.parse("2026-02")
        assert ann.payouts.of_partner(partner.id, feb).total > 0  # the deal indexes took Bob's deal in
        bob.payouts.mark_paid(partner.id, feb, date(2026, 4, 2))
        ann.merge_from_disk()
        assert ann.payouts.of_partner(partner.id, feb).owed == 0  # Bob's payment came in
        bob.merge_from_disk()
        bob.deals.update(bob.deals.get(deal.id).model_copy(update={"notes": "Bob's note"}))
        ann.merge_from_disk()
        # Ann's undo of her registration: Bob edited the deal since, so it stays.
        assert ann.undo() == (
            "register deal Acme (not all: Acme was changed by someone else since, so it stays)"
        )
        assert bob.undo() == "edit deal Acme"  # Bob's undo is Bob's own: his edit
        assert bob.undo() == "mark Northwind paid for 2026-02"
        ann.merge_from_disk()
        assert ann.payouts.of_partner(partner.id, feb).paid == 0
    finally:
        ann.close()
        bob.close()
    with on_disk(db_path) as reader:
        assert sorted(d.customer for d in reader.deals.of_partner(partner.id)) == ["Acme", "Beacon"]
        assert reader.deals.get(deal.id).notes == "" and reader.payouts.payments_of(partner.id) == []


def test_a_merge_at_the_start_of_our_own_write_is_told_too(db_path: Path) -> None:
    """Bob's write merges Ann's change in (on the writer's thread, in the app): the file
    then matches Bob's memory, yet his screens have not shown Ann's change. It is told by
    the next merge_from_disk(), once."""
    ann, bob = PartnerStore(db_path, author="Ann"), PartnerStore(db_path, author="Bob")
    try:
        acme = ann.partners.add(new_partner("Acme"))
        bob.partners.add(new_partner("Beacon"))  # merges Acme in first
        assert not bob.changed_on_disk() and bob.merged_unshown
        told = bob.merge_from_disk()
        assert told is not None and told.changed_keys("partners") == {acme.id}
        assert not bob.merged_unshown and bob.merge_from_disk() is None
    finally:
        ann.close()
        bob.close()
