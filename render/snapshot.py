"""What a render keeps so that the next one can patch it: the snapshot of :mod:`render.delta`.

A full render of a repo whose objects are placed independently of one another (no
templates, HPAs, ``propagateDeps``, Istio routes or fleet default placements) keeps,
in the cache folder beside its other records: the hash of every input file it read,
the clusters and policies it placed with, and per object of ``apps/`` its policy, the
binding it wrote, the files it wrote, its warnings and its item of ``bindings.yaml``.
The next render after an edit that only moves placements can then re-place the
objects of the edited policies alone (:mod:`render.delta`).

The snapshot belongs to one state of ``out``: it names the digest of the written
record (:func:`render.outtree.save_written`) of that state, and any render that writes ``out``
another way forgets it first.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from render import records
from render.autoscaling import is_autoscaler
from render.errors import Finding
from render.inputs import Inputs, ObjectKey
from render.mesh import ISTIO_GROUP
from render.model import Cluster, Policy
from render.output import listing_order, object_path
from render.redaction import secret_values
from render.reuse import PolicyRef, ref_of

if TYPE_CHECKING:
    from render.pipeline import RenderPlan
    from render.scheduling import ScheduleResult

_FORMAT = b"fleet-render snapshot 2\n"


class Kept(NamedTuple):
    """One object's share of a render."""

    key: ObjectKey
    file: str
    document: int  # its index in the file
    policy: PolicyRef
    previous: tuple[Any, str]  # the binding it wrote (PreviousBinding's fields): the next render's history
    stable: bool  # its binding equals the history it was placed with
    paths: tuple[str, ...]  # its files, <cluster>/<path>
    item: int  # where its item sits in bindings.yaml (items sort by object, which a placement never changes)
    namespace_kind: bool  # a Namespace itself (its body is what clusters get)


@dataclass
class Snapshot:
    """What :mod:`render.delta` needs of the last render (see the module docstring).

    The objects are kept per policy in marshal data, so a render that re-places the
    objects of one policy decodes those alone (22,000 objects at 1,000 clusters).
    """

    source: str
    inputs: dict[str, bytes]  # input file -> content hash
    written: bytes  # digest of the written record of out/ as this render left it
    clusters: tuple[Cluster, ...]
    policies: dict[tuple[str, int], Policy]  # every policy, by file and document
    replica_fields: Mapping[Any, Any]
    fleet_placements: Mapping[str, Any]
    read_warnings: tuple[Finding, ...]
    ambiguities: tuple[Finding, ...]  # and the warnings of objects no policy places
    unknown_names: tuple[Finding, ...]  # cluster names no fleet has, per policy document
    groups: dict[PolicyRef, bytes]  # each policy's objects: marshal data of Kept tuples
    unstable: dict[tuple[str, int], PolicyRef]  # objects whose binding moved: placed again next time
    items: bytes  # the length of each item of bindings.yaml, in order (array "q")
    warnings: dict[tuple[str, int], tuple[Finding, ...]]  # each object's, where it has any
    present: dict[str, tuple[str, ...]]  # cluster -> Namespace objects placed there
    made: dict[str, tuple[str, ...]]  # cluster -> Namespace objects made for it
    declared: dict[str, Mapping[str, Any]]  # Namespace bodies apps/ declares
    secrets: list[str]
    located: dict[Finding, Finding] = field(default_factory=dict)  # warnings with their lines
    out_print: str = ""  # render.freshness's fingerprint of out/ as this render left it
    counts: tuple[int, int] = (0, 0)  # objects and cluster folders written, as the command line tells them

    def objects_of(self, refs: Iterable[PolicyRef]) -> list[Kept]:
        """The objects these policies placed."""
        return [Kept._make(k) for ref in refs for k in marshal.loads(self.groups.get(ref, marshal.dumps([])))]


def group(objects: Iterable[Kept]) -> bytes:
    """A policy's objects as :attr:`Snapshot.groups` keeps them."""
    return marshal.dumps([tuple(k) for k in objects])


def snapshot_path(out: Path) -> Path:
    return records.record_path(out, "snapshot")


def history(result: ScheduleResult) -> tuple[Any, str]:
    """A binding as the next render reads it back from bindings.yaml (PreviousBinding's
    fields: the (name, replicas) pairs, the observed affinity term)."""
    return tuple(result.clusters), result.observed_affinity_name or ""


def patchable(inputs: Inputs, plan: RenderPlan) -> bool:
    """Whether each object's files depend on its own inputs only (and its policy's)."""
    if any(f.placement for f in inputs.fleet_placements.values()) or inputs.cluster_kinds:
        return False  # (a patch reads an object alone, not the CRD that makes it cluster-scoped)
    if any(p.propagates_dependencies for p in inputs.propagation_policies):
        return False
    from render.pipeline import namespace_overrides  # the pipeline imports this module

    if namespace_overrides(inputs.override_policies):  # namespaces a patch makes would need them
        return False
    for m in inputs.manifests:
        if m.template is not None or is_autoscaler(m) or str(m.api_version).startswith(ISTIO_GROUP + "/"):
            return False
    if len(plan.units) != len(plan.bindings) or any(b.required_by for b in plan.bindings):
        return False
    # bindings.yaml joined from its items (render.output._listing_text) only
    return not any("'" in text or '"' in text for _, text in plan.listed.values())


def take(inputs: Inputs, plan: RenderPlan, digests: Sequence[tuple[str, bytes]], source: str,
         written: bytes) -> Snapshot | None:
    """The snapshot of a finished full render, or None when it cannot be patched."""
    if not patchable(inputs, plan):
        return None
    found = []
    for binding, unit in plan.units.values():
        listed = plan.listed.get(id(binding))
        if binding.policy is None or listed is None or listed[0] is not binding:
            return None
        found.append((listing_order(binding), binding, unit, listed[1]))
    found.sort(key=lambda f: f[0])  # bindings.yaml's order
    groups: dict[PolicyRef, list[Kept]] = {}
    unstable: dict[tuple[str, int], PolicyRef] = {}
    lengths = array("q")
    warnings: dict[tuple[str, int], tuple[Finding, ...]] = {}
    present: dict[str, list[str]] = {}
    known_paths = plan.paths  # each copy's path, as render_files made it
    for item, (_, binding, unit, text) in enumerate(found):
        m, key = binding.manifest, binding.key
        before = inputs.previous.get(key)
        now = history(binding.result)
        stable = before is not None and (before.clusters, before.observed_affinity_name) == now
        paths = []
        for c in unit.copies:
            path = known_paths.get(id(c.obj)) or object_path(c.obj)
            paths.append(f"{c.cluster}/{path}")
            if path.startswith("_cluster/namespace_") and c.obj.get("kind") == "Namespace":
                present.setdefault(c.cluster, []).append(c.obj["metadata"]["name"])
        ref = ref_of(binding.policy)  # type: ignore[arg-type]  # every unit has one (checked above)
        groups.setdefault(ref, []).append(Kept(key, m.file, m.index, ref, now, stable, tuple(paths),
                                               item, m.kind == "Namespace"))
        if not stable:
            unstable[(m.file, m.index)] = ref
        lengths.append(len(text))
        if unit.warnings:
            warnings[(m.file, m.index)] = tuple(unit.warnings)
    return Snapshot(
        source=source,
        inputs=dict(digests),
        written=written,
        clusters=inputs.clusters,
        policies={(p.file, p.index): p for p in (*inputs.propagation_policies, *inputs.override_policies)},
        replica_fields=dict(inputs.replica_fields),
        fleet_placements=dict(inputs.fleet_placements),
        read_warnings=tuple(inputs.warnings),
        ambiguities=(*plan.ambiguities, *plan.unplaced),
        unknown_names=tuple(plan.unknown_names),
        groups={ref: group(kept) for ref, kept in groups.items()},
        unstable=unstable,
        items=lengths.tobytes(),
        warnings=warnings,
        present={c: tuple(sorted(n)) for c, n in present.items()},
        made={c: tuple(n) for c, n in plan.made_namespaces.items()},
        declared=dict(plan.declared_namespaces),
        secrets=secret_values(inputs.manifests),
    )


def save(out: Path, snapshot: Snapshot | None) -> None:
    """Keep the snapshot of ``out`` (None: forget the old one)."""
    if snapshot is None:
        records.forget(snapshot_path(out))
    else:
        records.save(snapshot_path(out), _FORMAT, snapshot)


def load(out: Path) -> Snapshot | None:
    found = records.load(snapshot_path(out), _FORMAT)
    return found if isinstance(found, Snapshot) else None


def forget(out: Path) -> None:
    records.forget(snapshot_path(out))
