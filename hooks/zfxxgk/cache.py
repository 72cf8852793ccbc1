"""The build cache: results of pure per-item work, stored by content hash across builds.

SQLite files in the cache directory (default `<project>/.cache/zfxxgk/`, or `$ZFXXGK_CACHE_DIR`; an
empty value switches the cache off): `cache.sqlite3`, and `search.sqlite3` for the search index. Every key is a SHA-256 over the inputs of the work *and* a salt
made of the schema/catalogue files, the bytes of the zfxxgk package (code and data files) and the
versions of Python and of the libraries whose output is cached, so an entry can only be found again by
a build that would compute the same value: stale entries are never read, and entries a build did not
use are dropped when it closes. Text values are stored as UTF-8, others pickled (zlib for large
ones), each with a CRC-32, and a value that is damaged or not of its kind (see `expect`) is a miss said at
INFO; the directory is the project's own, like `site/`, and must not be shared with untrusted writers
(unpickling runs code).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import zfxxgk
from zfxxgk.progress import LOGGER

ENV = "ZFXXGK_CACHE_DIR"
DEFAULT_DIR = Path(".cache") / "zfxxgk"
FILE_NAME = "cache.sqlite3"
_COMPRESS_FROM = 2048
_FLUSH_EVERY = 500
_SELECT_MANY = 500  # keys per SELECT of get_many (SQLite allows 32,766 parameters since 3.32, 999 before)


# Libraries whose output the cache holds: item bodies (Markdown, and the extensions Material ships),
# parsed and validated items (PyYAML, jsonschema, referencing), attachment texts (pypdf, openpyxl,
# xlrd), search terms and index numbers (numpy, lunr).
LIBRARIES = ("markdown", "pymdown-extensions", "pyyaml", "jsonschema", "referencing", "pypdf", "openpyxl", "xlrd",
             "numpy", "lunr")


def library_versions() -> str:
    """The Python version and the installed version of each library in LIBRARIES ("-" when absent)."""
    found = [f"python={sys.version}"]
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return "\n".join(found)


def code_fingerprint(package: Path | None = None) -> str:
    """SHA-256 over the version, every file of the zfxxgk package (code and data such as the search fold
    table; not __pycache__ or hidden files) and `library_versions()`: any change of code, data or library
    → new keys."""
    digest = hashlib.sha256(zfxxgk.__version__.encode() + b"\0" + library_versions().encode())
    root = Path(zfxxgk.__file__).parent if package is None else package
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if "__pycache__" in rel.parts or any(part.startswith(".") for part in rel.parts) or path.suffix == ".pyc":
            continue  # compiled code, an editor's hidden files: not what the package ships
        if not path.is_file():
            continue
        data = path.read_bytes()
        digest.update(rel.as_posix().encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def files_fingerprint(paths: Iterable[Path]) -> str:
    """SHA-256 over names and bytes of files (schema/, catalogue/ …); missing files count as absent."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    """A cache key: SHA-256 of the parts, each length-prefixed so that no two part lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def cache_dir(root: Path, environ: dict[str, str] | None = None) -> Path | None:
    """The cache directory for a project root: $ZFXXGK_CACHE_DIR, else <root>/.cache/zfxxgk; None if disabled."""
    env = os.environ if environ is None else environ
    value = env.get(ENV)
    if value is None:
        return root / DEFAULT_DIR
    return Path(value) if value.strip() else None


class Cache:
    """Entries by (kind, key); writes are batched until `close`, which also drops unused entries."""

    def __init__(self, directory: Path | None, salt: str, name: str = FILE_NAME) -> None:
        self.salt = salt
        self.directory = directory
        self._db: sqlite3.Connection | None = None
        if directory is not None:
            try:
                directory.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(directory / name, timeout=60)
                self._db.execute("CREATE TABLE IF NOT EXISTS entry (kind TEXT, key TEXT, value BLOB, "
                                 "PRIMARY KEY (kind, key)) WITHOUT ROWID")
            except (OSError, sqlite3.Error):
                self._db = None  # a read-only or broken cache directory: build without a cache
        self._stored: dict[str, set[str]] = {}
        self._used: dict[str, set[str]] = {}
        self._new: list[tuple[str, str, bytes]] = []

    @property
    def enabled(self) -> bool:
        """False when no cache directory is in use (every lookup misses)."""
        return self._db is not None

    def key(self, *parts: str | bytes) -> str:
        """A key for these inputs under this cache's salt."""
        return key(self.salt, *parts)

    def _keys(self, kind: str) -> set[str]:
        keys = self._stored.get(kind)
        if keys is None:
            keys = set()
            if self._db is not None:
                try:
                    keys = {k for (k,) in self._db.execute("SELECT key FROM entry WHERE kind = ?", (kind,))}
                except sqlite3.Error:
                    keys = set()
            self._stored[kind] = keys
            self._used[kind] = set()
        return keys

    def get(self, kind: str, entry_key: str) -> Any:
        """The stored value, or None on a miss."""
        stored = self._keys(kind)
        self._used[kind].add(entry_key)
        if entry_key not in stored or self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM entry WHERE kind = ? AND key = ?", (kind, entry_key)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        return _value(kind, row[0], self.directory)

    def get_many(self, kind: str, entry_keys: Sequence[str]) -> list[Any]:
        """`get` of each key, in order (None for a miss), asking SQLite a few hundred keys at a time."""
        stored = self._keys(kind)
        self._used[kind].update(entry_keys)
        wanted = sorted({k for k in entry_keys if k in stored})
        found: dict[str, Any] = {}
        if self._db is not None:
            for start in range(0, len(wanted), _SELECT_MANY):
                batch = wanted[start : start + _SELECT_MANY]
                marks = ",".join("?" * len(batch))
                try:
                    rows = self._db.execute(f"SELECT key, value FROM entry WHERE kind = ? AND key IN ({marks})",
                                            (kind, *batch)).fetchall()
                except sqlite3.Error:
                    continue  # as `get`: a cache that cannot be read is a miss
                found.update((k, _value(kind, v, self.directory)) for k, v in rows)
        return [found.get(k) for k in entry_keys]

    def sibling(self, name: str) -> Cache:
        """Another cache file in the same directory with the same salt (the search index keeps its entries
        in one: it is built by a process of its own, and two writers of one file would wait on each other)."""
        return Cache(self.directory if self.enabled else None, self.salt, name)

    def keep(self, kind: str, entry_key: str) -> None:
        """Count an entry as used by this build without reading it (it stays for the next build)."""
        self._keys(kind)
        self._used[kind].add(entry_key)

    def put(self, kind: str, entry_key: str, value: Any) -> None:
        """Store a value (written when the cache closes)."""
        if self._db is None:
            return
        raw = _encode(value)
        self._keys(kind)
        self._used[kind].add(entry_key)
        self._new.append((kind, entry_key, raw))
        if len(self._new) >= _FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        """Hand pending entries to SQLite (inside the open transaction) so they are not all held in memory."""
        if self._db is None or not self._new:
            return
        try:
            self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", self._new)
        except sqlite3.Error:
            self._db.rollback()  # the cache is an optimisation: drop this build's writes, keep building
        self._new = []

    def close(self) -> None:
        """Write new entries and drop the entries of the kinds used here that this build did not touch."""
        if self._db is None:
            return
        try:
            self._flush()
            with self._db:
                for kind, used in self._used.items():
                    stale = [(kind, k) for k in self._stored[kind] if k not in used]
                    self._db.executemany("DELETE FROM entry WHERE kind = ? AND key = ?", stale)
        except sqlite3.Error as exc:
            # The cache is an optimisation: a failed write only means the next build recomputes. Said at
            # INFO, not WARNING: it must not fail a `--strict` build.
            logging.getLogger(LOGGER).info(f"zfxxgk: 无法写入构建缓存 {self.directory}（{exc}），下次构建将重新计算")
        finally:
            self._db.close()
            self._db = None
            self._new = []


# A stored value: one byte saying how, then the data. Text is stored as UTF-8, not pickled: CPython's
# pickler keeps a UTF-8 copy inside every str it writes for as long as the str lives, which would add
# half again to each body and plain text a build holds (about 260 MB of search texts at 50,000 items).
_HOW = {(False, False): b"p", (False, True): b"z", (True, False): b"u", (True, True): b"U"}


def _encode(value: Any) -> bytes:
    text = type(value) is str
    data = value.encode("utf-8", "surrogatepass") if text else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    packed = len(data) >= _COMPRESS_FROM
    body = zlib.compress(data, 1) if packed else data
    # A CRC-32 of the stored bytes: a value damaged on disk (a flipped bit) is found before it is decoded.
    return _HOW[text, packed] + zlib.crc32(body).to_bytes(4, "big") + body


def _decode(raw: bytes) -> Any:
    how, check, body = raw[:1], raw[1:5], raw[5:]
    if how not in _HOW.values() or len(check) != 4 or zlib.crc32(body).to_bytes(4, "big") != check:
        raise _Corrupt("校验和不符")
    data = zlib.decompress(body) if how in (b"z", b"U") else body
    return data.decode("utf-8", "surrogatepass") if how in (b"u", b"U") else pickle.loads(data)


class _Corrupt(ValueError):
    """A stored value whose bytes are not what was written."""


_EXPECTED: dict[str, Callable[[Any], bool]] = {}


def expect(kind: str, valid: Callable[[Any], bool]) -> None:
    """Register what a value of `kind` must look like: one that does not (written by another version, or
    tampered with) is a miss, recomputed, never a traceback further on."""
    _EXPECTED[kind] = valid


def _value(kind: str, raw: Any, directory: Path | None) -> Any:
    """A stored value, or None (a miss, said at INFO) when its bytes are damaged or it is not of its kind.

    Unpickling damaged bytes can raise nearly anything (UnpicklingError, EOFError, ValueError, KeyError,
    AttributeError, ImportError, MemoryError …), hence the broad except: the cache is an optimisation."""
    try:
        value = _decode(raw if isinstance(raw, bytes) else b"")
        valid = _EXPECTED.get(kind)
        if value is not None and valid is not None and not valid(value):
            raise _Corrupt(f"不是 {kind} 的值")
    except Exception as exc:
        logging.getLogger(LOGGER).info(f"zfxxgk: 构建缓存 {directory} 中的一项（{kind}）已损坏（{exc}），"
                                       "按没有缓存重新计算")
        return None
    return value
