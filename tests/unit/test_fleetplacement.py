from __future__ import annotations

from typing import Any

import pytest

from render.fleetplacement import (
    FleetPlacement,
    PlacementDefaults,
    candidate_fleets,
    merge_placement,
)
from render.model import Cluster, Policy
from render.scheduling import schedule
from render.scheduling.preference import preference_score
from render.selection import preference_matches

PREFER_R3 = {
    "weight": 60,
    "preference": {
        "matchExpressions": [{"key": "region", "operator": "In", "values": ["r3"]}]
    },
}
SPREAD_2 = [{"maxGroups": 2, "minGroups": 1}]
FLEET = {
    "spreadConstraints": SPREAD_2,
    "clusterTolerations": [{"key": "dedicated", "operator": "Exists"}],
    "clusterAffinity": {
        "labelSelector": {"matchLabels": {"env": "prod"}},
        "preferredDuringSchedulingIgnoredDuringExecution": [PREFER_R3],
    },
}
NAMES = {"clusterNames": ["member1"]}

# (id, policy placement, fleet placement, expected merged placement, preferences)
MERGE_CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], list]] = [
    (
        "absent-keys-take-the-fleets",
        {"clusterAffinity": NAMES},
        FLEET,
        {
            "clusterAffinity": NAMES,
            "spreadConstraints": SPREAD_2,
            "clusterTolerations": [{"key": "dedicated", "operator": "Exists"}],
        },
        [PREFER_R3],
    ),
    (
        "a-set-key-wins-even-empty",
        {"clusterAffinity": NAMES, "spreadConstraints": [], "clusterTolerations": []},
        FLEET,
        {"clusterAffinity": NAMES, "spreadConstraints": [], "clusterTolerations": []},
        [PREFER_R3],
    ),
    (
        "fleet-affinity-filter-only-without-the-policys",
        {},
        FLEET,
        {
            "clusterAffinity": {"labelSelector": {"matchLabels": {"env": "prod"}}},
            "spreadConstraints": SPREAD_2,
            "clusterTolerations": [{"key": "dedicated", "operator": "Exists"}],
        },
        [PREFER_R3],
    ),
    (
        "policy-clusterAffinities-keep-the-fleet-filter-out",
        {"clusterAffinities": [{"affinityName": "a", **NAMES}]},
        {"clusterAffinity": FLEET["clusterAffinity"]},
        {"clusterAffinities": [{"affinityName": "a", **NAMES}]},
        [PREFER_R3],
    ),
    (
        "fleet-clusterAffinities",
        {"replicaScheduling": {"replicaSchedulingType": "Duplicated"}},
        {"clusterAffinities": [{"affinityName": "a", **NAMES}]},
        {
            "replicaScheduling": {"replicaSchedulingType": "Duplicated"},
            "clusterAffinities": [{"affinityName": "a", **NAMES}],
        },
        [],
    ),
    (
        "preferences-only",
        {"clusterAffinity": NAMES},
        {
            "clusterAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": [PREFER_R3]
            }
        },
        {"clusterAffinity": NAMES},
        [PREFER_R3],
    ),
]


@pytest.mark.parametrize(
    ("own", "fleet", "merged", "preferences"),
    [case[1:] for case in MERGE_CASES],
    ids=[case[0] for case in MERGE_CASES],
)
def test_merge_placement(
    own: dict[str, Any],
    fleet: dict[str, Any],
    merged: dict[str, Any],
    preferences: list,
) -> None:
    before = repr(own), repr(fleet)
    result = merge_placement(own, fleet)
    assert result.placement == merged
    assert list(result.preferences) == preferences
    assert (repr(own), repr(fleet)) == before  # inputs untouched


CLUSTERS = [
    Cluster("a1", fleet="alpha", labels={"region": "r1"}),
    Cluster("a2", fleet="alpha", labels={"region": "r2"}),
    Cluster("b1", fleet="beta", labels={"region": "r1"}),
]


@pytest.mark.parametrize(
    ("placement", "fleets"),
    [
        ({}, ["alpha", "beta"]),
        ({"clusterAffinity": {"clusterNames": ["a1", "a2"]}}, ["alpha"]),
        (
            {"clusterAffinity": {"labelSelector": {"matchLabels": {"region": "r1"}}}},
            ["alpha", "beta"],
        ),
        (
            {
                "clusterAffinities": [
                    {"affinityName": "x", "clusterNames": ["a1"]},
                    {
                        "affinityName": "y",
                        "clusterNames": ["nope"],
                        "overflowAffinities": [{"clusterNames": ["b1"]}],
                    },
                ]
            },
            ["alpha", "beta"],
        ),
        ({"clusterAffinity": {"clusterNames": ["nope"]}}, []),
    ],
    ids=["no-affinity-all", "names", "labels-span", "terms-and-overflow", "none"],
)
def test_candidate_fleets(placement: dict[str, Any], fleets: list[str]) -> None:
    assert candidate_fleets(placement, CLUSTERS) == fleets


def _policy(placement: dict[str, Any]) -> Policy:
    return Policy(
        "PropagationPolicy",
        "web",
        "default",
        {"placement": placement},
        file="policies/web.yaml",
        index=1,
    )


def test_policy_spanning_fleets_with_different_placements_gets_none_and_a_warning() -> (
    None
):
    defaults = PlacementDefaults(
        CLUSTERS,
        {
            "alpha": FleetPlacement("alpha", {"spreadConstraints": SPREAD_2}),
            "beta": FleetPlacement("beta", {}),
        },
    )
    policy = _policy({})
    first, again = defaults.of(policy), defaults.of(policy)
    assert first is again
    assert first.placement == {} and first.preferences == () and first.fleet == ""
    assert [str(w) for w in defaults.warnings] == [
        (
            "policies/web.yaml: warning: $.spec.placement: PropagationPolicy/default/web can place on "
            "clusters of fleets 'alpha', 'beta', whose default placements differ; no fleet default "
            "applies to it (narrow the policy's clusterAffinity to one fleet, or give the fleets the "
            "same placement)"
        )
    ]
    assert defaults.warnings[0].document == 1


@pytest.mark.parametrize(
    ("beta", "expected"),
    [({"spreadConstraints": SPREAD_2}, SPREAD_2), ({}, None)],
    ids=["same-placement-applies", "other-fleet-has-none"],
)
def test_policy_in_fleets_with_the_same_placement(
    beta: dict[str, Any], expected: Any
) -> None:
    defaults = PlacementDefaults(
        CLUSTERS,
        {
            "alpha": FleetPlacement("alpha", {"spreadConstraints": SPREAD_2}),
            "beta": FleetPlacement("beta", beta),
        },
    )
    result = defaults.of(
        _policy(
            {"clusterAffinity": {"labelSelector": {"matchLabels": {"region": "r1"}}}}
        )
    )
    assert result.placement.get("spreadConstraints") == expected
    assert bool(defaults.warnings) == (expected is None)


def test_policy_in_one_fleet_takes_its_defaults_quietly() -> None:
    defaults = PlacementDefaults(
        CLUSTERS,
        {"alpha": FleetPlacement("alpha", FLEET), "beta": FleetPlacement("beta", {})},
    )
    result = defaults.of(_policy({"clusterAffinity": {"clusterNames": ["a1", "a2"]}}))
    assert result.fleet == "alpha"
    assert result.placement["spreadConstraints"] == SPREAD_2
    assert defaults.warnings == []


LABELLED = Cluster(
    "c",
    labels={"region": "r3", "tier": "7"},
    provider="aws",
    region="r3",
    zones=("z1",),
)


@pytest.mark.parametrize(
    ("term", "matches"),
    [
        (
            {
                "matchExpressions": [
                    {"key": "region", "operator": "In", "values": ["r3"]}
                ]
            },
            True,
        ),
        (
            {
                "matchExpressions": [
                    {"key": "region", "operator": "NotIn", "values": ["r3"]}
                ]
            },
            False,
        ),
        (
            {"matchExpressions": [{"key": "tier", "operator": "Gt", "values": ["5"]}]},
            True,
        ),
        (
            {"matchExpressions": [{"key": "tier", "operator": "Lt", "values": ["5"]}]},
            False,
        ),
        ({"matchExpressions": [{"key": "gpu", "operator": "DoesNotExist"}]}, True),
        (
            {"matchFields": [{"key": "provider", "operator": "In", "values": ["aws"]}]},
            True,
        ),
        ({"matchFields": [{"key": "zone", "operator": "In", "values": ["z2"]}]}, False),
        (
            {
                "matchExpressions": [
                    {"key": "region", "operator": "In", "values": ["r3"]}
                ],
                "matchFields": [
                    {"key": "provider", "operator": "NotIn", "values": ["aws"]}
                ],
            },
            False,
        ),
        ({}, False),
        (
            {"matchExpressions": [{"key": "tier", "operator": "Gt", "values": ["x"]}]},
            False,
        ),
    ],
    ids=[
        "in",
        "not-in",
        "gt",
        "lt",
        "does-not-exist",
        "field",
        "field-miss",
        "labels-and-fields",
        "empty-matches-nothing",
        "invalid-gt",
    ],
)
def test_preference_matches(term: dict[str, Any], matches: bool) -> None:
    assert preference_matches(LABELLED, term) is matches


def _prefer(weight: int, region: str) -> dict[str, Any]:
    return {
        "weight": weight,
        "preference": {
            "matchExpressions": [
                {"key": "region", "operator": "In", "values": [region]}
            ]
        },
    }


@pytest.mark.parametrize(
    ("preferences", "score"),
    [
        ([], 0),
        ([_prefer(60, "r3")], 60),
        ([_prefer(60, "r1")], 0),
        ([_prefer(60, "r3"), _prefer(30, "r3")], 90),
        ([_prefer(80, "r3"), _prefer(70, "r3")], 100),
    ],
    ids=["none", "one", "no-match", "summed", "capped-at-100"],
)
def test_preference_score(preferences: list[dict[str, Any]], score: int) -> None:
    assert preference_score(LABELLED, preferences) == score


FLEET3 = [
    Cluster(f"member{i}", labels={"region": f"r{i}"}, region=f"r{i}") for i in (1, 2, 3)
]
AGGREGATED = {
    "replicaScheduling": {
        "replicaSchedulingType": "Divided",
        "replicaDivisionPreference": "Aggregated",
    }
}
ONE_CLUSTER = {
    "spreadConstraints": [{"spreadByField": "cluster", "minGroups": 1, "maxGroups": 1}]
}

# (id, placement, preferences, previous, expected clusters)
ORDER_CASES = [
    ("aggregated-karmada-picks-by-name", AGGREGATED, [], (), (("member1", 6),)),
    (
        "aggregated-preferred-first",
        AGGREGATED,
        [_prefer(60, "r3")],
        (),
        (("member3", 6),),
    ),
    (
        "spread-one-cluster-preferred",
        ONE_CLUSTER,
        [_prefer(10, "r2")],
        (),
        (("member2", 6),),
    ),
    (
        "spread-heavier-preference-wins",
        ONE_CLUSTER,
        [_prefer(10, "r2"), _prefer(40, "r3")],
        (),
        (("member3", 6),),
    ),
    # ClusterLocality's 100 outweighs a preference below 100: no churn.
    (
        "locality-beats-a-preference",
        ONE_CLUSTER,
        [_prefer(60, "r3")],
        (("member1", 6),),
        (("member1", 6),),
    ),
    (
        "dynamic-weight-only-breaks-ties",
        {
            "replicaScheduling": {
                "replicaSchedulingType": "Divided",
                "weightPreference": {"dynamicWeight": "AvailableReplicas"},
            }
        },
        [_prefer(60, "r3")],
        (),
        (("member1", 2), ("member2", 2), ("member3", 2)),
    ),
]


@pytest.mark.parametrize(
    ("placement", "preferences", "previous", "expected"),
    [c[1:] for c in ORDER_CASES],
    ids=[c[0] for c in ORDER_CASES],
)
def test_preferred_affinity_orders_clusters(
    placement: dict[str, Any], preferences: list, previous: tuple, expected: tuple
) -> None:
    result = schedule(
        FLEET3,
        placement,
        6,
        previous=previous,
        preferences=preferences,
        available={c.name: 100 for c in FLEET3},
    )
    assert result.clusters == expected


def test_preferences_move_region_group_scores() -> None:
    clusters = [
        Cluster("a", region="east", labels={"region": "east"}),
        Cluster("b", region="west", labels={"region": "west"}),
    ]
    placement = {
        "replicaScheduling": {"replicaSchedulingType": "Duplicated"},
        "spreadConstraints": [
            {"spreadByField": "region", "minGroups": 1, "maxGroups": 1},
            {"spreadByField": "cluster", "minGroups": 1, "maxGroups": 1},
        ],
    }
    plain = schedule(clusters, placement, 2, available={"a": 5, "b": 5})
    preferred = schedule(
        clusters,
        placement,
        2,
        available={"a": 5, "b": 5},
        preferences=[_prefer(50, "west")],
    )
    assert plain.clusters == (("a", 2),)
    assert preferred.clusters == (("b", 2),)
