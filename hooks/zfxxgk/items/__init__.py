"""The items, after the catalogue: front matter read with positions and limits (`loader`), validated
against the generated schemas (`validate`), built into the frozen `record.Item`; the URL manifest of
published items (`manifest`); and the item-level rules of publication the checks and the site share —
行政处罚 periods (`penalty`) and fine amounts (`finemoney`). Import from the submodules.
"""
