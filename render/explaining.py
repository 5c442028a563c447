"""Why an object landed where it did: policies, cluster filters and scores, replica arithmetic, overrides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from render.errors import RenderError, did_you_mean
from render.inputs import Inputs
from render.model import Manifest, Policy
from render.pipeline import Binding, RenderPlan
from render.selection import MATCH_ALL, MATCH_LABELS, MATCH_NAME, rank_policies

_IMPLICIT = {
    MATCH_NAME: "resource name",
    MATCH_LABELS: "label selector",
    MATCH_ALL: "kind only (match all)",
}


@dataclass
class Explanation:
    """Everything ``fleet-render explain`` says of one object, as lines under headings."""

    title: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def text(self) -> str:
        """Plain text for a terminal."""
        out = [self.title]
        for heading, lines in self.sections:
            out += ["", f"{heading}:", *(f"  {line}" for line in lines)]
        return "\n".join(out) + "\n"


def _find(inputs: Inputs, kind: str, name: str, namespace: str | None) -> Manifest:
    matches = [
        m
        for m in inputs.manifests
        if m.kind.lower() == kind.lower()
        and m.name == name
        and (namespace is None or m.namespace == namespace or not m.namespaced)
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        names = {f"{m.kind}/{m.name}" for m in inputs.manifests}
        raise RenderError.single(
            f"no object {kind}/{name} in apps/",
            stage="select",
            hint=did_you_mean(f"{kind}/{name}", names),
        )
    where = ", ".join(sorted(m.namespace for m in matches))
    raise RenderError.single(
        f"{kind}/{name} exists in several namespaces ({where}); pass -n NAMESPACE",
        stage="select",
    )


def _why_first(winner: tuple[Policy, int, int], other: tuple[Policy, int, int]) -> str:
    if winner[0].cluster_scoped != other[0].cluster_scoped:
        return "a PropagationPolicy always wins over a ClusterPropagationPolicy"
    if winner[1] != other[1]:
        return f"higher explicit priority ({winner[1]} > {other[1]})"
    if winner[2] != other[2]:
        return f"more specific selector ({_IMPLICIT[winner[2]]} over {_IMPLICIT[other[2]]})"
    return f"equal priority; {winner[0].name!r} sorts before {other[0].name!r}"


def _policy_lines(manifest: Manifest, policies: Sequence[Policy]) -> list[str]:
    ranked = rank_policies(manifest.body, policies)
    if not ranked:
        return ["no propagation policy selects this object: it goes to no cluster"]
    lines = []
    for i, entry in enumerate(ranked):
        policy, explicit, implicit = entry
        mark = "chosen" if i == 0 else f"loses: {_why_first(ranked[0], entry)}"
        lines.append(
            f"{policy.ref} ({policy.file}): priority {explicit}, matched by {_IMPLICIT[implicit]} — {mark}"
        )
    return lines


def _cluster_lines(binding: Binding) -> list[str]:
    placed = dict(binding.result.clusters)
    lines = []
    for v in binding.result.verdicts:
        if not v.feasible:
            lines.append(f"{v.name}: filtered out — {v.reason}")
            continue
        state = f"{placed[v.name]} replica(s)" if v.name in placed else "not selected"
        avail = (
            "unknown (no capacity declared: assumed to fit)"
            if v.available >= 2**31 - 1
            else str(v.available)
        )
        lines.append(
            f"{v.name}: feasible, score {v.score}, available replicas {avail} — {state}"
        )
    return lines


def _arithmetic_lines(binding: Binding) -> list[str]:
    result = binding.result
    lines = [
        f"strategy: {result.strategy or 'non-workload'}; desired replicas: {binding.replicas}"
    ]
    if result.observed_affinity_name:
        lines.append(f"clusterAffinities term used: {result.observed_affinity_name}")
    total = sum(w for _, w in result.weights)
    if result.weights and total:
        placed = dict(result.clusters)
        lines.append(
            "Webster (Sainte-Laguë) division, ties to the cluster with fewer replicas, then by name:"
        )
        for name, weight in result.weights:
            quota = binding.replicas * weight / total
            lines.append(
                f"{name}: weight {weight}, exact share {quota:.2f} → {placed.get(name, 0)}"
            )
    elif not binding.divided and binding.replicas:
        lines.append(
            f"Duplicated: every selected cluster runs all {binding.replicas} replicas"
        )
    return lines


def _override_lines(binding: Binding, plan: RenderPlan) -> list[str]:
    lines = []
    for cluster, _ in binding.result.clusters:
        applied = plan.overrides.get((binding.key, cluster), ())
        if not applied:
            lines.append(f"{cluster}: none")
            continue
        for rule in applied:
            index = (
                "deprecated targetCluster form"
                if rule.rule_index is None
                else f"rule {rule.rule_index}"
            )
            lines.append(f"{cluster}: {rule.policy.ref} ({rule.policy.file}) {index}")
    return lines


def _hpa_lines(manifest: Manifest, inputs: Inputs) -> list[str]:
    for other in inputs.manifests:
        target: dict[str, Any] = other.body.get("spec", {}).get("scaleTargetRef") or {}
        if (
            other.kind == "HorizontalPodAutoscaler"
            and other.namespace == manifest.namespace
            and target.get("kind") == manifest.kind
            and target.get("name") == manifest.name
        ):
            return [
                f"HorizontalPodAutoscaler {other.name} scales this workload: the rendered spec.replicas is only "
                "the starting point; each cluster's HPA then owns the replica count"
            ]
    return []


def explain(
    inputs: Inputs, plan: RenderPlan, kind: str, name: str, namespace: str | None = None
) -> Explanation:
    """Explain the placement of one object of ``apps/``.

    Raises:
        RenderError: no such object, or the name is ambiguous without a namespace.
    """
    manifest = _find(inputs, kind, name, namespace)
    scope = f"{manifest.namespace}/" if manifest.namespaced else ""
    result = Explanation(f"{manifest.kind} {scope}{manifest.name} ({manifest.file})")
    result.sections.append(
        ("Policies", _policy_lines(manifest, inputs.propagation_policies))
    )
    binding = next((b for b in plan.bindings if b.manifest is manifest), None)
    if binding is not None:
        result.sections.append(("Clusters", _cluster_lines(binding)))
        result.sections.append(("Replicas", _arithmetic_lines(binding)))
        result.sections.append(("Overrides", _override_lines(binding, plan)))
    notes = _hpa_lines(manifest, inputs)
    if notes:
        result.sections.append(("Notes", notes))
    return result
