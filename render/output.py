"""Writing out/: one folder per cluster with its kustomization.yaml, plus bindings.yaml.

Writing it, all or nothing, is :mod:`render.writing`'s (its names are re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from render.emitting import dump
from render.writing import MARKER, compare_tree, read_tree, recover, write_tree

if TYPE_CHECKING:
    from render.pipeline import Binding, RenderPlan

CLUSTER_SCOPE_FOLDER = "_cluster"  # "_" cannot start a namespace name, so no collision
__all__ = [
    "MARKER",
    "binding_object",
    "bindings_text",
    "compare_tree",
    "dump",
    "kustomization",
    "listing_of",
    "object_path",
    "read_tree",
    "recover",
    "render_files",
    "write_tree",
]


def object_path(obj: Mapping[str, Any]) -> str:
    """``<namespace or _cluster>/<kind>[.<group>]_<name>.yaml``: collision-free per cluster."""
    meta = obj["metadata"]
    group = str(obj["apiVersion"]).rpartition("/")[0]
    kind = str(obj["kind"]).lower() + (f".{group}" if group else "")
    folder = meta.get("namespace") or CLUSTER_SCOPE_FOLDER
    return f"{folder}/{kind}_{meta['name']}.yaml"


def kustomization(paths: Iterable[str]) -> str:
    """The kustomization.yaml listing every file of a cluster folder."""
    return dump({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                 "resources": sorted(paths)})


def listing_order(binding: Binding) -> tuple[str, str, str]:
    """Where the binding's item sorts in bindings.yaml: by the namespace, name and
    apiVersion of :func:`binding_object` (worked out without building it)."""
    m = binding.manifest
    return (m.namespace if m.namespaced else "", f"{m.name}-{m.kind.lower()}", m.api_version)


def binding_object(binding: Binding) -> dict[str, Any]:
    """The binding as Karmada's work.karmada.io/v1alpha2 (Cluster)ResourceBinding."""
    m = binding.manifest
    resource = {"apiVersion": m.api_version, "kind": m.kind, "name": m.name}
    meta: dict[str, Any] = {"name": f"{m.name}-{m.kind.lower()}"}
    if m.namespaced:
        resource["namespace"] = meta["namespace"] = m.namespace
    spec: dict[str, Any] = {
        "resource": resource,
        "clusters": [{"name": n, "replicas": r} for n, r in binding.result.clusters],
    }
    if binding.replicas:
        spec["replicas"] = binding.replicas
    if binding.policy is not None and binding.policy.propagates_dependencies:
        spec["propagateDeps"] = True
    if binding.required_by:
        spec["requiredBy"] = [
            {"namespace": s.namespace, "name": s.name,
             "clusters": [{"name": n, "replicas": r} for n, r in s.clusters]}
            for s in binding.required_by
        ]
    body: dict[str, Any] = {
        "apiVersion": "work.karmada.io/v1alpha2",
        "kind": "ResourceBinding" if m.namespaced else "ClusterResourceBinding",
        "metadata": meta,
        "spec": spec,
    }
    if binding.result.observed_affinity_name:
        body["status"] = {"schedulerObservedAffinityName": binding.result.observed_affinity_name}
    return body


MARKER_TEXT = "# written by fleet-render; this folder is replaced on every render\n"


def render_files(plan: RenderPlan, shard: tuple[int, int] | None = None) -> dict[str, str]:
    """Every file of the output tree (of one shard's clusters), relative path to text."""
    marker = MARKER_TEXT if shard is None else f"{MARKER_TEXT}# shard {shard[0]}/{shard[1]}\n"
    files: dict[str, str] = {MARKER: marker}
    texts = plan.texts  # copies shared between clusters are emitted once
    known = plan.paths
    for cluster in plan.clusters:
        if cluster.name not in plan.objects:  # another shard's
            continue
        paths = []
        for obj in plan.objects.get(cluster.name, ()):
            path = known.get(id(obj))  # copies shared between clusters: worked out once
            if path is None:
                path = known[id(obj)] = object_path(obj)
            hit = texts.get(id(obj))
            if hit is not None and hit[0] is obj:
                text = hit[1]
            else:
                text = dump(obj)
                texts[id(obj)] = (obj, text)
            files[f"{cluster.name}/{path}"] = text
            paths.append(path)
        files[f"{cluster.name}/kustomization.yaml"] = kustomization(paths)
    files["bindings.yaml"] = bindings_text(plan)
    return files


def bindings_text(plan: RenderPlan) -> str:
    """bindings.yaml's text (as :func:`render_files` writes it)."""
    plan.listing = None  # made when asked for (listing_of)
    return _listing_text(plan, sorted(plan.bindings, key=listing_order))


def listing_of(plan: RenderPlan) -> dict[str, Any]:
    """bindings.yaml's content (made once, when first asked for: the file itself is
    joined from each binding's emitted item)."""
    if plan.listing is None:
        items = [binding_object(b) for b in sorted(plan.bindings, key=listing_order)]
        plan.listing = {"apiVersion": "v1", "kind": "List", "items": items}
    return plan.listing


# bindings.yaml as joined from its items' YAML (render.delta cuts items out of it)
LISTING_HEAD, LISTING_TAIL = "apiVersion: v1\nitems:\n", "kind: List\n"


def listing_item(item: dict[str, Any]) -> str:
    """One binding's entry of bindings.yaml (see :func:`binding_object`), as YAML."""
    return "  - " + dump(item)[:-1].replace("\n", "\n    ") + "\n"


def _listing_text(plan: RenderPlan, bindings: list[Binding]) -> str:
    # bindings.yaml is its items' own YAML, indented as list entries: each binding an
    # earlier render emitted is not emitted again (9 MB at 1,000 clusters). That is the
    # listing's bytes when yaml-rs wrote every item; an item that needed quotes may
    # have been PyYAML's, which turns the whole listing into PyYAML's: then it is
    # emitted whole, as before.
    parts = []
    listed = plan.listed
    for binding in bindings:
        hit = listed.get(id(binding))
        if hit is None or hit[0] is not binding:
            hit = listed[id(binding)] = (binding, listing_item(binding_object(binding)))
        parts.append(hit[1])
    if not parts or any("'" in part or '"' in part for part in parts):
        return dump(listing_of(plan))
    return LISTING_HEAD + "".join(parts) + LISTING_TAIL
