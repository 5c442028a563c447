"""The pure core: select a policy per object, schedule it, override each copy, bundle per cluster."""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from render.ambiguity import iter_ambiguities
from render.autoscaling import follow_target, is_autoscaler, targets_first
from render.dependencies import attach_dependencies
from render.errors import Finding, RenderError, did_you_mean
from render.inputs import Inputs, ObjectKey
from render.model import Cluster, Manifest, Policy
from render.overrides import apply_overrides
from render.placing import APPLIED_COP, APPLIED_OP, Binding, Placer
from render.reuse import Reuse, Unit, ref_of
from render.traffic import apply_traffic

__all__ = ["APPLIED_COP", "APPLIED_OP", "Binding", "RenderPlan", "plan"]
# Namespaces every cluster has; Karmada never propagates them either.
RESERVED_NAMESPACES = frozenset(
    {"default", "kube-system", "kube-public", "kube-node-lease"}
)


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
    # bindings.yaml's content, once render.output.listing_of made it
    listing: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    # id(object) -> (object, its YAML): copies emitted once, or taken from the last render
    texts: dict[int, tuple[dict[str, Any], str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # id(object) -> its path in a cluster folder, once the output files are made
    paths: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    # id(binding) -> (binding, its item of bindings.yaml): taken from the last render
    listed: dict[int, tuple[Binding, str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # What render.delta keeps of a render to patch it later: id(binding) -> (binding,
    # its unit); the warnings of iter_ambiguities and of objects placed nowhere; per cluster the Namespace objects
    # made for it; the Namespace bodies apps/ declares.
    units: dict[int, tuple[Binding, Unit]] = field(default_factory=dict, repr=False, compare=False)
    ambiguities: list[Finding] = field(default_factory=list, repr=False, compare=False)
    unplaced: list[Finding] = field(default_factory=list, repr=False, compare=False)  # objects no policy places
    unknown_names: list[Finding] = field(default_factory=list, repr=False, compare=False)  # in policies
    made_namespaces: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    declared_namespaces: dict[str, Mapping[str, Any]] = field(default_factory=dict, repr=False, compare=False)


def namespace_overrides(policies: Sequence[Policy]) -> tuple[Policy, ...]:
    """The ClusterOverridePolicies that can pick a Namespace: Karmada's namespace sync
    applies them to each cluster's namespace (an OverridePolicy, namespaced, picks no
    Namespace); one without resource selectors picks everything."""
    def picks(policy: Policy) -> bool:
        selectors = policy.spec.get("resourceSelectors")
        return not selectors or any(isinstance(s, Mapping) and s.get("apiVersion") == "v1"
                                    and s.get("kind") == "Namespace" for s in selectors)

    return tuple(p for p in policies if p.kind == "ClusterOverridePolicy" and picks(p))


def namespace_objects(
    objects: list[dict[str, Any]], declared: Mapping[str, Mapping[str, Any]],
    cluster: Cluster | None = None, overrides: Sequence[Policy] = (),
    warnings: list[Finding] | None = None,
) -> list[dict[str, Any]]:
    """The Namespace objects a cluster's objects need and do not bring (the declared body
    where apps/ has one), with ``overrides`` (:func:`namespace_overrides`) applied for
    ``cluster``; their warnings go to ``warnings``.

    Raises:
        RenderError: an override cannot be applied (Karmada syncs no namespace then).
    """
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
        if overrides and cluster is not None:
            result = apply_overrides(body, cluster, overrides)
            if result.applied_cluster_overrides:
                body = copy.deepcopy(result.manifest)
                meta = body.setdefault("metadata", {})
                meta["annotations"] = {**(meta.get("annotations") or {}),
                                       APPLIED_COP: result.applied_cluster_overrides}
            if warnings is not None:
                warnings.extend(result.warnings)
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
    inputs: Inputs, out: RenderPlan, placer: Placer
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
            _add_copy(out, placer, binding, name, 0)
        except RenderError as e:
            errors.extend(e.findings)
    return errors


def _add_copy(
    out: RenderPlan, placer: Placer, binding: Binding, cluster: str, replicas: int
) -> None:
    obj, applied = placer.copy_for(binding, cluster, replicas, out.warnings)
    out.objects[cluster].append(obj)
    if applied:
        out.overrides[(binding.key, cluster)] = applied


def _replay(manifest: Manifest, unit: Unit, policy: Policy, out: RenderPlan) -> None:
    binding = Binding(manifest, policy, unit.replicas, unit.result, unit.divided)
    out.bindings.append(binding)
    out.units[id(binding)] = (binding, unit)
    if unit.listed is not None:
        out.listed[id(binding)] = (binding, unit.listed)
    out.warnings.extend(unit.warnings)
    for copy_ in unit.copies:
        out.objects[copy_.cluster].append(copy_.obj)
        if copy_.applied:
            out.overrides[(binding.key, copy_.cluster)] = copy_.applied
        out.texts[id(copy_.obj)] = (copy_.obj, copy_.text)


# Below this many objects per worker, forking costs more than it saves.
MIN_OBJECTS_PER_WORKER = 32
Placed = tuple[Unit | None, list[Finding], list[Finding]]  # unit, warnings, errors


def place_all(
    placer: Placer, manifests: Sequence[Manifest], reuse: Reuse | None, jobs: int
) -> list[Placed]:
    """Every object's unit, in order: the last render's where it holds, else placed now
    (by ``jobs`` worker processes when there are several)."""
    placed: list[Placed | None] = [None] * len(manifests)
    recorded: dict[int, Any] = {}  # the records workers made of their units
    todo = []
    for i, manifest in enumerate(manifests):
        taken = reuse.take(manifest) if reuse is not None else None
        if taken is None:
            todo.append(i)
        else:
            placed[i] = (taken, list(taken.warnings), [])
    workers = min(jobs, len(todo) // MIN_OBJECTS_PER_WORKER)
    if workers > 1:
        from render.sharding import place_parallel  # forks: only when it pays

        for i, (unit, warnings, errors, record) in zip(
            todo,
            place_parallel(placer, [manifests[i] for i in todo], workers),
            strict=True,
        ):
            placed[i] = unit, warnings, errors
            if record is not None:
                recorded[i] = record
    else:
        for i in todo:
            placed[i] = placer.place(manifests[i])
    if reuse is not None:
        for i in todo:
            unit = placed[i][0]  # type: ignore[index]
            if unit is not None:
                reuse.keep(manifests[i], unit, recorded.get(i))
    return placed  # type: ignore[return-value]


def plan(
    inputs: Inputs,
    *,
    fresh: bool = False,
    clusters: Collection[str] | None = None,
    reuse: Reuse | None = None,
    jobs: int = 1,
    verdicts: bool = False,
) -> RenderPlan:
    """Decide every object of every cluster.

    Args:
        inputs: the checked inputs (see :func:`render.inputs.read_inputs`).
        fresh: ignore the previous bindings, as Karmada's Fresh reschedule does.
        clusters: make the objects of these clusters only (a shard); every
            object is still scheduled, so the bindings are complete.
        reuse: the last render's units, taken where nothing that decided them
            changed, and this render's units recorded (see :mod:`render.reuse`).
        jobs: worker processes placing the objects; the plan is the same.
        verdicts: keep every cluster's scheduling verdict in the bindings (what
            ``explain`` tells; memory grows with clusters times distinct results).

    Returns:
        The plan; nothing is written.

    Raises:
        RenderError: every scheduling and override error of the run.
    """
    out = RenderPlan(
        clusters=inputs.clusters,
        objects={
            c.name: []
            for c in inputs.clusters
            if clusters is None or c.name in clusters
        },
    )
    out.unknown_names = list(
        iter_unknown_cluster_names(
            inputs.propagation_policies + inputs.override_policies, inputs.clusters
        )
    )
    out.warnings.extend(out.unknown_names)
    out.warnings.extend(inputs.warnings)
    out.ambiguities = list(iter_ambiguities(inputs))
    out.warnings.extend(out.ambiguities)
    errors: list[Finding] = []
    declared_namespaces = out.declared_namespaces
    placer = Placer(inputs, fresh, clusters, verdicts)
    by_ref = {ref_of(p): p for p in inputs.propagation_policies}
    ordered = targets_first(inputs.manifests)
    workloads = [m for m in ordered if not is_autoscaler(m)]
    placed = place_all(placer, workloads, None if clusters is not None else reuse, jobs)
    for manifest, (unit, warnings, failed) in zip(workloads, placed, strict=True):
        _settle(
            manifest,
            unit,
            warnings,
            failed,
            out,
            placer,
            by_ref,
            errors,
            declared_namespaces,
        )
    for manifest in ordered[len(workloads) :]:  # HPAs, once their targets are bound
        follower, notes = follow_target(
            manifest, out.bindings, inputs.propagation_policies
        )
        out.warnings.extend(notes)
        if follower is None:
            _settle(
                manifest,
                *placer.place(manifest),
                out,
                placer,
                by_ref,
                errors,
                declared_namespaces,
            )
            continue
        out.bindings.append(follower)
        for name, replicas in follower.result.clusters:
            if name in out.objects:  # else another shard's cluster
                try:
                    _add_copy(out, placer, follower, name, replicas)
                except RenderError as e:
                    errors.extend(e.findings)
    out.warnings.extend(placer.placements.warnings)
    if not errors:  # dependencies follow complete workload placements
        errors.extend(_attach_dependencies(inputs, out, placer))
    if not errors:  # routes are checked against a complete placement only
        errors.extend(apply_traffic(inputs, out))
    if errors:
        raise RenderError(errors)
    overrides = namespace_overrides(inputs.override_policies)
    by_name = {c.name: c for c in inputs.clusters}
    for name, objects in out.objects.items():
        made = namespace_objects(objects, declared_namespaces, by_name[name], overrides, out.warnings)
        objects.extend(made)
        if made:
            out.made_namespaces[name] = [m["metadata"]["name"] for m in made]
    return out


def _settle(
    manifest: Manifest,
    unit: Unit | None,
    warnings: list[Finding],
    failed: list[Finding],
    out: RenderPlan,
    placer: Placer,
    by_ref: Mapping[Any, Policy],
    errors: list[Finding],
    declared: dict[str, Mapping[str, Any]],
) -> None:
    # One object's outcome into the plan, in object order.
    if unit is not None:
        policy = by_ref[unit.policy]
        placer.placements.of(policy)  # its warnings in order, wherever it was placed
        _replay(manifest, unit, policy, out)
        return
    out.warnings.extend(warnings)
    out.unplaced.extend(warnings)
    errors.extend(failed)
    if not failed and manifest.kind == "Namespace" and manifest.api_version == "v1":
        declared[manifest.name] = manifest.body
