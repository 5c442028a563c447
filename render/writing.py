"""Writing out/ all or nothing: a lock, a sibling staging folder, one atomic swap, recovery.

A render builds the complete new tree in ``.<out>.new-XXXXXXXX`` beside ``out``: a
file whose bytes are unchanged is hard-linked from the old tree, only added and changed
files are written. It flushes the folder to disk and swaps it in with one
``renameat2(RENAME_EXCHANGE)`` (two renames through ``.<out>.old-XXXXXXXX`` where the
kernel or file system lacks it). No file is ever written in place, so an unchanged
file keeps its inode and mtime, and a changed one is a new inode.
A render killed at any moment leaves the old or the new complete ``out``; the next
render, holding the lock, finishes or undoes the swap and deletes the leftovers.

Where the cache folder is on out/'s file system, the tree a swap replaces is kept there
as a spare (:mod:`render.sparetree`) instead of deleted; the next write brings it up to
date in place (the changed files only) and exchanges it with out/, with the same
guarantees. :func:`write_changes` does that from the changes alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

from render import forking, sparetree
from render.errors import RenderError
from render.locking import LOCK_TIMEOUT, locked
from render.outdir import MARKER, check_out_dir, checked_rel, recover
from render.outtree import (
    Identity,
    Known,
    Unread,
    Written,
    compare_tree,
    content_digest,
    read_tree,
    same,
    scan,
    untouched,
)
from render.staging import (
    Progress,
    cluster_chunks,
    flush,
    join_writer,
    start_writer,
    write_chunks,
)

__all__ = [
    "MARKER",
    "changes_writer",
    "check_out_dir",
    "compare_tree",
    "read_tree",
    "recover",
    "write_changes",
    "write_tree",
]



PARALLEL_WRITE_MIN = 4000  # files; below this a second writer costs more than it saves
WRITE_CHUNKS = 64  # runs of cluster folders the writers take one at a time


def _clusters(files: Mapping[str, object]) -> int:
    return sum(1 for rel in files if rel.endswith("/kustomization.yaml"))


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
        checked_rel(rel)
    # With workers allowed, a forked writer fills cluster folders beside this process,
    # each taking the next run of them until none is left (so the two finish together
    # although this one is slower, sharing the CPUs with the child saving the records):
    # creating files is system time that two processes get through nearly twice as fast.
    # Only where it can be tied to the render's life (Linux): a writer outliving a
    # killed render could refill a staging folder the next run has deleted.
    counter = None
    if jobs > 1 and len(items) >= PARALLEL_WRITE_MIN and forking.available():
        with contextlib.suppress(OSError):  # no shared counter here: this process writes them all
            counter = forking.Counter()
    chunks = cluster_chunks(items, WRITE_CHUNKS if counter is not None else 1)
    writer = None
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; out/ is meant to be read
        if counter is not None:
            # no fork here (None): this process takes every run from the count alone
            writer = start_writer(items, chunks, counter, staging, out, unchanged)
        total = _clusters(files)
        identities = write_chunks(items, chunks, counter, staging, out, unchanged, progress, total)
        if writer is not None:
            identities.update(join_writer(*writer))
            writer = None
        flush(staging)
        if progress is not None:
            progress(total, total, len(files))
    except BaseException:
        if writer is not None:
            forking.stop(writer[0])
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if counter is not None:
            counter.close()
    return staging, identities


def _swap(staging: Path, out: Path) -> Path | None:
    # Returns the folder now holding the old tree, if any.
    if not os.path.lexists(out):
        os.rename(staging, out)
        return None
    if sparetree.exchange(staging, out):
        return staging
    backup = staging.with_name(staging.name.replace(".new-", ".old-"))
    os.rename(out, backup)
    try:
        os.rename(staging, out)  # a kill right before this is undone by recover()
    except OSError:
        os.rename(backup, out)
        raise
    return backup


def _settle(out: Path, old: Path | None, spare: Path | None = None, strays: list[str] | None = None) -> Path | None:
    # Best effort once the new tree is in place: a failure here must not report the
    # render as failed; the next render's recover() deletes what is left. The old tree
    # becomes out/'s spare where the swap was an exchange (one a later write can make);
    # returned: a previous spare put aside, for the caller to delete.
    with contextlib.suppress(OSError):
        fd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(fd)  # the renames themselves
        finally:
            os.close(fd)
    if old is None:
        return None
    if spare is not None and old.name.startswith(f".{out.name}.new-"):
        return sparetree.adopt(old, spare, strays or [])
    shutil.rmtree(old, ignore_errors=True)
    return None


class _Tree:
    """The files a write wants, for :func:`_through_spare`: ``known``'s bar ``gone``,
    plus ``data``'s; asked by path, and what of it a survey did not keep, without
    going through 65,000 paths when the survey kept every unchanged one."""

    def __init__(self, known: Written, data: AbstractSet[str], gone: AbstractSet[str]) -> None:
        self.known, self.data, self.gone = known, data, gone

    def __contains__(self, rel: object) -> bool:
        return rel in self.data or (rel in self.known and rel not in self.gone)

    def missing(self, kept: AbstractSet[str]) -> list[str]:
        """The wanted files not in ``kept`` (a subset of the wanted files), sorted."""
        found = [rel for rel in self.data if rel not in kept]
        touched = self.gone | self.data
        unchanged = len(self.known) - sum(1 for rel in touched if rel in self.known)
        if len(kept) - (len(self.data) - len(found)) != unchanged:  # some unchanged file was not kept
            found += [rel for rel in self.known if rel not in touched and rel not in kept]
        return sorted(found)


def _through_spare(
    spare: Path,
    out: Path,
    known: Written,
    wanted: _Tree,
    stale: AbstractSet[str],
    digest: Callable[[str], bytes],
    source: Callable[[str], bytes | None],
    survey: sparetree.Survey,
) -> Written | None:
    # The new tree by bringing the spare up to date and exchanging it with out/, which
    # then becomes the spare. None, with out/ untouched, where a file it needs has no
    # bytes at hand and out/'s copy is not as known, or the exchange cannot be made.
    plan = survey.finish(stale, wanted)
    missing = wanted.missing(plan.kept)
    for rel in missing:
        checked_rel(rel)
    if sparetree.unavailable(spare, missing, digest, known, out, source):
        return None  # the spare is untouched and still usable
    sparetree.unsettle(spare)
    added = sparetree.fill(spare, plan, missing, digest, known, out, source)
    if added is None:
        return None  # out/ changed meanwhile; the spare, now unrecorded, is not used again
    flush(spare)
    try:
        exchanged = sparetree.exchange(spare, out)
    finally:
        sparetree.remember(spare)  # whole: the wanted tree, or (exchanged) the old out/
    if not exchanged:
        return None
    _settle(out, None)
    # Every kept file is out/'s as known has it: the record is known's, bar the changes.
    entries: dict[str, tuple[Identity, bytes] | None] = {rel: None for rel in wanted.gone if rel not in wanted.data}
    entries.update((rel, (added[rel], digest(rel))) for rel in missing)
    return known.changed(entries)


def _prepare(out: Path) -> Path:
    out = Path(os.path.abspath(out))
    blocked = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:  # mkdir would only say "File exists"
        message = f"cannot write {out}: {blocked} is a file, not a folder"
        raise RenderError.single(message, stage="write")
    return out


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
            compared by digest instead of being read back; with it, a trusted spare
            tree is brought up to date and exchanged with out/.
        jobs: processes that may write (a second one takes half the clusters of a
            large tree); the tree is the same.

    Returns:
        What this write left, for the next one's ``known``.

    Raises:
        RenderError: another render holds the lock past the timeout, ``out`` is not
            fleet-render's, or it cannot be written (read-only, full disk); ``out``
            is then exactly as it was and no staging folder is left.
    """
    out = _prepare(out)
    staging: Path | None = None
    trash: Path | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with locked(out, lock_timeout):
            recover(out)
            check_out_dir(out)
            sparetree.sweep(out)  # spares a killed write put aside
            want = {rel: text.encode("utf-8") for rel, text in files.items()}
            digests = {rel: content_digest(data) for rel, data in want.items()}
            where = sparetree.locate(out)
            spare = sparetree.open_spare(out) if known is not None and out.is_dir() else None
            if spare is not None and known is not None:
                stale = _stale(known, digests)
                if not stale and untouched(out, known):
                    return known  # up to date: leave every byte and mtime alone
                written = Written.of(known)
                target = _Tree(written, want.keys(), written.keys() - want.keys())
                done = _through_spare(spare, out, written, target, stale, digests.__getitem__, want.get,
                                      sparetree.Survey(spare, written, jobs))
                if done is not None:
                    if progress is not None:
                        progress(_clusters(files), _clusters(files), len(files))
                    return done
                trash = sparetree.discard(spare)  # it could not trade places with out/
            have, linkable = scan(out, known, where)  # the one read of the old tree
            if out.is_dir() and _up_to_date(want, digests, have):
                # up to date: leave every byte and mtime alone, and keep a spare for the next write
                if where is not None and known is not None and len(linkable) == len(want):
                    sparetree.plant(out, where, want)
                return {rel: (linkable[rel], digests[rel]) for rel in want if rel in linkable}
            equal = {rel for rel, data in want.items() if rel in have and same(data, have[rel], digests[rel])}
            strays = [rel for rel in have if rel not in linkable]
            del have  # the old bytes are compared: free them before writing
            unchanged = {rel: linkable[rel] for rel in equal if rel in linkable}
            staging, identities = _stage(want, out, unchanged, progress, jobs)
            old = _swap(staging, out)
            staging = None
            trash = _settle(out, old, where, strays) or trash
            return {rel: (identities[rel], digests[rel]) for rel in want}
    except OSError as e:
        if staging is not None:  # staged but not swapped in
            shutil.rmtree(staging, ignore_errors=True)
        raise RenderError.single(
            f"cannot write {out}: {e.strerror or e}", stage="write"
        ) from e
    finally:
        if trash is not None:  # a spare put aside: deleted once the lock is released
            sparetree.sweep(out, trash)


def _staged_changes(out: Path, known: Known, data: Mapping[str, bytes], digests: Mapping[str, bytes],
                    wanted: _Tree) -> Known | None:
    # write_changes without a spare: today's staging folder, every unchanged file
    # hard-linked from out/ where it is still the file known has (else None: its bytes
    # are not at hand), and the old tree kept as the spare for the next write.
    unchanged: dict[str, Identity] = {}
    base, where = f"{out}/", sparetree.locate(out)
    for rel in wanted.known:
        if rel in wanted.gone:
            continue
        try:
            st = os.lstat(base + rel)
            # a second name only in an untrusted spare's same place (as scan allows)
            alone = st.st_nlink == 1 or (st.st_nlink == 2 and where is not None
                                         and os.path.samestat(st, os.lstat(f"{where}/{rel}")))
        except OSError:
            return None
        identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if identity != tuple(known[rel][0]) or not alone:
            return None
        unchanged[rel] = identity
    staging, identities = _stage({**dict.fromkeys(unchanged, b""), **data}, out, unchanged)
    if any(identities[rel] != identity for rel, identity in unchanged.items()):
        shutil.rmtree(staging, ignore_errors=True)  # one changed while it was linked
        return None
    try:
        old = _swap(staging, out)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    trash = _settle(out, old, where, [])
    if trash is not None:
        sparetree.sweep(out, trash)
    left = {rel: (identity, known[rel][1]) for rel, identity in unchanged.items()}
    left.update((rel, (identities[rel], digests[rel])) for rel in data)
    return left


def _stale(known: Known, digests: Mapping[str, bytes]) -> set[str]:
    # Files the last write left that change or go, and new ones: none means out/ is,
    # by known's account, up to date.
    return {rel for rel, was in known.items() if digests.get(rel) != was[1]} | (digests.keys() - known.keys())


def _up_to_date(want: Mapping[str, bytes], digests: Mapping[str, bytes],
                have: Mapping[str, bytes | Unread]) -> bool:
    return len(want) == len(have) and all(
        rel in have and same(data, have[rel], digests[rel]) for rel, data in want.items()
    )


def write_changes(
    changes: Mapping[str, str | None],
    out: Path,
    known: Known,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    jobs: int = 1,
) -> Known | None:
    """Write the tree ``known`` plus ``changes`` describes, knowing only the changes:
    :func:`changes_writer` opened and used at once. A change to the bytes a file
    already holds is none: the file keeps its inode and mtime."""
    with changes_writer(out, known, lock_timeout=lock_timeout, jobs=jobs) as write:
        return write(changes)


WriteChanges = Callable[[Mapping[str, "str | None"]], "Known | None"]


@contextlib.contextmanager
def changes_writer(
    out: Path,
    known: Known,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    jobs: int = 1,
) -> Iterator[WriteChanges]:
    """Hold ``out``'s lock and begin surveying its spare now; the function yielded
    writes the tree ``known`` plus the changes it is given describes, at most once.

    A render that learns its changes only after some work (render.delta) opens this
    first, so the survey of the spare runs beside that work. With the same guarantees
    as :func:`write_tree` (lock, all or nothing, a kill leaves the old or the new
    complete out/), by bringing out/'s spare up to date.

    Args:
        out: the output folder.
        known: what the last write returned (out/ as that write left it).
        lock_timeout: seconds to wait for another render writing the same folder.
        jobs: processes that may survey the spare (a second one starts on a large
            one at once); the tree is the same.

    The function yielded takes ``changes`` (relative path to the file's new text, or
    None to delete it) and returns what this write left, for the next one's
    ``known``; None, having changed nothing in out/, where it cannot be done this way:
    ``out`` is not fleet-render's, or an unchanged file it needs from out/ is no
    longer as ``known`` says. The caller then writes the whole tree with
    :func:`write_tree`. Without a spare to trust (the first write since out/ was
    written whole), the unchanged files are hard-linked from out/ into a staging
    folder, as :func:`write_tree` does, and the old tree becomes the spare.

    Raises:
        RenderError: another render holds the lock past the timeout, or a file
            cannot be written; ``out`` is then exactly as it was.
    """
    out = _prepare(out)
    if not out.parent.is_dir():
        yield _declined
        return
    with contextlib.ExitStack() as held:
        with _as_render_error(out):
            held.enter_context(locked(out, lock_timeout))
            recover(out)
            try:
                check_out_dir(out)
            except RenderError:
                ready = False
            else:
                ready = True
                sparetree.sweep(out)
                spare = sparetree.open_spare(out) if out.is_dir() else None
                survey = sparetree.Survey(spare, known, jobs) if spare is not None else None
                if survey is not None:
                    held.callback(survey.stop)
        if not ready:
            yield _declined
            return
        used = False

        def write(changes: Mapping[str, str | None]) -> Known | None:
            nonlocal used
            if used:
                raise ValueError("changes_writer writes once")
            used = True
            with _as_render_error(out):
                return _write_changes(out, known, spare, survey, changes)

        yield write


def _declined(changes: Mapping[str, str | None]) -> None:
    return None


@contextlib.contextmanager
def _as_render_error(out: Path) -> Iterator[None]:
    try:
        yield
    except OSError as e:
        raise RenderError.single(f"cannot write {out}: {e.strerror or e}", stage="write") from e


def _write_changes(out: Path, known: Known, spare: Path | None, survey: sparetree.Survey | None,
                   changes: Mapping[str, str | None]) -> Known | None:
    data = {rel: text.encode("utf-8") for rel, text in changes.items() if text is not None}
    digests = {rel: content_digest(b) for rel, b in data.items()}
    written = Written.of(known)
    # unchanged bytes are not changes: the file keeps its inode and mtime
    same = [rel for rel, digest in digests.items() if (held := written.get(rel)) is not None and held[1] == digest]
    if same:
        changes = {rel: text for rel, text in changes.items() if rel not in same}
        for rel in same:
            del data[rel], digests[rel]
    wanted = _Tree(written, data.keys(), changes.keys())
    if spare is None or survey is None:  # the first patch since out/ was written whole: link the rest
        return _staged_changes(out, known, data, digests, wanted)

    def digest(rel: str) -> bytes:
        return digests[rel] if rel in digests else known[rel][1]

    return _through_spare(spare, out, written, wanted, set(changes), digest, data.get, survey)
