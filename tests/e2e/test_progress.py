"""The progress bar shows on a terminal only, and never with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


def _render_on_a_terminal(out: Path, *extra: str) -> str:
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "render", "render", "--repo", str(REPO_ROOT), "--out",
                             str(out), "--fresh", *extra], stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(leader)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    text = _render_on_a_terminal(tmp_path / "out")
    assert "writing clusters" in text
    assert "objects)" in text


def test_quiet_and_pipes_get_none(tmp_path: Path, run_cli) -> None:
    assert "writing clusters" not in _render_on_a_terminal(tmp_path / "a", "--quiet")
    piped = subprocess.run([sys.executable, "-m", "render", "render", "--repo", str(REPO_ROOT), "--out",
                            str(tmp_path / "b")], capture_output=True, text=True, check=True)
    assert "writing clusters" not in piped.stderr + piped.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_progress_does_not_change_the_output(tmp_path: Path, jobs: str) -> None:
    _render_on_a_terminal(tmp_path / "tty", "--jobs", jobs)
    subprocess.run([sys.executable, "-m", "render", "render", "--repo", str(REPO_ROOT), "--out",
                    str(tmp_path / "pipe"), "--fresh"], check=True, capture_output=True)
    tree = lambda p: {f.relative_to(p): f.read_bytes() for f in p.rglob("*") if f.is_file()}
    assert tree(tmp_path / "tty") == tree(tmp_path / "pipe")


def test_the_process_leaves_with_its_output_written(tmp_path: Path) -> None:
    # render.cli.command_line ends the process without tearing the plan down: what it
    # printed must still reach a pipe, and an error still exits through its code.
    done = subprocess.run([sys.executable, "-m", "render", "render", "--repo", str(REPO_ROOT), "--out",
                           str(tmp_path / "out"), "--jobs", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(f"cluster folders under {tmp_path / 'out'}\n")
    failed = subprocess.run([sys.executable, "-m", "render", "render", "--repo", str(tmp_path / "nothing")],
                            capture_output=True, text=True)
    assert failed.returncode == 2 and "'--repo': Directory" in failed.stderr  # a typo, not an empty fleet
    assert not (tmp_path / "nothing").exists()


def test_a_bug_exits_3_with_its_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    # The one error boundary (render.cli.main): anything unexpected is reported as a bug,
    # with the traceback to report, never as an input error.
    from render import cli, runner

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(runner, "render_if_stale", broken)
    monkeypatch.setattr(sys, "argv", ["fleet-render", "render", "--repo", str(REPO_ROOT), "--out",
                                      str(tmp_path / "out")])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == cli.EXIT_BUG == 3
    err = capsys.readouterr().err
    assert err.startswith("fleet-render: unexpected error (a bug; please report it):\n")
    assert "Traceback (most recent call last)" in err and "KeyError: 'a bug'" in err
    assert not (tmp_path / "out").exists()
