"""Policy-matching vectors of replicas_lowlevel.yaml, against choose_policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from render.model import Policy
from render.ranking import choose_policy, missing_dependent_overrides, never_propagated

CONFORMANCE = Path(__file__).parents[1] / "conformance"
VECTORS = [
    v
    for v in yaml.safe_load((CONFORMANCE / "replicas_lowlevel.yaml").read_text())
    if v["function"].startswith("detector.")
]
HIGHEST = [v for v in VECTORS if v["function"].startswith("detector.getHighest")]
HIGHER = [v for v in VECTORS if v["function"].startswith("detector.getHigher")]

MATCH_ALL = {"apiVersion": "apps/v1", "kind": "Deployment"}
RESOURCE = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "nginx", "namespace": "test"},
}


def to_manifest(raw: dict[str, Any]) -> dict[str, Any]:
    metadata = {k: raw[k] for k in ("name", "namespace", "labels") if k in raw}
    return {"apiVersion": raw["apiVersion"], "kind": raw["kind"], "metadata": metadata}


def to_policy(raw: dict[str, Any]) -> Policy:
    # The Go test ranks a list the detector already scoped to the resource's
    # namespace, so the policies carry no namespace of their own here.
    spec = {k: raw[k] for k in ("resourceSelectors", "priority") if k in raw}
    return Policy("PropagationPolicy", raw["name"], "", spec)


@pytest.mark.parametrize("vector", HIGHEST, ids=[v["id"] for v in HIGHEST])
def test_highest_priority_policy(vector: dict[str, Any]) -> None:
    policies = [to_policy(p) for p in vector["input"]["policies"]]
    chosen = choose_policy(to_manifest(vector["input"]["resource"]), policies)
    assert (chosen.name if chosen else None) == vector["expect"]


@pytest.mark.parametrize("vector", HIGHER, ids=[v["id"] for v in HIGHER])
def test_higher_priority_policy_by_name(vector: dict[str, Any]) -> None:
    names = [vector["input"]["a"], vector["input"]["b"]]
    policies = [
        Policy("PropagationPolicy", n, "", {"resourceSelectors": [MATCH_ALL]})
        for n in names
    ]
    for ordering in (policies, policies[::-1]):
        chosen = choose_policy(RESOURCE, ordering)
        assert chosen is not None
        assert chosen.name == vector["expect"]


# What Karmada's resource detector never propagates, whatever selects it (EventFilter and
# the default skipped APIs): (apiVersion, kind, namespace) -> propagated?
DETECTOR_FILTER = [
    ("apps/v1", "Deployment", "default", True),
    ("apps/v1", "Deployment", "karmada-system", False),
    ("apps/v1", "Deployment", "karmada-cluster", False),
    ("apps/v1", "Deployment", "karmada-es-member1", False),
    ("apps/v1", "Deployment", "karmada-es", True),  # the prefix is "karmada-es-"
    ("v1", "ConfigMap", "kube-system", False),
    ("v1", "ConfigMap", "kube-public", False),
    ("v1", "ConfigMap", "kube-", False),  # kube-.* matched whole
    ("v1", "ConfigMap", "kubeflow", True),
    ("v1", "ConfigMap", "my-kube-system", True),
    ("v1", "Namespace", "", True),  # cluster-scoped: no namespace to skip
    ("policy.karmada.io/v1alpha1", "PropagationPolicy", "default", False),
    ("work.karmada.io/v1alpha2", "ResourceBinding", "default", False),
    ("autoscaling.karmada.io/v1alpha1", "FederatedHPA", "default", False),
    ("events.k8s.io/v1", "Event", "default", False),
    ("v1", "Event", "default", False),
    ("coordination.k8s.io/v1", "Lease", "default", False),
    ("coordination.k8s.io/v1beta1", "Lease", "default", True),
    ("karmada.io/v1", "Thing", "default", True),  # only Karmada's own groups
]


@pytest.mark.parametrize(("api_version", "kind", "namespace", "propagated"), DETECTOR_FILTER,
                         ids=[f"{a} {k} {n}" for a, k, n, _ in DETECTOR_FILTER])
def test_what_the_detector_never_propagates(api_version: str, kind: str, namespace: str, propagated: bool) -> None:
    metadata = {"name": "x", **({"namespace": namespace} if namespace else {})}
    reason = never_propagated({"apiVersion": api_version, "kind": kind, "metadata": metadata})
    assert (reason is None) is propagated, reason


DEPENDENT = [
    # (policy kind and namespace, dependentOverrides, override policies present) -> missing
    (("PropagationPolicy", "team"), ["op"], [("OverridePolicy", "team", "op")], []),
    (("PropagationPolicy", "team"), ["op"], [("OverridePolicy", "other", "op")], ["op"]),
    (("PropagationPolicy", "team"), ["op"], [("ClusterOverridePolicy", "", "op")], ["op"]),
    (("PropagationPolicy", "team"), ["a", "b"], [("OverridePolicy", "team", "b")], ["a"]),
    (("ClusterPropagationPolicy", ""), ["cop"], [("ClusterOverridePolicy", "", "cop")], []),
    (("ClusterPropagationPolicy", ""), ["cop"], [("OverridePolicy", "team", "cop")], ["cop"]),
    (("PropagationPolicy", "team"), [], [], []),
]


@pytest.mark.parametrize(("policy", "names", "present", "missing"), DEPENDENT)
def test_dependent_overrides_must_exist(policy: tuple[str, str], names: list[str],
                                        present: list[tuple[str, str, str]], missing: list[str]) -> None:
    propagation = Policy(policy[0], "p", policy[1], {"dependentOverrides": names})
    overrides = [Policy(kind, name, namespace, {}) for kind, namespace, name in present]
    assert missing_dependent_overrides(propagation, overrides) == missing
