"""Reading the repo: YAML files into plain documents, and findings back to file:line:col.

Documents are parsed with PyYAML's C parser (ten times ruamel's speed at fleet
scale); positions are not kept on the hot path but recovered on demand by
re-composing the one file an error points into.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from render.errors import FieldPath, Finding, RenderError

try:  # the C parser; the pure one gives the same documents, only slower
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

INPUT_FOLDERS = ("fleets", "policies", "apps")
YAML_SUFFIXES = (".yaml", ".yml")


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate and non-scalar keys (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None, None, f"mapping key {key!r} is not a string", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = self.construct_object(value_node, deep=deep)
        return seen


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping)


@dataclass(frozen=True)
class Document:
    """One YAML document of an input file; ``index`` counts documents in the file."""

    data: Any
    file: str
    index: int = 0


def parse_documents(text: str, file: str) -> list[Document]:
    """Parse a multi-document YAML text; empty documents are skipped.

    Raises:
        RenderError: a syntax error, duplicate key or non-string key, with its position.
    """
    try:
        docs = list(yaml.load_all(text, Loader=_StrictLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = (e.problem or str(e)).strip()
        finding = Finding(f"invalid YAML: {message}", file, stage="load")
        if mark is not None:
            finding = finding.at(mark.line + 1, mark.column + 1)
        raise RenderError([finding]) from e
    return [Document(d, file, i) for i, d in enumerate(d for d in docs if d is not None)]


def iter_input_files(repo: Path, folder: str, *, recursive: bool = False) -> Iterator[Path]:
    """The YAML files of one input folder, in a stable (sorted) order."""
    base = repo / folder
    if not base.is_dir():
        return
    pattern = "**/*" if recursive else "*"
    for path in sorted(base.glob(pattern)):
        if path.suffix in YAML_SUFFIXES and path.is_file():
            yield path


def read_folder(repo: Path, folder: str, *, recursive: bool = False) -> tuple[list[Document], list[Finding]]:
    """Every document of a folder, and every finding of its files (all files are read)."""
    documents: list[Document] = []
    findings: list[Finding] = []
    for path in iter_input_files(repo, folder, recursive=recursive):
        rel = path.relative_to(repo).as_posix()
        try:
            documents.extend(parse_documents(path.read_text(encoding="utf-8"), rel))
        except RenderError as e:
            findings.extend(e.findings)
        except (OSError, UnicodeDecodeError) as e:
            findings.append(Finding(f"cannot read file: {e.__class__.__name__}", rel, stage="load"))
    return documents, findings


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"))


def _node_position(node: yaml.Node, path: FieldPath) -> tuple[int, int]:
    position = (node.start_mark.line + 1, node.start_mark.column + 1)
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    child = value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
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
        text = (repo / finding.file).read_text(encoding="utf-8")
        nodes = [n for n in yaml.compose_all(text, Loader=_BaseLoader) if not _is_null(n)]
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return finding
    if not 0 <= finding.document < len(nodes):
        return finding
    line, column = _node_position(nodes[finding.document], finding.field_path)
    return replace(finding, line=line, column=column)
