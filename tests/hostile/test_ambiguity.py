"""Ambiguity surfaced: which policies and rules warn that they do nothing, and which do not."""

from __future__ import annotations

import pytest

from render import runner
from tests.hostile.repos import BASE

OP = """\
apiVersion: policy.karmada.io/v1alpha1
kind: {kind}
metadata: {{name: o{namespace_line}}}
spec:
{spec}"""

LABELS = "    overriders: {labelsOverrider: [{operator: add, value: {a: b}}]}\n"


def _op(spec: str, kind: str = "OverridePolicy", namespace: str | None = None) -> str:
    line = f", namespace: {namespace}" if namespace else ""
    return OP.format(kind=kind, namespace_line=line, spec=spec)


CASES = [
    (
        "op-selecting-web",
        _op(
            "  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]\n"
            "  overrideRules:\n  - targetCluster: {clusterNames: [member1]}\n" + LABELS
        ),
        [],
    ),
    (
        "cop-without-selectors-selects-all",
        _op(
            "  overrideRules:\n  - targetCluster: {}\n" + LABELS,
            kind="ClusterOverridePolicy",
        ),
        [],
    ),
    (
        "op-in-another-namespace",
        _op(
            "  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]\n"
            "  overrideRules:\n  - overriders: {}\n",
            namespace="other",
        ),
        [
            (
                "policies/o.yaml:5:3: warning: $.spec.resourceSelectors: OverridePolicy/other/o selects no object of apps/;"
                " it has no effect"
            )
        ],
    ),
    (
        "op-label-selector-matching-nothing",
        _op(
            "  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, labelSelector: {matchLabels: {x: y}}}]\n"
            "  overrideRules:\n  - overriders: {}\n"
        ),
        [
            (
                "policies/o.yaml:5:3: warning: $.spec.resourceSelectors: OverridePolicy/default/o selects no object of apps/;"
                " it has no effect"
            )
        ],
    ),
    (
        "deprecated-target-matching-nothing",
        _op(
            "  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n"
            "  targetCluster: {labelSelector: {matchLabels: {region: mars}}}\n  overriders: {}\n"
        ),
        [
            (
                "policies/o.yaml:6:3: warning: $.spec.targetCluster: its targetCluster of OverridePolicy/default/o targets no"
                " cluster of the fleets; it never applies"
            )
        ],
    ),
    (
        "second-rule-matching-nothing",
        _op(
            "  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n  overrideRules:\n"
            "  - targetCluster: {clusterNames: [member1]}\n"
            + LABELS
            + "  - targetCluster: {fieldSelector: {matchExpressions: [{key: provider, operator: In, values: [aws]}]}}\n"
            + LABELS
        ),
        [
            (
                "policies/o.yaml:9:5: warning: $.spec.overrideRules[1].targetCluster: rule 1 of OverridePolicy/default/o"
                " targets no cluster of the fleets; it never applies"
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("policy", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_policies_and_rules_that_do_nothing_warn(
    make_repo, policy: str, expected: list[str]
) -> None:
    repo = make_repo({**BASE, "policies/o.yaml": policy})
    report = runner.build(repo, repo / "out")
    assert [str(w) for w in report.warnings if w.file == "policies/o.yaml"] == expected
