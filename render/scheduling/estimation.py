"""How many more replicas fit in a cluster: Karmada's general estimator, quantities.

Ports ``pkg/estimator/client/general.go`` and ``core/util.go calAvailableReplicas``
(spec §6). ``allocatableModelings`` (resource models) are not supported.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from render.errors import RenderError

if TYPE_CHECKING:
    from render.model import Cluster

MAX_INT32 = 2**31 - 1
UNAUTHENTIC_REPLICAS = -1  # an estimator's answer that the scheduler skips
_MAX_DIGITS = 64
_MAX_EXPONENT = 64

# Go reads a quantity without digits ("Mi", ".", "+") as 0; digits are ASCII only.
_QUANTITY = re.compile(
    r"(?P<sign>[+-]?)(?P<number>[0-9]*\.?[0-9]*)"
    r"(?P<suffix>[KMGTPE]i|[eE][+-]?[0-9]+|[numkMGTPE]?)"
)
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {
    "n": -9,
    "u": -6,
    "m": -3,
    "": 0,
    "k": 3,
    "M": 6,
    "G": 9,
    "T": 12,
    "P": 15,
    "E": 18,
}

ResourceList = Mapping[str, Any]


def parse_quantity(text: Any) -> Fraction:
    """Parse a Kubernetes resource quantity ("500m", "1.5Gi", "2e3", 4) exactly.

    Raises:
        RenderError: the text is not a quantity.
    """
    # The same few strings ("500m", "2Gi") are parsed for every cluster summary and
    # every object; a Fraction is immutable, so one parse per string serves them all.
    if type(text) is str:
        return _parse_text(text)
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str) -> Fraction:
    return _parse(text)  # failures are not cached: each caller gets its own error


def _parse(text: Any) -> Fraction:
    stripped = str(text).strip()
    match = _QUANTITY.fullmatch(stripped) if stripped and not isinstance(text, bool) else None
    suffix = match["suffix"] if match is not None else ""
    exponent = int(suffix[1:]) if suffix not in _BINARY and suffix not in _DECIMAL else None
    # Kubernetes keeps quantities within int64 of nano-units; bounding the digits and
    # the exponent first keeps "1e999999999" from costing minutes of big-number work.
    if match is None or len(match["number"]) > _MAX_DIGITS or (exponent or 0) > _MAX_EXPONENT:
        shown = repr(text) if len(repr(text)) <= 40 else repr(text)[:37] + "..."
        raise RenderError.single(f"invalid resource quantity {shown}", stage="schedule")
    number = match["number"].rstrip(".") or "0"  # "5." is 5, "" and "." are 0
    value = Fraction(number if not number.startswith(".") else "0" + number)
    if suffix in _BINARY:
        value *= _BINARY[suffix]
    elif exponent is not None and exponent < -_MAX_EXPONENT:
        # Go rounds any non-zero amount up to a nano-unit, the least it can hold
        value = Fraction(1, 10**9) if value else value
    else:
        value *= Fraction(10) ** (_DECIMAL[suffix] if exponent is None else exponent)
    return -value if match["sign"] == "-" else value


def _round_away_from_zero(value: Fraction) -> int:
    # resource.Quantity.Value()/MilliValue() round any fraction away from zero.
    return math.ceil(value) if value >= 0 else math.floor(value)


def quantity_value(quantity: Fraction) -> int:
    """``Quantity.Value()``: the integer value, fractions rounded away from zero."""
    return _round_away_from_zero(quantity)


def quantity_milli_value(quantity: Fraction) -> int:
    """``Quantity.MilliValue()``: the value in thousandths, rounded away from zero."""
    return _round_away_from_zero(quantity * 1000)


_Summary = dict[str, dict[str, Fraction]]
_PARTS = ("allocatable", "allocated", "allocating")


def _parse_summary(resources: Mapping[str, ResourceList]) -> _Summary:
    return {
        part: {
            name: parse_quantity(q) for name, q in (resources.get(part) or {}).items()
        }
        for part in _PARTS
    }


def _allowed_pods(summary: _Summary) -> int:
    allocatable, allocated, allocating = (
        quantity_value(summary[part].get("pods", Fraction(0))) for part in _PARTS
    )
    return max(allocatable - allocated - allocating, 0)


def allowed_pod_number(resources: Mapping[str, ResourceList]) -> int:
    """``getAllowedPodNumber``: allocatable - allocated - allocating pods, or 0."""
    return _allowed_pods(_parse_summary(resources))


def _max_by_summary(summary: _Summary, requests: Mapping[str, Fraction]) -> int | None:
    best: int | None = None
    for name, request in sorted(requests.items()):
        if quantity_value(request) <= 0:
            continue
        if name not in summary["allocatable"]:
            return 0
        free = summary["allocatable"][name]
        free -= summary["allocated"].get(name, 0) + summary["allocating"].get(name, 0)
        if quantity_value(free) <= 0:
            return 0
        if name == "cpu":  # CPU is counted in millicores, everything else in units
            count = quantity_milli_value(free) // quantity_milli_value(request)
        else:
            count = quantity_value(free) // quantity_value(request)
        best = count if best is None else min(best, count)
    return best


def max_replicas_by_summary(
    resources: Mapping[str, ResourceList], requests: Mapping[str, Any]
) -> int | None:
    """Karmada's ``getMaximumReplicasBasedOnClusterSummary``.

    Args:
        resources: ``{allocatable, allocated, allocating}`` quantity maps.
        requests: per-replica resource requests.

    Returns:
        The fewest replicas any requested resource allows, 0 when one is missing
        or exhausted, or None when no request is positive (no limit).
    """
    parsed = {name: parse_quantity(q) for name, q in requests.items()}
    return _max_by_summary(_parse_summary(resources), parsed)


def _deduct_assumed(
    summary: _Summary, assumed: Sequence[tuple[int, Mapping[str, Any]]]
) -> None:
    # SchedulingOvercommitProtection (alpha): in-flight bindings count as allocating.
    allocating = summary["allocating"]
    for replicas, requests in assumed:
        if replicas <= 0:
            continue
        allocating["pods"] = Fraction(
            quantity_value(allocating.get("pods", Fraction(0))) + replicas
        )
        for name, raw in (requests or {}).items():
            request = parse_quantity(raw)
            if name == "cpu":
                amount = Fraction(quantity_milli_value(request) * replicas, 1000)
            else:
                amount = Fraction(quantity_value(request) * replicas)
            allocating[name] = allocating.get(name, Fraction(0)) + amount


def max_available_replicas(
    resources: Mapping[str, ResourceList] | None,
    requests: Mapping[str, Any] | None,
    assumed: Sequence[tuple[int, Mapping[str, Any]]] = (),
) -> int:
    """Karmada's general estimator (``GeneralEstimator.maxAvailableReplicas``).

    Args:
        resources: the cluster's ``status.resourceSummary`` as
            ``{allocatable, allocated, allocating}``; None means no summary.
        requests: per-replica resource requests; None means no
            ``replicaRequirements`` (only the pod count limits).
        assumed: ``(replicas, requests)`` of in-flight bindings, deducted first
            (the alpha SchedulingOvercommitProtection gate; empty by default).

    Returns:
        How many more replicas fit: 0 without a summary or free pods.
    """
    if resources is None:
        return 0
    key = None if assumed else _estimate_key(resources, requests)
    hit = _ESTIMATES.get(key) if key is not None else None
    if hit is not None:
        return hit
    estimate = _max_available(resources, requests, assumed)
    if key is not None:
        if len(_ESTIMATES) >= 4096:
            _ESTIMATES.clear()
        _ESTIMATES[key] = estimate
    return estimate


# Estimates by content of (summary, requests): every object of a policy asks the same
# clusters about the same few request shapes, and the Fraction arithmetic is slow.
_ESTIMATES: dict[Any, int] = {}


def _estimate_key(
    resources: Mapping[str, ResourceList], requests: Mapping[str, Any] | None
) -> Any:
    # None (not cached) unless every part is a plain dict of quantity strings: 1, 1.0
    # and True would be one key, and only two of them are quantities.
    if type(resources) is not dict:
        return None
    maps = [resources.get(part) or {} for part in _PARTS]
    maps.append(requests or {})
    for quantities in maps:
        if type(quantities) is not dict:
            return None
        for value in quantities.values():
            if type(value) is not str:
                return None
    return (*(tuple(m.items()) for m in maps), requests is None)


def _max_available(
    resources: Mapping[str, ResourceList],
    requests: Mapping[str, Any] | None,
    assumed: Sequence[tuple[int, Mapping[str, Any]]],
) -> int:
    summary = _parse_summary(resources)
    _deduct_assumed(summary, assumed)
    pods = _allowed_pods(summary)
    if pods <= 0:
        return 0
    if requests is None:
        return _int32(pods)
    parsed = {name: parse_quantity(q) for name, q in requests.items()}
    by_resources = _max_by_summary(summary, parsed)
    return _int32(pods if by_resources is None else min(pods, by_resources))


def _int32(value: int) -> int:
    # The estimator answers in int32 and Go converts its int64 count by keeping the low
    # 32 bits: a fleet declaring ten billion pods as "unlimited" gets 1,410,065,408.
    return (value + 2**31) % 2**32 - 2**31


def has_requirements(requests: Mapping[str, Any] | None) -> bool:
    """Whether Karmada would record ``replicaRequirements``: some request is positive.

    Its resource list drops zero quantities and is nil when nothing is left.
    """
    return any(parse_quantity(q) > 0 for q in (requests or {}).values())


def estimate_replicas(
    cluster: Cluster,
    replicas: int,
    requests: Mapping[str, Any] | None,
    available: Mapping[str, int] | None = None,
) -> int:
    """est(c): how many more replicas fit (spec §6, ``calAvailableReplicas``).

    Args:
        cluster: the candidate cluster.
        replicas: the binding's ``spec.replicas``.
        requests: per-replica resource requests (None or empty: none).
        available: explicit per-cluster answers that win over estimation.

    Returns:
        The estimate; MaxInt32 for non-workloads.
    """
    if replicas == 0:
        return MAX_INT32  # Karmada never estimates for zero replicas, whatever an estimator says
    if available is not None and cluster.name in available:
        return int(available[cluster.name])
    if cluster.resources is None:
        # Our rule: a cluster declaring no capacity is "unknown, assume it fits",
        # Karmada's answer when no estimator can tell (MaxInt32 -> spec.replicas).
        return replicas
    estimated = max_available_replicas(cluster.resources, requests or None)
    # MaxInt32 is "no limit" and -1 an estimator's "cannot tell": both leave spec.replicas
    return replicas if estimated in (MAX_INT32, UNAUTHENTIC_REPLICAS) else estimated
