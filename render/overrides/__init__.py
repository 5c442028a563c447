"""OverridePolicy / ClusterOverridePolicy application with Karmada's exact semantics.

The entry point is :func:`apply_overrides`, Karmada's ``ApplyOverridePolicies`` for one
object and one cluster: all matching ClusterOverridePolicy rules, then the matching
OverridePolicy rules of the object's namespace, each rule's overriders in Karmada's fixed
kind order, later writes winning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from render.errors import Finding, RenderError
from render.model import Cluster, Policy
from render.overrides.applied import applied_record
from render.overrides.ordering import (
    MatchedRule,
    RuleCache,
    SelectedPolicies,
    cache_of,
    match_rules,
    reselected_rules,
    select_policies,
)
from render.overrides.overriders import OverriderError, RuleOutcome, apply_rule

__all__ = [
    "AppliedRule",
    "OverrideResult",
    "RuleCache",
    "SelectedPolicies",
    "apply_overrides",
    "select_policies",
]


@dataclass(frozen=True)
class AppliedRule:
    """A rule that was applied; ``rule_index`` is None for the deprecated
    ``spec.targetCluster`` + ``spec.overriders`` form."""

    policy: Policy
    rule_index: int | None


@dataclass(frozen=True)
class OverrideResult:
    """The overridden object and what Karmada would record about it.

    ``manifest`` is the input object itself when no rule applied (do not mutate it), else a
    private copy. The two strings are the exact values of the Work annotations
    ``policy.karmada.io/applied-cluster-overrides`` and ``policy.karmada.io/applied-overrides``
    (None: not written).
    """

    manifest: dict[str, Any]
    applied_cluster_overrides: str | None
    applied_overrides: str | None
    applied: tuple[AppliedRule, ...]
    warnings: tuple[Finding, ...]


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _copy(value: Any) -> Any:
    # JSON-shaped data only: much cheaper than copy.deepcopy, and turns loader mapping
    # types into plain dicts. Exact type checks first: ABC isinstance checks are slow;
    # scalar members are taken as they are without a call (most of a manifest).
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict or isinstance(value, Mapping):
        return {k: v if type(v) in _SCALARS else _copy(v) for k, v in value.items()}
    if kind is list or isinstance(value, list):
        return [v if type(v) in _SCALARS else _copy(v) for v in value]
    return value


def describe(resource: Mapping[str, Any]) -> str:
    """``Deployment default/nginx`` (or ``Namespace web`` when cluster-scoped)."""
    metadata = resource.get("metadata") or {}
    namespace = metadata.get("namespace")
    name = (
        f"{namespace}/{metadata.get('name')}"
        if namespace
        else f"{metadata.get('name')}"
    )
    return f"{resource.get('kind')} {name}"


def _rule_label(rule: MatchedRule) -> str:
    where = "overriders" if rule.rule_index is None else f"rule {rule.rule_index}"
    return f"{where} of {rule.policy.ref}"


class _Conflicts:
    """Remembers which rule last set each path, to warn when a later rule overwrites it."""

    def __init__(self) -> None:
        self.writers: dict[str, tuple[MatchedRule, str, int]] = {}

    def record(
        self, rule: MatchedRule, outcome: RuleOutcome, subject: str
    ) -> list[Finding]:
        findings = []
        for kind, index, key in outcome.writes:
            earlier = [k for k in self.writers if k == key or k.startswith(key + "/")]
            for old_key in earlier:
                old_rule, old_kind, old_index = self.writers.pop(old_key)
                if old_rule is rule:
                    continue
                findings.append(
                    Finding(
                        f"{subject}: {kind}[{index}] of {_rule_label(rule)} overwrites "
                        f"{old_key.replace('/#', ' ')} set by {old_kind}[{old_index}] of "
                        f"{_rule_label(old_rule)} ({old_rule.policy.file}); the later rule wins, "
                        "as in Karmada",
                        file=rule.policy.file,
                        field_path=(*rule.field_path, kind, index),
                        stage="override",
                        severity="warning",
                        document=rule.policy.index,
                    )
                )
            self.writers[key] = (rule, kind, index)
        return findings


def apply_overrides(
    manifest: Mapping[str, Any], cluster: Cluster, policies: Sequence[Policy]
) -> OverrideResult:
    """Apply every matching override rule to one object for one cluster.

    Args:
        manifest: the object (never mutated).
        cluster: the target member cluster.
        policies: any policies of the repo; OverridePolicy and ClusterOverridePolicy
            ones are selected and ordered here. A :class:`SelectedPolicies` brings
            the render's cache of target matches and encoded overriders.

    Returns:
        The overridden object, the applied-overrides records, the applied rules in
        application order, and warnings for Karmada's silent skips and for rules that
        overwrite an earlier rule's write.

    Raises:
        RenderError: stage ``override``, pointing at the failing overrider; Karmada
            would create no Work for this cluster.
    """
    cluster_rules, namespaced_rules = match_rules(manifest, cluster, policies)
    if not cluster_rules and not namespaced_rules:
        unchanged = manifest if isinstance(manifest, dict) else _copy(manifest)
        return OverrideResult(unchanged, None, None, (), ())
    subject = f"{describe(manifest)} on cluster {cluster.name}"
    obj: Any = _copy(manifest)
    warnings: list[Finding] = []
    conflicts = _Conflicts()
    obj = _apply_rules(obj, cluster_rules, subject, warnings, conflicts)
    if cluster_rules and isinstance(obj, Mapping):
        again = reselected_rules(manifest, obj, cluster, policies)
        namespaced_rules = namespaced_rules if again is None else again
    obj = _apply_rules(obj, namespaced_rules, subject, warnings, conflicts)
    cache = cache_of(policies)
    record = cache.applied_record if cache is not None else applied_record
    return OverrideResult(
        obj,
        record(cluster_rules),
        record(namespaced_rules),
        tuple(
            AppliedRule(rule.policy, rule.rule_index)
            for rule in (*cluster_rules, *namespaced_rules)
        ),
        tuple(warnings),
    )


def _apply_rules(obj: Any, rules: Sequence[MatchedRule], subject: str, warnings: list[Finding],
                 conflicts: _Conflicts) -> Any:
    for rule in rules:
        try:
            obj, outcome = apply_rule(obj, rule.overriders)
        except OverriderError as err:
            raise RenderError(
                [
                    Finding(
                        f"cannot override {subject}: {err.kind}[{err.index}] of {_rule_label(rule)}: {err}",
                        file=rule.policy.file,
                        field_path=(*rule.field_path, err.kind, err.index),
                        stage="override",
                        hint="Karmada fails the whole override and creates no Work for this cluster",
                        document=rule.policy.index,
                    )
                ]
            ) from None
        warnings.extend(
            Finding(
                f"{subject}: {kind}[{index}] of {_rule_label(rule)}: {note}",
                file=rule.policy.file,
                field_path=(*rule.field_path, kind, index),
                stage="override",
                severity="warning",
                document=rule.policy.index,
            )
            for kind, index, note in outcome.notes
        )
        warnings.extend(conflicts.record(rule, outcome, subject))
    return obj
