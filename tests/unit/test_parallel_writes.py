"""A large tree is written by two processes: the same tree, the same promises.

``write_tree(..., jobs=2)`` forks a writer for the second half of the clusters. The
tests lower the size from which it does (a constant) so that small trees take that
path; everything else is real files, processes and signals.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from render import writing
from render.errors import RenderError
from render.writing import MARKER, read_tree, recover, write_tree
from tests.hostile.repos import listing


@pytest.fixture(autouse=True)
def _small_trees_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing, "PARALLEL_WRITE_MIN", 50)


def tree(variant: str, clusters: int = 6, files: int = 40) -> dict[str, str]:
    out = {MARKER: "marker\n"}
    for c in range(clusters):
        out.update({f"c{c}/ns/f{i}.yaml": f"{c} {i}\n" * 10 for i in range(files)})
        out[f"c{c}/ns/f3.yaml"] = f"changed in {variant}\n"
    return out


def test_two_writers_write_the_tree_one_would(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for variant in "ab":  # from nothing, then with most files linked from the old tree
        before = {rel: os.lstat(out / rel).st_ino for rel in read_tree(out)} if out.exists() else {}
        known = write_tree(tree(variant), out, jobs=2)
        assert read_tree(out) == {rel: text.encode() for rel, text in tree(variant).items()}
        for rel, (identity, _) in known.items():  # what the write records is what is there
            st = os.lstat(out / rel)
            assert identity == (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        kept = [rel for rel in before if rel in tree("a") and tree("a")[rel] == tree("b")[rel]]
        assert all(os.lstat(out / rel).st_ino == before[rel] for rel in kept)
    assert listing(tmp_path) == ["out"]


def test_a_failure_in_the_second_writer_fails_the_write_and_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(tree("a"), out, jobs=2)
    before = read_tree(out)
    broken = tree("b") | {"c5/ns/f1.yaml/below.yaml": "x\n"}  # a file where a folder must be
    with pytest.raises(RenderError, match="cannot write"):
        write_tree(broken, out, jobs=2)
    assert read_tree(out) == before
    assert listing(tmp_path) == ["out"]


def _staged_files(folder: Path) -> int:
    return sum(len(names) for name in os.listdir(folder) if ".new-" in name
               for _, _, names in os.walk(folder / name))


def test_a_killed_render_takes_its_writer_with_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    big = {v: tree(v, 10, 1500) for v in "ab"}
    trees = {v: {k: s.encode() for k, s in t.items()} for v, t in big.items()}
    started = time.monotonic()
    write_tree(big["a"], out, jobs=2)
    duration = time.monotonic() - started
    rng, written = random.Random(3), "a"
    for _ in range(5):
        wanted = "b" if written == "a" else "a"
        pid = os.fork()
        if pid == 0:
            try:
                write_tree(big[wanted], out, jobs=2)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.2, 0.9) * duration)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        staged = _staged_files(tmp_path)
        time.sleep(0.3)  # a writer outliving the render would go on making files
        assert _staged_files(tmp_path) == staged
        if not out.exists():
            recover(out)
        now = read_tree(out)
        assert now in (trees["a"], trees["b"])
        written = "a" if now == trees["a"] else "b"
        recover(out)
        # the lock file of the killed render stays; no staging folder is left
        assert [n for n in listing(tmp_path) if n != ".out.lock"] == ["out"]


@pytest.mark.parametrize("count", [1, 3, 64, 1000])
@pytest.mark.parametrize("sizes", [[40] * 6, [1, 200, 3, 3, 90], [5]])
def test_chunks_cover_the_items_in_whole_cluster_folders(sizes: list[int], count: int) -> None:
    from render.staging import cluster_chunks

    items = sorted([(MARKER, b""), ("bindings.yaml", b"")]
                   + [(f"c{c}/ns/f{i:03}.yaml", b"") for c, size in enumerate(sizes) for i in range(size)])
    chunks = cluster_chunks(items, count)
    assert [start for start, _ in chunks] == [0, *(end for _, end in chunks[:-1])]  # contiguous, in order
    assert chunks[-1][1] == len(items)
    owner: dict[str, int] = {}
    for number, (start, end) in enumerate(chunks):
        for rel, _ in items[start:end]:
            if "/" in rel:
                assert owner.setdefault(rel.partition("/")[0], number) == number  # one writer per folder
    assert len(chunks) <= max(1, min(count, len(items)))


def test_the_bar_moves_forward_to_the_end(tmp_path: Path) -> None:
    files = tree("a", clusters=12) | {f"c{c}/kustomization.yaml": "resources: []\n" for c in range(12)}
    seen: list[tuple[int, int, int]] = []
    write_tree(files, tmp_path / "out", jobs=2, progress=lambda *p: seen.append(p))
    for part in range(3):  # clusters done, clusters in all, files written: none goes back
        assert [p[part] for p in seen] == sorted(p[part] for p in seen)
    assert seen[-1] == (12, 12, len(files)) and all(done <= total for done, total, _ in seen)


@pytest.mark.parametrize("identities", [
    {},
    {"c0/ns/f.yaml": (2049, 2**63 + 5, 120, 1_764_000_000_123_456_789), "bindings.yaml": (0, 0, 0, 0)},
    {"c0/old.yaml": (1, 2, 3, -5_000_000_000)},  # an mtime before 1970 goes as it is
])
def test_the_second_writer_s_identities_cross_the_pipe_unchanged(identities: dict[str, tuple[int, ...]]) -> None:
    from render.staging import _packed, _unpacked

    assert _unpacked(_packed(identities)) == identities


def test_without_a_second_writer_this_process_writes_every_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from render import forking

    monkeypatch.setattr(forking, "start", lambda work: None)  # no fork here
    write_tree(tree("a"), tmp_path / "out", jobs=2)
    assert read_tree(tmp_path / "out") == {rel: text.encode() for rel, text in tree("a").items()}
