"""A company's web domain, as CRMs spell it many ways: `acme.io`, `www.Acme.io`,
`http://www.acme.io/`, `https://acme.io/about?utm=x`. One spelling per company makes the
same company recognisable across files (and a deal's domain comparable).

The one parser of web addresses and domains: a partner's website (normalise_url, the
partner model's rule, here so a reader of records need not import the models),
a deal's customer domain (deals.normalise_domain) and the imports' matching all read the
host through web_domain(), each saying in its own words what it refuses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# The shape nearly every website has: `http://` or `https://` or no scheme, a host of
# ASCII letters, digits, hyphens and dots, then nothing or a path, query or fragment.
# urlsplit reads such a text's host as the host written (lower-cased), so it is read
# here without it (a third of the cost of a website read at 10,000 partners);
# anything else goes through urlsplit. tests/unit/domain/test_fast_text_rules.py holds
# the two readings equal.
_PLAIN = re.compile(r"(https?://)?([A-Za-z0-9.-]+)(?:[/?#].*)?", re.DOTALL)


def web_domain(text: str) -> str:
    """The bare, lower-case host name: no scheme, `www.`, port, path or trailing dot.

    Raises ValueError when `text` names no host with at least two labels.
    """
    raw = text.strip()
    # No space and nothing unprintable (a space is the one printable whitespace: every
    # other is unprintable), checked at C speed: this runs for every website read.
    if not raw or not raw.isprintable() or " " in raw:
        raise _problem(raw)
    plain = _PLAIN.fullmatch(raw)
    # A scheme written, or none and no "://" further on (urlsplit would read no host).
    if plain is not None and (plain.group(1) is not None or "://" not in raw):
        host = plain.group(2).lower().rstrip(".")
    else:
        host = _split_host(raw)
    host = host.removeprefix("www.")
    labels = host.split(".")
    if len(labels) < 2 or not all(labels):
        raise _problem(raw)
    return host


def _split_host(raw: str) -> str:
    """The host of a web address as urlsplit reads it (no trailing dot); ValueError when
    it is not an http(s) address without a user, or its port is not a number."""
    try:
        parts = urlsplit(raw if "://" in raw else "https://" + raw)
        host = (parts.hostname or "").rstrip(".")
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise _problem(raw) from None
    if parts.scheme not in ("http", "https") or parts.username is not None:
        raise _problem(raw)
    return host


def _problem(raw: str) -> ValueError:
    return ValueError(f"{raw!r} is not a web address or domain (try acme.io)")


def normalise_url(value: str | None) -> str | None:
    """A partner's website as stored: accept 'acme.com' as a person types it; store
    'https://acme.com'. Reject non-URLs (the host is read by web_domain())."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        web_domain(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a web address (try https://example.com)") from None
    return text if "://" in text else "https://" + text


def website_of_domain(text: str) -> str:
    """The website stored for a company known by its domain: `https://<domain>`."""
    return "https://" + web_domain(text)


def is_normal_url(text: str) -> bool:
    """Whether normalise_url gives `text` back as it is, for printable ASCII text it
    accepts: nothing around it to strip, and a scheme written (a reader of stored
    records skips the rule for such an address; a False only costs the rule).
    tests/unit/domain/test_fast_text_rules.py holds it to normalise_url."""
    return text[:1] != " " and text[-1:] != " " and "://" in text
