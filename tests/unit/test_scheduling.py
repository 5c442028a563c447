from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from render.errors import RenderError
from render.model import Cluster, Taint
from render.scheduling import ScheduleResult, evicted_by_no_execute, schedule

CONFORMANCE = Path(__file__).parents[1] / "conformance"
# the shared sample, then the cases this project translated from more of Karmada's tables
VECTORS = [case for name in ("replicas.yaml", "replicas_extra.yaml", "replicas_round2.yaml",
                         "replicas_round3.yaml")
           for case in yaml.safe_load((CONFORMANCE / name).read_text())]

# Vectors that cannot pass, with the reason (strict: they must keep failing).
XFAIL: dict[str, str] = {
    "r3-fresh-zero-replicas-int32-sum-wraps": (
        "Karmada sums the Fresh weights (est = MaxInt32 for a 0-replica workload) in int32"
        " (util.GetSumOfReplicas), which wraps negative and fails dynamicDivideReplicas;"
        " assignment.py sums Python ints"
    ),
    "r3-fresh-zero-replicas-int32-add-wraps": (
        "Karmada adds the previous replicas to est = MaxInt32 in int32 (dynamicFreshScale),"
        " which wraps to MinInt32 and fails dynamicDivideReplicas; assignment.py uses Python ints"
    ),
}


def to_cluster(raw: dict[str, Any]) -> Cluster:
    """A conformance-file cluster as the renderer's record."""
    zones = raw.get("zones") or ([raw["zone"]] if raw.get("zone") else [])
    taints = tuple(
        Taint(t["key"], t.get("effect", ""), t.get("value", ""))
        for t in raw.get("taints") or ()
    )
    return Cluster(
        name=raw.get("name", "cluster"),
        labels=raw.get("labels") or {},
        provider=raw.get("provider", ""),
        region=raw.get("region", ""),
        zones=tuple(zones),
        taints=taints,
    )


def run_vector(case: dict[str, Any]) -> ScheduleResult:
    available = {
        c["name"]: c["available_replicas"]
        for c in case["clusters"]
        if "available_replicas" in c
    }
    return schedule(
        [to_cluster(c) for c in case["clusters"]],
        case["placement"],
        case["replicas"],
        requests=case.get("requests"),
        previous=list((case.get("previous") or {}).items()),
        observed_affinity_name=case.get("observed_affinity_name", ""),
        fresh=case.get("fresh", False),
        uid=case.get("uid", ""),
        available=available,
    )


def _params(cases: list[dict[str, Any]]) -> list[Any]:
    return [
        pytest.param(
            c, id=c["id"], marks=pytest.mark.xfail(reason=XFAIL[c["id"]], strict=True)
        )
        if c["id"] in XFAIL
        else pytest.param(c, id=c["id"])
        for c in cases
    ]


@pytest.mark.parametrize("case", _params(VECTORS))
def test_replicas_vector(case: dict[str, Any]) -> None:
    if "expect_error" in case:
        with pytest.raises(RenderError) as caught:
            run_vector(case)
        assert caught.value.findings[0].stage == "schedule"
        return
    result = run_vector(case)
    got = dict(result.clusters)
    if "expect_any_of" in case:
        assert got in case["expect_any_of"]
    else:
        assert got == case["expect"]
    if "expect_observed_affinity_name" in case:
        assert result.observed_affinity_name == case["expect_observed_affinity_name"]


# --- worked examples of the spec, each pinning one rule -------------------------------

DYNAMIC = {
    "replicaScheduling": {
        "replicaDivisionPreference": "Weighted",
        "weightPreference": {"dynamicWeight": "AvailableReplicas"},
    }
}
AGGREGATED = {"replicaScheduling": {"replicaDivisionPreference": "Aggregated"}}


def fleet(*names: str, **fields: Any) -> list[Cluster]:
    return [Cluster(name, **fields) for name in names]


def run(
    clusters: list[Cluster], placement: dict[str, Any], replicas: int, **kwargs: Any
) -> dict[str, int]:
    return dict(schedule(clusters, placement, replicas, **kwargs).clusters)


@pytest.mark.parametrize(
    ("placement", "available", "previous", "replicas", "fresh", "expected"),
    [
        pytest.param(
            DYNAMIC,
            [10, 10, 10],
            [2, 4, 6],
            24,
            False,
            [6, 8, 10],
            id="scale-up-keeps-replicas",
        ),
        pytest.param(
            DYNAMIC,
            [10, 10, 10],
            [2, 4, 6],
            6,
            False,
            [1, 2, 3],
            id="scale-down-proportional",
        ),
        pytest.param(
            AGGREGATED,
            [6, 8, 10],
            [0, 0, 0],
            12,
            False,
            [0, 5, 7],
            id="aggregated-most-room",
        ),
        pytest.param(
            AGGREGATED,
            [12, 8, 10],
            [0, 0, 0],
            12,
            False,
            [12, 0, 0],
            id="aggregated-one-fits",
        ),
        pytest.param(
            AGGREGATED,
            [6, 6, 6],
            [0, 0, 0],
            12,
            False,
            [6, 6, 0],
            id="aggregated-ties-by-name",
        ),
        pytest.param(
            AGGREGATED,
            [4, 4, 4],
            [4, 8, 0],
            6,
            False,
            [0, 6, 0],
            id="aggregated-scale-down",
        ),
        pytest.param(DYNAMIC, [2, 10, 0], [6, 2, 0], 12, False, [7, 5, 0], id="steady"),
        pytest.param(DYNAMIC, [2, 10, 0], [6, 2, 0], 12, True, [5, 7, 0], id="fresh"),
        pytest.param(
            DYNAMIC, [3, 3, 3], [1, 1, 1], 3, False, [1, 1, 1], id="unchanged"
        ),
    ],
)
def test_dynamic_modes(
    placement: dict[str, Any],
    available: list[int],
    previous: list[int],
    replicas: int,
    fresh: bool,
    expected: list[int],
) -> None:
    names = ["m1", "m2", "m3"]
    got = run(
        fleet(*names),
        placement,
        replicas,
        available=dict(zip(names, available, strict=True)),
        previous=[(n, p) for n, p in zip(names, previous, strict=True) if p],
        fresh=fresh,
    )
    assert got == {n: e for n, e in zip(names, expected, strict=True) if e}


def test_disappeared_cluster_replicas_are_replaced_as_scale_up() -> None:
    got = run(
        fleet("m1", "m3", "m4"),
        AGGREGATED,
        24,
        available={"m1": 4, "m3": 8, "m4": 12},
        previous=[("m1", 4), ("m2", 8)],
    )
    assert got == {"m1": 7, "m3": 7, "m4": 10}


def test_not_enough_capacity_is_karmadas_error() -> None:
    with pytest.raises(RenderError) as caught:
        run(fleet("m1", "m2"), DYNAMIC, 10, available={"m1": 3, "m2": 4})
    assert caught.value.findings[0].message == (
        "failed to assign replicas: failed to scale up: "
        "Clusters available replicas 7 are not enough to schedule."
    )


def test_static_weights_never_check_capacity() -> None:
    placement = {"replicaScheduling": {"replicaDivisionPreference": "Weighted"}}
    assert run(fleet("m1", "m2"), placement, 10, available={"m1": 1, "m2": 1}) == {
        "m1": 5,
        "m2": 5,
    }


def test_static_weight_rules_overlap_take_the_maximum() -> None:
    placement = {
        "replicaScheduling": {
            "replicaDivisionPreference": "Weighted",
            "weightPreference": {
                "staticWeightList": [
                    {"targetCluster": {}, "weight": 1},
                    {"targetCluster": {"clusterNames": ["m1"]}, "weight": 3},
                    {"targetCluster": {"clusterNames": ["m3"]}, "weight": 0},
                ]
            },
        }
    }
    assert run(fleet("m1", "m2", "m3"), placement, 10) == {"m1": 6, "m2": 2, "m3": 2}


def test_static_weights_unmatched_clusters_get_nothing() -> None:
    placement = {
        "replicaScheduling": {
            "weightPreference": {
                "staticWeightList": [
                    {"targetCluster": {"clusterNames": ["m2"]}, "weight": 2}
                ]
            }
        }
    }
    assert run(fleet("m1", "m2"), placement, 4) == {"m2": 4}


@pytest.mark.parametrize(
    ("uid", "expected"),
    [
        ("", {"m1": 3, "m2": 2}),
        ("4858ca61-3ff8-4095-8267-f3d059d8074c", {"m1": 3, "m2": 2}),
        ("d43fdeeb-d750-4e2b-bee3-64eb94534f4c", {"m1": 2, "m2": 3}),
    ],
    ids=["empty", "even", "odd"],
)
def test_uid_parity_breaks_ties(uid: str, expected: dict[str, int]) -> None:
    placement = {"replicaScheduling": {"replicaDivisionPreference": "Weighted"}}
    assert run(fleet("m1", "m2"), placement, 5, uid=uid) == expected


# --- spread constraints ---------------------------------------------------------------


def test_spread_by_cluster_swaps_for_capacity() -> None:
    placement = {
        **AGGREGATED,
        "spreadConstraints": [
            {"spreadByField": "cluster", "minGroups": 1, "maxGroups": 2}
        ],
    }
    got = run(
        fleet("m1", "m2", "m3"), placement, 80, available={"m1": 40, "m2": 30, "m3": 60}
    )
    assert got == {"m3": 48, "m1": 32}


def test_spread_by_region_prefers_fewer_regions() -> None:
    clusters = [
        Cluster("m1", region="A"),
        Cluster("m2", region="A"),
        Cluster("m3", region="B"),
        Cluster("m4", region="C"),
    ]
    available = {"m1": 10, "m2": 10, "m3": 30, "m4": 5}
    spread = [
        {"spreadByField": "region", "minGroups": 1, "maxGroups": 2},
        {"spreadByField": "cluster", "minGroups": 2, "maxGroups": 3},
    ]
    placement = {**DYNAMIC, "spreadConstraints": spread}
    assert run(clusters, placement, 20, available=available) == {"m1": 10, "m2": 10}
    spread[0] = {"spreadByField": "region", "minGroups": 2, "maxGroups": 2}
    assert run(clusters, placement, 20, available=available) == {
        "m1": 4,
        "m2": 4,
        "m3": 12,
    }


def test_region_min_groups_beats_cluster_max_groups() -> None:
    clusters = [Cluster("m1", region="1"), Cluster("m2", region="2"), Cluster("m3")]
    placement = {
        "replicaScheduling": {"replicaSchedulingType": "Duplicated"},
        "spreadConstraints": [
            {"spreadByField": "cluster", "maxGroups": 1},
            {"spreadByField": "region", "minGroups": 2, "maxGroups": 2},
        ],
    }
    result = schedule(clusters, placement, 3)
    assert dict(result.clusters) == {"m1": 3, "m2": 3}
    assert [v.reason for v in result.verdicts if not v.feasible] == [
        "no region for spreadByField: region"
    ]


def test_max_groups_is_not_defaulted() -> None:
    placement = {**DYNAMIC, "spreadConstraints": [{"spreadByField": "cluster"}]}
    with pytest.raises(RenderError) as caught:
        run(fleet("m1", "m2"), placement, 2)
    finding = caught.value.findings[0]
    assert (
        finding.message
        == "failed to select clusters: no enough resource when selecting 0 clusters"
    )
    assert finding.hint


def test_max_groups_zero_under_duplicated_selects_nothing() -> None:
    placement = {"spreadConstraints": [{"spreadByField": "cluster"}]}
    with pytest.raises(RenderError, match="no clusters available to schedule"):
        run(fleet("m1"), placement, 2)


def test_empty_weight_preference_still_spreads() -> None:
    spread = [{"spreadByField": "cluster", "minGroups": 1, "maxGroups": 1}]
    static = {
        "replicaScheduling": {"replicaDivisionPreference": "Weighted"},
        "spreadConstraints": spread,
    }
    assert run(fleet("m1", "m2"), static, 4) == {
        "m1": 2,
        "m2": 2,
    }  # nil preference: ignored
    empty = {
        "replicaScheduling": {
            "replicaDivisionPreference": "Weighted",
            "weightPreference": {},
        },
        "spreadConstraints": spread,
    }
    assert run(fleet("m1", "m2"), empty, 4) == {"m1": 4}


def test_label_only_spread_is_unsupported() -> None:
    placement = {
        **DYNAMIC,
        "spreadConstraints": [{"spreadByLabel": "team", "maxGroups": 1}],
    }
    with pytest.raises(
        RenderError, match="just support cluster and region spread constraint"
    ):
        run(fleet("m1"), placement, 1)


# --- filters, affinities, non-workloads -----------------------------------------------


def test_taint_filter_spares_previous_clusters_and_explains() -> None:
    clusters = fleet("m1", "m2", taints=(Taint("dedicated", "NoSchedule", "gpu"),))
    result = schedule(clusters, {}, 2, previous=[("m2", 2)])
    assert dict(result.clusters) == {"m2": 2}
    assert result.verdicts[0].reason == "taint dedicated=gpu:NoSchedule not tolerated"
    assert result.verdicts[1].score == 100


def test_fit_error_counts_reasons() -> None:
    clusters = [
        Cluster("m1", taints=(Taint("x", "NoExecute"),)),
        Cluster("m2"),
        Cluster("m3"),
    ]
    placement = {"clusterAffinity": {"clusterNames": ["m1"]}}
    with pytest.raises(RenderError) as caught:
        run(clusters, placement, 1)
    assert caught.value.findings[0].message == (
        "0/3 clusters are available: 1 cluster(s) had untolerated taint {x:NoExecute}, "
        "2 cluster(s) did not match the placement cluster affinity constraint."
    )


def test_empty_fleet_is_a_fit_error() -> None:
    with pytest.raises(RenderError) as caught:
        run([], {}, 1)
    assert (
        caught.value.findings[0].message
        == "0/0 clusters are available: no cluster exists."
    )


def test_affinities_fall_back_and_report_the_first_error() -> None:
    placement = {
        "clusterAffinities": [
            {"affinityName": "a", "clusterNames": ["gone"]},
            {"affinityName": "b", "clusterNames": ["m2"]},
        ]
    }
    result = schedule(fleet("m1", "m2"), placement, 2)
    assert (dict(result.clusters), result.observed_affinity_name) == ({"m2": 2}, "b")
    placement["clusterAffinities"][1]["clusterNames"] = ["gone"]
    with pytest.raises(RenderError) as caught:
        schedule(fleet("m1", "m2"), placement, 2)
    assert caught.value.findings[0].message.startswith("0/2 clusters are available")
    assert "every clusterAffinities term failed" in (
        caught.value.findings[0].hint or ""
    )


def test_affinities_sticky_until_fresh() -> None:
    placement = {
        "clusterAffinities": [
            {"affinityName": "a", "clusterNames": ["m1"]},
            {"affinityName": "b", "clusterNames": ["m2"]},
        ]
    }
    sticky = schedule(fleet("m1", "m2"), placement, 1, observed_affinity_name="b")
    assert sticky.observed_affinity_name == "b"
    fresh = schedule(
        fleet("m1", "m2"), placement, 1, observed_affinity_name="b", fresh=True
    )
    assert (dict(fresh.clusters), fresh.observed_affinity_name) == ({"m1": 1}, "a")


def test_overflow_tiers_fill_in_order() -> None:
    placement = {
        **DYNAMIC,
        "clusterAffinities": [
            {
                "affinityName": "primary",
                "clusterNames": ["m1"],
                "overflowAffinities": [
                    {"affinityName": "burst", "clusterNames": ["m2"]}
                ],
            }
        ],
    }
    result = schedule(
        fleet("m1", "m2", "m3"), placement, 5, available={"m1": 2, "m2": 10}
    )
    assert dict(result.clusters) == {"m1": 2, "m2": 3}
    assert {v.name: v.tier for v in result.verdicts if v.feasible} == {"m1": 0, "m2": 1}
    with pytest.raises(RenderError, match="Clusters available replicas are not enough"):
        schedule(fleet("m1", "m2"), placement, 13, available={"m1": 2, "m2": 10})


def test_overflow_does_not_apply_to_non_workloads() -> None:
    placement = {
        "clusterAffinities": [
            {
                "affinityName": "primary",
                "clusterNames": ["m1"],
                "overflowAffinities": [
                    {"affinityName": "burst", "clusterNames": ["m2"]}
                ],
            }
        ]
    }
    result = schedule(fleet("m1", "m2"), placement, 0)
    assert (result.clusters, result.strategy) == ((("m1", 0),), "NonWorkload")


def test_zero_replicas_with_requests_is_a_workload() -> None:
    result = schedule(fleet("m1"), {}, 0, requests={"cpu": "100m"})
    assert (result.clusters, result.strategy) == ((), "Duplicated")


def test_capacity_from_resource_summary() -> None:
    resources = {
        "allocatable": {"cpu": "4", "memory": "8Gi", "pods": "100"},
        "allocated": {"cpu": "1", "memory": "2Gi", "pods": "20"},
    }
    clusters = [Cluster("small", resources=resources), Cluster("unknown")]
    result = schedule(
        clusters, AGGREGATED, 10, requests={"cpu": "500m", "memory": "1Gi"}
    )
    assert {v.name: v.available for v in result.verdicts} == {"small": 6, "unknown": 10}
    assert dict(result.clusters) == {"unknown": 10}
    assert result.weights == (("unknown", 10),)


def test_unsupported_strategy() -> None:
    placement = {"replicaScheduling": {"replicaSchedulingType": "Sharded"}}
    with pytest.raises(RenderError, match="unsupported replica scheduling strategy"):
        run(fleet("m1"), placement, 1)


def test_input_is_not_mutated() -> None:
    placement = {"replicaScheduling": {}, "spreadConstraints": [{"maxGroups": 2}]}
    snapshot = yaml.safe_dump(placement)
    schedule(fleet("m1", "m2"), placement, 3)
    assert yaml.safe_dump(placement) == snapshot


def test_evicted_by_no_execute() -> None:
    clusters = [
        Cluster("a", taints=(Taint("k", "NoExecute", "v"),)),
        Cluster("b", taints=(Taint("k", "NoSchedule", "v"),)),
        Cluster("c", taints=(Taint("other", "NoExecute"),)),
    ]
    placement = {"clusterTolerations": [{"key": "other", "operator": "Exists"}]}
    assert evicted_by_no_execute(clusters, placement) == {"a"}


NOT_READY = Taint("cluster.karmada.io/not-ready", "NoExecute")
# (id, clusterTolerations, evicted): each NoExecute taint is answered by the first toleration
# that tolerates it (Karmada's GetMatchingTolerations); 0 seconds or less evicts at once, more
# counts as tolerating (no clock)
EVICTIONS = [
    ("untolerated", [], True),
    ("tolerated forever", [{"key": NOT_READY.key, "operator": "Exists"}], False),
    ("tolerated for a while", [{"key": NOT_READY.key, "operator": "Exists", "tolerationSeconds": 300}], False),
    ("tolerated for 0 seconds", [{"key": NOT_READY.key, "operator": "Exists", "tolerationSeconds": 0}], True),
    ("tolerated for negative seconds", [{"operator": "Exists", "tolerationSeconds": -1}], True),
    ("the first matching toleration answers", [{"operator": "Exists", "tolerationSeconds": 0},
                                               {"key": NOT_READY.key, "operator": "Exists"}], True),
    ("a later one only if the first does not match", [{"key": "other", "operator": "Exists", "tolerationSeconds": 0},
                                                      {"key": NOT_READY.key, "operator": "Exists"}], False),
]


@pytest.mark.parametrize(("tolerations", "evicted"), [c[1:] for c in EVICTIONS], ids=[c[0] for c in EVICTIONS])
def test_no_execute_eviction(tolerations: list[dict[str, Any]], evicted: bool) -> None:
    clusters = [Cluster("a", taints=(NOT_READY,)), Cluster("b")]
    placement = {"clusterTolerations": tolerations}
    assert evicted_by_no_execute(clusters, placement) == ({"a"} if evicted else set())


def test_zero_requests_do_not_make_a_workload() -> None:
    result = schedule(fleet("m1"), {}, 0, requests={"cpu": "0"})
    assert (result.clusters, result.strategy) == ((("m1", 0),), "NonWorkload")
