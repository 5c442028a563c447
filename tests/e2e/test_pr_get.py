"""get clusters / get bindings: Karmada's cluster and ResourceBinding lists, per format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, write_repo

EXAMPLE_CLUSTERS = """\
NAME               FLEET              PROVIDER  REGION      ZONES                      TAINTS                        CAPACITY                      OBJECTS  REPLICAS  LABELS
cluster-frankfurt  global-production  aws       eu-central  eu-central-1a              -                             cpu=48,memory=192Gi,pods=110  6        7         env=production,provider=aws,region=eu-central
cluster-hangzhou   global-production  alibaba   asia-east   asia-east-1a,asia-east-1b  -                             cpu=64,memory=256Gi,pods=110  14       24        env=production,provider=alibaba,region=asia-east
cluster-shanghai   global-production  huawei    asia-east   asia-east-2a               -                             cpu=32,memory=128Gi,pods=110  14       13        env=production,provider=huawei,region=asia-east
cluster-zone-a     global-production  alibaba   asia-north  asia-north-1a              -                             -                             1        6         env=production,provider=alibaba,region=asia-north
cluster-zone-b     global-production  alibaba   asia-north  asia-north-1b              dedicated=special:NoSchedule  -                             1        6         env=production,provider=alibaba,region=asia-north
ondemand-cluster   global-production  aws       us-west     us-west-2b                 -                             -                             2        2         capacity-type=on-demand,env=production,provider=aws,region=us-west
spot-cluster       global-production  aws       us-west     us-west-2a                 -                             -                             2        8         capacity-type=spot,env=production,provider=aws,region=us-west
"""

EXAMPLE_BINDINGS = """\
NAMESPACE  NAME                 KIND                     POLICY                                             STRATEGY       REPLICAS  CLUSTERS
default    ai-inference         Deployment               PropagationPolicy/default/inference-workload       StaticWeight   10        cluster-hangzhou:7,cluster-shanghai:3
default    api-global           DestinationRule          PropagationPolicy/default/cross-cluster-route      NonWorkload    0         cluster-frankfurt,cluster-hangzhou,cluster-shanghai
default    api-global           ServiceEntry             PropagationPolicy/default/cross-cluster-route      NonWorkload    0         cluster-frankfurt,cluster-hangzhou,cluster-shanghai
default    api-v1               Deployment               PropagationPolicy/default/api-v1                   StaticWeight   6         cluster-frankfurt:2,cluster-hangzhou:4
default    api-v2               Deployment               PropagationPolicy/default/api-v2                   Duplicated     1         cluster-frankfurt:1
default    cost-aware-hpa       HorizontalPodAutoscaler  -                                                  NonWorkload    0         ondemand-cluster,spot-cluster
default    cost-sensitive-app   Deployment               PropagationPolicy/default/cost-optimization        StaticWeight   10        ondemand-cluster:2,spot-cluster:8
default    cross-cluster-route  VirtualService           PropagationPolicy/default/cross-cluster-route      NonWorkload    0         cluster-frankfurt,cluster-hangzhou,cluster-shanghai
default    global-app           Deployment               PropagationPolicy/default/global-app               DynamicWeight  12        cluster-frankfurt:4,cluster-hangzhou:5,cluster-shanghai:3
default    large-scale-app      Deployment               PropagationPolicy/default/hierarchical-scheduling  Duplicated     6         cluster-zone-a:6,cluster-zone-b:6
default    nginx                Deployment               PropagationPolicy/default/nginx-propagation        StaticWeight   10        cluster-hangzhou:6,cluster-shanghai:4
prod       reviews              DestinationRule          PropagationPolicy/prod/reviews-route               NonWorkload    0         cluster-hangzhou,cluster-shanghai
prod       reviews              Service                  PropagationPolicy/prod/reviews-route               NonWorkload    0         cluster-hangzhou,cluster-shanghai
prod       reviews              ServiceAccount           -                                                  -              0         + cluster-hangzhou,cluster-shanghai (propagateDeps of prod/reviews-v1-deployment)
prod       reviews-config       ConfigMap                -                                                  -              0         + cluster-hangzhou,cluster-shanghai (propagateDeps of prod/reviews-v1-deployment)
prod       reviews-route        VirtualService           PropagationPolicy/prod/reviews-route               NonWorkload    0         cluster-hangzhou,cluster-shanghai
prod       reviews-v1           Deployment               PropagationPolicy/prod/reviews-stable              Duplicated     2         cluster-hangzhou:2,cluster-shanghai:2
prod       reviews-v2           Deployment               PropagationPolicy/prod/reviews-canary              Duplicated     1         cluster-shanghai:1
"""


@pytest.mark.parametrize(
    ("what", "expected"),
    [("clusters", EXAMPLE_CLUSTERS), ("bindings", EXAMPLE_BINDINGS)],
    ids=["clusters", "bindings"],
)
def test_example_repo_text(run_cli, what: str, expected: str) -> None:
    result = run_cli("get", what, "--repo", REPO_ROOT)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


REPO = {
    "fleets/prod.yaml": """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: east
    labels: {region: r1, provider: aws}
    zones: [r1-a, r1-b]
    taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
    resources:
      allocatable: {cpu: "8", pods: "50"}
  - name: west
    labels: {region: r2}
""",
    "policies/web.yaml": """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: web
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: web}
  - {apiVersion: v1, kind: ConfigMap, name: settings}
  placement:
    clusterTolerations: [{key: dedicated, operator: Exists}]
    replicaScheduling:
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [east]}, weight: 3}
        - {targetCluster: {clusterNames: [west]}, weight: 1}
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata:
  name: namespaces
spec:
  resourceSelectors:
  - {apiVersion: v1, kind: Namespace, name: team-a}
  placement:
    clusterAffinity: {clusterNames: [west]}
""",
    "apps/web.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 8
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "web:1"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
""",
}

CLUSTERS_TEXT = """\
NAME  FLEET  PROVIDER  REGION  ZONES      TAINTS                    CAPACITY       OBJECTS  REPLICAS  LABELS
east  prod   aws       r1      r1-a,r1-b  dedicated=gpu:NoSchedule  cpu=8,pods=50  2        6         provider=aws,region=r1
west  prod   -         r2      -          -                         -              3        2         region=r2
"""

BINDINGS_TEXT = """\
NAMESPACE  NAME      KIND        POLICY                               STRATEGY      REPLICAS  CLUSTERS
-          team-a    Namespace   ClusterPropagationPolicy/namespaces  NonWorkload   0         west
default    settings  ConfigMap   PropagationPolicy/default/web        NonWorkload   0         east,west
default    web       Deployment  PropagationPolicy/default/web        StaticWeight  8         east:6,west:2
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path, REPO)


@pytest.mark.parametrize(
    ("what", "expected"),
    [("clusters", CLUSTERS_TEXT), ("bindings", BINDINGS_TEXT)],
    ids=["clusters", "bindings"],
)
def test_text(repo: Path, run_cli, what: str, expected: str) -> None:
    assert run_cli("get", what, "--repo", repo).stdout == expected


@pytest.mark.parametrize(
    ("what", "expected"),
    [("clusters", CLUSTERS_TEXT), ("bindings", BINDINGS_TEXT)],
    ids=["clusters", "bindings"],
)
def test_markdown_has_the_same_cells(
    repo: Path, run_cli, what: str, expected: str
) -> None:
    lines = run_cli(
        "get", what, "--repo", repo, "--output", "markdown"
    ).stdout.splitlines()
    rows = [line.split() for line in expected.splitlines()]
    assert lines[1] == "|" + "---|" * len(rows[0])
    assert [
        [c.strip() for c in line.strip("|").split(" | ")]
        for line in [lines[0], *lines[2:]]
    ] == rows


def test_clusters_json(repo: Path, run_cli) -> None:
    data = json.loads(
        run_cli("get", "clusters", "--repo", repo, "--output", "json").stdout
    )
    assert data == [
        {
            "name": "east",
            "fleet": "prod",
            "provider": "aws",
            "region": "r1",
            "zones": ["r1-a", "r1-b"],
            "labels": {
                "fleet.kurator.dev/name": "prod",
                "provider": "aws",
                "region": "r1",
            },
            "taints": ["dedicated=gpu:NoSchedule"],
            "capacity": {"cpu": "8", "pods": "50"},
            "objects": 2,
            "replicas": 6,
        },
        {
            "name": "west",
            "fleet": "prod",
            "provider": "",
            "region": "r2",
            "zones": [],
            "labels": {"fleet.kurator.dev/name": "prod", "region": "r2"},
            "taints": [],
            "capacity": {},
            "objects": 3,
            "replicas": 2,
        },
    ]


def test_bindings_json(repo: Path, run_cli) -> None:
    data = json.loads(
        run_cli("get", "bindings", "--repo", repo, "--output", "json").stdout
    )
    assert data == [
        {
            "namespace": "",
            "name": "team-a",
            "kind": "Namespace",
            "apiVersion": "v1",
            "policy": "ClusterPropagationPolicy/namespaces",
            "strategy": "NonWorkload",
            "replicas": 0,
            "clusters": {"west": 0},
            "requiredBy": [],
        },
        {
            "namespace": "default",
            "name": "settings",
            "kind": "ConfigMap",
            "apiVersion": "v1",
            "policy": "PropagationPolicy/default/web",
            "strategy": "NonWorkload",
            "replicas": 0,
            "clusters": {"east": 0, "west": 0},
            "requiredBy": [],
        },
        {
            "namespace": "default",
            "name": "web",
            "kind": "Deployment",
            "apiVersion": "apps/v1",
            "policy": "PropagationPolicy/default/web",
            "strategy": "StaticWeight",
            "replicas": 8,
            "clusters": {"east": 6, "west": 2},
            "requiredBy": [],
        },
    ]


def test_invalid_input_exits_2(tmp_path: Path, run_cli) -> None:
    repo = write_repo(
        tmp_path,
        {
            **REPO,
            "policies/web.yaml": REPO["policies/web.yaml"].replace(
                "weight: 3", "weight: three"
            ),
        },
    )
    for what in ("clusters", "bindings"):
        result = run_cli("get", what, "--repo", repo)
        assert result.exit_code == 2
        assert result.stderr.startswith("policies/web.yaml:15:")
