"""`from partner_tui.app import PartnerApp`: the app's public name (a contract kept for
tests and embedders); it lives in partner_tui/ui/app.py."""

from partner_tui.ui.app import PartnerApp

__all__ = ["PartnerApp"]
