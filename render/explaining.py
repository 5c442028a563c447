"""Why an object landed where it did: policies, cluster filters and scores, replica arithmetic, overrides."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from render.errors import RenderError, did_you_mean
from render.explaining_replicas import Story, cluster_lines, replica_lines
from render.overrides.overriders import KIND_ORDER
from render.selection import MATCH_ALL, MATCH_LABELS, MATCH_NAME, rank_policies

if TYPE_CHECKING:
    from collections.abc import Sequence

    from render.inputs import Inputs
    from render.model import Manifest, Policy
    from render.pipeline import Binding, RenderPlan

_MATCHED_BY = {
    MATCH_NAME: "by name",
    MATCH_LABELS: "by label selector",
    MATCH_ALL: "by kind alone (no name or label selector)",
}
_HIDDEN = "<redacted>"


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
        return f"selects it more specifically ({_MATCHED_BY[winner[2]]} over {_MATCHED_BY[other[2]]})"
    return f"equal priority: {winner[0].name!r} sorts before {other[0].name!r}"


def _policy_lines(manifest: Manifest, policies: Sequence[Policy]) -> list[str]:
    ranked = rank_policies(manifest.body, policies)
    if not ranked:
        return ["no propagation policy selects it: it goes to no cluster"]
    lines = []
    for i, entry in enumerate(ranked):
        policy, explicit, implicit = entry
        if i == 0:
            verdict = (
                "chosen: the only policy that selects it"
                if len(ranked) == 1
                else f"chosen: {_why(entry, ranked[1])}"
            )
        else:
            verdict = f"not chosen: {policy.name!r} loses to {ranked[0][0].name!r}, {_why(ranked[0], entry)}"
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
    for cluster, _ in sorted(binding.result.clusters):
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
                (
                    f"HorizontalPodAutoscaler {other.name} scales this workload: the rendered "
                    "replicas are only the starting point; each cluster's HPA then owns the count"
                )
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
        story = Story.of(binding, inputs)
        result.sections.append(("Clusters", cluster_lines(story)))
        result.sections.append(("Replicas", replica_lines(story)))
        result.sections.append(("Overrides", _override_lines(binding, plan)))
    notes = _hpa_lines(manifest, inputs)
    if notes:
        result.sections.append(("Notes", notes))
    return result
