"""Filling a staging folder: each file hard-linked from the old tree or written, by
this process and, for a large tree, a forked second writer (:mod:`render.writing`
decides which files and who writes them, then swaps the folder in).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from render import forking
from render.libc import LIBC
from render.outtree import Identity

# progress(clusters done, clusters in all, files written)
Progress = Callable[[int, int, int], None]


def write_all(fd: int, data: bytes) -> None:
    # Straight to the descriptor: a buffered file object per output file cost more
    # than the write itself (65,000 files at L).
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def link_as_known(source: str, target: str, identity: Identity, names: int | None = None) -> bool:
    """Hard-link ``source`` to ``target``: True when the file linked is still as
    ``identity`` says (and, given ``names``, now has exactly that many names). Any
    refusal (EXDEV, EPERM, EMLINK, ENOTSUP, a file system without hard links, no
    linkat) or difference means False, with no link left: write the file instead."""
    try:
        os.link(source, target, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return False
    st = os.lstat(target)
    if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) == identity and names in (None, st.st_nlink):
        return True
    os.unlink(target)  # out/'s file was replaced or edited since it was read
    return False




def half(items: list[tuple[str, bytes]]) -> int:
    # Where the second half of the clusters starts: each writer makes its own folders.
    middle = len(items) // 2
    cluster = items[middle][0].partition("/")[0]
    while middle < len(items) and items[middle][0].partition("/")[0] == cluster:
        middle += 1
    return middle


def write_files(
    items: list[tuple[str, bytes]],
    staging: Path,
    out: Path,
    unchanged: Mapping[str, Identity],
    progress: Progress | None = None,
    total: int = 0,
) -> dict[str, Identity]:
    # Plain strings, not Path objects: this loop runs once per output file.
    clusters: set[str] = set()
    folders: set[str] = set()
    base, old = f"{staging}/", f"{out}/"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    identities: dict[str, Identity] = {}
    for done, (rel, data) in enumerate(items, 1):
        if progress is not None and "/" in rel:
            clusters.add(rel.partition("/")[0])
            progress(len(clusters) - 1, total, done)
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(base + folder, exist_ok=True)
            folders.add(folder)
        target = base + rel
        if rel in unchanged and link_as_known(old + rel, target, unchanged[rel]):
            identities[rel] = unchanged[rel]
            continue
        fd = os.open(target, flags, 0o644)
        try:
            write_all(fd, data)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        identities[rel] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    return identities


def start_writer(
    items: list[tuple[str, bytes]], staging: Path, out: Path, unchanged: Mapping[str, Identity]
) -> tuple[int, int] | None:
    """Fork a process writing ``items`` (see :func:`render.forking.start`); None when
    this system cannot fork (then this process writes them)."""
    return forking.start(lambda: write_files(items, staging, out, unchanged))


def join_writer(pid: int, read_end: int) -> dict[str, Identity]:
    """The identities the writer's files got (see :func:`render.forking.join`)."""
    return forking.join(pid, read_end)  # type: ignore[return-value]


def flush(folder: Path) -> None:
    # One syncfs() puts the whole staging tree (or spare) on disk before the swap makes it
    # visible (a fsync per file costs ~0.4 ms each); elsewhere, os.sync().
    fd = os.open(folder, os.O_RDONLY)
    try:
        if not hasattr(LIBC, "syncfs") or LIBC.syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)
