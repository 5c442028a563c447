"""The diff's pieces: Secret redaction and the pull-request comment's size limit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from render.diffing import FileChange, FleetDiff, ReplicaChange, redact_secret_values
from render.diffreport import diff_markdown, diff_text

SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{{"data":{{"a":"{a}"}}}}'
  name: db
data:
  a: {a}
  b: c2FtZQ==
"""


@pytest.mark.parametrize(
    ("old", "new", "shown_old", "shown_new"),
    [
        pytest.param(
            "kind: ConfigMap\ndata: {a: plain}\n",
            "kind: ConfigMap\ndata: {a: other}\n",
            "kind: ConfigMap\ndata: {a: plain}\n",
            "kind: ConfigMap\ndata: {a: other}\n",
            id="not-a-secret",
        ),
        pytest.param(
            SECRET.format(a="b2xk"),
            SECRET.format(a="bmV3"),
            'apiVersion: v1\ndata:\n  a: "<redacted>"\n  b: "<redacted>"\nkind: Secret\n'
            "metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration:"
            ' "<redacted>"\n  name: db\n',
            'apiVersion: v1\ndata:\n  a: "<redacted, changed>"\n  b: "<redacted>"\n'
            "kind: Secret\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/"
            'last-applied-configuration: "<redacted>"\n  name: db\n',
            id="changed-value-and-last-applied",
        ),
        pytest.param(
            None,
            "kind: Secret\nstringData: {x: y}\n",
            "",
            'kind: Secret\nstringData:\n  x: "<redacted, changed>"\n',
            id="added",
        ),
        pytest.param(
            "kind: Secret\ndata: [not, a, map]\n",
            None,
            'data: "<redacted>"\nkind: Secret\n',
            "",
            id="removed-malformed",
        ),
        pytest.param(
            "kind: Secret\ndata: {a: [unclosed\n",
            "kind: Secret\ndata: {a: b}\n",
            "<redacted: unreadable Secret>\n",
            'data:\n  a: "<redacted, changed>"\nkind: Secret\n',
            id="unreadable",
        ),
    ],
)
def test_redaction(
    old: str | None, new: str | None, shown_old: str, shown_new: str
) -> None:
    assert redact_secret_values(old, new) == (shown_old, shown_new)


def _change(cluster: str, i: int, size: int) -> FileChange:
    patch = (
        f"--- a/{cluster}/f{i}\n+++ b/{cluster}/f{i}\n@@ -1 +1 @@\n-{'x' * size}\n+y\n"
    )
    return FileChange(cluster, f"f{i}.yaml", "changed", patch)


def test_a_patch_holding_backticks_gets_a_longer_fence() -> None:
    patch = "--- a/c/f\n+++ b/c/f\n@@ -1 +1 @@\n-a: ```\n+a: ````\n"
    diff = FleetDiff("main", "0" * 40, [FileChange("c", "f.yaml", "changed", patch)])
    assert f"`````diff\n{patch}`````\n</details>" in diff_markdown(diff)


def test_rows_and_files_left_out_are_counted() -> None:
    replicas = [
        ReplicaChange(f"Deployment/default/w{i:03}", "c", 1, 2) for i in range(200)
    ]
    files = [_change("c", i, 100) for i in range(50)]
    diff = FleetDiff("main", "0" * 40, files, replicas)
    comment = diff_markdown(diff, limit=6000)
    assert len(comment) <= 6000
    rows = comment.count("| 1 → 2 |")
    assert 0 < rows < 200
    assert "(0 shown)" not in comment
    assert comment.endswith(
        f"\n_Truncated to fit in a GitHub comment: {200 - rows} replica rows and 50 file "
        "diffs left out. Run `fleet-render diff` locally for all of it._\n"
    )


def test_a_cluster_whose_files_fit_only_in_part_says_how_many_are_shown() -> None:
    diff = FleetDiff("main", "0" * 40, [_change("c", i, 1000) for i in range(10)])
    comment = diff_markdown(diff, limit=5000)
    shown = comment.count("+++ b/c/")
    assert 0 < shown < 10
    assert f"<code>c</code>: 10 changed ({shown} shown)</summary>" in comment
    assert comment.endswith(
        f"and {10 - shown} file diffs left out. Run `fleet-render diff` locally for all of it._\n"
    )


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 3000)), max_size=40
    ),
    rows=st.integers(0, 300),
    limit=st.integers(1000, 70000),
)
def test_the_comment_never_exceeds_the_limit(
    sizes: list[tuple[str, int]], rows: int, limit: int
) -> None:
    files = sorted(
        (_change(c, i, n) for i, (c, n) in enumerate(sizes)), key=lambda f: f.cluster
    )
    replicas = [
        ReplicaChange(f"Deployment/default/w{i}", "a", 0, 1) for i in range(rows)
    ]
    comment = diff_markdown(FleetDiff("main", "f" * 40, files, replicas), limit=limit)
    assert len(comment) <= limit
    assert comment.count("<details>") == comment.count("</details>")
    shown = comment.count("\n+y\n")
    left = len(files) - shown
    if left or rows - comment.count("| 0 → 1 |"):
        assert comment.endswith(
            f"and {left} file diffs left out. Run `fleet-render diff` locally for all of it._\n"
        )


def test_text_of_an_empty_diff() -> None:
    assert (
        diff_text(FleetDiff("HEAD", "a" * 40))
        == f"no changes against HEAD ({'a' * 12})\n"
    )


# Text every redacted Secret shows anyway: a value inside it proves nothing.
_FRAME = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData data token: "<redacted, changed>"'
_VALUES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=6
).filter(lambda v: v.strip() == v and v not in _FRAME)


@settings(max_examples=80, deadline=None)
@given(
    old=st.dictionaries(st.sampled_from(["a", "b", "token"]), _VALUES, max_size=3),
    new=st.dictionaries(st.sampled_from(["a", "b", "token"]), _VALUES, max_size=3),
    part=st.sampled_from(["data", "stringData"]),
)
def test_no_secret_value_survives_redaction(
    old: dict[str, str], new: dict[str, str], part: str
) -> None:
    from render.output import dump

    def secret(values: dict[str, str]) -> str:
        return dump(
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": {"name": "s"},
                part: values,
            }
        )

    shown = "".join(redact_secret_values(secret(old), secret(new)))
    for value in [*old.values(), *new.values()]:
        assert value not in shown
    for key, value in new.items():
        marker = "<redacted>" if old.get(key) == value else "<redacted, changed>"
        assert f'{key}: "{marker}"' in shown
