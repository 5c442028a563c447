"""propagateDeps: what Karmada's interpreter finds, and where the dependencies go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from render import runner
from render.dependencies import references
from render.workloads import ReplicaField

POD = ("spec", "template", "spec")


def _deployment(pod_spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {"template": {"spec": pod_spec}},
    }


# (id, pod spec, expected (kind, name, field path below the pod spec))
POD_CASES = [
    (
        "configmap-volume",
        {"volumes": [{"name": "v", "configMap": {"name": "cm"}}]},
        [("ConfigMap", "cm", ("volumes", 0, "configMap", "name"))],
    ),
    (
        "secret-volume",
        {"volumes": [{"name": "v", "secret": {"secretName": "s"}}]},
        [("Secret", "s", ("volumes", 0, "secret", "secretName"))],
    ),
    (
        "pvc-volume",
        {"volumes": [{"name": "v", "persistentVolumeClaim": {"claimName": "data"}}]},
        [
            (
                "PersistentVolumeClaim",
                "data",
                ("volumes", 0, "persistentVolumeClaim", "claimName"),
            )
        ],
    ),
    (
        "projected",
        {
            "volumes": [
                {
                    "name": "v",
                    "projected": {
                        "sources": [
                            {"configMap": {"name": "cm"}},
                            {"secret": {"name": "s"}},
                            {"serviceAccountToken": {"path": "t"}},
                        ]
                    },
                }
            ]
        },
        [
            (
                "ConfigMap",
                "cm",
                ("volumes", 0, "projected", "sources", 0, "configMap", "name"),
            ),
            (
                "Secret",
                "s",
                ("volumes", 0, "projected", "sources", 1, "secret", "name"),
            ),
        ],
    ),
    (
        "csi-and-flex-secrets",
        {
            "volumes": [
                {
                    "name": "a",
                    "csi": {"driver": "d", "nodePublishSecretRef": {"name": "csi"}},
                },
                {
                    "name": "b",
                    "flexVolume": {"driver": "d", "secretRef": {"name": "flex"}},
                },
                {"name": "c", "azureFile": {"secretName": "az", "shareName": "x"}},
            ]
        },
        [
            ("Secret", "csi", ("volumes", 0, "csi", "nodePublishSecretRef", "name")),
            ("Secret", "flex", ("volumes", 1, "flexVolume", "secretRef", "name")),
            ("Secret", "az", ("volumes", 2, "azureFile", "secretName")),
        ],
    ),
    (
        "env-from",
        {
            "containers": [
                {
                    "name": "c",
                    "envFrom": [
                        {"configMapRef": {"name": "cm"}},
                        {"secretRef": {"name": "s"}, "prefix": "S_"},
                    ],
                }
            ]
        },
        [
            (
                "ConfigMap",
                "cm",
                ("containers", 0, "envFrom", 0, "configMapRef", "name"),
            ),
            ("Secret", "s", ("containers", 0, "envFrom", 1, "secretRef", "name")),
        ],
    ),
    (
        "env-value-from",
        {
            "initContainers": [
                {
                    "name": "i",
                    "env": [
                        {
                            "name": "A",
                            "valueFrom": {
                                "configMapKeyRef": {"name": "cm", "key": "a"}
                            },
                        },
                        {
                            "name": "B",
                            "valueFrom": {"secretKeyRef": {"name": "s", "key": "b"}},
                        },
                        {"name": "C", "value": "plain"},
                        {
                            "name": "D",
                            "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}},
                        },
                    ],
                }
            ]
        },
        [
            (
                "ConfigMap",
                "cm",
                ("initContainers", 0, "env", 0, "valueFrom", "configMapKeyRef", "name"),
            ),
            (
                "Secret",
                "s",
                ("initContainers", 0, "env", 1, "valueFrom", "secretKeyRef", "name"),
            ),
        ],
    ),
    (
        "service-account-and-pull-secrets",
        {"serviceAccountName": "web", "imagePullSecrets": [{"name": "registry"}]},
        [
            ("ServiceAccount", "web", ("serviceAccountName",)),
            ("Secret", "registry", ("imagePullSecrets", 0, "name")),
        ],
    ),
    ("default-service-account-skipped", {"serviceAccountName": "default"}, []),
    (
        "empty-names-skipped",
        {
            "volumes": [{"name": "v", "configMap": {"name": ""}}],
            "imagePullSecrets": [{}],
        },
        [],
    ),
    ("nothing", {"containers": [{"name": "c", "image": "nginx"}]}, []),
]


@pytest.mark.parametrize(
    ("pod_spec", "expected"), [c[1:] for c in POD_CASES], ids=[c[0] for c in POD_CASES]
)
def test_pod_template_references(
    pod_spec: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    refs = references(_deployment(pod_spec), {})
    assert [(r.kind, r.name, r.path) for r in refs] == [
        (k, n, (*POD, *p)) for k, n, p in expected
    ]


def test_kinds_and_their_pod_specs() -> None:
    volume = {"volumes": [{"name": "v", "configMap": {"name": "cm"}}]}
    cron = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "spec": {"jobTemplate": {"spec": {"template": {"spec": volume}}}},
    }
    pod = {"apiVersion": "v1", "kind": "Pod", "spec": volume}
    ingress = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "spec": {"tls": [{"secretName": "tls-a"}, {"hosts": ["x"]}]},
    }
    worker = {
        "apiVersion": "example.io/v1",
        "kind": "Worker",
        "spec": {"pods": {"spec": volume}},
    }
    custom = {
        ("example.io", "Worker"): ReplicaField(("spec", "size"), ("spec", "pods"))
    }
    service = {"apiVersion": "v1", "kind": "Service", "spec": volume}
    assert [r.path for r in references(cron, {})] == [
        (
            "spec",
            "jobTemplate",
            "spec",
            "template",
            "spec",
            "volumes",
            0,
            "configMap",
            "name",
        )
    ]
    assert [r.path for r in references(pod, {})] == [
        ("spec", "volumes", 0, "configMap", "name")
    ]
    named = {**ingress, "spec": {"tls": [{"secretName": "tls-a"}, {"secretName": "tls-b", "hosts": ["x"]}]}}
    assert [(r.kind, r.name) for r in references(named, {})] == [("Secret", "tls-a"), ("Secret", "tls-b")]
    # a TLS entry without secretName fails Karmada's check of the dependencies: none is sent
    assert references(ingress, {}) == []
    # Karmada's interpreters are registered by exact apiVersion
    assert references({**cron, "apiVersion": "batch/v1beta1"}, {}) == []
    assert references({**named, "apiVersion": "extensions/v1beta1"}, {}) == []
    assert [r.name for r in references(worker, custom)] == ["cm"]
    assert references(worker, {}) == []
    assert references(service, {}) == []


def test_statefulset_claim_templates_are_not_dependencies() -> None:
    body = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "spec": {
            "volumeClaimTemplates": [{"metadata": {"name": "data"}}],
            "template": {
                "spec": {
                    "volumes": [
                        {"name": "a", "persistentVolumeClaim": {"claimName": "data"}},
                        {"name": "b", "persistentVolumeClaim": {"claimName": "shared"}},
                    ]
                }
            },
        },
    }
    assert [r.name for r in references(body, {})] == ["shared"]


FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata: {name: prod}
spec:
  clusters:
  - {name: member1, labels: {region: r1}}
  - {name: member2, labels: {region: r2}}
  - {name: member3, labels: {region: r3}}
"""


def _policy(
    name: str, selector: str, clusters: list[str], deps: bool = False, extra: str = ""
) -> str:
    return f"""\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {{name: {name}}}
spec:
  propagateDeps: {str(deps).lower()}
  resourceSelectors:
  - {selector}
  placement:
    clusterAffinity: {{clusterNames: [{", ".join(clusters)}]}}
{extra}"""


WEB = "{apiVersion: apps/v1, kind: Deployment, name: web}"
DIVIDED = """\
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [member1]}, weight: 2}
        - {targetCluster: {clusterNames: [member2]}, weight: 1}
"""
APP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers:
      - name: web
        image: nginx
        envFrom: [{configMapRef: {name: settings}}]
      volumes:
      - {name: creds, secret: {secretName: creds}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {token: t}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
"""
ALL = ["ConfigMap/settings", "Deployment/web", "Secret/creds", "ServiceAccount/web"]

# (id, files over the base, expected {cluster: [Kind/name]}, expected warnings)
CASES: list[tuple[str, dict[str, str], dict[str, list[str]], list[str]]] = [
    (
        "off: dependencies stay put",
        {},
        {"member1": ["Deployment/web"], "member2": ["Deployment/web"], "member3": []},
        [
            (
                "apps/web.yaml:20:12: warning: $.metadata.name: ConfigMap default/settings is selected by no "
                "propagation policy and goes nowhere"
            ),
            (
                "apps/web.yaml:25:12: warning: $.metadata.name: Secret default/creds is selected by no "
                "propagation policy and goes nowhere"
            ),
            (
                "apps/web.yaml:30:12: warning: $.metadata.name: ServiceAccount default/web is selected by no "
                "propagation policy and goes nowhere"
            ),
        ],
    ),
    (
        "on: every dependency follows the workload",
        {
            "policies/web.yaml": _policy(
                "web", WEB, ["member1", "member2"], deps=True, extra=DIVIDED
            )
        },
        {"member1": ALL, "member2": ALL, "member3": []},
        [],
    ),
    (
        "a dependency's own placement is kept and joined",
        {
            "policies/web.yaml": _policy("web", WEB, ["member1"], deps=True),
            "policies/settings.yaml": _policy(
                "settings",
                "{apiVersion: v1, kind: ConfigMap, name: settings}",
                ["member3"],
            ),
        },
        {"member1": ALL, "member2": [], "member3": ["ConfigMap/settings"]},
        [],
    ),
    (
        # Karmada's mutating webhook turns propagateDeps on for a policy selecting ServiceImports
        "a ServiceImport selector turns it on",
        {
            "policies/web.yaml": _policy(
                "web", WEB + "\n  - {apiVersion: multicluster.x-k8s.io/v1alpha1, kind: ServiceImport, name: web}",
                ["member1", "member2"], extra=DIVIDED,
            )
        },
        {"member1": ALL, "member2": ALL, "member3": []},
        [],
    ),
    (
        "an Ingress TLS entry without secretName: Karmada's interpreter fails, nothing is sent",
        {
            "policies/web.yaml": _policy("web", "{apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}",
                                         ["member1"], deps=True),
            "apps/web.yaml": """\
# Kubernetes allows a TLS entry without a secretName
# (the ingress controller's default certificate);
# Karmada's dependency interpreter does not.
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls:
  - {secretName: creds}
  - {hosts: [web.example.com]}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {token: t}
""",
        },
        {"member1": ["Ingress/web"], "member2": []},
        [
            (
                "apps/web.yaml:10:5: warning: $.spec.tls[1]: Ingress default/web has a TLS entry without secretName:"
                " Karmada's dependency interpreter fails on it, so propagateDeps sends none of its Secrets along"
            ),
            (
                "apps/web.yaml:14:12: warning: $.metadata.name: Secret default/creds is selected by no "
                "propagation policy and goes nowhere"
            ),
        ],
    ),
    (
        "missing referenced object: warning",
        {
            "policies/web.yaml": _policy("web", WEB, ["member2"], deps=True),
            "apps/web.yaml": APP.replace("secretName: creds", "secretName: gone"),
        },
        {
            "member1": [],
            "member2": [a for a in ALL if a != "Secret/creds"],
            "member3": [],
        },
        [
            (
                "apps/web.yaml:25:12: warning: $.metadata.name: Secret default/creds is selected by no "
                "propagation policy and goes nowhere"
            ),
            (
                "apps/web.yaml:16:32: warning: $.spec.template.spec.volumes[0].secret.secretName: Deployment "
                "default/web references Secret 'gone', which is not in apps/; propagateDeps cannot send it along"
            ),
        ],
    ),
]


def _files(tmp: Path, files: dict[str, str]) -> Path:
    base = {
        "fleets/prod.yaml": FLEET,
        "apps/web.yaml": APP,
        "policies/web.yaml": _policy("web", WEB, ["member1", "member2"], extra=DIVIDED),
    }
    for rel, text in {**base, **files}.items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(text)
    return tmp


def _placed(files: dict[str, str]) -> dict[str, list[str]]:
    placed: dict[str, list[str]] = {}
    for path, text in files.items():
        cluster, _, rest = path.partition("/")
        if "/" in rest and rest.startswith("default/"):
            doc = yaml.safe_load(text)
            placed.setdefault(cluster, []).append(
                f"{doc['kind']}/{doc['metadata']['name']}"
            )
    return {c: sorted(v) for c, v in placed.items()}


@pytest.mark.parametrize(
    ("files", "placed", "warnings"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_dependencies_follow_their_workload(
    tmp_path: Path,
    files: dict[str, str],
    placed: dict[str, list[str]],
    warnings: list[str],
) -> None:
    report = runner.build(_files(tmp_path, files))
    got = _placed(report.files)
    assert {c: got.get(c, []) for c in placed} == placed
    assert [str(w) for w in report.warnings] == sorted(warnings)


def test_bindings_record_required_by(tmp_path: Path) -> None:
    repo = _files(
        tmp_path,
        {
            "policies/web.yaml": _policy(
                "web", WEB, ["member1", "member2"], deps=True, extra=DIVIDED
            ),
            "policies/settings.yaml": _policy(
                "settings",
                "{apiVersion: v1, kind: ConfigMap, name: settings}",
                ["member3"],
            ),
        },
    )
    items = {
        i["metadata"]["name"]: i["spec"]
        for i in yaml.safe_load(runner.build(repo).files["bindings.yaml"])["items"]
    }
    snapshot = [
        {
            "name": "web-deployment",
            "namespace": "default",
            "clusters": [
                {"name": "member1", "replicas": 2},
                {"name": "member2", "replicas": 1},
            ],
        }
    ]
    assert items["web-deployment"]["propagateDeps"] is True
    assert items["settings-configmap"]["clusters"] == [
        {"name": "member3", "replicas": 0}
    ]
    assert items["settings-configmap"]["requiredBy"] == snapshot
    assert items["creds-secret"] == {
        "clusters": [],
        "requiredBy": snapshot,
        "resource": {
            "apiVersion": "v1",
            "kind": "Secret",
            "name": "creds",
            "namespace": "default",
        },
    }
    assert "requiredBy" not in items["web-deployment"]


def test_dependency_copies_get_overrides_and_no_policy_annotation(
    tmp_path: Path,
) -> None:
    override = """\
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: settings}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: settings}]
  overrideRules:
  - targetCluster: {clusterNames: [member2]}
    overriders:
      plaintext: [{path: /data/mode, operator: replace, value: slow}]
"""
    repo = _files(
        tmp_path,
        {
            "policies/web.yaml": _policy(
                "web", WEB, ["member1", "member2"], deps=True, extra=DIVIDED
            ),
            "policies/override.yaml": override,
        },
    )
    files = runner.build(repo).files
    one = yaml.safe_load(files["member1/default/configmap_settings.yaml"])
    two = yaml.safe_load(files["member2/default/configmap_settings.yaml"])
    assert (one["data"], two["data"]) == ({"mode": "fast"}, {"mode": "slow"})
    assert one["metadata"]["annotations"] == {"fleet-render.io/source": "apps/web.yaml"}


def test_the_deprecated_service_account_field_counts_as_the_api_server_fills_it_in() -> None:
    def pod(spec: dict[str, Any]) -> dict[str, Any]:
        return {"apiVersion": "v1", "kind": "Pod", "spec": spec}

    assert [(r.name, r.path) for r in references(pod({"serviceAccount": "legacy"}), {})] == [
        ("legacy", ("spec", "serviceAccount"))]
    assert [r.name for r in references(pod({"serviceAccount": "legacy", "serviceAccountName": "new"}), {})] == ["new"]
    assert references(pod({"serviceAccount": "default"}), {}) == []
