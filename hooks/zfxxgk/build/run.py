"""The whole build with the library in charge: gather → check → render → (engine) → write → publish."""

from __future__ import annotations

import logging
from pathlib import Path

from zfxxgk.build.check import check
from zfxxgk.build.engine import Engine
from zfxxgk.build.gather import gather
from zfxxgk.build.render import render
from zfxxgk.build.write import abandon, finish, set_aside, write_site
from zfxxgk.progress import LOGGER


def build_site(engine: Engine, config_file: Path, out: Path | None = None, strict: bool = False) -> Path:
    """Build the site of the project configured in `config_file` into `out` (or the configured site folder)
    and publish it there; the site folder. BuildError (nothing published, the folder as it was) when the
    content has errors, with `strict` (or `strict: true` in the configuration) warnings, or the engine fails."""
    conf = engine.load(config_file, out)
    try:
        state = gather(conf, logging.getLogger(LOGGER), engine.loggers)
        state.by_library = True
        assert state.publication is not None
        staging = state.publication.staging
        check(state)
        render(state)
        set_aside(state, staging)  # before the engine empties the staging folder
        engine.render(state, staging)
        write_site(state, staging)
        finish(state, strict or conf.strict)
    except BaseException:
        abandon()
        raise
    return state.publication.site_dir
