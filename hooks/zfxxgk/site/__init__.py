"""The public site: pure functions from loaded items to HTML pages, lists and data files.

Nothing here imports MkDocs; `zfxxgk.mkdocs_adapter` puts the results in place.
"""
