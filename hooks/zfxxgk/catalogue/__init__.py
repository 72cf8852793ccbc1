"""The standard catalogue (标准目录): the first stage of the pipeline.

`load` reads the agency's .xlsx/.xls spreadsheets (`grid` → `header` → `read`, cell parsing in `cells`,
text normalisation in `text`) into one `model.Catalogue`; `deadline` parses its 公开时限 column, `tree`
turns its 栏目 paths into the column tree, `schema` generates the JSON Schemas under schema/, and `diff`
compares two catalogues. Import from the submodules; this file re-exports nothing, so importing the
record types (`catalogue.model`) does not load the spreadsheet readers.
"""
