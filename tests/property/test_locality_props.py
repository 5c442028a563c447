"""Locality weights: integers that always sum to 100 and stay proportional to replicas."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from render.locality import distribute_weights, localities, target_votes
from render.model import Cluster

LOCALITIES = [f"r{r}/z{z}/*" for r in range(3) for z in range(4)]
votes_maps = st.dictionaries(
    st.sampled_from(LOCALITIES), st.integers(0, 10_000), min_size=1, max_size=12
).filter(lambda v: sum(v.values()) > 0)


@given(votes_maps)
def test_weights_sum_to_100_and_are_positive(votes: dict[str, int]) -> None:
    weights = distribute_weights(votes)
    assert sum(weights.values()) == 100
    assert all(w > 0 for w in weights.values())
    assert set(weights) <= {name for name, v in votes.items() if v > 0}


@given(
    st.dictionaries(
        st.sampled_from(LOCALITIES), st.integers(1, 10_000), min_size=1, max_size=3
    )
)
def test_weights_within_one_of_the_exact_share_up_to_three_localities(
    votes: dict[str, int],
) -> None:
    # Webster can break quota with many parties (as for replicas), never with three or fewer.
    total = sum(votes.values())
    weights = distribute_weights(votes)
    for name, v in votes.items():
        assert abs(weights.get(name, 0) - Fraction(100 * v, total)) < 1


@given(votes_maps)
def test_more_replicas_never_means_less_traffic(votes: dict[str, int]) -> None:
    weights = distribute_weights(votes)
    ranked = sorted(votes, key=lambda n: votes[n])
    for lower, higher in itertools.pairwise(ranked):
        if votes[lower] < votes[higher]:
            assert weights.get(lower, 0) <= weights.get(higher, 0)


@given(votes_maps, st.integers(1, 50))
def test_weights_do_not_change_with_a_common_factor_or_order(
    votes: dict[str, int], factor: int
) -> None:
    scaled = {n: v * factor for n, v in reversed(list(votes.items()))}
    assert distribute_weights(scaled) == distribute_weights(votes)


clusters = st.lists(
    st.tuples(
        st.sampled_from(["r1", "r2", "r3"]),
        st.lists(st.sampled_from(["a", "b", "c"]), max_size=3, unique=True),
        st.integers(0, 500),
    ),
    min_size=1,
    max_size=6,
)


@given(clusters)
def test_a_cluster_replicas_are_shared_evenly_by_its_zones(
    spec: list[tuple[str, list[str], int]],
) -> None:
    fleet = {
        f"c{i}": Cluster(name=f"c{i}", region=r, zones=tuple(f"{r}{z}" for z in zones))
        for i, (r, zones, _) in enumerate(spec)
    }
    running = {f"c{i}": n for i, (_, _, n) in enumerate(spec) if n > 0}
    votes = target_votes(running, fleet)
    expected: dict[str, Fraction] = {}
    for name, replicas in running.items():
        zones = localities(fleet[name])
        for zone in zones:
            expected[zone] = expected.get(zone, Fraction(0)) + Fraction(
                replicas, len(zones)
            )
    assert set(votes) == set(expected)
    if votes:
        # integer votes, exactly proportional to the even split
        assert all(
            Fraction(votes[z], sum(votes.values()))
            == expected[z] / sum(expected.values())
            for z in votes
        )
        assert sum(distribute_weights(votes).values()) == 100
