"""The example repo's Istio routes and templates, as rendered into the committed out/."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import REPO_ROOT

OUT = REPO_ROOT / "out"


def _load(cluster: str, name: str, namespace: str = "default") -> dict:
    return yaml.safe_load((OUT / cluster / namespace / name).read_text())


def _present(cluster: str, name: str, namespace: str = "default") -> bool:
    return (OUT / cluster / namespace / name).is_file()


ROUTE_FILES = [
    "virtualservice.networking.istio.io_cross-cluster-route.yaml",
    "destinationrule.networking.istio.io_api-global.yaml",
    "serviceentry.networking.istio.io_api-global.yaml",
]
PRODUCTION = ["cluster-hangzhou", "cluster-shanghai", "cluster-frankfurt"]


@pytest.mark.parametrize("cluster", PRODUCTION)
@pytest.mark.parametrize("name", ROUTE_FILES)
def test_cross_cluster_route_reaches_every_production_cluster(
    cluster: str, name: str
) -> None:
    assert _present(cluster, name)


def test_cross_cluster_route_is_the_design_notes_route() -> None:
    route = _load("cluster-frankfurt", ROUTE_FILES[0])["spec"]
    assert route["hosts"] == ["api.global.example.com"]
    http = route["http"][0]
    assert [(d["destination"]["subset"], d["weight"]) for d in http["route"]] == [
        ("v1", 90),
        ("v2", 10),
    ]
    assert (http["timeout"], http["retries"]) == (
        "2s",
        {"attempts": 3, "perTryTimeout": "1s"},
    )


# (cluster, api-v1 replicas or None, api-v2 replicas or None)
API = [
    ("cluster-hangzhou", 4, None),
    ("cluster-frankfurt", 2, 1),
    ("cluster-shanghai", None, None),
]


@pytest.mark.parametrize(("cluster", "v1", "v2"), API, ids=[a[0] for a in API])
def test_api_template_is_rendered_per_cluster(
    cluster: str, v1: int | None, v2: int | None
) -> None:
    for name, replicas in (("api-v1", v1), ("api-v2", v2)):
        file = f"deployment.apps_{name}.yaml"
        assert _present(cluster, file) is (replicas is not None)
        if replicas is None:
            continue
        deployment = _load(cluster, file)
        assert deployment["spec"]["replicas"] == replicas
        env = {
            e["name"]: e["value"]
            for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]
        }
        region = "asia-east" if cluster == "cluster-hangzhou" else "eu-central"
        assert (env["REGION"], env["ZONE"]) == (region, f"{region}-1a")
        if name == "api-v1":
            assert env["REPLICAS_HERE"] == str(replicas)
        assert (
            deployment["metadata"]["annotations"]["fleet-render.io/source"]
            == "apps/cross-cluster-route/api.yaml.j2"
        )


API_WEIGHTS = {
    "asia-east/asia-east-1a/*": 29,
    "asia-east/asia-east-1b/*": 28,
    "eu-central/eu-central-1a/*": 43,
}
API_SOURCES = [
    "asia-east/asia-east-1a/*",
    "asia-east/asia-east-1b/*",
    "asia-east/asia-east-2a/*",
    "eu-central/eu-central-1a/*",
]


@pytest.mark.parametrize("cluster", PRODUCTION)
def test_api_locality_weights_follow_the_replicas(cluster: str) -> None:
    # api-v1 4 in Hangzhou (two zones, 2 each) and 2 in Frankfurt, api-v2 1 in Frankfurt
    rule = _load(cluster, ROUTE_FILES[1])
    distribute = rule["spec"]["trafficPolicy"]["loadBalancer"]["localityLbSetting"][
        "distribute"
    ]
    assert distribute == [{"from": s, "to": API_WEIGHTS} for s in API_SOURCES]


REVIEWS_FILES = [
    "virtualservice.networking.istio.io_reviews-route.yaml",
    "destinationrule.networking.istio.io_reviews.yaml",
    "service_reviews.yaml",
]
# (cluster, receives the route, runs reviews-v1, runs reviews-v2)
REVIEWS = [
    ("cluster-hangzhou", True, True, False),
    ("cluster-shanghai", True, True, True),
    ("cluster-frankfurt", False, False, False),
]


@pytest.mark.parametrize(
    ("cluster", "route", "v1", "v2"), REVIEWS, ids=[r[0] for r in REVIEWS]
)
def test_reviews_route_goes_where_reviews_runs(
    cluster: str, route: bool, v1: bool, v2: bool
) -> None:
    for name in REVIEWS_FILES:
        assert _present(cluster, name, "prod") is route
    assert _present(cluster, "deployment.apps_reviews-v1.yaml", "prod") is v1
    assert _present(cluster, "deployment.apps_reviews-v2.yaml", "prod") is v2


def test_reviews_route_is_the_design_notes_canary_with_the_host_fixed() -> None:
    route = _load("cluster-shanghai", REVIEWS_FILES[0], "prod")["spec"]
    assert route["hosts"] == ["reviews.prod.svc.cluster.local"]
    assert [
        (d["destination"]["host"], d["destination"]["subset"], d["weight"])
        for d in route["http"][0]["route"]
    ] == [
        ("reviews.prod.svc.cluster.local", "v1", 90),
        ("reviews.prod.svc.cluster.local", "v2", 10),
    ]
