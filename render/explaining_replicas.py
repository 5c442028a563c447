"""The replica arithmetic of ``explain``, the way Karmada's scheduler divided the replicas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from render.explaining_clusters import replica_count
from render.scheduling.placement import (
    AGGREGATED,
    DUPLICATED,
    NON_WORKLOAD,
    STATIC_WEIGHT,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from render.explaining_clusters import Story

_WEBSTER = (
    "Webster (Sainte-Laguë) division: each replica in turn goes to the cluster with the "
    "highest weight ÷ (2 × its replicas + 1); a tie goes to the cluster with fewer "
    "replicas, then to the first by name"
)


def _share_lines(
    target: int,
    weights: Sequence[tuple[str, int]],
    got: Mapping[str, int],
    label: str,
    kept: Mapping[str, int] | None = None,
) -> list[str]:
    total = sum(w for _, w in weights)
    lines = []
    floors = 0
    for name, weight in sorted(weights):
        floor = target * weight // total
        floors += floor
        extra = got.get(name, 0) - floor
        note = f" (floor {floor}, {extra:+d} from the remainder)" if extra else ""
        if kept and kept.get(name):
            note += f", plus {kept[name]} kept = {got.get(name, 0) + kept[name]}"
        lines.append(
            f"{name}: {label} {weight}, exact share {target} × {weight}/{total} = "
            f"{target * weight / total:.2f}, gets {got.get(name, 0)}{note}"
        )
    winners = [
        n
        for n, _ in sorted(weights)
        if got.get(n, 0) > target * dict(weights)[n] // total
    ]
    rest = f", to {', '.join(winners)}" if winners else ""
    lines.append(
        f"remainder after the floors: {target} − {floors} = {target - floors}{rest}"
    )
    return lines


def _static_lines(story: Story) -> list[str]:
    replicas = story.binding.replicas
    weights = story.binding.result.weights
    return [
        (
            f"StaticWeight: {replica_count(replicas)} divided by the staticWeightList weights; "
            "capacity is not checked"
        ),
        _WEBSTER,
        *_share_lines(replicas, weights, story.placed, "weight"),
    ]


def _tier_lines(story: Story) -> list[str]:
    verdicts = [v for v in story.binding.result.verdicts if v.feasible]
    placed, lines = story.placed, []
    for tier in sorted({v.tier for v in verdicts}):
        names = [v.name for v in verdicts if v.tier == tier]
        room = sum(v.available for v in verdicts if v.tier == tier)
        which = "the term's own clusters" if tier == 0 else f"overflow tier {tier}"
        got = sum(placed.get(n, 0) for n in names)
        lines.append(
            f"{which} ({', '.join(names)}): {room} available replicas, takes {got}"
        )
    return lines


def _dynamic_lines(story: Story) -> list[str]:
    binding = story.binding
    replicas, weights, name = binding.replicas, binding.result.weights, story.strategy
    scheduled = dict(story.scheduled)
    assigned = sum(scheduled.values())
    fewest = (
        ", among the fewest clusters that hold them (those already running it first, "
        "then the roomiest)"
        if name == AGGREGATED
        else ""
    )
    if not weights:
        return [
            (
                f"{name}: the previous result (out/bindings.yaml) already places all "
                f"{replicas} replicas on feasible clusters; Karmada keeps such a result, "
                "so nothing is divided (`fleet-render render --fresh` divides anew)"
            )
        ]
    if any(v.tier for v in binding.result.verdicts):
        return [
            (
                f"{name}: {replica_count(replicas)} by overflow tier: each tier takes what "
                "its clusters' available replicas hold, the rest overflows to the next"
            ),
            *_tier_lines(story),
            _WEBSTER,
        ]
    if assigned > replicas:
        head = (
            f"{name}: scale down from {assigned} to {replicas}: all {replicas} are "
            f"divided in proportion to each cluster's previous replicas{fewest}"
        )
        return [
            head,
            _WEBSTER,
            *_share_lines(replicas, weights, story.placed, "previous"),
        ]
    if assigned:
        head = (
            f"{name}: scale up from {assigned} to {replicas}: the {assigned} placed "
            f"replicas stay, the {replicas - assigned} new ones are divided in "
            f"proportion to each cluster's available replicas{fewest}"
        )
    else:
        head = (
            f"{name}: {replica_count(replicas)} divided in proportion to each cluster's "
            f"available replicas{fewest}"
        )
    new = {n: r - scheduled.get(n, 0) for n, r in story.placed.items()}
    shares = _share_lines(replicas - assigned, weights, new, "available", scheduled)
    return [head, _WEBSTER, *shares]


def _term_lines(story: Story) -> list[str]:
    used = story.binding.result.observed_affinity_name
    if not used:
        return []
    terms = [
        str(t.get("affinityName"))
        for t in story.placement.get("clusterAffinities") or ()
    ]
    skipped = terms[: terms.index(used)] if used in terms else []
    line = f"clusterAffinities term used: {used}"
    if skipped:
        earlier = ", ".join(repr(t) for t in skipped)
        line += (
            f" (the earlier term{'s' if len(skipped) > 1 else ''} {earlier} could not "
            "place it, or the previous result already used this one: Karmada resumes "
            "at the term it last used)"
        )
    return [line]


def replica_lines(story: Story) -> list[str]:
    """The replica arithmetic, the way Karmada's scheduler did it, and the result."""
    binding = story.binding
    strategy = story.strategy
    if strategy == NON_WORKLOAD:
        lines = ["not a workload: every selected cluster gets a copy"]
        result = ", ".join(sorted(n for n, _ in binding.result.clusters))
    else:
        if strategy == DUPLICATED:
            lines = [
                f"Duplicated: every selected cluster runs all {replica_count(binding.replicas)}"
            ]
        elif strategy == STATIC_WEIGHT:
            lines = _static_lines(story)
        else:
            lines = _dynamic_lines(story)
        result = ", ".join(f"{n} {r}" for n, r in sorted(binding.result.clusters))
    return [*_term_lines(story), *lines, f"result: {result or 'no cluster'}"]
