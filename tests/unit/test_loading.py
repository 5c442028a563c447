from __future__ import annotations

from pathlib import Path

import pytest

from render.errors import Finding, RenderError
from render.loading import locate, parse_documents

BAD_YAML = [
    ("duplicate-key", "a: 1\na: 2\n", "f.yaml:2:1: error: invalid YAML: duplicate key 'a'"),
    ("unclosed-flow", "a: [1\n", "f.yaml:2:1: error: invalid YAML: did not find expected ',' or ']'"),
    ("non-string-key", "1: x\n", "f.yaml:1:1: error: invalid YAML: mapping key 1 is not a string"),
    ("bad-indent", "a:\n  b: 1\n c: 2\n", "f.yaml:3:2: error: invalid YAML: did not find expected key"),
]


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in BAD_YAML], ids=[c[0] for c in BAD_YAML])
def test_bad_yaml_is_one_located_finding(text: str, message: str) -> None:
    with pytest.raises(RenderError) as e:
        parse_documents(text, "f.yaml")
    assert [str(f) for f in e.value.findings] == [message]


def test_multi_document_files_skip_empty_documents() -> None:
    docs = parse_documents("---\n---\na: 1\n---\nb: 2\n", "f.yaml")
    assert [(d.data, d.index) for d in docs] == [({"a": 1}, 0), ({"b": 2}, 1)]


TEXT = """\
---
---
kind: A
---
kind: B
spec:
  clusters:
  - name: one
  - name: two
    labels: {a: b}
"""

LOCATIONS = [
    (("spec", "clusters", 1, "name"), 9, 5),
    (("spec", "clusters", 1, "labels", "a"), 10, 14),
    (("spec", "clusters", 1, "missing"), 9, 5),
    (("spec",), 6, 1),
]


@pytest.mark.parametrize(("path", "line", "column"), LOCATIONS, ids=[str(p) for p, *_ in LOCATIONS])
def test_locate_fills_line_and_column_of_the_right_document(tmp_path: Path, path, line, column) -> None:
    (tmp_path / "f.yaml").write_text(TEXT)
    found = locate(tmp_path, Finding("x", "f.yaml", path, document=1))
    assert (found.line, found.column) == (line, column)
