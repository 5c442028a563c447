"""Templates in apps/: per-cluster context, the sandbox, limits and exact errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from render import runner
from render.errors import RenderError
from render.sandbox import FleetSandbox, LimitError, Limits
from tests.conftest import snapshot

FLEET = """\
apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata: {name: prod}
spec:
  clusters:
  - name: member1
    labels: {region: r1, provider: aws, tier: gold}
    zones: [z1a, z1b]
    values: {tag: "1.0", registry: reg.example.com, limits: {cpu: "2"}}
  - name: member2
    provider: huawei
    region: r2
    zone: z2a
    values: {tag: "2.0"}
  - name: member3
    labels: {region: r3}
"""

POLICY = """\
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: web}
  - {apiVersion: v1, kind: ConfigMap, name: web}
  placement:
    clusterAffinity: {clusterNames: [member1, member2]}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [member1]}, weight: 2}
        - {targetCluster: {clusterNames: [member2]}, weight: 1}
"""

CONFIG = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: web}
data:
  value: "{{ EXPR }}"
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: "{{ values.registry | default('docker.io') }}/web:{{ values.tag }}"
        env:
        - {name: SHARE, value: "{{ replicas }}"}
"""


def _repo(make_repo, template: str, name: str = "apps/web.yaml.j2") -> Path:
    return make_repo(
        {"fleets/prod.yaml": FLEET, "policies/web.yaml": POLICY, name: template}
    )


def _object(report: runner.RenderReport, cluster: str, kind: str) -> dict:
    return next(o for o in report.plan.objects[cluster] if o["kind"] == kind)


def _errors(repo: Path) -> list[str]:
    with pytest.raises(RenderError) as caught:
        runner.build(repo, repo / "out")
    return [str(f) for f in caught.value.findings]


# (id, expression, value for member1, value for member2)
CONTEXT = [
    ("name", "cluster.name", "member1", "member2"),
    ("fleet", "cluster.fleet", "prod", "prod"),
    ("label", "cluster.labels.tier | default('none')", "gold", "none"),
    ("fleet-label", "cluster.labels['fleet.kurator.dev/name']", "prod", "prod"),
    ("provider-from-label", "cluster.provider", "aws", "huawei"),
    ("region", "cluster.region", "r1", "r2"),
    ("zone-is-first-zone", "cluster.zone", "z1a", "z2a"),
    ("zones", "cluster.zones | join(',')", "z1a,z1b", "z2a"),
    ("values", "values.tag", "1.0", "2.0"),
    ("nested-values", "(values.limits | default({})).cpu | default('1')", "2", "1"),
    (
        "values-default",
        "values.registry | default('docker.io')",
        "reg.example.com",
        "docker.io",
    ),
    ("non-workload-replicas", "replicas", "None", "None"),
    ("arithmetic", "(cluster.zones | length) * 10", "20", "10"),
]


@pytest.mark.parametrize(
    ("expression", "first", "second"),
    [c[1:] for c in CONTEXT],
    ids=[c[0] for c in CONTEXT],
)
def test_context_per_cluster(
    make_repo, expression: str, first: str, second: str
) -> None:
    report = runner.build(_repo(make_repo, CONFIG.replace("EXPR", expression)))
    got = [
        _object(report, c, "ConfigMap")["data"]["value"] for c in ("member1", "member2")
    ]
    assert got == [first, second]


def test_workload_sees_its_share_and_replicas_are_then_set(make_repo) -> None:
    report = runner.build(_repo(make_repo, DEPLOYMENT))
    for cluster, share, image in (
        ("member1", 4, "reg.example.com/web:1.0"),
        ("member2", 2, "docker.io/web:2.0"),
    ):
        deployment = _object(report, cluster, "Deployment")
        assert deployment["spec"]["replicas"] == share
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["env"] == [{"name": "SHARE", "value": str(share)}]
        assert container["image"] == image
        assert (
            deployment["metadata"]["annotations"]["fleet-render.io/source"]
            == "apps/web.yaml.j2"
        )
    assert report.plan.bindings[0].replicas == 6


def test_multi_document_template_renders_each_object(make_repo) -> None:
    text = DEPLOYMENT + "---\n" + CONFIG.replace("EXPR", "replicas")
    report = runner.build(_repo(make_repo, text))
    assert _object(report, "member1", "ConfigMap")["data"]["value"] == "None"
    assert _object(report, "member1", "Deployment")["spec"]["replicas"] == 4


def test_overrides_apply_after_the_template(make_repo) -> None:
    override = """\
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: web}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: web}]
  overrideRules:
  - targetCluster: {clusterNames: [member2]}
    overriders:
      plaintext: [{path: /data/value, operator: replace, value: overridden}]
"""
    repo = _repo(make_repo, CONFIG.replace("EXPR", "cluster.name"))
    (repo / "policies/override.yaml").write_text(override)
    report = runner.build(repo)
    assert _object(report, "member1", "ConfigMap")["data"]["value"] == "member1"
    assert _object(report, "member2", "ConfigMap")["data"]["value"] == "overridden"


def test_plain_yaml_next_to_templates_is_unchanged(make_repo) -> None:
    repo = _repo(make_repo, CONFIG, "apps/web.yaml")
    report = runner.build(repo)
    assert _object(report, "member1", "ConfigMap")["data"]["value"] == "{{ EXPR }}"


# (id, template line 5, exact error lines)
ERRORS = [
    (
        "undefined-variable",
        '  value: "{{ clster.name }}"',
        [
            "apps/web.yaml.j2:5:1: error: template in the neutral render: 'clster' is undefined"
        ],
    ),
    (
        "undefined-value-for-one-cluster",
        '  value: "{{ values.tag }}"',
        [
            "apps/web.yaml.j2:5:1: error: template for cluster member3: 'dict object' has no attribute 'tag'"
        ],
    ),
    (
        "undefined-cluster-field",
        '  value: "{{ cluster.nmae }}"',
        [
            "apps/web.yaml.j2:5:1: error: template in the neutral render: 'dict object' has no attribute 'nmae'"
        ],
    ),
    (
        "syntax-error",
        '  value: "{{ cluster.name }"',
        ["apps/web.yaml.j2:5:1: error: template syntax error: unexpected '}'"],
    ),
    (
        "unclosed-block",
        '  value: "{% if cluster.name %}x"',
        [
            (
                "apps/web.yaml.j2:5:1: error: template syntax error: Unexpected end of template. Jinja was looking"
                " for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed"
                " is 'if'."
            )
        ],
    ),
    (
        "python-error-in-neutral-render",
        '  value: "{{ replicas * 2 }}"',
        [
            (
                "apps/web.yaml.j2:5:1: error: template in the neutral render: TypeError: unsupported operand"
                " type(s) for *: 'NoneType' and 'int' (the neutral render, which learns the objects' identity,"
                " has empty cluster fields and values and replicas none)"
            )
        ],
    ),
    (
        "invalid-yaml-output",
        "  value: {{ '[' }}",
        [
            (
                "apps/web.yaml.j2:1:1: error: template output in the neutral render is invalid YAML: did not find"
                " expected node content (line 6 of the output)"
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("line", "expected"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_template_errors(make_repo, line: str, expected: list[str]) -> None:
    text = CONFIG.replace('  value: "{{ EXPR }}"', line)
    if "member3" in expected[0]:
        text = text + "# member3 has no values\n"
    repo = _repo(make_repo, text)
    if "member3" in expected[0]:
        policy = (
            (repo / "policies/web.yaml")
            .read_text()
            .replace("[member1, member2]", "[member3]")
        )
        (repo / "policies/web.yaml").write_text(policy)
    assert _errors(repo) == expected


IDENTITY = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels: {LABELS}
data: {value: x}
"""


def test_labels_that_depend_on_the_cluster_are_refused(make_repo) -> None:
    text = IDENTITY.replace("{LABELS}", '{zone: "{{ cluster.zone }}"}')
    assert _errors(_repo(make_repo, text)) == [
        (
            "apps/web.yaml.j2:5:3: error: $.metadata.labels: metadata.labels renders {'zone': 'z1a'} for cluster"
            " member1 but {'zone': ''} in the neutral render: apiVersion, kind, name, namespace and labels must"
            " not depend on the cluster"
        )
    ]


def test_name_that_depends_on_the_cluster_is_refused(make_repo) -> None:
    text = IDENTITY.replace("{LABELS}", "{}").replace(
        "name: web", 'name: "web{{ cluster.zone }}"'
    )
    repo = _repo(make_repo, text)
    policy = (
        (repo / "policies/web.yaml")
        .read_text()
        .replace("kind: ConfigMap, name: web", "kind: ConfigMap")
    )
    (repo / "policies/web.yaml").write_text(policy)
    assert _errors(repo) == [
        (
            "apps/web.yaml.j2:4:3: error: $.metadata.name: metadata.name renders 'webz1a' for cluster member1"
            " but 'web' in the neutral render: apiVersion, kind, name, namespace and labels must not depend"
            " on the cluster"
        )
    ]


def test_document_count_that_depends_on_the_cluster_is_refused(make_repo) -> None:
    one = IDENTITY.replace("{LABELS}", "{}")
    text = (
        one
        + "{% if cluster.name %}---\n"
        + one.replace("name: web", "name: extra")
        + "{% endif %}\n"
    )
    assert _errors(_repo(make_repo, text)) == [
        (
            "apps/web.yaml.j2: error: renders 2 documents for cluster member1 but 1 in the neutral render;"
            " the objects of a template must not depend on the cluster"
        )
    ]


def test_a_failed_render_leaves_out_untouched(make_repo, run_cli) -> None:
    repo = _repo(make_repo, CONFIG.replace("EXPR", "cluster.name"))
    assert run_cli("render", "--repo", repo).exit_code == 0
    before = snapshot(repo / "out")
    (repo / "apps/web.yaml.j2").write_text(CONFIG.replace("EXPR", "''.__class__"))
    result = run_cli("render", "--repo", repo)
    assert result.exit_code == 2
    assert (
        "apps/web.yaml.j2:5:1: error: template in the neutral render: refused by the sandbox"
        in result.stderr
    )
    assert snapshot(repo / "out") == before


# Sandbox escapes: (id, expression, the refusal in the message)
ESCAPES = [
    (
        "mro",
        "''.__class__.__mro__",
        "access to attribute '__class__' of 'str' object is unsafe.",
    ),
    (
        "subclasses",
        "().__class__.__base__.__subclasses__()",
        "access to attribute '__class__' of 'tuple' object is unsafe.",
    ),
    (
        "globals-through-cycler",
        "cycler.__init__.__globals__",
        "access to attribute '__init__' of 'type' object is unsafe.",
    ),
    (
        "self-context",
        "self._TemplateReference__context",
        "access to attribute '_TemplateReference__context' of 'TemplateReference' object is unsafe.",
    ),
    (
        "mutation",
        "cluster.update({'a': 1})",
        "access to attribute 'update' of 'dict' object is unsafe.",
    ),
    (
        "format-internals",
        "'{0.__class__}'.format(1)",
        "access to attribute '__class__' of 'int' object is unsafe.",
    ),
    (
        "include-a-file",
        "'x' }}{% include '/etc/passwd' %}{{ 'y'",
        "'/etc/passwd': templates cannot include, import or extend files",
    ),
    (
        "import-a-file",
        "'x' }}{% import 'apps/other.yaml.j2' as o %}{{ 'y'",
        "'apps/other.yaml.j2': templates cannot include, import or extend files",
    ),
]


@pytest.mark.parametrize(
    ("expression", "refusal"), [e[1:] for e in ESCAPES], ids=[e[0] for e in ESCAPES]
)
def test_sandbox_escapes_are_refused(make_repo, expression: str, refusal: str) -> None:
    errors = _errors(_repo(make_repo, CONFIG.replace("EXPR", expression)))
    assert errors == [
        f"apps/web.yaml.j2:5:1: error: template for cluster member1: refused by the sandbox: {refusal}"
    ] or errors == [
        f"apps/web.yaml.j2:5:1: error: template in the neutral render: refused by the sandbox: {refusal}"
    ]


@pytest.mark.parametrize(
    "name", ["os", "environ", "open", "__import__", "lipsum", "config", "request"]
)
def test_no_environment_or_python_builtins_are_reachable(make_repo, name: str) -> None:
    errors = _errors(_repo(make_repo, CONFIG.replace("EXPR", name)))
    assert errors == [
        f"apps/web.yaml.j2:5:1: error: template in the neutral render: '{name}' is undefined"
    ]


def _sandboxed(text: str, limits: Limits) -> str:
    env = FleetSandbox()
    code = env.compile(env.parse_guarded(text, "t.j2"), "t.j2", "t.j2")
    template = env.template_class.from_code(env, code, env.make_globals(None))
    return env.generate_limited(template, {}, limits)


# (id, template, the limit message)
LIMITS = [
    (
        "nested-loops",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "template took longer than 0.2s to render",
    ),
    (
        "loops-over-a-list",
        (
            "{% set xs = range(100000) | list %}{% for i in xs %}{% for j in xs %}"
            "{% endfor %}{% endfor %}"
        ),
        "template took longer than 0.2s to render",
    ),
    (
        "output-size",
        "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
        "template output is over the 1048576 characters limit",
    ),
    (
        "repeat",
        "{{ 'a' * 10**9 }}",
        "a width or count of 1000000000 is over the 1048576 limit",
    ),
    ("power", "{{ 2 ** 100000 }}", "2 ** 100000 is over 4096 bits"),
    (
        "center-filter",
        "{{ 'x' | center(10**9) }}",
        "a width or count of 1000000000 is over the 1048576 limit",
    ),
    (
        "percent-width",
        "{{ '%999999999d' % 1 }}",
        "a width or count of 999999999 is over the 1048576 limit",
    ),
    (
        "format-width",
        "{{ '{:999999999}'.format(1) }}",
        "a width or count of 999999999 is over the 1048576 limit",
    ),
    (
        "str-method",
        "{{ 'x'.ljust(10**9) }}",
        "a width or count of 1000000000 is over the 1048576 limit",
    ),
    (
        "doubling",
        (
            "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}"
            "{% endfor %}"
        ),
        "a value of 2097152 items is over the 1048576 limit",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in LIMITS], ids=[c[0] for c in LIMITS]
)
def test_limits(text: str, message: str) -> None:
    with pytest.raises(LimitError) as caught:
        _sandboxed(text, Limits(seconds=0.2 if "took longer" in message else 60))
    assert str(caught.value) == message


def test_range_is_capped_by_jinja() -> None:
    with pytest.raises(OverflowError, match="MAX_RANGE"):
        _sandboxed("{{ range(10**9) | list }}", Limits())


def test_ordinary_templates_fit_the_limits() -> None:
    text = "{% for i in range(1000) %}{{ '%05d' % i }}-{{ 'ab' * 3 }}-{{ 2 ** 10 }}\n{% endfor %}"
    assert len(_sandboxed(text, Limits()).splitlines()) == 1000


def test_rendered_output_is_deterministic(make_repo) -> None:
    repo = _repo(make_repo, DEPLOYMENT)
    assert runner.build(repo).files == runner.build(repo).files
    assert (
        yaml.safe_load(
            runner.build(repo).files["member2/default/deployment.apps_web.yaml"]
        )["spec"]["replicas"]
        == 2
    )


def test_a_template_linked_from_outside_the_repo_is_refused(
    make_repo, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml.j2"
    outside.write_text(CONFIG.replace("EXPR", "cluster.name"))
    repo = _repo(make_repo, CONFIG.replace("EXPR", "cluster.name"))
    (repo / "apps/linked.yaml.j2").symlink_to(outside)
    assert _errors(repo) == [
        "apps/linked.yaml.j2: error: symbolic link leads outside the repo; refusing to follow it"
    ]
