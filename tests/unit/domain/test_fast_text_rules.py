"""web_domain and check_email scan their text at C speed (they run for every website and
address an export or a validation reads): they accept and refuse exactly what the
character-by-character scans they replaced did (kept here as the reference)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.email import check_email
from partner_tui.domain.web_domain import web_domain

_TEXT = st.lists(
    st.sampled_from([*"aZ09.-@:/ \t\n\u00a0\u2028\u200b\u3000é_+?#%", "www.", "https://"]),
    max_size=14,
).map("".join)


def _verdict(rule: object, text: str) -> str:
    try:
        return "ok:" + rule(text)  # type: ignore[operator]
    except ValueError as problem:
        return "no:" + str(problem)


@given(_TEXT)
def test_web_domain_refuses_what_the_character_scan_refused(text: str) -> None:
    raw = text.strip()
    old_scan = any(ch.isspace() or not ch.isprintable() for ch in raw)
    assert old_scan == (not raw.isprintable() or " " in raw)  # the check web_domain makes
    if not raw or old_scan:
        assert _verdict(web_domain, text) == (
            f"no:{raw!r} is not a web address or domain (try acme.io)")


@given(_TEXT)
def test_check_email_reads_as_the_character_scan_read(text: str) -> None:
    address = text.strip()
    verdict = _verdict(check_email, text)
    if "@" in address and address.count("@") == 1 and all(address.split("@")):
        has_space = any(ch.isspace() for ch in address)  # the old scan
        assert (verdict == "no:is not a valid email address (it cannot contain spaces)") == (
            has_space)
    if verdict.startswith("ok:"):
        labels = verdict.split("@")[1].split(".")
        assert all(all(c.isalnum() or c == "-" for c in label) for label in labels)


@given(st.text(alphabet=st.sampled_from(list("a9-é_.")), min_size=1, max_size=8))
def test_a_domain_label_is_letters_digits_and_inner_hyphens(label: str) -> None:
    verdict = _verdict(check_email, f"jo@{label}.com")
    parts = label.split(".")
    old_ok = all(p and p[0] != "-" and p[-1] != "-" and all(c.isalnum() or c == "-" for c in p)
                 for p in parts)
    assert verdict.startswith("ok:") == old_ok


def _web_domain_by_urlsplit(text: str) -> str:
    """web_domain as it read every address through urlsplit: the reference its reading
    of the common shape (scheme or none, a plain host, a path) is held to."""
    from urllib.parse import urlsplit

    raw = text.strip()
    problem = ValueError(f"{raw!r} is not a web address or domain (try acme.io)")
    if not raw or not raw.isprintable() or " " in raw:
        raise problem
    try:
        parts = urlsplit(raw if "://" in raw else "https://" + raw)
        host = (parts.hostname or "").rstrip(".")
        parts.port  # noqa: B018
    except ValueError:
        raise problem from None
    if parts.scheme not in ("http", "https") or parts.username is not None:
        raise problem
    host = host.removeprefix("www.")
    labels = host.split(".")
    if len(labels) < 2 or not all(labels):
        raise problem
    return host


_ADDRESS = st.lists(
    st.sampled_from([
        "https://", "http://", "HTTPS://", "ftp://", "://", ":/", "//", "www.", "WWW.",
        "acme", "Acme", "io", "co", "a-b", "0", ".", "..", "/", "?", "#", ":", ":80", ":x",
        "@", "user@", "[", "]", "[::1]", "é", "%41", "x", " ", "\t", "-",
    ]),
    max_size=9,
).map("".join)


@given(_ADDRESS)
def test_web_domain_reads_every_address_as_urlsplit_did(text: str) -> None:
    assert _verdict(web_domain, text) == _verdict(_web_domain_by_urlsplit, text)


def test_web_domain_examples() -> None:
    for text, host in (("https://www.Acme.io/about?utm=x", "acme.io"), ("acme.io.", "acme.io"),
                       ("HTTP://b.org#top", "b.org"), ("x.co:8080/a", "x.co")):
        assert web_domain(text) == host == _web_domain_by_urlsplit(text)
    for bad in ("acme", "ftp://acme.io", "acme.io/x://y", "https://user@acme.io", "a..io"):
        assert _verdict(web_domain, bad) == _verdict(_web_domain_by_urlsplit, bad)
        assert _verdict(web_domain, bad).startswith("no:")


# Addresses and web addresses near the forms a stored record holds.
_ADDRESS = st.lists(
    st.sampled_from([*"aZ09.-@: /", "jo", "@acme.io", "@Acme.IO", "https://", "HTTP://", "www."]),
    min_size=1, max_size=8,
).map("".join)


@given(_ADDRESS)
def test_an_address_is_checked_tells_what_check_email_gives_back(text: str) -> None:
    """is_checked (a reader of stored records skips check_email for such an address) is
    only ever True for printable ASCII text check_email accepts and gives back as it is."""
    from partner_tui.domain.email import is_checked
    from partner_tui.domain.safe_text import plain_line

    verdict = _verdict(check_email, text)
    if plain_line(text) and verdict.startswith("ok:") and is_checked(text):
        assert verdict == "ok:" + text


@given(_ADDRESS)
def test_a_normal_url_is_what_normalise_url_gives_back(text: str) -> None:
    from partner_tui.domain.safe_text import plain_line
    from partner_tui.domain.web_domain import is_normal_url, normalise_url

    verdict = _verdict(lambda t: str(normalise_url(t)), text)  # None: no address
    if plain_line(text) and verdict.startswith("ok:") and is_normal_url(text):
        assert verdict == "ok:" + text
