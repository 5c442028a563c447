"""Invariants of fleet defaults, preference scores and replica moves."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from render.fleetplacement import PREFERRED, merge_placement
from render.inputs import PreviousBinding
from render.model import Cluster, Manifest, Policy
from render.moves import replica_moves
from render.pipeline import Binding
from render.scheduling import ScheduleResult
from render.scheduling.preference import preference_score

KEYS = [
    "spreadConstraints",
    "clusterTolerations",
    "replicaScheduling",
    "workloadAffinity",
]
AFFINITY = {"clusterNames": ["a"]}
TERMS = [{"affinityName": "t", "clusterNames": ["b"]}]
PREFERENCE = {
    "weight": 10,
    "preference": {"matchExpressions": [{"key": "x", "operator": "Exists"}]},
}


@st.composite
def placements(draw: Any, fleet: bool) -> dict[str, Any]:
    placement: dict[str, Any] = {
        key: draw(st.sampled_from([[], [{"n": draw(st.integers(0, 3))}]]))
        for key in draw(st.sets(st.sampled_from(KEYS)))
    }
    choice = draw(st.sampled_from(["none", "affinity", "terms"]))
    if choice == "affinity":
        placement["clusterAffinity"] = dict(AFFINITY)
        if fleet and draw(st.booleans()):
            placement["clusterAffinity"][PREFERRED] = [PREFERENCE]
    elif choice == "terms":
        placement["clusterAffinities"] = copy.deepcopy(TERMS)
    return placement


@given(placements(fleet=False), placements(fleet=True))
def test_merge_keeps_the_policy_and_fills_only_gaps(own: dict, fleet: dict) -> None:
    before = copy.deepcopy((own, fleet))
    merged = merge_placement(own, fleet)
    assert (own, fleet) == before
    for key, value in own.items():
        assert merged.placement[key] == value
    for key in KEYS:
        if key not in own and key in fleet:
            assert merged.placement[key] == fleet[key]
        assert (key in merged.placement) == (key in own or key in fleet)
    assert not {"clusterAffinity", "clusterAffinities"} <= merged.placement.keys()
    assert PREFERRED not in merged.placement.get("clusterAffinity", {})
    expected = (fleet.get("clusterAffinity") or {}).get(PREFERRED) or []
    assert list(merged.preferences) == expected


TERM = st.fixed_dictionaries(
    {
        "weight": st.integers(1, 100),
        "preference": st.fixed_dictionaries(
            {
                "matchExpressions": st.lists(
                    st.fixed_dictionaries(
                        {
                            "key": st.sampled_from(["region", "tier"]),
                            "operator": st.sampled_from(["Exists", "DoesNotExist"]),
                        }
                    ),
                    min_size=1,
                    max_size=2,
                )
            }
        ),
    }
)


@given(st.lists(TERM, max_size=4), TERM, st.booleans())
def test_preference_score_is_bounded_and_monotone(
    terms: list, extra: dict, tier: bool
) -> None:
    cluster = Cluster("c", labels={"region": "r1", **({"tier": "1"} if tier else {})})
    score = preference_score(cluster, terms)
    assert 0 <= score <= 100
    assert preference_score(cluster, [*terms, extra]) >= score


CLUSTER_CELLS = st.dictionaries(st.sampled_from(["m1", "m2", "m3"]), st.integers(0, 5))
WORKLOADS = st.dictionaries(st.sampled_from(["a", "b", "c"]), CLUSTER_CELLS, min_size=1)


def _binding(name: str, cells: dict[str, int]) -> Binding:
    manifest = Manifest(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name, "namespace": "ns"},
        },
        "apps/x.yaml",
    )
    policy = Policy("PropagationPolicy", "p", "ns", {})
    clusters = tuple(sorted(cells.items()))
    return Binding(
        manifest, policy, sum(cells.values()), ScheduleResult(clusters), True
    )


@given(WORKLOADS, WORKLOADS)
def test_moves_turn_the_previous_cells_into_the_new(before: dict, after: dict) -> None:
    previous = {
        ("apps/v1", "Deployment", "ns", name): PreviousBinding(
            tuple(sorted(cells.items()))
        )
        for name, cells in before.items()
    }
    moves = {
        m.workload: m.changes
        for m in replica_moves(previous, [_binding(n, c) for n, c in after.items()])
    }
    for name in before.keys() | after.keys():
        old = {c: n for c, n in before.get(name, {}).items() if n}
        new = {c: n for c, n in after.get(name, {}).items() if n}
        for cluster, was, now in moves.get(f"Deployment ns/{name}", ()):
            assert old.get(cluster, 0) == was != now
            old[cluster] = now
        assert {c: n for c, n in old.items() if n} == new
