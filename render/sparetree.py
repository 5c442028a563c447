"""The spare tree: the output a swap replaced, kept to become the next out/.

A write that swaps a new tree in keeps the old one as a spare, in the cache folder
beside the records (on out/'s file system, so the two can trade places). The next write
brings the spare up to date in place, which touches only the files the last two writes
changed, and exchanges it with out/ in one ``renameat2(RENAME_EXCHANGE)``. An
incremental write then costs one lstat pass over the spare plus the changed files,
instead of a link per unchanged file and the deletion of the old tree (issue 7).

Trust: the spare's record (per file: identity and digest) is deleted before the spare
is touched and saved only once it again describes it, so a spare a killed write left
half updated has no record and is never used. Every use lstats every entry of the
spare: anything the record does not list, or whose identity moved (an edit of out/ in
place reaches the spare through the inode they share), is replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from render import records
from render.outtree import Identity, Known

__all__ = ["Plan", "Spare", "adopt", "discard", "exchange", "fill", "locate", "open_spare",
           "remember", "survey", "sweep", "unsettle"]

_FORMAT = b"fleet-render spare 1\n"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
_LIBC = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
_TRASH = ".trash-"


@dataclass(frozen=True)
class Spare:
    """A spare folder whose record can be trusted: what it held when last left."""

    path: Path
    held: Mapping[str, tuple[Identity, bytes]]


@dataclass
class Plan:
    """What bringing a spare up to date takes, found by :func:`survey` (nothing changed yet)."""

    keep: dict[str, Identity] = field(default_factory=dict)  # wanted, already there
    doomed: list[str] = field(default_factory=list)  # entries to remove (files, links, folders)
    missing: list[str] = field(default_factory=list)  # wanted files to link or write


def same_device(a: Path, b: Path) -> bool:
    """Whether two folders are on one file system (tests replace this to force no spare)."""
    return os.stat(a).st_dev == os.stat(b).st_dev


def locate(out: Path) -> Path | None:
    """Where ``out``'s spare is kept, when it may be: the cache folder is on the file
    system of out/'s parent and this system has renameat2 (Linux); else None."""
    if not hasattr(_LIBC, "renameat2"):
        return None
    try:
        cache = records.cache_folder()
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not same_device(cache, out.parent):
            return None
    except OSError:
        return None
    return records.spare_path(out)


def open_spare(out: Path) -> Spare | None:
    """``out``'s spare when there is one to trust: a folder of this user's that nobody
    else may change, described by its record (which names the very folder)."""
    path = locate(out)
    if path is None:
        return None
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    content = records.load(_record(path), _FORMAT)
    if not isinstance(content, dict) or content.get("root") != (info.st_dev, info.st_ino):
        return None
    held = content.get("files")
    if not isinstance(held, dict):
        return None
    records.touch(path)  # in use: records._prune leaves it alone for 30 days
    return Spare(path, held)


def _record(path: Path) -> Path:
    return path.with_name(path.name + ".pickle")


def unsettle(path: Path) -> None:
    """Delete the spare's record before anything in it changes: a write killed from
    here on leaves a spare no later write trusts."""
    records.forget(_record(path))
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)  # the deletion reaches the disk before the spare's changes
        finally:
            os.close(fd)


def remember(path: Path, held: Mapping[str, tuple[Identity, bytes]]) -> None:
    """Record what the spare now holds (best effort: without it the spare is not used)."""
    with contextlib.suppress(OSError):
        info = os.lstat(path)
        os.utime(path)  # in use: see open_spare
        files = held if type(held) is dict else dict(held)
        records.save(_record(path), _FORMAT, {"root": (info.st_dev, info.st_ino), "files": files})


def survey(spare: Spare, want: Mapping[str, bytes], known: Known) -> Plan:
    """The one lstat pass over the spare: which wanted files it holds as they should be.

    ``want`` maps every file of the new tree to its digest; ``known`` is out/ as the
    last write left it. A spare file is kept when its record vouches for it (same
    identity, wanted digest) and it is out/'s very file, so an unchanged file keeps
    its inode and mtime; a file changed since out/ is always a new inode. Anything else
    (unlisted, edited, a link, a second name elsewhere, an unwanted folder) is doomed.
    """
    folders = {rel.rpartition("/")[0] for rel in want}
    for folder in list(folders):
        while folder:
            folder = folder.rpartition("/")[0]
            folders.add(folder)
    plan = Plan()
    held, keep, doomed = spare.held, plan.keep, plan.doomed
    # scandir entries and plain strings: the spare holds 65,000 files at 1,000 clusters
    stack = [("", str(spare.path))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if rel in folders:
                        stack.append((rel + "/", entry.path))
                    else:
                        doomed.append(rel)
                    continue
                st = entry.stat(follow_symlinks=False)
                identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
                was, ours = held.get(rel), known.get(rel)
                # at most two names: this one and out/'s (which ours[0] == identity says)
                if (was is not None and was[0] == identity and ours is not None
                        and ours[0] == identity and was[1] == want.get(rel)
                        and st.st_nlink <= 2 and stat.S_ISREG(st.st_mode)):
                    keep[rel] = identity
                else:
                    doomed.append(rel)
    plan.missing = sorted(rel for rel in want if rel not in keep)
    return plan


def fill(
    path: Path,
    plan: Plan,
    want: Mapping[str, bytes],
    known: Known,
    out: Path,
    source: Callable[[str], bytes | None],
) -> dict[str, Identity] | None:
    """Carry out the plan: the spare then holds exactly the wanted tree.

    A missing file equal to out/'s (as ``known`` says) is hard-linked from out/;
    any other is written from ``source``. Returns every file's identity, or None when
    a file was needed from out/, out/'s was no longer as known, and ``source`` has no
    bytes for it (the spare is then half done: its record is already gone).
    """
    base, old = f"{path}/", f"{out}/"
    for rel in plan.doomed:
        _remove(base + rel)
    identities = dict(plan.keep)
    folders: set[str] = set()
    for rel in plan.missing:
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(base + folder, exist_ok=True)
            folders.add(folder)
        was = known.get(rel)
        if was is not None and was[1] == want[rel] and _link(old + rel, base + rel, was[0]):
            identities[rel] = was[0]
            continue
        data = source(rel)
        if data is None:
            return None
        identities[rel] = _create(base + rel, data)
    return identities


def unavailable(plan: Plan, want: Mapping[str, bytes], known: Known, out: Path,
                source: Callable[[str], bytes | None]) -> list[str]:
    """Missing files with no bytes at hand whose copy in out/ is not as ``known`` says
    (checked before the spare is touched, so a refusal leaves it trusted)."""
    lacking = []
    for rel in plan.missing:
        was = known.get(rel)
        if source(rel) is not None:
            continue
        if was is None or was[1] != want[rel] or _identity(f"{out}/{rel}") != was[0]:
            lacking.append(rel)
    return lacking


def _identity(path: str) -> Identity | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _link(source: str, target: str, identity: Identity) -> bool:
    # True when out/'s file, still as known, now also lives in the spare with no third
    # name (nothing outside out/ and the spare can edit it). Any refusal means: write it.
    try:
        os.link(source, target, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return False
    st = os.lstat(target)
    if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) == identity and st.st_nlink == 2:
        return True
    os.unlink(target)
    return False


def _create(target: str, data: bytes) -> Identity:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(target, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (``renameat2(RENAME_EXCHANGE)``); False where this
    kernel or file system cannot, or the two are on different mounts."""
    if not hasattr(_LIBC, "renameat2"):
        return False
    done = _LIBC.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def adopt(old: Path, spare: Path, held: Known, strays: Iterable[str]) -> Path | None:
    """Keep the tree a staging swap replaced as ``out``'s spare (best effort: on any
    failure it is deleted, as it was before spares).

    ``held`` is what is known of its files; ``strays`` its entries nobody vouches for
    (links, FIFOs, files with a name outside out/), removed now. The previous spare is
    renamed aside: the folder returned is for the caller to delete once out/ is settled.
    """
    unsettle(spare)
    trash = None
    try:
        if os.path.lexists(spare):
            trash = spare.with_name(f"{spare.name}{_TRASH}{secrets.token_hex(4)}")
            os.rename(spare, trash)
        os.rename(old, spare)  # EXDEV where the cache is another mount of the device
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
        return trash
    try:
        for rel in strays:
            _remove(f"{spare}/{rel}")
    except OSError:
        return trash  # not recorded: the next write does not use it
    remember(spare, held)
    return trash


def discard(spare: Path) -> Path | None:
    """Put an untrusted spare aside (its record first): the folder to delete, if any."""
    unsettle(spare)
    if not os.path.lexists(spare):
        return None
    trash = spare.with_name(f"{spare.name}{_TRASH}{secrets.token_hex(4)}")
    try:
        os.rename(spare, trash)
    except OSError:
        return None
    return trash


def sweep(out: Path, trash: Path | None = None) -> None:
    """Delete a spare put aside, and any a killed write left for ``out`` (best effort)."""
    where = locate(out)
    names: list[Path] = [trash] if trash is not None else []
    if where is not None:
        with contextlib.suppress(OSError):
            prefix = where.name + _TRASH
            names += [where.parent / n for n in os.listdir(where.parent) if n.startswith(prefix)]
    for name in dict.fromkeys(names):
        if name.is_symlink() or not name.is_dir():
            with contextlib.suppress(OSError):
                name.unlink()
        else:
            shutil.rmtree(name, ignore_errors=True)
