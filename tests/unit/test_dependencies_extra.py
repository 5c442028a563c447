"""Karmada's dependency interpreter tables (dependencies_extra.yaml) against render.dependencies.references.

Karmada returns sets per kind: lists of {apiVersion, kind, namespace, name} are compared sorted
and without repeats. A Karmada error means the distributor attaches nothing: an empty list.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from render.dependencies import references
from tests.conftest import CONFORMANCE

CASES = yaml.safe_load((CONFORMANCE / "dependencies_extra.yaml").read_text())

# The Go tests that call a per-kind function directly bypass the dispatch by kind: the
# object is read as the kind that function is registered for.
REGISTERED = {
    "getDeploymentDependencies": ("apps/v1", "Deployment"),
    "getReplicaSetDependencies": ("apps/v1", "ReplicaSet"),
    "getJobDependencies": ("batch/v1", "Job"),
    "getCronJobDependencies": ("batch/v1", "CronJob"),
    "getPodDependencies": ("v1", "Pod"),
    "getDaemonSetDependencies": ("apps/v1", "DaemonSet"),
    "getStatefulSetDependencies": ("apps/v1", "StatefulSet"),
    "getIngressDependencies": ("networking.k8s.io/v1", "Ingress"),
    "getServiceImportDependencies": ("multicluster.x-k8s.io/v1alpha1", "ServiceImport"),
}


def _key(d: dict[str, Any]) -> tuple[Any, ...]:
    return (d["apiVersion"], d["kind"], d["namespace"], d.get("name", ""), repr(d.get("labelSelector")))


def _found(body: dict[str, Any]) -> list[dict[str, Any]]:
    namespace = (body.get("metadata") or {}).get("namespace") or "default"
    found = {(r.kind, r.name): {"apiVersion": "v1", "kind": r.kind, "namespace": namespace, "name": r.name}
             for r in references(body, {})}
    return sorted(found.values(), key=_key)


def _params() -> list[Any]:
    params = []
    for case in CASES:
        reason = case.get("unreachable") or case.get("unmodelled")
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_dependencies(case: dict[str, Any]) -> None:
    body = copy.deepcopy(case["input"])
    if case.get("go_function"):
        body["apiVersion"], body["kind"] = REGISTERED[case["go_function"]]
    found = _found(body)
    if case.get("kinds"):
        found = [d for d in found if d["kind"] in case["kinds"]]
    assert found == sorted(case["expect"], key=_key), case["source"]
