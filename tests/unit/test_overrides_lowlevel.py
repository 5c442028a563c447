"""Helper-level override vectors (overrides_lowlevel.yaml), by the Go function tested."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from render.model import Policy
from render.overrides import applied, containers, fields, images, ordering, rawjson
from render.overrides.patching import Operation
from render.ranking import resource_selector_priority
from render.selection import cluster_matches
from tests.unit.test_overrides import to_cluster, to_policies

CONFORMANCE = Path(__file__).parents[1] / "conformance"
# the shared sample, then the cases this project translated from more of Karmada's tests
VECTORS = [v for name in ("overrides_lowlevel.yaml", "overrides_lowlevel_extra.yaml", "overrides_lowlevel_round2.yaml",
                          "overrides_lowlevel_round3.yaml", "overrides_lowlevel_round4.yaml")
           for v in yaml.safe_load((CONFORMANCE / name).read_text(encoding="utf-8"))]
XFAIL: dict[str, str] = {
    "r2-buildpatches-typed-conversion-error": (
        "Karmada's buildPatchesWithEmptyPredicate converts the whole object to the typed "
        "Deployment first and fails on a string replicas; we only check containers"
    ),
    "r4-rawyaml-flow-colon-before-comma": (
        "PyYAML ends a flow plain scalar at ':' before ',[]{}'; go-yaml v2 only before a blank"
    ),
    "r4-rawyaml-escaped-slash-rejected": (
        "both refuse the escape \\/ now, but the error is PyYAML's text, not libyaml's"
    ),
    "r4-rawyaml-block-scalar-tab-indentation": (
        "PyYAML does not check for a tab while a block scalar's indentation is auto-detected"
    ),
    "r4-rawyaml-anchor-redefined": (
        "PyYAML's composer refuses a duplicate anchor; go-yaml v2 lets the later one win"
    ),
    "r4-rawyaml-merge-alias-to-sequence": (
        "goyaml._fill cannot tell an alias from the aliased SequenceNode, so it merges an alias to a sequence"
    ),
    "r4-rawyaml-overwritten-bad-key-ignored": (
        "goyaml checks key types while composing, before later duplicate keys overwrite"
    ),
    "r4-rawyaml-anchor-contains-itself-text": (
        "error text lacks the anchor name"
    ),
    "r4-rawyaml-invalid-map-key-text": (
        "error text uses Python repr, not Go's %#v"
    ),
    "r4-rawyaml-unsupported-key-text": (
        "error text uses the decimal key and omits ', value: %+#v'"
    ),
    "r4-rawyaml-null-key-text": (
        "error text prints None and omits ', value: %+#v'"
    ),
    "r4-rawyaml-syntax-error-text": (
        "YAML syntax errors carry PyYAML's messages, not libyaml's"
    ),
    "r4-rawyaml-patch-null-then-test-null": (
        "a null written by the patch is a non-nil raw 'null' node in evanphx and no longer tests equal to null"
    ),
    "r4-rawjson-patch-null-then-test-null": (
        "a null written by the patch is a non-nil raw 'null' node in evanphx and no longer tests equal to null"
    ),
    "r4-rawjson-patch-null-then-test-array": (
        "testing a patch-written null against an array is a nil dereference in evanphx"
    ),
    "r4-rawjson-duplicate-keys-kept": (
        "rawjson collapses duplicate object keys; evanphx keeps every occurrence (with the last value)"
    ),
    "r4-rawjson-duplicate-key-remove-leaves-null": (
        "evanphx's remove drops one occurrence of a duplicate key and the other is written as null"
    ),
}


def _parse(i: dict[str, Any]) -> dict[str, str]:
    c = images.parse_image(i["image"])
    return {
        "hostname": c.hostname,
        "repository": c.repository,
        "tag": c.tag,
        "digest": c.digest,
        "string": str(c),
    }


def _split(i: dict[str, Any]) -> dict[str, str]:
    hostname, repository = images.split_hostname(i["name"])
    return {"hostname": hostname, "repository": repository}


_METHODS: dict[str, Callable[[images.ImageComponents, Any], Any]] = {
    "SetHostname": lambda c, v: setattr(c, "hostname", v),
    "RemoveHostname": lambda c, v: setattr(c, "hostname", ""),
    "SetRepository": lambda c, v: setattr(c, "repository", v),
    "RemoveRepository": lambda c, v: setattr(c, "repository", ""),
    "SetTagOrDigest": lambda c, v: c.set_tag_or_digest(v),
    "RemoveTagOrDigest": lambda c, v: c.remove_tag_or_digest(),
}


def _components(i: dict[str, Any]) -> list[str]:
    parts, seen = images.parse_image(i["image"]), []
    for call in i["ops"]:
        _METHODS[call["method"]](parts, call.get("value"))
        seen.append(str(parts))
    return seen


def _ops(patches: list[dict[str, Any]]) -> list[Operation]:
    return [Operation(p["op"], p["path"], p.get("value")) for p in patches]


def _as_dicts(ops: list[Operation]) -> list[dict[str, Any]]:
    return [{"op": o.op, "path": o.path, "value": o.value} for o in ops]


def _ordered(i: dict[str, Any]) -> list[dict[str, Any]]:
    rules = ordering.order_rules(
        i["resource"], to_cluster(i["cluster"]), to_policies(i["policies"])
    )
    return [
        {
            "policyName": r.policy.name,
            "namespace": r.policy.namespace,
            "overriders": dict(r.overriders),
        }
        for r in rules
    ]


def _record(i: dict[str, Any]) -> str | None:
    rules = [
        ordering.MatchedRule(
            Policy("ClusterOverridePolicy", a["policyName"], "", {}),
            0,
            a.get("overriders") or {},
        )
        for a in i["add"]
    ]
    return applied.applied_record(rules)


FUNCTIONS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "imageparser.Parse": _parse,
    "imageparser.SplitHostname": _split,
    "imageparser.Components": _components,
    "overridemanager.buildPatches": lambda i: _as_dicts(
        containers.image_patches(i["resource"], i["imageOverrider"])[0]
    ),
    "overridemanager.buildCommandArgsPatches": lambda i: _as_dicts(
        containers.command_args_patches(i["resource"], i["target"], i["overrider"])[0]
    ),
    "util.ResourceSelectorPriority": lambda i: resource_selector_priority(
        i["resource"], i["resourceSelector"]
    ),
    "util.ResourceMatchSelectors": lambda i: any(
        resource_selector_priority(i["resource"], s) > 0 for s in i["resourceSelectors"]
    ),
    "util.ResourceMatchSelectorsPriority": lambda i: max(
        [resource_selector_priority(i["resource"], s) for s in i["resourceSelectors"]],
        default=0,
    ),
    "util.ClusterMatches": lambda i: cluster_matches(
        to_cluster(i["cluster"]), i["affinity"]
    ),
    "overridemanager.getOverridersFromOverridePolicies": _ordered,
    "overridemanager.AppliedOverrides.MarshalJSON": _record,
    "overridemanager.applyRawYAMLPatch": lambda i: fields.apply_raw_yaml_patch(
        i["document"], _ops(i["patches"])
    ),
    "overridemanager.applyRawJSONPatch": lambda i: rawjson.apply_raw_json_patch(
        i["document"], _ops(i["patches"])
    ),
}


def test_every_function_is_covered() -> None:
    assert {v["function"] for v in VECTORS} <= set(FUNCTIONS)


@pytest.mark.parametrize(
    "vector",
    [
        pytest.param(
            v,
            id=v["id"],
            marks=[pytest.mark.xfail(reason=XFAIL[v["id"]], strict=True)]
            if v["id"] in XFAIL
            else [],
        )
        for v in VECTORS
    ],
)
def test_lowlevel(vector: dict[str, Any]) -> None:
    call = FUNCTIONS[vector["function"]]
    if "expect_error" in vector:
        with pytest.raises(ValueError) as info:
            call(vector["input"])
        assert vector["expect_error"] in str(info.value)
    else:
        assert call(vector["input"]) == vector["expect"]
