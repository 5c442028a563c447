"""The compiled schema checks ship with fleet-render (render.schemacode) for its own schemas,
and are kept in the cache folder for any other (render.compiledschema.cached_conforms)."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from types import CodeType

import pytest

from render import compiledschema, records, validation

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


STEMS = sorted(set(validation.INPUT_KINDS.values()))


@pytest.mark.parametrize("stem", STEMS)
def test_every_input_schema_ships_its_check_made_from_it(stem: str) -> None:
    # fails when a schema in render/schemas changed: run `python -m render.compiledschema`
    assert compiledschema.shipped_conforms(stem, validation._bundled(stem)) is not None


@pytest.mark.parametrize("stem", STEMS)
def test_the_shipped_module_is_what_the_generator_makes_now(stem: str) -> None:
    import fastjsonschema

    module = importlib.import_module(f"{compiledschema.SHIPPED_PACKAGE}.{stem}")
    made_with = re.search(r"fastjsonschema (\S+):", module.__doc__ or "")
    if made_with is None or made_with[1] != fastjsonschema.VERSION:
        pytest.skip(f"made with fastjsonschema {made_with and made_with[1]}, {fastjsonschema.VERSION} here")
    assert Path(module.__file__).read_text(encoding="utf-8") == compiledschema.shipped_module_text(
        validation._bundled(stem))


def test_a_render_validates_with_no_cache_folder_yet(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiledschema, "compiled_source", lambda schema: pytest.fail("generated"))
    for stem in STEMS:
        conforms = compiledschema.shipped_conforms(stem, validation._bundled(stem))
        assert conforms is not None and conforms({}) is False
    assert not list(cache.iterdir())


def test_a_module_made_from_another_schema_is_not_taken(cache: Path) -> None:
    schema = validation._bundled("fleet")
    changed = {**schema, "required": [*schema.get("required", []), "status"]}
    assert compiledschema.shipped_conforms("fleet", changed) is None
    assert compiledschema.shipped_conforms("no-such-kind", schema) is None
