"""HorizontalPodAutoscalers follow their target: same clusters, bounds split by its replicas.

fleet-render's rule (README, "Autoscaling"), not Karmada's: Karmada would send
an HPA wherever its own policy says and leave each copy with the fleet-wide
bounds. Here an HPA whose ``scaleTargetRef`` names a workload bound in this
render goes to exactly the clusters holding that workload. When the workload is
Divided, ``minReplicas`` and ``maxReplicas`` are each split by Webster over the
workload's replicas per cluster, so the bounds add up to what the user wrote;
every copy keeps at least 1 (an HPA cannot go lower) and a ``maxReplicas`` of at
least its ``minReplicas``, so when a bound is smaller than the number of clusters
the total exceeds it, and a warning says so. A Duplicated (or non-workload)
target gets the HPA unchanged in each of its clusters.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from render.errors import Finding
from render.ranking import choose_policy
from render.scheduling import ScheduleResult
from render.scheduling.division import allocate_webster_seats
from render.scheduling.placement import NON_WORKLOAD
from render.workloads import group_of

if TYPE_CHECKING:
    from render.model import Manifest, Policy
    from render.pipeline import Binding

HPA_KIND = "HorizontalPodAutoscaler"
HPA_GROUP = "autoscaling"
Bounds = Mapping[str, tuple[int | None, int]]  # cluster -> (minReplicas, maxReplicas)


def is_autoscaler(manifest: Manifest) -> bool:
    """Whether the object is a HorizontalPodAutoscaler (autoscaling/v1, v2, v2beta*)."""
    return manifest.kind == HPA_KIND and group_of(manifest.api_version) == HPA_GROUP


def targets_first(manifests: Iterable[Manifest]) -> list[Manifest]:
    """The objects with every HPA moved last, so its target is bound before it."""
    ordered = list(manifests)
    return [m for m in ordered if not is_autoscaler(m)] + [
        m for m in ordered if is_autoscaler(m)
    ]


def find_target(hpa: Manifest, bindings: Sequence[Binding]) -> Binding | None:
    """The binding of the workload the HPA's ``scaleTargetRef`` names, or None."""
    ref = (hpa.body.get("spec") or {}).get("scaleTargetRef") or {}
    for binding in bindings:
        target = binding.manifest
        if (
            binding.policy is not None
            and target.namespace == hpa.namespace
            and target.kind == ref.get("kind")
            and target.name == ref.get("name")
            and (
                not ref.get("apiVersion")
                or group_of(target.api_version) == group_of(str(ref["apiVersion"]))
            )
        ):
            return binding
    return None


def _webster(seats: int, votes: Sequence[tuple[str, int]]) -> dict[str, int]:
    parties = allocate_webster_seats(seats, dict(votes)) or []
    return {p.name: p.seats for p in parties}


def split_bounds(
    min_replicas: int | None, max_replicas: int, weights: Sequence[tuple[str, int]]
) -> dict[str, tuple[int | None, int]]:
    """Each cluster's ``(minReplicas, maxReplicas)``: Webster over the weights per bound.

    Args:
        min_replicas: the HPA's ``minReplicas``; None leaves it unset everywhere.
        max_replicas: the HPA's ``maxReplicas``.
        weights: ``(cluster, replicas)`` of the target, every count positive.

    Returns:
        Bounds per cluster: each at least 1, and max at least min.
    """
    lows = _webster(min_replicas, weights) if min_replicas is not None else {}
    highs = _webster(max_replicas, weights)
    bounds: dict[str, tuple[int | None, int]] = {}
    for name, _ in weights:
        low = max(lows[name], 1) if min_replicas is not None else None
        bounds[name] = (low, max(highs[name], low or 1, 1))
    return bounds


def with_bounds(
    body: Mapping[str, Any], bounds: tuple[int | None, int]
) -> dict[str, Any]:
    """A copy of the HPA with its share of the bounds."""
    result = copy.deepcopy(dict(body))
    spec = result.setdefault("spec", {})
    if bounds[0] is not None:
        spec["minReplicas"] = bounds[0]
    spec["maxReplicas"] = bounds[1]
    return result


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _split_warning(hpa: Manifest, bounds: Bounds) -> Finding | None:
    spec = hpa.body.get("spec") or {}
    written_min, written_max = (
        _int(spec.get("minReplicas")),
        _int(spec.get("maxReplicas")),
    )
    total_min = sum(low or 0 for low, _ in bounds.values())
    total_max = sum(high for _, high in bounds.values())
    parts = []
    if written_min is not None and written_min != total_min:
        parts.append(f"minReplicas {written_min} totals {total_min}")
    if written_max != total_max:
        parts.append(f"maxReplicas {written_max} totals {total_max}")
    if not parts:
        return None
    return Finding(
        f"{HPA_KIND} {hpa.namespace}/{hpa.name} is split over {len(bounds)} clusters "
        f"and its {' and '.join(parts)}: each cluster's copy keeps at least 1, "
        "and a maxReplicas of at least its minReplicas",
        hpa.file,
        ("spec", parts[0].split()[0]),
        severity="warning",
        stage="schedule",
        document=hpa.index,
    )


def follow_target(
    hpa: Manifest, bindings: Sequence[Binding], policies: Sequence[Policy]
) -> tuple[Binding | None, list[Finding]]:
    """The HPA's binding when it follows a bound target, and any split warning.

    Args:
        hpa: any object; only HPAs whose target is bound follow it.
        bindings: the bindings made so far (targets are bound before HPAs).
        policies: the propagation policies; one selecting the HPA only names it
            in the copies' annotations, its placement is not used.

    Returns:
        ``(None, [])`` when the object does not follow a target.
    """
    from render.pipeline import Binding  # the pipeline imports this module

    target = find_target(hpa, bindings) if is_autoscaler(hpa) else None
    if target is None:
        return None, []
    placed = tuple((name, 0) for name, _ in target.result.clusters)
    result = ScheduleResult(placed, strategy=NON_WORKLOAD)
    spec = hpa.body.get("spec") or {}
    maximum = _int(spec.get("maxReplicas"))
    if not target.divided or maximum is None or not target.result.clusters:
        policy = choose_policy(hpa.body, policies)
        return Binding(hpa, policy, 0, result, False), []
    bounds = split_bounds(
        _int(spec.get("minReplicas")), maximum, target.result.clusters
    )
    warning = _split_warning(hpa, bounds)
    policy = choose_policy(hpa.body, policies)
    binding = Binding(hpa, policy, 0, result, False, autoscaling=bounds)
    return binding, [warning] if warning else []
