"""OverridePolicies are selected against the object the ClusterOverridePolicies left,
as Karmada's ApplyOverridePolicies does, in a whole render with its shared copies."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from render import runner
from tests.conftest import fleet_text, write_repo

FLEET = fleet_text("member1", "member2", regions={"member1": "eu", "member2": "us"})
APP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.0}]}
"""
EVERYWHERE = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: team}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  placement: {clusterAffinity: {clusterNames: [member1, member2]}}
"""


def _tier_label(target: str) -> str:
    return f"""\
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {{name: tiers}}
spec:
  resourceSelectors: [{{apiVersion: apps/v1, kind: Deployment}}]
  overrideRules:
  - {target}overriders:
      labelsOverrider: [{{operator: add, value: {{tier: edge}}}}]
"""


def _edge_tag(target: str, namespace: str = "team") -> str:
    return f"""\
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {{name: edge, namespace: {namespace}}}
spec:
  resourceSelectors: [{{apiVersion: apps/v1, kind: Deployment, labelSelector: {{matchLabels: {{tier: edge}}}}}}]
  overrideRules:
  - {target}overriders:
      imageOverrider: [{{component: Tag, operator: replace, value: "2.0"}}]
"""


def _images(tmp_path: Path, cop: str, op: str) -> dict[str, str]:
    files = {"fleets/prod.yaml": FLEET, "apps/web.yaml": APP, "policies/pp.yaml": EVERYWHERE,
             "policies/cop.yaml": cop, "policies/op.yaml": op}
    report = runner.build(write_repo(tmp_path, files))
    return {cluster: yaml.safe_load(report.files[f"{cluster}/team/deployment.apps_web.yaml"])
            ["spec"]["template"]["spec"]["containers"][0]["image"] for cluster in ("member1", "member2")}


EU = "targetCluster: {fieldSelector: {matchExpressions: [{key: region, operator: In, values: [eu]}]}}\n    "
MEMBER1 = "targetCluster: {clusterNames: [member1]}\n    "


@pytest.mark.parametrize(
    ("cop", "op", "images"),
    [
        # the label one region's ClusterOverridePolicy adds makes the OverridePolicy select the object there only
        (_tier_label(EU), _edge_tag(""), {"member1": "nginx:2.0", "member2": "nginx:1.0"}),
        # labelled everywhere alike, but the OverridePolicy's rule targets one cluster: the
        # two copies must not be shared although the same rules matched before relabelling
        (_tier_label(""), _edge_tag(MEMBER1), {"member1": "nginx:2.0", "member2": "nginx:1.0"}),
        (_tier_label(""), _edge_tag(""), {"member1": "nginx:2.0", "member2": "nginx:2.0"}),
        # an OverridePolicy selects only objects of its own namespace, relabelled or not
        (_tier_label(""), _edge_tag("", "other"), {"member1": "nginx:1.0", "member2": "nginx:1.0"}),
    ],
    ids=["label-added-in-one-region", "rule-targets-one-cluster", "everywhere", "other-namespace"],
)
def test_override_policies_see_what_cluster_override_policies_did(
    tmp_path: Path, cop: str, op: str, images: dict[str, str]
) -> None:
    assert _images(tmp_path, cop, op) == images
