"""All or nothing on the output side: locks, full disks, read-only folders, half-done swaps."""

from __future__ import annotations

import contextlib
import fcntl
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from render.errors import RenderError
from render.inputs import read_previous
from render.writing import MARKER, read_tree, recover, write_tree
from tests.conftest import snapshot, write_repo
from tests.hostile.repos import BASE, CANARY, listing, without_state

ROOT = Path(__file__).resolve().parents[2]
OLD = {MARKER: "marker\n", "a/kustomization.yaml": "old a\n", "b/x.yaml": "old x\n"}
NEW = {MARKER: "marker\n", "a/kustomization.yaml": "new a\n", "c/y.yaml": "new y\n"}


def _text(tree: dict[str, bytes]) -> dict[str, str]:
    return {k: v.decode() for k, v in tree.items()}


def _beside(out: Path) -> list[str]:
    return listing(out.parent)


@contextlib.contextmanager
def _holding_lock(out: Path, pid: int = 4242) -> Iterator[int]:
    fd = os.open(out.with_name(f".{out.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, f"{pid}\n".encode())
    try:
        yield fd
    finally:
        os.close(fd)


def test_a_second_writer_gives_up_after_the_timeout_with_a_clear_message(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    before = snapshot(out)
    with _holding_lock(out), pytest.raises(RenderError) as caught:
        write_tree(NEW, out, lock_timeout=0.2)
    assert str(caught.value) == (
        f"<repo>: error: another fleet-render (pid 4242) is writing {out}; gave up waiting after 0.2 s"
        " (.out.lock beside it is the lock)"
    )
    assert snapshot(out) == before


def test_a_second_render_waits_for_the_first_then_writes(
    rendered_repo: Path, run_cli
) -> None:
    out = rendered_repo / "out"
    write_repo(
        rendered_repo,
        {"apps/web.yaml": BASE["apps/web.yaml"].replace("replicas: 3", "replicas: 6")},
    )
    with _holding_lock(out) as fd:
        threading.Timer(0.5, lambda: fcntl.flock(fd, fcntl.LOCK_UN)).start()
        started = time.monotonic()
        result = run_cli("render", "--repo", rendered_repo)
        waited = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert waited >= 0.5
    assert (
        "replicas: 4" in (out / "member1/default/deployment.apps_web.yaml").read_text()
    )
    assert _beside(out) == [
        "apps",
        "fleets",
        "out",
        "policies",
    ]  # the lock file is gone too


def test_concurrent_renders_never_interleave(rendered_repo: Path) -> None:
    variants = [
        BASE["apps/web.yaml"].replace("replicas: 3", f"replicas: {n}") for n in (5, 8)
    ]
    repos = []
    for i, text in enumerate(variants):
        repo = rendered_repo.parent / f"variant{i}"
        shutil.copytree(rendered_repo, repo, ignore=shutil.ignore_patterns("out"))
        write_repo(repo, {"apps/web.yaml": text})
        repos.append(repo)
    out = rendered_repo.parent / "shared-out"
    expected = []
    for repo in repos:
        subprocess.run(
            [sys.executable, "-m", "render", "render", "--repo", repo, "--out", out],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        expected.append(read_tree(out))
    for _ in range(3):
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "render",
                    "render",
                    "--repo",
                    repo,
                    "--out",
                    out,
                ],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for repo in repos
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0], errors
        assert read_tree(out) in expected
        assert _beside(out) == ["rendered", "shared-out", "variant0", "variant1"]


@pytest.fixture
def rendered_repo(make_repo, run_cli, tmp_path: Path) -> Path:
    repo = make_repo(BASE, name="rendered")
    assert run_cli("render", "--repo", repo).exit_code == 0
    return repo


def _limited_render(repo: Path, limit: int) -> subprocess.CompletedProcess[str]:
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "render", "render", "--repo", repo],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        check=False,
    )


def test_a_write_that_runs_out_of_room_is_a_clean_error(rendered_repo: Path) -> None:
    # RLIMIT_FSIZE makes every write past the limit fail, as a full disk does, without
    # privileges; the tmpfs test below fills a real file system where mounting is allowed.
    write_repo(
        rendered_repo,
        {
            "apps/web.yaml": BASE["apps/web.yaml"].replace(
                "nginx:1.25", "nginx:" + "1" * 600
            )
        },
    )
    before = snapshot(rendered_repo)
    result = _limited_render(rendered_repo, 512)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"<repo>: error: cannot write {rendered_repo / 'out'}: File too large",
        "fleet-render: 1 error; out/ left unchanged",
    ]
    assert without_state(snapshot(rendered_repo)) == without_state(before)
    assert _beside(rendered_repo / "out") == ["apps", "fleets", "out", "policies"]


@contextlib.contextmanager
def _mounted_tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", where],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here (needs CAP_SYS_ADMIN): {done.stderr.decode().strip()}"
        )
    try:
        yield where
    finally:
        subprocess.run(["umount", where], check=True)


def test_a_full_file_system_is_a_clean_error(
    rendered_repo: Path, run_cli, tmp_path: Path
) -> None:
    with _mounted_tmpfs(tmp_path / "small", "1m") as small:
        out = small / "out"
        assert run_cli("render", "--repo", rendered_repo, "--out", out).exit_code == 0
        with contextlib.suppress(OSError), (small / "filler").open("wb") as filler:
            while True:  # until the file system is full
                filler.write(b"\0" * 4096)
                filler.flush()
        write_repo(
            rendered_repo,
            {
                "apps/web.yaml": BASE["apps/web.yaml"].replace(
                    "replicas: 3", "replicas: 9"
                )
            },
        )
        before = snapshot(out)
        result = run_cli("render", "--repo", rendered_repo, "--out", out)
        after, listing = snapshot(out), _beside(out)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"<repo>: error: cannot write {out}: No space left on device",
        "fleet-render: 1 error; out/ left unchanged",
    ]
    assert after == before
    assert listing == ["filler", "out"]


def _read_only(path: Path) -> contextlib.AbstractContextManager[None]:
    """Make a folder unwritable: chmod for a normal user; root ignores modes, so chattr +i."""

    @contextlib.contextmanager
    def frozen() -> Iterator[None]:
        if os.geteuid() != 0:
            path.chmod(0o555)
            undo = ["chmod", "755", path]
        else:
            done = subprocess.run(
                ["chattr", "+i", path], capture_output=True, check=False
            )
            if done.returncode != 0:
                pytest.skip(
                    f"root cannot make a folder read-only here: {done.stderr.decode().strip()}"
                )
            undo = ["chattr", "-i", path]
        try:
            yield
        finally:
            subprocess.run(undo, check=True)

    return frozen()


@pytest.mark.parametrize("which", ["parent", "out"])
def test_a_read_only_output_folder_is_a_clean_error(
    rendered_repo: Path, run_cli, tmp_path: Path, which: str
) -> None:
    if which == "out" and os.geteuid() != 0:
        pytest.skip(
            "a read-only folder in a writable parent can still be replaced by rename (chmod cannot stop it)"
        )
    parent = tmp_path / "ro"
    out = parent / "out"
    assert run_cli("render", "--repo", rendered_repo, "--out", out).exit_code == 0
    write_repo(
        rendered_repo,
        {"apps/web.yaml": BASE["apps/web.yaml"].replace("replicas: 3", "replicas: 9")},
    )
    before = snapshot(out)
    with _read_only(parent if which == "parent" else out):
        result = run_cli("render", "--repo", rendered_repo, "--out", out)
        listing = _beside(out)
    assert result.exit_code == 2
    reason = "Operation not permitted" if os.geteuid() == 0 else "Permission denied"
    assert result.stderr.splitlines() == [
        f"<repo>: error: cannot write {out}: {reason}",
        "fleet-render: 1 error; out/ left unchanged",
    ]
    assert snapshot(out) == before
    assert listing == ["out"]


def _tree(folder: Path, files: dict[str, str]) -> Path:
    write_repo(folder, files)
    return folder


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        pytest.param(
            {"out": OLD, ".out.new-abcd1234": {"a/kustomization.yaml": "half"}},
            OLD,
            id="killed-staging",
        ),
        pytest.param(
            {".out.old-abcd1234": OLD, ".out.new-abcd1234": NEW},
            OLD,
            id="killed-between-renames",
        ),
        pytest.param(
            {"out": NEW, ".out.old-abcd1234": {"b/x.yaml": "part of the old tree"}},
            NEW,
            id="killed-deleting-the-old-tree",
        ),
        pytest.param(
            {"out": NEW, ".out.new-abcd1234": OLD}, NEW, id="killed-after-exchange"
        ),
    ],
)
def test_recover_finishes_or_undoes_every_half_done_swap(
    tmp_path: Path, state, expected
) -> None:
    for name, files in state.items():
        _tree(tmp_path / name, files)
    recover(tmp_path / "out")
    assert _text(read_tree(tmp_path / "out")) == expected
    assert _beside(tmp_path / "out") == ["out"]


def test_recover_leaves_look_alike_names_and_link_targets_alone(tmp_path: Path) -> None:
    target = _tree(tmp_path / "elsewhere", OLD)
    (tmp_path / ".out.old-abcd1234").symlink_to(
        target
    )  # planted: never restored, never emptied
    _tree(
        tmp_path / ".out.new-xyz.new-abcd1234", NEW
    )  # staging of an output named "out.new-xyz"
    _tree(tmp_path / ".out.new-toolong123", NEW)
    recover(tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert _text(read_tree(target)) == OLD
    assert _beside(tmp_path / "out") == [
        ".out.new-toolong123",
        ".out.new-xyz.new-abcd1234",
        "elsewhere",
    ]


def test_a_stale_lock_and_leftovers_of_a_killed_render_are_cleaned_up(
    rendered_repo: Path, run_cli
) -> None:
    out = rendered_repo / "out"
    (rendered_repo / ".out.lock").write_text(
        "99999\n"
    )  # its process died: the kernel dropped the lock
    _tree(rendered_repo / ".out.new-abcd1234", {"a/kustomization.yaml": "half"})
    result = run_cli("render", "--repo", rendered_repo, "--fresh")
    assert result.exit_code == 0, result.output
    assert _beside(out) == ["apps", "fleets", "out", "policies"]


def test_links_planted_in_out_are_replaced_never_followed(
    rendered_repo: Path, run_cli, tmp_path: Path
) -> None:
    out = rendered_repo / "out"
    secret = _tree(
        tmp_path / "outside",
        {"secret.yaml": f"{CANARY}\n", "folder/x.yaml": f"{CANARY}\n"},
    )
    rendered_file = out / "member1/default/deployment.apps_web.yaml"
    rendered_file.unlink()
    rendered_file.symlink_to(secret / "secret.yaml")
    (out / "member2/extra").symlink_to(secret / "folder")
    os.mkfifo(out / "member2/pipe.yaml")  # reading it would hang
    check = run_cli("check", "--repo", rendered_repo)
    assert check.exit_code == 1
    assert CANARY not in check.output
    assert sorted(check.stdout.splitlines()) == [
        f"changed: {out}/member1/default/deployment.apps_web.yaml",
        f"removed: {out}/member2/extra",
        f"removed: {out}/member2/pipe.yaml",
    ]
    assert run_cli("render", "--repo", rendered_repo).exit_code == 0
    assert not rendered_file.is_symlink()
    assert not (out / "member2/extra").exists()
    assert _text(read_tree(secret)) == {
        "secret.yaml": f"{CANARY}\n",
        "folder/x.yaml": f"{CANARY}\n",
    }


def test_bindings_linked_outside_out_are_not_read(
    rendered_repo: Path, tmp_path: Path
) -> None:
    out = rendered_repo / "out"
    assert read_previous(out)  # the rendered bindings.yaml is read...
    forged = _tree(
        tmp_path / "outside", {"bindings.yaml": (out / "bindings.yaml").read_text()}
    )
    (out / "bindings.yaml").unlink()
    (out / "bindings.yaml").symlink_to(forged / "bindings.yaml")
    assert (
        read_previous(out) == {}
    )  # ...the same bytes behind a link leaving out/ are not
