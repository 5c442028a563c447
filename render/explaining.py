"""Why an object landed where it did: policies, cluster filters and scores, replica arithmetic, overrides."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from render.autoscaling import find_target, is_autoscaler
from render.dependencies import merged_clusters
from render.errors import RenderError, did_you_mean
from render.explaining_clusters import Story, cluster_lines
from render.explaining_replicas import replica_lines
from render.overrides.overriders import KIND_ORDER
from render.ranking import (
    CLAIMED_BY_LABEL,
    MATCH_ALL,
    MATCH_LABELS,
    MATCH_NAME,
    PolicyChoice,
    PolicyIndex,
    decide_policy,
)

if TYPE_CHECKING:
    from render.inputs import Inputs
    from render.model import Manifest, Policy
    from render.pipeline import Binding, RenderPlan

_MATCHED_BY = {
    MATCH_NAME: "by name",
    MATCH_LABELS: "by label selector",
    MATCH_ALL: "by kind alone (no name or label selector)",
}
_HIDDEN = "<redacted>"
# kubectl's short names of the common kinds, so `explain deploy/web` works.
_KIND_ALIASES = {
    "deploy": "Deployment",
    "sts": "StatefulSet",
    "rs": "ReplicaSet",
    "ds": "DaemonSet",
    "cj": "CronJob",
    "cm": "ConfigMap",
    "svc": "Service",
    "ing": "Ingress",
    "sa": "ServiceAccount",
    "pvc": "PersistentVolumeClaim",
    "ns": "Namespace",
    "hpa": "HorizontalPodAutoscaler",
}


@dataclass
class Explanation:
    """Everything ``fleet-render explain`` says of one object, as lines under headings.

    A line indented by two spaces details the line above it.
    """

    title: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def text(self) -> str:
        """Plain text for a terminal."""
        out = [self.title]
        for heading, lines in self.sections:
            out += ["", f"{heading}:", *(f"  {line}" for line in lines)]
        return "\n".join(out) + "\n"


def _find(inputs: Inputs, kind: str, name: str, namespace: str | None) -> Manifest:
    kind = _KIND_ALIASES.get(kind.lower(), kind)
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
            f"no object {kind}/{name} in apps/"
            + (f" in namespace {namespace}" if namespace else ""),
            stage="select",
            hint=did_you_mean(f"{kind}/{name}", names),
        )
    where = ", ".join(sorted(m.namespace for m in matches))
    raise RenderError.single(
        f"{kind}/{name} exists in several namespaces ({where}); pass -n NAMESPACE",
        stage="select",
    )


def _why(winner: tuple[Policy, int, int], other: tuple[Policy, int, int]) -> str:
    # Karmada's detector order: PP before CPP, explicit priority, implicit, name.
    if winner[0].cluster_scoped != other[0].cluster_scoped:
        return "a PropagationPolicy always wins over a ClusterPropagationPolicy"
    if winner[1] != other[1]:
        return f"higher priority ({winner[1]} > {other[1]})"
    if winner[2] != other[2]:
        return (
            f"it selects the object more specifically ({_MATCHED_BY[winner[2]]} "
            f"over {_MATCHED_BY[other[2]]})"
        )
    return f"equal priority, and {winner[0].name!r} sorts before {other[0].name!r}"


def _policy_lines(choice: PolicyChoice) -> list[str]:
    if choice.ignored:
        return [f"none: Karmada never propagates it ({choice.ignored}): it goes to no cluster"]
    if choice.elsewhere:
        return [(f"none: it is claimed by {choice.elsewhere} (label {CLAIMED_BY_LABEL}), and Karmada's "
                 "propagation policies leave it to that: it goes to no cluster")]
    held = f"; but {choice.held[1]}: it goes to no cluster" if choice.held else ""
    if choice.claimed is not None:
        verdict = ("the object carries its claim, but the policy does not select it: it goes to no cluster"
                   if choice.claim_lost else
                   f"chosen: the object carries its claim, and Karmada keeps a claimed object with its policy{held}")
        return [f"{choice.claimed.ref} ({choice.claimed.file}): {verdict}"]
    ranked = choice.ranked
    lines = []
    for i, entry in enumerate(ranked):
        policy, explicit, implicit = entry
        if i == 0:
            verdict = "the only policy that selects it" if len(ranked) == 1 else _why(entry, ranked[1])
            verdict = f"chosen: {verdict}{held}"
        else:
            verdict = f"not chosen: {ranked[0][0].ref} wins, {_why(ranked[0], entry)}"
        lines.append(
            f"{policy.ref} ({policy.file}): selects it {_MATCHED_BY[implicit]}, "
            f"priority {explicit} — {verdict}"
        )
    return lines


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _overrider_lines(kind: str, item: Any, secret: bool) -> list[str]:
    if not isinstance(item, dict):
        return [f"{kind}: {_show(item)}"]
    op = item.get("operator", "")
    value = item.get("value")
    hide = secret and kind in ("plaintext", "fieldOverrider")
    shown = "" if value is None else f" {_HIDDEN if hide else _show(value)}"
    if kind == "imageOverrider":
        where = item.get("component", "")
        path = (item.get("predicate") or {}).get("path")
        subject = f"{where} of {path}" if path else where
    elif kind in ("commandOverrider", "argsOverrider"):
        subject = f"container {item.get('containerName', '')}"
    elif kind == "plaintext":
        subject = str(item.get("path", ""))
    elif kind == "fieldOverrider":
        return [
            f"fieldOverrider {item.get('fieldPath', '')} ({form}) {op_item.get('subPath', '')}: "
            f"{op_item.get('operator', '')}"
            + (
                ""
                if op_item.get("value") is None
                else f" {_HIDDEN if hide else _show(op_item['value'])}"
            )
            for form in ("json", "yaml")
            for op_item in item.get(form) or ()
            if isinstance(op_item, dict)
        ]
    else:
        return [f"{kind}: {op}{shown}"]
    return [f"{kind} {subject}: {op}{shown}"]


def _rule_overriders(rule: Any) -> Any:
    spec = rule.policy.spec
    if rule.rule_index is None:
        return spec.get("overriders") or {}
    return (spec.get("overrideRules") or [])[rule.rule_index].get("overriders") or {}


def _override_lines(binding: Binding, plan: RenderPlan) -> list[str]:
    secret = binding.manifest.kind == "Secret"
    lines = []
    for cluster in sorted(merged_clusters(binding)):
        applied = plan.overrides.get((binding.key, cluster), ())
        if not applied:
            lines.append(f"{cluster}: no override rule applies")
        for rule in applied:
            which = (
                "overriders (deprecated targetCluster form)"
                if rule.rule_index is None
                else f"rule {rule.rule_index}"
            )
            lines.append(f"{cluster}: {rule.policy.ref} {which} ({rule.policy.file})")
            overriders = _rule_overriders(rule)
            for kind in KIND_ORDER:
                for item in overriders.get(kind) or ():
                    lines += [
                        f"  {line}" for line in _overrider_lines(kind, item, secret)
                    ]
    return lines


def _autoscaler_lines(manifest: Manifest, plan: RenderPlan) -> list[str]:
    for binding in plan.bindings:
        hpa = binding.manifest
        if is_autoscaler(hpa) and hpa.namespace == manifest.namespace:
            target = find_target(
                hpa, [b for b in plan.bindings if b.manifest is manifest]
            )
            if target is not None:
                return [
                    (
                        f"HorizontalPodAutoscaler {hpa.name} scales this workload: the "
                        "rendered replicas are only the starting point; each cluster's "
                        "HPA then owns the count"
                    ),
                    *(f"  {line}" for line in _bounds_lines(binding)),
                ]
    return []


def _bounds_lines(binding: Binding) -> list[str]:
    spec = binding.manifest.body.get("spec") or {}
    written = (spec.get("minReplicas"), spec.get("maxReplicas"))
    lines = []
    for cluster, _ in sorted(binding.result.clusters):
        low, high = binding.autoscaling.get(cluster, written)
        how = (
            "its share of the bounds"
            if binding.autoscaling
            else "the bounds as written"
        )
        low_text = "unset" if low is None else low
        lines.append(f"{cluster}: minReplicas {low_text}, maxReplicas {high} ({how})")
    return lines


def _follower_lines(binding: Binding, plan: RenderPlan) -> list[str]:
    # Bindings no scheduler run produced: an HPA following its target, or an
    # object only sent along as a workload's dependency.
    manifest = binding.manifest
    target = find_target(manifest, plan.bindings) if is_autoscaler(manifest) else None
    if target is None:
        names = merged_clusters(binding)
        return [f"{name}: sent along as a dependency" for name in sorted(names)]
    ref = f"{target.manifest.kind} {target.manifest.namespace}/{target.manifest.name}"
    return [
        (
            f"follows its scaleTargetRef {ref} to the same clusters (fleet-render's "
            "autoscaling rule: a policy selecting the HPA does not place it)"
        ),
        *_bounds_lines(binding),
    ]


def _dependency_lines(binding: Binding) -> list[str]:
    return [
        f"required by ResourceBinding {s.namespace}/{s.name} (propagateDeps), on "
        f"{', '.join(sorted(n for n, _ in s.clusters)) or 'no cluster'}: it goes there too"
        for s in binding.required_by
    ]


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
    binding = next((b for b in plan.bindings if b.manifest is manifest), None)
    choice = decide_policy(manifest.body, PolicyIndex(inputs.propagation_policies), inputs.override_policies)
    policies = _policy_lines(choice)
    if binding is None and not policies:
        policies = ["no propagation policy selects it: it goes to no cluster"]
    result.sections.append(
        ("Policies", policies or ["no propagation policy selects it"])
    )
    if binding is not None:
        if binding.result.verdicts:
            story = Story.of(binding, inputs)
            result.sections.append(("Clusters", cluster_lines(story)))
            result.sections.append(("Replicas", replica_lines(story)))
        else:
            result.sections.append(("Clusters", _follower_lines(binding, plan)))
        if binding.required_by:
            result.sections.append(("Dependencies", _dependency_lines(binding)))
        result.sections.append(("Overrides", _override_lines(binding, plan)))
    notes = _autoscaler_lines(manifest, plan)
    if binding is not None and binding.policy is not None:
        suspended = [name for name, _ in binding.result.clusters if binding.policy.suspends(name)]
        if suspended:
            notes.append(f"{binding.policy.ref} suspends dispatching to {', '.join(suspended)}: "
                         "their folders get no copy, though the binding places it there")
    if notes:
        result.sections.append(("Notes", notes))
    return result
