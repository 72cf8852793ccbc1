"""MkDocs hook file: the only file named in mkdocs.yml `hooks:`; a thin adapter over the zfxxgk package."""

from __future__ import annotations

from zfxxgk.mkdocs_adapter import (  # noqa: F401  (MkDocs takes every on_* name in this module as an event)
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_post_build,
    on_serve,
)
