"""A fuzzer over generated repo trees: the only failure mode is fleet-render's own error.

Hypothesis builds a fleet repo (clusters, propagation and override policies, workloads,
ConfigMaps, Secrets, sometimes a template), valid or not, and then may corrupt it: a
value swapped for any JSON-ish value, a file cut short or a byte flipped, a hostile
YAML snippet, a symlink. Every render must exit 0 (a complete out/) or 2 (findings and
the summary line, out/ untouched) -- never a traceback, never another code.

The suite runs ``FUZZ_EXAMPLES`` examples (default 60); for a long run:

    FLEET_RENDER_FUZZ_EXAMPLES=20000 python -m pytest -q tests/hostile/test_fuzz.py
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from render.cli import cli
from render.writing import MARKER, read_tree
from tests.conftest import snapshot
from tests.hostile.repos import listing

FUZZ_EXAMPLES = int(os.environ.get("FLEET_RENDER_FUZZ_EXAMPLES", "60"))
NAMES = ["m1", "m2", "m3", "edge-1", "M4", "../x", "a" * 49, ""]
GOOD_NAMES = NAMES[:4]
SUMMARY = re.compile(r"fleet-render: \d+ errors?; out/ left unchanged")
HOSTILE_SNIPPETS = [
    (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    ),
    "a: &x [*x]\n",
    "a: " + "[" * 150 + "]" * 150 + "\n",
    "kind: !!python/object/apply:os.system [id]\n",
    "n: " + "7" * 5000 + "\n",
    "k: \x00\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: !!binary aGk=}\n",
    "? [a]\n: b\n",
    "{{ ''.__class__ }}\n",
]


def sane(draw: st.DrawFn) -> bool:
    """Three times in four: a valid value, so most repos get past validation."""
    return draw(st.integers(0, 3)) > 0


def names(draw: st.DrawFn) -> list[str]:
    return GOOD_NAMES if sane(draw) else NAMES


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True)
    | st.sampled_from(
        [
            "no",
            "on",
            "1e3",
            "1:30",
            "0777",
            "y",
            "~",
            "",
            "../../etc",
            "Web",
            "2001-12-14",
        ]
    )
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def clusters(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = draw(
        st.lists(st.sampled_from(GOOD_NAMES), min_size=1, max_size=4, unique=True)
    )
    return [
        {
            "name": n,
            "labels": {"region": draw(st.sampled_from(["r1", "r2"]))},
            **(
                {"taints": [{"key": "gpu", "effect": "NoSchedule"}]}
                if draw(st.booleans()) and i
                else {}
            ),
        }
        for i, n in enumerate(names)
    ]


@st.composite
def placement(draw: st.DrawFn) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if draw(st.booleans()):
        result["clusterAffinity"] = {
            "clusterNames": draw(st.lists(st.sampled_from(names(draw)), max_size=3))
        }
    kind = draw(
        st.sampled_from(["none", "Duplicated", "Divided", "Aggregated", "Weighted"])
    )
    if kind == "Duplicated":
        result["replicaScheduling"] = {"replicaSchedulingType": "Duplicated"}
    elif kind == "Aggregated":
        result["replicaScheduling"] = {
            "replicaSchedulingType": "Divided",
            "replicaDivisionPreference": "Aggregated",
        }
    elif kind in ("Divided", "Weighted"):
        weights = [
            {
                "targetCluster": {"clusterNames": [n]},
                "weight": draw(
                    st.integers(1, 9) if sane(draw) else st.integers(-1, 2**64)
                ),
            }
            for n in draw(
                st.lists(
                    st.sampled_from(names(draw)), min_size=1, max_size=3, unique=True
                )
            )
        ]
        result["replicaScheduling"] = {
            "replicaSchedulingType": "Divided",
            "replicaDivisionPreference": "Weighted",
            "weightPreference": {"staticWeightList": weights},
        }
    return result


def _policy(kind: str, name: str, spec: dict[str, Any]) -> dict[str, Any]:
    meta = (
        {"name": name}
        if kind.startswith("Cluster")
        else {"name": name, "namespace": "default"}
    )
    return {
        "apiVersion": "policy.karmada.io/v1alpha1",
        "kind": kind,
        "metadata": meta,
        "spec": spec,
    }


@st.composite
def override_rule(draw: st.DrawFn) -> dict[str, Any]:
    if sane(draw):  # every generated object has metadata.labels.app
        op = draw(st.sampled_from(["add", "replace"]))
        path, value = (
            draw(st.sampled_from(["/metadata/labels/x", "/metadata/labels/app"])),
            "v",
        )
    else:
        op = draw(st.sampled_from(["add", "remove", "replace"]))
        path = draw(
            st.sampled_from(
                ["/spec/replicas", "/data/k", "/spec/nope/x", "/stringData/a"]
            )
        )
        value = draw(json_values)
    overriders: dict[str, Any] = {
        "plaintext": [{"path": path, "operator": op, "value": value}]
    }
    if draw(st.booleans()):
        tier = "a" if sane(draw) else draw(st.sampled_from(["B!", "", "x" * 64]))
        overriders["labelsOverrider"] = [{"operator": "add", "value": {"tier": tier}}]
    target = {"clusterNames": draw(st.lists(st.sampled_from(names(draw)), max_size=2))}
    return {"targetCluster": target, "overriders": overriders}


@st.composite
def apps(draw: st.DrawFn) -> list[dict[str, Any]]:
    objects = []
    for i in range(draw(st.integers(1, 3))):
        replicas = draw(
            st.integers(0, 20)
            if sane(draw)
            else st.integers(-2, 2**32) | st.sampled_from(["3", 1.5, None])
        )
        objects.append(
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {"name": f"web{i}", "labels": {"app": "web"}},
                "spec": {
                    "replicas": replicas,
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": {
                        "metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "c", "image": "nginx:1"}]},
                    },
                },
            }
        )
    objects.append(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "cfg", "labels": {"app": "cfg"}},
            "data": {
                "k": draw(json_values),
                "mode": draw(st.sampled_from(["no", "on", "0777", "x"])),
            },
        }
    )
    objects.append(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "creds", "labels": {"app": "creds"}},
            "stringData": {"a": "hunter2-fuzz-secret"},
        }
    )
    return objects


@st.composite
def repos(draw: st.DrawFn) -> dict[str, str]:
    fleet = {
        "apiVersion": "fleet.kurator.dev/v1alpha1",
        "kind": "Fleet",
        "metadata": {"name": "f"},
        "spec": {"clusters": draw(clusters())},
    }
    selectors = [
        {"apiVersion": "apps/v1", "kind": "Deployment"},
        {"apiVersion": "v1", "kind": "ConfigMap"},
        {"apiVersion": "v1", "kind": "Secret"},
    ]
    policies = [
        _policy(
            draw(st.sampled_from(["PropagationPolicy", "ClusterPropagationPolicy"])),
            f"p{i}",
            {
                "resourceSelectors": draw(
                    st.lists(st.sampled_from(selectors), min_size=1, max_size=3)
                ),
                "placement": draw(placement()),
            },
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    policies += [
        _policy(
            draw(st.sampled_from(["OverridePolicy", "ClusterOverridePolicy"])),
            f"o{i}",
            {"overrideRules": draw(st.lists(override_rule(), min_size=1, max_size=2))},
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    files = {
        "fleets/fleet.yaml": yaml.safe_dump(fleet),
        "policies/policies.yaml": yaml.safe_dump_all(policies),
        "apps/apps.yaml": yaml.safe_dump_all(draw(apps())),
    }
    if draw(st.booleans()):
        files["apps/t.yaml.j2"] = (
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tpl, labels: {app: tpl}}\n"
            'data: {where: "{{ cluster.name }}", n: "{{ replicas }}"}\n'
        )
    return files


@st.composite
def corruptions(
    draw: st.DrawFn, files: dict[str, str]
) -> tuple[dict[str, str], str | None]:
    """Maybe corrupt the repo; returns the files and a symlink target for apps/link.yaml."""
    files = dict(files)
    how = draw(st.sampled_from(["none", "value", "cut", "flip", "snippet", "symlink"]))
    path = draw(st.sampled_from(sorted(files)))
    text = files[path]
    if how == "value":
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
        doc = draw(st.sampled_from(docs))
        keys = []
        node = doc
        while isinstance(node, dict) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node)))
            keys.append(key)
            node = node[key]
        target = doc
        for key in keys[:-1]:
            target = target[key]
        if keys:
            target[keys[-1]] = draw(json_values)
        files[path] = yaml.safe_dump_all(docs)
    elif how == "cut":
        files[path] = text[: draw(st.integers(0, len(text)))]
    elif how == "flip":
        at = draw(st.integers(0, max(0, len(text) - 1)))
        files[path] = (
            text[:at]
            + draw(st.sampled_from(["\t", ":", "-", "&", "*", "'", "{", "\n  ", "é"]))
            + text[at + 1 :]
        )
    elif how == "snippet":
        folder = draw(st.sampled_from(["fleets", "policies", "apps"]))
        files[f"{folder}/hostile.yaml"] = draw(st.sampled_from(HOSTILE_SNIPPETS))
    link = (
        draw(st.sampled_from(["/etc/hostname", "..", "apps.yaml", "nowhere.yaml"]))
        if how == "symlink"
        else None
    )
    return files, link


def _write(root: Path, files: dict[str, str], link: str | None) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if link is not None:
        (root / "apps/link.yaml").symlink_to(link)


def _render(repo: Path) -> Any:
    return CliRunner().invoke(
        cli, ["render", "--repo", str(repo)], catch_exceptions=False
    )


def _assert_complete(out: Path) -> None:
    tree = read_tree(out)
    assert MARKER in tree
    for cluster in {p.split("/")[0] for p in tree if "/" in p}:
        listed = yaml.safe_load(tree[f"{cluster}/kustomization.yaml"])["resources"]
        assert sorted(listed) == sorted(
            p.split("/", 1)[1]
            for p in tree
            if p.startswith(f"{cluster}/") and not p.endswith("/kustomization.yaml")
        )


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_generated_repo_renders_or_fails_with_findings(
    data: st.DataObject,
) -> None:
    base = data.draw(repos(), label="repo")
    files, link = data.draw(corruptions(base), label="corruption")
    with tempfile.TemporaryDirectory(prefix="fleet-render-fuzz-") as folder:
        repo = Path(folder) / "repo"
        _write(repo, base, None)
        first = _render(repo)  # the uncorrupted repo: maybe valid, maybe not
        assert first.exit_code in (0, 2), first.output
        before = snapshot(repo / "out")
        _write(repo, files, link)
        result = _render(repo)
        event(f"exit {first.exit_code} then {result.exit_code}")
        assert result.exit_code in (0, 2), result.output
        assert "hunter2-fuzz-secret" not in result.stderr
        if result.exit_code == 2:
            assert SUMMARY.fullmatch(result.stderr.splitlines()[-1]), result.stderr
            assert snapshot(repo / "out") == before
        else:
            _assert_complete(repo / "out")
        assert not [n for n in listing(repo) if n.startswith(".out")]
