"""Writing out/ all or nothing: a lock, a sibling staging folder, one atomic swap, recovery.

A render builds the complete new tree in ``.<out>.new-XXXXXXXX`` beside ``out``: a
file whose bytes are unchanged is hard-linked from the old tree, only added and changed
files are written. It flushes the folder to disk and swaps it in with one
``renameat2(RENAME_EXCHANGE)`` (two renames through ``.<out>.old-XXXXXXXX`` where the
kernel or file system lacks it). No file is ever written in place, so an unchanged
file keeps its inode and mtime, and a changed one is a new inode.
A render killed at any moment leaves the old or the new complete ``out``; the next
render, holding the lock, finishes or undoes the swap and deletes the leftovers.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import marshal
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from render.errors import RenderError
from render.locking import LOCK_TIMEOUT, locked
from render.outtree import (
    Identity,
    Known,
    compare_tree,
    content_digest,
    read_tree,
    same,
    scan,
)

__all__ = [
    "MARKER",
    "check_out_dir",
    "compare_tree",
    "read_tree",
    "recover",
    "write_tree",
]

MARKER = ".fleet-render-output"
# progress(clusters done, clusters in all, files written)
Progress = Callable[[int, int, int], None]
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
_LIBC = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def _leftover(out: Path) -> re.Pattern[str]:
    # mkdtemp's suffix is 8 characters: an exact pattern never matches the staging
    # folder of a sibling output that happens to be named "out.new-..."
    return re.compile(rf"\.{re.escape(out.name)}\.(new|old)-[a-z0-9_]{{8}}")


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def recover(out: Path) -> None:
    """Finish or undo a swap a killed render left half done, and delete its leftovers.

    Call with the lock held: a running render's staging folder looks like a leftover.
    """
    pattern = _leftover(out)
    names = sorted(n for n in os.listdir(out.parent) if pattern.fullmatch(n))
    backups = [out.parent / n for n in names if ".old-" in n]
    complete = [b for b in backups if not b.is_symlink() and (b / MARKER).is_file()]
    if complete and not os.path.lexists(out):
        # killed between the two renames of the fallback swap: the old tree is whole
        os.rename(complete[0], out)
    for name in names:
        if os.path.lexists(out.parent / name):
            _remove(out.parent / name)


def check_out_dir(out: Path) -> None:
    """Refuse to replace anything fleet-render did not create.

    Raises:
        RenderError: ``out`` is a symlink, a file, or a non-empty folder without
            fleet-render's marker.
    """
    hint = f"fleet-render writes {MARKER} in folders it owns"
    if out.is_symlink():
        raise RenderError.single(
            f"refusing to replace {out}: it is a symbolic link",
            stage="write",
            hint=hint,
        )
    if out.exists() and (
        not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())
    ):
        raise RenderError.single(
            f"refusing to replace {out}: it is not empty and was not written by fleet-render",
            stage="write",
            hint=hint,
        )


def _checked_rel(rel: str) -> str:
    # Names are validated long before (render.naming); this is the last line of defence
    # that keeps every write inside the staging folder.
    parts = rel.split("/")
    if not rel or "\0" in rel or any(p in ("", ".", "..") for p in parts):
        raise RenderError.single(
            f"refusing to write {rel!r}: not a plain path inside the output folder",
            stage="write",
        )
    return rel


def _flush(folder: Path) -> None:
    # One syncfs() puts the whole staging tree on disk before the swap makes it
    # visible (a fsync per file costs ~0.4 ms each); elsewhere, os.sync().
    fd = os.open(folder, os.O_RDONLY)
    try:
        if not hasattr(_LIBC, "syncfs") or _LIBC.syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
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


def _stage(
    files: Mapping[str, bytes],
    out: Path,
    unchanged: Mapping[str, Identity],
    progress: Progress | None = None,
    jobs: int = 1,
) -> tuple[Path, dict[str, Identity]]:
    # unchanged: files whose bytes equal those of out/'s regular file of that name.
    # Returns the staging folder and the identity of every file in it.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    items = sorted(files.items())
    for rel, _ in items:
        _checked_rel(rel)
    # With workers allowed, a forked writer fills the second half of the clusters:
    # creating files is system time that two processes get through nearly twice as fast.
    # Only where it can be tied to the render's life (Linux): a writer outliving a
    # killed render could refill a staging folder the next run has deleted.
    parallel = jobs > 1 and len(items) >= PARALLEL_WRITE_MIN and hasattr(_LIBC, "prctl")
    split = _half(items) if parallel else len(items)
    writer = None
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; out/ is meant to be read
        if split < len(items):
            writer = _start_writer(items[split:], staging, out, unchanged)
            if writer is None:  # no fork here: this process writes them all
                split = len(items)
        total = sum(1 for rel in files if rel.endswith("/kustomization.yaml"))
        identities = _write_files(items[:split], staging, out, unchanged, progress, total)
        if writer is not None:
            identities.update(_join_writer(*writer))
            writer = None
        _flush(staging)
        if progress is not None:
            progress(total, total, len(files))
    except BaseException:
        if writer is not None:
            with contextlib.suppress(OSError):
                os.kill(writer[0], signal.SIGKILL)
                os.waitpid(writer[0], 0)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, identities


PARALLEL_WRITE_MIN = 4000  # files; below this a second writer costs more than it saves
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _half(items: list[tuple[str, bytes]]) -> int:
    # Where the second half of the clusters starts: each writer makes its own folders.
    middle = len(items) // 2
    cluster = items[middle][0].partition("/")[0]
    while middle < len(items) and items[middle][0].partition("/")[0] == cluster:
        middle += 1
    return middle


def _write_files(
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
            _write_all(fd, data)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        identities[rel] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    return identities


def _start_writer(
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
        answer = ("ok", _write_files(items, staging, out, unchanged))
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


def _join_writer(pid: int, read_end: int) -> dict[str, Identity]:
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


def _exchange(staging: Path, out: Path) -> bool:
    if not hasattr(_LIBC, "renameat2"):
        return False
    done = _LIBC.renameat2(
        _AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(out), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # this kernel or file system cannot exchange: two renames instead
    raise OSError(code, os.strerror(code), str(out))


def _swap(staging: Path, out: Path) -> Path | None:
    # Returns the folder now holding the old tree, if any.
    if not os.path.lexists(out):
        os.rename(staging, out)
        return None
    if _exchange(staging, out):
        return staging
    backup = staging.with_name(staging.name.replace(".new-", ".old-"))
    os.rename(out, backup)
    try:
        os.rename(staging, out)  # a kill right before this is undone by recover()
    except OSError:
        os.rename(backup, out)
        raise
    return backup


def _settle(out: Path, old: Path | None) -> None:
    # Best effort once the new tree is in place: a failure here must not report the
    # render as failed; the next render's recover() deletes what is left.
    with contextlib.suppress(OSError):
        fd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(fd)  # the renames themselves
        finally:
            os.close(fd)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_tree(
    files: Mapping[str, str],
    out: Path,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    progress: Progress | None = None,
    known: Known | None = None,
    jobs: int = 1,
) -> Known:
    """Write the files as the new ``out`` folder, replacing the old one atomically.

    Args:
        files: relative path to text, every file of the new tree.
        out: the output folder.
        lock_timeout: seconds to wait for another render writing the same folder.
        known: what the last write returned: its files still there, unchanged, are
            compared by digest instead of being read back.
        jobs: processes that may write (a second one takes half the clusters of a
            large tree); the tree is the same.

    Returns:
        What this write left, for the next one's ``known``.

    Raises:
        RenderError: another render holds the lock past the timeout, ``out`` is not
            fleet-render's, or it cannot be written (read-only, full disk); ``out``
            is then exactly as it was and no staging folder is left.
    """
    out = Path(os.path.abspath(out))
    staging: Path | None = None
    blocked = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:  # mkdir would only say "File exists"
        message = f"cannot write {out}: {blocked} is a file, not a folder"
        raise RenderError.single(message, stage="write")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with locked(out, lock_timeout):
            recover(out)
            check_out_dir(out)
            want = {rel: text.encode("utf-8") for rel, text in files.items()}
            digests = {rel: content_digest(data) for rel, data in want.items()}
            have, linkable = scan(out, known)  # the one read of the old tree
            equal = {rel for rel, data in want.items() if rel in have and same(data, have[rel], digests[rel])}
            if out.is_dir() and len(equal) == len(want) == len(have):
                # up to date: leave every byte and mtime alone
                return {rel: (linkable[rel], digests[rel]) for rel in want if rel in linkable}
            del have  # the old bytes are compared: free them before writing
            unchanged = {rel: linkable[rel] for rel in equal if rel in linkable}
            staging, identities = _stage(want, out, unchanged, progress, jobs)
            old = _swap(staging, out)
            staging = None
            _settle(out, old)
            return {rel: (identities[rel], digests[rel]) for rel in want}
    except OSError as e:
        if staging is not None:  # staged but not swapped in
            shutil.rmtree(staging, ignore_errors=True)
        raise RenderError.single(
            f"cannot write {out}: {e.strerror or e}", stage="write"
        ) from e


def write_changes(
    changes: Mapping[str, str | None], out: Path, known: Known, *, lock_timeout: float = LOCK_TIMEOUT
) -> Known | None:
    """Write the tree ``known`` describes with ``changes`` applied (text, or None: gone);
    None, with nothing written, when out/ is no longer as ``known`` says."""
    out = Path(os.path.abspath(out))
    with locked(out, lock_timeout):
        recover(out)
        check_out_dir(out)
        unchanged: dict[str, Identity] = {}
        for rel, (identity, _) in known.items():
            if rel in changes:
                continue
            try:
                st = os.lstat(out / rel)
            except OSError:
                return None
            if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != tuple(identity):
                return None
            unchanged[rel] = tuple(identity)  # type: ignore[assignment]
        data = {rel: text.encode("utf-8") for rel, text in changes.items() if text is not None}
        staging, identities = _stage({**dict.fromkeys(unchanged, b""), **data}, out, unchanged)
        if any(identities[rel] != identity for rel, identity in unchanged.items()):
            shutil.rmtree(staging, ignore_errors=True)  # a file changed while it was linked
            return None
        old = _swap(staging, out)
        _settle(out, old)
        left = {rel: (identity, known[rel][1]) for rel, identity in unchanged.items()}
        left.update({rel: (identities[rel], content_digest(b)) for rel, b in data.items()})
        return left
