"""Round-trip YAML editing that keeps every unedited byte: ruamel.yaml plus a line splice.

ruamel's round trip keeps comments, key order, quoting and flow style, but still
normalises a few things (``~``, ``...``, odd indents). So the edited documents are
not written as ruamel dumps them: the lines ruamel's own dump changes between the
unedited and the edited documents are spliced into the original text, and the
result is checked to load back to the edited data.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from render.errors import Finding, RenderError

Indent = tuple[int, int, int]  # ruamel's (mapping, sequence, offset)
_BLOCK_KEY = re.compile(r"^( *)((?:- +)*)([^\s#].*?):\s*(#.*)?$")
_DASH = re.compile(r"^( *)(-\s+)\S")


def _yaml(indent: Indent, explicit_start: bool = False) -> YAML:
    yaml = YAML()  # a fresh instance per use: no global state
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    yaml.explicit_start = explicit_start or None
    return yaml


def detect_indent(text: str) -> Indent:
    """Guess a file's ruamel indent settings from its block mappings and sequences.

    Returns:
        ``(mapping, sequence, offset)``: ``(2, 2, 0)`` when ``- `` sits at the parent
        key's column, ``(2, 4, 2)`` when items are indented by two.
    """
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    mappings, offsets, dashes = Counter[int](), Counter[int](), Counter[int]()
    for line, following in zip(lines, lines[1:]):
        if dash := _DASH.match(line):
            dashes[len(dash.group(2))] += 1
        key = _BLOCK_KEY.match(line)
        if not key or "{" in key.group(3) or "[" in key.group(3):
            continue
        column = len(key.group(1)) + len(key.group(2))
        depth = len(following) - len(following.lstrip(" "))
        if following.lstrip().startswith("-") and depth >= column:
            offsets[depth - column] += 1
        elif depth > column:
            mappings[depth - column] += 1
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    offset = offsets.most_common(1)[0][0] if offsets else 0
    dash = dashes.most_common(1)[0][0] if dashes else 2
    return mapping, offset + dash, offset


def _is_filler(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_map(before: list[str], original: list[str]) -> dict[int, int]:
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, _ in SequenceMatcher(None, before, original, autojunk=False).get_opcodes():
        if tag == "equal":
            mapping.update((i1 + k, j1 + k) for k in range(i2 - i1))
    return mapping


def _splice(original: list[str], before: list[str], after: list[str]) -> list[str] | None:
    """Apply ruamel's own edit (``before`` -> ``after``) to the original lines, or None if it does not fit."""
    to_original = _line_map(before, original)
    out: list[str] = []
    pos = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        new = after[j1:j2]
        if i1 == i2:
            start = to_original[i1 - 1] + 1 if i1 - 1 in to_original else to_original.get(i1)
            if start is None:
                return None
            # Comments and blank lines that trail a block belong to what follows it, so
            # content appended to the block goes above them (ruamel puts it below).
            while start > pos and (not original[start - 1].strip() or (
                    _is_filler(original[start - 1]) and _depth(original[start - 1]) <= _depth(new[0]))):
                start -= 1
            end = start
        else:
            mapped = [to_original.get(i) for i in range(i1, i2)]
            if None in mapped or mapped[-1] - mapped[0] != i2 - i1 - 1:  # type: ignore[operator]
                return None
            start, end = mapped[0], mapped[-1] + 1  # type: ignore[assignment,operator]
            new = new + _trailing_fillers(original[start:end], new)
        if start < pos:
            return None
        out += original[pos:start] + new
        pos = end
    return out + original[pos:]


def _trailing_fillers(removed: list[str], new: list[str]) -> list[str]:
    # ruamel drops the comments that follow a deleted node; they describe what comes next.
    count = 0
    while count < len(removed) and _is_filler(removed[-1 - count]):
        count += 1
    kept = removed[len(removed) - count:]
    return [] if not kept or new[len(new) - len(kept):] == kept else kept


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if node is None or isinstance(node, str | int | float):
        return node
    return (type(node).__name__, str(getattr(node, "value", node)))


@dataclass
class YamlFile:
    """One file loaded for editing: its text (``\\n`` line ends) and ruamel documents."""

    path: Path
    rel: str
    text: str
    docs: list[Any]
    crlf: bool
    bare_end: bool

    @classmethod
    def read(cls, repo: Path, path: Path) -> YamlFile:
        rel = path.relative_to(repo).as_posix()
        try:
            raw = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise RenderError.single(f"cannot read file: {e.__class__.__name__}", file=rel, stage="load") from e
        text = raw.replace("\r\n", "\n")
        bare_end = bool(text) and not text.endswith("\n")
        text += "\n" if bare_end else ""
        return cls(path, rel, text, _load(text, rel), "\r\n" in raw, bare_end)

    def objects(self) -> Iterator[tuple[int, CommentedMap]]:
        """``(document index as render.loading counts it, mapping)`` for each mapping document."""
        docs = [d for d in self.docs if d is not None]
        yield from ((i, d) for i, d in enumerate(docs) if isinstance(d, CommentedMap))

    def edited_text(self) -> tuple[str, bool]:
        """The new text and whether the original formatting was kept outside the edits."""
        explicit = next((ln.startswith("---") for ln in self.text.splitlines() if not _is_filler(ln)), False)
        original = self.text.splitlines(keepends=True)
        detected = detect_indent(self.text)
        for indent in dict.fromkeys([detected, (2, 2, 0), (2, 4, 2)]):
            yaml = _yaml(indent, explicit)
            before = _dump(yaml, _load(self.text, self.rel)).splitlines(keepends=True)
            after = _dump(yaml, self.docs).splitlines(keepends=True)
            spliced = _splice(original, before, after)
            if spliced is not None and self._loads_as_edited("".join(spliced)):
                return self._encode("".join(spliced)), True
        return self._encode(_dump(_yaml(detected, explicit), self.docs)), False

    def _loads_as_edited(self, text: str) -> bool:
        try:
            return _plain(_load(text, self.rel)) == _plain(self.docs)
        except RenderError:
            return False

    def _encode(self, text: str) -> str:
        text = text[:-1] if self.bare_end and text.endswith("\n") else text
        return text.replace("\n", "\r\n") if self.crlf else text


def _load(text: str, rel: str) -> list[Any]:
    try:
        return list(_yaml((2, 2, 0)).load_all(text))
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        finding = Finding(f"invalid YAML: {(e.problem or str(e)).strip()}", rel, stage="load")
        raise RenderError([finding.at(mark.line + 1, mark.column + 1) if mark else finding]) from e
    except YAMLError as e:
        raise RenderError.single(f"invalid YAML: {e}", file=rel, stage="load") from e


def _dump(yaml: YAML, docs: list[Any]) -> str:
    stream = io.StringIO()
    yaml.dump_all(docs, stream)
    return stream.getvalue()


def write_files(files: Sequence[YamlFile]) -> list[str]:
    """Write every edited file, each atomically; all texts are built before the first write.

    Returns:
        A warning for each file whose formatting could not be kept outside the edits.
    """
    rendered = [(f, *f.edited_text()) for f in files]
    for file, text, _ in rendered:
        fd, tmp = tempfile.mkstemp(dir=file.path.parent, prefix=f".{file.path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, file.path.stat().st_mode & 0o7777)
        os.replace(tmp, file.path)
    return [f"{f.rel}: could not keep the file's exact formatting; re-emitted by ruamel.yaml"
            for f, _, kept in rendered if not kept]
