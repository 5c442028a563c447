"""Input schemas compiled to Python by fastjsonschema: a quick "does it conform?" before jsonschema explains.

jsonschema walks a schema anew for every document (about 5 ms a policy: 3.8 of the 5.9 s
it takes to read 1,000 clusters x 10,000 workloads); the code fastjsonschema generates
answers in a tenth of that. Only a document it refuses goes to
:func:`render.validation.iter_schema_findings`' jsonschema run, which words the findings.
So the answer here must be jsonschema's, with fleet-render's integer rule, for every
document (tests/property/test_compiledschema_props.py); two differences are bridged:

- fastjsonschema speaks draft-07 at most, which ignores every keyword beside a ``$ref``
  (five ``minimum``\\ s here): :func:`render.editorschema.as_draft_07` moves such a
  ``$ref`` into an ``allOf``, as it does for editors;
- from draft-06 on it takes 3.0 for an integer, which Go's decoder refuses
  (``validation._is_integer``): the draft-04 type check it also ships does not.

Patterns need no bridge: it reads ``$`` as ``\\Z``, the end of the text, as ECMA-262
does and as :func:`render.validation.ecma_pattern` makes jsonschema read it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable
from types import CodeType
from typing import Any

from render.editorschema import as_draft_07


def compile_conforms(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """Compile a self-contained schema (local ``$ref``\\ s only) into a yes/no check.

    Args:
        schema: a draft 2020-12 schema using only draft-07 keywords, such as
            ``render.validation._bundled(stem)``.

    Returns:
        A function telling whether a document (plain dicts and lists) conforms.
    """
    source, function = compiled_source(schema)
    return _conforms_from_code(_compiled(source), function)


def shipped_conforms(stem: str, schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """The check of one of fleet-render's own schemas as it ships (``render.schemacode``),
    or None when the module is missing or was made from another schema than ``schema``.

    Shipped, the check is imported like any module (from its ``.pyc``): a render on a
    machine with no cache folder yet, as a CI runner is at every run, would otherwise
    generate and compile each schema it needs (30-45 ms each).
    """
    try:
        module = importlib.import_module(f"{SHIPPED_PACKAGE}.{stem}")
    except ImportError:
        return None
    if getattr(module, "SCHEMA_DIGEST", None) != schema_digest(schema):
        return None  # a schema edited since: the module would check the old one
    return _conforms_with(getattr(module, module.FUNCTION))


SHIPPED_PACKAGE = "render.schemacode"
# Bumped when the code made from a given schema changes (compiled_source, _fast_dialect,
# editorschema.as_draft_07), so that modules made before are no longer taken.
_GENERATION = "1"


def schema_digest(schema: dict[str, Any]) -> str:
    """What a shipped module records of the schema it was made from."""
    text = json.dumps(schema, sort_keys=True) + _GENERATION
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def shipped_module_text(schema: dict[str, Any]) -> str:
    """The text of the ``render.schemacode`` module checking ``schema``."""
    from fastjsonschema import VERSION

    source, function = compiled_source(schema)
    return (f'"""Made by `python -m render.compiledschema` with fastjsonschema {VERSION}: do not edit."""\n'
            "# ruff: noqa\n# mypy: ignore-errors\n"
            f"SCHEMA_DIGEST = {schema_digest(schema)!r}\nFUNCTION = {function!r}\n\n{source.rstrip()}\n")


def cached_conforms(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """:func:`compile_conforms`, the generated code kept in the cache folder: generating
    it takes 10-20 ms a schema and compiling it as long again, in every render (a
    patched one included) and ``validate``. The record holds the compiled code (marshal
    data, which names the Python version that wrote it): loading it takes 0.3 ms."""
    from fastjsonschema import VERSION

    from render import records
    from render.freshness import source_digest

    text = json.dumps(schema, sort_keys=True) + VERSION + source_digest()
    name = f"schema-{hashlib.blake2b(text.encode(), digest_size=12).hexdigest()}.pickle"
    path = records.cache_folder() / name
    found = records.load(path, _CODE_FORMAT)
    if (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], CodeType)
            and isinstance(found[1], str)):
        return _conforms_from_code(*found)
    source, function = compiled_source(schema)
    code = _compiled(source)
    records.save(path, _CODE_FORMAT, (code, function))
    return _conforms_from_code(code, function)


_CODE_FORMAT = b"fleet-render compiled schema 2\n"


def compiled_source(schema: dict[str, Any]) -> tuple[str, str]:
    """The Python code fastjsonschema generates for the schema, and its function's name."""
    from fastjsonschema.draft04 import CodeGeneratorDraft04
    from fastjsonschema.draft07 import CodeGeneratorDraft07
    from fastjsonschema.ref_resolver import RefResolver

    class GoIntegers(CodeGeneratorDraft07):
        generate_type = CodeGeneratorDraft04.generate_type

    definition = _fast_dialect(as_draft_07(schema))
    # fastjsonschema fetches a $ref it has no handler for: one leaving the schema must fail instead
    refused = dict.fromkeys(("http", "https", "file", "ftp"), _refuse_remote)
    resolver = RefResolver.from_schema(definition, handlers=refused, store={})
    # detailed_exceptions=False: a third of the code, and the message is never shown
    generator = GoIntegers(definition, resolver=resolver, use_default=False, use_formats=False,
                           detailed_exceptions=False)
    return generator.global_state_code + "\n" + generator.func_code, resolver.get_scope_name()


def _compiled(source: str) -> CodeType:
    return compile(source, "<fleet-render schema>", "exec")


def _conforms_from_code(code: CodeType, name: str) -> Callable[[Any], bool]:
    # The yes/no check of the code compiled_source generated, compiled.
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # noqa: S102 - code generated from our own schema
    return _conforms_with(namespace[name])


def _conforms_with(validate: Callable[[Any], Any]) -> Callable[[Any], bool]:
    from fastjsonschema import JsonSchemaValueException

    def conforms(document: Any) -> bool:
        try:
            validate(document)
        except JsonSchemaValueException:
            return False
        return True

    return conforms


def _refuse_remote(uri: str) -> Any:
    raise ValueError(f"input schemas are self-contained; refusing to fetch {uri}")


# Keywords whose value maps names to schemas: their keys are names, never keywords.
_SCHEMA_MAPS = ("properties", "definitions", "patternProperties")


def _fast_dialect(node: Any) -> Any:
    if isinstance(node, list):
        return [_fast_dialect(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {
        key: {name: _fast_dialect(sub) for name, sub in value.items()}
        if key in _SCHEMA_MAPS and isinstance(value, dict) else _fast_dialect(value)
        for key, value in node.items()
    }
    if "const" in result:
        # fastjsonschema 2.22 cannot word a const without detailed exceptions (KeyError
        # 'definition_rule'); an enum of one value means the same in both libraries.
        result["enum"] = [result.pop("const")]
    return result


def write_shipped() -> list[str]:
    """Make ``render.schemacode`` anew from the schemas in ``render/schemas``; the
    modules' file names."""
    from pathlib import Path

    from render import validation

    folder = Path(__file__).resolve().parent / SHIPPED_PACKAGE.rsplit(".", 1)[1]
    written = []
    for stem in sorted(set(validation.INPUT_KINDS.values())):
        path = folder / f"{stem}.py"
        path.write_text(shipped_module_text(validation._bundled(stem)), encoding="utf-8")
        written.append(path.name)
    return written


if __name__ == "__main__":
    print("\n".join(write_shipped()))
