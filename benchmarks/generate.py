"""Synthetic fleet repos for the benchmarks: C clusters, W workloads, mixed policies.

    python benchmarks/generate.py --clusters 100 --workloads 1000 DIR

The repo is deterministic for given sizes (a seeded random generator), so runs compare.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from render.emitting import dump

PROVIDERS = {"aws": ["us-east", "us-west", "eu-west"], "gcp": ["us-central", "asia-east"],
             "alibaba": ["cn-hangzhou", "cn-shanghai"], "huawei": ["cn-north", "ap-southeast"]}
NAMESPACES = [f"team-{i}" for i in range(8)]
WORKLOADS_PER_POLICY = 20


def _dump_all(path: Path, docs: list[dict[str, Any]]) -> None:
    # fleet-render's own emitter quotes "1e3" and "on" as kubectl needs them quoted.
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n".join(dump(d) for d in docs))


def clusters(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Member clusters spread over providers, regions and zones, with capacity and a few taints."""
    out = []
    topology = [(p, r) for p, regions in PROVIDERS.items() for r in regions]
    for i in range(count):
        provider, region = topology[i % len(topology)]
        zone = f"{region}-{'abc'[(i // len(topology)) % 3]}"
        cpu = rng.choice([32, 64, 96, 128])
        cluster: dict[str, Any] = {
            "name": f"c{i:04d}-{provider}",
            "labels": {"provider": provider, "region": region, "env": "prod" if i % 4 else "staging"},
            "zone": zone,
            "resources": {"allocatable": {"cpu": str(cpu), "memory": f"{cpu * 4}Gi", "pods": "500"},
                          "allocated": {"cpu": str(rng.randint(0, cpu // 4)), "memory": "8Gi", "pods": "20"}},
        }
        if i % 20 == 19:
            cluster["taints"] = [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]
        out.append(cluster)
    return out


def workload(i: int, group: int, rng: random.Random) -> list[dict[str, Any]]:
    """A Deployment and its Service, and every fifth one a ConfigMap."""
    name, namespace = f"app-{i:05d}", NAMESPACES[group % len(NAMESPACES)]
    labels = {"app": name, "group": f"g{group:04d}"}
    meta = {"name": name, "namespace": namespace, "labels": labels}
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
        "spec": {"replicas": rng.choice([2, 3, 4, 6, 8, 12]), "selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{
                     "name": "app", "image": f"shop/{name}:1.{i % 10}.0", "args": ["--port=8080"],
                     "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}},
                     "env": [{"name": "MODE", "value": "on"}, {"name": "RATIO", "value": "1e3"}]}]}}},
    }
    service = {"apiVersion": "v1", "kind": "Service", "metadata": meta,
               "spec": {"selector": {"app": name}, "ports": [{"port": 80, "targetPort": 8080}]}}
    docs = [deployment, service]
    if i % 5 == 0:
        docs.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta,
                     "data": {"config.yaml": f"name: {name}\nlevel: info\n", "enabled": "no"}})
    return docs


def placement(kind: int, names: list[str], rng: random.Random) -> dict[str, Any]:
    """One of the five placement styles, over a handful of clusters."""
    chosen = sorted(rng.sample(names, min(len(names), rng.randint(2, 6))))
    affinity = {"clusterNames": chosen}
    if kind == 0:
        weights = [{"targetCluster": {"clusterNames": [c]}, "weight": rng.randint(1, 5)} for c in chosen]
        return {"clusterAffinity": affinity, "replicaScheduling": {
            "replicaSchedulingType": "Divided", "replicaDivisionPreference": "Weighted",
            "weightPreference": {"staticWeightList": weights}}}
    if kind == 1:
        return {"clusterAffinity": affinity, "replicaScheduling": {
            "replicaSchedulingType": "Divided", "replicaDivisionPreference": "Weighted",
            "weightPreference": {"dynamicWeight": "AvailableReplicas"}}}
    if kind == 2:
        return {"clusterAffinity": {"clusterNames": chosen[:3]}, "replicaScheduling": {
            "replicaSchedulingType": "Duplicated"}}
    if kind == 3:
        return {"clusterAffinity": affinity, "replicaScheduling": {
            "replicaSchedulingType": "Divided", "replicaDivisionPreference": "Aggregated"}}
    return {"clusterAffinity": affinity,
            "spreadConstraints": [{"spreadByField": "region", "minGroups": 1, "maxGroups": 2},
                                  {"spreadByField": "cluster", "minGroups": 1, "maxGroups": 3}],
            "replicaScheduling": {"replicaSchedulingType": "Divided", "replicaDivisionPreference": "Weighted",
                                  "weightPreference": {"dynamicWeight": "AvailableReplicas"}}}


def cluster_overrides() -> list[dict[str, Any]]:
    """Registry per provider; args and labels per region."""
    docs = []
    for provider, regions in PROVIDERS.items():
        docs.append({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "ClusterOverridePolicy",
                     "metadata": {"name": f"registry-{provider}"},
                     "spec": {"resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment"}],
                              "overrideRules": [{"targetCluster": {"labelSelector": {"matchLabels": {
                                  "provider": provider}}}, "overriders": {"imageOverrider": [{
                                      "component": "Registry", "operator": "replace",
                                      "value": f"registry.{provider}.example.com"}]}}]}})
        for region in regions:
            docs.append({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "ClusterOverridePolicy",
                         "metadata": {"name": f"region-{region}"},
                         "spec": {"resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment"}],
                                  "overrideRules": [{"targetCluster": {"fieldSelector": {"matchExpressions": [{
                                      "key": "region", "operator": "In", "values": [region]}]}},
                                      "overriders": {"argsOverrider": [{"containerName": "app", "operator": "add",
                                                                        "value": [f"--region={region}"]}],
                                                     "labelsOverrider": [{"operator": "add",
                                                                          "value": {"region": region}}]}}]}})
    return docs


def generate(root: Path, n_clusters: int, n_workloads: int, seed: int = 7) -> Path:
    """Write a synthetic fleet repo under ``root``."""
    rng = random.Random(seed)
    members = clusters(n_clusters, rng)
    _dump_all(root / "fleets" / "fleet.yaml", [{"apiVersion": "fleet.kurator.dev/v1alpha1", "kind": "Fleet",
                                                  "metadata": {"name": "bench"}, "spec": {"clusters": members}}])
    names = [c["name"] for c in members if "taints" not in c]
    groups = max(1, n_workloads // WORKLOADS_PER_POLICY)
    for g in range(groups):
        namespace = NAMESPACES[g % len(NAMESPACES)]
        apps = [d for i in range(g, n_workloads, groups) for d in workload(i, g, rng)]
        _dump_all(root / "apps" / namespace / f"group-{g:04d}.yaml", apps)
        policy = {"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
                  "metadata": {"name": f"group-{g:04d}", "namespace": namespace},
                  "spec": {"resourceSelectors": [
                      {"apiVersion": kind_api, "kind": kind, "labelSelector": {"matchLabels": {"group": f"g{g:04d}"}}}
                      for kind_api, kind in (("apps/v1", "Deployment"), ("v1", "Service"), ("v1", "ConfigMap"))],
                      "placement": placement(g % 5, names, rng)}}
        _dump_all(root / "policies" / f"group-{g:04d}.yaml", [policy])
    _dump_all(root / "policies" / "cluster-overrides.yaml", cluster_overrides())
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=10)
    parser.add_argument("--workloads", type=int, default=100)
    parser.add_argument("root", type=Path)
    args = parser.parse_args()
    generate(args.root, args.clusters, args.workloads)


if __name__ == "__main__":
    main()
