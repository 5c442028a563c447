"""The inputs record (render.readcache): an unchanged file is neither parsed nor checked again."""

from __future__ import annotations

from pathlib import Path

import pytest

from render.errors import Finding
from render.loading import Document, parse_documents
from render.readcache import ReadRecord

TEXT = "kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: b}\n"
WARNING = Finding("is ignored", "policies/p.yaml", ("spec",), severity="warning", document=1)


def _read(repo: Path, parsed: list[str], checked: list[int]) -> tuple[ReadRecord, list[list[Finding]]]:
    record = ReadRecord.for_repo(repo, "source-1")

    def parse(text: str, rel: str) -> list[Document]:
        parsed.append(rel)
        return parse_documents(text, rel)

    docs = record.documents("policies/p.yaml", TEXT, parse)

    def check(doc: Document) -> list[Finding]:
        checked.append(doc.index)
        return [WARNING] if doc.index == 1 else []

    return record, [record.schema_findings(d, lambda d=d: check(d)) for d in docs]


def test_a_file_read_before_comes_back_with_its_documents_and_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(tmp_path / "cache"))
    parsed: list[str] = []
    checked: list[int] = []
    first, found = _read(tmp_path / "repo", parsed, checked)
    first.save()
    assert (parsed, checked) == (["policies/p.yaml"], [0, 1])
    again, found_again = _read(tmp_path / "repo", parsed, checked)
    assert (parsed, checked) == (["policies/p.yaml"], [0, 1])  # neither parsed nor checked
    assert found_again == found == [[], [WARNING]]
    assert [d.data for d in again.documents("policies/p.yaml", TEXT, parse_documents)] == [
        {"kind": "A", "metadata": {"name": "a"}},
        {"kind": "B", "metadata": {"name": "b"}},
    ]


def test_another_source_reads_everything_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(tmp_path / "cache"))
    first, _ = _read(tmp_path / "repo", [], [])
    first.save()
    assert ReadRecord.for_repo(tmp_path / "repo", "source-2").old == {}
    assert ReadRecord.for_repo(tmp_path / "repo", "source-1").old != {}


def test_a_record_another_python_marshalled_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # marshal's format may change between Python versions: such a record reads as none.
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(tmp_path / "cache"))
    first, _ = _read(tmp_path / "repo", [], [])
    first.save()
    data = first.path.read_bytes()
    header, codec, rest = data.partition(b"\n")[0], *data.partition(b"\n")[1:]
    assert b"marshal 3." in header  # plain values: written with marshal
    first.path.write_bytes(header.rpartition(b"marshal")[0] + b"marshal 2.7" + codec + rest)
    assert ReadRecord.for_repo(tmp_path / "repo", "source-1").old == {}


def test_object_checks_come_back_per_context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # apps/ objects' own checks read the document and the replica fields: an unchanged
    # file is checked again only when those change
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(tmp_path / "cache"))
    checked: list[tuple[int, bytes]] = []

    def read(context: bytes) -> list[list[Finding]]:
        record = ReadRecord.for_repo(tmp_path / "repo", "source-1")
        docs = record.documents("apps/a.yaml", TEXT, parse_documents)

        def check(doc: Document) -> list[Finding]:
            checked.append((doc.index, context))
            return [WARNING] if doc.index == 1 else []

        found = [record.object_findings(d, context, lambda d=d: check(d)) for d in docs]
        record.save()
        return found

    assert read(b"fields-1") == [[], [WARNING]]
    assert read(b"fields-1") == [[], [WARNING]]
    assert checked == [(0, b"fields-1"), (1, b"fields-1")]
    assert read(b"fields-2") == [[], [WARNING]]
    assert checked[2:] == [(0, b"fields-2"), (1, b"fields-2")]
