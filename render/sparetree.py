"""The spare tree: the output a swap replaced, kept to become the next out/.

A write that swaps a new tree in keeps the old one as a spare, in the cache folder
beside the records (on out/'s file system, so the two can trade places). The next write
brings the spare up to date in place, which touches only the files the last two writes
changed, and exchanges it with out/ in one ``renameat2(RENAME_EXCHANGE)``. An
incremental write then costs one lstat pass over the spare plus the changed files,
instead of a link per unchanged file and the deletion of the old tree (issue 7).

Trust: the spare's record is deleted before the spare is touched and saved only once
the spare is whole again, so a spare a killed write left half updated has no record and
is never used. Every use lstats every entry of the spare and keeps only out/'s very
files, as the last write's record of out/ (``known``) has them: anything else, or a
file whose identity moved (an edit of out/ in place reaches the spare through the
inode they share), is replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import mmap
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from render import forking, records
from render.libc import LIBC
from render.outtree import FOLDER_FLAGS, Identity, Known, Written
from render.staging import link_as_known

__all__ = [
    "Plan",
    "Survey",
    "adopt",
    "discard",
    "exchange",
    "fill",
    "locate",
    "open_spare",
    "plant",
    "remember",
    "survey",
    "sweep",
    "unavailable",
    "unsettle",
]

_FORMAT = b"fleet-render spare 2\n"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
_LIBC = LIBC
_TRASH = ".trash-"


@dataclass
class Plan:
    """What :func:`survey` found in the spare (nothing is changed yet)."""

    kept: set[str] = field(default_factory=set)  # wanted files already there as they should be
    doomed: list[str] = field(default_factory=list)  # entries to remove (files, links, folders)


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


def open_spare(out: Path) -> Path | None:
    """``out``'s spare folder when there is one to use: a folder of this user's that
    nobody else may change, whose record (which names the very folder) says that a
    write left it whole."""
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
    if not isinstance(content, dict) or content.get("root") != [info.st_dev, info.st_ino]:
        return None
    records.touch(path)  # in use: records._prune leaves it alone for 30 days
    return path


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


def remember(path: Path) -> None:
    """Record that the spare is whole again (best effort: without it, it is not used)."""
    with contextlib.suppress(OSError):
        info = os.lstat(path)
        os.utime(path)  # in use: see open_spare
        records.save(_record(path), _FORMAT, {"root": [info.st_dev, info.st_ino]})


SURVEY_SPLIT_MIN = 4000  # files; below this a second process costs more than it saves


class Survey:
    """The one lstat pass over the spare, begun as soon as ``known`` is at hand and
    finished once the write knows its changes (:meth:`finish`).

    Each file is kept when it is out/'s very file as ``known`` has it (the same
    identity: an edit in place through out/ moves it, as a replacement does) and has
    no third name, so an unchanged file keeps its inode and mtime and a changed one is
    always a new inode. No per-file record of the spare is needed: ``known`` vouches
    for what it keeps. Anything else is doomed: files, links, FIFOs, an empty folder,
    a folder where out/ has a file. Which files the write changes, and folders where
    it adds one, are applied at :meth:`finish`, so the pass can run before they are
    known.

    With ``jobs`` > 1 and a large spare, a forked helper (:mod:`render.forking`)
    starts at once on the first cluster folders while the render plans; the render
    takes folders from the last one back when it finishes, and the two stop where they
    meet (claims in a shared page; a folder both take is surveyed twice, none is
    missed). The lstat calls are most of what an incremental write costs at 1,000
    clusters, and this takes them off the render's path.
    """

    def __init__(self, path: Path, known: Known, jobs: int = 1) -> None:
        self._known = known = Written.of(known)
        self._kept: list[str] = []
        self._doomed: list[str] = []
        self._folders: list[str] = []
        self._claims: memoryview | None = None
        self._helper: tuple[int, int] | None = None
        # the root's own files now; its folders (the clusters') are the shares
        self._units = _survey_folder("", str(path), known.folder(""), self._kept, self._doomed, self._folders)
        if jobs > 1 and len(known) >= SURVEY_SPLIT_MIN and len(self._units) > 1 and forking.available():
            claims = memoryview(mmap.mmap(-1, 8)).cast("i")  # shared with the helper after fork
            claims[0], claims[1] = 0, len(self._units)
            units = self._units
            self._helper = forking.start(lambda: _survey_front(units, known, claims))
            if self._helper is not None:
                self._claims = claims

    def finish(self, stale: Container[str], wanted: Container[str]) -> Plan:
        """What the spare holds of the ``wanted`` tree, the ``stale`` paths (changed or
        deleted since ``known``) not kept."""
        kept, doomed, folders = self._kept, self._doomed, self._folders
        claims, self._claims = self._claims, None
        if claims is None:
            for prefix, folder in self._units:
                _survey_tree(prefix, folder, self._known, kept, doomed, folders)
        else:
            helper, self._helper = self._helper, None
            assert helper is not None
            try:
                for index in range(len(self._units) - 1, -1, -1):
                    claims[1] = index
                    _survey_tree(*self._units[index], self._known, kept, doomed, folders)
                    if index < claims[0]:  # the helper has the rest
                        break
            except BaseException:
                forking.stop(helper[0])
                raise
            try:
                answer: tuple[list[str], list[str], list[str]] = forking.join(*helper)  # type: ignore[assignment]
                their_kept, their_doomed, their_folders = answer
            except OSError:  # the helper died: its folders are surveyed here
                for prefix, folder in self._units[:index]:
                    _survey_tree(prefix, folder, self._known, kept, doomed, folders)
            else:
                kept += their_kept
                doomed += their_doomed
                folders += their_folders
        candidates = set(kept)
        found = dict.fromkeys(doomed)
        found.update(dict.fromkeys(sorted(candidates.intersection(stale))))  # type: ignore[arg-type]
        held = candidates.difference(stale)  # type: ignore[arg-type]
        # A folder where a new file of this write is wanted (one where out/ had a file
        # is doomed by the survey itself, which has out/'s entries at hand).
        blocking = [rel for rel in folders if rel in stale and rel in wanted]
        if blocking:
            found.update(dict.fromkeys(blocking))
            under = tuple(rel + "/" for rel in blocking)
            held = {rel for rel in held if not rel.startswith(under)}
        return Plan(held, list(found))

    def stop(self) -> None:
        """Abandon the survey (the write is not made): the helper is killed."""
        helper, self._helper, self._claims = self._helper, None, None
        if helper is not None:
            forking.stop(helper[0])


def survey(path: Path, known: Known, stale: Container[str], wanted: Container[str], jobs: int = 1) -> Plan:
    """:class:`Survey` begun and finished at once."""
    return Survey(path, known, jobs).finish(stale, wanted)


def _survey_front(units: list[tuple[str, str]], known: Written, claims: memoryview) -> tuple[list[str], ...]:
    # The helper's share: folders from the first on, each claimed before it is
    # surveyed, until one the render has claimed from the back.
    kept: list[str] = []
    doomed: list[str] = []
    folders: list[str] = []
    for index, (prefix, folder) in enumerate(units):
        claims[0] = index + 1
        if index >= claims[1]:
            break
        _survey_tree(prefix, folder, known, kept, doomed, folders)
    return kept, doomed, folders


def _survey_tree(prefix: str, folder: str, known: Written, kept: list[str], doomed: list[str],
                 folders: list[str]) -> None:
    # One top-level folder (``prefix`` is its name and a slash), whose entries of
    # ``known`` are decoded here, in the process that surveys it.
    held = known.folder(prefix[:-1])
    stack = [(prefix, folder)]
    while stack:
        prefix, folder = stack.pop()
        stack += _survey_folder(prefix, folder, held, kept, doomed, folders)


def _survey_folder(prefix: str, folder: str, known: Mapping[str, tuple[Identity, bytes]], kept: list[str],
                   doomed: list[str], folders: list[str]) -> list[tuple[str, str]]:
    # One folder's entries: files kept or doomed, the subfolders to survey returned.
    # scandir entries on the folder's descriptor (fstatat: no path walked per file),
    # plain strings and no tuple per file: this runs once per file of the spare
    # (65,000 at 1,000 clusters), its lstat the only system call.
    keep, doom, held, regular = kept.append, doomed.append, known.get, stat.S_ISREG
    below = []
    empty = True
    fd = os.open(folder, FOLDER_FLAGS)
    try:
        with os.scandir(fd) as entries:
            for entry in entries:
                empty = False
                name = entry.name
                rel = prefix + name
                if entry.is_dir(follow_symlinks=False):
                    if held(rel) is not None:  # out/ has a file here: not its folder
                        doom(rel)
                        continue
                    folders.append(rel)
                    below.append((rel + "/", f"{folder}/{name}"))
                    continue
                st = entry.stat(follow_symlinks=False)
                ours = held(rel)
                if ours is not None:
                    dev, ino, size, mtime = ours[0]
                    # at most two names: this one and out/'s (which the identity says)
                    if (ino == st.st_ino and mtime == st.st_mtime_ns and size == st.st_size and dev == st.st_dev
                            and st.st_nlink <= 2 and regular(st.st_mode)):
                        keep(rel)
                        continue
                doom(rel)
    finally:
        os.close(fd)
    if empty and prefix:
        doom(prefix[:-1])
    return below


def fill(
    path: Path,
    plan: Plan,
    missing: list[str],
    digest: Callable[[str], bytes],
    known: Known,
    out: Path,
    source: Callable[[str], bytes | None],
) -> dict[str, Identity] | None:
    """Remove what the plan dooms (and folders left empty), then add the missing files:
    the spare then holds exactly the wanted tree.

    A missing file equal to out/'s (as ``known`` says) is hard-linked from out/;
    any other is written from ``source``. Returns the identities of the files added,
    or None when a file was needed from out/, out/'s was no longer as known, and
    ``source`` has no bytes for it (the spare is then half done and unrecorded).
    """
    base, old = f"{path}/", f"{out}/"
    for rel in plan.doomed:
        _remove(base + rel)
    _prune_folders(base, {rel.rpartition("/")[0] for rel in plan.doomed} - {""})
    added: dict[str, Identity] = {}
    folders: set[str] = set()
    for rel in missing:
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(base + folder, exist_ok=True)
            folders.add(folder)
        was = known.get(rel)
        # out/'s file, still as known, now also in the spare with no third name (nothing
        # outside out/ and the spare can edit it)
        if was is not None and was[1] == digest(rel) and link_as_known(old + rel, base + rel, was[0], names=2):
            added[rel] = was[0]
            continue
        data = source(rel)
        if data is None:
            return None
        added[rel] = _create(base + rel, data)
    return added


def _prune_folders(base: str, folders: set[str]) -> None:
    # Folders whose entries were all removed go too, deepest first, then their parents
    # (level by level: thousands of folders go when a write replaces most of the tree).
    levels: dict[int, set[str]] = {}
    for folder in folders:
        levels.setdefault(folder.count("/"), set()).add(folder)
    for depth in range(max(levels, default=-1), -1, -1):
        for folder in levels.get(depth, ()):
            try:
                os.rmdir(base + folder)
            except OSError:  # not empty (or gone): the common case
                continue
            if depth:
                levels.setdefault(depth - 1, set()).add(folder.rpartition("/")[0])


def unavailable(
    path: Path,
    missing: list[str],
    digest: Callable[[str], bytes],
    known: Known,
    out: Path,
    source: Callable[[str], bytes | None],
) -> list[str]:
    """Missing files with no bytes at hand that cannot be linked from out/: not as
    ``known`` says, or with a name outside out/ and the spare (checked before the spare
    is touched, so a refusal leaves it usable)."""
    lacking = []
    for rel in missing:
        if source(rel) is not None:
            continue
        was = known.get(rel)
        if was is None or was[1] != digest(rel) or not _linkable(f"{out}/{rel}", f"{path}/{rel}", was[0]):
            lacking.append(rel)
    return lacking


def _linkable(source: str, spared: str, identity: Identity) -> bool:
    try:
        st = os.lstat(source)
    except OSError:
        return False
    if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != identity or not stat.S_ISREG(st.st_mode):
        return False
    try:
        other = os.lstat(spared)  # a name the update removes before linking
        mine = (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino)
    except OSError:
        mine = False
    return st.st_nlink - mine == 1


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


def adopt(old: Path, spare: Path, strays: Iterable[str]) -> Path | None:
    """Keep the tree a staging swap replaced as ``out``'s spare (best effort: on any
    failure it is deleted, as it was before spares).

    ``strays`` are its entries nobody vouches for (links, FIFOs, files with a name
    outside out/): removed now, so the cache holds no name of a file outside. The
    previous spare is renamed aside: the folder returned is for the caller to delete.
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
    remember(spare)
    return trash


def plant(out: Path, spare: Path, files: Iterable[str]) -> None:
    """Make ``out``'s spare from out/ itself, a hard link to each of its ``files`` (best
    effort). A write that found out/ up to date keeps no old tree to become the spare;
    without this, the first incremental write after it would link every file into a new
    tree (seconds at 1,000 clusters) instead of updating a spare in place. The links
    cost a fraction of that, once; the next write's survey vouches for each, as always.

    Built under a name :func:`sweep` deletes, so a killed write leaves nothing used.
    """
    unsettle(spare)
    building = spare.with_name(f"{spare.name}{_TRASH}{secrets.token_hex(4)}")
    try:
        os.mkdir(building, 0o700)
        os.chmod(building, 0o755)  # it becomes out/, which is meant to be read
        base, into, made = f"{out}/", f"{building}/", {""}
        for rel in sorted(files):
            folder = rel.rpartition("/")[0]
            if folder not in made:
                os.makedirs(into + folder, 0o755, exist_ok=True)
                made.add(folder)
            os.link(base + rel, into + rel, follow_symlinks=False)
        trash = discard(spare)
        os.rename(building, spare)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        return
    remember(spare)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


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
    """Delete a spare put aside, and any a killed write left for ``out`` (best effort).

    Without ``trash`` (a write about to start, holding the lock) also the temporary
    files of the spare's record a killed write left (records.save writes beside it).
    """
    where = locate(out)
    names: list[Path] = [trash] if trash is not None else []
    if where is not None:
        with contextlib.suppress(OSError):
            prefix, record = where.name + _TRASH, _record(where).name
            for entry in os.listdir(where.parent):
                if entry.startswith(prefix) or (trash is None and entry.startswith(record) and entry != record):
                    names.append(where.parent / entry)
    for name in dict.fromkeys(names):
        if name.is_symlink() or not name.is_dir():
            with contextlib.suppress(OSError):
                name.unlink()
        else:
            shutil.rmtree(name, ignore_errors=True)
