"""Forked helpers (render.forking) and the --jobs workers built on them (render.sharding)."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass

import pytest

from render import forking
from render.errors import Finding, RenderError
from render.sharding import place_parallel

pytestmark = pytest.mark.skipif(not forking.available(), reason="helpers need fork and prctl (Linux)")


def _no_child_left() -> bool:
    forking.reap()  # what a render does once it has the answers (render.runner)
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("answer", [
    {"kept": ["a/b.yaml"], "count": 3},  # plain data: marshal
    [Finding("an object", "apps/x.yaml", ("spec",))],  # objects: a pickle
])
def test_a_helper_answers_with_what_its_work_returned(answer: object) -> None:
    helper = forking.start(lambda: answer)
    assert helper is not None
    assert forking.join(*helper) == answer
    assert _no_child_left()


def test_a_helper_that_answered_is_reaped_later() -> None:
    helper = forking.start(lambda: "done")
    assert helper is not None
    assert forking.join(*helper, wait=False) == "done"
    assert _no_child_left()


def test_processes_sharing_a_counter_take_every_number_once() -> None:
    counter = forking.Counter()
    helpers = [forking.start(lambda: [counter.take() for _ in range(500)]) for _ in range(3)]
    mine = [counter.take() for _ in range(500)]
    taken = mine + [n for h in helpers if h is not None for n in forking.join(*h)]  # type: ignore[attr-defined]
    counter.close()
    assert sorted(taken) == list(range(2000)) and mine == sorted(mine)


def test_a_count_whose_holder_died_fails_instead_of_waiting_for_ever() -> None:
    counter = forking.Counter(patience=0.3)
    assert counter.take() == 0
    pid = os.fork()
    if pid == 0:  # takes the count and dies before giving it back (what take() reads first)
        try:
            os.read(counter._read, 4)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    with pytest.raises(forking.HelperDied, match="died holding the shared count"):
        counter.take()
    counter.close()


def test_a_helper_s_error_is_raised_by_join() -> None:
    def fail() -> None:
        raise RuntimeError("a bug")

    helper = forking.start(fail)
    assert helper is not None
    with pytest.raises(OSError, match="a bug"):
        forking.join(*helper)


@dataclass
class _Placer:
    """Places an object as its number, and fails on one if asked to."""

    fail_on: int | None = None

    @dataclass
    class inputs:  # what place_parallel reads of the inputs
        override_policies = ()

    def place(self, manifest: int) -> tuple[None, list[int], list[object]]:
        if manifest == self.fail_on:
            raise RuntimeError(f"cannot place {manifest}")
        return None, [manifest], []


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_place_every_object_once_in_object_order(jobs: int) -> None:
    objects = list(range(1000))
    assert place_parallel(_Placer(), objects, jobs) == [(None, [n], [], None) for n in objects]
    assert _no_child_left()


@pytest.mark.parametrize("fail_on", [0, 999])  # a worker's share, and this process's
def test_a_failure_in_any_process_fails_the_placing_and_leaves_no_worker(fail_on: int) -> None:
    with pytest.raises((OSError, RuntimeError), match="cannot place"):
        place_parallel(_Placer(fail_on=fail_on), list(range(1000)), 3)
    assert _no_child_left()


@dataclass
class _Killed:
    """Places objects here; a worker is killed (as by the OOM killer) at its first object."""

    parent: int

    @dataclass
    class inputs:
        override_policies = ()

    def place(self, manifest: int) -> tuple[None, list[int], list[object]]:
        if os.getpid() != self.parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return None, [manifest], []


def test_a_killed_worker_is_a_clear_error_not_a_bug() -> None:
    with pytest.raises(RenderError, match="a worker process died before it finished") as failed:
        place_parallel(_Killed(os.getpid()), list(range(1000)), 2)
    assert "--jobs 1" in str(failed.value.findings[0].hint)
    assert _no_child_left()


def test_without_a_shared_counter_the_render_places_everything_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pipes() -> object:
        raise OSError("too many open files")

    monkeypatch.setattr(forking, "Counter", no_pipes)
    assert place_parallel(_Placer(), list(range(100)), 2) == [(None, [n], [], None) for n in range(100)]
