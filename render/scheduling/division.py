"""Replica division arithmetic: Webster seats, the UID tie-breaker, and merging results.

Ports of Karmada's ``helper.AllocateWebsterSeats``, ``helper.Dispenser`` and
``util.MergeTargetClusters`` (v1.16+; spec §10.4 and §10.6).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple


class Party(NamedTuple):
    """One party of a Webster apportionment: a cluster, its votes (weight) and seats."""

    name: str
    votes: int
    seats: int


TieBreaker = Callable[[Party, Party], bool]
"""``tie_breaker(a, b)`` is True when ``a`` wins a tie in Webster priority."""

Placement = tuple[tuple[str, int], ...]


def fnv1a_32(data: bytes) -> int:
    """The 32-bit FNV-1a hash (Go's ``hash/fnv.New32a``)."""
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _fewer_seats_then_name_ascending(a: Party, b: Party) -> bool:
    return a.seats < b.seats if a.seats != b.seats else a.name < b.name


def _fewer_seats_then_name_descending(a: Party, b: Party) -> bool:
    return a.seats < b.seats if a.seats != b.seats else a.name > b.name


def tie_breaker_by_uid(uid: str) -> TieBreaker:
    """Karmada's ``tieBreakerByUID``: fewer seats first, then names by the UID's parity.

    Args:
        uid: the resource UID; empty or an even FNV-1a hash sorts names
            ascending, an odd hash descending.

    Returns:
        The tie-breaker predicate.
    """
    if uid and fnv1a_32(uid.encode()) & 1:
        return _fewer_seats_then_name_descending
    return _fewer_seats_then_name_ascending


def _priority(party: Party) -> float:
    # Same float64 expression as Go, so exact ties stay exact ties.
    return float(party.votes) / float(2 * party.seats + 1)


class _Ranked:
    """Heap entry ordering parties as Go's ``WebsterPriorityQueue.Less`` does."""

    __slots__ = ("party", "tie_breaker")

    def __init__(self, party: Party, tie_breaker: TieBreaker | None) -> None:
        self.party = party
        self.tie_breaker = tie_breaker

    def __lt__(self, other: _Ranked) -> bool:
        mine, theirs = _priority(self.party), _priority(other.party)
        if mine != theirs:
            return mine > theirs
        if self.tie_breaker is not None:
            return self.tie_breaker(self.party, other.party)
        return _fewer_seats_then_name_ascending(self.party, other.party)


def _seats_above(party: Party, threshold: float) -> int:
    # The smallest seat count whose priority is no longer above the threshold.
    if party.votes <= 0:
        return party.seats
    seats = max(party.seats, int((party.votes / threshold - 1) // 2))
    while seats > party.seats and _priority(party._replace(seats=seats - 1)) <= threshold:
        seats -= 1
    while _priority(party._replace(seats=seats)) > threshold:
        seats += 1
    return seats


def _bulk_seats(parties: dict[str, Party], new_seats: int) -> int:
    """Hand out at once every seat whose priority is above a threshold; return the rest.

    Every round gives the seat of highest priority, and priorities of one party
    only fall, so all seats priced above a threshold ``t`` are handed out before
    any priced at or below it, whatever the tie-breaker: giving them at once is
    exact. Without this, 2^31 replicas would take 2^31 rounds.
    """
    total = sum(p.votes for p in parties.values() if p.votes > 0)
    rounds = new_seats - 2 * len(parties)
    if total <= 0 or rounds <= 64:
        return new_seats
    threshold = total / (2 * rounds)
    while True:
        seats = {n: _seats_above(p, threshold) for n, p in parties.items()}
        given = sum(seats[n] - p.seats for n, p in parties.items())
        if given <= new_seats:
            break
        threshold *= 2
    for name, party in parties.items():
        parties[name] = party._replace(seats=seats[name])
    return new_seats - given


def allocate_webster_seats(
    new_seats: int,
    party_votes: Mapping[str, int],
    initial: Mapping[str, int] | None = None,
    tie_breaker: TieBreaker | None = None,
) -> list[Party] | None:
    """Hand out ``new_seats`` one by one to the highest ``votes/(2*seats+1)``.

    Args:
        new_seats: seats to add on top of ``initial``.
        party_votes: party name to votes.
        initial: party name to seats already held (parties absent from
            ``party_votes`` take part with 0 votes).
        tie_breaker: decides exact priority ties; None means fewer seats,
            then the smaller name.

    Returns:
        Every party sorted by name, or None when there are no parties at all.
    """
    parties = {name: Party(name, 0, seats) for name, seats in (initial or {}).items()}
    for name, votes in party_votes.items():
        seats = parties[name].seats if name in parties else 0
        parties[name] = Party(name, votes, seats)
    if not parties:
        return None
    new_seats = _bulk_seats(parties, new_seats)
    # The comparison is a strict total order (the tie-breakers end on the name),
    # so the winner of each round does not depend on heap layout.
    heap = [_Ranked(p, tie_breaker) for p in sorted(parties.values())]
    heapq.heapify(heap)
    for _ in range(new_seats):
        top = heapq.heappop(heap).party
        heapq.heappush(heap, _Ranked(top._replace(seats=top.seats + 1), tie_breaker))
    return sorted((entry.party for entry in heap), key=lambda p: p.name)


def dispense_by_weight(
    replicas: int,
    weights: Sequence[tuple[str, int]],
    initial: Sequence[tuple[str, int]] = (),
    uid: str = "",
) -> Placement:
    """Karmada's ``NewDispenser(replicas, initial, uid).AllocateByWeight(weights)``.

    Args:
        replicas: replicas to hand out.
        weights: ``(cluster, weight)`` pairs; a zero weight sum leaves
            ``initial`` unchanged.
        initial: ``(cluster, replicas)`` seats already held.
        uid: resource UID for :func:`tie_breaker_by_uid`.

    Returns:
        ``(cluster, replicas)`` for every party, by name; zeros are kept.
    """
    # Dispenser.Done(): nothing left to hand out and a result already exists.
    if (replicas == 0 and initial) or sum(w for _, w in weights) == 0:
        return tuple(initial)
    parties = allocate_webster_seats(
        replicas, dict(weights), dict(initial), tie_breaker_by_uid(uid)
    )
    return tuple((p.name, p.seats) for p in parties or ())


def spread_replicas_by_target_clusters(
    replicas: int,
    target_clusters: Sequence[tuple[str, int]],
    initial: Sequence[tuple[str, int]] = (),
    uid: str = "",
) -> Placement:
    """Karmada's ``SpreadReplicasByTargetClusters``: target replicas are the weights."""
    return dispense_by_weight(replicas, target_clusters, initial, uid)


def merge_target_clusters(
    old: Sequence[tuple[str, int]], new: Sequence[tuple[str, int]]
) -> Placement:
    """Karmada's ``MergeTargetClusters``: add ``old`` replicas onto ``new``.

    Args:
        old: the previous result (only clusters still scheduled).
        new: the freshly divided replicas.

    Returns:
        ``new`` in its order with old replicas added, then the clusters only in
        ``old``. Go appends those in random map order; we use name order so the
        same input always renders the same output.
    """
    if not old:
        return tuple(new)
    if not new:
        return tuple(old)
    remaining = dict(old)
    merged = []
    for name, replicas in new:
        merged.append((name, replicas + remaining.pop(name, 0)))
    merged.extend(sorted(remaining.items()))
    return tuple(merged)
