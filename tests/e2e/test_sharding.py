"""--jobs and --shard/merge give byte-for-byte the output of one process."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from render.sharding import clusters_of, parse_shard, shard_of
from render.writing import read_tree
from tests.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("fleet") / "repo", 24, 60)


@pytest.fixture(scope="module")
def single(fleet: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from click.testing import CliRunner

    from render.cli import cli

    out = tmp_path_factory.mktemp("single") / "out"
    args = ["render", "--repo", str(fleet), "--out", str(out), "--jobs", "1"]  # one process
    assert CliRunner().invoke(cli, args).exit_code == 0
    return read_tree(out)


@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_output_is_byte_identical(fleet: Path, single, run_cli, tmp_path: Path, jobs: int) -> None:
    result = run_cli("render", "--repo", fleet, "--out", tmp_path / "out", "--jobs", jobs)
    assert result.exit_code == 0, result.output
    assert read_tree(tmp_path / "out") == single


@pytest.mark.parametrize("count", [1, 2, 5])
def test_shards_merged_are_byte_identical(fleet: Path, single, run_cli, tmp_path: Path, count: int) -> None:
    parts = [tmp_path / f"shard-{i}" for i in range(1, count + 1)]
    for i, part in enumerate(parts, 1):
        assert run_cli("render", "--repo", fleet, "--shard", f"{i}/{count}", "--out", part).exit_code == 0
    result = run_cli("merge", *parts, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert read_tree(tmp_path / "out") == single


def test_the_example_repo_shards_too(run_cli, tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    assert run_cli("render", "--repo", REPO_ROOT, "--out", whole).exit_code == 0
    parts = [tmp_path / f"s{i}" for i in (1, 2)]
    for i, part in enumerate(parts, 1):
        assert run_cli("render", "--repo", REPO_ROOT, "--shard", f"{i}/2", "--out", part).exit_code == 0
    assert run_cli("merge", *parts, "--out", tmp_path / "merged").exit_code == 0
    assert read_tree(tmp_path / "merged") == read_tree(whole)


def test_partition_is_stable_and_complete() -> None:
    names = [f"cluster-{i}" for i in range(200)]
    shards = [clusters_of(names, (i, 7)) for i in range(1, 8)]
    assert sorted(n for s in shards for n in s) == sorted(names)
    assert all(shard_of(n, 7) == shard_of(n, 7) for n in names)
    # adding clusters never moves an existing one
    assert clusters_of(names, (3, 7)) <= clusters_of([*names, "new-a", "new-b"], (3, 7))


@pytest.mark.parametrize("text", ["0/2", "3/2", "a/b", "1", "1/0", "-1/2"])
def test_bad_shard_is_a_usage_error(text: str, make_repo, run_cli) -> None:
    with pytest.raises(Exception, match="--shard takes I/N"):
        parse_shard(text)


def _shards(fleet: Path, run_cli, tmp_path: Path, count: int) -> list[Path]:
    parts = [tmp_path / f"shard-{i}" for i in range(1, count + 1)]
    for i, part in enumerate(parts, 1):
        assert run_cli("render", "--repo", fleet, "--shard", f"{i}/{count}", "--out", part).exit_code == 0
    return parts


def test_merge_refuses_a_missing_shard(fleet: Path, run_cli, tmp_path: Path) -> None:
    parts = _shards(fleet, run_cli, tmp_path, 3)
    result = run_cli("merge", parts[0], parts[2], "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "shard(s) 2/3 missing" in result.stderr
    assert not (tmp_path / "out").exists()


def test_merge_refuses_the_same_shard_twice(fleet: Path, run_cli, tmp_path: Path) -> None:
    parts = _shards(fleet, run_cli, tmp_path, 2)
    shutil.copytree(parts[0], tmp_path / "copy")
    result = run_cli("merge", parts[0], tmp_path / "copy", parts[1], "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "are both shard 1/2" in result.stderr


def test_merge_refuses_overlapping_clusters(fleet: Path, run_cli, tmp_path: Path) -> None:
    parts = _shards(fleet, run_cli, tmp_path, 2)
    victim = next(p for p in parts[0].iterdir() if p.is_dir())
    shutil.copytree(victim, parts[1] / victim.name)
    result = run_cli("merge", *parts, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"cluster {victim.name} is in both" in result.stderr


def test_merge_refuses_shards_of_different_inputs(fleet: Path, run_cli, tmp_path: Path) -> None:
    parts = _shards(fleet, run_cli, tmp_path, 2)
    (parts[1] / "bindings.yaml").write_text("apiVersion: v1\nkind: List\nitems: []\n")
    result = run_cli("merge", *parts, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "rendered from different inputs" in result.stderr


def test_merge_refuses_a_folder_that_is_not_a_shard(run_cli, tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    result = run_cli("merge", tmp_path / "plain", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "is not the output of `fleet-render render --shard`" in result.stderr


def test_merge_refuses_links_inside_a_shard(fleet: Path, run_cli, tmp_path: Path) -> None:
    parts = _shards(fleet, run_cli, tmp_path, 2)
    (tmp_path / "secret.txt").write_text("outside\n")
    cluster = next(p for p in parts[0].iterdir() if p.is_dir())
    (cluster / "leak.yaml").symlink_to(tmp_path / "secret.txt")
    result = run_cli("merge", *parts, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"shard-1/{cluster.name}/leak.yaml in a shard is not a regular file or folder" in result.stderr
    assert "outside" not in result.stderr and not (tmp_path / "out").exists()


def _as_recorded(placed, policies):
    from render.reuse import RecordedRules, unit_of, unit_record

    # workers hand back their units as records: the copies' objects as stand-ins (the
    # YAML is the object), no verdicts
    rules = RecordedRules(policies)
    return [(unit_of(unit_record(u), rules) if u else None, w, e) for u, w, e, *_ in placed]


def test_workers_place_every_object_as_one_process_does(fleet: Path) -> None:
    from render.inputs import read_inputs
    from render.placing import Placer
    from render.sharding import place_parallel

    inputs = read_inputs(fleet)
    alone = [Placer(inputs).place(m) for m in inputs.manifests]
    together = place_parallel(Placer(inputs), inputs.manifests, 3)
    policies = inputs.override_policies
    assert _as_recorded(together, policies) == _as_recorded(alone, policies)
    made = [record for *_, record in together if record is not None]
    assert made and len(made) < len(together)  # the workers' share, and this process's
    # each unit's bindings.yaml item comes back with it: the render does not emit it again
    assert [u and u.listed for u, *_ in together] == [u and u.listed for u, *_ in alone]


def test_jobs_report_the_errors_of_one_process(fleet: Path, run_cli, tmp_path: Path) -> None:
    broken = tmp_path / "repo"
    shutil.copytree(fleet, broken)
    (broken / "policies" / "zz-impossible.yaml").write_text(
        "apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\n"
        "metadata: {name: impossible, namespace: team-0}\nspec:\n"
        "  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: app-00000}]\n"
        "  placement:\n    spreadConstraints: [{spreadByField: cluster, minGroups: 900, maxGroups: 900}]\n"
    )
    outputs = [run_cli("render", "--repo", broken, "--out", tmp_path / f"out{j}", "--jobs", j) for j in (1, 3)]
    assert outputs[0].exit_code == outputs[1].exit_code != 0
    assert "app-00000" in outputs[0].output and outputs[0].output == outputs[1].output
    assert not (tmp_path / "out1").exists() and not (tmp_path / "out3").exists()


def test_a_worker_hands_back_stand_ins_but_whole_destination_rules() -> None:
    from render.forking import decoded, encoded
    from render.reuse import Copy, RecordedRules, Unit, unit_of, unit_record
    from render.scheduling import ScheduleResult

    web = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
           "spec": {"replicas": 2}}
    rule = {"apiVersion": "networking.istio.io/v1beta1", "kind": "DestinationRule",
            "metadata": {"name": "web", "namespace": "shop"}, "spec": {"host": "web"}}
    unit = Unit(("PropagationPolicy", "shop", "p"), b"", 2, ScheduleResult(()), True, (),
                (Copy("a", 1, web, (), "web"), Copy("b", 1, web, (), "web"), Copy("a", 0, rule, (), "rule")))
    handed = unit_of(decoded(encoded(unit_record(unit))), RecordedRules(()))  # as a worker's arrive
    assert handed is not None
    first, second, kept = handed.copies
    assert first.obj == {"apiVersion": "apps/v1", "kind": "Deployment",
                         "metadata": {"name": "web", "namespace": "shop"}}
    assert second.obj is first.obj  # one object, one stand-in: its YAML is found by identity
    assert kept.obj == rule  # whole: the traffic pass rewrites these after placing
    assert [c.text for c in handed.copies] == ["web", "web", "rule"]
