"""Validated Partner models kept in memory, the most recently used ones only.

A validated Partner holds ~15 nested pydantic models (about 12 KB); 10,000 of them would
not fit the memory budget. The stored records are the truth; a model not kept here is
validated again from its record when asked for.
"""

from __future__ import annotations

from collections import OrderedDict

from partner_tui.domain.partner import Partner

# Validated Partner models kept in memory; the rest are validated again when asked for.
MODEL_CACHE_SIZE = 1024


class ModelCache:
    def __init__(self) -> None:
        self._models: OrderedDict[str, Partner] = OrderedDict()

    def __len__(self) -> int:
        return len(self._models)

    def get(self, partner_id: str) -> Partner | None:
        model = self._models.get(partner_id)
        if model is not None:
            self._models.move_to_end(partner_id)
        return model

    def keep(self, partner: Partner) -> None:
        self._models[partner.id] = partner
        self._models.move_to_end(partner.id)
        while len(self._models) > MODEL_CACHE_SIZE:
            self._models.popitem(last=False)

    def forget(self, partner_id: str) -> None:
        self._models.pop(partner_id, None)
