"""Member clusters: Kurator Fleets (inline clusters or AttachedCluster references) to Clusters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from render.errors import Finding
from render.loading import Document
from render.model import FLEET_LABEL, Cluster, Taint
from render.naming import is_dns_label

FLEET_API = "fleet.kurator.dev/v1alpha1"
ATTACHED_API = "cluster.kurator.dev/v1alpha1"
# Karmada refuses member cluster names longer than 48 characters (validation.ClusterNameMaxLength).
CLUSTER_NAME_MAX = 48


def cluster_name_problem(name: Any) -> str | None:
    """Why a cluster name is unusable (it becomes a folder name), or None."""
    if not isinstance(name, str) or not name:
        return "cluster name must be a non-empty string"
    if len(name) > CLUSTER_NAME_MAX:
        return f"cluster name must be at most {CLUSTER_NAME_MAX} characters"
    if not is_dns_label(name):
        return "cluster name must be a DNS-1123 label (lower-case letters, digits and '-')"
    return None


def _zones(entry: Mapping[str, Any], labels: Mapping[str, str]) -> tuple[str, ...]:
    if entry.get("zones"):
        return tuple(str(z) for z in entry["zones"])
    zone = entry.get("zone") or labels.get("zone") or labels.get("topology.kubernetes.io/zone")
    return (str(zone),) if zone else ()


def _resources(raw: Any) -> Mapping[str, Mapping[str, str]] | None:
    if not isinstance(raw, Mapping):
        return None
    return {part: {k: str(v) for k, v in (raw.get(part) or {}).items()} for part in ("allocatable", "allocated", "allocating")}


def _cluster(entry: Mapping[str, Any], fleet: str, file: str) -> Cluster:
    labels = {str(k): str(v) for k, v in (entry.get("labels") or {}).items()}
    labels[FLEET_LABEL] = fleet
    taints = tuple(
        Taint(key=str(t.get("key", "")), effect=str(t.get("effect", "")), value=str(t.get("value") or ""))
        for t in entry.get("taints") or ()
    )
    return Cluster(
        name=entry["name"],
        fleet=fleet,
        labels=labels,
        provider=str(entry.get("provider") or labels.get("provider") or ""),
        region=str(entry.get("region") or labels.get("region") or labels.get("topology.kubernetes.io/region") or ""),
        zones=_zones(entry, labels),
        taints=taints,
        resources=_resources(entry.get("resources")),
        file=file,
        values=dict(entry.get("values") or {}),
    )


def _attached_clusters(documents: Sequence[Document]) -> dict[str, Document]:
    return {
        str(d.data.get("metadata", {}).get("name")): d
        for d in documents
        if d.data.get("apiVersion") == ATTACHED_API and d.data.get("kind") == "AttachedCluster"
    }


def _entry_of(ref: Mapping[str, Any], attached: Mapping[str, Document]) -> Mapping[str, Any] | None:
    doc = attached.get(str(ref.get("name")))
    if doc is None:
        return None
    return {**(doc.data.get("spec") or {}), "name": ref["name"]}


def build_clusters(documents: Sequence[Document]) -> tuple[list[Cluster], list[Finding]]:
    """Every member cluster of every Fleet, sorted by name, and the problems found.

    Args:
        documents: the schema-valid documents of ``fleets/``.

    Returns:
        The clusters, and findings for bad names, dangling references and clusters
        defined twice with different content.
    """
    attached = _attached_clusters(documents)
    by_name: dict[str, tuple[Cluster, Document, int]] = {}
    findings: list[Finding] = []
    fleets = [d for d in documents if d.data.get("apiVersion") == FLEET_API and d.data.get("kind") == "Fleet"]
    for doc in sorted(fleets, key=lambda d: (str(d.data["metadata"].get("name")), d.file, d.index)):
        fleet = str(doc.data["metadata"].get("name"))
        for i, entry in enumerate((doc.data.get("spec") or {}).get("clusters") or []):
            where: dict[str, Any] = {"file": doc.file, "document": doc.index}
            if "kind" in entry and entry.get("kind") != "Cluster":
                resolved = _entry_of(entry, attached)
                if resolved is None:
                    findings.append(Finding(f"{entry.get('kind')} {entry.get('name')!r} is not defined in fleets/", field_path=("spec", "clusters", i, "name"), **where))
                    continue
                entry = resolved
            problem = cluster_name_problem(entry.get("name"))
            if problem:
                findings.append(Finding(problem, field_path=("spec", "clusters", i, "name"), **where))
                continue
            cluster = _cluster(entry, fleet, doc.file)
            first = by_name.get(cluster.name)
            if first is None:
                by_name[cluster.name] = (cluster, doc, i)
            elif _without_fleet(first[0]) != _without_fleet(cluster):
                findings.append(Finding(
                    f"cluster {cluster.name!r} is already defined differently in {first[1].file} (fleet {first[0].fleet!r})",
                    field_path=("spec", "clusters", i, "name"), **where))
    return [by_name[n][0] for n in sorted(by_name)], findings


def _without_fleet(cluster: Cluster) -> tuple[Any, ...]:
    labels = {k: v for k, v in cluster.labels.items() if k != FLEET_LABEL}
    return (sorted(labels.items()), cluster.provider, cluster.region, cluster.zones, cluster.taints,
            repr(cluster.resources), repr(cluster.values))
