from __future__ import annotations

import pytest

from render.fleets import build_clusters
from render.loading import parse_documents
from render.model import Taint

FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata: {name: prod}
spec:
  clusters:
  - name: hz
    labels: {region: asia-east, provider: alibaba, zone: z1}
    taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
    resources: {allocatable: {cpu: 4, pods: "10"}}
  - name: fr
    labels: {topology.kubernetes.io/region: eu, topology.kubernetes.io/zone: eu-1}
    provider: aws
    zones: [eu-1, eu-2]
  - kind: AttachedCluster
    name: edge
---
apiVersion: cluster.kurator.dev/v1alpha1
kind: AttachedCluster
metadata: {name: edge}
spec:
  kubeconfig: {secretRef: {name: edge-kubeconfig}}
  labels: {region: edge, provider: kubeedge}
"""


def test_inline_and_attached_clusters_become_karmada_clusters() -> None:
    clusters, findings = build_clusters(parse_documents(FLEET, "fleets/prod.yaml"))
    assert findings == []
    assert [c.name for c in clusters] == ["edge", "fr", "hz"]
    edge, fr, hz = clusters
    assert (hz.provider, hz.region, hz.zones) == ("alibaba", "asia-east", ("z1",))
    assert hz.taints == (Taint("dedicated", "NoSchedule", "gpu"),)
    assert hz.resources == {"allocatable": {"cpu": "4", "pods": "10"}, "allocated": {}, "allocating": {}}
    assert (fr.provider, fr.region, fr.zones) == ("aws", "eu", ("eu-1", "eu-2"))
    assert (edge.provider, edge.region, edge.resources) == ("kubeedge", "edge", None)
    assert all(c.labels["fleet.kurator.dev/name"] == "prod" for c in clusters)


def _fleet(name: str, cluster: str) -> str:
    return f"apiVersion: fleet.kurator.dev/v1alpha1\nkind: Fleet\nmetadata: {{name: {name}}}\nspec:\n  clusters:\n{cluster}"


CASES = [
    ("same-cluster-twice-identical", [_fleet("a", "  - {name: c1, labels: {x: y}}\n"),
                                      _fleet("b", "  - {name: c1, labels: {x: y}}\n")], []),
    ("same-cluster-twice-different", [_fleet("a", "  - {name: c1, labels: {x: y}}\n"),
                                      _fleet("b", "  - {name: c1, labels: {x: z}}\n")],
     ["f1.yaml: error: $.spec.clusters[0].name: cluster 'c1' is already defined differently in f0.yaml (fleet 'a')"]),
    ("uppercase-name", [_fleet("a", "  - {name: Bad}\n")],
     ["f0.yaml: error: $.spec.clusters[0].name: cluster name must be a DNS-1123 label (lower-case letters, digits and '-')"]),
    ("path-in-name", [_fleet("a", "  - {name: ../x}\n")],
     ["f0.yaml: error: $.spec.clusters[0].name: cluster name must be a DNS-1123 label (lower-case letters, digits and '-')"]),
    ("too-long-name", [_fleet("a", f"  - {{name: {'a' * 49}}}\n")],
     ["f0.yaml: error: $.spec.clusters[0].name: cluster name must be at most 48 characters"]),
    ("dangling-reference", [_fleet("a", "  - {kind: AttachedCluster, name: nope}\n")],
     ["f0.yaml: error: $.spec.clusters[0].name: AttachedCluster 'nope' is not defined in fleets/"]),
]


@pytest.mark.parametrize(("texts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cluster_problems(texts: list[str], expected: list[str]) -> None:
    docs = [d for i, t in enumerate(texts) for d in parse_documents(t, f"f{i}.yaml")]
    _, findings = build_clusters(docs)
    assert [str(f) for f in findings] == expected
