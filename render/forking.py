"""A second process for a share of one render's work, tied to the render's life.

A forked helper (the second writer of a staging folder, a share of a spare tree's
survey, a worker placing objects) answers through a pipe (marshal data, or a pickle
where it holds objects) and leaves with ``os._exit``, so nothing of the render runs
twice. It is killed with the render (Linux
``PR_SET_PDEATHSIG``): a helper outliving a killed render could go on changing a
folder the next render deletes or trusts. Where that cannot be had, there is no helper.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import marshal
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable, Iterator
from typing import Any

from render.libc import LIBC

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def available() -> bool:
    """Whether a helper can be tied to the render's life here."""
    return hasattr(LIBC, "prctl") and hasattr(os, "fork")


def start(work: Callable[[], object]) -> tuple[int, int] | None:
    """Run ``work`` in a forked helper: its pid and the pipe its answer comes through;
    None when this system cannot fork (the caller then does the work itself)."""
    read_end, write_end = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # answers of megabytes: fewer switches
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)
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
    answer: tuple[object, ...] = ("died",)
    try:
        os.close(read_end)
        LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != render:  # the render died before that took hold
            os._exit(1)
        answer = ("ok", work())
    except OSError as e:
        answer = ("error", e.errno or errno.EIO, e.strerror or str(e), e.filename)
    except BaseException as e:  # noqa: BLE001 - reported to the render, which raises it
        answer = ("error", errno.EIO, f"helper process: {e}", None)
    finally:
        with contextlib.suppress(BaseException):
            data = encoded(answer)
            while data:
                data = data[os.write(write_end, data):]
            os.close(write_end)  # the answer is whole now, not once the exit has unmapped the heap
        os._exit(0)


class HelperDied(OSError):
    """A helper ended without answering, or while holding a :class:`Counter`: killed (by
    the kernel's OOM killer, say), not failed in its own work, which it reports."""


# Helpers that answered and are leaving: reaped by reap() (or the next join).
_LEAVING: list[int] = []


def join(pid: int, read_end: int, *, wait: bool = True) -> object:
    """The helper's answer, once it has left; with ``wait`` False, as soon as it has
    answered: a helper forked from a large render takes tens of milliseconds to unmap
    its heap after that, and :func:`reap` collects it later.

    Raises:
        OSError: the helper's own error; :class:`HelperDied` when it died without answering.
    """
    chunks = []
    with open(read_end, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    if wait:
        os.waitpid(pid, 0)
        reap()
    else:
        _LEAVING.append(pid)
    try:
        with uncollected():
            answer = decoded(b"".join(chunks))
    except (EOFError, ValueError, TypeError, pickle.UnpicklingError):
        answer = ("died",)
    if answer[0] != "ok":
        raise OSError(*answer[1:]) if answer[0] == "error" else HelperDied(errno.EIO, "the helper process died")
    return answer[1]


@contextlib.contextmanager
def uncollected() -> Iterator[None]:
    """No pass of the cyclic collector meanwhile: a helper's answer is plain data, which
    holds no cycles, and decoding a million objects of it set off passes that took as
    long again (0.08 s of the 0.16 s the parse helper's answer took at 1,000 clusters).
    Collections resume after; nothing is lost, only not looked at twice."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def encoded(answer: object) -> bytes:
    """Plain data as marshal (several times faster), anything else as pickle."""
    try:
        return b"m" + marshal.dumps(answer)  # type: ignore[arg-type]
    except ValueError:
        return b"p" + pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)


def decoded(data: bytes) -> Any:
    """What :func:`encoded` made: from this render's own fork, through a pipe or
    memory only the two hold."""
    body = memoryview(data)[1:]
    if data[:1] == b"m":
        return marshal.loads(body)  # type: ignore[no-any-return]
    if data[:1] == b"p":
        return pickle.loads(body)  # type: ignore[no-any-return]
    raise ValueError("no answer")


class Counter:
    """A count this process and its forked helpers share: each :meth:`take` gets the
    next number, so processes that take work by number each get different work and
    finish together however the work weighs.

    The count lives in a pipe all of them hold: taking it reads its four bytes (which
    leaves the pipe empty, so another process taking meanwhile waits) and writes the
    next number back. A read or write of four bytes on a pipe is atomic. Unlike
    ``multiprocessing.Value``, this imports nothing and needs no /dev/shm
    (importing multiprocessing took 12-15 ms of every render with workers).

    A process holds the count for a few microseconds; one killed in between (the
    kernel's OOM killer) would leave the others waiting for ever, so a wait longer
    than ``patience`` seconds fails instead.

    Raises:
        OSError: no pipe could be made; the caller works alone.
    """

    _FORMAT = "=i"

    def __init__(self, patience: float = 30.0) -> None:
        self._read, self._write = os.pipe()
        self._patience = patience
        os.set_blocking(self._read, False)  # the wait is poll()'s, with a deadline
        os.write(self._write, struct.pack(self._FORMAT, 0))

    def take(self) -> int:
        """The next number (0 first).

        Raises:
            HelperDied: ETIMEDOUT, the count did not come back (its holder died).
        """
        deadline = time.monotonic() + self._patience
        while True:
            try:
                data = os.read(self._read, 4)
                break
            except BlockingIOError:  # another process holds it
                left = deadline - time.monotonic()
                if left <= 0:
                    raise HelperDied(errno.ETIMEDOUT, "a helper process died holding the shared count") from None
                waiting = select.poll()  # not select(): no limit on the descriptor's number
                waiting.register(self._read, select.POLLIN)
                waiting.poll(left * 1000)
        (number,) = struct.unpack(self._FORMAT, data)
        os.write(self._write, struct.pack(self._FORMAT, number + 1))
        return number  # type: ignore[no-any-return]

    def close(self) -> None:
        """Let the pipe go (each process holding it closes its own ends)."""
        for fd in (self._read, self._write):
            with contextlib.suppress(OSError):
                os.close(fd)


def reap() -> None:
    """Wait for the helpers :func:`join` left leaving (each has answered and only exits)."""
    while _LEAVING:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_LEAVING.pop(), 0)


def stop(pid: int) -> None:
    """Kill a helper whose answer is no longer wanted (best effort)."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
