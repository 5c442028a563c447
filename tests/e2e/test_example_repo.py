"""The example repo in this checkout: its committed out/ is exactly a fresh render."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from render import runner
from tests.conftest import REPO_ROOT


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fresh_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "out"
    runner.render(REPO_ROOT, out, fresh=False)
    return out


def test_committed_out_equals_a_fresh_render(fresh_out: Path, update_golden: bool) -> None:
    import difflib

    got, want = _tree(fresh_out), _tree(REPO_ROOT / "out")
    if update_golden and got != want:
        runner.render(REPO_ROOT, REPO_ROOT / "out")
        return
    problems = [f"MISSING in output: {p}" for p in sorted(set(want) - set(got))]
    problems += [f"MISSING in committed out/: {p}" for p in sorted(set(got) - set(want))]
    for path in sorted(set(got) & set(want)):
        if got[path] != want[path]:
            problems.append("".join(difflib.unified_diff(want[path].splitlines(True), got[path].splitlines(True),
                                                         f"out/{path}", f"fresh/{path}")))
    assert not problems, "\n".join(problems) + "\n(re-render with `fleet-render render` or pytest --update-golden)"


EXPECTED_REPLICAS = {
    ("nginx", "cluster-hangzhou"): 6, ("nginx", "cluster-shanghai"): 4,
    ("ai-inference", "cluster-hangzhou"): 7, ("ai-inference", "cluster-shanghai"): 3,
    ("cost-sensitive-app", "spot-cluster"): 8, ("cost-sensitive-app", "ondemand-cluster"): 2,
}


@pytest.mark.parametrize(("workload", "cluster"), sorted(EXPECTED_REPLICAS), ids="/".join)
def test_design_notes_replica_split(fresh_out: Path, workload: str, cluster: str) -> None:
    import yaml

    doc = yaml.safe_load((fresh_out / cluster / "default" / f"deployment.apps_{workload}.yaml").read_text())
    assert doc["spec"]["replicas"] == EXPECTED_REPLICAS[(workload, cluster)]


def test_every_cluster_folder_builds_with_kustomize(fresh_out: Path, kubectl: str) -> None:
    clusters = sorted(p for p in fresh_out.iterdir() if p.is_dir())
    assert [c.name for c in clusters] == ["cluster-frankfurt", "cluster-hangzhou", "cluster-shanghai",
                                         "cluster-zone-a", "cluster-zone-b", "ondemand-cluster",
                                         "spot-cluster"]
    for folder in clusters:
        done = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{folder.name}: {done.stderr}"


@pytest.mark.parametrize("seed", ["0", "4242"])
def test_output_does_not_depend_on_hash_seed(tmp_path: Path, fresh_out: Path, seed: str) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "render", "render", "--repo", str(REPO_ROOT), "--out", str(out)],
                   check=True, env=env, capture_output=True)
    assert _tree(out) == _tree(fresh_out)


def test_a_render_leaves_the_objects_it_read_as_they_were() -> None:
    """Copies share what no cluster changes with the object read from apps/ (no deep copy
    per cluster): so nothing after placing may edit a copy in place."""
    import copy

    from render.inputs import read_inputs
    from render.output import render_files
    from render.pipeline import plan

    inputs = read_inputs(REPO_ROOT, REPO_ROOT / "out")
    as_read = copy.deepcopy([m.body for m in inputs.manifests])
    render_files(plan(inputs))
    assert [m.body for m in inputs.manifests] == as_read
