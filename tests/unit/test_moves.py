from __future__ import annotations

import pytest

from render.inputs import PreviousBinding
from render.model import Manifest, Policy
from render.moves import replica_moves
from render.pipeline import Binding
from render.scheduling import ScheduleResult

POLICY = Policy("PropagationPolicy", "p", "default", {})


def _binding(
    kind: str,
    name: str,
    clusters: tuple[tuple[str, int], ...],
    namespace: str = "default",
) -> Binding:
    api = "v1" if kind in ("ConfigMap", "Namespace") else "apps/v1"
    meta = {"name": name, **({"namespace": namespace} if namespace else {})}
    manifest = Manifest(
        {"apiVersion": api, "kind": kind, "metadata": meta},
        "apps/x.yaml",
        namespaced=bool(namespace),
    )
    return Binding(
        manifest, POLICY, sum(n for _, n in clusters), ScheduleResult(clusters), True
    )


WEB = ("apps/v1", "Deployment", "default", "web")

# (id, previous, bindings now, expected lines)
CASES = [
    (
        "first-render-reports-nothing",
        {},
        [_binding("Deployment", "web", (("m1", 3),))],
        [],
    ),
    (
        "unchanged",
        {WEB: PreviousBinding((("m1", 3),))},
        [_binding("Deployment", "web", (("m1", 3),))],
        [],
    ),
    (
        "moved",
        {WEB: PreviousBinding((("m1", 4), ("m2", 2)))},
        [_binding("Deployment", "web", (("m3", 4), ("m2", 2)))],
        ["Deployment default/web: m1 4→0 (lost), m3 0→4 (gained)"],
    ),
    (
        "scaled",
        {WEB: PreviousBinding((("m1", 4), ("m2", 2)))},
        [_binding("Deployment", "web", (("m1", 3), ("m2", 3)))],
        ["Deployment default/web: m1 4→3 (lost), m2 2→3 (gained)"],
    ),
    (
        "gone",
        {WEB: PreviousBinding((("m1", 4),))},
        [],
        ["Deployment default/web: m1 4→0 (lost)"],
    ),
    (
        "new-workload",
        {WEB: PreviousBinding((("m1", 4),))},
        [
            _binding("Deployment", "web", (("m1", 4),)),
            _binding("Deployment", "api", (("m2", 1),)),
        ],
        ["Deployment default/api: m2 0→1 (gained)"],
    ),
    (
        "non-workloads-ignored",
        {
            ("v1", "ConfigMap", "default", "c"): PreviousBinding((("m1", 0),)),
            WEB: PreviousBinding((("m1", 1),)),
        },
        [
            _binding("ConfigMap", "c", (("m2", 0),)),
            _binding("Deployment", "web", (("m1", 1),)),
        ],
        [],
    ),
    (
        "cluster-scoped",
        {("apps/v1", "Widget", "", "w"): PreviousBinding((("m1", 2),))},
        [_binding("Widget", "w", (("m2", 2),), namespace="")],
        ["Widget w: m1 2→0 (lost), m2 0→2 (gained)"],
    ),
]


@pytest.mark.parametrize(
    ("previous", "bindings", "lines"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_replica_moves(
    previous: dict, bindings: list[Binding], lines: list[str]
) -> None:
    assert [m.text() for m in replica_moves(previous, bindings)] == lines
