"""The pure core: select a policy per object, schedule it, override each copy, bundle per cluster."""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from render.ambiguity import iter_ambiguities
from render.autoscaling import follow_target, targets_first, with_bounds
from render.dependencies import RequiredBy, attach_dependencies
from render.errors import Finding, RenderError, did_you_mean
from render.eviction import kept_after_eviction
from render.fleetplacement import PlacementDefaults
from render.inputs import Inputs, ObjectKey
from render.memo import CopyMemo
from render.model import SOURCE_ANNOTATION, Cluster, Manifest, Policy
from render.naming import overridden_identity_problem
from render.overrides import apply_overrides
from render.reuse import Copy, Reuse, Unit, ref_of
from render.scheduling import ScheduleResult, evicted_by_no_execute, schedule
from render.selection import rank_policies
from render.templating import render_copy
from render.traffic import apply_traffic
from render.workloads import (
    ReplicaField,
    pod_requests,
    replica_field,
    replicas_of,
    with_replicas,
)

APPLIED_COP = "policy.karmada.io/applied-cluster-overrides"
APPLIED_OP = "policy.karmada.io/applied-overrides"
# Namespaces every cluster has; Karmada never propagates them either.
RESERVED_NAMESPACES = frozenset(
    {"default", "kube-system", "kube-public", "kube-node-lease"}
)


@dataclass(frozen=True)
class Binding:
    """One scheduling decision: Karmada's ResourceBinding for one object."""

    manifest: Manifest
    policy: Policy | None  # None: no policy binds it (a dependency, an HPA)
    replicas: int
    result: ScheduleResult
    divided: bool
    # propagateDeps: the bindings that require this object (Karmada's spec.requiredBy)
    required_by: tuple[RequiredBy, ...] = ()
    # an HPA following a Divided target: cluster -> (minReplicas, maxReplicas)
    autoscaling: Mapping[str, tuple[int | None, int]] = field(default_factory=dict)

    @property
    def key(self) -> ObjectKey:
        m = self.manifest
        return (m.api_version, m.kind, m.namespace, m.name)


@dataclass
class RenderPlan:
    """Everything to write: objects per cluster, the bindings, and warnings."""

    clusters: tuple[Cluster, ...]
    objects: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    bindings: list[Binding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    # (object key, cluster) -> the override rules applied to that copy, in order
    overrides: dict[tuple[ObjectKey, str], tuple[Any, ...]] = field(
        default_factory=dict
    )
    memo: CopyMemo | None = field(default=None, repr=False, compare=False)
    # id(object) -> (object, its YAML): copies emitted once, or taken from the last render
    texts: dict[int, tuple[dict[str, Any], str]] = field(
        default_factory=dict, repr=False, compare=False
    )


def _policy_annotations(policy: Policy) -> dict[str, str]:
    if policy.cluster_scoped:
        return {"clusterpropagationpolicy.karmada.io/name": policy.name}
    return {
        "propagationpolicy.karmada.io/name": policy.name,
        "propagationpolicy.karmada.io/namespace": policy.namespace,
    }


def _choose(
    manifest: Manifest, policies: Sequence[Policy], warnings: list[Finding]
) -> Policy | None:
    ranked = rank_policies(manifest.body, policies)
    if not ranked:
        if manifest.kind != "Namespace":
            warnings.append(
                Finding(
                    f"{_describe(manifest)} is selected by no propagation policy and goes nowhere",
                    manifest.file,
                    ("metadata", "name"),
                    severity="warning",
                    stage="select",
                    document=manifest.index,
                )
            )
        return None
    if (
        len(ranked) > 1
        and ranked[0][0].cluster_scoped == ranked[1][0].cluster_scoped
        and ranked[0][1:] == ranked[1][1:]
    ):
        winner, other = ranked[0][0], ranked[1][0]
        warnings.append(
            Finding(
                f"{_describe(manifest)} is selected by {winner.ref} ({winner.file}) and {other.ref} ({other.file}) "
                f"with equal priority; {winner.name!r} wins by name order, as in Karmada",
                winner.file,
                ("spec", "resourceSelectors"),
                severity="warning",
                stage="select",
                document=winner.index,
            )
        )
    return ranked[0][0]


def _describe(manifest: Manifest) -> str:
    scope = f"{manifest.namespace}/" if manifest.namespaced else ""
    return f"{manifest.kind} {scope}{manifest.name}"


def _is_divided(placement: Mapping[str, Any]) -> bool:
    scheduling = placement.get("replicaScheduling")
    return (
        scheduling is not None
        and (scheduling.get("replicaSchedulingType") or "Divided") == "Divided"
    )


def _schedule_one(
    manifest: Manifest,
    policy: Policy,
    inputs: Inputs,
    fresh: bool,
    placements: PlacementDefaults,
    schedules: dict[Any, ScheduleResult],
    warnings: list[Finding],
) -> Binding:
    field_ = replica_field(manifest.body, inputs.replica_fields)
    replicas = replicas_of(manifest.body, inputs.replica_fields)
    effective = placements.of(policy)  # with the fleet's defaults
    placement = effective.placement
    previous = inputs.previous.get(
        (manifest.api_version, manifest.kind, manifest.namespace, manifest.name)
    )
    # Fresh mode still sees the previous result (Karmada counts its replicas as
    # capacity and scores its clusters); it only stops the result being kept.
    history = () if previous is None else previous.clusters
    evicted = evicted_by_no_execute(inputs.clusters, placement)
    history = tuple((name, n) for name, n in history if name not in evicted)
    requests = pod_requests(manifest.body, field_) if field_ else None
    observed = "" if previous is None else previous.observed_affinity_name
    # Scheduling reads nothing of the object but these: objects of one policy with the
    # same replicas, requests and history share one result.
    key = (id(policy), replicas, tuple(sorted((requests or {}).items())), history, observed)
    try:
        result = schedules.get(key)
        if result is None:
            result = schedules[key] = schedule(
                inputs.clusters,
                placement,
                replicas,
                requests=requests,
                previous=history,
                observed_affinity_name=observed,
                fresh=fresh,
                preferences=effective.preferences,
            )
    except RenderError as e:
        rerun = partial(
            schedule,
            placement=placement,
            replicas=replicas,
            requests=requests,
            previous=history,
            observed_affinity_name=observed,
            fresh=fresh,
            preferences=effective.preferences,
        )
        kept = kept_after_eviction(
            e, inputs.clusters, placement, evicted, history, observed, rerun
        )
        if kept is not None:  # a failover casualty, not a policy error
            warnings.append(
                replace(
                    kept[1],
                    message=f"cannot schedule {_describe(manifest)}: {kept[1].message}",
                    file=policy.file,
                    field_path=("spec", "placement"),
                    document=policy.index,
                )
            )
            return Binding(
                manifest,
                policy,
                replicas,
                kept[0],
                divided=field_ is not None and _is_divided(placement),
            )
        raise RenderError(
            [
                replace(
                    f,
                    message=f"cannot schedule {_describe(manifest)}: {f.message}",
                    file=policy.file,
                    field_path=f.field_path or ("spec", "placement"),
                    document=policy.index,
                    stage="schedule",
                )
                for f in e.findings
            ]
        ) from e
    return Binding(
        manifest,
        policy,
        replicas,
        result,
        divided=field_ is not None and _is_divided(placement),
    )


def _copy_for(
    binding: Binding, cluster: Cluster, replicas: int, inputs: Inputs, out: RenderPlan
) -> dict[str, Any]:
    manifest = binding.manifest
    field_ = replica_field(manifest.body, inputs.replica_fields)
    memo = out.memo or CopyMemo(inputs.override_policies)
    out.memo = memo
    key = None
    if manifest.template is None:  # a template's copy depends on the whole cluster
        key = (
            id(manifest),
            id(binding.policy),
            replicas if binding.divided and field_ is not None else None,
            binding.autoscaling.get(cluster.name) if binding.autoscaling else None,
            memo.rules_signature(manifest, cluster),
        )
    obj, applied, warnings = memo.copy(
        key,
        cluster,
        lambda: _make_copy(binding, cluster, replicas, inputs, memo.selected(manifest), field_),
    )
    out.warnings.extend(warnings)
    if applied:
        out.overrides[(binding.key, cluster.name)] = applied
    return obj


def _make_copy(
    binding: Binding,
    cluster: Cluster,
    replicas: int,
    inputs: Inputs,
    overrides: Sequence[Policy],
    field_: ReplicaField | None,
) -> tuple[dict[str, Any], tuple[Any, ...], tuple[Finding, ...]]:
    manifest = binding.manifest
    body: Mapping[str, Any] = manifest.body
    if manifest.template is not None:  # rendered with its share before replicas are set
        share = replicas if field_ is not None else None
        body = render_copy(manifest, cluster, share, inputs.replica_fields)
    if binding.autoscaling:
        body = with_bounds(body, binding.autoscaling[cluster.name])
    if binding.divided and field_ is not None:
        body = with_replicas(body, field_, replicas)
    try:
        result = apply_overrides(body, cluster, overrides)
    except RenderError as e:
        raise RenderError(
            [_in_policy_document(f, inputs.override_policies) for f in e.findings]
        ) from e
    renamed = overridden_identity_problem(result.manifest, body, result.applied, cluster.name)
    if renamed is not None:
        raise RenderError([renamed])
    warnings = tuple(
        _in_policy_document(w, inputs.override_policies) for w in result.warnings
    )
    obj = (
        copy.deepcopy(result.manifest)
        if result.manifest is manifest.body
        else result.manifest
    )
    meta = obj.setdefault("metadata", {})
    annotations = dict(meta.get("annotations") or {})
    annotations[SOURCE_ANNOTATION] = manifest.file
    if binding.policy is not None:
        annotations.update(_policy_annotations(binding.policy))
    if result.applied_cluster_overrides:
        annotations[APPLIED_COP] = result.applied_cluster_overrides
    if result.applied_overrides:
        annotations[APPLIED_OP] = result.applied_overrides
    meta["annotations"] = annotations
    return obj, result.applied, warnings


def _in_policy_document(finding: Finding, policies: Sequence[Policy]) -> Finding:
    for policy in policies:
        if policy.file == finding.file and policy.index != finding.document:
            return replace(finding, document=policy.index)
    return finding


def _namespace_objects(
    objects: list[dict[str, Any]], declared: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    present = {
        o["metadata"]["name"]
        for o in objects
        if o.get("kind") == "Namespace" and o.get("apiVersion") == "v1"
    }
    needed = (
        {o["metadata"].get("namespace") for o in objects}
        - present
        - RESERVED_NAMESPACES
        - {None, ""}
    )
    made = []
    for name in sorted(needed):
        body = copy.deepcopy(
            dict(
                declared.get(name)
                or {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}
            )
        )
        made.append(body)
    return made


def iter_unknown_cluster_names(
    policies: Sequence[Policy], clusters: Sequence[Cluster]
) -> Iterator[Finding]:
    """Warn for cluster names in policies that no fleet defines (most likely a typo)."""
    known = {c.name for c in clusters}
    for policy in policies:
        for path, name in _cluster_name_refs(policy.spec, ("spec",)):
            if isinstance(name, str) and name not in known:
                yield Finding(
                    f"cluster {name!r} is not defined by any fleet; it matches nothing",
                    policy.file,
                    path,
                    severity="warning",
                    hint=did_you_mean(name, known),
                    document=policy.index,
                )


def _cluster_name_refs(
    node: Any, path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in ("clusterNames", "exclude") and isinstance(value, list):
                for i, name in enumerate(value):
                    yield (*path, key, i), name
            else:
                yield from _cluster_name_refs(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _cluster_name_refs(value, (*path, i))


def _attach_dependencies(
    inputs: Inputs, out: RenderPlan, by_name: Mapping[str, Cluster]
) -> list[Finding]:
    attached = attach_dependencies(
        out.bindings, inputs.manifests, inputs.replica_fields
    )
    out.bindings[:] = attached.bindings
    # An object sent along as a dependency does go somewhere after all.
    sent = {
        (b.manifest.file, b.manifest.index) for b in attached.bindings if b.required_by
    }
    out.warnings[:] = [
        w
        for w in out.warnings
        if not (w.field_path == ("metadata", "name") and (w.file, w.document) in sent)
    ]
    out.warnings.extend(attached.warnings)
    errors: list[Finding] = []
    for binding, name in attached.copies:
        if name not in out.objects:  # another shard's cluster
            continue
        try:
            out.objects[name].append(_copy_for(binding, by_name[name], 0, inputs, out))
        except RenderError as e:
            errors.extend(e.findings)
    return errors


def _replay(manifest: Manifest, unit: Unit, policy: Policy, out: RenderPlan) -> None:
    binding = Binding(manifest, policy, unit.replicas, unit.result, unit.divided)
    out.bindings.append(binding)
    out.warnings.extend(unit.warnings)
    for copy_ in unit.copies:
        out.objects[copy_.cluster].append(copy_.obj)
        if copy_.applied:
            out.overrides[(binding.key, copy_.cluster)] = copy_.applied
        if copy_.text is not None:
            out.texts[id(copy_.obj)] = (copy_.obj, copy_.text)


def plan(
    inputs: Inputs,
    *,
    fresh: bool = False,
    clusters: Collection[str] | None = None,
    reuse: Reuse | None = None,
) -> RenderPlan:
    """Decide every object of every cluster.

    Args:
        inputs: the checked inputs (see :func:`render.inputs.read_inputs`).
        fresh: ignore the previous bindings, as Karmada's Fresh reschedule does.
        clusters: make the objects of these clusters only (a shard); every
            object is still scheduled, so the bindings are complete.
        reuse: the last render's units, taken where nothing that decided them
            changed, and this render's units recorded (see :mod:`render.reuse`).

    Returns:
        The plan; nothing is written.

    Raises:
        RenderError: every scheduling and override error of the run.
    """
    out = RenderPlan(
        clusters=inputs.clusters,
        objects={
            c.name: [] for c in inputs.clusters if clusters is None or c.name in clusters
        },
    )
    out.warnings.extend(
        iter_unknown_cluster_names(
            inputs.propagation_policies + inputs.override_policies, inputs.clusters
        )
    )
    out.warnings.extend(iter_ambiguities(inputs))
    errors: list[Finding] = []
    by_name = {c.name: c for c in inputs.clusters}
    declared_namespaces: dict[str, Mapping[str, Any]] = {}
    placements = PlacementDefaults(inputs.clusters, inputs.fleet_placements)
    schedules: dict[Any, ScheduleResult] = {}
    if clusters is not None:
        reuse = None  # a unit holds every cluster's copies
    by_ref = {ref_of(p): p for p in inputs.propagation_policies}
    for manifest in targets_first(inputs.manifests):
        follower, notes = follow_target(
            manifest, out.bindings, inputs.propagation_policies
        )
        out.warnings.extend(notes)
        taken = None if reuse is None or follower else reuse.take(manifest, by_ref)
        if taken is not None:
            _replay(manifest, *taken, out)
            placements.of(taken[1])  # its warnings, as if it had been placed now
            continue
        mark = len(out.warnings)
        policy = (
            None
            if follower
            else _choose(manifest, inputs.propagation_policies, out.warnings)
        )
        if (
            manifest.kind == "Namespace"
            and manifest.api_version == "v1"
            and policy is None
        ):
            declared_namespaces[manifest.name] = manifest.body
        try:
            if follower is not None:
                binding = follower
            elif policy is not None:
                binding = _schedule_one(
                    manifest, policy, inputs, fresh, placements, schedules, out.warnings
                )
            else:
                continue
            out.bindings.append(binding)
            copies = []
            for name, replicas in binding.result.clusters:
                if name in out.objects:  # else another shard's cluster
                    obj = _copy_for(binding, by_name[name], replicas, inputs, out)
                    out.objects[name].append(obj)
                    applied = out.overrides.get((binding.key, name), ())
                    copies.append(Copy(name, replicas, obj, applied))
            if reuse is not None and follower is None and policy is not None:
                result = (binding.replicas, binding.result, binding.divided)
                reuse.keep(manifest, policy, result, out.warnings[mark:], copies)
        except RenderError as e:
            errors.extend(e.findings)
    out.warnings.extend(placements.warnings)
    if not errors:  # dependencies follow complete workload placements
        errors.extend(_attach_dependencies(inputs, out, by_name))
    if not errors:  # routes are checked against a complete placement only
        errors.extend(apply_traffic(inputs, out))
    if errors:
        raise RenderError(errors)
    for name, objects in out.objects.items():
        objects.extend(_namespace_objects(objects, declared_namespaces))
    return out
