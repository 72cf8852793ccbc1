"""The MkDocs adapter's old place: a project's hooks/zfxxgk_hooks.py from before issue 16 imports the events
from here. The adapter is zfxxgk.engines.mkdocs.adapter; nothing in zfxxgk imports this module."""

from __future__ import annotations

from zfxxgk.engines.mkdocs.adapter import *  # noqa: F403
from zfxxgk.engines.mkdocs.adapter import __all__ as __all__
