from __future__ import annotations

import os
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


# -- a folder parsed by two processes (render --jobs) reads as one process reads it ------

FOLDER = {
    **{f"apps/team-{n:02d}/app.yaml": f"kind: Deployment\nmetadata: {{name: app-{n}}}\n---\n---\nkind: Service\n"
       for n in range(30)},
    "apps/team-20/yes.yaml": "kind: ConfigMap\ndata: {flag: yes, mode: 0777}\n",  # the strict path
    "apps/team-25/broken.yaml": "kind: A\nkind: B\n",  # an error, in the helper's half
    "apps/team-05/broken.yaml": "a: [1\n",  # and in this process's half
    "apps/team-28/bad-utf8.yaml": b"kind: \xff\n",
}


def _folder(tmp_path: Path) -> Path:
    for rel, text in FOLDER.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return tmp_path


def _read(repo: Path, jobs: int, record: object = None) -> tuple[list, list[str]]:
    from render.loading import read_folder

    documents, findings = read_folder(repo, "apps", recursive=True, record=record, jobs=jobs)
    return [(d.data, d.file, d.index) for d in documents], [str(f) for f in findings]


@pytest.mark.parametrize("held", [False, True])  # the record already holds some files
def test_a_folder_parsed_by_two_processes_reads_as_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          held: bool) -> None:
    from render import forking, loading
    from render.readcache import ReadRecord

    if not forking.available():
        pytest.skip("helpers need fork and prctl (Linux)")
    repo = _folder(tmp_path)
    record = None
    if held:
        record = ReadRecord(tmp_path / "record", "source")
        loading.read_folder(repo, "apps", recursive=True, record=record)
        record.old, record.new = record.new, {}
        (repo / "apps/team-03/app.yaml").write_text("kind: Changed\n")
    alone = _read(repo, 1, record)
    assert alone[1] and any("team-25/broken.yaml" in f for f in alone[1])
    monkeypatch.setattr(loading, "PARSE_SPLIT_MIN", 1)
    helpers = []
    start = forking.start
    monkeypatch.setattr(forking, "start", lambda work: helpers.append(start(work)) or helpers[-1])
    assert _read(repo, 2, record) == alone
    assert helpers and helpers[0] is not None


@pytest.mark.parametrize(
    ("sizes", "share"),
    [
        ([100] * 4, [2, 3]),  # even files: the second half of them
        ([300, 10, 10, 10, 10], [1, 2, 3, 4]),  # one heavy file: this process takes it alone
        ([10, 10, 10, 10, 300], []),  # the heavy file is the second half: nothing to share out
        ([60, 60, 60, 60, 60], [3, 4]),  # an odd count: the middle file stays here
    ],
)
def test_a_helper_takes_the_second_half_of_the_text(monkeypatch: pytest.MonkeyPatch, sizes: list[int],
                                                     share: list[int]) -> None:
    from render import loading

    monkeypatch.setattr(loading, "PARSE_SPLIT_MIN", 100)
    todo = [(f"f{i}", "x" * size) for i, size in enumerate(sizes)]
    assert loading.second_half(todo) == [todo[i] for i in share]


def test_too_little_text_for_a_helper() -> None:
    from render import loading

    assert loading.second_half([(f"f{i}", "x" * 1000) for i in range(200)]) == []
    assert loading.second_half([]) == []


def test_a_helper_that_dies_leaves_the_parsing_to_this_process(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from render import forking, loading

    if not forking.available():
        pytest.skip("helpers need fork and prctl (Linux)")
    repo = _folder(tmp_path)
    alone = _read(repo, 1)
    monkeypatch.setattr(loading, "PARSE_SPLIT_MIN", 1)
    real = forking.start
    monkeypatch.setattr(forking, "start", lambda work: real(lambda: os._exit(9)))
    assert _read(repo, 2) == alone


# -- ...and its objects' checks, made by the helper, answer the render's own -------------

_FLEET = """apiVersion: fleet.kurator.dev/v1alpha1
kind: Fleet
metadata: {name: prod, namespace: kurator-system}
spec:
  clusters:
  - name: east-1
"""


def _apps_repo(root: Path, problems: bool) -> Path:
    from tests.conftest import write_repo

    files = {"fleets/prod.yaml": _FLEET}
    for n in range(40):
        files[f"apps/team-{n:02d}/app.yaml"] = (
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-{n}, namespace: shop}}\n"
            f"spec: {{replicas: {n % 5}}}\n---\napiVersion: v1\nkind: Service\n"
            f"metadata: {{name: app-{n}, namespace: shop}}\n")
    if problems:  # in both halves
        files["apps/team-03/bad.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n"
        files["apps/team-33/bad.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: -1}\n"
        files["apps/team-36/list.yaml"] = "- not an object\n"
    return write_repo(root, files)


def _inputs(repo: Path, jobs: int) -> object:
    from render.inputs import read_inputs
    from render.readcache import ReadRecord

    try:
        found = read_inputs(repo, None, ReadRecord(repo.parent / f"record-{jobs}", "source"), jobs=jobs)
    except RenderError as e:
        return [str(f) for f in e.findings]
    return found.manifests, found.warnings


@pytest.mark.parametrize("problems", [False, True])
def test_objects_checked_by_the_helper_read_as_checked_by_one_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problems: bool) -> None:
    from render import forking, inputs, loading

    if not forking.available():
        pytest.skip("helpers need fork and prctl (Linux)")
    repo = _apps_repo(tmp_path / "repo", problems)
    alone = _inputs(repo, 1)
    assert isinstance(alone, list) == problems
    monkeypatch.setattr(loading, "PARSE_SPLIT_MIN", 1)
    checked = []
    own = inputs._object_problems
    monkeypatch.setattr(inputs, "_object_problems",
                        lambda doc, replica_fields: checked.append(doc.file) or own(doc, replica_fields))
    assert _inputs(repo, 2) == alone
    # this process checked its own half; the helper's clean documents were answered
    files = sorted(p.relative_to(repo).as_posix() for p in (repo / "apps").rglob("*.yaml"))
    helpers_half = {rel for rel, _ in loading.second_half([(f, (repo / f).read_text()) for f in files])}
    assert helpers_half and checked and not any(file in helpers_half and "bad" not in file for file in checked)
    assert set(files) - helpers_half <= set(checked) | {f for f in files if "list" in f}
