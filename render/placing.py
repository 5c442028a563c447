"""Placing one object: choose its propagation policy, schedule it, make and emit each cluster's copy.

Each object of ``apps/`` is placed on its own (HPAs following a target aside), so a
:class:`Placer` can place any share of the objects, in this process or in a worker,
and hand back :class:`render.reuse.Unit` records the plan replays in object order.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from render.autoscaling import with_bounds
from render.dependencies import RequiredBy
from render.emitting import dump
from render.errors import FieldPath, Finding, RenderError
from render.eviction import kept_after_eviction
from render.fleetplacement import PlacementDefaults
from render.inputs import Inputs, ObjectKey
from render.memo import CopyMemo
from render.model import SOURCE_ANNOTATION, Cluster, Manifest, Policy
from render.naming import overridden_identity_problem
from render.output import binding_object, listing_item
from render.overrides import apply_overrides
from render.ranking import CLAIMED_BY_LABEL, PolicyIndex, decide_policy
from render.reuse import Copy, Unit, ref_of
from render.scheduling import (
    NON_WORKLOAD,
    Feasibility,
    ScheduleResult,
    evicted_by_no_execute,
    evicted_though_tolerated,
    schedule,
)
from render.scheduling.division import spread_replicas_by_target_clusters
from render.workloads import (
    ReplicaField,
    claims_nodes,
    pod_requests,
    replica_field,
    replicas_of,
    requests_key,
    with_replicas,
)

APPLIED_COP = "policy.karmada.io/applied-cluster-overrides"
APPLIED_OP = "policy.karmada.io/applied-overrides"


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


def _policy_annotations(policy: Policy) -> dict[str, str]:
    if policy.cluster_scoped:
        return {"clusterpropagationpolicy.karmada.io/name": policy.name}
    return {
        "propagationpolicy.karmada.io/name": policy.name,
        "propagationpolicy.karmada.io/namespace": policy.namespace,
    }


def _choose(
    manifest: Manifest, policies: PolicyIndex, overrides: Sequence[Policy], warnings: list[Finding]
) -> Policy | None:
    # The detector's decision, and a warning for every way an object goes nowhere.
    choice = decide_policy(manifest.body, policies, overrides)

    def warn(message: str, file: str, where: FieldPath, document: int) -> None:
        warnings.append(Finding(message, file, where, severity="warning", stage="select", document=document))

    if choice.ignored:
        warn(f"{describe(manifest)} is never propagated: {choice.ignored}", manifest.file,
             ("metadata", "namespace") if manifest.namespaced else ("apiVersion",), manifest.index)
    elif choice.elsewhere:
        warn(f"{describe(manifest)} is claimed by {choice.elsewhere}, and Karmada's propagation policies "
             "leave it to that", manifest.file, ("metadata", "labels", CLAIMED_BY_LABEL), manifest.index)
    elif choice.claim_lost and choice.claimed is not None:
        warn(f"{describe(manifest)} carries the claim of {choice.claimed.ref}, which does not select it: "
             "Karmada propagates it nowhere", manifest.file, ("metadata", "annotations"), manifest.index)
    elif choice.chosen is None:
        if manifest.kind != "Namespace":
            warn(f"{describe(manifest)} is selected by no propagation policy and goes nowhere", manifest.file,
                 ("metadata", "name"), manifest.index)
    else:
        winner, other = choice.chosen, choice.tied
        if other is not None:
            warn(f"{describe(manifest)} is selected by {winner.ref} ({winner.file}) and {other.ref} ({other.file}) "
                 f"with equal priority; {winner.name!r} wins by name order, as in Karmada",
                 winner.file, ("spec", "resourceSelectors"), winner.index)
        if choice.held:
            warn(f"{describe(manifest)} goes nowhere: {choice.held[1]}", winner.file, ("spec", choice.held[0]),
                 winner.index)
    return choice.policy


def describe(manifest: Manifest) -> str:
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
    verdicts: bool,
    feasibility: Feasibility,
    sums: dict[str, dict[str, str] | None],
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
    leaving = evicted_though_tolerated(inputs.clusters, placement, evicted) if evicted else set()
    clusters = [c for c in inputs.clusters if c.name not in leaving] if leaving else inputs.clusters
    history = tuple((name, n) for name, n in history if name not in evicted)
    requests = None
    if field_ is not None:
        # many workloads ask for the same resources: summed once per distinct ask
        asked = requests_key(manifest.body, field_)
        if asked not in sums:
            sums[asked] = pod_requests(manifest.body, field_)
        requests = sums[asked]
    observed = "" if previous is None else previous.observed_affinity_name
    # Scheduling reads nothing of the object but these: objects of one policy with the
    # same replicas, requests and history share one result.
    claims = field_ is not None and claims_nodes(manifest.body, field_)
    key = (
        id(policy),
        replicas,
        tuple(sorted((requests or {}).items())),
        claims,
        history,
        observed,
    )
    try:
        result = schedules.get(key)
        if result is None:
            result = schedule(
                clusters,
                placement,
                replicas,
                requests=requests,
                previous=history,
                observed_affinity_name=observed,
                fresh=fresh,
                preferences=effective.preferences,
                feasibility=feasibility,
                # for explain only: one per cluster per result, 3.4 million at L
                verdicts=verdicts,
                claims_nodes=claims,
            )
            schedules[key] = result
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
            claims_nodes=claims,
        )
        kept = kept_after_eviction(
            e, clusters, placement, evicted, history, observed, rerun
        )
        if kept is not None:  # a failover casualty, not a policy error
            warnings.append(
                replace(
                    kept[1],
                    message=f"cannot schedule {describe(manifest)}: {kept[1].message}",
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
                    message=f"cannot schedule {describe(manifest)}: {f.message}",
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


@dataclass
class Placer:
    """Places objects for one render: the caches its objects share live here.

    ``clusters`` limits the copies made to a shard's clusters (None: every cluster).
    """

    inputs: Inputs
    fresh: bool = False
    clusters: Collection[str] | None = None
    verdicts: bool = False  # keep each cluster's scheduling verdict (for explain)
    placements: PlacementDefaults = field(init=False)
    memo: CopyMemo = field(init=False)
    _schedules: dict[Any, ScheduleResult] = field(default_factory=dict)
    _requests: dict[str, dict[str, str] | None] = field(default_factory=dict)
    _by_name: dict[str, Cluster] = field(init=False)
    _policies: PolicyIndex = field(init=False)
    _feasibility: Feasibility = field(init=False)

    def __post_init__(self) -> None:
        self.placements = PlacementDefaults(
            self.inputs.clusters, self.inputs.fleet_placements
        )
        self.memo = CopyMemo(self.inputs.override_policies)
        self._by_name = {c.name: c for c in self.inputs.clusters}
        self._policies = PolicyIndex(self.inputs.propagation_policies)
        self._feasibility = Feasibility(self.inputs.clusters)

    def place(
        self, manifest: Manifest
    ) -> tuple[Unit | None, list[Finding], list[Finding]]:
        """The object's unit (None: no policy selects it, or it failed), warnings, errors.

        Every copy's YAML is emitted here, so that a worker emits its own share.
        """
        warnings: list[Finding] = []
        policy = _choose(manifest, self._policies, self.inputs.override_policies, warnings)
        if policy is None:
            return None, warnings, []
        try:
            binding = _schedule_one(
                manifest,
                policy,
                self.inputs,
                self.fresh,
                self.placements,
                self._schedules,
                warnings,
                self.verdicts,
                self._feasibility,
                self._requests,
            )
            copies = []
            texts: dict[int, str] = {}
            completions = _job_completions(binding)  # shared out once, over every cluster
            for name, replicas in binding.result.clusters:
                if (self.clusters is None or name in self.clusters) and not policy.suspends(name):
                    obj, applied = self.copy_for(binding, name, replicas, warnings, completions.get(name))
                    text = texts.get(id(obj))
                    if text is None:
                        text = texts[id(obj)] = dump(obj)
                    copies.append(Copy(name, replicas, obj, applied, text))
        except RenderError as e:
            return None, warnings, list(e.findings)
        unit = Unit(
            ref_of(policy),
            b"",
            binding.replicas,
            binding.result,
            binding.divided,
            tuple(warnings),
            tuple(copies),
            # its bindings.yaml entry, emitted here too, so --jobs workers share it out
            listing_item(binding_object(binding)),
        )
        return unit, warnings, []

    def copy_for(
        self, binding: Binding, cluster: str, replicas: int, warnings: list[Finding],
        completions: int | None = None,
    ) -> tuple[dict[str, Any], tuple[Any, ...]]:
        """One cluster's copy of a bound object and the override rules applied to it;
        ``completions``: a Divided Job's share of them (:func:`_job_completions`).

        Raises:
            RenderError: an override cannot be applied.
        """
        manifest, memo, inputs = binding.manifest, self.memo, self.inputs
        target = self._by_name[cluster]
        field_ = replica_field(manifest.body, inputs.replica_fields)
        revise = _revised(binding, field_)
        key = None
        if manifest.template is None:  # a template's copy depends on the whole cluster
            key = (
                id(manifest),
                id(binding.policy),
                replicas if revise else None,
                completions,
                binding.autoscaling.get(cluster) if binding.autoscaling else None,
                memo.rules_signature(manifest, target),
                memo.reselection_signature(manifest, target),
            )
        obj, applied, found = memo.copy(
            key,
            target,
            lambda: _make_copy(
                binding, target, replicas, revise, completions, inputs, memo.selected(manifest), field_
            ),
        )
        warnings.extend(found)
        return obj, applied


def _revised(binding: Binding, field_: ReplicaField | None) -> bool:
    # Karmada writes each cluster's replicas into the copy of every workload (ReviseReplica
    # for IsWorkload bindings, Divided or Duplicated); a Pod's interpreter revises nothing.
    return field_ is not None and field_.fixed is None and binding.result.strategy != NON_WORKLOAD


_COMPLETIONS = ReplicaField(("spec", "completions"), None)


def _job_completions(binding: Binding) -> dict[str, int]:
    """A Job's completions per cluster copy: a Divided Job's shared out over its clusters
    in proportion to their replicas (Karmada's divideReplicasByJobCompletions); empty
    when the copies keep what the Job says."""
    if binding.manifest.kind != "Job":
        return {}
    spec = binding.manifest.body.get("spec")
    spec = spec if isinstance(spec, Mapping) else {}
    completions = spec.get("completions")
    # Neither field set: the API server makes both 1 (SetDefaults_Job) before Karmada
    # reads the Job, and every copy is written with it. Without it a member cluster
    # would see only the revised parallelism and run a work-queue Job instead.
    defaulted = completions is None and spec.get("parallelism") is None
    if defaulted:
        completions = 1
    if not isinstance(completions, int) or isinstance(completions, bool):
        return {}
    if binding.divided and binding.replicas > 0:
        return dict(spread_replicas_by_target_clusters(completions, binding.result.clusters))
    return {name: completions for name, _ in binding.result.clusters} if defaulted else {}


def _make_copy(
    binding: Binding,
    cluster: Cluster,
    replicas: int,
    revise: bool,
    completions: int | None,
    inputs: Inputs,
    overrides: Sequence[Policy],
    field_: ReplicaField | None,
) -> tuple[dict[str, Any], tuple[Any, ...], tuple[Finding, ...]]:
    manifest = binding.manifest
    body: Mapping[str, Any] = manifest.body
    if manifest.template is not None:  # rendered with its share before replicas are set
        share = replicas if field_ is not None else None
        from render.templating import render_copy  # jinja2 loads only for templates

        body = render_copy(manifest, cluster, share, inputs.replica_fields)
    if binding.autoscaling:
        body = with_bounds(body, binding.autoscaling[cluster.name])
    if revise and field_ is not None:
        body = with_replicas(body, field_, replicas)
    if completions is not None:
        body = with_replicas(body, _COMPLETIONS, completions)
    try:
        result = apply_overrides(body, cluster, overrides)
    except RenderError as e:
        raise RenderError(
            [_in_policy_document(f, inputs.override_policies) for f in e.findings]
        ) from e
    renamed = overridden_identity_problem(
        result.manifest, body, result.applied, cluster.name
    )
    if renamed is not None:
        raise RenderError([renamed])
    warnings = tuple(
        _in_policy_document(w, inputs.override_policies) for w in result.warnings
    )
    obj = result.manifest
    if obj is body:
        # No rule changed the object: its copy shares all but the top level and the
        # metadata with the input, the only parts set below (nothing downstream edits
        # a copy in place).
        obj = {**obj, "metadata": dict(obj.get("metadata") or {})}
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
