"""Reading unchanged input files for free: their documents and schema findings, by content.

Parsing and schema-checking every input file is most of what is left of a render
that changes little (see :mod:`render.reuse`). This record holds, per input file
(its path and a hash of its text), the parsed documents and each document's schema
findings; a file whose text is unchanged is neither parsed nor checked again. Like
the reuse record it is a pickle kept in the user's cache folder, never in the repo,
and a missing or damaged record only means reading everything.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from render import records
from render.errors import Finding
from render.loading import Document

_FORMAT = b"fleet-render inputs 3"
FileKey = tuple[str, bytes]  # path in the repo, hash of its text


def _hash(text: str) -> bytes:
    return hashlib.blake2b(
        text.encode("utf-8", "surrogatepass"), digest_size=20
    ).digest()


@functools.lru_cache(maxsize=8)
def _context_digest(context: bytes) -> bytes:
    # one context (the replica fields) for every document of a read: hashed once
    return hashlib.blake2b(context, digest_size=12).digest()


@dataclass
class _Entry:
    documents: list[Document]
    # per document index its schema findings; per ("object", index, context) its
    # object checks' findings (see ReadRecord.object_findings)
    schema: dict[Any, tuple[Finding, ...]] = field(default_factory=dict)


# An entry's schema findings as recorded: the documents checked, and the findings
# (objects, pickled) of those that had any.
Checked = tuple[list[Any], bytes | None]


def _checked(schema: dict[Any, tuple[Finding, ...]]) -> Checked:
    found = {i: f for i, f in schema.items() if f}
    return list(schema), pickle.dumps(found, protocol=5) if found else None


def _findings(checked: Checked) -> dict[Any, tuple[Finding, ...]]:
    indices, found = checked
    return {i: () for i in indices} | (pickle.loads(found) if found is not None else {})


@dataclass
class ReadRecord:
    """One repo's parsed input files, as the last read left them, and as this one does."""

    path: Path
    source: str
    old: dict[FileKey, _Entry] = field(default_factory=dict)
    new: dict[FileKey, _Entry] = field(default_factory=dict)
    _by_document: dict[tuple[str, int], _Entry] = field(default_factory=dict)
    _texts: dict[str, bytes] = field(default_factory=dict)  # path -> hash of the text read

    def text_hash(self, rel: str) -> bytes | None:
        """A hash of the text this read found in ``rel`` (None: not read through here).

        The file's documents are a function of it and of fleet-render's source.
        """
        return self._texts.get(rel)

    @classmethod
    def for_repo(cls, repo: Path, source: str) -> ReadRecord:
        """The record of ``repo`` for fleet-render's source ``source`` (empty if none fits)."""
        record = cls(records.record_path(repo, "inputs"), source)
        content = records.load(record.path, _FORMAT)
        if isinstance(content, tuple) and len(content) == 2 and content[0] == source:
            with contextlib.suppress(TypeError, ValueError, pickle.UnpicklingError, EOFError):
                record.old = {(rel, digest): _Entry([Document(*d) for d in documents], _findings(schema))
                              for rel, digest, documents, schema in content[1]}
        return record

    def holds(self, rel: str, text: str) -> bool:
        """Whether the last read parsed this very text of ``rel`` (it is not parsed again)."""
        return (rel, _hash(text)) in self.old

    def documents(
        self, rel: str, text: str, parse: Callable[[str, str], list[Document]]
    ) -> list[Document]:
        """The file's documents: from the record when its text is unchanged, else parsed."""
        key = (rel, _hash(text))
        self._texts[rel] = key[1]
        entry = self.old.get(key)
        if entry is None:
            entry = _Entry(parse(text, rel))
        self.new[key] = entry
        for doc in entry.documents:
            self._by_document[(doc.file, doc.index)] = entry
        return entry.documents

    def remember(self, rel: str, text: str, documents: list[Document]) -> None:
        """Record a file this render wrote, as the next read will parse it (its
        earlier texts are forgotten)."""
        self.new = {key: entry for key, entry in self.new.items() if key[0] != rel}
        self.new[(rel, _hash(text))] = _Entry(documents)

    def schema_findings(
        self, doc: Document, check: Callable[[], Iterable[Finding]]
    ) -> list[Finding]:
        """A document's schema findings, checked once per text of its file."""
        return self._kept(doc, doc.index, check)

    def object_findings(
        self, doc: Document, context: bytes, check: Callable[[], Iterable[Finding]]
    ) -> list[Finding]:
        """A document's object checks (names, replica fields), once per text of its
        file and ``context`` (what else the checks read)."""
        key = ("object", doc.index, _context_digest(context))
        return self._kept(doc, key, check)

    def _kept(self, doc: Document, key: Any, check: Callable[[], Iterable[Finding]]) -> list[Finding]:
        entry = self._by_document.get((doc.file, doc.index))
        if entry is None:
            return list(check())
        found = entry.schema.get(key)
        if found is None:
            found = entry.schema[key] = tuple(check())
        return list(found)

    def save(self) -> None:
        """Keep this read's files (best effort), unless nothing changed."""
        if self.new.keys() == self.old.keys() and all(
            self.new[k].schema.keys() == self.old[k].schema.keys() for k in self.new
        ):
            return
        # Plain values (marshal writes them several times faster than pickle); the
        # rare schema findings, objects, ride along pickled.
        files = [
            (rel, digest, [(d.data, d.file, d.index) for d in entry.documents], _checked(entry.schema))
            for (rel, digest), entry in self.new.items()
        ]
        records.save(self.path, _FORMAT, (self.source, files))
