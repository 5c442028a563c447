from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from render.errors import RenderError
from render.model import Cluster, Taint
from render.scheduling import Feasibility, schedule
from render.scheduling.division import allocate_webster_seats, dispense_by_weight

NAMES = [f"member{i}" for i in range(1, 9)]

PLACEMENTS: dict[str, dict[str, Any]] = {
    "Duplicated": {"replicaScheduling": {"replicaSchedulingType": "Duplicated"}},
    "StaticWeight": {"replicaScheduling": {"replicaDivisionPreference": "Weighted"}},
    "DynamicWeight": {
        "replicaScheduling": {
            "replicaDivisionPreference": "Weighted",
            "weightPreference": {"dynamicWeight": "AvailableReplicas"},
        }
    },
    "Aggregated": {"replicaScheduling": {"replicaDivisionPreference": "Aggregated"}},
}


@st.composite
def bindings(
    draw: st.DrawFn, strategies: tuple[str, ...] = tuple(PLACEMENTS)
) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    available = {n: draw(st.integers(0, 40)) for n in names}
    # Previous results may name clusters that have since left the fleet.
    held = draw(st.lists(st.sampled_from(NAMES), max_size=4, unique=True))
    previous = [(n, draw(st.integers(1, 20))) for n in held]
    return {
        "strategy": draw(st.sampled_from(strategies)),
        "names": names,
        "available": available,
        "previous": previous,
        "replicas": draw(st.integers(1, 80)),
        "uid": draw(
            st.sampled_from(["", "a", "b", "d43fdeeb-d750-4e2b-bee3-64eb94534f4c"])
        ),
    }


def run(
    binding: dict[str, Any], names: list[str] | None = None
) -> dict[str, int] | str:
    clusters = [Cluster(n) for n in names or binding["names"]]
    try:
        result = schedule(
            clusters,
            PLACEMENTS[binding["strategy"]],
            binding["replicas"],
            previous=binding["previous"],
            uid=binding["uid"],
            available=binding["available"],
        )
    except RenderError as error:
        return str(error)
    return dict(result.clusters)


@given(bindings(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_cluster_order(
    binding: dict[str, Any], rnd: Any
) -> None:
    shuffled = list(binding["names"])
    rnd.shuffle(shuffled)
    assert run(binding, shuffled) == run(binding)


@given(bindings(("StaticWeight", "DynamicWeight", "Aggregated")))
def test_divided_totals_equal_replicas_when_capacity_allows(
    binding: dict[str, Any],
) -> None:
    result = run(binding)
    in_fleet = [(n, r) for n, r in binding["previous"] if n in binding["names"]]
    assigned = sum(r for _, r in in_fleet)
    capacity = sum(binding["available"].values())
    fits = (
        binding["strategy"] == "StaticWeight"
        or assigned >= binding["replicas"]
        or (capacity >= binding["replicas"] - assigned)
    )
    assert isinstance(result, dict) == fits
    if isinstance(result, dict):
        assert sum(result.values()) == binding["replicas"]
        assert all(r > 0 for r in result.values())
        assert set(result) <= set(binding["names"])


@given(bindings(("DynamicWeight", "Aggregated")))
def test_dynamic_scaling_moves_no_replica_the_wrong_way(
    binding: dict[str, Any],
) -> None:
    result = run(binding)
    in_fleet = {n: r for n, r in binding["previous"] if n in binding["names"]}
    if not isinstance(result, dict) or not in_fleet:
        return
    if sum(in_fleet.values()) < binding["replicas"]:  # scale up keeps what runs
        assert all(result.get(n, 0) >= r for n, r in in_fleet.items())
    else:  # scale down only removes, and only from scheduled clusters
        assert all(r <= in_fleet.get(n, 0) for n, r in result.items())


@given(bindings(("Duplicated",)))
def test_duplicated_gives_every_cluster_all_replicas(binding: dict[str, Any]) -> None:
    assert run(binding) == dict.fromkeys(binding["names"], binding["replicas"])


@given(bindings(("StaticWeight",)))
def test_static_weights_ignore_history_and_capacity(binding: dict[str, Any]) -> None:
    assert run(binding) == run({**binding, "previous": [], "available": {}})


votes_maps = st.dictionaries(
    st.sampled_from(NAMES), st.integers(0, 1000), min_size=1, max_size=8
)


@given(st.integers(0, 200), votes_maps, st.sampled_from(["", "odd-uid", "x"]))
def test_dispenser_hands_out_exactly_the_replicas(
    replicas: int, votes: dict[str, int], uid: str
) -> None:
    result = dict(dispense_by_weight(replicas, list(votes.items()), (), uid))
    if sum(votes.values()) == 0:
        assert result == {}
        return
    assert sum(result.values()) == replicas
    assert all(seats >= 0 for seats in result.values())
    assert all(result[n] == 0 for n, v in votes.items() if v == 0)
    shuffled = sorted(votes.items(), key=lambda kv: kv[0], reverse=True)
    assert dict(dispense_by_weight(replicas, shuffled, (), uid)) == result


@given(st.integers(0, 200), votes_maps.filter(lambda v: sum(v.values()) > 0))
def test_webster_is_a_divisor_method(seats: int, votes: dict[str, int]) -> None:
    # Sainte-Lague's defining property: the last seat any party won was worth at
    # least the next seat of every party, v_j/(2s_j-1) >= v_i/(2s_i+1).
    parties = allocate_webster_seats(seats, votes) or []
    for won in (p for p in parties if p.seats > 0):
        for other in parties:
            assert Fraction(won.votes, 2 * won.seats - 1) >= Fraction(
                other.votes, 2 * other.seats + 1
            )


@given(
    st.integers(0, 300),
    st.dictionaries(
        st.sampled_from(NAMES), st.integers(1, 1000), min_size=1, max_size=3
    ),
)
def test_webster_parts_within_one_of_quota_up_to_three_parties(
    seats: int, votes: dict[str, int]
) -> None:
    # With more parties Webster can break quota (7 seats for votes
    # 1,1,6,45,45,586 give the big party 7 > 5.997 + 1), so only up to three.
    total = sum(votes.values())
    for party in allocate_webster_seats(seats, votes) or []:
        assert abs(party.seats - Fraction(seats * party.votes, total)) < 1


SPREADS = [
    [{"spreadByField": "cluster", "minGroups": 1, "maxGroups": 2}],
    [
        {"spreadByField": "region", "minGroups": 1, "maxGroups": 2},
        {"spreadByField": "cluster", "minGroups": 2, "maxGroups": 3},
    ],
]


@given(
    bindings(),
    st.sampled_from(SPREADS),
    st.lists(st.sampled_from(["r1", "r2", "r3"]), min_size=8, max_size=8),
    st.randoms(use_true_random=False),
)
def test_spread_selection_does_not_depend_on_cluster_order(
    binding: dict[str, Any], spread: list[dict[str, Any]], regions: list[str], rnd: Any
) -> None:
    placement = {**PLACEMENTS[binding["strategy"]], "spreadConstraints": spread}
    clusters = [
        Cluster(n, region=r) for n, r in zip(binding["names"], regions, strict=False)
    ]

    def outcome(order: list[Cluster]) -> Any:
        try:
            result = schedule(
                order,
                placement,
                binding["replicas"],
                previous=binding["previous"],
                uid=binding["uid"],
                available=binding["available"],
            )
        except RenderError as error:
            return str(error)
        return result.clusters, result.verdicts

    shuffled = list(clusters)
    rnd.shuffle(shuffled)
    assert outcome(shuffled) == outcome(clusters)


FLEET = [
    Cluster(
        f"member{i}",
        labels={"env": "prod" if i % 2 else "dev"},
        provider="aws" if i < 4 else "gcp",
        region=f"r{i % 3}",
        zones=(f"z{i}",) if i != 5 else (),
        taints=(Taint("dedicated", "NoSchedule", "gpu"),) if i % 4 == 0 else (),
    )
    for i in range(1, 9)
]
AFFINITIES = st.one_of(
    st.just({}),
    st.builds(lambda names: {"clusterNames": names}, st.lists(st.sampled_from(NAMES), max_size=4)),
    st.builds(lambda env: {"labelSelector": {"matchLabels": {"env": env}}}, st.sampled_from(["prod", "dev"])),
    st.builds(lambda region, out: {"fieldSelector": {"matchExpressions": [
        {"key": "region", "operator": "In", "values": [region]}]}, "exclude": out},
        st.sampled_from(["r0", "r1", "r2"]), st.lists(st.sampled_from(NAMES), max_size=2)),
)
SCHEDULED_PLACEMENTS = st.builds(
    lambda affinity, terms, tolerate, spread, strategy: {
        **({"clusterAffinities": [{"affinityName": f"t{i}", **a} for i, a in enumerate(terms)]}
           if terms else {"clusterAffinity": affinity}),
        **({"clusterTolerations": [{"key": "dedicated", "operator": "Exists"}]} if tolerate else {}),
        **({"spreadConstraints": [{"spreadByField": "zone", "minGroups": 1, "maxGroups": 3}]} if spread else {}),
        **PLACEMENTS[strategy],
    },
    AFFINITIES,
    st.one_of(st.just([]), st.lists(AFFINITIES, min_size=1, max_size=2)),
    st.booleans(),
    st.booleans(),
    st.sampled_from(sorted(PLACEMENTS)),
)


def _outcome(placement: dict[str, Any], replicas: int, previous: list[tuple[str, int]],
             feasibility: Feasibility | None, verdicts: bool = True) -> Any:
    try:
        return schedule(FLEET, placement, replicas, previous=previous, feasibility=feasibility,
                        verdicts=verdicts)
    except RenderError as error:
        return str(error)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(SCHEDULED_PLACEMENTS, st.integers(0, 9),
                          st.lists(st.tuples(st.sampled_from(NAMES), st.integers(1, 5)), max_size=3)),
                min_size=1, max_size=6))
def test_shared_filter_results_change_no_schedule(runs: list[Any]) -> None:
    """Bindings filtered through one Feasibility schedule as if each were filtered alone."""
    shared = Feasibility(FLEET)
    for placement, replicas, previous in runs + runs:
        alone = _outcome(placement, replicas, previous, None)
        assert _outcome(placement, replicas, previous, shared) == alone
        without = alone if isinstance(alone, str) else replace(alone, verdicts=())
        assert _outcome(placement, replicas, previous, shared, verdicts=False) == without


def test_feasibility_of_another_fleet_is_not_used() -> None:
    other = Feasibility(FLEET[:1])
    placement = PLACEMENTS["Duplicated"]
    assert _outcome(placement, 2, [], other) == _outcome(placement, 2, [], None)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(NAMES + ["gone"]), max_size=5), st.sampled_from(sorted(PLACEMENTS)),
       st.booleans(), st.integers(0, 9))
def test_name_lists_filter_as_the_general_matcher_does(
    listed: list[str], strategy: str, terms: bool, replicas: int
) -> None:
    """Affinities that only list names take a shortcut; an empty labelSelector (which
    matches every cluster) forces the general path, which must agree, verdicts included."""

    def placement(affinity: dict[str, Any]) -> dict[str, Any]:
        where = ({"clusterAffinities": [{"affinityName": "t0", **affinity}]} if terms
                 else {"clusterAffinity": affinity})
        return {**where, **PLACEMENTS[strategy]}

    shortcut = placement({"clusterNames": listed})
    general = placement({"clusterNames": listed, "labelSelector": {}})
    for feasibility in (None, Feasibility(FLEET)):
        assert _outcome(shortcut, replicas, [], feasibility) == _outcome(general, replicas, [], feasibility)
