from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from render import editing, taints
from render.errors import RenderError
from render.model import Taint
from render.roundtrip import detect_indent

# Sequences at the parent key's column ("- " under "clusters:"), comments everywhere.
FLEET_FLUSH = """\
# Production fleet.   (header comment)

apiVersion: fleet.kurator.dev/v1alpha1   # eol on apiVersion
kind: Fleet
metadata:
  name: prod
  annotations: {owner: "team-a", 'tier': gold}
spec:
  clusters:
  # --- Asia ---
  - name: hangzhou   # primary
    labels:
      region: 'asia-east'
      legacy: ~
      enabled: yes
    taints: [{key: dedicated, value: gpu, effect: NoSchedule}]

    # Europe follows
  - name: frankfurt
    labels: {region: eu-central}
    taints:
    - {key: dedicated, value: gpu, effect: NoSchedule}
    - key: team
      value: payments
      effect: NoExecute   # pinned by payments
    # the edge cluster is an AttachedCluster
  - kind: AttachedCluster
    name: edge
  - name: shanghai
    zones: [asia-east-2a]
    values:
      banner: |
        hello
        world
      ratio: 1.50
    # shanghai ends here

  placement:
    clusterAffinity:
      clusterNames:
      - hangzhou   # trailing
---
# The edge cluster.
apiVersion: cluster.kurator.dev/v1alpha1
kind: AttachedCluster
metadata:
  name: edge
spec:
  labels: {region: edge}   # edge labels
...
"""

# Sequences indented by two under their key.
FLEET_INDENTED = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
  name: staging   # staging fleet
spec:
  clusters:
    # first
    - name: alpha
      labels:
        env: "staging"

    - name: beta   # beta
      taints:
        - key: dedicated
          value: gpu
          effect: NoSchedule   # gpu only
      # after beta
    - name: gamma
      provider: aws
"""

VIRTUAL_SERVICE = """\
# Reviews: Service, VirtualService, Deployment.
apiVersion: v1
kind: Service
metadata:
  name: reviews   # the service
spec:
  ports: [{port: 9080, name: http}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews-route
  namespace: prod
spec:
  hosts:
  - reviews.prod.svc.cluster.global
  http:
  - match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination:
        host: reviews.prod.svc.cluster.local
        subset: v3
  - route:   # the canary split
    - destination:
        host: reviews.prod.svc.cluster.local
        subset: v1
      weight: 90   # stable
    - destination:
        host: reviews.prod.svc.cluster.local
        subset: v2
      weight: 10   # canary
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v2, namespace: prod}
spec:
  replicas: 2
"""

VIRTUAL_SERVICE_INDENTED = """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
spec:
  hosts:
    - ratings
  http:
    - route:
        # stable first
        - destination: {host: ratings, subset: stable}
          weight: 50
        - destination: {host: ratings, subset: next}
          weight: 50
"""

CORDON = ("- key: cluster.karmada.io/unschedulable", "  effect: NoSchedule")
CORDON_WIDE = ("-   key: cluster.karmada.io/unschedulable", "    effect: NoSchedule")


def changes(before: str, after: str) -> list[str]:
    """The changed lines, '-' and '+' prefixed, as difflib reports them."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            before.splitlines(True), after.splitlines(True), n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.fixture
def fleet_repo(make_repo):
    return make_repo(
        {
            "fleets/prod.yaml": FLEET_FLUSH,
            "fleets/staging.yaml": FLEET_INDENTED,
            "apps/reviews/all.yaml": VIRTUAL_SERVICE,
            "apps/ratings.yaml": VIRTUAL_SERVICE_INDENTED,
        }
    )


def read(repo: Path, rel: str) -> str:
    return (repo / rel).read_text(encoding="utf-8")


# --- cordon / uncordon ----------------------------------------------------------------

CORDON_CASES = {
    "flow-list": (
        "prod",
        "hangzhou",
        [
            "-    taints: [{key: dedicated, value: gpu, effect: NoSchedule}]",
            "+    taints: [{key: dedicated, value: gpu, effect: NoSchedule}, "
            "{key: cluster.karmada.io/unschedulable, effect: NoSchedule}]",
        ],
    ),
    "block-list-above-trailing-comment": (
        "prod",
        "frankfurt",
        [f"+    {line}" for line in CORDON],
    ),
    "new-list-above-blank-and-comment": (
        "prod",
        "shanghai",
        ["+    taints:", *[f"+    {line}" for line in CORDON]],
    ),
    "new-list-indented-style": (
        "staging",
        "alpha",
        ["+      taints:", *[f"+        {line}" for line in CORDON]],
    ),
    "block-list-indented-style": (
        "staging",
        "beta",
        [f"+        {line}" for line in CORDON],
    ),
    "new-list-at-end-of-file": (
        "staging",
        "gamma",
        ["+      taints:", *[f"+        {line}" for line in CORDON]],
    ),
}


@pytest.mark.parametrize(
    ("fleet", "cluster", "expected"), CORDON_CASES.values(), ids=CORDON_CASES.keys()
)
def test_cordon_changes_only_the_taint_lines(fleet_repo, fleet, cluster, expected):
    before = read(fleet_repo, f"fleets/{fleet}.yaml")
    result = editing.cordon_cluster(fleet_repo, cluster)
    assert result.message == f"cluster/{cluster} cordoned"
    assert result.files == (f"fleets/{fleet}.yaml",)
    assert result.warnings == ()
    assert changes(before, read(fleet_repo, f"fleets/{fleet}.yaml")) == expected


def test_new_taints_go_above_the_comments_that_trail_a_cluster(fleet_repo):
    editing.cordon_cluster(fleet_repo, "shanghai")
    text = read(fleet_repo, "fleets/prod.yaml")
    assert (
        "      ratio: 1.50\n    taints:\n    - key: cluster.karmada.io/unschedulable\n      effect: NoSchedule\n"
        "    # shanghai ends here\n\n  placement:\n" in text
    )


@pytest.mark.parametrize(
    "cluster", ["hangzhou", "frankfurt", "edge", "shanghai", "alpha", "beta", "gamma"]
)
def test_cordon_twice_is_one_taint_and_uncordon_restores_every_byte(
    fleet_repo, cluster
):
    originals = {p: p.read_bytes() for p in (fleet_repo / "fleets").iterdir()}
    editing.cordon_cluster(fleet_repo, cluster)
    cordoned = {p: p.read_bytes() for p in originals}
    again = editing.cordon_cluster(fleet_repo, cluster)
    assert (again.message, again.files, again.changes) == (
        f"cluster/{cluster} already cordoned",
        (),
        (),
    )
    assert {p: p.read_bytes() for p in originals} == cordoned
    assert (
        editing.cordon_cluster(fleet_repo, cluster, cordon=False).message
        == f"cluster/{cluster} uncordoned"
    )
    assert {p: p.read_bytes() for p in originals} == originals
    assert (
        editing.cordon_cluster(fleet_repo, cluster, cordon=False).message
        == f"cluster/{cluster} already uncordoned"
    )


def test_cordon_of_a_referenced_cluster_edits_the_attached_cluster(fleet_repo):
    before = read(fleet_repo, "fleets/prod.yaml")
    result = editing.cordon_cluster(fleet_repo, "edge")
    assert result.changes == (
        "fleets/prod.yaml: $.spec.taints: added cluster.karmada.io/unschedulable:NoSchedule",
    )
    assert changes(before, read(fleet_repo, "fleets/prod.yaml")) == [
        "+  taints:",
        *[f"+  {line}" for line in CORDON],
    ]
    assert read(fleet_repo, "fleets/prod.yaml").endswith(
        "  labels: {region: edge}   # edge labels\n  taints:\n"
        "  - key: cluster.karmada.io/unschedulable\n"
        "    effect: NoSchedule\n...\n"
    )


FLEET_WIDE = """\
%YAML 1.2
---
# four-space indents, "-   " items, an anchor
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata:
    name: wide
spec:
    clusters:
        -   name: a
            labels: &common
                env: prod
        -   name: b
            labels: *common
            taints: ~   # none yet
        -   name: "c"
            region: 'x'
"""


@pytest.mark.parametrize(
    ("cluster", "expected"),
    [
        (
            "a",
            [
                "+            taints:",
                *[f"+                {x}" for x in CORDON_WIDE],
            ],
        ),
        (
            "b",
            [
                "-            taints: ~   # none yet",
                "+            taints:     # none yet",
                *[f"+                {x}" for x in CORDON_WIDE],
            ],
        ),
    ],
    ids=["new-list", "null-list"],
)
def test_four_space_indents_directives_and_anchors_survive(
    make_repo, cluster, expected
):
    repo = make_repo({"fleets/wide.yaml": FLEET_WIDE})
    result = editing.cordon_cluster(repo, cluster)
    assert result.warnings == ()
    assert changes(FLEET_WIDE, read(repo, "fleets/wide.yaml")) == expected


def test_a_cordoned_cluster_with_a_valued_taint_counts_as_cordoned(make_repo):
    repo = make_repo(
        {
            "fleets/f.yaml": """
        apiVersion: fleet.kurator.dev/v1alpha1
        kind: Fleet
        metadata: {name: f}
        spec:
          clusters:
          - name: a
            taints: [{key: cluster.karmada.io/unschedulable, value: maintenance,
                      effect: NoSchedule}]
        """
        }
    )
    assert editing.cordon_cluster(repo, "a").message == "cluster/a already cordoned"
    assert (
        editing.cordon_cluster(repo, "a", cordon=False).message
        == "cluster/a uncordoned"
    )
    assert "taints: []\n" in read(repo, "fleets/f.yaml")  # a flow list stays, empty


def test_a_cluster_in_two_fleets_is_edited_in_both(make_repo):
    fleet = """
        apiVersion: fleet.kurator.dev/v1alpha1
        kind: Fleet
        metadata: {{name: {name}}}
        spec:
          clusters:
          - name: shared
        """
    repo = make_repo(
        {
            "fleets/a.yaml": fleet.format(name="a"),
            "fleets/b.yaml": fleet.format(name="b"),
        }
    )
    assert editing.cordon_cluster(repo, "shared").files == (
        "fleets/a.yaml",
        "fleets/b.yaml",
    )


def test_crlf_and_a_missing_final_newline_survive(tmp_path):
    repo = tmp_path
    text = (
        "apiVersion: fleet.kurator.dev/v1alpha1\r\nkind: Fleet\r\nmetadata: {name: f}\r\nspec:\r\n"
        "  clusters:\r\n  - name: a  # a\r\n    region: eu"
    )
    (repo / "fleets").mkdir()
    (repo / "fleets/f.yaml").write_bytes(text.encode())
    editing.cordon_cluster(repo, "a")
    assert (repo / "fleets/f.yaml").read_bytes().decode() == text + (
        "\r\n    taints:\r\n    - key: cluster.karmada.io/unschedulable\r\n      effect: NoSchedule"
    )


def test_unknown_cluster_suggests_the_closest_name(fleet_repo):
    with pytest.raises(RenderError) as caught:
        editing.cordon_cluster(fleet_repo, "frankfurd")
    assert str(caught.value) == (
        "fleets: error: cluster 'frankfurd' is not defined in any Fleet of fleets/ "
        "(did you mean 'frankfurt'?)"
    )


def test_dangling_attached_cluster_reference_points_at_the_entry(make_repo):
    repo = make_repo(
        {
            "fleets/f.yaml": """
        apiVersion: fleet.kurator.dev/v1alpha1
        kind: Fleet
        metadata: {name: f}
        spec:
          clusters:
          - kind: AttachedCluster
            name: ghost
        """
        }
    )
    with pytest.raises(RenderError) as caught:
        editing.cordon_cluster(repo, "ghost")
    assert str(caught.value) == (
        "fleets/f.yaml:7:5: error: $.spec.clusters[0].name: "
        "AttachedCluster 'ghost' is not defined in fleets/"
    )


def test_invalid_yaml_is_reported_at_its_position(make_repo):
    repo = make_repo({"fleets/f.yaml": "kind: Fleet\nspec: [\n"})
    with pytest.raises(RenderError) as caught:
        editing.cordon_cluster(repo, "a")
    assert str(caught.value).startswith("fleets/f.yaml:3:1: error: invalid YAML: ")


# --- taint syntax ---------------------------------------------------------------------

PARSE_CASES = {
    "add": (
        ["dedicated=special-user:NoSchedule"],
        [Taint("dedicated", "NoSchedule", "special-user")],
        [],
    ),
    "add-no-value": (["bar:NoExecute"], [Taint("bar", "NoExecute")], []),
    "add-prefixed": (
        ["cluster.karmada.io/not-ready:NoExecute"],
        [taints.NOT_READY_TAINT],
        [],
    ),
    "prefer": (["k:PreferNoSchedule"], [Taint("k", "PreferNoSchedule")], []),
    "remove-effect": (
        ["dedicated:NoSchedule-"],
        [],
        [Taint("dedicated", "NoSchedule")],
    ),
    "remove-key": (["dedicated-"], [], [Taint("dedicated", "")]),
    "remove-ignores-value": (
        ["dedicated=x:NoSchedule-"],
        [],
        [Taint("dedicated", "NoSchedule")],
    ),
    "mixed": (
        ["a=1:NoSchedule", "b-"],
        [Taint("a", "NoSchedule", "1")],
        [Taint("b", "")],
    ),
    "same-key-two-effects": (
        ["a:NoSchedule", "a:NoExecute"],
        [Taint("a", "NoSchedule"), Taint("a", "NoExecute")],
        [],
    ),
}


@pytest.mark.parametrize(
    ("specs", "adds", "removes"), PARSE_CASES.values(), ids=PARSE_CASES.keys()
)
def test_parse_taint_specs(specs, adds, removes):
    assert taints.parse_taint_specs(specs) == (adds, removes)


NAME_RULE = (
    "must consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
BAD_SPECS = {
    "none": ([], "at least one taint update is required"),
    "no-effect": (
        ["dedicated=gpu"],
        "invalid taint spec: dedicated=gpu, name part " + NAME_RULE,
    ),
    "key-only-add": (["dedicated"], "invalid taint spec: dedicated"),
    "bad-effect": (
        ["a:NoWay"],
        "invalid taint effect: NoWay, unsupported taint effect",
    ),
    "two-colons": (["a:b:NoSchedule"], "invalid taint spec: a:b:NoSchedule"),
    "two-equals": (["a=b=c:NoSchedule"], "invalid taint spec: a=b=c:NoSchedule"),
    "bad-value": (
        ["a=b c:NoSchedule"],
        "invalid taint spec: a=b c:NoSchedule, a valid label must be an empty "
        "string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character",
    ),
    "long-value": (
        [f"a={'v' * 64}:NoSchedule"],
        f"invalid taint spec: a={'v' * 64}:NoSchedule, "
        "must be no more than 63 characters",
    ),
    "bad-key": (
        ["-a:NoSchedule"],
        "invalid taint spec: -a:NoSchedule, name part " + NAME_RULE,
    ),
    "empty-prefix": (
        ["/a:NoSchedule"],
        "invalid taint spec: /a:NoSchedule, prefix part must be non-empty",
    ),
    "upper-prefix": (
        ["Example.com/a:NoSchedule"],
        "invalid taint spec: Example.com/a:NoSchedule, prefix part a "
        "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
        "and must start and end with an alphanumeric character",
    ),
    "two-slashes": (
        ["a/b/c:NoSchedule"],
        f"invalid taint spec: a/b/c:NoSchedule, a qualified name {NAME_RULE} "
        "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ),
    "long-key": (
        [f"{'k' * 64}:NoSchedule"],
        f"invalid taint spec: {'k' * 64}:NoSchedule, "
        "name part must be no more than 63 characters",
    ),
    "empty-remove": (
        ["-"],
        f"invalid taint spec: -, name part must be non-empty; name part {NAME_RULE}",
    ),
    "duplicate": (
        ["a=1:NoSchedule", "a=2:NoSchedule"],
        "duplicated taints with the same key and effect: a=2:NoSchedule",
    ),
    "add-and-remove": (
        ["a:NoSchedule", "a-"],
        "can not both modify and remove the following taint(s) in the same command: a",
    ),
}


@pytest.mark.parametrize(("specs", "message"), BAD_SPECS.values(), ids=BAD_SPECS.keys())
def test_bad_taint_specs_are_refused_with_kubectl_messages(specs, message):
    with pytest.raises(RenderError) as caught:
        taints.parse_taint_specs(specs)
    assert caught.value.findings[0].message == message


@pytest.mark.parametrize(
    "taint",
    [
        Taint("k", "NoSchedule", "v"),
        Taint("k", "NoExecute"),
        Taint("k", ""),
        Taint("k", "", "v"),
    ],
    ids=str,
)
def test_format_taint_is_kubectl_to_string(taint):
    expected = {"k=v:NoSchedule", "k:NoExecute", "k", "k=v:"}
    assert taints.format_taint(taint) in expected


# --- taint edits ----------------------------------------------------------------------


def test_taint_adds_changes_and_removes_in_place(fleet_repo):
    before = read(fleet_repo, "fleets/prod.yaml")
    result = editing.taint_cluster(
        fleet_repo,
        "frankfurt",
        [
            "team=billing:NoExecute",
            "dedicated-",
            "cluster.karmada.io/not-ready:NoExecute",
        ],
        overwrite=True,
    )
    assert result.message == "cluster/frankfurt modified"
    assert result.changes == (
        "fleets/prod.yaml: $.spec.clusters[1].taints: set team=billing:NoExecute",
        "fleets/prod.yaml: $.spec.clusters[1].taints: added cluster.karmada.io/not-ready:NoExecute",
        "fleets/prod.yaml: $.spec.clusters[1].taints: removed dedicated=gpu:NoSchedule",
    )
    assert changes(before, read(fleet_repo, "fleets/prod.yaml")) == [
        "-    - {key: dedicated, value: gpu, effect: NoSchedule}",
        "-      value: payments",
        "+      value: billing",
        "+    - key: cluster.karmada.io/not-ready",
        "+      effect: NoExecute",
    ]


def test_taint_next_to_flow_items_is_a_flow_item(make_repo):
    repo = make_repo(
        {
            "fleets/f.yaml": """
        apiVersion: fleet.kurator.dev/v1alpha1
        kind: Fleet
        metadata: {name: f}
        spec:
          clusters:
          - name: a
            taints:
            - {key: dedicated, value: gpu, effect: NoSchedule}   # gpu
        """
        }
    )
    before = read(repo, "fleets/f.yaml")
    assert (
        editing.taint_cluster(repo, "a", ["zone=x:NoSchedule"]).message
        == "cluster/a tainted"
    )
    assert changes(before, read(repo, "fleets/f.yaml")) == [
        "+    - {key: zone, value: x, effect: NoSchedule}"
    ]


def test_existing_key_and_effect_needs_overwrite(fleet_repo):
    before = read(fleet_repo, "fleets/prod.yaml")
    with pytest.raises(RenderError) as caught:
        editing.taint_cluster(fleet_repo, "frankfurt", ["team=billing:NoExecute"])
    assert str(caught.value) == (
        "fleets/prod.yaml:21:5: error: $.spec.clusters[1].taints: cluster frankfurt already "
        "has team taint(s) with same effect(s) and --overwrite is false"
    )
    assert read(fleet_repo, "fleets/prod.yaml") == before


def test_same_key_with_another_effect_is_a_new_taint(fleet_repo):
    result = editing.taint_cluster(
        fleet_repo, "frankfurt", ["team=payments:NoSchedule"]
    )
    assert result.message == "cluster/frankfurt tainted"
    assert result.changes == (
        "fleets/prod.yaml: $.spec.clusters[1].taints: added team=payments:NoSchedule",
    )


def test_removing_a_key_removes_every_effect_and_the_empty_list(fleet_repo):
    editing.taint_cluster(fleet_repo, "beta", ["dedicated:NoExecute"])
    before = read(fleet_repo, "fleets/staging.yaml")
    result = editing.taint_cluster(fleet_repo, "beta", ["dedicated-"])
    assert result.message == "cluster/beta untainted"
    assert len(result.changes) == 2
    assert changes(before, read(fleet_repo, "fleets/staging.yaml")) == [
        "-      taints:",
        "-        - key: dedicated",
        "-          value: gpu",
        "-          effect: NoSchedule   # gpu only",
        "-        - key: dedicated",
        "-          effect: NoExecute",
    ]
    assert "    - name: beta   # beta\n      # after beta\n    - name: gamma\n" in read(
        fleet_repo, "fleets/staging.yaml"
    )


def test_removing_a_missing_taint_is_an_error_and_changes_nothing(fleet_repo):
    before = read(fleet_repo, "fleets/prod.yaml")
    with pytest.raises(RenderError) as caught:
        editing.taint_cluster(fleet_repo, "hangzhou", ["dedicated:NoExecute-", "nope-"])
    assert [f.message for f in caught.value.findings] == [
        'taint "dedicated:NoExecute" not found',
        'taint "nope" not found',
    ]
    assert read(fleet_repo, "fleets/prod.yaml") == before


def test_prefer_no_schedule_is_refused_as_karmada_does(fleet_repo):
    with pytest.raises(RenderError) as caught:
        editing.taint_cluster(fleet_repo, "hangzhou", ["soft:PreferNoSchedule"])
    assert str(caught.value) == (
        "<repo>: error: invalid taint for a cluster: soft:PreferNoSchedule: Unsupported "
        'value: "PreferNoSchedule": supported values: "NoExecute", "NoSchedule" '
        "(Karmada's Cluster API validation refuses it)"
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cluster=st.sampled_from(
        ["hangzhou", "frankfurt", "edge", "shanghai", "alpha", "beta", "gamma"]
    ),
    taints=st.lists(
        st.tuples(
            st.sampled_from(["a", "b.io/c", "cluster.karmada.io/unreachable"]),
            st.sampled_from(["", "v1", "x_y"]),
            st.sampled_from(["NoSchedule", "NoExecute"]),
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda t: (t[0], t[2]),
    ),
)
def test_adding_then_removing_taints_restores_every_byte(
    tmp_path_factory, cluster, taints
):
    from tests.conftest import write_repo

    repo = write_repo(
        tmp_path_factory.mktemp("repo"),
        {"fleets/prod.yaml": FLEET_FLUSH, "fleets/staging.yaml": FLEET_INDENTED},
    )
    originals = {p: p.read_bytes() for p in (repo / "fleets").iterdir()}
    editing.taint_cluster(
        repo, cluster, [f"{k}{'=' + v if v else ''}:{e}" for k, v, e in taints]
    )
    assert {p: p.read_bytes() for p in originals} != originals
    editing.taint_cluster(repo, cluster, [f"{k}:{e}-" for k, _, e in taints])
    assert {p: p.read_bytes() for p in originals} == originals


# --- canary ---------------------------------------------------------------------------


def test_canary_set_changes_only_the_two_weight_lines(fleet_repo):
    before = read(fleet_repo, "apps/reviews/all.yaml")
    result = editing.shift_canary(fleet_repo, "reviews-route", 25)
    assert result.message == "VirtualService reviews-route: canary set to 25%"
    assert result.changes == (
        "apps/reviews/all.yaml: $.spec.http[1].route: v1 90->75, v2 10->25",
    )
    assert changes(before, read(fleet_repo, "apps/reviews/all.yaml")) == [
        "-      weight: 90   # stable",
        "+      weight: 75   # stable",
        "-      weight: 10   # canary",
        "+      weight: 25   # canary",
    ]


CANARY_CASES = {
    "lighter-is-canary": (None, 40, "v1 90->60, v2 10->40"),
    "subset-names-canary": ("v1", 40, "v1 90->40, v2 10->60"),
    "promote": (None, 100, "v1 90->0, v2 10->100"),
    "abort": (None, 0, "v1 90->100, v2 10->0"),
}


@pytest.mark.parametrize(
    ("subset", "weight", "change"), CANARY_CASES.values(), ids=CANARY_CASES.keys()
)
def test_canary_weights(fleet_repo, subset, weight, change):
    result = editing.shift_canary(
        fleet_repo, "reviews-route", weight, subset=subset, namespace="prod"
    )
    assert result.changes == (f"apps/reviews/all.yaml: $.spec.http[1].route: {change}",)


def test_canary_tie_goes_to_the_second_destination_and_keeps_the_indented_style(
    fleet_repo,
):
    before = read(fleet_repo, "apps/ratings.yaml")
    result = editing.shift_canary(fleet_repo, "ratings", 70)
    assert result.changes == (
        "apps/ratings.yaml: $.spec.http[0].route: stable 50->30, next 50->70",
    )
    assert changes(before, read(fleet_repo, "apps/ratings.yaml")) == [
        "-          weight: 50",
        "+          weight: 30",
        "-          weight: 50",
        "+          weight: 70",
    ]


def test_promote_twice_does_not_flip_back(fleet_repo):
    editing.shift_canary(fleet_repo, "reviews-route", 100, verb="promoted")
    promoted = read(fleet_repo, "apps/reviews/all.yaml")
    again = editing.shift_canary(fleet_repo, "reviews-route", 100, verb="promoted")
    assert (again.message, again.files) == (
        "VirtualService reviews-route: canary already promoted",
        (),
    )
    assert read(fleet_repo, "apps/reviews/all.yaml") == promoted
    aborted = editing.shift_canary(
        fleet_repo, "reviews-route", 0, subset="v2", verb="aborted"
    )
    assert aborted.changes == (
        "apps/reviews/all.yaml: $.spec.http[1].route: v1 0->100, v2 100->0",
    )


def test_missing_weights_are_added(make_repo):
    repo = make_repo(
        {
            "apps/vs.yaml": """
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata: {name: web}
        spec:
          http:
          - route:
            - destination: {host: web, subset: a}
            - destination: {host: web, subset: b}
        """
        }
    )
    result = editing.shift_canary(repo, "web", 10)
    assert result.changes == ("apps/vs.yaml: $.spec.http[0].route: a 0->90, b 0->10",)
    assert "    - destination: {host: web, subset: b}\n      weight: 10\n" in read(
        repo, "apps/vs.yaml"
    )


CANARY_ERRORS = {
    "unknown": (
        ("reviews-rout", 10),
        {},
        "apps: error: VirtualService 'reviews-rout' not found in apps/ "
        "(did you mean 'reviews-route'?)",
    ),
    "wrong-namespace": (
        ("reviews-route", 10),
        {"namespace": "default"},
        "apps: error: VirtualService 'reviews-route' not found in namespace 'default' in apps/ "
        "(it is in namespace prod)",
    ),
    "unknown-subset": (
        ("reviews-route", 10),
        {"subset": "v9"},
        "apps: error: VirtualService 'reviews-route' has no HTTP route with a destination with "
        "subset 'v9'",
    ),
    "weight-too-big": (
        ("reviews-route", 101),
        {},
        "<repo>: error: canary weight must be an integer from 0 to 100, got 101",
    ),
    "weight-negative": (
        ("reviews-route", -1),
        {},
        "<repo>: error: canary weight must be an integer from 0 to 100, got -1",
    ),
}


@pytest.mark.parametrize(
    ("args", "kwargs", "message"), CANARY_ERRORS.values(), ids=CANARY_ERRORS.keys()
)
def test_canary_errors(fleet_repo, args, kwargs, message):
    with pytest.raises(RenderError) as caught:
        editing.shift_canary(fleet_repo, *args, **kwargs)
    assert str(caught.value) == message


def test_same_name_in_two_namespaces_needs_a_namespace(fleet_repo):
    (fleet_repo / "apps/other.yaml").write_text(
        VIRTUAL_SERVICE.replace("namespace: prod", "namespace: qa")
    )
    with pytest.raises(RenderError) as caught:
        editing.shift_canary(fleet_repo, "reviews-route", 10)
    assert str(caught.value) == (
        "apps: error: VirtualService 'reviews-route' exists in namespaces prod, qa "
        "(choose one with -n)"
    )
    assert editing.shift_canary(
        fleet_repo, "reviews-route", 20, namespace="qa"
    ).files == ("apps/other.yaml",)


def test_a_non_integer_weight_is_reported_where_it_is(make_repo):
    repo = make_repo(
        {
            "apps/vs.yaml": """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web}
        spec:
          http:
          - route:
            - destination: {host: web}
              weight: "90"
            - destination: {host: web, subset: b}
              weight: 10
        """
        }
    )
    with pytest.raises(RenderError) as caught:
        editing.shift_canary(repo, "web", 10)
    assert (
        str(caught.value)
        == "apps/vs.yaml:8:7: error: $.spec.http[0].route[0].weight: weight must be an integer, got '90'"
    )


@settings(max_examples=30, deadline=None)
@given(weight=st.integers(0, 100), subset=st.sampled_from([None, "v1", "v2"]))
def test_canary_weights_sum_to_100_and_only_weight_lines_change(
    tmp_path_factory, weight, subset
):
    from tests.conftest import write_repo

    repo = write_repo(
        tmp_path_factory.mktemp("repo"), {"apps/all.yaml": VIRTUAL_SERVICE}
    )
    editing.shift_canary(repo, "reviews-route", weight, subset=subset)
    after = read(repo, "apps/all.yaml")
    assert all(
        line[1:].lstrip().startswith("weight: ")
        for line in changes(VIRTUAL_SERVICE, after)
    )
    weights = [
        int(line.split()[1])
        for line in after.splitlines()
        if line.strip().startswith("weight:")
    ]
    assert sum(weights) == 100
    assert weight in weights


# --- indentation detection ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "indent"),
    [
        (FLEET_FLUSH, (2, 2, 0)),
        (FLEET_INDENTED, (2, 4, 2)),
        (VIRTUAL_SERVICE_INDENTED, (2, 4, 2)),
        ("a:\n    b:\n        - c\n", (4, 6, 4)),
        ("a: 1\n", (2, 2, 0)),
        (FLEET_WIDE, (4, 8, 4)),
    ],
    ids=["flush", "indented", "indented-flow-items", "four", "flat", "wide"],
)
def test_detect_indent(text, indent):
    assert detect_indent(text) == indent


# --- CLI ------------------------------------------------------------------------------


def test_cli_cordon_and_uncordon(fleet_repo, run_cli):
    result = run_cli("cluster", "cordon", "shanghai", "--repo", fleet_repo)
    assert (result.exit_code, result.stdout) == (
        0,
        "cluster/shanghai cordoned\n  fleets/prod.yaml: "
        "$.spec.clusters[3].taints: added "
        "cluster.karmada.io/unschedulable:NoSchedule\n",
    )
    assert (
        run_cli("cluster", "cordon", "shanghai", "--repo", fleet_repo).stdout
        == "cluster/shanghai already cordoned\n"
    )
    assert (
        run_cli("cluster", "uncordon", "shanghai", "--repo", fleet_repo).exit_code == 0
    )
    assert read(fleet_repo, "fleets/prod.yaml") == FLEET_FLUSH


def test_cli_errors_exit_2_and_change_nothing(fleet_repo, run_cli):
    result = run_cli("cluster", "cordon", "shanghia", "--repo", fleet_repo)
    assert result.exit_code == 2
    assert result.stderr == (
        "fleets: error: cluster 'shanghia' is not defined in any Fleet of fleets/ "
        "(did you mean 'shanghai'?)\nfleet-render: no file changed\n"
    )
    result = run_cli(
        "cluster", "taint", "hangzhou", "dedicated=cpu:NoSchedule", "--repo", fleet_repo
    )
    assert result.exit_code == 2
    assert "--overwrite is false" in result.stderr
    assert read(fleet_repo, "fleets/prod.yaml") == FLEET_FLUSH


def test_cli_taint(fleet_repo, run_cli):
    result = run_cli(
        "cluster",
        "taint",
        "hangzhou",
        "dedicated=cpu:NoSchedule",
        "--overwrite",
        "--repo",
        fleet_repo,
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "cluster/hangzhou modified"
    assert "taints: [{key: dedicated, value: cpu, effect: NoSchedule}]" in read(
        fleet_repo, "fleets/prod.yaml"
    )
    assert run_cli(
        "cluster", "taint", "hangzhou", "--repo", fleet_repo
    ).stderr.startswith("<repo>: error: at least one taint update is required")


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (
            ("set", "reviews-route", "--weight", "30", "-n", "prod"),
            "VirtualService reviews-route: canary set to 30%",
        ),
        (
            ("set", "reviews-route", "--weight", "30", "--subset", "v1"),
            "VirtualService reviews-route: canary set to 30%",
        ),
        (("promote", "reviews-route"), "VirtualService reviews-route: canary promoted"),
        (
            ("abort", "reviews-route", "--subset", "v2"),
            "VirtualService reviews-route: canary aborted",
        ),
    ],
    ids=["set", "set-subset", "promote", "abort"],
)
def test_cli_canary(fleet_repo, run_cli, args, first_line):
    result = run_cli("canary", *args, "--repo", fleet_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == first_line


def test_cli_canary_weight_out_of_range(fleet_repo, run_cli):
    result = run_cli(
        "canary", "set", "reviews-route", "--weight", "150", "--repo", fleet_repo
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "<repo>: error: canary weight must be an integer from 0 to 100, got 150"
    )
