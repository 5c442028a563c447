"""Handing out Webster seats in bulk is exact, and int32-sized replica counts are instant."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from render.scheduling import division


def _one_by_one(monkeypatch: pytest.MonkeyPatch, *args):
    with monkeypatch.context() as patched:
        patched.setattr(division, "_bulk_seats", lambda parties, seats: seats)
        return division.allocate_webster_seats(*args)


votes = st.dictionaries(st.sampled_from(["m1", "m2", "m3", "m4", "m5"]),
                        st.one_of(st.integers(0, 12), st.integers(0, 10**9)), min_size=1)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2500), votes, st.sampled_from(["", "uid-1", "uid-22"]), st.booleans(), st.data())
def test_bulk_equals_one_seat_at_a_time(new_seats, party_votes, uid, initial_seats, data) -> None:
    initial = ({name: data.draw(st.integers(0, 4)) for name in party_votes} if initial_seats else None)
    breaker = division.tie_breaker_by_uid(uid) if uid else None
    with pytest.MonkeyPatch.context() as monkeypatch:
        slow = _one_by_one(monkeypatch, new_seats, party_votes, initial, breaker)
    assert division.allocate_webster_seats(new_seats, party_votes, initial, breaker) == slow


def test_int32_replicas_are_divided_at_once() -> None:
    parties = division.allocate_webster_seats(2**31 - 1, {"a": 3, "b": 2, "c": 1})
    assert [p.seats for p in parties] == [1073741824, 715827882, 357913941]
