"""An up-to-date out/ is recognised without rendering, and nothing else is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from render import freshness
from tests.conftest import snapshot, write_repo
from tests.e2e.test_render_errors import APP, BASE, FLEET, POLICY


@pytest.fixture
def repo(make_repo, run_cli) -> Path:
    repo = make_repo({**BASE, "apps/lonely.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lonely}\n"})
    assert run_cli("render", "--repo", repo).exit_code == 0
    return repo


def test_a_second_render_is_a_no_op_that_replays_warnings(repo: Path, run_cli) -> None:
    before = snapshot(repo / "out")
    again = run_cli("render", "--repo", repo)
    assert again.exit_code == 0
    assert again.stdout.startswith("up to date: rendered 2 objects into 3 cluster folders")
    assert "ConfigMap default/lonely is selected by no propagation policy" in again.stderr
    assert snapshot(repo / "out") == before


def test_strict_still_fails_on_replayed_warnings(repo: Path, run_cli) -> None:
    result = run_cli("render", "--repo", repo, "--strict")
    assert result.exit_code == 2
    assert ("apps/lonely.yaml:3:12: error: $.metadata.name: ConfigMap default/lonely is selected by no "
            "propagation policy and goes nowhere") in result.stderr.splitlines()


@pytest.mark.parametrize(("path", "text"), [("apps/web.yaml", APP.replace("replicas: 3", "replicas: 5")),
                                            ("policies/web.yaml", POLICY.replace("weight: 2", "weight: 3")),
                                            ("apps/new.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\n")])
def test_any_input_change_renders_again(repo: Path, run_cli, path: str, text: str) -> None:
    write_repo(repo, {path: text})
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 0
    assert not result.stdout.startswith("up to date")


def test_a_hand_edited_out_is_noticed_by_check_and_repaired_by_render(repo: Path, run_cli) -> None:
    target = repo / "out" / "member1" / "default" / "deployment.apps_web.yaml"
    good = target.read_text()
    target.write_text(good.replace("replicas: 2", "replicas: 9"))
    check = run_cli("check", "--repo", repo)
    assert check.exit_code == 1
    assert "changed:" in check.stdout
    render = run_cli("render", "--repo", repo)
    assert not render.stdout.startswith("up to date")
    assert target.read_text() == good
    assert run_cli("check", "--repo", repo).exit_code == 0


def test_fresh_is_not_taken_for_a_steady_render(repo: Path, run_cli) -> None:
    assert not run_cli("render", "--repo", repo, "--fresh").stdout.startswith("up to date")
    assert run_cli("render", "--repo", repo, "--fresh").stdout.startswith("up to date")


@pytest.mark.parametrize("command", ["render", "check"])
def test_an_up_to_date_answer_does_not_load_the_core(repo: Path, command: str) -> None:
    # start-up is most of a no-op: the planning modules stay unloaded
    probe = (
        "import sys\n"
        "from render.cli import main\n"
        f"sys.argv = ['fleet-render', {command!r}, '--repo', {str(repo)!r}]\n"
        "code = 0\ntry:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, sorted(m for m in ('render.pipeline', 'render.runner') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"


def test_the_state_a_render_saves_is_out_as_found_on_disk(make_repo, run_cli) -> None:
    # The render fingerprints out/ from what it just wrote, not by walking it again;
    # the next run walks it. Both must agree, folder order included ("member1/..."
    # comes before "member1-eu/..." as a walk finds them, not as the paths sort).
    fleet = FLEET.replace("  - name: member2\n", "  - name: member1-eu\n  - name: member2\n")
    repo = make_repo({**BASE, "fleets/prod.yaml": fleet})
    for edit in ("", "replicas: 5"):  # from nothing, then a change
        if edit:
            write_repo(repo, {"apps/web.yaml": APP.replace("replicas: 3", edit)})
        assert run_cli("render", "--repo", repo).exit_code == 0
        state = freshness.load(repo / "out")
        assert state is not None and state.out == freshness.out_fingerprint(repo / "out")
    assert run_cli("render", "--repo", repo).stdout.startswith("up to date")


def _walked_print(out: Path) -> str:
    # The fingerprint's definition, by the slowest walk there is: one hash per
    # top-level folder (and one for the files at the top) over path, size and mtime.
    import hashlib

    folders: dict[str, list[str]] = {}
    for path in sorted(out.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        rel = path.relative_to(out).as_posix()
        info = path.lstat()
        top = rel.partition("/")[0] if "/" in rel else ""
        folders.setdefault(top, []).append(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\n")
    total = 0
    for lines in folders.values():
        digest = hashlib.sha256("".join(sorted(lines)).encode())
        total += int.from_bytes(digest.digest()[:16], "big")
    return format(total % (1 << 128), "032x")


@pytest.mark.parametrize("folders", [3, freshness.PARALLEL_FOLDERS_MIN + 7])  # alone, and with a helper
def test_the_fingerprint_of_out_is_every_file_s_path_size_and_mtime(tmp_path: Path, folders: int) -> None:
    out = tmp_path / "out"
    for i in range(folders):
        for rel in (f"c{i}/ns/web.yaml", f"c{i}/kustomization.yaml", f"c{i}/_cluster/ns.yaml"):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(f"{rel}\n" * i)
    (out / "bindings.yaml").write_text("items: []\n")
    (out / "c0" / "empty").mkdir()
    (out / "c1" / "link").symlink_to(out / "c2")  # seen, not entered
    first = freshness.out_fingerprint(out)
    assert first == _walked_print(out)
    (out / f"c{folders - 1}" / "ns" / "web.yaml").write_text("edited\n")  # in the helper's half
    assert freshness.out_fingerprint(out) == _walked_print(out) != first
