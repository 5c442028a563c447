"""Karmada's dependency interpreter tables (dependencies_extra.yaml, dependencies_round2.yaml)
against render.dependencies.references, and (type: render) whole renders with propagateDeps.

Karmada returns sets per kind: lists of {apiVersion, kind, namespace, name} are compared sorted
and without repeats. A Karmada error means the distributor attaches nothing: an empty list.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from render import runner
from render.dependencies import references
from tests.conftest import CONFORMANCE, fleet_text, write_repo

CASES = [
    case
    for name in ("dependencies_extra.yaml", "dependencies_round2.yaml")
    for case in yaml.safe_load((CONFORMANCE / name).read_text())
]

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


def _params(kind: str | None = None) -> list[Any]:
    params = []
    for case in CASES:
        if case.get("type") != kind:
            continue
        reason = case.get("unreachable") or case.get("unmodelled") or case.get("xfail")
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


FLEET = fleet_text("member1", "member2", "member3")


@pytest.mark.parametrize("case", _params("render"))
def test_render(case: dict[str, Any], tmp_path: Path) -> None:
    files = {"fleets/prod.yaml": FLEET}
    files.update({f"policies/p{i}.yaml": yaml.safe_dump(p, sort_keys=False) for i, p in enumerate(case["policies"])})
    files.update({f"apps/a{i}.yaml": yaml.safe_dump(a, sort_keys=False) for i, a in enumerate(case["apps"])})
    report = runner.build(write_repo(tmp_path, files))
    placed: dict[str, list[str]] = {}
    for path, text in report.files.items():
        cluster, _, rest = path.partition("/")
        if rest.startswith("default/"):
            doc = yaml.safe_load(text)
            placed.setdefault(cluster, []).append(f"{doc['kind']}/{doc['metadata']['name']}")
    want = case["expect"]
    assert {c: sorted(placed.get(c, [])) for c in want["placed"]} == want["placed"], case["source"]
    items = {i["metadata"]["name"]: i["spec"] for i in yaml.safe_load(report.files["bindings.yaml"])["items"]}
    for name, fields in (want.get("bindings") or {}).items():
        assert {k: items.get(name, {}).get(k) for k in fields} == fields, name
