"""Filling a staging folder: each file hard-linked from the old tree or written, by
this process and, for a large tree, a forked second writer (:mod:`render.writing`
decides which files and who writes them, then swaps the folder in).
"""

from __future__ import annotations

import array
import itertools
import os
from collections.abc import Callable, Mapping
from functools import partial
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




def cluster_chunks(items: list[tuple[str, bytes]], count: int) -> list[tuple[int, int]]:
    """``items`` (sorted by path) cut into about ``count`` runs of whole cluster folders,
    as ``(start, end)``: each is written by one writer, which makes its folders."""
    size = max(1, len(items) // max(1, count))
    edges, start = [], 0
    while start < len(items):
        end = min(start + size, len(items))
        cluster = items[end - 1][0].partition("/")[0]
        while end < len(items) and items[end][0].partition("/")[0] == cluster:
            end += 1
        edges.append((start, end))
        start = end
    return edges


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


def write_chunks(
    items: list[tuple[str, bytes]],
    chunks: list[tuple[int, int]],
    counter: forking.Counter | None,
    staging: Path,
    out: Path,
    unchanged: Mapping[str, Identity],
    progress: Progress | None = None,
    total: int = 0,
) -> dict[str, Identity]:
    """Write the chunks this process takes from ``counter`` (shared with the other
    writers), or every chunk in order without one."""
    identities: dict[str, Identity] = {}
    numbers = iter(counter.take, -1) if counter is not None else iter(range(len(chunks)))
    before = _clusters_before(items, chunks) if progress is not None else []
    for number in numbers:
        if number >= len(chunks):
            break
        start, end = chunks[number]
        shown = None
        if progress is not None:  # the bar counts the chunks before this one as done, by whichever writer
            shown = partial(_shifted, progress, before[number], start)
        identities.update(write_files(items[start:end], staging, out, unchanged, shown, total))
    return identities


def _shifted(progress: Progress, clusters: int, files: int, done: int, total: int, written: int) -> None:
    progress(clusters + done, total, files + written)


def _clusters_before(items: list[tuple[str, bytes]], chunks: list[tuple[int, int]]) -> list[int]:
    # How many cluster folders the items before each chunk fill.
    counts, seen, last = [], 0, None
    starts = iter(start for start, _ in chunks)
    start = next(starts, None)
    for index, (rel, _) in enumerate(items):
        while start == index:
            counts.append(seen)
            start = next(starts, None)
        cluster = rel.partition("/")[0] if "/" in rel else None
        if cluster is not None and cluster != last:
            seen, last = seen + 1, cluster
    return counts


def start_writer(
    items: list[tuple[str, bytes]],
    chunks: list[tuple[int, int]],
    counter: forking.Counter,
    staging: Path,
    out: Path,
    unchanged: Mapping[str, Identity],
) -> tuple[int, int] | None:
    """Fork a process writing the chunks it takes (see :func:`render.forking.start`);
    None when this system cannot fork (then this process writes them)."""
    return forking.start(lambda: _packed(write_chunks(items, chunks, counter, staging, out, unchanged)))


def join_writer(pid: int, read_end: int) -> dict[str, Identity]:
    """The identities the writer's files got (see :func:`render.forking.join`)."""
    return _unpacked(forking.join(pid, read_end, wait=False))  # type: ignore[arg-type]


# Identities cross the pipe as one array of unsigned 64-bit numbers beside the names:
# unmarshalling 32,000 tuples of large integers took the render 0.09 s, the array ~0.01 s.
def _packed(identities: dict[str, Identity]) -> tuple[list[str], bytes] | dict[str, Identity]:
    try:
        numbers = array.array("Q", itertools.chain.from_iterable(identities.values()))
    except OverflowError:  # a negative mtime (a clock before 1970): as they are
        return identities
    return list(identities), numbers.tobytes()


def _unpacked(answer: tuple[list[str], bytes] | dict[str, Identity]) -> dict[str, Identity]:
    if isinstance(answer, dict):
        return answer
    names, data = answer
    numbers = array.array("Q")
    numbers.frombytes(data)
    values = iter(numbers.tolist())
    return dict(zip(names, zip(values, values, values, values, strict=True), strict=True))


def flush(folder: Path) -> None:
    # One syncfs() puts the whole staging tree (or spare) on disk before the swap makes it
    # visible (a fsync per file costs ~0.4 ms each); elsewhere, os.sync().
    fd = os.open(folder, os.O_RDONLY)
    try:
        if not hasattr(LIBC, "syncfs") or LIBC.syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)
