"""ProperDocs (the maintained fork of MkDocs 1.x) as the engine of zfxxgk.build.

Once properdocs.replacement is imported, `import mkdocs.*` resolves to properdocs in this process (as in
`properdocs build`), so the MkDocs engine and adapter run unchanged on it. Must be imported before anything
imports mkdocs in the process (zfxxgk.build.engine.load_engine does so on `zfxxgk build --engine properdocs`).
"""

from __future__ import annotations

import properdocs.replacement  # noqa: F401  (before mkdocs is imported: every mkdocs.* is properdocs.*)

from zfxxgk.engines.mkdocs import MkDocsEngine


def engine() -> MkDocsEngine:
    """The ProperDocs engine: its own logger, and the `mkdocs` one under which zfxxgk logs."""
    return MkDocsEngine("properdocs", ("properdocs", "mkdocs"))
