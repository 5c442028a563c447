"""Filling a staging folder: each file hard-linked from the old tree or written, by
this process and, for a large tree, a forked second writer (:mod:`render.writing`
decides which files and who writes them, then swaps the folder in).
"""

from __future__ import annotations

import contextlib
import errno
import marshal
import os
import signal
from collections.abc import Callable, Mapping
from pathlib import Path

from render.libc import LIBC
from render.outtree import Identity

# progress(clusters done, clusters in all, files written)
Progress = Callable[[int, int, int], None]
_LIBC = LIBC


def write_all(fd: int, data: bytes) -> None:
    # Straight to the descriptor: a buffered file object per output file cost more
    # than the write itself (65,000 files at L).
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _link(source: str, target: str, identity: Identity) -> bool:
    # True when the old file now also lives at target. Any refusal (EXDEV, EPERM,
    # EMLINK, ENOTSUP, a file system without hard links, no linkat) means: write it.
    try:
        os.link(source, target, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return False
    st = os.lstat(target)
    if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) == identity:
        return True
    os.unlink(target)  # out/'s file was replaced or edited since it was read
    return False


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


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
        if rel in unchanged and _link(old + rel, target, unchanged[rel]):
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
    """Fork a process writing ``items`` (its pid and the pipe its answer comes through);
    None when this system cannot fork (then this process writes them)."""
    read_end, write_end = os.pipe()
    render = os.getpid()
    try:
        pid = os.fork()
    except (OSError, AttributeError):
        os.close(read_end)
        os.close(write_end)
        return None
    if pid:
        os.close(write_end)
        return pid, read_end
    # The child: it dies with the render (a killed render must not leave a writer
    # behind to refill a staging folder the next run deletes), answers through the
    # pipe and leaves with os._exit, so nothing of the render runs twice.
    answer: tuple[object, ...] = ("died",)
    try:
        os.close(read_end)
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != render:  # the render died before that took hold
            os._exit(1)
        answer = ("ok", write_files(items, staging, out, unchanged))
    except OSError as e:
        answer = ("error", e.errno or errno.EIO, e.strerror or str(e), e.filename)
    except BaseException as e:  # noqa: BLE001 - reported to the render, which raises it
        answer = ("error", errno.EIO, f"writer: {e}", None)
    finally:
        with contextlib.suppress(BaseException):
            data = marshal.dumps(answer)
            while data:
                data = data[os.write(write_end, data):]
        os._exit(0)


def join_writer(pid: int, read_end: int) -> dict[str, Identity]:
    chunks = []
    with open(read_end, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    os.waitpid(pid, 0)
    try:
        answer = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        answer = ("error", errno.EIO, "the writer process died", None)
    if answer[0] != "ok":
        raise OSError(*answer[1:]) if answer[0] == "error" else OSError(errno.EIO, "the writer process died")
    return answer[1]


def flush(folder: Path) -> None:
    # One syncfs() puts the whole staging tree (or spare) on disk before the swap makes it
    # visible (a fsync per file costs ~0.4 ms each); elsewhere, os.sync().
    fd = os.open(folder, os.O_RDONLY)
    try:
        if not hasattr(_LIBC, "syncfs") or _LIBC.syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)
