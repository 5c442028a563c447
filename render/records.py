"""Records a render keeps for the next one, in the user's cache folder.

Records are pickles (or, when they hold only plain values, marshal data: several
times faster to write), so they never live in the repo, where a pull request could
plant one: they sit in ``$FLEET_RENDER_CACHE``, else ``$XDG_CACHE_HOME/fleet-render``,
else ``~/.cache/fleet-render``, named by a hash of the folder they belong to. A
missing, damaged or foreign record reads as none; failing to save one only costs the
next render its shortcut. Records no render has saved for 30 days (folders renamed,
repos deleted, temporary clones) are deleted when another record is saved, and so are
spare output trees (:mod:`render.sparetree`) no render has used for as long.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STALE_SECONDS = 30 * 24 * 3600
# What follows a record's header: its serialisation. marshal's format may change
# with the Python version, so a record in it names the version that wrote it.
_PICKLE = b"pickle\n"
_MARSHAL = f"marshal {sys.version_info[0]}.{sys.version_info[1]}\n".encode()
_DAMAGED = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    TypeError,
    ValueError,
)


def cache_folder() -> Path:
    """Where records are kept (see the module docstring)."""
    explicit = os.environ.get("FLEET_RENDER_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base, "fleet-render")


def record_path(folder: Path, kind: str) -> Path:
    """The ``kind`` record of ``folder`` (an output folder, a repo)."""
    where = os.fsencode(os.path.abspath(folder))
    return (
        cache_folder()
        / f"{hashlib.blake2b(where, digest_size=12).hexdigest()}.{kind}.pickle"
    )


def spare_path(folder: Path) -> Path:
    """The folder kept as the output folder ``folder``'s spare tree, beside its records
    (its own record is the same name plus ``.pickle``)."""
    return record_path(folder, "spare").with_suffix("")


def load(path: Path, header: bytes) -> Any:
    """The record's content, or None when there is none to trust."""
    found = read(path, header)
    return None if found is None else found[0]


def read(path: Path, header: bytes) -> tuple[Any, bytes] | None:
    """The record's content and a digest of the file (for a record another one names,
    as :func:`save` returns it), or None when there is none to trust."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            # Unpickling runs code: only a record this user wrote and nobody else can
            # change is read (a shared $FLEET_RENDER_CACHE is not a way in).
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
            raw = handle.read()
        end = raw.find(b"\n", len(header)) + 1
        if not raw.startswith(header) or not end:
            return None
        codec, body = raw[len(header):end], memoryview(raw)[end:]
        if codec == _MARSHAL:
            return marshal.loads(body), _digest(raw)
        return (pickle.loads(body), _digest(raw)) if codec == _PICKLE else None
    except _DAMAGED:
        return None


def save(path: Path, header: bytes, content: Any, *, digest: bool = False) -> bytes | None:
    """Replace the record atomically (best effort). With ``digest``, a digest of the
    file as :func:`read` gives it; None when it could not be saved."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header)
                try:
                    data = _MARSHAL + marshal.dumps(content)
                except ValueError:  # not only plain values
                    data = _PICKLE + pickle.dumps(content, protocol=5)
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(path.parent)
    except OSError:
        return None
    return _digest(header, data) if digest else None


def _digest(*parts: bytes) -> bytes:
    found = hashlib.blake2b(digest_size=16)
    for part in parts:
        found.update(part)
    return found.digest()


def touch(path: Path) -> None:
    """Mark a record as still in use (best effort): see the module docstring."""
    with contextlib.suppress(OSError):
        os.utime(path)


def forget(path: Path) -> None:
    """Delete a record (best effort)."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def _prune(folder: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    with os.scandir(folder) as entries:
        for entry in entries:
            # a record, or the temporary file of one whose save was killed ("x.pickleXXXX")
            if ".pickle" in entry.name and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)
            elif _is_spare(entry.name) and entry.is_dir(follow_symlinks=False):
                # A write touches its spare when it starts using it: one unused for 30
                # days is nobody's (and a write cannot take that long).
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        forget(Path(entry.path + ".pickle"))
                        shutil.rmtree(entry.path, ignore_errors=True)


def _is_spare(name: str) -> bool:
    # "<hash>.spare", or "<hash>.spare.trash-<token>" that a killed write left aside
    return name.endswith(".spare") or ".spare.trash-" in name
