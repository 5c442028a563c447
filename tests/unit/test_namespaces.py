"""Generated Namespaces get the ClusterOverridePolicies that pick them, as Karmada's
namespace sync applies them to each cluster's namespace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from render import runner
from tests.conftest import fleet_text, write_repo

FLEET = fleet_text("member1", "member2", regions={"member1": "eu", "member2": "us"})
APP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: team}
data: {a: b}
"""
POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]
  placement:
    clusterAffinity: {clusterNames: [member1, member2]}
"""


def _override(selectors: str) -> str:
    return f"""\
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {{name: mesh}}
spec:
{selectors}  overrideRules:
  - targetCluster: {{fieldSelector: {{matchExpressions: [{{key: region, operator: In, values: [eu]}}]}}}}
    overriders:
      labelsOverrider: [{{operator: add, value: {{istio-injection: enabled}}}}]
"""


def _namespaces(tmp_path: Path, override: str) -> dict[str, dict[str, Any]]:
    write_repo(tmp_path, {"fleets/prod.yaml": FLEET, "apps/app.yaml": APP, "policies/all.yaml": POLICY,
                          "policies/mesh.yaml": override})
    out = runner.build(tmp_path).files
    return {cluster: yaml.safe_load(out[f"{cluster}/_cluster/namespace_team.yaml"]) for cluster in ("member1", "member2")}


@pytest.mark.parametrize(("selectors", "picked"), [
    ("  resourceSelectors: [{apiVersion: v1, kind: Namespace}]\n", True),
    ("  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: team}]\n", True),
    ("", True),  # no resource selectors: every object, namespaces included
    ("  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: other}]\n", False),
    ("  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n", False),
], ids=["by kind", "by name", "no selectors", "another name", "another kind"])
def test_cluster_override_policies_reach_generated_namespaces(tmp_path: Path, selectors: str, picked: bool) -> None:
    namespaces = _namespaces(tmp_path, _override(selectors))
    eu, us = namespaces["member1"], namespaces["member2"]
    assert us == {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}}  # the rule targets eu only
    if not picked:
        assert eu == us
        return
    assert eu["metadata"]["labels"] == {"istio-injection": "enabled"}
    applied = json.loads(eu["metadata"]["annotations"]["policy.karmada.io/applied-cluster-overrides"])
    assert [a["policyName"] for a in applied] == ["mesh"]
