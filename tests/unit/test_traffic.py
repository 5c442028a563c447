"""Istio routes checked against placement, and locality weights that follow the replicas."""

from __future__ import annotations

from pathlib import Path

import pytest

from render import runner
from render.errors import RenderError
from render.mesh import host_specificity, resolve_host

FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata: {name: prod}
spec:
  clusters:
  - {name: m1, labels: {region: r1}, zones: [z1a, z1b]}
  - {name: m2, labels: {region: r1}, zone: z1c}
  - {name: m3, labels: {region: r2}, zone: z2a}
"""

POLICIES = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: v1, namespace: prod}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: reviews-v1}
  placement:
    clusterAffinity: {clusterNames: [m1, m2]}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [m1]}, weight: 2}
        - {targetCluster: {clusterNames: [m2]}, weight: 1}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: v2, namespace: prod}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: reviews-v2}
  placement:
    clusterAffinity: {clusterNames: [m3]}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: mesh, namespace: prod}
spec:
  resourceSelectors:
  - {apiVersion: networking.istio.io/v1beta1, kind: VirtualService}
  - {apiVersion: networking.istio.io/v1beta1, kind: DestinationRule}
  - {apiVersion: v1, kind: Service}
  placement:
    clusterAffinity: {clusterNames: [m1, m2, m3]}
"""

WORKLOADS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: prod}
spec:
  replicas: 6
  selector: {matchLabels: {app: reviews, version: v1}}
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: r, image: reviews:1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v2, namespace: prod}
spec:
  replicas: 2
  selector: {matchLabels: {app: reviews, version: v2}}
  template:
    metadata: {labels: {app: reviews, version: v2}}
    spec: {containers: [{name: r, image: reviews:2}]}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: prod}
spec:
  selector: {app: reviews}
  ports: [{port: 9080}]
"""

ROUTE = """\
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: reviews-route, namespace: prod}
spec:
  hosts: [reviews.prod.svc.cluster.local]
  http:
  - route:
    - destination: {host: reviews.prod.svc.cluster.local, subset: v1}
      weight: 90
    - destination: {host: reviews, subset: v2}
      weight: 10
"""

RULE = """\
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: reviews
  namespace: prod
  annotations: {fleet-render.io/locality-weights: "true"}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
"""

BASE = {
    "fleets/prod.yaml": FLEET,
    "policies/reviews.yaml": POLICIES,
    "apps/workloads.yaml": WORKLOADS,
    "apps/route.yaml": ROUTE,
    "apps/rule.yaml": RULE,
}


def _build(make_repo, changes: dict[str, str]) -> runner.RenderReport:
    repo: Path = make_repo({**BASE, **changes})
    return runner.build(repo, repo / "out")


def _errors(make_repo, changes: dict[str, str]) -> list[str]:
    with pytest.raises(RenderError) as caught:
        _build(make_repo, changes)
    return [str(f) for f in caught.value.findings]


def _distribute(report: runner.RenderReport, cluster: str) -> list[dict] | None:
    rule = next(
        o for o in report.plan.objects[cluster] if o["kind"] == "DestinationRule"
    )
    setting = rule["spec"].get("trafficPolicy", {}).get("loadBalancer", {})
    return setting.get("localityLbSetting", {}).get("distribute")


# (id, host, namespace, resolved)
HOSTS = [
    ("short-name", "reviews", "prod", "reviews.prod.svc.cluster.local"),
    (
        "fqdn",
        "reviews.prod.svc.cluster.local",
        "other",
        "reviews.prod.svc.cluster.local",
    ),
    ("dotted-is-taken-as-written", "reviews.prod", "prod", "reviews.prod"),
    ("external", "api.global.example.com", "prod", "api.global.example.com"),
    ("wildcard", "*", "prod", "*"),
]


@pytest.mark.parametrize(
    ("host", "namespace", "resolved"), [h[1:] for h in HOSTS], ids=[h[0] for h in HOSTS]
)
def test_hosts_resolve_as_istio_does(host: str, namespace: str, resolved: str) -> None:
    assert resolve_host(host, namespace) == resolved


# (id, DestinationRule host, service host, matches, beats an exact match)
SPECIFICITY = [
    ("exact", "a.b.example.com", "a.b.example.com", True),
    ("wildcard-suffix", "*.example.com", "a.b.example.com", True),
    ("wildcard-all", "*", "a.example.com", True),
    ("other-host", "b.example.com", "a.example.com", False),
    ("suffix-needs-the-dot", "*.example.com", "example.com", False),
]


@pytest.mark.parametrize(
    ("pattern", "host", "matches"),
    [s[1:] for s in SPECIFICITY],
    ids=[s[0] for s in SPECIFICITY],
)
def test_destination_rule_host_matching(pattern: str, host: str, matches: bool) -> None:
    assert (host_specificity(pattern, host) >= 0) is matches


def test_exact_host_beats_longer_wildcard_beats_shorter() -> None:
    host = "a.b.example.com"
    assert (
        host_specificity(host, host)
        > host_specificity("*.b.example.com", host)
        > host_specificity("*", host)
    )


# (id, files changed from BASE, exact error lines)
ERRORS = [
    (
        "weights-sum-to-95",
        {"apps/route.yaml": ROUTE.replace("weight: 10", "weight: 5")},
        [
            "apps/route.yaml:7:5: error: $.spec.http[0].route: route weights sum to 95, not 100"
        ],
    ),
    (
        "missing-weight-counts-as-zero",
        {"apps/route.yaml": ROUTE.replace("      weight: 10\n", "")},
        [
            "apps/route.yaml:7:5: error: $.spec.http[0].route: route weights sum to 90, not 100"
        ],
    ),
    (
        "weight-not-an-integer",
        {"apps/route.yaml": ROUTE.replace("weight: 10", 'weight: "10"')},
        [
            "apps/route.yaml:7:5: error: $.spec.http[0].route: route weights must be integers"
        ],
    ),
    (
        "tcp-routes-too",
        {
            "apps/route.yaml": ROUTE.replace("  http:", "  tcp:").replace(
                "weight: 90", "weight: 80"
            )
        },
        [
            "apps/route.yaml:7:5: error: $.spec.tcp[0].route: route weights sum to 90, not 100"
        ],
    ),
    (
        "unknown-subset",
        {"apps/route.yaml": ROUTE.replace("subset: v2", "subset: v3")},
        [
            (
                "apps/route.yaml:10:36: error: $.spec.http[0].route[1].destination.subset: subset 'v3' of host"
                " 'reviews.prod.svc.cluster.local' is defined in no DestinationRule (its DestinationRule defines v1, v2)"
            )
        ],
    ),
    (
        "host-in-another-namespace",
        {
            "apps/route.yaml": ROUTE.replace(
                "host: reviews,", "host: reviews.other.svc.cluster.local,"
            )
        },
        [
            (
                "apps/route.yaml:10:60: error: $.spec.http[0].route[1].destination.subset: subset 'v2' of host"
                " 'reviews.other.svc.cluster.local' is defined in no DestinationRule (did you mean"
                " 'reviews.prod.svc.cluster.local'?)"
            )
        ],
    ),
    (
        "notes-host-mismatch",
        {
            "apps/route.yaml": ROUTE.replace(
                "host: reviews,", "host: reviews.prod.svc.cluster.global,"
            )
        },
        [
            (
                "apps/route.yaml:10:60: error: $.spec.http[0].route[1].destination.subset: subset 'v2' of host"
                " 'reviews.prod.svc.cluster.global' is defined in no DestinationRule (did you mean"
                " 'reviews.prod.svc.cluster.local'?)"
            )
        ],
    ),
    (
        "no-pods-with-the-subset-labels",
        {"apps/rule.yaml": RULE.replace("version: v2}", "version: v9}")},
        [
            (
                "apps/route.yaml:10:36: error: $.spec.http[0].route[1].destination.subset: subset 'v2' of host"
                " 'reviews.prod.svc.cluster.local': no workload in namespace prod has pods labelled {'app': 'reviews', 'version': 'v9'}"
            )
        ],
    ),
    (
        "service-selector-also-counts",
        {
            "apps/workloads.yaml": WORKLOADS.replace(
                "selector: {app: reviews}", "selector: {app: ratings}"
            )
        },
        [
            (
                "apps/route.yaml:8:59: error: $.spec.http[0].route[0].destination.subset: subset 'v1' of host"
                " 'reviews.prod.svc.cluster.local': no workload in namespace prod has pods labelled {'app': 'ratings', 'version': 'v1'}"
            ),
            (
                "apps/route.yaml:10:36: error: $.spec.http[0].route[1].destination.subset: subset 'v2' of host"
                " 'reviews.prod.svc.cluster.local': no workload in namespace prod has pods labelled {'app': 'ratings', 'version': 'v2'}"
            ),
        ],
    ),
    (
        "subset-runs-where-the-route-is-not",
        {
            "policies/reviews.yaml": POLICIES.replace(
                "clusterNames: [m1, m2, m3]", "clusterNames: [m1, m2]"
            )
        },
        [
            (
                "apps/route.yaml:10:36: error: $.spec.http[0].route[1].destination.subset: subset 'v2' of host"
                " 'reviews.prod.svc.cluster.local' runs in none of the clusters that receive the VirtualService"
                " (m1, m2); Deployment reviews-v2 runs in m3"
            )
        ],
    ),
    (
        "opt-in-must-be-true-or-false",
        {"apps/rule.yaml": RULE.replace('"true"', '"yes"')},
        [
            (
                "apps/rule.yaml:6:17: error: $.metadata.annotations.fleet-render.io/locality-weights: must be 'true'"
                " or 'false', got 'yes'"
            )
        ],
    ),
    (
        "distribute-and-failover",
        {
            "apps/rule.yaml": RULE + "  trafficPolicy:\n    loadBalancer:\n"
            "      localityLbSetting:\n        failover: [{from: r1, to: r2}]\n"
        },
        [
            (
                "apps/rule.yaml:6:17: error: $.metadata.annotations.fleet-render.io/locality-weights: Istio refuses"
                " localityLbSetting.distribute together with failover"
            )
        ],
    ),
    (
        "cluster-without-region",
        {
            "fleets/prod.yaml": FLEET.replace(
                "labels: {region: r2}, zone: z2a", "zone: z2a"
            )
        },
        [
            (
                "apps/rule.yaml:6:17: error: $.metadata.annotations.fleet-render.io/locality-weights: cluster m3 has"
                " no region to name its locality"
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_traffic_errors(
    make_repo, changes: dict[str, str], expected: list[str]
) -> None:
    assert _errors(make_repo, changes) == expected


def test_a_lone_destination_without_weight_takes_all_traffic(make_repo) -> None:
    route = ROUTE.replace("      weight: 90\n", "").split(
        "    - destination: {host: reviews, subset: v2}"
    )[0]
    _build(make_repo, {"apps/route.yaml": route})


def test_a_zero_weight_subset_need_not_run_where_the_route_is(make_repo) -> None:
    route = ROUTE.replace("weight: 10", "weight: 0").replace(
        "weight: 90", "weight: 100"
    )
    policies = POLICIES.replace("clusterNames: [m1, m2, m3]", "clusterNames: [m1, m2]")
    _build(make_repo, {"apps/route.yaml": route, "policies/reviews.yaml": policies})


def test_a_route_no_policy_places_is_checked_for_weights_only(make_repo) -> None:
    policies = POLICIES.replace(
        "  - {apiVersion: networking.istio.io/v1beta1, kind: VirtualService}\n", ""
    )
    report = _build(make_repo, {"policies/reviews.yaml": policies})
    assert any(
        "VirtualService prod/reviews-route is selected by no propagation policy"
        in str(w)
        for w in report.warnings
    )


def test_wildcard_destination_rule_defines_the_subsets(make_repo) -> None:
    rule = RULE.replace("host: reviews", 'host: "*.prod.svc.cluster.local"')
    _build(make_repo, {"apps/rule.yaml": rule})


TO = {"r1/z1a/*": 25, "r1/z1b/*": 25, "r1/z1c/*": 25, "r2/z2a/*": 25}
SOURCES = ["r1/z1a/*", "r1/z1b/*", "r1/z1c/*", "r2/z2a/*"]


def test_locality_weights_follow_the_replicas(make_repo) -> None:
    # v1: 4 in m1 (two zones, 2 each) and 2 in m2; v2: 2 in m3.
    report = _build(make_repo, {})
    for cluster in ("m1", "m2", "m3"):
        assert _distribute(report, cluster) == [{"from": s, "to": TO} for s in SOURCES]


def test_locality_weights_are_rounded_with_webster(make_repo) -> None:
    workloads = WORKLOADS.replace("replicas: 6", "replicas: 3").replace(
        "replicas: 2", "replicas: 4"
    )
    report = _build(make_repo, {"apps/workloads.yaml": workloads})
    # m1 2 (1 per zone), m2 1, m3 4: 1:1:1:4 of 100 is 14.3 each and 57.1
    assert _distribute(report, "m1")[0]["to"] == {
        "r1/z1a/*": 14,
        "r1/z1b/*": 14,
        "r1/z1c/*": 14,
        "r2/z2a/*": 58,
    }


def test_failover_moves_replicas_and_the_weights_follow(make_repo) -> None:
    fleet = FLEET.replace(
        "zones: [z1a, z1b]}",
        "zones: [z1a, z1b], taints: [{key: cluster.karmada.io/not-ready, effect: NoExecute}]}",
    )
    report = _build(make_repo, {"fleets/prod.yaml": fleet})
    assert "m1" not in {
        name for b in report.plan.bindings for name, _ in b.result.clusters
    }
    # all 6 v1 replicas now run in m2, 2 v2 replicas in m3; m1 gets no traffic
    expected = [
        {"from": s, "to": {"r1/z1c/*": 75, "r2/z2a/*": 25}}
        for s in ("r1/z1c/*", "r2/z2a/*")
    ]
    assert _distribute(report, "m2") == expected
    assert _distribute(report, "m3") == expected


def test_a_tolerated_no_execute_taint_keeps_its_traffic(make_repo) -> None:
    fleet = FLEET.replace(
        "zone: z2a}", "zone: z2a, taints: [{key: maintenance, effect: NoExecute}]}"
    )
    tolerate = "    clusterTolerations: [{key: maintenance, operator: Exists, effect: NoExecute}]\n"
    policies = POLICIES.replace(
        "    clusterAffinity: {clusterNames: [m3]}\n",
        "    clusterAffinity: {clusterNames: [m3]}\n" + tolerate,
    )
    policies = policies.replace(
        "    clusterAffinity: {clusterNames: [m1, m2, m3]}\n",
        "    clusterAffinity: {clusterNames: [m1, m2, m3]}\n" + tolerate,
    )
    report = _build(
        make_repo, {"fleets/prod.yaml": fleet, "policies/reviews.yaml": policies}
    )
    assert _distribute(report, "m3") == [{"from": s, "to": TO} for s in SOURCES]


def test_without_the_annotation_nothing_is_written(make_repo) -> None:
    report = _build(make_repo, {"apps/rule.yaml": RULE.replace('"true"', '"false"')})
    assert _distribute(report, "m1") is None
    report = _build(
        make_repo,
        {
            "apps/rule.yaml": RULE.replace(
                '  annotations: {fleet-render.io/locality-weights: "true"}\n', ""
            )
        },
    )
    assert _distribute(report, "m1") is None


def test_other_load_balancer_settings_are_kept(make_repo) -> None:
    rule = (
        RULE
        + "  trafficPolicy:\n    loadBalancer:\n      simple: LEAST_REQUEST\n      localityLbSetting: {enabled: true}\n"
    )
    report = _build(make_repo, {"apps/rule.yaml": rule})
    balancer = next(
        o for o in report.plan.objects["m1"] if o["kind"] == "DestinationRule"
    )["spec"]["trafficPolicy"]["loadBalancer"]
    assert balancer["simple"] == "LEAST_REQUEST"
    assert balancer["localityLbSetting"]["enabled"] is True
    assert balancer["localityLbSetting"]["distribute"][0]["to"] == TO


def test_no_running_replicas_leaves_the_rule_alone_with_a_warning(make_repo) -> None:
    workloads = WORKLOADS.replace("replicas: 6", "replicas: 0").replace(
        "replicas: 2", "replicas: 0"
    )
    route = ROUTE.replace("weight: 10", "weight: 0").replace(
        "weight: 90", "weight: 100"
    )
    route = route.replace("subset: v1}\n      weight: 100", "}\n      weight: 100")
    report = _build(
        make_repo, {"apps/workloads.yaml": workloads, "apps/route.yaml": route}
    )
    assert _distribute(report, "m1") is None
    assert [str(w) for w in report.warnings if "locality" in str(w)] == [
        (
            "apps/rule.yaml:6:17: warning: $.metadata.annotations.fleet-render.io/locality-weights: no cluster"
            " runs replicas for host 'reviews.prod.svc.cluster.local'; locality weights left as they are"
        )
    ]


ENTRY = """\
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: api, namespace: prod}
spec:
  hosts: [api.example.com]
  location: MESH_INTERNAL
  resolution: STATIC
  workloadSelector: {labels: {app: SELECTED}}
"""
EXTERNAL_ROUTE = ROUTE.replace(
    "reviews.prod.svc.cluster.local", "api.example.com"
).replace("host: reviews,", "host: api.example.com,")
EXTERNAL_RULE = RULE.replace("host: reviews", "host: api.example.com")


def test_a_service_entry_selects_the_pods_of_an_external_host(make_repo) -> None:
    files = {"apps/route.yaml": EXTERNAL_ROUTE, "apps/rule.yaml": EXTERNAL_RULE}
    report = _build(
        make_repo, {**files, "apps/entry.yaml": ENTRY.replace("SELECTED", "reviews")}
    )
    assert _distribute(report, "m1")[0]["to"] == TO
    assert _errors(
        make_repo, {**files, "apps/entry.yaml": ENTRY.replace("SELECTED", "api")}
    ) == [
        (
            "apps/route.yaml:8:44: error: $.spec.http[0].route[0].destination.subset: subset 'v1' of host"
            " 'api.example.com': no workload in namespace prod has pods labelled {'app': 'api', 'version': 'v1'}"
        ),
        (
            "apps/route.yaml:10:44: error: $.spec.http[0].route[1].destination.subset: subset 'v2' of host"
            " 'api.example.com': no workload in namespace prod has pods labelled {'app': 'api', 'version': 'v2'}"
        ),
    ]


def test_without_a_service_entry_an_external_host_matches_pods_anywhere(
    make_repo,
) -> None:
    report = _build(
        make_repo, {"apps/route.yaml": EXTERNAL_ROUTE, "apps/rule.yaml": EXTERNAL_RULE}
    )
    assert _distribute(report, "m1")[0]["to"] == TO


def test_a_subset_that_runs_nowhere_is_a_warning(make_repo) -> None:
    # as during a failover that leaves the canary nowhere to go
    report = _build(
        make_repo,
        {"apps/workloads.yaml": WORKLOADS.replace("replicas: 2", "replicas: 0")},
    )
    assert [str(w) for w in report.warnings if "subset" in str(w)] == [
        ("apps/route.yaml:10:36: warning: $.spec.http[0].route[1].destination.subset: subset 'v2' of host"
        " 'reviews.prod.svc.cluster.local' runs in no cluster (Deployment reviews-v2 has no replicas): its 10%"
        " of the traffic fails")
    ]
