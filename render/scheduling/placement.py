"""Placement defaults (spec §3) and what every scheduling step asks of a placement.

The placement is the raw ``spec.placement`` mapping of the policy; Karmada's CRD
defaults and mutating webhook fill in a few fields before the scheduler sees it,
and :func:`apply_placement_defaults` does the same here.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

DUPLICATED = "Duplicated"
AGGREGATED = "Aggregated"
STATIC_WEIGHT = "StaticWeight"
DYNAMIC_WEIGHT = "DynamicWeight"
NON_WORKLOAD = "NonWorkload"


def apply_placement_defaults(placement: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return a defaulted deep copy of a raw placement, as the API server stores it.

    * ``replicaScheduling`` present without a type: ``Divided`` (CRD default);
    * Divided without ``replicaDivisionPreference``: ``Weighted`` (webhook);
    * a spread constraint with neither ``spreadByField`` nor ``spreadByLabel``:
      ``spreadByField: cluster``; ``minGroups`` 0 or absent: 1 (webhook).
      ``maxGroups`` is deliberately left alone: Karmada never defaults it.
    """
    result: dict[str, Any] = copy.deepcopy(dict(placement or {}))
    constraints = []
    for raw in result.get("spreadConstraints") or ():
        constraint = dict(raw)
        if not constraint.get("spreadByField") and not constraint.get("spreadByLabel"):
            constraint["spreadByField"] = "cluster"
        if not constraint.get("minGroups"):
            constraint["minGroups"] = 1
        constraints.append(constraint)
    if "spreadConstraints" in result:
        result["spreadConstraints"] = constraints
    strategy = result.get("replicaScheduling")
    if strategy is not None:
        strategy = result["replicaScheduling"] = dict(strategy)
        if not strategy.get("replicaSchedulingType"):
            strategy["replicaSchedulingType"] = "Divided"
        if strategy["replicaSchedulingType"] == "Divided" and not strategy.get(
            "replicaDivisionPreference"
        ):
            strategy["replicaDivisionPreference"] = "Weighted"
    return result


def replica_scheduling_type(placement: Mapping[str, Any] | None) -> str:
    """``Placement.ReplicaSchedulingType()``, Duplicated if no ``replicaScheduling``."""
    strategy = (placement or {}).get("replicaScheduling")
    if strategy is None:
        return DUPLICATED
    return str(strategy.get("replicaSchedulingType") or "")


def strategy_of(placement: Mapping[str, Any]) -> str:
    """The strategy of a defaulted placement (``newAssignState``); "" if unsupported."""
    kind = replica_scheduling_type(placement)
    if kind == DUPLICATED:
        return DUPLICATED
    if kind != "Divided":
        return ""
    strategy = placement["replicaScheduling"]
    preference = strategy.get("replicaDivisionPreference")
    if preference == AGGREGATED:
        return AGGREGATED
    if preference == "Weighted":
        weights = strategy.get("weightPreference")
        return (
            DYNAMIC_WEIGHT
            if weights is not None and weights.get("dynamicWeight")
            else STATIC_WEIGHT
        )
    return ""


def is_spread_ignored(placement: Mapping[str, Any]) -> bool:
    """Static weighting ignores spread constraints (``shouldIgnoreSpreadConstraint``).

    Surprise kept from Karmada: ``weightPreference: {}`` is *not* ignored, only
    a nil preference, or a non-empty static list without ``dynamicWeight``.
    """
    strategy = placement.get("replicaScheduling")
    if strategy is None:
        return False
    if strategy.get("replicaSchedulingType") != "Divided":
        return False
    if strategy.get("replicaDivisionPreference") != "Weighted":
        return False
    preference = strategy.get("weightPreference")
    if preference is None:
        return True
    return bool(preference.get("staticWeightList")) and not preference.get(
        "dynamicWeight"
    )


def is_capacity_ignored(placement: Mapping[str, Any]) -> bool:
    """Spread selection ignores capacity without replicaScheduling or if Duplicated."""
    strategy = placement.get("replicaScheduling")
    return strategy is None or strategy.get("replicaSchedulingType") == DUPLICATED


def find_affinity_term(
    placement: Mapping[str, Any], name: str
) -> Mapping[str, Any] | None:
    """The first ``clusterAffinities`` term called ``name``, or None."""
    for term in placement.get("clusterAffinities") or ():
        if term.get("affinityName") == name:
            return term  # type: ignore[no-any-return]
    return None


def is_overflow_enabled(placement: Mapping[str, Any], term_name: str) -> bool:
    """Karmada's ``enableOverflow``: the current term declares ``overflowAffinities``.

    An explicit empty list counts (Go sees a non-nil slice).
    """
    if (
        placement.get("clusterAffinity") is not None
        or placement.get("clusterAffinities") is None
    ):
        return False
    if not term_name:
        return False
    term = find_affinity_term(placement, term_name)
    return term is not None and term.get("overflowAffinities") is not None
