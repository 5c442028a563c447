"""One writer per output folder: an flock on ``.<out>.lock`` beside it, removed on release."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from render.errors import RenderError

LOCK_TIMEOUT = 60.0  # seconds a render waits for another one writing the same out/


def _lock_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.lock")


@contextlib.contextmanager
def locked(out: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of the output folder ``out`` (``.<out>.lock`` beside it).

    Raises:
        RenderError: another process holds it for longer than ``timeout`` seconds.
        OSError: the lock file cannot be created (a read-only folder).
    """
    path = _lock_path(out)
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            if time.monotonic() >= deadline:
                raise RenderError.single(
                    f"another fleet-render (pid {holder}) is writing {out}; gave up waiting "
                    f"after {timeout:g} s",
                    stage="write",
                    hint=f"{path.name} beside it is the lock",
                ) from None
            time.sleep(0.05)
            continue
        # The holder before us unlinks the file on release: a lock on an unlinked
        # file locks nothing, so only a lock on the file still at the path counts.
        with contextlib.suppress(FileNotFoundError):
            if os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)
