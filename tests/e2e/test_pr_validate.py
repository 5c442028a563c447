"""validate (inputs, then rendered objects against Kubernetes' schemas) and schema KIND."""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from render.validation import INPUT_KINDS
from tests.conftest import REPO_ROOT, write_repo

FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: prod
spec:
  clusters:
  - name: east
"""

POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: everything
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment}
  - {apiVersion: v1, kind: Service}
  - {apiVersion: v1, kind: Secret}
  - {apiVersion: networking.istio.io/v1, kind: VirtualService}
  placement:
    clusterAffinity:
      clusterNames: [east]
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      schedulingGates: [{name: example.com/wait}]
      containers: [{name: web, image: "web:1"}]
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports: [{port: "80"}]
"""

VIRTUAL_SERVICE = """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec: {hosts: [web]}
"""

SECRET = """\
apiVersion: v1
kind: Secret
metadata: {name: db}
data: {password: 271828}
"""


def _repo(tmp_path: Path, **apps: str) -> Path:
    files = {"fleets/prod.yaml": FLEET, "policies/all.yaml": POLICY}
    files.update({f"apps/{name}.yaml": text for name, text in apps.items()})
    return write_repo(tmp_path / "fleet", files)


@pytest.fixture
def no_kubeconform(monkeypatch: pytest.MonkeyPatch) -> None:
    # These tests are about the kubernetes-validate path, whatever the machine has.
    if shutil.which("kubeconform"):
        path = os.pathsep.join(
            p
            for p in os.environ["PATH"].split(os.pathsep)
            if not Path(p, "kubeconform").exists()
        )
        monkeypatch.setenv("PATH", path)


def test_a_typo_in_a_policy_field_is_reported_at_its_line(
    tmp_path: Path, run_cli
) -> None:
    typo = POLICY.replace("    clusterAffinity:", "    clusterAfinity:")
    repo = write_repo(tmp_path, {"fleets/prod.yaml": FLEET, "policies/all.yaml": typo})
    result = run_cli("validate", "--repo", repo)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "policies/all.yaml:12:5: error: $.spec.placement.clusterAfinity: unknown field "
        "'clusterAfinity' (did you mean 'clusterAffinity'?)\n"
        "fleet-render: 1 error; out/ left unchanged\n"
    )


def test_the_example_repo_is_valid(run_cli, no_kubeconform: None) -> None:
    result = run_cli("validate", "--repo", REPO_ROOT)
    assert result.exit_code == 0, result.output
    *skipped, summary = result.stdout.splitlines()
    # Istio's kinds have no Kubernetes schema: reported, never counted as valid.
    assert all(line.startswith("skipped: ") for line in skipped)
    assert summary.startswith(
        "inputs valid; rendered objects (kubernetes-validate, Kubernetes 1.30.0): "
    )
    assert summary.endswith(f" 0 invalid, 0 errors, {len(skipped)} skipped (no schema)")


def test_valid_invalid_and_skipped_objects(
    tmp_path: Path, run_cli, no_kubeconform: None
) -> None:
    repo = _repo(tmp_path, web=DEPLOYMENT, svc=SERVICE, vs=VIRTUAL_SERVICE)
    result = run_cli("validate", "--repo", repo)
    assert result.exit_code == 2
    assert result.stdout == (
        "invalid: east/default/service_web.yaml: $.spec.ports[0].port: '80' is not of "
        "type 'integer'\n"
        "skipped: east/default/virtualservice.networking.istio.io_web.yaml: no schema "
        "for this kind\n"
        "inputs valid; rendered objects (kubernetes-validate, Kubernetes 1.30.0): "
        "1 valid, 1 invalid, 0 errors, 1 skipped (no schema)\n"
    )


def test_skipped_is_not_a_failure(
    tmp_path: Path, run_cli, no_kubeconform: None
) -> None:
    result = run_cli("validate", "--repo", _repo(tmp_path, vs=VIRTUAL_SERVICE))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].endswith(
        "0 valid, 0 invalid, 0 errors, 1 skipped (no schema)"
    )


@pytest.mark.parametrize(
    ("version", "code", "last_line"),
    [
        (
            "1.25.0",
            2,
            "Kubernetes 1.25.0): 0 valid, 1 invalid, 0 errors, 0 skipped (no schema)",
        ),
        (
            "1.26",
            0,
            "Kubernetes 1.26.0): 1 valid, 0 invalid, 0 errors, 0 skipped (no schema)",
        ),
        (
            "v1.33.2",
            0,
            "Kubernetes 1.33.2): 1 valid, 0 invalid, 0 errors, 0 skipped (no schema)",
        ),
    ],
    ids=["before-scheduling-gates", "minor-only", "v-prefix"],
)
def test_the_kubernetes_version_is_honoured(
    tmp_path: Path,
    run_cli,
    no_kubeconform: None,
    version: str,
    code: int,
    last_line: str,
) -> None:
    # Pod schedulingGates arrived in Kubernetes 1.26: unknown (strict) before that.
    repo = _repo(tmp_path, web=DEPLOYMENT)
    result = run_cli("validate", "--repo", repo, "--kubernetes-version", version)
    assert result.exit_code == code, result.output
    assert result.stdout.splitlines()[-1].endswith(last_line)
    if code:
        assert result.stdout.splitlines()[0] == (
            "invalid: east/default/deployment.apps_web.yaml: $.spec.template.spec: "
            "Additional properties are not allowed ('schedulingGates' was unexpected)"
        )


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("banana", "--kubernetes-version 'banana' is not a version like 1.30.0"),
        (
            "1.12.0",
            (
                "kubernetes-validate {v} has schemas for Kubernetes 1.25 to {high}, not "
                "1.12.0 (install kubeconform, or pick a version in that range)"
            ),
        ),
    ],
    ids=["malformed", "too-old"],
)
def test_bad_versions(
    tmp_path: Path, run_cli, no_kubeconform: None, version: str, message: str
) -> None:
    import kubernetes_validate
    from kubernetes_validate.utils import latest_version, major_minor

    result = run_cli(
        "validate", "--repo", _repo(tmp_path), "--kubernetes-version", version
    )
    assert result.exit_code == 2
    expected = message.format(
        v=kubernetes_validate.__version__, high=major_minor(latest_version())
    )
    assert result.stderr == (
        f"<repo>: error: {expected}\nfleet-render: 1 error; out/ left unchanged\n"
    )


def test_secret_values_stay_out_of_schema_errors(
    tmp_path: Path, run_cli, no_kubeconform: None
) -> None:
    result = run_cli("validate", "--repo", _repo(tmp_path, db=SECRET))
    assert result.exit_code == 2
    assert "271828" not in result.output
    assert result.stdout.splitlines()[0] == (
        "invalid: east/default/secret_db.yaml: $.data.password: fails the schema's "
        "'type' rule (value hidden)"
    )


# kubeconform cannot be installed offline, so its code path runs against this stand-in:
# a fake of an optional external tool, printing what `kubeconform -output json -verbose`
# prints (pkg/output/json.go: {"resources": [{filename, kind, name, version, status,
# msg, validationErrors?}]}). It answers by kind and records its arguments.
FAKE_KUBECONFORM = """\
#!{python}
import json, os, sys
import yaml

args = sys.argv[1:]
with open(os.environ["FAKE_KUBECONFORM_ARGS"], "w") as f:
    json.dump(args, f)
if os.environ.get("FAKE_KUBECONFORM_CRASH"):
    print("failed to read schema: network unreachable", file=sys.stderr)
    sys.exit(1)
answers = {{
    "Deployment": ("statusValid", "", None),
    "Service": ("statusInvalid", "problem validating schema. Check JSON formatting: "
                "jsonschema: '/spec/ports/0/port' does not validate",
                [{{"path": "/spec/ports/0/port", "msg": "expected integer, but got string"}}]),
    "VirtualService": ("statusSkipped", "", None),
    "Secret": ("statusError", "could not find schema for Secret", None),
}}
resources = []
for root, _, names in sorted(os.walk(args[-1])):
    for name in sorted(names):
        path = os.path.join(root, name)
        obj = yaml.safe_load(open(path))
        status, msg, errors = answers[obj["kind"]]
        item = {{"filename": path, "kind": obj["kind"], "name": obj["metadata"]["name"],
                 "version": obj["apiVersion"], "status": status, "msg": msg}}
        if errors:
            item["validationErrors"] = errors
        resources.append(item)
print(json.dumps({{"resources": resources}}, indent=2))
sys.exit(1 if any(r["status"] in ("statusInvalid", "statusError") for r in resources) else 0)
"""


@pytest.fixture
def fake_kubeconform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tools = tmp_path / "bin"
    tools.mkdir()
    script = tools / "kubeconform"
    script.write_text(textwrap.dedent(FAKE_KUBECONFORM).format(python=sys.executable))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    args = tmp_path / "kubeconform-args.json"
    monkeypatch.setenv("FAKE_KUBECONFORM_ARGS", str(args))
    return args


def test_kubeconform_is_used_when_on_path(
    tmp_path: Path, run_cli, fake_kubeconform: Path
) -> None:
    repo = _repo(tmp_path, web=DEPLOYMENT, svc=SERVICE, vs=VIRTUAL_SERVICE, db=SECRET)
    result = run_cli("validate", "--repo", repo, "--kubernetes-version", "1.29")
    assert result.exit_code == 2
    assert result.stdout == (
        "error: east/default/secret_db.yaml: could not find schema for Secret\n"
        "invalid: east/default/service_web.yaml: /spec/ports/0/port: expected integer, "
        "but got string\n"
        "skipped: east/default/virtualservice.networking.istio.io_web.yaml: no schema "
        "for this kind\n"
        "inputs valid; rendered objects (kubeconform, Kubernetes 1.29.0): 1 valid, "
        "1 invalid, 1 error, 1 skipped (no schema)\n"
    )
    args = json.loads(fake_kubeconform.read_text())
    assert args[:-1] == [
        "-strict",
        "-ignore-missing-schemas",
        "-verbose",
        "-output",
        "json",
        "-kubernetes-version",
        "1.29.0",
    ]
    # Only manifests are handed over: no kustomization.yaml, bindings or marker.
    assert not Path(args[-1]).exists()  # a temporary folder, removed afterwards


def test_kubeconform_failing_outright_is_an_error(
    tmp_path: Path, run_cli, fake_kubeconform: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_KUBECONFORM_CRASH", "1")
    result = run_cli("validate", "--repo", _repo(tmp_path, web=DEPLOYMENT))
    assert result.exit_code == 2
    assert result.stderr == (
        "<repo>: error: kubeconform failed (exit 1): failed to read schema: network "
        "unreachable\nfleet-render: 1 error; out/ left unchanged\n"
    )


@pytest.mark.parametrize(("api_version", "kind"), sorted(INPUT_KINDS), ids=lambda v: v)
def test_schema_of_each_input_kind(run_cli, api_version: str, kind: str) -> None:
    result = run_cli("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert "$ref" not in json.dumps(schema).replace(
        '"$ref": "#/$defs/', ""
    )  # standalone
    validator = Draft202012Validator(schema)
    good = {
        "apiVersion": api_version,
        "kind": kind,
        "metadata": {"name": "x"},
        "spec": {},
    }
    typo = {**good, "spec": {"no-such-field": 1}}
    assert not [
        e.message for e in validator.iter_errors(good) if e.validator != "required"
    ]
    assert list(validator.iter_errors(typo))


def test_the_example_files_validate_against_the_printed_schemas(run_cli) -> None:
    import yaml

    for path in sorted(REPO_ROOT.glob("policies/*.yaml")) + sorted(
        REPO_ROOT.glob("fleets/*.yaml")
    ):
        for doc in yaml.safe_load_all(path.read_text()):
            schema = json.loads(run_cli("schema", doc["kind"]).stdout)
            errors = list(Draft202012Validator(schema).iter_errors(doc))
            assert not errors, f"{path.name}: {errors[0].message}"


@pytest.mark.parametrize(
    ("kind", "stderr"),
    [
        (
            "PropagationPolicyy",
            (
                "<repo>: error: unknown input kind 'PropagationPolicyy'; known kinds: "
                "AttachedCluster, ClusterOverridePolicy, ClusterPropagationPolicy, Fleet, "
                "OverridePolicy, PropagationPolicy (did you mean 'PropagationPolicy'?)\n"
            ),
        ),
        (
            "Deployment",
            (
                "<repo>: error: unknown input kind 'Deployment'; known kinds: "
                "AttachedCluster, ClusterOverridePolicy, ClusterPropagationPolicy, Fleet, "
                "OverridePolicy, PropagationPolicy\n"
            ),
        ),
    ],
    ids=["did-you-mean", "not-an-input"],
)
def test_schema_of_an_unknown_kind(run_cli, kind: str, stderr: str) -> None:
    result = run_cli("schema", kind)
    assert result.exit_code == 2
    assert result.stderr == stderr + "fleet-render: 1 error; out/ left unchanged\n"


@pytest.mark.parametrize(
    ("short", "kind"),
    [("pp", "PropagationPolicy"), ("cop", "ClusterOverridePolicy"), ("fleet", "Fleet")],
)
def test_schema_short_names_and_case(run_cli, short: str, kind: str) -> None:
    assert run_cli("schema", short).stdout == run_cli("schema", kind).stdout


@pytest.mark.parametrize(("api_version", "kind"), sorted(INPUT_KINDS), ids=lambda v: v)
def test_draft_07_schemas_for_yaml_language_server(
    run_cli, api_version: str, kind: str
) -> None:
    from jsonschema import Draft7Validator

    schema = json.loads(run_cli("schema", kind, "--draft", "07").stdout)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)

    # Draft-07 ignores keywords beside a $ref: none is left there.
    def refs_alone(node: object) -> bool:
        if isinstance(node, dict):
            return ("$ref" not in node or len(node) == 1) and all(
                map(refs_alone, node.values())
            )
        return all(map(refs_alone, node)) if isinstance(node, list) else True

    assert refs_alone(schema)


def test_both_dialects_give_the_same_verdicts(run_cli) -> None:
    import yaml
    from jsonschema import Draft7Validator

    weight = yaml.safe_load(
        POLICY.replace(
            "    clusterAffinity:\n",
            "    replicaScheduling:\n      weightPreference:\n        staticWeightList:\n"
            "        - {targetCluster: {clusterNames: [east]}, weight: 0}\n    clusterAffinity:\n",
        )
    )
    docs = [
        weight,
        *yaml.safe_load_all(
            (REPO_ROOT / "policies" / "nginx-propagation.yaml").read_text()
        ),
    ]
    new = Draft202012Validator(
        json.loads(run_cli("schema", "PropagationPolicy").stdout)
    )
    old = Draft7Validator(
        json.loads(run_cli("schema", "PropagationPolicy", "--draft", "07").stdout)
    )
    verdicts = [(new.is_valid(doc), old.is_valid(doc)) for doc in docs]
    assert verdicts == [(False, False), (True, True)]  # weight 0 breaks "minimum: 1"
