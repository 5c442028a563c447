"""The example repo's topology policies: where each replica lands (README walkthrough)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from render import runner
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return runner.build(REPO_ROOT, REPO_ROOT / "out").files


def _doc(files: dict[str, str], path: str) -> dict:
    return yaml.safe_load(files[path])


# (cluster/path, expected spec.replicas)
REPLICAS = [
    # hierarchical-scheduling: Duplicated over both zone clusters; zone-b's taint is tolerated.
    ("cluster-zone-a/default/deployment.apps_large-scale-app.yaml", 6),
    ("cluster-zone-b/default/deployment.apps_large-scale-app.yaml", 6),
    # reviews-stable: the fleet defaults pick the two asia-east clusters.
    ("cluster-hangzhou/prod/deployment.apps_reviews-v1.yaml", 2),
    ("cluster-shanghai/prod/deployment.apps_reviews-v1.yaml", 2),
    # reviews-canary: Shanghai only.
    ("cluster-shanghai/prod/deployment.apps_reviews-v2.yaml", 1),
]


@pytest.mark.parametrize(("path", "replicas"), REPLICAS, ids=[p for p, _ in REPLICAS])
def test_replicas_land_where_the_walkthrough_says(
    files: dict[str, str], path: str, replicas: int
) -> None:
    assert _doc(files, path)["spec"]["replicas"] == replicas


def test_only_the_named_clusters_get_them(files: dict[str, str]) -> None:
    def holders(suffix: str) -> list[str]:
        return sorted(p.partition("/")[0] for p in files if p.endswith(suffix))

    assert holders("deployment.apps_large-scale-app.yaml") == [
        "cluster-zone-a",
        "cluster-zone-b",
    ]
    assert holders("deployment.apps_reviews-v1.yaml") == [
        "cluster-hangzhou",
        "cluster-shanghai",
    ]
    assert holders("deployment.apps_reviews-v2.yaml") == ["cluster-shanghai"]
    # propagateDeps: reviews-v1's ConfigMap and ServiceAccount follow it.
    assert holders("prod/configmap_reviews-config.yaml") == [
        "cluster-hangzhou",
        "cluster-shanghai",
    ]
    assert holders("prod/serviceaccount_reviews.yaml") == [
        "cluster-hangzhou",
        "cluster-shanghai",
    ]
    assert holders("_cluster/namespace_prod.yaml") == [
        "cluster-hangzhou",
        "cluster-shanghai",
    ]


@pytest.mark.parametrize(
    ("cluster", "bounds"), [("spot-cluster", (2, 16)), ("ondemand-cluster", (1, 4))]
)
def test_cost_aware_hpa_bounds_follow_the_80_20_split(
    files: dict[str, str], cluster: str, bounds: tuple[int, int]
) -> None:
    hpa = _doc(
        files,
        f"{cluster}/default/horizontalpodautoscaler.autoscaling_cost-aware-hpa.yaml",
    )
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == bounds
    assert (
        hpa["spec"]["behavior"]["scaleDown"]["selectPolicy"] == "Min"
    )  # the rest is copied


def test_the_example_renders_without_warnings() -> None:
    assert runner.build(REPO_ROOT, REPO_ROOT / "out").warnings == []


def test_failing_over_shanghai_moves_reviews_by_the_fleet_preferences(
    tmp_path: Path,
) -> None:
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(
        REPO_ROOT,
        repo,
        ignore=shutil.ignore_patterns(".git", "*.egg-info", "benchmarks", "tests"),
    )
    fleet = repo / "fleets/global-production.yaml"
    fleet.write_text(
        fleet.read_text().replace(
            "    zone: asia-east-2a\n",
            "    zone: asia-east-2a\n    taints:\n    - {key: cluster.karmada.io/not-ready, effect: NoExecute}\n",
        )
    )
    report = runner.render(repo, repo / "out")
    moved = [m.text() for m in report.moves]
    # The README's walkthrough, line for line. reviews-v1: Hangzhou keeps its copy
    # (locality 100 + preference 60); the second cluster is the best of the rest by
    # available replicas: Frankfurt, 98 free pods.
    assert moved == [
        "Deployment default/ai-inference: cluster-hangzhou 7→10 (gained), cluster-shanghai 3→0 (lost)",
        (
            "Deployment default/global-app: cluster-frankfurt 4→5 (gained), cluster-hangzhou 5→7 (gained), "
            "cluster-shanghai 3→0 (lost)"
        ),
        "Deployment default/nginx: cluster-hangzhou 6→10 (gained), cluster-shanghai 4→0 (lost)",
        "Deployment prod/reviews-v1: cluster-frankfurt 0→2 (gained), cluster-shanghai 2→0 (lost)",
        "Deployment prod/reviews-v2: cluster-shanghai 1→0 (lost)",
    ]
    assert [w.message.split(":")[0] for w in report.warnings] == [
        "subset 'v2' of host 'reviews.prod.svc.cluster.local' runs in no cluster"
        " (Deployment reviews-v2 has no replicas)",
        "cannot schedule Deployment prod/reviews-v2",
    ]
    readme = (REPO_ROOT / "README.md").read_text()
    assert all(line in readme for line in moved)
    assert not any(
        p.startswith("cluster-shanghai/") and "/prod/" in p for p in report.files
    )
