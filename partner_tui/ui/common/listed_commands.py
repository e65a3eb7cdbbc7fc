"""A command palette provider for a fixed list of a screen's commands (ctrl+p).

A screen's provider says only which commands it offers (`commands`); showing them all
when the palette opens and matching them as the person types is done here, once.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from partner_tui.ui.common.plain import plain, plain_highlight

# (what the palette shows, what it does, the help line under it)
Command = tuple[str, Callable[[], object], str]


class ListedCommands(Provider):
    def commands(self) -> list[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(plain(name), callback, text=name, help=plain(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, plain_highlight(matcher, name), callback, text=name,
                          help=plain(help_text))
