"""Reading the repo: YAML files into plain documents, and findings back to file:line:col.

Documents are parsed with PyYAML's C parser (ten times ruamel's speed at fleet
scale); positions are not kept on the hot path but recovered on demand by
re-composing the one file an error points into. Every file is read through
:mod:`render.confinement` and bounded before it is composed (see :func:`check_bounds`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    NodeEvent,
)

from render import fastyaml
from render.confinement import read_text, resolve, walk_input_folder
from render.errors import FieldPath, Finding, RenderError

try:  # the C parser; the pure one gives the same documents, only slower
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

INPUT_FOLDERS = ("fleets", "policies", "apps")
# Kubernetes objects are JSON: nothing sane nests this deep, and libyaml's composer
# recurses in C (a 100,000-deep document crashes the interpreter), so depth is
# checked on the event stream before anything is composed.
MAX_DEPTH = 100
# Aliases are built by reference, but every later copy or dump expands them: a
# "billion laughs" file is refused when its aliases would add more than this many nodes.
MAX_ALIAS_NODES = 100_000
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4000}")
# YAML forbids control characters (yaml-rs reads a NUL as null; PyYAML and Go refuse).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def check_bounds(text: str) -> list[bool]:
    """Refuse excessive nesting, recursive aliases and alias bombs, before composing.

    Returns:
        Per document of the stream, whether it uses an alias (its objects may be shared).

    Raises:
        yaml.MarkedYAMLError: a syntax error, or a bound exceeded, with its position.
    """
    uses_alias: list[bool] = []
    depth = added = count = 0
    sizes: dict[Any, int] = {}
    open_: list[tuple[Any, int]] = []  # (anchor, node count at its start)
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, DocumentStartEvent):
            sizes.clear()
            uses_alias.append(False)
        elif isinstance(event, AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_):
                raise _bound(
                    f"alias *{event.anchor} is recursive (inside its own anchor)", event
                )
            size = sizes.get(event.anchor, 0)
            count, added = count + size, added + size
            uses_alias[-1] = True
            if added > MAX_ALIAS_NODES:
                raise _bound(
                    f"aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb)",
                    event,
                )
        elif isinstance(event, CollectionStartEvent):
            count, depth = count + 1, depth + 1
            if depth > MAX_DEPTH:
                raise _bound(f"nesting deeper than {MAX_DEPTH} levels", event)
            open_.append((event.anchor, count))
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
            anchor, start = open_.pop()
            if anchor is not None:
                sizes[anchor] = count - start + 1
        elif isinstance(event, NodeEvent):  # a scalar
            count += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
    return uses_alias


def _bound(message: str, event: NodeEvent) -> yaml.MarkedYAMLError:
    return yaml.composer.ComposerError(None, None, message, event.start_mark)


def _guarded(construct: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    # PyYAML lets explicit tags through to int()/float()/dict lookups: "!!int abc" or a
    # 5,000-digit integer would escape as a bare ValueError with no position.
    def guarded(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise ConstructorError(
                None, None, f"not a valid {tag} value", node.start_mark
            ) from None

    return guarded


def _refuse(loader: Any, node: yaml.Node) -> Any:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    message = (
        f"YAML tag {tag} is not supported (Kubernetes objects hold only JSON types)"
    )
    raise ConstructorError(None, None, message, node.start_mark)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate and non-scalar keys (PyYAML keeps the last)."""

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"mapping key {key!r} is not a string",
                    key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = self.construct_object(value_node, deep=deep)
        return seen


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping
)
for _tag in ("int", "float", "bool"):
    _name = f"tag:yaml.org,2002:{_tag}"
    _StrictLoader.add_constructor(
        _name, _guarded(_StrictLoader.yaml_constructors[_name])
    )
for _tag in ("binary", "omap", "pairs", "set"):
    _StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse)
# Go's YAML (sigs.k8s.io/yaml) keeps an unquoted date as the string it is.
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _StrictLoader.construct_scalar
)


def _unshared(value: Any) -> Any:
    # Aliased nodes are built once and shared: a copy per use keeps an override of one
    # place (or one cluster's copy) from reaching another. Depth is bounded above.
    if isinstance(value, dict):
        return {k: _unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshared(v) for v in value]
    return value


@dataclass(frozen=True)
class Document:
    """One YAML document of an input file; ``index`` counts documents in the file."""

    data: Any
    file: str
    index: int = 0


def parse_documents(text: str, file: str) -> list[Document]:
    """Parse a multi-document YAML text; empty documents are skipped.

    Raises:
        RenderError: a syntax error, duplicate or non-string key, unsupported tag,
            bad scalar, or a bound exceeded (nesting, aliases), with its position.
    """
    # yaml-rs builds integers of any length (Python refuses to print one of over 4,300
    # digits) and reads control characters: such texts take PyYAML's path, which
    # refuses them with their position.
    slow = _LONG_NUMBER.search(text) or _NOT_PRINTABLE.search(text)
    fast = None if slow else fastyaml.load_documents(text)
    if fast is not None:
        return [
            Document(d, file, i) for i, d in enumerate(d for d in fast if d is not None)
        ]
    try:
        shared = check_bounds(text)
        docs = list(yaml.load_all(text, Loader=_StrictLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = (e.problem or str(e)).strip()
        finding = Finding(f"invalid YAML: {message}", file, stage="load")
        if mark is not None:
            finding = finding.at(mark.line + 1, mark.column + 1)
        raise RenderError([finding]) from e
    except (
        yaml.reader.ReaderError
    ) as e:  # a character YAML forbids: no mark, a position
        before = text[: e.position]
        line, column = before.count("\n") + 1, e.position - before.rfind("\n")
        finding = Finding(f"invalid YAML: {e.reason}", file, stage="load")
        raise RenderError([finding.at(line, column)]) from e
    docs = [
        _unshared(d) if i < len(shared) and shared[i] else d for i, d in enumerate(docs)
    ]
    return [
        Document(d, file, i) for i, d in enumerate(d for d in docs if d is not None)
    ]


def load_file(
    root: Path, rel: str, *, shown: str | None = None
) -> list[Document] | None:
    """The documents of one file that must stay inside ``root``; None when absent.

    Raises:
        RenderError: the file escapes ``root``, cannot be read, or does not parse.
    """
    file = resolve(root, rel, shown=shown)
    if file is None:
        return None
    return parse_documents(read_text(file), file.rel)


def iter_input_files(
    repo: Path, folder: str, *, recursive: bool = False
) -> Iterator[Path]:
    """The YAML files of one input folder, in a stable (sorted) order.

    Raises:
        RenderError: a symlink leaves the repo, loops or dangles (before any file).
    """
    files, findings = walk_input_folder(repo, folder, recursive=recursive)
    if findings:
        raise RenderError(findings)
    for file in files:
        yield repo / file.rel


def read_folder(
    repo: Path, folder: str, *, recursive: bool = False
) -> tuple[list[Document], list[Finding]]:
    """Every document of a folder, and every finding of its files (all files are read)."""
    documents: list[Document] = []
    files, findings = walk_input_folder(repo, folder, recursive=recursive)
    for file in files:
        try:
            documents.extend(parse_documents(read_text(file), file.rel))
        except RenderError as e:
            findings.extend(e.findings)
    return documents, findings


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or (
        isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")
    )


def _node_position(node: yaml.Node, path: FieldPath) -> tuple[int, int]:
    position = (node.start_mark.line + 1, node.start_mark.column + 1)
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    position = (
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                    child = value_node
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
            position = (child.start_mark.line + 1, child.start_mark.column + 1)
        if child is None:
            break
        node = child
    return position


def locate(repo: Path, finding: Finding) -> Finding:
    """Fill in line and column from the field path (nearest existing ancestor)."""
    if finding.line is not None or not finding.file:
        return finding
    try:
        file = resolve(repo, finding.file)
        text = read_text(file) if file is not None else ""
        check_bounds(text)  # never compose what the C composer cannot survive
        nodes = [
            n for n in yaml.compose_all(text, Loader=_BaseLoader) if not _is_null(n)
        ]
    except (RenderError, yaml.YAMLError):
        return finding
    if not 0 <= finding.document < len(nodes):
        return finding
    line, column = _node_position(nodes[finding.document], finding.field_path)
    return replace(finding, line=line, column=column)
