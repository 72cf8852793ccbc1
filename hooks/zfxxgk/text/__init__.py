"""Text out of files, below every stage: the bounded reading of zip-based Office files (`officeparts`, with
the limits the catalogue reader also applies), PDF text (`pdftext`), and the one entry point that picks an
extractor by file type and keeps the results by content hash (`extract`).
"""
