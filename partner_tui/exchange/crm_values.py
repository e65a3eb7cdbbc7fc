"""What a CRM's values mean in the playbook's words: its stages as pipeline stages, its
account types as partner types, its amounts and dates.

The mapping (README's *Bridges* section says the same):

stage      | HubSpot Lifecycle Stage     | Salesforce opportunity Stage
-----------|-----------------------------|---------------------------------------------
prospect   | Subscriber, Lead, MQL, Other | Prospecting, Qualification
engage     | Sales Qualified Lead        | Needs Analysis, Value Proposition,
           |                             | Id. Decision Makers, Perception Analysis
negotiate  | Opportunity                 | Proposal/Price Quote, Negotiation/Review
active     | Customer, Evangelist        | Closed Won
archived   |                             | Closed Lost (reason: declined)

A stage a CRM was customised with is read by its words ("won", "lost", "negotiation",
"proposal", "contract", "demo", "qualif"...), else taken as prospect; either way the
import says how it read it. A custom stage never stops an import. partner-tui's own
stage names work too.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from partner_tui.domain.partner_types import PartnerType, parse_partner_type
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.exchange.csv_cells import parse_amount

_STAGE_WORDS: dict[str, tuple[Stage, ArchiveReason | None]] = {
    "subscriber": (Stage.PROSPECT, None),
    "lead": (Stage.PROSPECT, None),
    "marketing_qualified_lead": (Stage.PROSPECT, None),
    "marketingqualifiedlead": (Stage.PROSPECT, None),
    "mql": (Stage.PROSPECT, None),
    "other": (Stage.PROSPECT, None),
    "sales_qualified_lead": (Stage.ENGAGE, None),
    "salesqualifiedlead": (Stage.ENGAGE, None),
    "sql": (Stage.ENGAGE, None),
    "opportunity": (Stage.NEGOTIATE, None),
    "customer": (Stage.ACTIVE, None),
    "evangelist": (Stage.ACTIVE, None),
    "prospecting": (Stage.PROSPECT, None),
    "qualification": (Stage.PROSPECT, None),
    "needs_analysis": (Stage.ENGAGE, None),
    "value_proposition": (Stage.ENGAGE, None),
    "id_decision_makers": (Stage.ENGAGE, None),
    "perception_analysis": (Stage.ENGAGE, None),
    "proposal_price_quote": (Stage.NEGOTIATE, None),
    "negotiation_review": (Stage.NEGOTIATE, None),
    "closed_won": (Stage.ACTIVE, None),
    "closed_lost": (Stage.ARCHIVED, ArchiveReason.DECLINED),
    **{stage.value: (stage, None) for stage in Stage},
}
# A customised stage, read by its words; the first rule that matches wins.
_STAGE_HINTS: tuple[tuple[str, tuple[Stage, ArchiveReason | None]], ...] = (
    (r"\blost\b|disqualif|unqualif", (Stage.ARCHIVED, ArchiveReason.DECLINED)),
    (r"\bwon\b|\blive\b|signed|customer|partner", (Stage.ACTIVE, None)),
    (r"negotiat|proposal|quote|contract|legal", (Stage.NEGOTIATE, None)),
    (r"prospect|qualif|\blead\b|\bnew\b", (Stage.PROSPECT, None)),
    (r"meeting|demo|discover|analysis|evaluat|engag", (Stage.ENGAGE, None)),
)


def _word_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.casefold()).strip("_")


def crm_stage(text: str) -> tuple[Stage, ArchiveReason | None, bool]:
    """(stage, archive reason, standard): `standard` is False for a customised stage,
    read by its words or, failing that, taken as prospect."""
    key = _word_key(text)
    if key in _STAGE_WORDS:
        stage, reason = _STAGE_WORDS[key]
        return stage, reason, True
    words = key.replace("_", " ")
    for pattern, (stage, reason) in _STAGE_HINTS:
        if re.search(pattern, words):
            return stage, reason, False
    return Stage.PROSPECT, None, False


# Account types CRMs ship with, as the playbook's type and example (subtype).
_TYPE_HINTS: tuple[tuple[str, PartnerType, str], ...] = (
    (r"resell|\bvar\b", PartnerType.CHANNEL, "Reseller"),
    (r"system integrator|installation partner|\bsi\b", PartnerType.CHANNEL, "System integrator"),
    (r"consult", PartnerType.CHANNEL, "Consultant"),
    (r"agency", PartnerType.CHANNEL, "Agency"),
    (r"channel", PartnerType.CHANNEL, ""),
    (r"technology|tech partner|\bisv\b", PartnerType.TECHNOLOGY, ""),
    (r"integration", PartnerType.INTEGRATION, ""),
    (r"strategic|alliance", PartnerType.STRATEGIC_ALLIANCE, ""),
)


# A customer (Salesforce's "Customer - Direct", "Customer - Channel") is no kind of partner,
# whatever words follow.
_CUSTOMER = re.compile(r"\s*customer\b")


def crm_type(text: str) -> tuple[PartnerType, str] | None:
    """(partner type, subtype) for a CRM's account type; None for a type that is not a
    kind of partner (Prospect, Customer - Direct, Vendor, Other)."""
    try:
        return parse_partner_type(text), ""
    except ValueError:
        pass
    words = text.casefold()
    if _CUSTOMER.match(words):
        return None  # Salesforce's "Customer - Channel" is a customer bought through a channel
    for pattern, partner_type, subtype in _TYPE_HINTS:
        if re.search(pattern, words):
            return partner_type, subtype
    return None


_CURRENCY_CODE = re.compile(r"^\s*[A-Za-z]{3}\s+|\s+[A-Za-z]{3}\s*$")


def crm_amount(text: str) -> Decimal:
    """An amount as reports write it, with an ISO currency code ("USD 12,500.00")."""
    return parse_amount(_CURRENCY_CODE.sub("", text))


_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def crm_date(text: str) -> date:
    """A day as exports write it: 2026-03-20, or with a time (2026-03-20 14:00,
    2026-03-20T14:00:00Z). A day written another way (3/4/2026: March or April?) is
    refused rather than guessed."""
    match = _ISO_DAY.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text.strip()!r} is not a date (use YYYY-MM-DD)")
    try:
        return datetime.strptime(match.group(1), "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a real date") from None
