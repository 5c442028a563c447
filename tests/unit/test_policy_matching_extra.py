"""More of Karmada's policy-matching tables (policy_matching_extra.yaml) and what its resource
detector propagates at all (detector_extra.yaml), through the project's own harnesses."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from render.model import Policy
from render.ranking import (
    best_selector_priority,
    choose_policy,
    rank_policies,
    resource_selector_priority,
)
from render.scheduling.placement import (
    apply_placement_defaults,
    replica_scheduling_type,
)
from tests.unit import test_policy_matching as pm
from tests.unit import test_scheduling_lowlevel as ll

CONFORMANCE = Path(__file__).parents[1] / "conformance"
VECTOR_FILES = ("policy_matching_extra.yaml", "policy_matching_round2.yaml")
VECTORS = [v for name in VECTOR_FILES for v in yaml.safe_load((CONFORMANCE / name).read_text())]
# Cases where Karmada's code and fleet-render differ (id -> what differs): expected to fail.
XFAIL: dict[str, str] = {}
PIPELINE = yaml.safe_load((CONFORMANCE / "detector_extra.yaml").read_text())


def run_plan(i: dict[str, Any]) -> dict[str, bool]:
    """Which objects pipeline.plan propagates to any cluster (key namespace/name)."""
    from render.inputs import Inputs
    from render.model import Cluster, Manifest
    from render.pipeline import plan

    def pol(raw: dict[str, Any]) -> Policy:
        return Policy(raw["kind"], raw["name"], raw.get("namespace", ""), raw["spec"])

    manifests = tuple(
        Manifest(o, "apps/x.yaml", n, namespaced=bool(o["metadata"].get("namespace")))
        for n, o in enumerate(i["objects"])
    )
    inputs = Inputs(
        clusters=tuple(Cluster(c) for c in i["clusters"]),
        propagation_policies=tuple(pol(p) for p in i["policies"]),
        override_policies=tuple(pol(p) for p in i["overrides"]),
        manifests=manifests,
    )
    result = plan(inputs)
    placed = {
        (o["metadata"].get("namespace") or "", o["metadata"]["name"])
        for objs in result.objects.values()
        for o in objs
        if o["kind"] != "Namespace"
    }
    return {
        f'{o["metadata"].get("namespace", "")}/{o["metadata"]["name"]}': (
            o["metadata"].get("namespace") or "", o["metadata"]["name"]
        ) in placed
        for o in i["objects"]
    }


def run_claims(i: dict[str, Any], expect: dict[str, Any]) -> dict[str, Any]:
    """Which policy claims each object and where pipeline.plan puts it, key "Kind namespace/name"
    ("Kind name" when cluster-scoped); only the fields ``expect`` names for the object."""
    from render.inputs import Inputs, cluster_scoped_kinds, manifest_of
    from render.loading import Document
    from render.model import Cluster
    from render.pipeline import plan

    def pol(raw: dict[str, Any]) -> Policy:
        namespace = "" if raw["kind"].startswith("Cluster") else raw.get("namespace") or "default"
        return Policy(raw["kind"], raw["name"], namespace, raw["spec"])

    def key(o: dict[str, Any]) -> str:
        ns = o["metadata"].get("namespace") or ""
        return f'{o["kind"]} {ns + "/" if ns else ""}{o["metadata"]["name"]}'

    docs = [Document(o, "apps/x.yaml", n) for n, o in enumerate(i["objects"])]
    manifests = tuple(manifest_of(doc, cluster_scoped_kinds(docs)) for doc in docs)
    result = plan(Inputs(
        clusters=tuple(Cluster(c) for c in i["clusters"]),
        propagation_policies=tuple(pol(p) for p in i["policies"]),
        override_policies=tuple(pol(p) for p in i.get("overrides") or ()),
        manifests=manifests,
    ))
    claimed = {key(dict(b.manifest.body)): b.policy.ref for b in result.bindings if b.policy is not None}
    placed: dict[str, list[str]] = {}
    for cluster, objects in result.objects.items():
        for o in objects:
            placed.setdefault(key(o), []).append(cluster)
    got: dict[str, Any] = {}
    for m in manifests:
        k = key(dict(m.body))
        full = {"policy": claimed.get(k), "clusters": sorted(placed.get(k, []))}
        got[k] = {f: full[f] for f in expect.get(k, full)}
    return got


def cpp(raw: dict[str, Any]) -> Policy:
    spec = {k: raw[k] for k in ("resourceSelectors", "priority") if k in raw}
    return Policy("ClusterPropagationPolicy", raw["name"], "", spec)


def higher(kind: str, i: dict[str, Any]) -> str:
    names = [n for n in (i["a"], i["b"]) if n is not None]  # nil policy: absent
    policies = [Policy(kind, n, "", {"resourceSelectors": [pm.MATCH_ALL]}) for n in names]
    got = set()
    for ordering in (policies, policies[::-1]):
        chosen = choose_policy(pm.RESOURCE, ordering)
        assert chosen is not None
        got.add(chosen.name)
    assert len(got) == 1, got
    return got.pop()


def run(v: dict[str, Any]) -> Any:
    f, i = v["function"], v["input"]
    if f.startswith("detector.propagateResource (via pipeline.plan"):
        return run_claims(i, v["expect"])
    if f == "detector.propagateResource (policy choice)":
        policies = [Policy(p["kind"], p["name"], p.get("namespace", ""), p["spec"]) for p in i["policies"]]
        chosen = choose_policy(pm.to_manifest(i["resource"]), policies)
        return chosen.ref if chosen else None
    if f == "detector.getHighestPriorityPropagationPolicy":
        pm.test_highest_priority_policy(v)  # the project's own harness
        return v["expect"]
    if f == "detector.getHighestPriorityClusterPropagationPolicy":
        chosen = choose_policy(pm.to_manifest(i["resource"]), [cpp(p) for p in i["policies"]])
        return chosen.name if chosen else None
    if f == "detector.getHigherPriorityPropagationPolicy(a, b)":
        return higher("PropagationPolicy", i)
    if f == "detector.getHigherPriorityClusterPropagationPolicy(a, b)":
        return higher("ClusterPropagationPolicy", i)
    if f == "util.ResourceSelectorPriority(resource, rs)":
        return resource_selector_priority(pm.to_manifest(i["resource"]), i["selector"])
    if f == "util.ResourceMatchSelectorsPriority(resource, selectors...)":
        return best_selector_priority(pm.to_manifest(i["resource"]), i["selectors"])
    if f == "detector.LookForMatchedPolicy":
        policies = [
            Policy(p["kind"], p["name"], p.get("namespace", ""), {"resourceSelectors": p["resourceSelectors"]})
            for p in i["policies"]
        ]
        chosen = choose_policy(pm.to_manifest(i["resource"]), policies)
        return chosen.name if chosen else None
    if f == "v1alpha1.ExplicitPriority":
        spec: dict[str, Any] = {"resourceSelectors": [pm.MATCH_ALL]}
        if i["priority"] is not None:
            spec["priority"] = i["priority"]
        ns = "test" if i["kind"] == "PropagationPolicy" else ""
        ranked = rank_policies(pm.RESOURCE, [Policy(i["kind"], "p", ns, spec)])
        return ranked[0][1]
    if f == "Placement.ReplicaSchedulingType":
        return replica_scheduling_type(i["placement"])
    if f == "helper.SetDefaultSpreadConstraints":
        got = apply_placement_defaults({"spreadConstraints": i["spreadConstraints"]})["spreadConstraints"]
        return [{k: c[k] for k in ("spreadByField", "minGroups") if c.get(k) not in (None, "")} for c in got]
    # anything else: the scheduling low-level harness
    ll.test_lowlevel_vector(v)
    return v["expect"]


def _param(v: dict[str, Any]) -> Any:
    if v["id"] in XFAIL:
        return pytest.param(v, id=v["id"], marks=pytest.mark.xfail(strict=True, reason=XFAIL[v["id"]]))
    return pytest.param(v, id=v["id"])


@pytest.mark.parametrize("vector", [_param(v) for v in VECTORS])
def test_policy_matching_vector(vector: dict[str, Any]) -> None:
    assert run(vector) == vector["expect"]


@pytest.mark.parametrize("vector", PIPELINE, ids=[v["id"] for v in PIPELINE])
def test_detector_vector(vector: dict[str, Any]) -> None:
    assert run_plan(vector["input"]) == vector["expect"]
