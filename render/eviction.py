"""Failover casualties: a workload that a NoExecute eviction leaves with nowhere to go.

Karmada's taint manager removes a NoExecute-tainted cluster from a binding's
``spec.clusters`` at once; the scheduler then reschedules, and when that fails
it leaves the binding as the eviction left it (a FitError event, nothing more).
fleet-render does the same, with a warning, when the NoExecute taints are what
makes scheduling fail, that is when the same run succeeds with those taints
lifted. Any other scheduling failure stays an error, so a broken policy never
passes as a failover.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import Any

from render.errors import Finding, RenderError
from render.model import Cluster
from render.scheduling import ScheduleResult
from render.scheduling.placement import apply_placement_defaults, strategy_of


def _lifted(clusters: Sequence[Cluster], evicted: Collection[str]) -> list[Cluster]:
    return [
        replace(c, taints=tuple(t for t in c.taints if t.effect != "NoExecute"))
        if c.name in evicted
        else c
        for c in clusters
    ]


def kept_after_eviction(
    error: RenderError,
    clusters: Sequence[Cluster],
    placement: Any,
    evicted: Collection[str],
    history: Sequence[tuple[str, int]],
    observed: str,
    rerun: Callable[[Sequence[Cluster]], ScheduleResult],
) -> tuple[ScheduleResult, Finding] | None:
    """What Karmada leaves when rescheduling after a NoExecute eviction fails.

    Args:
        error: the scheduling error.
        clusters: the fleet.
        placement: the placement that was scheduled (its strategy is recorded).
        evicted: clusters whose NoExecute taints the placement does not tolerate.
        history: the previous result less the evicted clusters.
        observed: the previous ``clusterAffinities`` term, kept as it was.
        rerun: schedules the same binding on other clusters; raises RenderError.

    Returns:
        The kept result and a warning (message and hint only; the caller places
        it), or None when the failure is not the eviction's doing.
    """
    if not evicted:
        return None
    try:
        rerun(_lifted(clusters, evicted))
    except RenderError:
        return None
    kept = tuple(history)
    names = ", ".join(sorted(evicted))
    left = ", ".join(f"{name} {n}" for name, n in kept) or "no cluster"
    reason = "; ".join(f.message.rstrip(".") for f in error.findings)
    warning = Finding(
        f"{reason}; the NoExecute taint of {names} is the cause, so as in Karmada it "
        f"keeps what the eviction left: {left}",
        severity="warning",
        stage="schedule",
        hint="tolerate the taint, widen the placement, or remove the taint",
    )
    result = ScheduleResult(
        kept, observed, strategy_of(apply_placement_defaults(placement))
    )
    return result, warning
