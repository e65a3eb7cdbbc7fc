"""mkdocs hook: the pictures live in the checkout's `screens/` (where the app draws them and
the README shows them), outside `docs/`. The pages link them as `../screens/NAME.svg`, which
is right when the Markdown is read in the repository; the site gets a copy of each picture
under `screens/` and the links are pointed there."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

SCREENS = Path(__file__).resolve().parents[2] / "screens"


def on_files(files: Files, config: Any) -> Files:
    for picture in sorted(SCREENS.glob("*.svg")):
        files.append(
            File.generated(config, f"screens/{picture.name}", abs_src_path=str(picture))
        )
    return files


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    here = posixpath.dirname(page.file.src_uri)
    to_screens = posixpath.relpath("screens", here or ".")
    return markdown.replace("](../screens/", f"]({to_screens}/")
