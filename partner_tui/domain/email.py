"""Email addresses: a fast, plain-spoken check.

email-validator (behind pydantic's EmailStr) costs ~100 µs a record and 20 ms to import;
checking 10,000 partners on open made that the largest single cost. This check covers
what a person mistypes, with a reason that says what is wrong.
"""

from __future__ import annotations

# Top-level domains reserved for tests and local networks: never a real inbox.
SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
NOT_IN_LOCAL_PART = set(' "(),:;<>[]\\')


def _bad(reason: str) -> ValueError:
    return ValueError(f"is not a valid email address ({reason})")


def check_email(text: str) -> str:
    """Return the address (domain lower-cased) or raise ValueError with the reason."""
    address = text.strip()
    if "@" not in address:
        raise _bad("it must have an @-sign")
    if address.count("@") > 1:
        raise _bad("it must have only one @-sign")
    local, domain = address.split("@")
    if not local:
        raise _bad("there must be something before the @-sign")
    if not domain:
        raise _bad("there must be something after the @-sign")
    # `address` is stripped and holds text either side of the @: one word, or a space.
    if len(address.split()) != 1:
        raise _bad("it cannot contain spaces")
    if len(local) > 64 or len(address) > 254:
        raise _bad("it is too long")
    if local[0] == "." or local[-1] == "." or ".." in local:
        raise _bad("the part before the @-sign has a misplaced dot")
    if NOT_IN_LOCAL_PART & set(local):
        raise _bad("the part before the @-sign has a character that is not allowed")
    labels = domain.lower().split(".")
    if len(labels) < 2:
        raise _bad("the domain needs a dot, as in acme.com")
    for label in labels:
        if not label or len(label) > 63:
            raise _bad("the domain has an empty or overlong part")
        # Letters, digits and inner hyphens (the label does not start with one, so what
        # is left without them is not empty, and isalnum() reads every character).
        if label[0] == "-" or label[-1] == "-" or not label.replace("-", "").isalnum():
            raise _bad(f"the domain part {label!r} is not allowed")
    if labels[-1].isdigit() or len(labels[-1]) < 2:
        raise _bad("the domain must end in a name like .com")
    if labels[-1] in SPECIAL_USE:
        raise _bad(f".{labels[-1]} is a special-use domain, not a real mailbox")
    return f"{local}@{'.'.join(labels)}"


def is_checked(text: str) -> bool:
    """Whether check_email gives `text` back as it is, for printable ASCII text it
    accepts: nothing around it to strip, and its domain lower-case already (a reader
    of stored records skips the check for such an address; a False only costs the
    check). tests/unit/domain/test_fast_text_rules.py holds it to check_email."""
    if text[:1] == " " or text[-1:] == " ":
        return False
    return text.partition("@")[2].islower()
