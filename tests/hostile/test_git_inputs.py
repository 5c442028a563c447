"""Inputs read from git (``diff`` renders the base revision): crafted trees stay out."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.hostile.repos import BASE


def _git(repo: Path, *args: str, text: str | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, input=text, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_a_base_revision_with_dotdot_entries_is_refused(
    make_repo, run_cli, tmp_path: Path
) -> None:
    repo = make_repo(BASE)
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    # A tree git would never write itself: fleets/../../../escaped.yaml, as a hostile
    # push to a server without fsck could still deliver.
    tree = _git(
        repo,
        "mktree",
        text=f"100644 blob {_git(repo, 'hash-object', '-w', '--stdin', text='x: 1')}"
        "\tescaped.yaml\n",
    )
    for _ in range(3):
        tree = _git(repo, "mktree", text=f"040000 tree {tree}\t..\n")
    tree = _git(repo, "mktree", text=f"040000 tree {tree}\tfleets\n")
    crafted = _git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit-tree",
        tree,
        "-m",
        "crafted",
    )
    result = run_cli("diff", "--repo", repo, crafted)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "<repo>: error: the base revision holds an unsafe path: Invalid repository path 'tree/..'",
        "fleet-render: 1 error; out/ left unchanged",
    ]
    assert not list(tmp_path.rglob("escaped.yaml"))
    assert not (Path("/tmp") / "escaped.yaml").exists()
