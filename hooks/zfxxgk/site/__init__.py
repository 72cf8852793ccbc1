"""The public site: pure functions from loaded items to HTML pages, lists and data files.

Nothing here imports a site generator; the build library (zfxxgk.build) puts the results in place.
"""
