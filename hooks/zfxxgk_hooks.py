"""MkDocs hook file: the only file named in mkdocs.yml `hooks:`; a thin adapter over the zfxxgk package.

MkDocs takes every on_* name in this module as an event handler. They are imported by name from the
adapter's __all__ (zfxxgk.engines.mkdocs.adapter), so a project's copy of this file keeps working when a
later zfxxgk handles more events.
"""

from __future__ import annotations

from zfxxgk.engines.mkdocs.adapter import *  # noqa: F403
