"""Output types survive the round trip; shared (anchored) input never leaks between copies."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml
import yaml_rs

from render.errors import Finding
from render.model import Manifest
from render.redaction import REDACTED, redact_findings
from tests.hostile.repos import FLEET, override

AMBIGUOUS = [
    "no",
    "No",
    "NO",
    "on",
    "off",
    "yes",
    "y",
    "Y",
    "n",
    "N",
    "true",
    "False",
    "~",
    "null",
    "",
    "1e3",
    "1E3",
    "-1e3",
    "1:30",
    "-1:30:00",
    "0777",
    "0o17",
    "0x1F",
    "0b101",
    ".inf",
    "-.Inf",
    ".nan",
    "2001-12-14",
    "2001-12-14T21:59:43.10-05:00",
    "1_000",
    "+1",
    "=",
    "<<",
    "0.",
    "1.5",
]

POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors:
  - {apiVersion: v1, kind: ConfigMap}
  - {apiVersion: apps/v1, kind: Deployment}
  placement:
    clusterAffinity: {clusterNames: [member1, member2]}
    replicaScheduling: {replicaSchedulingType: Duplicated}
"""


def _render(make_repo, run_cli, files: dict[str, str]) -> Path:
    repo = make_repo({"fleets/prod.yaml": FLEET, "policies/all.yaml": POLICY, **files})
    result = run_cli("render", "--repo", repo, "--strict")
    assert result.exit_code == 0, result.output
    return repo / "out"


def test_strings_a_yaml_1_1_reader_would_retype_are_quoted(make_repo, run_cli) -> None:
    data = {f"v{i}": s for i, s in enumerate(AMBIGUOUS)} | {
        s: "key" for s in AMBIGUOUS if s
    }
    body = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "types"},
        "data": data,
    }
    out = _render(make_repo, run_cli, {"apps/types.yaml": yaml.safe_dump(body)})
    text = (out / "member1/default/configmap_types.yaml").read_text()
    for loaded in (
        yaml.safe_load(text),
        yaml_rs.loads(text, parse_datetime=False),
    ):  # YAML 1.1 and 1.2 readers
        assert {k: v for k, v in loaded["data"].items()} == data


ANCHORED = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers:
      - name: a
        image: nginx:1
        env: &env [{name: MODE, value: shared}]
      - name: b
        image: nginx:1
        env: *env
      - <<: &base {image: busybox:1, env: *env}
        name: c
"""
RULES = """\
  - targetCluster: {clusterNames: [member1]}
    overriders:
      plaintext:
      - {path: /spec/template/metadata/labels/canary, operator: add, value: "true"}
      - {path: /spec/template/spec/containers/0/env/0/value, operator: replace, value: member1-only}
      labelsOverrider:
      - {operator: add, value: {tier: gold}}
"""


def test_an_override_of_an_anchored_mapping_reaches_no_other_place_or_cluster(
    make_repo, run_cli
) -> None:
    out = _render(
        make_repo,
        run_cli,
        {"apps/web.yaml": ANCHORED, "policies/tweak.yaml": override(RULES)},
    )
    one = yaml.safe_load((out / "member1/default/deployment.apps_web.yaml").read_text())
    two = yaml.safe_load((out / "member2/default/deployment.apps_web.yaml").read_text())
    assert one["spec"]["template"]["metadata"]["labels"] == {
        "app": "web",
        "canary": "true",
    }
    assert one["metadata"]["labels"] == {"app": "web", "tier": "gold"}
    assert one["spec"]["selector"]["matchLabels"] == {"app": "web"}
    assert [
        c["env"][0]["value"] for c in one["spec"]["template"]["spec"]["containers"]
    ] == ["member1-only", "shared", "shared"]
    assert (
        two["metadata"]["labels"]
        == two["spec"]["selector"]["matchLabels"]
        == {"app": "web"}
    )
    assert two["spec"]["template"]["metadata"]["labels"] == {"app": "web"}
    assert [
        c["env"][0]["value"] for c in two["spec"]["template"]["spec"]["containers"]
    ] == ["shared"] * 3


def _secret(
    data: dict[str, str], string_data: dict[str, str] | None = None
) -> Manifest:
    body = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s"},
        "data": data,
    }
    return Manifest(body={**body, "stringData": string_data or {}}, file="apps/s.yaml")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        pytest.param(
            "value 'pa55word-long' is wrong",
            f"value '{REDACTED}' is wrong",
            id="decoded-data",
        ),
        pytest.param(
            f"raw {base64.b64encode(b'pa55word-long').decode()}",
            f"raw {REDACTED}",
            id="encoded-data",
        ),
        pytest.param(
            'in "{\\"a\\":\\"x<y>&z\\"}"',
            f'in "{{\\"a\\":\\"{REDACTED}\\"}}"',
            id="json-escaped",
        ),
        pytest.param(
            'Go escapes "x\\u003cy\\u003e\\u0026z"',
            f'Go escapes "{REDACTED}"',
            id="go-escaped",
        ),
        pytest.param(
            "second line only: line-two-secret",
            f"second line only: {REDACTED}",
            id="one-line-of-many",
        ),
        pytest.param(
            "ab is too short to hide", "ab is too short to hide", id="short-values-stay"
        ),
    ],
)
def test_secret_values_are_cut_out_of_findings(message: str, expected: str) -> None:
    secret = _secret(
        {
            "p": base64.b64encode(b"pa55word-long").decode(),
            "s": base64.b64encode(b"ab").decode(),
        },
        {"t": "x<y>&z", "m": "line-one\nline-two-secret"},
    )
    finding = Finding(message, "policies/o.yaml", hint=message)
    [redacted] = redact_findings([finding], [secret])
    assert (redacted.message, redacted.hint) == (expected, expected)
