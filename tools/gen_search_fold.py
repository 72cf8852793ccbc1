"""Generate hooks/zfxxgk/data/search/fold.json, the traditional→simplified folding table of the search tokeniser.

Source: the OpenCC character dictionaries shipped in the PyPI package opencc-python-reimplemented
(TSCharacters.txt, TWVariantsRev.txt, HKVariantsRev.txt). Only single BMP characters that map to a single
different BMP character are kept (first candidate), so folding never changes a string's length in Python
code points or in JavaScript UTF-16 code units. Run: python tools/gen_search_fold.py
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import opencc

PACKAGE = "opencc-python-reimplemented"
OUT = Path(__file__).resolve().parent.parent / "hooks" / "zfxxgk" / "data" / "search" / "fold.json"


def read_table(name: str) -> dict[str, str]:
    """Read one OpenCC dictionary file into {char: first candidate} for single BMP characters."""
    path = Path(opencc.__file__).parent / "dictionary" / name
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        first = values.split(" ")[0]
        if len(key) == 1 and len(first) == 1 and ord(key) < 0x10000 and ord(first) < 0x10000:
            table[key] = first
    return table


def build() -> dict[str, str]:
    """Compose variant→standard traditional→simplified into one {char: simplified} map."""
    ts = read_table("TSCharacters.txt")
    fold: dict[str, str] = {}
    for variants in ("TWVariantsRev.txt", "HKVariantsRev.txt"):
        for key, standard in read_table(variants).items():
            fold[key] = ts.get(standard, standard)
    for key, simple in ts.items():
        fold[key] = simple
    return {k: v for k, v in fold.items() if k != v}


def main() -> None:
    """Write the table with its provenance header."""
    fold = build()
    keys = "".join(sorted(fold))
    doc = {
        "source": {
            "name": PACKAGE,
            "version": metadata.version(PACKAGE),
            "files": ["TSCharacters.txt", "TWVariantsRev.txt", "HKVariantsRev.txt"],
            "license": "Apache-2.0 (dictionary data from OpenCC, https://github.com/BYVoid/OpenCC)",
            "generator": "tools/gen_search_fold.py",
        },
        "from": keys,
        "to": "".join(fold[k] for k in keys),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
