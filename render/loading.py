"""Reading the repo: YAML files into plain documents, and findings back to file:line:col.

Documents are parsed with PyYAML's C parser (ten times ruamel's speed at fleet
scale); positions are not kept on the hot path but recovered on demand by
re-composing the one file an error points into. Every file is read through
:mod:`render.confinement` and parsed by :mod:`render.strictyaml`.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from render import fastyaml
from render.confinement import MAX_FILE_BYTES, read_text, resolve, walk_input_folder
from render.errors import FieldPath, Finding, RenderError
from render.strictyaml import (
    BaseLoader,
    StrictLoader,
    check_bounds,
    load_all,
    needs_strict_path,
)

# the strict loader under its old name, for the fast path's differential test
_StrictLoader = StrictLoader


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
    fast = None if needs_strict_path(text) else fastyaml.load_documents(text)
    if fast is not None:
        return [
            Document(d, file, i) for i, d in enumerate(d for d in fast if d is not None)
        ]
    try:
        docs = load_all(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = (e.problem or str(e)).strip()
        finding = Finding(f"invalid YAML: {message}", file, stage="load")
        if mark is not None:
            finding = finding.at(mark.line + 1, mark.column + 1)
        raise RenderError([finding]) from e
    except (
        yaml.reader.ReaderError
    ) as e:  # a character YAML forbids: a position, no mark
        before = text[: e.position]
        line, column = before.count("\n") + 1, e.position - before.rfind("\n")
        finding = Finding(f"invalid YAML: {e.reason}", file, stage="load")
        raise RenderError([finding.at(line, column)]) from e
    return [
        Document(d, file, i) for i, d in enumerate(d for d in docs if d is not None)
    ]


def load_file(
    root: Path,
    rel: str,
    *,
    shown: str | None = None,
    root_name: str = "the repo",
    limit: int = MAX_FILE_BYTES,
) -> list[Document] | None:
    """The documents of one file that must stay inside ``root``; None when absent.

    Raises:
        RenderError: the file escapes ``root``, cannot be read, is over ``limit``
            bytes, or does not parse.
    """
    file = resolve(root, rel, shown=shown, root_name=root_name)
    if file is None:
        return None
    return parse_documents(read_text(file, limit), file.rel)


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


# characters to parse; below this a second process costs more than it saves (a repo of
# 50 files of 20 workloads each, 0.9 MB, parses in 0.2 s; the fork and the hand-back
# cost a few ms)
PARSE_SPLIT_MIN = 256 * 1024


# A check of each document that a render with a record keeps per file text and context
# (render.readcache.ReadRecord.object_findings): the context, which documents it
# applies to, and the check.
DocumentCheck = tuple[bytes, Callable[[Document], bool], Callable[[Document], list[Finding]]]


def read_folder(
    repo: Path, folder: str, *, recursive: bool = False, record: Any = None, jobs: int = 1,
    check: DocumentCheck | None = None,
) -> tuple[list[Document], list[Finding]]:
    """Every document of a folder, and every finding of its files (all files are read).

    ``record`` (a :class:`render.readcache.ReadRecord`) parses only changed files.
    With ``jobs`` > 1, a forked helper parses the second half of the files to parse
    while this process parses the first (an apps/ folder of 10,000 files takes
    seconds to parse), and runs ``check`` on their documents: the record keeps, for
    the documents the check finds nothing in, that it found nothing, while this
    process checks its own half (the record keeps that too), so the caller's own
    checks are answered from the record. The documents are the same.
    """
    documents: list[Document] = []
    files, findings = walk_input_folder(repo, folder, recursive=recursive)
    texts: list[tuple[Any, str | RenderError]] = []
    for file in files:
        try:
            texts.append((file, read_text(file)))
        except RenderError as e:
            texts.append((file, e))
    ahead = _Ahead.start(texts, record, jobs, check if record is not None else None)
    try:
        for file, text in texts:
            if isinstance(text, RenderError):
                findings.extend(text.findings)
                continue
            parse = ahead.parser(file.rel)
            try:
                if record is None:
                    documents.extend(parse(text, file.rel))
                    continue
                docs = record.documents(file.rel, text, parse)
                documents.extend(docs)
            except RenderError as e:
                findings.extend(e.findings)
                continue
            if check is not None and ahead.helping:
                context, applies, run = check
                for doc in docs:
                    if ahead.clean(doc):
                        record.object_findings(doc, context, tuple)
                    elif applies(doc):  # this process's half: checked now, while the helper works
                        record.object_findings(doc, context, partial(run, doc))
    finally:
        ahead.stop()
    return documents, findings


def second_half(todo: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The files a helper parses: those after the middle of the text, however the files
    weigh; none when there is too little text to pay for a helper."""
    sizes = list(itertools.accumulate(len(text) for _, text in todo))
    if not sizes or sizes[-1] < PARSE_SPLIT_MIN:
        return []
    return todo[bisect.bisect_left(sizes, sizes[-1] / 2) + 1:]


class _Ahead:
    """The documents of a share of a folder's files, parsed by a forked helper."""

    def __init__(self, share: frozenset[str], helper: tuple[int, int] | None) -> None:
        self._share, self._helper = share, helper
        self._parsed: dict[str, list[tuple[Any, int, bool]] | None] | None = None

    @classmethod
    def start(cls, texts: list[tuple[Any, str | RenderError]], record: Any, jobs: int,
              check: DocumentCheck | None) -> _Ahead:
        from render import forking  # a render with workers only

        todo = [(file.rel, text) for file, text in texts
                if isinstance(text, str) and (record is None or not record.holds(file.rel, text))]
        share = second_half(todo)
        if jobs < 2 or not share or not forking.available():
            return cls(frozenset(), None)
        helper = forking.start(lambda: {rel: _plain(text, rel, check) for rel, text in share})
        return cls(frozenset(rel for rel, _ in share) if helper is not None else frozenset(), helper)

    @property
    def helping(self) -> bool:
        """Whether a helper took a share."""
        return bool(self._share)

    def clean(self, doc: Document) -> bool:
        """Whether the helper's check of the document found nothing."""
        if doc.file not in self._share or not self._parsed:
            return False
        found = self._parsed.get(doc.file)
        return found is not None and any(index == doc.index and clean for _, index, clean in found)

    def parser(self, rel: str) -> Callable[[str, str], list[Document]]:
        """How this process gets a file's documents: parsed here, or the helper's."""
        if rel not in self._share:
            return parse_documents
        if self._parsed is None:
            from render import forking

            helper, self._helper = self._helper, None
            try:
                self._parsed = forking.join(*helper, wait=False)  # type: ignore[misc, assignment]
            except OSError:  # the helper died: every file is parsed here
                self._parsed = {}
        found = self._parsed.get(rel)  # type: ignore[union-attr]
        if found is None:  # the helper found a problem: parsed here to report it
            return parse_documents
        return lambda text, file: [Document(data, file, index) for data, index, _ in found]

    def stop(self) -> None:
        """The helper is not waited for (this read failed half way)."""
        if self._helper is not None:
            from render import forking

            forking.stop(self._helper[0])
            self._helper = None


def _plain(text: str, rel: str, check: DocumentCheck | None) -> list[tuple[Any, int, bool]] | None:
    # A file's documents as plain data for the pipe, each with whether the check found
    # nothing in it; None where parsing it fails.
    try:
        docs = parse_documents(text, rel)
    except RenderError:
        return None
    return [(doc.data, doc.index, check is not None and check[1](doc) and not check[2](doc)) for doc in docs]


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
            n for n in yaml.compose_all(text, Loader=BaseLoader) if not _is_null(n)
        ]
    except (RenderError, yaml.YAMLError):
        return finding
    if not 0 <= finding.document < len(nodes):
        return finding
    line, column = _node_position(nodes[finding.document], finding.field_path)
    return replace(finding, line=line, column=column)
