"""Policy-matching vectors of replicas_lowlevel.yaml, against choose_policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from render.model import Policy
from render.ranking import choose_policy

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
