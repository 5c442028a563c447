"""explain: why each object landed where it did, checked word for word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, write_repo

# The example repo's workloads (README, "The example repo, walked through").
EXAMPLE = {
    "nginx": """\
Deployment default/nginx (apps/nginx/deployment.yaml)

Policies:
  PropagationPolicy/default/nginx-propagation (policies/nginx-propagation.yaml): selects it by name, priority 0 — chosen: the only policy that selects it

Clusters:
  cluster-frankfurt: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai)
  cluster-hangzhou: feasible → 6 replicas
    score 160 (ClusterLocality 100: in the previous result; fleet preferred affinity 60)
    available replicas 90 (free pods 90)
  cluster-shanghai: feasible → 4 replicas
    score 160 (ClusterLocality 100: in the previous result; fleet preferred affinity 60)
    available replicas 100 (free pods 100)
  cluster-zone-a: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai)
  cluster-zone-b: filtered out by TaintToleration: no clusterToleration tolerates its taint dedicated=special:NoSchedule
  ondemand-cluster: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai)
  spot-cluster: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai)

Replicas:
  StaticWeight: 10 replicas divided by the staticWeightList weights; capacity is not checked
  Webster (Sainte-Laguë) division: each replica in turn goes to the cluster with the highest weight ÷ (2 × its replicas + 1); a tie goes to the cluster with fewer replicas, then to the first by name
  cluster-hangzhou: weight 60, exact share 10 × 60/100 = 6.00, gets 6
  cluster-shanghai: weight 40, exact share 10 × 40/100 = 4.00, gets 4
  remainder after the floors: 10 − 10 = 0
  result: cluster-hangzhou 6, cluster-shanghai 4

Overrides:
  cluster-hangzhou: no override rule applies
  cluster-shanghai: no override rule applies
""",
    "ai-inference": """\
Deployment default/ai-inference (apps/ai-inference/deployment.yaml)

Policies:
  PropagationPolicy/default/inference-workload (policies/inference-workload.yaml): selects it by name, priority 0 — chosen: the only policy that selects it

Clusters:
  cluster-frankfurt: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai)
  cluster-hangzhou: feasible → 7 replicas
    score 160 (ClusterLocality 100: in the previous result; fleet preferred affinity 60)
    available replicas 28 (the least of pods 90, cpu 28, memory 56)
  cluster-shanghai: feasible → 3 replicas
    score 160 (ClusterLocality 100: in the previous result; fleet preferred affinity 60)
    available replicas 14 (the least of pods 100, cpu 14, memory 28)
  cluster-zone-a: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai)
  cluster-zone-b: filtered out by TaintToleration: no clusterToleration tolerates its taint dedicated=special:NoSchedule
  ondemand-cluster: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai)
  spot-cluster: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai)

Replicas:
  StaticWeight: 10 replicas divided by the staticWeightList weights; capacity is not checked
  Webster (Sainte-Laguë) division: each replica in turn goes to the cluster with the highest weight ÷ (2 × its replicas + 1); a tie goes to the cluster with fewer replicas, then to the first by name
  cluster-hangzhou: weight 70, exact share 10 × 70/100 = 7.00, gets 7
  cluster-shanghai: weight 30, exact share 10 × 30/100 = 3.00, gets 3
  remainder after the floors: 10 − 10 = 0
  result: cluster-hangzhou 7, cluster-shanghai 3

Overrides:
  cluster-hangzhou: no override rule applies
  cluster-shanghai: no override rule applies
""",
    "cost-sensitive-app": """\
Deployment default/cost-sensitive-app (apps/cost-sensitive-app/deployment.yaml)

Policies:
  PropagationPolicy/default/cost-optimization (policies/cost-optimization.yaml): selects it by name, priority 0 — chosen: the only policy that selects it

Clusters:
  cluster-frankfurt: filtered out by ClusterAffinity: not in clusterNames (spot-cluster, ondemand-cluster)
  cluster-hangzhou: filtered out by ClusterAffinity: not in clusterNames (spot-cluster, ondemand-cluster)
  cluster-shanghai: filtered out by ClusterAffinity: not in clusterNames (spot-cluster, ondemand-cluster)
  cluster-zone-a: filtered out by ClusterAffinity: not in clusterNames (spot-cluster, ondemand-cluster)
  cluster-zone-b: filtered out by TaintToleration: no clusterToleration tolerates its taint dedicated=special:NoSchedule
  ondemand-cluster: feasible → 2 replicas
    score 100 (ClusterLocality 100: in the previous result)
    available replicas 10 (no capacity declared, assumed to fit all 10)
  spot-cluster: feasible → 8 replicas
    score 100 (ClusterLocality 100: in the previous result)
    available replicas 10 (no capacity declared, assumed to fit all 10)

Replicas:
  StaticWeight: 10 replicas divided by the staticWeightList weights; capacity is not checked
  Webster (Sainte-Laguë) division: each replica in turn goes to the cluster with the highest weight ÷ (2 × its replicas + 1); a tie goes to the cluster with fewer replicas, then to the first by name
  ondemand-cluster: weight 20, exact share 10 × 20/100 = 2.00, gets 2
  spot-cluster: weight 80, exact share 10 × 80/100 = 8.00, gets 8
  remainder after the floors: 10 − 10 = 0
  result: ondemand-cluster 2, spot-cluster 8

Overrides:
  ondemand-cluster: no override rule applies
  spot-cluster: no override rule applies

Notes:
  HorizontalPodAutoscaler cost-aware-hpa scales this workload: the rendered replicas are only the starting point; each cluster's HPA then owns the count
    ondemand-cluster: minReplicas 1, maxReplicas 4 (its share of the bounds)
    spot-cluster: minReplicas 2, maxReplicas 16 (its share of the bounds)
""",
    "global-app": """\
Deployment default/global-app (apps/global-app/deployment.yaml)

Policies:
  PropagationPolicy/default/global-app (policies/global-app.yaml): selects it by name, priority 0 — chosen: the only policy that selects it

Clusters:
  cluster-frankfurt: feasible → 4 replicas
    score 100 (ClusterLocality 100: in the previous result)
    available replicas 42 (the least of pods 98, cpu 42, memory 84)
  cluster-hangzhou: feasible → 5 replicas
    score 160 (ClusterLocality 100: in the previous result; fleet preferred affinity 60)
    available replicas 56 (the least of pods 90, cpu 56, memory 112)
  cluster-shanghai: feasible → 3 replicas
    score 160 (ClusterLocality 100: in the previous result; fleet preferred affinity 60)
    available replicas 28 (the least of pods 100, cpu 28, memory 56)
  cluster-zone-a: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai, cluster-frankfurt)
  cluster-zone-b: filtered out by TaintToleration: no clusterToleration tolerates its taint dedicated=special:NoSchedule
  ondemand-cluster: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai, cluster-frankfurt)
  spot-cluster: filtered out by ClusterAffinity: not in clusterNames (cluster-hangzhou, cluster-shanghai, cluster-frankfurt)

Replicas:
  DynamicWeight: the previous result (out/bindings.yaml) already places all 12 replicas on feasible clusters; Karmada keeps such a result, so nothing is divided (`fleet-render render --fresh` divides anew)
  result: cluster-frankfurt 4, cluster-hangzhou 5, cluster-shanghai 3

Overrides:
  cluster-frankfurt: OverridePolicy/default/cross-cloud-config rule 1 (policies/cross-cloud-config.yaml)
    imageOverrider Registry: replace registry.eu-central.example.com/company
    commandOverrider container app: add ["--region=eu-central", "--compliance=gdpr"]
  cluster-hangzhou: OverridePolicy/default/cross-cloud-config rule 0 (policies/cross-cloud-config.yaml)
    imageOverrider Registry: replace registry.cn-hangzhou.aliyuncs.com/company
    commandOverrider container app: add ["--region=asia-east"]
  cluster-shanghai: no override rule applies
""",
}


@pytest.mark.parametrize("workload", sorted(EXAMPLE))
def test_example_workloads(run_cli, workload: str) -> None:
    result = run_cli("explain", f"deployment/{workload}", "--repo", REPO_ROOT)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXAMPLE[workload]


FILTERS_FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: alpha
    labels: {region: r1, tier: gold}
    region: r1
    resources:
      allocatable: {cpu: "8", memory: 16Gi, pods: "20"}
      allocated: {cpu: "2", memory: 4Gi, pods: "5"}
  - name: beta
    labels: {region: r2, tier: gold}
    region: r2
    resources:
      allocatable: {cpu: "4", memory: 8Gi, pods: "20"}
  - name: gamma
    labels: {region: r3, tier: silver}
    region: r3
  - name: delta
    labels: {tier: gold}
    taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
  - name: epsilon
    labels: {tier: gold}
  - name: omega
    labels: {tier: gold}
"""

FILTERS_POLICIES = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: web
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: web}
  placement:
    clusterAffinity:
      labelSelector: {matchLabels: {tier: gold}}
      exclude: [omega]
    spreadConstraints:
    - {spreadByField: cluster, maxGroups: 3, minGroups: 1}
    - {spreadByField: region, maxGroups: 3, minGroups: 1}
    replicaScheduling:
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - targetCluster: {clusterNames: [alpha, beta, gamma]}
          weight: 1
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata:
  name: everything
spec:
  priority: 10
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment}
  placement:
    clusterAffinity: {clusterNames: [gamma]}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: web-by-label
spec:
  resourceSelectors:
  - apiVersion: apps/v1
    kind: Deployment
    labelSelector: {matchLabels: {app: web}}
  placement:
    clusterAffinity: {clusterNames: [gamma]}
"""


def deployment(replicas: int, requests: str = "{cpu: 500m, memory: 1Gi}") -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {{app: web}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
      - name: web
        image: "web:1"
        resources: {{requests: {requests}}}
"""


WEBSTER = (
    "  Webster (Sainte-Laguë) division: each replica in turn goes to the cluster with "
    "the highest weight ÷ (2 × its replicas + 1); a tie goes to the cluster with fewer "
    "replicas, then to the first by name\n"
)


def test_every_filter_every_policy_and_the_remainder(tmp_path: Path, run_cli) -> None:
    repo = write_repo(
        tmp_path,
        {
            "fleets/prod.yaml": FILTERS_FLEET,
            "policies/web.yaml": FILTERS_POLICIES,
            "apps/web.yaml": deployment(11),
        },
    )
    result = run_cli("explain", "deploy/web", "--repo", repo)
    assert result.exit_code == 0, result.output
    pp = "PropagationPolicy/default/web"
    assert result.stdout == (
        "Deployment default/web (apps/web.yaml)\n"
        "\n"
        "Policies:\n"
        f"  {pp} (policies/web.yaml): selects it by name, priority 0 — chosen: it "
        "selects the object more specifically (by name over by label selector)\n"
        "  PropagationPolicy/default/web-by-label (policies/web.yaml): selects it by "
        f"label selector, priority 0 — not chosen: {pp} wins, it selects the object "
        "more specifically (by name over by label selector)\n"
        "  ClusterPropagationPolicy/everything (policies/web.yaml): selects it by kind "
        f"alone (no name or label selector), priority 10 — not chosen: {pp} wins, a "
        "PropagationPolicy always wins over a ClusterPropagationPolicy\n"
        "\n"
        "Clusters:\n"
        "  alpha: feasible → 6 replicas\n"
        "    score 0\n"
        "    available replicas 12 (the least of pods 15, cpu 12, memory 12)\n"
        "  beta: feasible → 5 replicas\n"
        "    score 0\n"
        "    available replicas 8 (the least of pods 20, cpu 8, memory 8)\n"
        "  delta: filtered out by TaintToleration: no clusterToleration tolerates its "
        "taint dedicated=gpu:NoSchedule\n"
        "  epsilon: filtered out by SpreadConstraint: it has no region, which "
        "spreadByField: region needs\n"
        "  gamma: filtered out by ClusterAffinity: its labels do not match labelSelector\n"
        "  omega: filtered out by ClusterAffinity: listed in exclude\n"
        "\n"
        "Replicas:\n"
        "  StaticWeight: 11 replicas divided by the staticWeightList weights; capacity "
        "is not checked\n"
        + WEBSTER
        + "  alpha: weight 1, exact share 11 × 1/2 = 5.50, gets 6 (floor 5, +1 from the "
        "remainder)\n"
        "  beta: weight 1, exact share 11 × 1/2 = 5.50, gets 5\n"
        "  remainder after the floors: 11 − 10 = 1, to alpha\n"
        "  result: alpha 6, beta 5\n"
        "\n"
        "Overrides:\n"
        "  alpha: no override rule applies\n"
        "  beta: no override rule applies\n"
    )


DYNAMIC_FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: alpha
    resources: {allocatable: {cpu: "10", pods: "100"}}
  - name: beta
    resources: {allocatable: {cpu: "20", pods: "100"}}
  - name: gamma
    resources: {allocatable: {cpu: "30", pods: "100"}}
"""

DYNAMIC_POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: web
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: web}
  placement:
    replicaScheduling:
      replicaDivisionPreference: Weighted
      weightPreference: {dynamicWeight: AvailableReplicas}
"""


def _replicas_section(stdout: str) -> str:
    return stdout.split("\nReplicas:\n", 1)[1].split("\n\n", 1)[0] + "\n"


def test_dynamic_weights_first_schedule_scale_up_and_down(
    tmp_path: Path, run_cli
) -> None:
    repo = write_repo(
        tmp_path,
        {
            "fleets/prod.yaml": DYNAMIC_FLEET,
            "policies/web.yaml": DYNAMIC_POLICY,
            "apps/web.yaml": deployment(6, "{cpu: '1'}"),
        },
    )
    first = run_cli("explain", "deployment/web", "--repo", repo).stdout
    assert _replicas_section(first) == (
        "  DynamicWeight: 6 replicas divided in proportion to each cluster's available "
        "replicas\n"
        + WEBSTER
        + "  alpha: available 10, exact share 6 × 10/60 = 1.00, gets 1\n"
        "  beta: available 20, exact share 6 × 20/60 = 2.00, gets 2\n"
        "  gamma: available 30, exact share 6 × 30/60 = 3.00, gets 3\n"
        "  remainder after the floors: 6 − 6 = 0\n"
        "  result: alpha 1, beta 2, gamma 3\n"
    )
    assert "  alpha: feasible → 1 replica\n    score 0\n" in first
    assert run_cli("render", "--repo", repo).exit_code == 0
    write_repo(repo, {"apps/web.yaml": deployment(13, "{cpu: '1'}")})
    up = run_cli("explain", "deployment/web", "--repo", repo).stdout
    assert _replicas_section(up) == (
        "  DynamicWeight: scale up from 6 to 13: the 6 placed replicas stay, the 7 new "
        "ones are divided in proportion to each cluster's available replicas\n"
        + WEBSTER
        + "  alpha: available 10, exact share 7 × 10/60 = 1.17, gets 1, plus 1 kept = 2\n"
        "  beta: available 20, exact share 7 × 20/60 = 2.33, gets 2, plus 2 kept = 4\n"
        "  gamma: available 30, exact share 7 × 30/60 = 3.50, gets 4 (floor 3, +1 from "
        "the remainder), plus 3 kept = 7\n"
        "  remainder after the floors: 7 − 6 = 1, to gamma\n"
        "  result: alpha 2, beta 4, gamma 7\n"
    )
    assert (
        "  alpha: feasible → 2 replicas\n"
        "    score 100 (ClusterLocality 100: in the previous result)\n"
        "    available replicas 10 (the least of pods 100, cpu 10)\n"
    ) in up
    write_repo(repo, {"apps/web.yaml": deployment(4, "{cpu: '1'}")})
    down = run_cli("explain", "deployment/web", "--repo", repo).stdout
    assert _replicas_section(down) == (
        "  DynamicWeight: scale down from 6 to 4: all 4 are divided in proportion to "
        "each cluster's previous replicas\n"
        + WEBSTER
        + "  alpha: previous 1, exact share 4 × 1/6 = 0.67, gets 1 (floor 0, +1 from the "
        "remainder)\n"
        "  beta: previous 2, exact share 4 × 2/6 = 1.33, gets 1\n"
        "  gamma: previous 3, exact share 4 × 3/6 = 2.00, gets 2\n"
        "  remainder after the floors: 4 − 3 = 1, to alpha\n"
        "  result: alpha 1, beta 1, gamma 2\n"
    )
    write_repo(repo, {"apps/web.yaml": deployment(6, "{cpu: '1'}")})
    steady = run_cli("explain", "deployment/web", "--repo", repo).stdout
    assert _replicas_section(steady) == (
        "  DynamicWeight: the previous result (out/bindings.yaml) already places all 6 "
        "replicas on feasible clusters; Karmada keeps such a result, so nothing is "
        "divided (`fleet-render render --fresh` divides anew)\n"
        "  result: alpha 1, beta 2, gamma 3\n"
    )


SECRET_REPO = {
    "fleets/prod.yaml": """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: east
  - name: west
""",
    "policies/web.yaml": """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: web
spec:
  propagateDeps: true
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: web}
  placement:
    clusterAffinity: {clusterNames: [east, west]}
    replicaScheduling: {replicaDivisionPreference: Weighted}
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata:
  name: db-per-cluster
spec:
  resourceSelectors:
  - {apiVersion: v1, kind: Secret, name: db}
  overrideRules:
  - targetCluster: {clusterNames: [east]}
    overriders:
      plaintext:
      - {path: /stringData/password, operator: replace, value: east-only-secret-value}
      labelsOverrider:
      - {operator: add, value: {zone: east}}
""",
    "apps/web.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: "web:1"
        envFrom: [{secretRef: {name: db}}]
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: base-secret-value}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
""",
}


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_a_secret_sent_as_a_dependency_with_its_override_value_hidden(
    tmp_path: Path, run_cli, fmt: str
) -> None:
    repo = write_repo(tmp_path, SECRET_REPO)
    result = run_cli("explain", "secret/db", "--repo", repo, "--output", fmt)
    assert result.exit_code == 0, result.output
    assert "secret-value" not in result.output
    if fmt == "text":
        assert result.stdout == (
            "Secret default/db (apps/web.yaml)\n"
            "\n"
            "Policies:\n"
            "  no propagation policy selects it\n"
            "\n"
            "Clusters:\n"
            "  east: sent along as a dependency\n"
            "  west: sent along as a dependency\n"
            "\n"
            "Dependencies:\n"
            "  required by ResourceBinding default/web-deployment (propagateDeps), on "
            "east, west: it goes there too\n"
            "\n"
            "Overrides:\n"
            "  east: OverridePolicy/default/db-per-cluster rule 0 (policies/web.yaml)\n"
            '    labelsOverrider: add {"zone": "east"}\n'
            "    plaintext /stringData/password: replace <redacted>\n"
            "  west: no override rule applies\n"
        )


def test_an_autoscaler_follows_its_target_with_its_share_of_the_bounds(
    tmp_path: Path, run_cli
) -> None:
    repo = write_repo(tmp_path, SECRET_REPO)
    hpa = run_cli("explain", "hpa/web", "--repo", repo)
    assert hpa.stdout.split("\nClusters:\n")[1].split("\n\n")[0] == (
        "  follows its scaleTargetRef Deployment default/web to the same clusters "
        "(fleet-render's autoscaling rule: a policy selecting the HPA does not place it)\n"
        "  east: minReplicas 1, maxReplicas 7 (its share of the bounds)\n"
        "  west: minReplicas 1, maxReplicas 3 (its share of the bounds)"
    )
    web = run_cli("explain", "deployment/web", "--repo", repo)
    assert web.stdout.endswith(
        "Notes:\n"
        "  HorizontalPodAutoscaler web scales this workload: the rendered replicas are "
        "only the starting point; each cluster's HPA then owns the count\n"
        "    east: minReplicas 1, maxReplicas 7 (its share of the bounds)\n"
        "    west: minReplicas 1, maxReplicas 3 (its share of the bounds)\n"
    )


def test_json_and_markdown(run_cli) -> None:
    text = EXAMPLE["global-app"]
    title, *blocks = text.rstrip("\n").split("\n\n")
    sections = [
        {"heading": b.split(":\n", 1)[0], "lines": [ln[2:] for ln in b.split("\n")[1:]]}
        for b in blocks
    ]
    got = run_cli(
        "explain", "deployment/global-app", "--repo", REPO_ROOT, "--output", "json"
    )
    assert json.loads(got.stdout) == {"object": title, "sections": sections}
    markdown = run_cli(
        "explain", "deployment/global-app", "--repo", REPO_ROOT, "--output", "markdown"
    ).stdout
    expected = [f"### {title}"]
    for section in sections:
        expected += ["", f"**{section['heading']}**", ""]
        expected += [
            f"  - {ln[2:]}" if ln.startswith("  ") else f"- {ln}"
            for ln in section["lines"]
        ]
    assert markdown == "\n".join(expected) + "\n"


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (
            ("deployment/ngnix",),
            2,
            (
                "<repo>: error: no object deployment/ngnix in apps/ (did you mean "
                "'Deployment/nginx'?)\nfleet-render: 1 error; out/ left unchanged\n"
            ),
        ),
        (
            ("deployment/nginx", "-n", "other"),
            2,
            (
                "<repo>: error: no object deployment/nginx in apps/ in namespace other "
                "(did you mean 'Deployment/nginx'?)\nfleet-render: 1 error; out/ left unchanged\n"
            ),
        ),
        (
            ("nginx",),
            2,
            # CliRunner names the program "cli"
            (
                "Usage: cli explain [OPTIONS] KIND/NAME\nTry 'cli explain --help' for "
                "help.\n\nError: expected KIND/NAME, e.g. deployment/nginx\n"
            ),
        ),
    ],
    ids=["did-you-mean", "wrong-namespace", "no-kind"],
)
def test_errors(run_cli, args: tuple[str, ...], code: int, stderr: str) -> None:
    result = run_cli("explain", *args, "--repo", REPO_ROOT)
    assert (result.exit_code, result.stderr) == (code, stderr)


def test_a_name_in_two_namespaces_needs_a_namespace(tmp_path: Path, run_cli) -> None:
    config = "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: app, namespace: {}}}\n"
    repo = write_repo(
        tmp_path,
        {
            "fleets/prod.yaml": SECRET_REPO["fleets/prod.yaml"],
            "apps/a.yaml": config.format("team-a"),
            "apps/b.yaml": config.format("team-b"),
        },
    )
    result = run_cli("explain", "cm/app", "--repo", repo)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-2] == (
        "<repo>: error: ConfigMap/app exists in several namespaces (team-a, team-b); "
        "pass -n NAMESPACE"
    )
    chosen = run_cli("explain", "cm/app", "-n", "team-b", "--repo", repo)
    assert chosen.stdout == (
        "ConfigMap team-b/app (apps/b.yaml)\n"
        "\n"
        "Policies:\n"
        "  no propagation policy selects it: it goes to no cluster\n"
    )


SHAPES_REPO = {
    "fleets/prod.yaml": """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: alpha
    resources:
      allocatable: {cpu: "10", pods: "100"}
  - name: beta
    resources:
      allocatable: {cpu: "20", pods: "100"}
  - name: gamma
    resources:
      allocatable: {cpu: "30", pods: "100"}
  - name: delta
    resources: {allocatable: {cpu: "5", pods: "100"}}
""",
    "policies/shapes.yaml": """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: agg
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: agg}
  placement:
    replicaScheduling:
      replicaDivisionPreference: Aggregated
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: ovf
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: ovf}
  placement:
    clusterAffinities:
    - affinityName: primary
      clusterNames: [alpha]
      overflowAffinities:
      - affinityName: burst
        clusterNames: [beta]
    replicaScheduling:
      replicaDivisionPreference: Weighted
      weightPreference: {dynamicWeight: AvailableReplicas}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: dup
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: dup}
  placement:
    spreadConstraints:
    - {spreadByField: cluster, maxGroups: 2, minGroups: 1}
    replicaScheduling: {replicaSchedulingType: Duplicated}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: terms
spec:
  resourceSelectors:
  - {apiVersion: v1, kind: ConfigMap, name: cfg}
  placement:
    clusterAffinities:
    - {affinityName: first, clusterNames: [nowhere]}
    - {affinityName: second, clusterNames: [gamma]}
""",
    "apps/shapes.yaml": """\
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: agg}
spec:
  replicas: 14
  selector: {matchLabels: {app: agg}}
  template:
    metadata: {labels: {app: agg}}
    spec:
      containers:
      - {name: w, image: "w:1", resources: {requests: {cpu: "1"}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ovf}
spec:
  replicas: 14
  selector: {matchLabels: {app: ovf}}
  template:
    metadata: {labels: {app: ovf}}
    spec:
      containers:
      - {name: w, image: "w:1", resources: {requests: {cpu: "1"}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: dup}
spec:
  replicas: 14
  selector: {matchLabels: {app: dup}}
  template:
    metadata: {labels: {app: dup}}
    spec:
      containers:
      - {name: w, image: "w:1", resources: {requests: {cpu: "1"}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: b}
""",
}

# From "Clusters:" to "Overrides:", for each placement shape.
SHAPES = {
    "deploy/agg": """\
  alpha: feasible → nothing: not needed: Aggregated uses the fewest clusters that hold the replicas
    score 0
    available replicas 10 (the least of pods 100, cpu 10)
  beta: feasible → nothing: not needed: Aggregated uses the fewest clusters that hold the replicas
    score 0
    available replicas 20 (the least of pods 100, cpu 20)
  delta: feasible → nothing: not needed: Aggregated uses the fewest clusters that hold the replicas
    score 0
    available replicas 5 (the least of pods 100, cpu 5)
  gamma: feasible → 14 replicas
    score 0
    available replicas 30 (the least of pods 100, cpu 30)

Replicas:
  Aggregated: 14 replicas divided in proportion to each cluster's available replicas, among the fewest clusters that hold them (those already running it first, then the roomiest)
  Webster (Sainte-Laguë) division: each replica in turn goes to the cluster with the highest weight ÷ (2 × its replicas + 1); a tie goes to the cluster with fewer replicas, then to the first by name
  gamma: available 30, exact share 14 × 30/30 = 14.00, gets 14
  remainder after the floors: 14 − 14 = 0
  result: gamma 14
""",
    "deploy/ovf": """\
  alpha: feasible → 10 replicas
    score 0
    available replicas 10 (the least of pods 100, cpu 10)
  beta: feasible → 4 replicas
    score 0
    available replicas 20 (the least of pods 100, cpu 20)
  delta: filtered out by ClusterAffinity: matches neither clusterAffinities term 'primary' nor its overflowAffinities
  gamma: filtered out by ClusterAffinity: matches neither clusterAffinities term 'primary' nor its overflowAffinities

Replicas:
  clusterAffinities term used: primary
  DynamicWeight: 14 replicas by overflow tier: each tier takes what its clusters' available replicas hold, the rest overflows to the next
  the term's own clusters (alpha): 10 available replicas, takes 10
  overflow tier 1 (beta): 20 available replicas, takes 4
  Webster (Sainte-Laguë) division: each replica in turn goes to the cluster with the highest weight ÷ (2 × its replicas + 1); a tie goes to the cluster with fewer replicas, then to the first by name
  result: alpha 10, beta 4
""",
    "deploy/dup": """\
  alpha: feasible → nothing: not chosen by the spreadConstraints
    score 0
    available replicas 10 (the least of pods 100, cpu 10)
  beta: feasible → 14 replicas
    score 0
    available replicas 20 (the least of pods 100, cpu 20)
  delta: feasible → nothing: not chosen by the spreadConstraints
    score 0
    available replicas 5 (the least of pods 100, cpu 5)
  gamma: feasible → 14 replicas
    score 0
    available replicas 30 (the least of pods 100, cpu 30)

Replicas:
  Duplicated: every selected cluster runs all 14 replicas
  result: beta 14, gamma 14
""",
    "cm/cfg": """\
  alpha: filtered out by ClusterAffinity: not in term 'second' clusterNames (gamma)
  beta: filtered out by ClusterAffinity: not in term 'second' clusterNames (gamma)
  delta: filtered out by ClusterAffinity: not in term 'second' clusterNames (gamma)
  gamma: feasible → a copy
    score 0

Replicas:
  clusterAffinities term used: second (the earlier term 'first' could not place it, or the previous result already used this one: Karmada resumes at the term it last used)
  not a workload: every selected cluster gets a copy
  result: gamma
""",
}


@pytest.mark.parametrize("ref", sorted(SHAPES))
def test_aggregated_overflow_spread_and_affinity_terms(
    tmp_path: Path, run_cli, ref: str
) -> None:
    repo = write_repo(tmp_path, SHAPES_REPO)
    result = run_cli("explain", ref, "--repo", repo)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.split("\nClusters:\n", 1)[1].split("\nOverrides:\n")[0]
        == SHAPES[ref]
    )
