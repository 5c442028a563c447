"""Reading out/ back without following links: what is there, and how it differs.

One read serves both the "up to date?" check and the choice of which unchanged files
:mod:`render.writing` hard-links into the next tree instead of writing them again.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

# What a link or special file in out/ reads as: equal to no rendered file, so it is
# reported as changed and replaced, never followed.
_NOT_A_FILE = b"\0not a regular file\0"


# A regular file of out/ as it was read: (st_dev, st_ino, st_size, st_mtime_ns).
Identity = tuple[int, int, int, int]


def scan(out: Path) -> tuple[dict[str, bytes], dict[str, Identity]]:
    """``read_tree``, plus the identity of each file a render may hard-link into its next
    tree: a regular file with no other name (which nothing outside out/ could edit).
    """
    tree: dict[str, bytes] = {}
    linkable: dict[str, Identity] = {}
    if out.is_symlink() or not out.is_dir():
        return tree, linkable
    _scan_folder(str(out), "", tree, linkable)
    return tree, linkable


def _scan_folder(
    folder: str, prefix: str, tree: dict[str, bytes], linkable: dict[str, Identity]
) -> None:
    # scandir entries, not Path objects: out/ holds 65,000 files at 1,000 clusters
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                _scan_folder(entry.path, rel + "/", tree, linkable)
                continue
            st = entry.stat(follow_symlinks=False)
            data = _read_regular(entry.path) if stat.S_ISREG(st.st_mode) else None
            tree[rel] = _NOT_A_FILE if data is None else data
            if data is not None and st.st_nlink == 1:
                linkable[rel] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


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
    return scan(out)[0]


def changes(
    want: Mapping[str, bytes], have: Mapping[str, bytes]
) -> list[tuple[str, str]]:
    """compare_tree for bytes already at hand: the render's and those ``scan`` read."""
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
