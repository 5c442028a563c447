"""The generated schema code is kept in the cache folder (render.compiledschema.cached_conforms)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import CodeType

import pytest

from render import compiledschema, records

SCHEMA = {"type": "object", "properties": {"name": {"type": "string", "pattern": "^[a-z]+$"},
                                           "replicas": {"type": "integer"}}, "required": ["name"]}
DOCUMENTS = [({"name": "web"}, True), ({"name": "Web"}, False), ({"name": "web\n"}, False),
             ({"replicas": 3}, False), ({"name": "web", "replicas": 3.0}, False)]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLEET_RENDER_CACHE", str(tmp_path))
    return tmp_path


def test_the_second_process_execs_the_kept_code_and_answers_alike(cache: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = compiledschema.cached_conforms(SCHEMA)
    assert len(list(cache.glob("schema-*.pickle"))) == 1
    monkeypatch.setattr(compiledschema, "compiled_source", lambda schema: pytest.fail("generated again"))
    # the record holds the compiled code: a second process compiles nothing either
    monkeypatch.setattr(compiledschema, "compile", lambda *args: pytest.fail("compiled again"), raising=False)
    second = compiledschema.cached_conforms(SCHEMA)
    for document, expected in DOCUMENTS:
        assert first(document) is second(document) is expected, document


def test_a_damaged_record_is_generated_again(cache: Path) -> None:
    compiledschema.cached_conforms(SCHEMA)
    (kept,) = cache.glob("schema-*.pickle")
    kept.write_bytes(b"garbage")
    kept.chmod(0o600)
    conforms = compiledschema.cached_conforms(SCHEMA)
    assert [conforms(d) for d, _ in DOCUMENTS] == [e for _, e in DOCUMENTS]
    assert records.load(kept, compiledschema._CODE_FORMAT) is not None  # saved anew


def test_the_record_is_compiled_code_named_by_the_python_that_wrote_it(cache: Path) -> None:
    compiledschema.cached_conforms(SCHEMA)
    (kept,) = cache.glob("schema-*.pickle")
    code, function = records.load(kept, compiledschema._CODE_FORMAT)
    assert isinstance(code, CodeType) and isinstance(function, str)
    assert f"marshal {sys.version_info[0]}.{sys.version_info[1]}".encode() in kept.read_bytes()[:80]
