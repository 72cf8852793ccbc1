"""The site generators behind zfxxgk.build, each in a folder of its own: the only modules that import one.

- zfxxgk.engines.mkdocs: MkDocs (the adapter of its events, used by `mkdocs build` and `mkdocs serve`
  through hooks/zfxxgk_hooks.py, and the engine `zfxxgk build` drives);
- zfxxgk.engines.properdocs: ProperDocs, the maintained fork of MkDocs 1.x, through the same adapter.

zfxxgk.build.engine.load_engine finds them by name.
"""
