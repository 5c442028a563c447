"""HPAs follow their target: same clusters, bounds split by the target's replicas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from render import explaining, runner
from render.autoscaling import split_bounds

# (id, minReplicas, maxReplicas, target replicas per cluster, expected bounds per cluster)
SPLIT_CASES = [
    (
        "design-notes-80-20",
        3,
        20,
        [("spot", 8), ("ondemand", 2)],
        {"ondemand": (1, 4), "spot": (2, 16)},
    ),
    ("even", 4, 10, [("a", 3), ("b", 3)], {"a": (2, 5), "b": (2, 5)}),
    # Webster: the 5th seat ties b (3/3) and c (1/1); the cluster with fewer seats wins.
    (
        "webster-tie",
        5,
        5,
        [("a", 6), ("b", 3), ("c", 1)],
        {"a": (3, 3), "b": (1, 1), "c": (1, 1)},
    ),
    # A bound below the number of clusters: every copy still gets 1.
    (
        "min-below-cluster-count",
        2,
        30,
        [("a", 5), ("b", 3), ("c", 2)],
        {"a": (1, 15), "b": (1, 9), "c": (1, 6)},
    ),
    (
        "max-below-cluster-count",
        1,
        2,
        [("a", 5), ("b", 3), ("c", 2)],
        {"a": (1, 1), "b": (1, 1), "c": (1, 1)},
    ),
    # Max rounds below the min share: raised to it.
    ("max-raised-to-min", 10, 11, [("a", 1), ("b", 1)], {"a": (5, 6), "b": (5, 5)}),
    ("no-min", None, 6, [("a", 2), ("b", 1)], {"a": (None, 4), "b": (None, 2)}),
    ("one-cluster", 3, 20, [("a", 7)], {"a": (3, 20)}),
]


@pytest.mark.parametrize(
    ("low", "high", "weights", "expected"),
    [c[1:] for c in SPLIT_CASES],
    ids=[c[0] for c in SPLIT_CASES],
)
def test_split_bounds(
    low: int | None,
    high: int,
    weights: list[tuple[str, int]],
    expected: dict[str, tuple[int | None, int]],
) -> None:
    assert split_bounds(low, high, weights) == expected


@given(
    st.integers(1, 50),
    st.integers(0, 100),
    st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 40), min_size=1),
)
def test_split_bounds_invariants(
    low: int, extra: int, replicas: dict[str, int]
) -> None:
    high = low + extra
    bounds = split_bounds(low, high, sorted(replicas.items()))
    assert set(bounds) == set(replicas)
    lows = [lo for lo, _ in bounds.values() if lo is not None]
    assert len(lows) == len(bounds)
    assert all(1 <= lo <= hi for lo, hi in bounds.values())  # type: ignore[operator]
    # Only the raise to 1 of clusters Webster left out adds to the written bound.
    assert low <= sum(lows) < low + len(replicas)
    assert high <= sum(hi for _, hi in bounds.values()) <= high + sum(lows)


FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata: {name: prod}
spec:
  clusters:
  - {name: spot}
  - {name: ondemand}
  - {name: spare}
"""
STATIC = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: app}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: app}]
  placement:
    clusterAffinity: {clusterNames: [spot, ondemand]}
    replicaScheduling:
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [spot]}, weight: 80}
        - {targetCluster: {clusterNames: [ondemand]}, weight: 20}
"""
DUPLICATED = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: app}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: app}]
  placement:
    clusterAffinity: {clusterNames: [spot, ondemand]}
"""
HPA_POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: hpa}
spec:
  resourceSelectors: [{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: app}]
  placement:
    clusterAffinity: {clusterNames: [spare]}
"""
APP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 10
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers: [{name: app, image: nginx}]
"""


def _hpa(
    api: str = "autoscaling/v2",
    low: int | None = 3,
    high: int = 20,
    target: str = "app",
) -> str:
    bounds = (
        f"  minReplicas: {low}\n" if low is not None else ""
    ) + f"  maxReplicas: {high}\n"
    return f"""\
apiVersion: {api}
kind: HorizontalPodAutoscaler
metadata: {{name: app}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {target}}}
{bounds}"""


# (id, files, expected {cluster: (minReplicas, maxReplicas)} of the HPA copies, warnings)
CASES: list[tuple[str, dict[str, str], dict[str, tuple[Any, Any]], list[str]]] = [
    (
        "divided-v2",
        {"policies/app.yaml": STATIC, "apps/hpa.yaml": _hpa()},
        {"ondemand": (1, 4), "spot": (2, 16)},
        [],
    ),
    (
        "divided-v1",
        {"policies/app.yaml": STATIC, "apps/hpa.yaml": _hpa("autoscaling/v1")},
        {"ondemand": (1, 4), "spot": (2, 16)},
        [],
    ),
    (
        "duplicated-unchanged",
        {"policies/app.yaml": DUPLICATED, "apps/hpa.yaml": _hpa()},
        {"ondemand": (3, 20), "spot": (3, 20)},
        [],
    ),
    (
        "own-policy-placement-ignored",
        {
            "policies/app.yaml": STATIC,
            "policies/hpa.yaml": HPA_POLICY,
            "apps/hpa.yaml": _hpa(),
        },
        {"ondemand": (1, 4), "spot": (2, 16)},
        [],
    ),
    (
        "min-below-clusters-warns",
        {"policies/app.yaml": STATIC, "apps/hpa.yaml": _hpa(low=1, high=20)},
        {"ondemand": (1, 4), "spot": (1, 16)},
        [
            (
                "apps/hpa.yaml:6:3: warning: $.spec.minReplicas: HorizontalPodAutoscaler default/app is split "
                "over 2 clusters and its minReplicas 1 totals 2: each cluster's copy keeps at least 1, and a "
                "maxReplicas of at least its minReplicas"
            )
        ],
    ),
    (
        "no-min-left-unset",
        {"policies/app.yaml": STATIC, "apps/hpa.yaml": _hpa(low=None, high=10)},
        {"ondemand": (None, 2), "spot": (None, 8)},
        [],
    ),
    (
        "target-not-bound: own policy",
        {
            "policies/app.yaml": STATIC,
            "policies/hpa.yaml": HPA_POLICY,
            "apps/hpa.yaml": _hpa(target="other"),
        },
        {"spare": (3, 20)},
        [],
    ),
    (
        "target-not-bound, no policy",
        {"policies/app.yaml": STATIC, "apps/hpa.yaml": _hpa(target="other")},
        {},
        [
            (
                "apps/hpa.yaml:3:12: warning: $.metadata.name: HorizontalPodAutoscaler default/app is selected "
                "by no propagation policy and goes nowhere"
            )
        ],
    ),
]


def _repo(tmp: Path, files: dict[str, str]) -> Path:
    for rel, text in {"fleets/prod.yaml": FLEET, "apps/app.yaml": APP, **files}.items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(text)
    return tmp


@pytest.mark.parametrize(
    ("files", "expected", "warnings"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hpa_follows_its_target(
    tmp_path: Path,
    files: dict[str, str],
    expected: dict[str, tuple[Any, Any]],
    warnings: list[str],
) -> None:
    report = runner.build(_repo(tmp_path, files))
    copies = {
        path.partition("/")[0]: yaml.safe_load(text)
        for path, text in report.files.items()
        if path.endswith("horizontalpodautoscaler.autoscaling_app.yaml")
    }
    assert {
        c: (h["spec"].get("minReplicas"), h["spec"]["maxReplicas"])
        for c, h in copies.items()
    } == expected
    assert [str(w) for w in report.warnings] == warnings
    for hpa in copies.values():  # nothing else of the HPA changes
        assert hpa["spec"]["scaleTargetRef"]["name"] in ("app", "other")


def test_hpa_binding_and_explain_note(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"policies/app.yaml": STATIC, "apps/hpa.yaml": _hpa()})
    report = runner.build(repo)
    items = {
        i["metadata"]["name"]: i["spec"]
        for i in yaml.safe_load(report.files["bindings.yaml"])["items"]
    }
    assert items["app-horizontalpodautoscaler"]["clusters"] == [
        {"name": "ondemand", "replicas": 0},
        {"name": "spot", "replicas": 0},
    ]
    note = explaining.explain(report.inputs, report.plan, "Deployment", "app").text()
    assert "HorizontalPodAutoscaler app scales this workload" in note
