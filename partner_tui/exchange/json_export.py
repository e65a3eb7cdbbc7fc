"""The whole program as JSON: every partner record in full, plus templates, settings, the
deals registered and the payouts marked paid.

Money stays an exact decimal string ("12500.00"), never a float, exactly as in the
data file, so a script reading this loses nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from partner_tui import __version__
from partner_tui.domain.deals import Deal
from partner_tui.domain.partner import Partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.program import Settings
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.exchange.export_order import export_order
from partner_tui.store.file.schema import SCHEMA_VERSION


def export_document(
    partners: Iterable[Partner],
    settings: Settings,
    templates: Iterable[OutreachTemplate],
    exported_at: datetime,
    deals: Iterable[Deal] = (),
    payments: Iterable[Payment] = (),
) -> dict[str, Any]:
    return {
        "exported_by": f"partner-tui {__version__}",
        "exported_at": exported_at.isoformat(),
        "schema_version": SCHEMA_VERSION,
        "settings": settings.model_dump(mode="json"),
        "templates": [t.model_dump(mode="json") for t in templates],
        "partners": [p.model_dump(mode="json") for p in export_order(partners)],
        "deals": [d.model_dump(mode="json") for d in deals],
        "payments": [p.model_dump(mode="json") for p in payments],
    }


def export_json(
    partners: Iterable[Partner],
    settings: Settings,
    templates: Iterable[OutreachTemplate],
    exported_at: datetime,
    deals: Iterable[Deal] = (),
    payments: Iterable[Payment] = (),
) -> str:
    document = export_document(partners, settings, templates, exported_at, deals, payments)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
