"""Hostile inputs and faults: exit 2, the exact message, out/ byte- and mtime-identical.

Every case starts from a rendered copy of ``repos.BASE``, corrupts it (files and/or a
file-system setup), renders again and checks: exit code 2, the exact error lines, the
summary line, ``out/`` unchanged (bytes and mtimes), nothing left beside it, and that
no byte of the canary file outside the repo (or of a Secret value) reached the output.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import snapshot, write_repo
from tests.hostile.repos import (
    APP,
    BASE,
    CANARY,
    FLEET,
    OUTSIDE,
    POLICY,
    SECRET_VALUE,
    listing,
    override,
    without_state,
)

Setup = Callable[[Path, Path], None]  # (repo, outside folder)


@dataclass(frozen=True)
class Case:
    id: str
    expected: list[str]
    files: dict[str, str] = field(default_factory=dict)
    setup: Setup | None = None
    args: tuple[str, ...] = ()


def link(rel: str, target: str) -> Setup:
    """A symlink at repo/rel; ``@out/...`` targets the outside folder."""

    def make(repo: Path, outside: Path) -> None:
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(outside / target[5:] if target.startswith("@out/") else target)

    return make


def fifo(rel: str) -> Setup:
    return lambda repo, _: os.mkfifo(repo / rel)


def raw(rel: str, data: bytes) -> Setup:
    return lambda repo, _: (repo / rel).write_bytes(data)


def nested_folders(depth: int) -> Setup:
    def make(repo: Path, _: Path) -> None:
        deep = repo / "apps" / "/".join(["d"] * depth)
        deep.mkdir(parents=True)
        (deep / "x.yaml").write_text(
            APP.replace("name: web", "name: deep"), encoding="utf-8"
        )

    return make


def app(**fields: str) -> dict[str, str]:
    """apps/web.yaml with metadata fields (or kind/apiVersion) replaced."""
    text = APP
    for key, value in fields.items():
        if key in ("kind", "apiVersion"):
            text = text.replace(
                f"{key}: {'Deployment' if key == 'kind' else 'apps/v1'}",
                f"{key}: {value}",
            )
        else:
            text = text.replace("  name: web\n", f"  name: web\n  {key}: {value}\n", 1)
    return {"apps/web.yaml": text}


def named(name: str, kind: str = "ConfigMap", api: str = "v1") -> dict[str, str]:
    return {
        "apps/named.yaml": f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n"
    }


def cluster(name: str) -> dict[str, str]:
    return {"fleets/prod.yaml": FLEET.replace("- name: member2", f"- name: {name}")}


def replicas(value: str) -> dict[str, str]:
    return {"apps/web.yaml": APP.replace("replicas: 3", f"replicas: {value}")}


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
    for i in range(8)
)
SUMMARY = "; out/ left unchanged"
WEB_LOC = "apps/web.yaml:4:3: error: $.metadata.name"
NAME_RULE = (
    "name must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')"
)
NS_RULE = "namespace must be a DNS-1123 label (lower-case letters, digits and '-', at most 63)"
CLUSTER_RULE = "must be a cluster name: at most 48 lower-case letters, digits or '-', beginning and ending with a letter or digit"
CL_LOC = "fleets/prod.yaml:9:5: error: $.spec.clusters[1].name"
REPLICAS = "apps/web.yaml:6:3: error: $.spec.replicas: replicas must be an integer from 0 to 2147483647, got"
LINK_OUT = "symbolic link leads outside the repo; refusing to follow it"
PLAINTEXT = "    overriders:\n      plaintext:\n      - {{path: {path}, operator: {op}, value: {value}}}\n"

PARSING = [
    Case(
        "tab-indent",
        [
            "apps/web.yaml:2:1: error: invalid YAML: found a tab character that violates indentation"
        ],
        {"apps/web.yaml": "apiVersion: v1\n\tkind: ConfigMap\n"},
    ),
    Case(
        "duplicate-key-in-fleet",
        ["fleets/prod.yaml:3:1: error: invalid YAML: duplicate key 'kind'"],
        {
            "fleets/prod.yaml": FLEET.replace(
                "kind: Fleet\n", "kind: Fleet\nkind: Fleet\n"
            )
        },
    ),
    Case(
        "integer-key",
        ["apps/web.yaml:7:3: error: invalid YAML: mapping key 1 is not a string"],
        {"apps/web.yaml": APP.replace("  replicas: 3\n", "  replicas: 3\n  1: one\n")},
    ),
    Case(
        "complex-key",
        ["apps/web.yaml:7:5: error: invalid YAML: mapping key ['a'] is not a string"],
        {
            "apps/web.yaml": APP.replace(
                "  replicas: 3\n", "  replicas: 3\n  ? [a]\n  : b\n"
            )
        },
    ),
    Case(
        "billion-laughs",
        [
            (
                "apps/bomb.yaml:5:36: error: invalid YAML: aliases expand to more than 100000 nodes"
                " (an alias bomb)"
            )
        ],
        {"apps/bomb.yaml": BOMB},
    ),
    Case(
        "recursive-alias-list",
        [
            (
                "apps/rec.yaml:4:15: error: invalid YAML: alias *x is recursive (inside its own"
                " anchor)"
            )
        ],
        {
            "apps/rec.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: r}\n"
            "data: {a: &x [*x]}\n"
        },
    ),
    Case(
        "recursive-alias-map",
        [
            (
                "apps/rec.yaml:1:11: error: invalid YAML: alias *x is recursive (inside its own"
                " anchor)"
            )
        ],
        {"apps/rec.yaml": "a: &x {b: *x}\n"},
    ),
    Case(
        "recursive-merge-key",
        [
            (
                "apps/rec.yaml:1:9: error: invalid YAML: alias *x is recursive (inside its own"
                " anchor)"
            )
        ],
        {"apps/rec.yaml": "&x {<<: *x}\n"},
    ),
    Case(
        "undefined-alias",
        ["apps/web.yaml:6:13: error: invalid YAML: found undefined alias"],
        {"apps/web.yaml": APP.replace("replicas: 3", "replicas: *nope")},
    ),
    Case(
        "nesting-101",
        ["apps/deep.yaml:1:103: error: invalid YAML: nesting deeper than 100 levels"],
        {"apps/deep.yaml": "a: " + "[" * 101 + "]" * 101 + "\n"},
    ),
    Case(
        "nesting-200000",
        ["apps/deep.yaml:1:103: error: invalid YAML: nesting deeper than 100 levels"],
        {"apps/deep.yaml": "a: " + "[" * 200_000 + "]" * 200_000 + "\n"},
    ),
    Case(
        "nesting-block",
        ["apps/deep.yaml:101:201: error: invalid YAML: nesting deeper than 100 levels"],
        {
            "apps/deep.yaml": "".join("  " * i + "k:\n" for i in range(101))
            + "  " * 101
            + "v\n"
        },
    ),
    Case(
        "5000-digit-integer",
        ["apps/web.yaml:6:13: error: invalid YAML: not a valid !!int value"],
        replicas("9" * 5000),
    ),
    Case(
        "bad-explicit-int",
        ["apps/web.yaml:6:13: error: invalid YAML: not a valid !!int value"],
        replicas("!!int three"),
    ),
    Case(
        "bad-explicit-bool",
        ["apps/web.yaml:6:13: error: invalid YAML: not a valid !!bool value"],
        replicas("!!bool maybe"),
    ),
    Case(
        "bad-explicit-float",
        ["apps/web.yaml:6:13: error: invalid YAML: not a valid !!float value"],
        replicas("!!float x"),
    ),
    Case(
        "binary-tag",
        [
            (
                "apps/web.yaml:6:13: error: invalid YAML: YAML tag !!binary is not supported (Kubernetes"
                " objects hold only JSON types)"
            )
        ],
        replicas("!!binary aGk="),
    ),
    Case(
        "omap-tag",
        [
            (
                "apps/web.yaml:6:13: error: invalid YAML: YAML tag !!omap is not supported (Kubernetes"
                " objects hold only JSON types)"
            )
        ],
        replicas("!!omap [a: 1]"),
    ),
    Case(
        "python-tag",
        [
            (
                "apps/web.yaml:6:13: error: invalid YAML: could not determine a constructor for the tag"
                " 'tag:yaml.org,2002:python/object/apply:os.system'"
            )
        ],
        replicas("!!python/object/apply:os.system [echo pwned]"),
    ),
    Case(
        "custom-tag",
        [
            (
                "apps/web.yaml:6:13: error: invalid YAML: could not determine a constructor for the tag"
                " '!vault'"
            )
        ],
        replicas("!vault secret/web"),
    ),
    Case(
        "invalid-utf8",
        ["apps/bad.yaml:2:9: error: file is not valid UTF-8"],
        setup=raw("apps/bad.yaml", b"kind: x\nmetadata\xff: y\n"),
    ),
    Case(
        "nul-byte",
        ["apps/bad.yaml:1:7: error: invalid YAML: control characters are not allowed"],
        setup=raw("apps/bad.yaml", b"kind: \x00\n"),
    ),
    Case(
        "document-is-a-list",
        ["apps/list.yaml:1:1: error: document must be a mapping (a Kubernetes object)"],
        {"apps/list.yaml": "- a\n- b\n"},
    ),
    Case(
        "document-is-a-string",
        ["apps/str.yaml:1:1: error: document must be a mapping (a Kubernetes object)"],
        {"apps/str.yaml": "just text\n"},
    ),
]

NAMES = [
    Case(
        "name-dotdot-slash",
        [f"{WEB_LOC}: {NAME_RULE}"],
        {"apps/web.yaml": APP.replace("name: web", "name: ../../etc")},
    ),
    Case(
        "name-slash",
        [f"{WEB_LOC}: {NAME_RULE}"],
        {"apps/web.yaml": APP.replace("name: web", "name: a/b")},
    ),
    Case(
        "name-uppercase",
        [f"{WEB_LOC}: {NAME_RULE}"],
        {"apps/web.yaml": APP.replace("name: web", "name: Web")},
    ),
    Case(
        "name-nul",
        [f"{WEB_LOC}: {NAME_RULE}"],
        {"apps/web.yaml": APP.replace("name: web", 'name: "web\\0x"')},
    ),
    Case(
        "name-254",
        [f"{WEB_LOC}: name must be at most 253 characters"],
        {"apps/web.yaml": APP.replace("name: web", "name: " + "a" * 254)},
    ),
    Case(
        "name-not-a-string",
        [f"{WEB_LOC}: metadata.name must be a non-empty string"],
        {"apps/web.yaml": APP.replace("name: web", "name: [web]")},
    ),
    Case(
        "namespace-dotdot",
        [f"apps/web.yaml:5:3: error: $.metadata.namespace: {NS_RULE}"],
        app(namespace="../etc"),
    ),
    Case(
        "namespace-uppercase",
        [f"apps/web.yaml:5:3: error: $.metadata.namespace: {NS_RULE}"],
        app(namespace="Prod"),
    ),
    Case(
        "namespace-64",
        [f"apps/web.yaml:5:3: error: $.metadata.namespace: {NS_RULE}"],
        app(namespace="n" * 64),
    ),
    Case(
        "kind-with-slash",
        ["apps/web.yaml:2:1: error: $.kind: kind must be a string like 'Deployment'"],
        app(kind="../Deployment"),
    ),
    Case(
        "kind-64",
        ["apps/web.yaml:2:1: error: $.kind: kind must be at most 63 characters"],
        app(kind="K" * 64),
    ),
    Case(
        "apiversion-dotdot",
        [
            "apps/web.yaml:1:1: error: $.apiVersion: apiVersion must be a string like 'apps/v1'"
        ],
        app(apiVersion="../v1"),
    ),
    Case(
        "role-dotdot",
        [
            (
                "apps/named.yaml:4:3: error: $.metadata.name: name may not be '.' or '..' nor contain '/',"
                " '%' or NUL"
            )
        ],
        named("..", "Role", "rbac.authorization.k8s.io/v1"),
    ),
    Case(
        "role-slash",
        [
            (
                "apps/named.yaml:4:3: error: $.metadata.name: name may not be '.' or '..' nor contain '/',"
                " '%' or NUL"
            )
        ],
        named("system/../x", "Role", "rbac.authorization.k8s.io/v1"),
    ),
    Case(
        "file-name-too-long",
        [
            (
                "apps/named.yaml:4:3: error: $.metadata.name: kind, group and name make an output"
                " file name longer than 255 bytes"
            )
        ],
        named("r" * 230, "ClusterRole", "rbac.authorization.k8s.io/v1"),
    ),
    Case(
        "namespace-object-with-dot",
        [
            (
                "apps/named.yaml:4:3: error: $.metadata.name: a Namespace name must be a"
                " DNS-1123 label (lower-case letters, digits and '-', at most 63)"
            )
        ],
        named("a.b", "Namespace"),
    ),
    Case(
        "kinds-differ-in-case",
        [
            (
                "apps/z.yaml:2:1: error: $.kind: Widget 'w' and WIDGET 'w' (apps/named.yaml) would"
                " be written to the same output file (kinds differ only in case)"
            )
        ],
        {
            **named("w", "WIDGET", "example.io/v1"),
            "apps/z.yaml": "apiVersion: example.io/v1\nkind: Widget\nmetadata:\n  name: w\n",
        },
    ),
    Case("cluster-dotdot", [f"{CL_LOC}: {CLUSTER_RULE}"], cluster("../member2")),
    Case("cluster-uppercase", [f"{CL_LOC}: {CLUSTER_RULE}"], cluster("Member2")),
    Case("cluster-49", [f"{CL_LOC}: {CLUSTER_RULE}"], cluster("m" * 49)),
    Case("cluster-nul", [f"{CL_LOC}: {CLUSTER_RULE}"], cluster('"member\\0two"')),
]


def resources(text: str) -> dict[str, str]:
    image = "        image: nginx:1.25\n"
    return {"apps/web.yaml": APP.replace(image, f"{image}        resources: {text}\n")}


QUANTITY = "must be a Kubernetes quantity such as 500m or 1Gi"
NUMBERS = [
    Case(
        "spec-cut-to-a-string",
        ["apps/web.yaml:5:1: error: $.spec: must be a mapping"],
        {"apps/web.yaml": APP[: APP.index("  replicas")] + "  r\n"},
    ),
    Case(
        "pod-spec-not-a-mapping",
        [
            "apps/web.yaml:10:5: error: $.spec.template.spec: the pod template's spec must be a mapping"
        ],
        {
            "apps/web.yaml": APP.replace(
                "    spec:\n      containers:", "    spec: c\n    x:\n      containers:"
            )
        },
    ),
    Case(
        "request-not-a-quantity",
        [
            f"apps/web.yaml:14:32: error: $.spec.template.spec.containers[0].resources.requests.cpu: {QUANTITY}"
        ],
        resources("{requests: {cpu: lots}}"),
    ),
    Case(
        "limit-out-of-range",
        [
            f"apps/web.yaml:14:30: error: $.spec.template.spec.containers[0].resources.limits.cpu: {QUANTITY}"
        ],
        resources("{limits: {cpu: 1e99999999999}}"),
    ),
    Case(
        "resources-a-list",
        [
            (
                "apps/web.yaml:12:9: error: $.spec.template.spec.containers[0]: must be a container (a mapping with"
                " resources a mapping)"
            )
        ],
        resources("[1]"),
    ),
    Case("replicas-int32-overflow", [f"{REPLICAS} 2147483648"], replicas("2147483648")),
    Case(
        "replicas-huge",
        [f"{REPLICAS} 99999999999999999999999999"],
        replicas("99999999999999999999999999"),
    ),
    Case("replicas-fraction", [f"{REPLICAS} 1.5"], replicas("1.5")),
    Case("replicas-infinite", [f"{REPLICAS} inf"], replicas(".inf")),
    Case("replicas-bool", [f"{REPLICAS} True"], replicas("yes")),
    Case(
        "weight-int64-overflow",
        [
            (
                "policies/web.yaml:21:11: error: $.spec.placement.replicaScheduling."
                "weightPreference.staticWeightList[0].weight: must be <= 9223372036854775807"
            )
        ],
        {
            "policies/web.yaml": POLICY.replace(
                "weight: 2", "weight: 9223372036854775808"
            )
        },
    ),
]

STRICT = ("--strict",)
SEMANTICS = [
    Case(
        "equal-priority-policies",
        [
            f"policies/web.yaml:6:3: error: $.spec.resourceSelectors: {obj} is selected by"
            " PropagationPolicy/default/web (policies/web.yaml) and PropagationPolicy/default/web2 (policies/web2.yaml)"
            " with equal priority; 'web' wins by name order, as in Karmada"
            for obj in ("Deployment default/web", "Secret default/creds")
        ],
        {"policies/web2.yaml": POLICY.replace("name: web\nspec", "name: web2\nspec")},
        args=STRICT,
    ),
    Case(
        "policy-selects-nothing",
        [
            (
                "policies/idle.yaml:6:3: error: $.spec.resourceSelectors: PropagationPolicy/default/idle selects no object"
                " of apps/; it has no effect"
            )
        ],
        {
            "policies/idle.yaml": POLICY.replace("name: web\nspec", "name: idle\nspec")
            .replace("name: web\n", "name: gone\n")
            .replace("name: creds", "name: gone")
        },
        args=STRICT,
    ),
    Case(
        "override-rule-matches-no-cluster",
        [
            (
                "policies/tweak.yaml:9:5: error: $.spec.overrideRules[0].targetCluster: rule 0 of OverridePolicy/default/tweak"
                " targets no cluster of the fleets; it never applies"
            )
        ],
        {
            "policies/tweak.yaml": override(
                "  - targetCluster: {labelSelector: {matchLabels: {region: mars}}}\n"
                + PLAINTEXT.format(path="/metadata/labels", op="add", value="{}")
            )
        },
        args=STRICT,
    ),
    Case(
        "unknown-cluster-did-you-mean",
        [
            (
                "policies/web.yaml:15:31: error: $.spec.placement.clusterAffinity.clusterNames[1]: cluster 'membr2' is not"
                " defined by any fleet; it matches nothing (did you mean 'member2'?)"
            )
        ],
        {
            "policies/web.yaml": POLICY.replace(
                "[member1, member2]", "[member1, membr2]"
            )
        },
        args=STRICT,
    ),
    Case(
        "object-selected-by-nothing",
        [
            (
                "apps/lonely.yaml:4:3: error: $.metadata.name: ConfigMap default/lonely is selected by no propagation policy"
                " and goes nowhere"
            )
        ],
        {
            "apps/lonely.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lonely\n"
        },
        args=STRICT,
    ),
    Case(
        "policy-wrong-type",
        [
            (
                "policies/web.yaml:14:5: error: $.spec.placement.clusterAffinity: must be object,"
                " got string"
            )
        ],
        {
            "policies/web.yaml": POLICY.replace(
                "    clusterAffinity:\n      clusterNames: [member1, member2]\n",
                "    clusterAffinity: everywhere\n",
            )
        },
    ),
]


def renaming(path: str, value: str) -> dict[str, str]:
    rule = "  - targetCluster: {clusterNames: [member1]}\n" + PLAINTEXT.format(
        path=path, op="replace", value=value
    )
    return {"policies/tweak.yaml": override(rule)}


RENAMED = "policies/tweak.yaml:9:5: error: $.spec.overrideRules[0]: the overrides for cluster member1 make"
OVERRIDES = [
    Case(
        "override-renames-to-dotdot",
        [f"{RENAMED} $.metadata.name invalid: {NAME_RULE}"],
        renaming("/metadata/name", "../../../../tmp/pwned"),
    ),
    Case(
        "override-moves-namespace-up",
        [f"{RENAMED} $.metadata.namespace invalid: {NS_RULE}"],
        renaming("/metadata/namespace", "../.."),
    ),
    Case(
        "override-renames-with-slash",
        [f"{RENAMED} $.metadata.name invalid: {NAME_RULE}"],
        renaming("/metadata/name", "a/b"),
    ),
    Case(
        "override-changes-kind",
        [f"{RENAMED} $.kind invalid: kind must be a string like 'Deployment'"],
        renaming("/kind", "Foo/../Bar"),
    ),
    Case(
        "plaintext-missing-path",
        [
            (
                "policies/tweak.yaml:12:9: error: $.spec.overrideRules[0].overriders.plaintext[0]: cannot override"
                " Deployment default/web on cluster member1: plaintext[0] of rule 0 of OverridePolicy/default/tweak: replace"
                " operation does not apply: doc is missing path: /spec/nope/x: missing value (Karmada fails the whole"
                " override and creates no Work for this cluster)"
            )
        ],
        {
            "policies/tweak.yaml": override(
                "  - targetCluster: {clusterNames: [member1]}\n"
                + PLAINTEXT.format(path="/spec/nope/x", op="replace", value="1")
            )
        },
    ),
    Case(
        "secret-override-error-is-redacted",
        [
            (
                "policies/tweak.yaml:12:9: error: $.spec.overrideRules[0].overriders.fieldOverrider[0]: cannot override"
                " Secret default/creds on cluster member1: fieldOverrider[0] of rule 0 of OverridePolicy/default/tweak:"
                ' yaml: mapping values are not allowed here\n  in "<unicode string>", line 1, column 12:\n    <redacted>\n'
                "               ^ (Karmada fails the whole override and creates no Work for this cluster)"
            )
        ],
        {
            "policies/tweak.yaml": override(
                "  - targetCluster: {clusterNames: [member1]}\n    overriders:\n      fieldOverrider:\n"
                "      - fieldPath: /stringData/config\n        yaml: [{subPath: /a, operator: add, value: b}]\n",
                name="creds",
                kind="Secret",
                api="v1",
            )
        },
    ),
    Case(
        "override-wrong-operator",
        [
            (
                "policies/tweak.yaml:12:32: error: $.spec.overrideRules[0].overriders.plaintext[0].operator: must be one"
                " of: add, remove, replace (did you mean 'remove'?)"
            )
        ],
        {
            "policies/tweak.yaml": override(
                "  - targetCluster: {clusterNames: [member1]}\n"
                + PLAINTEXT.format(path="/spec/replicas", op="move", value="1")
            )
        },
    ),
]

TEMPLATES = [
    Case(
        "template-reads-dunder",
        [
            (
                "apps/t.yaml.j2:4:1: error: template in the neutral render: refused by the sandbox: access to attribute"
                " '__class__' of 'str' object is unsafe."
            )
        ],
        {
            "apps/t.yaml.j2": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndata: {a: \"{{ ''.__class__ }}\"}\n"
        },
    ),
    Case(
        "template-includes-file",
        [
            (
                "apps/t.yaml.j2:1:1: error: template in the neutral render: refused by the sandbox: '/etc/passwd': templates"
                " cannot include, import or extend files"
            )
        ],
        {"apps/t.yaml.j2": "{% include '/etc/passwd' %}\n"},
    ),
    Case(
        "template-runs-forever",
        [
            (
                "apps/t.yaml.j2:1:1: error: template in the neutral render: over a limit: template took longer than 2s to"
                " render"
            )
        ],
        {
            "apps/t.yaml.j2": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
            "{% endfor %}\n"
        },
    ),
    Case(
        "template-output-too-large",
        [
            (
                "apps/t.yaml.j2: error: template in the neutral render: over a limit: template output is over the 1048576"
                " characters limit"
            )
        ],
        {"apps/t.yaml.j2": "{% for i in range(99999) %}{{ 'x' * 100 }}{% endfor %}\n"},
    ),
    Case(
        "template-undefined",
        [
            "apps/t.yaml.j2:3:1: error: template in the neutral render: 'nothere' is undefined"
        ],
        {
            "apps/t.yaml.j2": 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "{{ nothere }}"}\n'
        },
    ),
]

FILE_SYSTEM = [
    Case(
        "symlink-file-outside",
        [f"apps/x.yaml: error: {LINK_OUT}"],
        setup=link("apps/x.yaml", "@out/secret.yaml"),
    ),
    Case(
        "symlink-folder-outside",
        [f"apps/sub: error: {LINK_OUT}"],
        setup=link("apps/sub", "@out/folder"),
    ),
    Case(
        "symlink-absolute-etc",
        [f"apps/etc: error: {LINK_OUT}"],
        setup=link("apps/etc", "/etc"),
    ),
    Case(
        "symlink-non-yaml-outside",
        [f"apps/README: error: {LINK_OUT}"],
        setup=link("apps/README", "/etc/hostname"),
    ),
    Case(
        "symlink-input-folder-outside",
        [f"fleets: error: {LINK_OUT}"],
        setup=lambda repo, outside: (
            os.rename(repo / "fleets", outside / "fleets"),
            (repo / "fleets").symlink_to(outside / "fleets"),
        ),
    ),
    Case(
        "symlink-config-outside",
        [f"fleet-render.yaml: error: {LINK_OUT}"],
        setup=link("fleet-render.yaml", "@out/secret.yaml"),
    ),
    Case(
        "symlink-self-loop",
        ["apps/loop.yaml: error: symbolic link loop"],
        setup=link("apps/loop.yaml", "loop.yaml"),
    ),
    Case(
        "symlink-to-parent",
        ["apps/up: error: symbolic link loop"],
        setup=link("apps/up", ".."),
    ),
    Case(
        "symlink-to-itself-folder",
        ["apps/here: error: symbolic link loop"],
        setup=link("apps/here", "."),
    ),
    Case(
        "symlink-dangling",
        ["apps/gone.yaml: error: symbolic link to nothing (its target does not exist)"],
        setup=link("apps/gone.yaml", "nothing-here.yaml"),
    ),
    Case(
        "fifo-named-yaml",
        ["apps/pipe.yaml: error: not a regular file"],
        setup=fifo("apps/pipe.yaml"),
    ),
    Case(
        "file-over-8-mib",
        ["apps/huge.yaml: error: file is larger than 8 MiB; refusing to read it"],
        setup=raw("apps/huge.yaml", b"# padding\n" * 900_000),
    ),
    Case(
        "folders-40-deep",
        [f"apps/{'/'.join(['d'] * 33)}: error: folders nested deeper than 32 levels"],
        setup=nested_folders(40),
    ),
]

OUTPUT = [
    Case(
        "out-is-a-file",
        [
            (
                "<repo>: error: refusing to replace {repo}/out: it is not empty and was not written"
                " by fleet-render (fleet-render writes .fleet-render-output in folders it owns)"
            )
        ],
        setup=lambda repo, _: (
            shutil.rmtree(repo / "out"),
            (repo / "out").write_text("a file\n"),
        ),
    ),
    Case(
        "out-not-ours",
        [
            (
                "<repo>: error: refusing to replace {repo}/mine: it is not empty and was not written by"
                " fleet-render (fleet-render writes .fleet-render-output in folders it owns)"
            )
        ],
        {"mine/keep.txt": "precious\n"},
        args=("--out", "{repo}/mine"),
    ),
    Case(
        "out-is-a-symlink",
        [
            (
                "<repo>: error: refusing to replace {repo}/linked: it is a symbolic link"
                " (fleet-render writes .fleet-render-output in folders it owns)"
            )
        ],
        setup=link("linked", "out"),
        args=("--out", "{repo}/linked"),
    ),
    Case(
        "out-below-a-file",
        [
            "<repo>: error: cannot write {repo}/file-out/out: {repo}/file-out is a file, not a folder"
        ],
        {"file-out": "not a folder\n"},
        args=("--out", "{repo}/file-out/out"),
    ),
]

CASES = (
    PARSING + NAMES + NUMBERS + SEMANTICS + OVERRIDES + TEMPLATES + FILE_SYSTEM + OUTPUT
)


@pytest.fixture
def rendered(make_repo, run_cli, tmp_path: Path) -> Path:
    write_repo(tmp_path, OUTSIDE)
    repo = make_repo(BASE)
    assert run_cli("render", "--repo", repo).exit_code == 0
    return repo


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused_and_out_is_untouched(
    rendered: Path, run_cli, case: Case
) -> None:
    beside = listing(rendered)
    write_repo(rendered, case.files)
    if case.setup:
        case.setup(rendered, rendered.parent / "outside")
    before = snapshot(
        rendered
    )  # the whole repo, out/ included: a failed render changes nothing
    added = listing(rendered)
    result = run_cli(
        "render", "--repo", rendered, *(a.format(repo=rendered) for a in case.args)
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    summary = f"fleet-render: {len(case.expected)} error{'s' if len(case.expected) > 1 else ''}{SUMMARY}"
    assert (
        result.stderr
        == "\n".join([*(e.format(repo=rendered) for e in case.expected), summary])
        + "\n"
    )
    assert lines[-1] == summary
    assert without_state(snapshot(rendered)) == without_state(before)
    assert listing(rendered) == added  # no lock, staging or backup left
    assert set(beside) <= set(added)
    assert CANARY not in result.output and SECRET_VALUE not in result.output
