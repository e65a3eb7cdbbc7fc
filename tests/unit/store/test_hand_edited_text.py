"""A file that already holds control characters (edited by hand, merged from git, written
by an older version) opens as before, shows clean text, and is cleaned on its next write;
nothing is refused for it and no other content is lost."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.safe_text import clean_line, clean_text
from partner_tui.domain.stages import Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.speedups.board_preview import read_preview
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.hostile import (
    OSC_52,
    OSC_52_STORED,
    assert_clean,
    hostile_text,
    unsafe_in_line,
)

NOTES = "first line\n\tindented second line"

Data = dict[str, Any]


def seed(path: Path) -> dict[str, str]:
    """Two partners (the one a hand edit will poison, and a bystander), a template."""
    with PartnerStore(path) as store:
        hostile = store.partners.add(new_partner("Placeholder", notes="x"))
        bystander = store.partners.add(new_partner("Bystander", notes=NOTES, tags=["api"]))
        store.program.save_template(OutreachTemplate(id="t1", name="Intro", body="Hi"))
    return {"hostile": hostile.id, "bystander": bystander.id}


def hand_edit(path: Path, edit: Callable[[Data], None]) -> None:
    """Change the file as a person would in an editor (JSON escapes for C0 controls; DEL,
    C1 and bidi characters written as they are)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def record_of(data: Data, table: str, key: str, value: str) -> Data:
    return next(r for r in data[table].values() if r.get(key) == value)


def poison(text: str, ids: dict[str, str]) -> Callable[[Data], None]:
    # Single-line fields keep their length limits (a template name is at most 120
    # characters): a name too long is refused for its length, not for its controls, so
    # the text put there is cut to fit. Cleaning never lengthens a text.
    line = text[:100]

    def edit(data: Data) -> None:
        partner = record_of(data, "partners", "id", ids["hostile"])
        partner.update(company="Co" + line, contact_name=line, notes=text, tags=[line, "ok"])
        partner["agreement"] = {"responsibilities": {"note": text}}
        template = record_of(data, "templates", "id", "t1")
        template.update(name="Intro" + line, subject=line, body=text)
        data["settings"] = {"1": {"profile": {"your_name": line}, "currency_symbol": "€"}}

    return edit


def assert_file_clean(path: Path) -> Data:
    data = json.loads(path.read_text(encoding="utf-8"))
    for record in data["partners"].values():
        assert_clean(Partner, record)
    for record in data["templates"].values():
        assert_clean(OutreachTemplate, record)
    for record in data["settings"].values():
        assert_clean(Settings, record)
    return data


def test_a_file_holding_the_osc_52_sequence_opens_and_shows_it_clean(db_path: Path) -> None:
    ids = seed(db_path)
    hand_edit(db_path, poison(OSC_52, ids))
    before = db_path.read_bytes()
    assert b"\\u001b]52" in before  # as a person's editor (or json.dumps) writes it
    with PartnerStore(db_path) as store:  # not refused
        assert store.partners.get(ids["hostile"]).company == "Co" + OSC_52_STORED
        assert store.partners.card(ids["hostile"]).company == "Co" + OSC_52_STORED
        assert store.program.template("t1").name == "Intro" + OSC_52_STORED
        assert store.program.settings().profile.your_name == OSC_52_STORED
        assert_clean(Partner, store.partners.card(ids["hostile"]).record)  # what the board reads
    # Opening (and closing without a change) writes nothing.
    assert db_path.read_bytes() == before


def test_the_next_write_cleans_every_record_and_keeps_the_rest(db_path: Path) -> None:
    ids = seed(db_path)
    text = OSC_52 + "\u202e\x9b2J\r\x7f"
    hand_edit(db_path, poison(text, ids))
    with PartnerStore(db_path) as store:
        store.partners.move(ids["bystander"], Stage.ENGAGE)  # a change to another partner
    data = assert_file_clean(db_path)
    bystander = record_of(data, "partners", "id", ids["bystander"])
    assert (bystander["notes"], bystander["tags"], bystander["stage"]) == (NOTES, ["api"], "engage")
    hostile = record_of(data, "partners", "id", ids["hostile"])
    assert hostile["company"] == clean_line("Co" + text) == "Co" + OSC_52_STORED + "2J "
    assert hostile["notes"] == clean_text(text) == OSC_52_STORED + "\u202e2J\n"
    assert record_of(data, "templates", "id", "t1")["body"] == hostile["notes"]
    assert data["settings"]["1"]["currency_symbol"] == "€"


def test_raw_control_characters_typed_into_the_file_open_too(db_path: Path) -> None:
    """JSON wants them escaped; an editor lets a person paste them raw."""
    ids = seed(db_path)
    text = db_path.read_bytes()
    raw = text.replace(b'"Bystander"', b'"By\x1b]0;pwned\x07stander\tCo"')
    raw = raw.replace(NOTES.replace("\n", "\\n").replace("\t", "\\t").encode(), b"a\tb\x1bc")
    assert raw != text
    db_path.write_bytes(raw)
    with PartnerStore(db_path) as store:
        bystander = store.partners.get(ids["bystander"])
        assert (bystander.company, bystander.notes) == ("By]0;pwnedstander Co", "a\tbc")
        store.partners.move(ids["hostile"], Stage.ENGAGE)
    assert_file_clean(db_path)


def test_other_json_mistakes_are_still_refused_untouched(db_path: Path) -> None:
    seed(db_path)
    broken = db_path.read_bytes().replace(b'"Bystander"', b'"By\x1bstander', 1)
    db_path.write_bytes(broken)
    try:
        PartnerStore(db_path, read_only=True)
    except Exception as exc:  # noqa: BLE001 - the type is checked below
        assert "not valid JSON" in str(exc) and "\x1b" not in str(exc)
    else:
        raise AssertionError("an unterminated string was accepted")
    assert db_path.read_bytes() == broken


def test_a_read_only_open_never_writes_the_cleaned_file(db_path: Path) -> None:
    ids = seed(db_path)
    hand_edit(db_path, poison(OSC_52, ids))
    before = db_path.read_bytes()
    with PartnerStore(db_path, read_only=True) as store:
        assert store.partners.get(ids["hostile"]).company == "Co" + OSC_52_STORED
    assert db_path.read_bytes() == before


def test_merging_a_file_changed_on_disk_cleans_it(db_path: Path) -> None:
    """What a merge from git or another program leaves is read through the same rule."""
    ids = seed(db_path)
    with PartnerStore(db_path) as store:
        hand_edit(db_path, poison(OSC_52, ids))
        assert store.changed_on_disk()
        store.merge_from_disk()
        assert store.partners.card(ids["hostile"]).company == "Co" + OSC_52_STORED
        store.partners.move(ids["bystander"], Stage.ENGAGE)
    assert_file_clean(db_path)


def test_with_the_speedups_nothing_unclean_is_remembered(db_path: Path) -> None:
    """The known-valid cache and the board preview never let a raw control back: a
    second open of the unchanged file (its records known valid) still shows and writes
    them clean, and the preview the first one kept is clean."""
    ids = seed(db_path)
    hand_edit(db_path, poison(OSC_52, ids))
    for _ in range(2):
        with PartnerStore(db_path, hooks=store_speedups()) as store:
            assert store.partners.card(ids["hostile"]).company == "Co" + OSC_52_STORED
        preview = read_preview(db_path)
        assert preview is not None
        companies = [card.company for column in preview.columns.values() for card in column]
        assert "Co" + OSC_52_STORED in companies
    with PartnerStore(db_path, hooks=store_speedups()) as store:
        store.partners.move(ids["bystander"], Stage.ENGAGE)
    assert_file_clean(db_path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text, raw=st.booleans())
def test_any_hand_edited_text_opens_shows_clean_and_the_next_write_cleans(
    text: str, raw: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "partners.json"
        ids = seed(path)
        hand_edit(path, poison(text, ids))
        if raw:  # the C0 controls typed raw into the strings, not escaped
            content = path.read_text(encoding="utf-8")
            for code in range(0x20):
                if chr(code) not in "\n":
                    content = content.replace(f"\\u{code:04x}", chr(code))
            path.write_text(content, encoding="utf-8")
        with PartnerStore(path) as store:
            card = store.partners.card(ids["hostile"])
            assert unsafe_in_line(card.company) == [] and unsafe_in_line(card.contact_name) == []
            assert_clean(Partner, store.partners.get(ids["hostile"]).model_dump(mode="json"))
            store.partners.move(ids["bystander"], Stage.ACTIVE)
        data = assert_file_clean(path)
        bystander = record_of(data, "partners", "id", ids["bystander"])
        assert (bystander["notes"], bystander["tags"]) == (NOTES, ["api"])
