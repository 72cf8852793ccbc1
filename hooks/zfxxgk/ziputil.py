"""The one deterministic zip writer: every workbook and document the site ships (item downloads, the
application form, the annual report's XLSX) is written here.

Entries keep the order they are given, each is dated with the given day at midnight (zip dates start in
1980), deflated at level 6 and marked as written on Unix with the given permission bits, so the bytes
depend only on the names, the contents and the date — never on the clock or the machine.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping

FILE_MODE = 0o644 << 16  # external_attr of an entry: a regular file, rw-r--r--
_LEVEL = 6  # zlib's default level, named so it cannot change with the zipfile module's default


def zip_date(when: dt.date) -> tuple[int, int, int, int, int, int]:
    """The zip timestamp of `when` at midnight (zip cannot date before 1980)."""
    return (max(when.year, 1980), when.month, when.day, 0, 0, 0)


def write_zip(entries: Iterable[tuple[str, bytes | str]], when: dt.date,
              modes: Mapping[str, int] | None = None) -> bytes:
    """The zip of `entries` (name, content; text is written as UTF-8) in their order, every entry dated
    `when`, with the external attributes `modes[name]` (default FILE_MODE)."""
    date_time = zip_date(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = FILE_MODE if modes is None else modes.get(name, FILE_MODE)
            entry.create_system = 3
            data = content.encode("utf-8") if isinstance(content, str) else content
            archive.writestr(entry, data, compresslevel=_LEVEL)
    return out.getvalue()


def rezip(data: bytes, when: dt.date, replace: Callable[[str, bytes], bytes] | None = None,
          keep_modes: bool = False) -> bytes:
    """The zip `data` written again by `write_zip`, dated `when`: same entries in the same order, each
    content passed through `replace(name, content)` when given; `keep_modes` keeps each entry's
    external attributes (else FILE_MODE)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        infos = src.infolist()
        entries = [(info.filename, src.read(info.filename)) for info in infos]
    if replace is not None:
        entries = [(name, replace(name, content)) for name, content in entries]
    modes = {info.filename: info.external_attr for info in infos} if keep_modes else None
    return write_zip(entries, when, modes)
