"""Reading out/ back without following links: what is there, and how it differs.

One read serves both the "up to date?" check and the choice of which unchanged files
:mod:`render.writing` hard-links into the next tree instead of writing them again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
from collections.abc import ItemsView, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from render import records

# What a link or special file in out/ reads as: equal to no rendered file, so it is
# reported as changed and replaced, never followed.
_NOT_A_FILE = b"\0not a regular file\0"
# How a folder of out/ or of its spare is opened to read its entries through the
# descriptor (fstatat: no path walked per file), never following a link.
FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


# A regular file of out/ as it was read: (st_dev, st_ino, st_size, st_mtime_ns).
Identity = tuple[int, int, int, int]
# What a render knows it left in out/: per file, its identity then and a digest of its
# bytes (:func:`content_digest`).
Known = Mapping[str, tuple[Identity, bytes]]


_WRITTEN = b"fleet-render written 2\n"


def folder_of(rel: str) -> str:
    """The top-level folder of out/ (a cluster's) a path is in; "" for out/'s own files."""
    top, slash, _ = rel.partition("/")
    return top if slash else ""


class Written(Mapping[str, tuple[Identity, bytes]]):
    """:data:`Known` as the written record keeps it: one marshal blob per top-level
    folder, each decoded the first time it is asked for.

    At 1,000 clusters out/ holds 65,000 files. A render that patches a few clusters
    (render.delta) reads the entries of those, its survey of the spare decodes each
    folder in the process that surveys it, and the record it saves re-encodes only
    the folders that changed.
    """

    __slots__ = ("_blobs", "_count", "_folders")

    def __init__(self, blobs: dict[str, bytes], folders: dict[str, dict[str, tuple[Identity, bytes]]],
                 count: int) -> None:
        self._blobs = blobs  # folder -> its entries, encoded (as saved, or unchanged since)
        self._folders = folders  # folder -> its entries, decoded (never changed in place)
        self._count = count

    @classmethod
    def of(cls, known: Known) -> Written:
        """``known`` as a Written (itself when it is one)."""
        if isinstance(known, Written):
            return known
        folders: dict[str, dict[str, tuple[Identity, bytes]]] = {}
        for rel, entry in known.items():
            folders.setdefault(folder_of(rel), {})[rel] = entry
        return cls({}, folders, len(known))

    def folder(self, top: str) -> dict[str, tuple[Identity, bytes]]:
        """The entries of one top-level folder (see :func:`folder_of`); not to be changed."""
        found = self._folders.get(top)
        if found is None:
            blob = self._blobs.get(top)
            found = self._folders[top] = marshal.loads(blob) if blob is not None else {}
        return found

    def tops(self) -> list[str]:
        """The top-level folders with entries (and "" for out/'s own files)."""
        return [top for top in {**self._blobs, **self._folders} if top in self._blobs or self._folders[top]]

    def __getitem__(self, rel: str) -> tuple[Identity, bytes]:
        return self.folder(folder_of(rel))[rel]

    def get(self, rel: str, default: Any = None) -> Any:
        return self.folder(folder_of(rel)).get(rel, default)

    def __contains__(self, rel: object) -> bool:
        return isinstance(rel, str) and rel in self.folder(folder_of(rel))

    def __iter__(self) -> Iterator[str]:
        for top in self.tops():
            yield from self.folder(top)

    def __len__(self) -> int:
        return self._count

    def items(self) -> ItemsView[str, tuple[Identity, bytes]]:
        return _WrittenItems(self)

    def changed(self, entries: Mapping[str, tuple[Identity, bytes] | None]) -> Written:
        """A copy with ``entries`` set (None: removed); only their folders are decoded."""
        blobs, folders, count = dict(self._blobs), dict(self._folders), self._count
        for top in {folder_of(rel) for rel in entries}:
            blobs.pop(top, None)
            folders[top] = dict(self.folder(top))
        for rel, entry in entries.items():
            held = folders[folder_of(rel)]
            if entry is None:
                count -= held.pop(rel, None) is not None
            else:
                count += rel not in held
                held[rel] = entry
        return Written(blobs, folders, count)

    def encoded(self) -> tuple[int, dict[str, bytes]]:
        """The record's content: the count, and each folder's blob."""
        blobs = {}
        for top in self.tops():
            blob = self._blobs.get(top)
            blobs[top] = blob if blob is not None else marshal.dumps(self._folders[top])
        return self._count, blobs

    @classmethod
    def decoded(cls, content: object) -> Written | None:
        """The Written a record's content holds (None: not one)."""
        if not (isinstance(content, tuple) and len(content) == 2 and isinstance(content[0], int)
                and isinstance(content[1], dict)):
            return None
        return cls(content[1], {}, content[0])


class _WrittenItems(ItemsView[str, tuple[Identity, bytes]]):
    _mapping: Written

    def __iter__(self) -> Iterator[tuple[str, tuple[Identity, bytes]]]:
        written = self._mapping
        for top in written.tops():
            yield from written.folder(top).items()


def load_written(out: Path) -> tuple[Written | None, bytes]:
    """What the last write left in ``out`` (None: no record to trust), and the digest a
    snapshot (render.snapshot) names that record by."""
    found = records.read(records.record_path(out, "written"), _WRITTEN)
    written = Written.decoded(found[0]) if found is not None else None
    if found is None or written is None:
        return None, b""
    return written, found[1]


def save_written(out: Path, known: Known) -> bytes:
    """Record what a write left in ``out``; the record's digest (empty if not saved)."""
    found = records.save(records.record_path(out, "written"), _WRITTEN, Written.of(known).encoded(), digest=True)
    return found or b""


class Unread(NamedTuple):
    """A file ``scan`` did not read: it is still the one a render left, with this digest."""

    digest: bytes


def content_digest(data: bytes) -> bytes:
    """The digest :data:`Known` holds for a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def same(data: bytes, held: bytes | Unread, digest: bytes) -> bool:
    """Whether a file ``scan`` found holds exactly ``data`` (whose digest is given)."""
    if type(held) is Unread:
        return held.digest == digest
    return held == data


def scan(
    out: Path, known: Known | None = None, spare: Path | None = None
) -> tuple[dict[str, bytes | Unread], dict[str, Identity]]:
    """``read_tree``, plus the identity of each file a render may hard-link into its next
    tree: a regular file with no other name (which nothing outside out/ could edit) but
    the one of the same path in out/'s ``spare`` tree (:mod:`render.sparetree`).

    A file of ``known`` whose identity is unchanged is not read: it stands as
    :class:`Unread` (a file is never changed in place without its mtime moving).
    """
    tree: dict[str, bytes | Unread] = {}
    linkable: dict[str, Identity] = {}
    if out.is_symlink() or not out.is_dir():
        return tree, linkable
    spared = f"{spare}/" if spare is not None else None
    _scan_folder(str(out), "", tree, linkable, known or {}, spared)
    return tree, linkable


def _scan_folder(
    folder: str,
    prefix: str,
    tree: dict[str, bytes | Unread],
    linkable: dict[str, Identity],
    known: Known,
    spare: str | None,
) -> None:
    # scandir entries, not Path objects: out/ holds 65,000 files at 1,000 clusters
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                _scan_folder(entry.path, rel + "/", tree, linkable, known, spare)
                continue
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                tree[rel] = _NOT_A_FILE
                continue
            identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            alone = st.st_nlink == 1 or (
                st.st_nlink == 2 and spare is not None and _spared(spare + rel, st)
            )
            was = known.get(rel)
            if was is not None and was[0] == identity and alone:
                tree[rel] = Unread(was[1])
                linkable[rel] = identity
                continue
            data = _read_regular(entry.path)
            tree[rel] = _NOT_A_FILE if data is None else data
            if data is not None and alone:
                linkable[rel] = identity


def _spared(path: str, st: os.stat_result) -> bool:
    # The file's second name is the spare's file of the same path: the spare is kept
    # by fleet-render, in the user's cache, and never edited in place.
    try:
        other = os.lstat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino)


def untouched(out: Path, known: Known) -> bool:
    """Whether ``out`` holds exactly the files of ``known``, each still as the write
    that returned it left it (by identity: nothing is read), folders aside; it stops
    at the first difference."""
    if out.is_symlink() or not out.is_dir():
        return False
    try:
        count = _count_untouched(str(out), "", known)
    except _Touched:
        return False
    return count == len(known)


class _Touched(Exception):
    pass


def _count_untouched(folder: str, prefix: str, known: Known) -> int:
    count = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                count += _count_untouched(entry.path, rel + "/", known)
                continue
            st = entry.stat(follow_symlinks=False)
            was = known.get(rel)
            if was is None or was[0] != (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns):
                raise _Touched
            count += 1
    return count


def _read_regular(path: str) -> bytes | None:
    # Opened without following a link or waiting on a FIFO, and checked again once
    # open: the file may have been swapped since it was listed.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read() if stat.S_ISREG(os.fstat(fd).st_mode) else None


def read_tree(out: Path) -> dict[str, bytes]:
    """Every file below ``out`` (relative path to bytes); empty when it does not exist.

    Symbolic links are never followed: a link (or FIFO) planted in ``out`` reads as a
    file no render writes, so it shows as changed and is replaced.
    """
    return scan(out)[0]  # type: ignore[return-value]  # nothing known: every file read


def changes(
    want: Mapping[str, bytes], have: Mapping[str, bytes]
) -> list[tuple[str, str]]:
    """compare_tree for bytes already at hand: the render's and those read from out/."""
    found = [("added", p) for p in want.keys() - have.keys()]
    found += [("removed", p) for p in have.keys() - want.keys()]
    found += [("changed", p) for p in want.keys() & have.keys() if want[p] != have[p]]
    return sorted(found, key=lambda c: (c[1], c[0]))


def compare_tree(files: Mapping[str, str], out: Path) -> list[tuple[str, str]]:
    """How ``out`` differs from the files a render would write.

    Returns:
        Sorted ``(status, path)`` pairs, status one of ``added``, ``removed``, ``changed``.
    """
    want = {path: text.encode("utf-8") for path, text in files.items()}
    return changes(want, read_tree(out))
