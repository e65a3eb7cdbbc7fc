"""A realistic sample program: ~25 partners across every stage, filled checklists, metrics,
and a deal history with payouts paid (deals.py).

Fully deterministic for a given `today`: every id, date and amount is fixed or computed
from `today`, so screenshots, snapshot tests and the dashboard's figures are stable.
The companies, people and domains are fictional (real-looking TLDs, because email
validation rejects special-use domains such as .test).
"""

from partner_tui.exchange.demo.load import DemoRefused, database_is_empty, load_demo
from partner_tui.exchange.demo.program import DemoProgram, demo_program

__all__ = ["DemoProgram", "DemoRefused", "database_is_empty", "demo_program", "load_demo"]
