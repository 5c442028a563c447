"""SIGKILL at random moments: out/ is always one complete old or new output.

Each round changes the inputs (two variants take turns), starts a render in a child
process and kills it with SIGKILL after a random delay, most delays falling in the
window where the tree is written and swapped. After every kill ``out/`` must be
byte-for-byte one of the two complete outputs, and the next render cleans up.

The children are forked from this process, which has imported fleet-render already, so
a round costs the render and not the interpreter's start-up; the repo lives on a tmpfs
when there is one (``/dev/shm``), where renames are as atomic as on disk and writes do
not wait for a busy disk. The round count is bounded by time (``KILL_SECONDS``). It runs
twice: with the cache folder elsewhere, and beside the repo, where each render brings
out/'s spare tree up to date and exchanges it with out/ (render.sparetree).
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from render import records, runner
from render.errors import RenderError
from render.writing import read_tree, recover
from tests.conftest import KillClock, write_repo
from tests.hostile.repos import listing

KILL_SECONDS = 15.0
CLUSTERS, OBJECTS = 8, 120


def _synthetic_fleet(repo: Path) -> None:
    clusters = "".join(
        f"  - name: c{i}\n    labels: {{zone: z{i % 3}}}\n" for i in range(CLUSTERS)
    )
    write_repo(
        repo,
        {
            "fleets/fleet.yaml": "apiVersion: fleet.kurator.dev/v1alpha1\nkind: Fleet\nmetadata: {name: big}\n"
            f"spec:\n  clusters:\n{clusters}",
            "policies/all.yaml": "apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\n"
            "metadata: {name: all}\nspec:\n  resourceSelectors:\n"
            "  - {apiVersion: v1, kind: ConfigMap}\n  placement: {}\n",
        },
    )


def _set_variant(repo: Path, variant: str) -> None:
    docs = "---\n".join(
        f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm{i}}}\ndata: {{index: '{i}', variant: {variant}}}\n"
        for i in range(OBJECTS if variant == "a" else OBJECTS + 7)  # b also adds files
    )
    (repo / "apps").mkdir(exist_ok=True)
    (repo / "apps/configmaps.yaml").write_text(docs, encoding="utf-8")


def _child_render(repo: Path) -> int:
    pid = os.fork()
    if pid == 0:  # the child: render and leave without running any pytest machinery
        code = 1
        try:
            runner.render(repo, repo / "out")
            code = 0
        except RenderError:
            code = 2
        finally:
            os._exit(code)
    return pid


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(
            dir=shm, prefix="fleet-render-kill-"
        ) as folder:
            yield Path(folder)
    else:
        yield tmp_path


def _leftovers(repo: Path) -> list[str]:
    return [n for n in listing(repo) if n.startswith(".out")]


@pytest.mark.parametrize("cache", ["elsewhere", "beside"])
def test_sigkill_at_random_moments_leaves_one_complete_output(
    scratch: Path, cache: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if cache == "beside":  # on out/'s file system: renders bring out/'s spare up to date
        monkeypatch.setenv("FLEET_RENDER_CACHE", str(scratch / "cache"))
    repo = scratch / "repo"
    _synthetic_fleet(repo)
    out = repo / "out"
    trees = {}
    for variant in ("a", "b"):
        _set_variant(repo, variant)
        started = time.monotonic()
        runner.build(repo, out)
        build_time = time.monotonic() - started
        runner.render(repo, out)
        total_time = time.monotonic() - started
        trees[variant] = read_tree(out)
    assert trees["a"] != trees["b"]
    clock = KillClock(20261127, total_time)
    written, kills, outcomes = "b", 0, {"old": 0, "new": 0}
    deadline = time.monotonic() + KILL_SECONDS
    while time.monotonic() < deadline:
        wanted = "a" if written == "b" else "b"
        _set_variant(repo, wanted)
        # three kills in four land where the tree is written; the rest anywhere
        low = 0.9 * build_time / total_time if clock.random() < 0.75 else 0.0
        delay = clock.delay(low, 1.1)
        pid = _child_render(repo)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        if not out.exists():  # killed between the two renames of the fallback swap
            recover(out)
        tree = read_tree(out)
        assert tree in (trees[written], trees[wanted]), (
            f"kill {kills} after {delay:.3f}s left a mixed out/"
        )
        clock.landed(tree == trees[wanted])
        if tree == trees[wanted]:
            outcomes["new"] += 1
            written = wanted
        else:
            outcomes["old"] += 1
    _set_variant(repo, "a")
    runner.render(repo, out)  # the next render cleans up after the killed ones
    assert read_tree(out) == trees["a"]
    assert _leftovers(repo) == []
    assert records.spare_path(out).is_dir() == (cache == "beside")
    assert kills >= 15
    assert outcomes["old"] and outcomes["new"], (
        outcomes
    )  # kills landed before and after the swap
