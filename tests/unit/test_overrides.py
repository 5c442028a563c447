"""Whole-policy override vectors (overrides.yaml) and derived cases through apply_overrides."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from render.errors import RenderError
from render.model import Cluster, Policy
from render.overrides import OverrideResult, RuleCache, apply_overrides
from render.overrides.ordering import selected_for

CONFORMANCE = Path(__file__).parents[1] / "conformance"
# the shared sample, then the cases this project translated from more of Karmada's tests
VECTORS = [v for name in (
               "overrides.yaml", "overrides_extra.yaml", "overrides_round2.yaml", "overrides_round5.yaml"
           )
           for v in yaml.safe_load((CONFORMANCE / name).read_text(encoding="utf-8"))]

# Vectors that cannot pass, with the reason (strict: they must keep failing).
XFAIL: dict[str, str] = {
    "r2-image-after-string-replicas-error": (
        "Karmada converts the whole object to the typed Deployment before a no-predicate image "
        "override (ConvertToTypedObject) and fails on a string replicas; we only check containers"
    ),
    "r2-image-after-int-label-error": (
        "Karmada's typed conversion fails on an int64 label value (ObjectMeta.Labels is "
        "map[string]string); we only check containers"
    ),
}


def to_cluster(raw: dict[str, Any]) -> Cluster:
    return Cluster(
        name=raw["name"],
        labels=raw.get("labels") or {},
        provider=raw.get("provider") or "",
        region=raw.get("region") or "",
        zones=tuple(raw.get("zones") or ()),
    )


def to_policies(raw: list[dict[str, Any]]) -> list[Policy]:
    return [
        Policy(
            kind=p["kind"],
            name=p["metadata"]["name"],
            namespace=p["metadata"].get("namespace", ""),
            spec=p.get("spec") or {},
            file=f"policies/{p['metadata']['name']}.yaml",
            index=i,
        )
        for i, p in enumerate(raw)
    ]


def run(vector: dict[str, Any], via: str = "listed") -> OverrideResult:
    policies = to_policies(vector["policies"])
    if via == "selected":  # as a render does: selected once per object, then per cluster
        policies = selected_for(vector["resource"], policies, RuleCache(), policies)
    return apply_overrides(vector["resource"], to_cluster(vector["cluster"]), policies)


def marks(vector_id: str) -> list[pytest.MarkDecorator]:
    return (
        [pytest.mark.xfail(reason=XFAIL[vector_id], strict=True)]
        if vector_id in XFAIL
        else []
    )


@pytest.mark.parametrize("via", ["listed", "selected"])
@pytest.mark.parametrize(
    "vector",
    [pytest.param(v, id=v["id"], marks=marks(v["id"])) for v in VECTORS],
)
def test_conformance(vector: dict[str, Any], via: str) -> None:
    original = copy.deepcopy(vector["resource"])
    if "expect_error" in vector:
        with pytest.raises(RenderError) as info:
            run(vector, via)
        assert vector["expect_error"] in str(info.value)
        (finding,) = info.value.findings
        assert finding.stage == "override"
        assert finding.file and finding.file.startswith("policies/")
    else:
        result = run(vector, via)
        assert result.manifest == vector["expect"]
        assert (
            result.applied_cluster_overrides
            == vector["expect_applied_cluster_overrides"]
        )
        assert result.applied_overrides == vector["expect_applied_overrides"]
    assert vector["resource"] == original  # never mutated


# -- derived cases for rules the spec marks [verified] -----------------------------------
DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"namespace": "default", "name": "web", "labels": {"app": "web"}},
    "spec": {
        "replicas": 2,
        "template": {
            "spec": {
                "containers": [
                    {"name": "nginx", "image": "nginx:1.0", "command": ["nginx", "-v"]},
                    {"name": "side", "image": "reg.io/side@sha256:" + "a" * 64},
                ]
            }
        },
    },
}
MEMBER1 = Cluster(name="member1", labels={"env": "prod"}, region="eu")


def op(
    name: str,
    *rules: dict[str, Any],
    selectors: Any = None,
    kind: str = "OverridePolicy",
) -> Policy:
    spec: dict[str, Any] = {"overrideRules": list(rules)}
    if selectors is not None:
        spec["resourceSelectors"] = selectors
    namespace = "default" if kind == "OverridePolicy" else ""
    return Policy(kind, name, namespace, spec, file=f"policies/{name}.yaml")


def rule(target: Any = None, **overriders: Any) -> dict[str, Any]:
    return {"overriders": overriders} | (
        {"targetCluster": target} if target is not None else {}
    )


def apply(resource: dict[str, Any], *policies: Policy) -> OverrideResult:
    return apply_overrides(resource, MEMBER1, list(policies))


def containers(result: OverrideResult) -> list[dict[str, Any]]:
    return result.manifest["spec"]["template"]["spec"]["containers"]


CASES = [
    pytest.param(
        [
            {
                "path": "/spec/template/spec/containers/0/command/-2",
                "operator": "add",
                "value": "x",
            }
        ],
        ["nginx", "x", "-v"],
        id="plaintext-add-negative-index",
    ),
    pytest.param(
        [
            {
                "path": "/spec/template/spec/containers/0/command/-1",
                "operator": "add",
                "value": "x",
            }
        ],
        ["nginx", "-v", "x"],
        id="plaintext-add-minus-one-appends",
    ),
    pytest.param(
        [{"path": "/spec/template/spec/containers/0/command/-1", "operator": "remove"}],
        ["nginx"],
        id="plaintext-remove-negative-index",
    ),
    pytest.param(
        [
            {
                "path": "/spec/template/spec/containers/0/command/-2",
                "operator": "replace",
                "value": "y",
            }
        ],
        ["y", "-v"],
        id="plaintext-replace-negative-index",
    ),
]


@pytest.mark.parametrize(("plaintext", "command"), CASES)
def test_plaintext_array_indices(
    plaintext: list[dict[str, Any]], command: list[str]
) -> None:
    result = apply(DEPLOYMENT, op("p", rule(plaintext=plaintext)))
    assert containers(result)[0]["command"] == command


def test_plaintext_add_without_value_sets_null() -> None:
    result = apply(
        DEPLOYMENT,
        op("p", rule(plaintext=[{"path": "/spec/paused", "operator": "add"}])),
    )
    assert result.manifest["spec"]["paused"] is None
    assert '"value":null' in (result.applied_overrides or "")


@pytest.mark.parametrize(
    ("plaintext", "error"),
    [
        pytest.param(
            [{"path": "/spec/nope", "operator": "replace", "value": 1}],
            "replace operation does not apply: doc is missing key: /spec/nope: missing value",
            id="replace-missing-key",
        ),
        pytest.param(
            [{"path": "/spec/a/b", "operator": "add", "value": 1}],
            'add operation does not apply: doc is missing path: "/spec/a/b": missing value',
            id="add-missing-parent",
        ),
        pytest.param(
            [
                {
                    "path": "/spec/template/spec/containers/0/command/5",
                    "operator": "add",
                    "value": 1,
                }
            ],
            "Unable to access invalid index: 5: invalid index referenced",
            id="add-index-past-end",
        ),
        pytest.param(
            [{"path": "/spec/replicas", "operator": "Add", "value": 1}],
            "unsupported operation",
            id="unknown-operator",
        ),
        pytest.param(
            [{"path": "/kind", "operator": "remove"}],
            "Object 'Kind' is missing",
            id="remove-kind",
        ),
    ],
)
def test_plaintext_errors(plaintext: list[dict[str, Any]], error: str) -> None:
    with pytest.raises(RenderError) as info:
        apply(DEPLOYMENT, op("p", rule(plaintext=plaintext)))
    (finding,) = info.value.findings
    assert error in finding.message
    assert "Deployment default/web" in finding.message and "member1" in finding.message
    assert finding.field_path == (
        "spec",
        "overrideRules",
        0,
        "overriders",
        "plaintext",
        0,
    )
    assert finding.file == "policies/p.yaml" and finding.stage == "override"


def test_error_points_at_failing_plaintext_entry() -> None:
    plaintext = [
        {"path": "/metadata/labels/x", "operator": "add", "value": "1"},
        {"path": "/metadata/labels/nope", "operator": "remove"},
    ]
    with pytest.raises(RenderError) as info:
        apply(DEPLOYMENT, op("p", rule(), rule(plaintext=plaintext)))
    assert info.value.findings[0].field_path == (
        "spec",
        "overrideRules",
        1,
        "overriders",
        "plaintext",
        1,
    )


@pytest.mark.parametrize(
    ("image_overrider", "images"),
    [
        pytest.param(
            {"component": "Registry", "operator": "add", "value": "docker.io"},
            ["docker.io/nginx:1.0", "reg.iodocker.io/side@sha256:" + "a" * 64],
            id="registry-add-concatenates",
        ),
        pytest.param(
            {"component": "Tag", "operator": "replace", "value": "v2"},
            ["nginx:v2", "reg.io/side:v2"],
            id="tag-replace-replaces-digest",
        ),
        pytest.param(
            {"component": "Tag", "operator": "add", "value": "sha256:" + "b" * 64},
            ["nginx:1.0", "reg.io/side@sha256:" + "a" * 64],
            id="tag-add-digest-noop",
        ),
        pytest.param(
            {"component": "Registry", "operator": "remove"},
            ["nginx:1.0", "side@sha256:" + "a" * 64],
            id="registry-remove",
        ),
        pytest.param(
            {
                "predicate": {"path": "/spec/template/spec/containers/1/image"},
                "component": "Repository",
                "operator": "replace",
                "value": "other",
            },
            ["nginx:1.0", "reg.io/other@sha256:" + "a" * 64],
            id="predicate-one-image",
        ),
    ],
)
def test_image_overrider(image_overrider: dict[str, Any], images: list[str]) -> None:
    result = apply(DEPLOYMENT, op("p", rule(imageOverrider=[image_overrider])))
    assert [c["image"] for c in containers(result)] == images


def test_image_tag_and_digest_keeps_tag() -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"namespace": "default", "name": "p"},
        "spec": {
            "containers": [{"name": "c", "image": "nginx:1.0@sha256:" + "c" * 64}]
        },
    }
    overrider = {"component": "Registry", "operator": "add", "value": "r.io"}
    result = apply(pod, op("p", rule(imageOverrider=[overrider])))
    assert result.manifest["spec"]["containers"][0]["image"] == "r.io/nginx:1.0"


@pytest.mark.parametrize(
    ("image", "error"),
    [
        ("", "repository name must have at least one component"),
        ("Nginx", "must be lowercase"),
    ],
)
def test_image_parse_errors(image: str, error: str) -> None:
    deployment = copy.deepcopy(DEPLOYMENT)
    deployment["spec"]["template"]["spec"]["containers"][0]["image"] = image
    overrider = {"component": "Tag", "operator": "replace", "value": "v2"}
    with pytest.raises(RenderError, match=error) as info:
        apply(deployment, op("p", rule(imageOverrider=[overrider])))
    assert info.value.findings[0].field_path[-2:] == ("imageOverrider", 0)


def test_kinds_without_default_paths_are_skipped_with_a_warning() -> None:
    cronjob = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"namespace": "default", "name": "c"},
        "spec": {
            "jobTemplate": {
                "spec": {
                    "template": {
                        "spec": {
                            "containers": [
                                {"name": "c", "image": "busybox", "command": ["sh"]}
                            ]
                        }
                    }
                }
            }
        },
    }
    result = apply(
        cronjob,
        op(
            "p",
            rule(
                imageOverrider=[
                    {"component": "Registry", "operator": "add", "value": "x.io"}
                ],
                commandOverrider=[
                    {"containerName": "c", "operator": "add", "value": ["-c"]}
                ],
            ),
        ),
    )
    assert result.manifest == cronjob
    assert [w.field_path[-2:] for w in result.warnings] == [
        ("imageOverrider", 0),
        ("commandOverrider", 0),
    ]
    assert all(
        w.severity == "warning" and w.file == "policies/p.yaml" for w in result.warnings
    )


def test_command_and_args() -> None:
    result = apply(
        DEPLOYMENT,
        op(
            "p",
            rule(
                commandOverrider=[
                    {
                        "containerName": "nginx",
                        "operator": "remove",
                        "value": ["-v", "absent"],
                    }
                ],
                argsOverrider=[
                    {"containerName": "side", "operator": "remove", "value": ["x"]},
                    {"containerName": "nobody", "operator": "add", "value": ["x"]},
                ],
            ),
        ),
    )
    assert containers(result)[0]["command"] == ["nginx"]
    assert containers(result)[1]["args"] == []  # remove on an absent list creates []
    (warning,) = result.warnings
    assert (
        warning.field_path[-2:] == ("argsOverrider", 1) and "nobody" in warning.message
    )


def test_labels_replace_add_remove() -> None:
    resource = copy.deepcopy(DEPLOYMENT)
    resource["metadata"]["labels"] = {"foo": "foo", "bar": "bar"}
    result = apply(
        resource,
        op(
            "p",
            rule(
                labelsOverrider=[
                    {
                        "operator": "replace",
                        "value": {"foo": "exist", "non-exist": "non-exist"},
                    },
                    {"operator": "add", "value": {"app": "nginx", "team/x": "y"}},
                    {"operator": "remove", "value": {"bar": "ignored-value"}},
                ]
            ),
        ),
    )
    assert result.manifest["metadata"]["labels"] == {
        "foo": "exist",
        "app": "nginx",
        "team/x": "y",
    }
    (warning,) = result.warnings
    assert "non-exist" in warning.message and warning.field_path[-2:] == (
        "labelsOverrider",
        0,
    )


def test_remove_last_label_leaves_empty_map() -> None:
    result = apply(
        DEPLOYMENT,
        op("p", rule(labelsOverrider=[{"operator": "remove", "value": {"app": ""}}])),
    )
    assert result.manifest["metadata"]["labels"] == {}


def test_kind_order_all_kinds() -> None:
    # plaintext runs last and sees the labels added before it; the field overrider runs
    # before plaintext, so plaintext's replace of the field wins.
    config = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"namespace": "default", "name": "c"},
        "data": {"a.json": '{"v": 1}'},
    }
    result = apply(
        config,
        op(
            "p",
            rule(
                plaintext=[
                    {
                        "path": "/metadata/labels/l",
                        "operator": "replace",
                        "value": "plain",
                    },
                    {"path": "/data/a.json", "operator": "replace", "value": "final"},
                ],
                fieldOverrider=[
                    {
                        "fieldPath": "/data/a.json",
                        "json": [{"subPath": "/v", "operator": "replace", "value": 2}],
                    }
                ],
                labelsOverrider=[{"operator": "add", "value": {"l": "labels"}}],
            ),
        ),
    )
    assert result.manifest["metadata"]["labels"] == {"l": "plain"}
    assert result.manifest["data"]["a.json"] == "final"


@pytest.mark.parametrize(
    ("field_overrider", "expected"),
    [
        pytest.param(
            {
                "fieldPath": "/data/a",
                "json": [{"subPath": "/v", "operator": "replace", "value": 2}],
                "yaml": [{"subPath": "/v", "operator": "replace", "value": 3}],
            },
            "v: 3\n",
            id="yaml-wins-over-json",
        ),
        pytest.param({"fieldPath": "/data/a"}, "", id="no-ops-empties-field"),
    ],
)
def test_field_overrider_modes(field_overrider: dict[str, Any], expected: str) -> None:
    config = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"namespace": "default", "name": "c"},
        "data": {"a": "v: 1\n"},
    }
    result = apply(config, op("p", rule(fieldOverrider=[field_overrider])))
    assert result.manifest["data"]["a"] == expected


def test_manager_fieldoverrider_yaml() -> None:
    config = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"namespace": "default", "name": "c"},
        "data": {"test.yaml": "\nkey: \n  key1: value\n"},
    }
    overrider = {
        "fieldPath": "/data/test.yaml",
        "yaml": [
            {"subPath": "/key/key1", "operator": "replace", "value": "updated_value"}
        ],
    }
    result = apply(config, op("p", rule(fieldOverrider=[overrider])))
    assert result.manifest["data"]["test.yaml"] == "key:\n  key1: updated_value\n"


# -- selection and ordering -------------------------------------------------------------
def env(policy: str, value: str, **kwargs: Any) -> Policy:
    return op(
        policy,
        rule(labelsOverrider=[{"operator": "add", "value": {"env": value}}]),
        **kwargs,
    )


BY_NAME = [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}]
BY_LABEL = [
    {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "labelSelector": {"matchLabels": {"app": "web"}},
    }
]
BY_KIND = [{"apiVersion": "apps/v1", "kind": "Deployment"}]


@pytest.mark.parametrize(
    ("policies", "winner"),
    [
        pytest.param(
            [env("b", "b"), env("a", "a")], "b", id="same-priority-greater-name-wins"
        ),
        pytest.param(
            [env("z", "z"), env("a", "a", selectors=BY_NAME)],
            "a",
            id="name-priority-beats-name-order",
        ),
        pytest.param(
            [env("z", "z", selectors=BY_KIND), env("a", "a", selectors=BY_LABEL)],
            "a",
            id="label-priority-beats-match-all",
        ),
        pytest.param(
            [env("b", "b", selectors=BY_KIND), env("a", "a")],
            "b",
            id="kind-only-selector-equals-no-selector",
        ),
        pytest.param(
            [
                env("op", "op"),
                env("cop", "cop", selectors=BY_NAME, kind="ClusterOverridePolicy"),
            ],
            "op",
            id="cop-name-selector-still-before-op",
        ),
    ],
)
def test_policy_order(policies: list[Policy], winner: str) -> None:
    assert apply(DEPLOYMENT, *policies).manifest["metadata"]["labels"]["env"] == winner


def test_op_only_in_own_namespace_and_never_cluster_scoped() -> None:
    other = Policy(
        "OverridePolicy",
        "o",
        "other",
        {
            "overrideRules": [
                rule(labelsOverrider=[{"operator": "add", "value": {"x": "y"}}])
            ]
        },
    )
    assert apply(DEPLOYMENT, other).manifest is DEPLOYMENT
    namespace = {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": "default"},
    }
    mine = Policy("OverridePolicy", "o", "default", other.spec)
    assert apply(namespace, mine).applied == ()


def test_deprecated_form_ignored_when_rules_set() -> None:
    spec = {
        "overrideRules": [
            rule(labelsOverrider=[{"operator": "add", "value": {"env": "rules"}}])
        ],
        "targetCluster": {"clusterNames": ["member1"]},
        "overriders": {
            "labelsOverrider": [{"operator": "add", "value": {"env": "deprecated"}}]
        },
    }
    result = apply(DEPLOYMENT, Policy("OverridePolicy", "p", "default", spec))
    assert result.manifest["metadata"]["labels"]["env"] == "rules"
    assert [a.rule_index for a in result.applied] == [0]


def test_deprecated_form_rule_index_none() -> None:
    spec = {
        "overriders": {
            "labelsOverrider": [{"operator": "add", "value": {"env": "old"}}]
        }
    }
    result = apply(DEPLOYMENT, Policy("ClusterOverridePolicy", "old", "", spec))
    assert [a.rule_index for a in result.applied] == [None]
    assert result.applied_cluster_overrides == (
        '[{"policyName":"old","overriders":{"labelsOverrider":[{"operator":"add","value":{"env":"old"}}]}}]'
    )


def test_rules_declaration_order_and_record_sorted_by_name() -> None:
    first = op(
        "b",
        rule(
            {"clusterNames": ["member1"]},
            labelsOverrider=[{"operator": "add", "value": {"k": "1"}}],
        ),
        rule(None, labelsOverrider=[{"operator": "add", "value": {"k": "2"}}]),
    )
    second = op("a", rule(labelsOverrider=[{"operator": "add", "value": {"k": "3"}}]))
    result = apply(DEPLOYMENT, first, second)
    assert [(a.policy.name, a.rule_index) for a in result.applied] == [
        ("a", 0),
        ("b", 0),
        ("b", 1),
    ]
    assert result.manifest["metadata"]["labels"]["k"] == "2"
    names = [
        item["policyName"] for item in json.loads(result.applied_overrides or "[]")
    ]
    assert names == ["a", "b", "b"]


def test_rule_not_targeting_cluster_is_skipped() -> None:
    policy = op(
        "p",
        rule(
            {"clusterNames": ["member2"]},
            labelsOverrider=[{"operator": "add", "value": {"x": "y"}}],
        ),
    )
    result = apply(DEPLOYMENT, policy)
    assert result.manifest is DEPLOYMENT and result.applied_overrides is None


def test_overwrite_between_rules_warns() -> None:
    cop = op(
        "cop",
        rule(plaintext=[{"path": "/spec/replicas", "operator": "replace", "value": 5}]),
        kind="ClusterOverridePolicy",
    )
    ns = op(
        "ns",
        rule(plaintext=[{"path": "/spec/replicas", "operator": "replace", "value": 7}]),
    )
    result = apply(DEPLOYMENT, cop, ns)
    assert result.manifest["spec"]["replicas"] == 7
    (warning,) = result.warnings
    assert warning.severity == "warning" and warning.file == "policies/ns.yaml"
    assert (
        "policies/cop.yaml" in warning.message and "/spec/replicas" in warning.message
    )
    assert warning.field_path == (
        "spec",
        "overrideRules",
        0,
        "overriders",
        "plaintext",
        0,
    )


def test_independent_writes_do_not_warn() -> None:
    one = op("one", rule(labelsOverrider=[{"operator": "add", "value": {"a": "1"}}]))
    two = op(
        "two",
        rule(
            labelsOverrider=[{"operator": "add", "value": {"b": "2"}}],
            imageOverrider=[
                {"component": "Registry", "operator": "add", "value": "r.io/"}
            ],
        ),
    )
    assert apply(DEPLOYMENT, one, two).warnings == ()


def test_no_policy_returns_input_itself() -> None:
    result = apply(DEPLOYMENT)
    assert result.manifest is DEPLOYMENT
    assert (result.applied, result.warnings) == ((), ())
    assert result.applied_cluster_overrides is None and result.applied_overrides is None
