"""Karmada's default resource interpreter: a workload's replicas, per-replica requests and
node claim (native/replica.go, util/resource.go, helper/binding.go), and what each
cluster's copy gets (revisereplica.go, the binding controller's Job completions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from render import runner
from render.workloads import claims_nodes, pod_requests, replica_field, replicas_of
from tests.conftest import fleet_text, write_repo


def _job(parallelism: Any = None, completions: Any = None) -> dict[str, Any]:
    spec = {k: v for k, v in (("parallelism", parallelism), ("completions", completions)) if v is not None}
    return {"apiVersion": "batch/v1", "kind": "Job", "spec": spec}


# (id, object, replicas Karmada's scheduler divides)
REPLICAS = [
    ("deployment", {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": 3}}, 3),
    ("deployment, replicas defaulted", {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {}}, 1),
    ("job: parallelism", _job(3), 3),
    ("job: at most its completions", _job(3, 2), 2),
    ("job: completions above parallelism", _job(3, 5), 3),
    ("job: parallelism defaulted, no completions left", _job(None, 0), 0),
    ("pod: always one", {"apiVersion": "v1", "kind": "Pod", "spec": {}}, 1),
    ("daemonset: no replica interpreter", {"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {}}, 0),
    ("an apiVersion Karmada does not register", {"apiVersion": "apps/v1beta2", "kind": "Deployment",
                                                  "spec": {"replicas": 3}}, 0),
]


@pytest.mark.parametrize(("body", "replicas"), [c[1:] for c in REPLICAS], ids=[c[0] for c in REPLICAS])
def test_replicas(body: dict[str, Any], replicas: int) -> None:
    assert replicas_of(body, {}) == replicas


def _pod(containers: list[dict[str, Any]], init: list[dict[str, Any]] = (), **spec: Any) -> dict[str, Any]:
    def container(requests: dict[str, Any]) -> dict[str, Any]:
        return {"name": "c", "resources": {"requests": requests}}

    return {"apiVersion": "v1", "kind": "Pod",
            "spec": {"containers": [container(c) for c in containers],
                     "initContainers": [container(c) for c in init], **spec}}


# (id, pod, requests): each container's quantity rounded up before summing (cpu to a
# millicore, the rest to a unit), init containers as a floor, overhead added; only the
# resource names Karmada's resource model counts
REQUESTS = [
    ("summed", _pod([{"cpu": "250m", "memory": "64Mi"}, {"cpu": "1"}]), {"cpu": "1250m", "memory": "67108864"}),
    ("cpu rounded up per container", _pod([{"cpu": "100u"}, {"cpu": "100u"}]), {"cpu": "2m"}),
    ("memory rounded up per container", _pod([{"memory": "1500m"}, {"memory": "1500m"}]), {"memory": "4"}),
    ("init containers a floor, rounded too", _pod([{"cpu": "100m"}], [{"cpu": "200500u"}]), {"cpu": "201m"}),
    ("overhead rounded and added", _pod([{"cpu": "100m"}], overhead={"cpu": "1u"}), {"cpu": "101m"}),
    ("extended and hugepages counted", _pod([{"nvidia.com/gpu": "1", "hugepages-2Mi": "2Mi"}]),
     {"hugepages-2Mi": "2097152", "nvidia.com/gpu": "1"}),
    ("names it does not count", _pod([{"foo": "1", "storage": "1Gi", "requests.example.com/x": "1",
                                       "Example.com/gpu": "1", "cpu": "1"}]), {"cpu": "1"}),
]


@pytest.mark.parametrize(("body", "requests"), [c[1:] for c in REQUESTS], ids=[c[0] for c in REQUESTS])
def test_requests(body: dict[str, Any], requests: dict[str, str]) -> None:
    field = replica_field(body, {})
    assert field is not None
    assert pod_requests(body, field) == requests


CLAIMS = [
    ("nothing", {}, False),
    ("a node selector", {"nodeSelector": {"disk": "ssd"}}, True),
    ("an empty node selector: the API server drops it", {"nodeSelector": {}}, False),
    ("no tolerations", {"tolerations": []}, False),
    ("a toleration", {"tolerations": [{"key": "gpu", "operator": "Exists"}]}, True),
    ("a required node affinity", {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": []}}}}, True),
    ("a preferred node affinity only", {"affinity": {"nodeAffinity": {
        "preferredDuringSchedulingIgnoredDuringExecution": []}}}, False),
    ("a pod affinity", {"affinity": {"podAffinity": {}}}, False),
]


@pytest.mark.parametrize(("spec", "claims"), [c[1:] for c in CLAIMS], ids=[c[0] for c in CLAIMS])
def test_node_claims(spec: dict[str, Any], claims: bool) -> None:
    body = {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": spec}}}
    field = replica_field(body, {})
    assert field is not None
    assert claims_nodes(body, field) is claims


FLEET = fleet_text("member1", "member2")
POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors:
  - {apiVersion: batch/v1, kind: Job}
  - {apiVersion: v1, kind: Pod}
  - {apiVersion: apps/v1, kind: Deployment}
  placement:
    clusterAffinity: {clusterNames: [member1, member2]}
"""
DIVIDED = """\
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [member1]}, weight: 1}
        - {targetCluster: {clusterNames: [member2]}, weight: 1}
"""
TEMPLATE = "template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}"


def _rendered(tmp_path: Path, app: str, placement: str) -> dict[str, dict[str, Any]]:
    write_repo(tmp_path, {"fleets/prod.yaml": FLEET, "policies/all.yaml": POLICY + placement, "apps/app.yaml": app})
    files = runner.build(tmp_path).files
    return {path.partition("/")[0]: yaml.safe_load(text) for path, text in files.items()
            if path.startswith("member") and "/default/" in path}


def _deployment(spec: str, pod: str = "") -> str:
    template = f"{{metadata: {{labels: {{a: b}}}}, spec: {{{pod}containers: [{{name: c, image: busybox}}]}}}}"
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\n"
            f"spec: {{{spec}selector: {{matchLabels: {{a: b}}}}, template: {template}}}\n")


# (id, object, placement, cluster -> the fields of its copy that Karmada sets)
COPIES = [
    ("a Divided Job shares out its completions as its parallelism",
     f"apiVersion: batch/v1\nkind: Job\nmetadata: {{name: j}}\nspec: {{parallelism: 4, completions: 10, {TEMPLATE}}}\n",
     DIVIDED, {"member1": {"parallelism": 2, "completions": 5}, "member2": {"parallelism": 2, "completions": 5}}),
    ("a Duplicated Job runs at most its completions in each cluster",
     f"apiVersion: batch/v1\nkind: Job\nmetadata: {{name: j}}\nspec: {{parallelism: 3, completions: 2, {TEMPLATE}}}\n",
     "", {"member1": {"parallelism": 2, "completions": 2}, "member2": {"parallelism": 2, "completions": 2}}),
    ("a work-queue Job (no completions) keeps none",
     f"apiVersion: batch/v1\nkind: Job\nmetadata: {{name: j}}\nspec: {{parallelism: 4, {TEMPLATE}}}\n",
     DIVIDED, {"member1": {"parallelism": 2}, "member2": {"parallelism": 2}}),
    ("a Divided Pod is one replica: one cluster, unchanged",
     "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: busybox}]}\n",
     DIVIDED, {"member1": {"containers": [{"name": "c", "image": "busybox"}]}}),
    ("a Duplicated Deployment gets its replicas written", _deployment(""),
     "", {"member1": {"replicas": 1}, "member2": {"replicas": 1}}),
    ("no replicas and no requests: not a workload, everywhere with 0", _deployment("replicas: 0, "),
     DIVIDED, {"member1": {"replicas": 0}, "member2": {"replicas": 0}}),
    ("no replicas but a node selector: a workload with nothing to place",
     _deployment("replicas: 0, ", "nodeSelector: {disk: ssd}, "),
     DIVIDED, {}),
]


@pytest.mark.parametrize(("app", "placement", "copies"), [c[1:] for c in COPIES], ids=[c[0] for c in COPIES])
def test_cluster_copies(tmp_path: Path, app: str, placement: str, copies: dict[str, dict[str, Any]]) -> None:
    rendered = _rendered(tmp_path, app, placement)
    assert sorted(rendered) == sorted(copies)
    for cluster, fields in copies.items():
        spec = rendered[cluster]["spec"]
        assert {k: spec.get(k) for k in fields} == fields, cluster
        if "completions" not in fields:
            assert "completions" not in spec
