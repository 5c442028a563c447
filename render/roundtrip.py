"""YAML edits that keep every unedited byte: ruamel.yaml's round trip plus a splice.

ruamel's round trip keeps comments, key order, quoting and flow style, yet still
normalises a few spellings (``~``, ``...``, odd indents). So an edited file is not
written as ruamel dumps it: only the lines that ruamel's own dump changes between
the unedited and the edited documents are spliced into the original text, and the
result must load back to the edited data.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from render.errors import Finding, RenderError
from render.loading import locate

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

Indent = tuple[int, int, int]  # ruamel's (mapping, sequence, offset)
_BLOCK_KEY = re.compile(r"^( *)((?:- +)*)([^\s#].*?):\s*(#.*)?$")
_DASH = re.compile(r"^ *(-\s+)\S")
# After the detected indent, the two usual styles: "- " at the key's column, or by 2.
_FALLBACK_INDENTS = ((2, 2, 0), (2, 4, 2))


@dataclass(frozen=True)
class EditResult:
    """What an editing command did: a summary, the files rewritten, the changes."""

    message: str
    files: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def _yaml(indent: Indent, explicit_start: bool = False) -> YAML:
    yaml = YAML()  # a fresh instance each time: no global state
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    yaml.explicit_start = explicit_start or None
    return yaml


def _is_filler(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _most_common(counts: Counter[int], default: int) -> int:
    return counts.most_common(1)[0][0] if counts else default


def detect_indent(text: str) -> Indent:
    """Guess a file's ruamel indent settings from its block mappings and sequences.

    Returns:
        ``(mapping, sequence, offset)``: ``(2, 2, 0)`` when ``- `` sits at the
        parent key's column, ``(2, 4, 2)`` when items are indented by two.
    """
    lines = [ln for ln in text.splitlines() if not _is_filler(ln)]
    mappings, offsets, dashes = Counter[int](), Counter[int](), Counter[int]()
    for line, following in pairwise(lines):
        if dash := _DASH.match(line):
            dashes[len(dash.group(1))] += 1
        key = _BLOCK_KEY.match(line)
        if not key or "{" in key.group(3) or "[" in key.group(3):
            continue
        column = len(key.group(1)) + len(key.group(2))
        depth = _depth(following)
        if following.lstrip().startswith("-") and depth >= column:
            offsets[depth - column] += 1
        elif depth > column:
            mappings[depth - column] += 1
    offset = _most_common(offsets, 0)
    return _most_common(mappings, 2), offset + _most_common(dashes, 2), offset


def _line_map(before: list[str], original: list[str]) -> dict[int, int]:
    matcher = SequenceMatcher(None, before, original, autojunk=False)
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            mapping.update((i1 + k, j1 + k) for k in range(i2 - i1))
    return mapping


def _insertion_point(original: list[str], start: int, floor: int, new: str) -> int:
    # Comments and blank lines that trail a block belong to what follows it, so
    # lines appended to the block go above them (ruamel puts them below).
    while start > floor:
        line = original[start - 1]
        if line.strip() and not (_is_filler(line) and _depth(line) <= _depth(new)):
            break
        start -= 1
    return start


def _trailing_fillers(removed: list[str], new: list[str]) -> list[str]:
    # ruamel drops the comments after a deleted node; they describe what comes next.
    count = 0
    while count < len(removed) and _is_filler(removed[-1 - count]):
        count += 1
    kept = removed[len(removed) - count :]
    return [] if not kept or new[len(new) - len(kept) :] == kept else kept


def _hunks(
    before: list[str], after: list[str], to_original: dict[int, int]
) -> list[list[int]]:
    # ruamel's changes as [i1, i2, j1, j2], widened over the neighbouring lines it
    # spells differently from the original (``taints: ~`` dumps as ``taints:``):
    # an edit next to such a line must rewrite it too.
    hunks: list[list[int]] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        while i1 > 0 and j1 > 0 and i1 - 1 not in to_original:
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(before) and j2 < len(after) and i2 not in to_original:
            i2, j2 = i2 + 1, j2 + 1
        if hunks and i1 <= hunks[-1][1]:
            hunks[-1][1:4:2] = [i2, j2]  # the lines between are unchanged: merge
        else:
            hunks.append([i1, i2, j1, j2])
    return hunks


def _region(
    hunk: list[int], to_original: dict[int, int], sizes: tuple[int, int]
) -> tuple[int, int] | None:
    # The original lines that ruamel's lines before[i1:i2] stand for: the same
    # lines, or for a widened hunk, all the lines between its mapped neighbours.
    i1, i2 = hunk[0], hunk[1]
    mapped = [to_original.get(i) for i in range(i1, i2)]
    first = mapped[0]
    if first is not None and mapped == list(range(first, first + i2 - i1)):
        return first, first + i2 - i1
    if (i1 and i1 - 1 not in to_original) or (i2 < sizes[0] and i2 not in to_original):
        return None
    start = to_original[i1 - 1] + 1 if i1 else 0
    end = to_original[i2] if i2 < sizes[0] else sizes[1]
    return (start, end) if start <= end else None


def _splice(
    original: list[str], before: list[str], after: list[str]
) -> list[str] | None:
    """Apply ruamel's edit (``before`` -> ``after``) to the original lines, or None."""
    to_original = _line_map(before, original)
    out: list[str] = []
    pos = 0
    for hunk in _hunks(before, after, to_original):
        i1, i2, j1, j2 = hunk
        new = after[j1:j2]
        if i1 == i2:
            anchor = to_original.get(i1 - 1)
            start = anchor + 1 if anchor is not None else to_original.get(i1)
            if start is None:
                return None
            start = end = _insertion_point(original, start, pos, new[0])
        else:
            region = _region(hunk, to_original, (len(before), len(original)))
            if region is None:
                return None
            start, end = region
            new = new + _trailing_fillers(original[start:end], new)
        if start < pos:
            return None
        out += original[pos:start] + new
        pos = end
    return out + original[pos:]


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if node is None or isinstance(node, str | int | float):
        return node
    return (type(node).__name__, str(getattr(node, "value", node)))


def _load(text: str, rel: str) -> list[Any]:
    try:
        return list(_yaml(_FALLBACK_INDENTS[0]).load_all(text))
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = f"invalid YAML: {(e.problem or str(e)).strip()}"
        finding = Finding(message, rel, stage="load")
        if mark is not None:
            finding = finding.at(mark.line + 1, mark.column + 1)
        raise RenderError([finding]) from e
    except YAMLError as e:
        raise RenderError.single(f"invalid YAML: {e}", file=rel, stage="load") from e


def _dump(yaml: YAML, docs: list[Any]) -> list[str]:
    stream = io.StringIO()
    yaml.dump_all(docs, stream)
    return stream.getvalue().splitlines(keepends=True)


@dataclass
class YamlFile:
    """A file loaded for editing: its text (LF line ends) and its ruamel documents."""

    path: Path
    rel: str
    text: str
    docs: list[Any]
    crlf: bool
    bare_end: bool

    @classmethod
    def read(cls, repo: Path, path: Path) -> YamlFile:
        """Load ``path``; CRLF and a missing final newline are restored on writing."""
        rel = path.relative_to(repo).as_posix()
        try:
            raw = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            message = f"cannot read file: {e.__class__.__name__}"
            raise RenderError.single(message, file=rel, stage="load") from e
        text = raw.replace("\r\n", "\n")
        bare_end = bool(text) and not text.endswith("\n")
        text += "\n" if bare_end else ""
        return cls(path, rel, text, _load(text, rel), "\r\n" in raw, bare_end)

    def objects(self) -> Iterator[tuple[int, CommentedMap]]:
        """``(index, mapping)`` per mapping document, indexed as render.loading does."""
        docs = [d for d in self.docs if d is not None]
        yield from ((i, d) for i, d in enumerate(docs) if isinstance(d, CommentedMap))

    def edited_text(self) -> tuple[str, bool]:
        """The new text, and whether the formatting outside the edits was kept."""
        lines = self.text.splitlines(keepends=True)
        starts = [ln.startswith("---") for ln in lines if not _is_filler(ln)]
        explicit = bool(starts) and starts[0]
        detected = detect_indent(self.text)
        for indent in dict.fromkeys([detected, *_FALLBACK_INDENTS]):
            yaml = _yaml(indent, explicit)
            before = _dump(yaml, _load(self.text, self.rel))
            spliced = _splice(lines, before, _dump(yaml, self.docs))
            if spliced is not None and self._loads_as_edited("".join(spliced)):
                return self._encode("".join(spliced)), True
        return self._encode("".join(_dump(_yaml(detected, explicit), self.docs))), False

    def _loads_as_edited(self, text: str) -> bool:
        try:
            return bool(_plain(_load(text, self.rel)) == _plain(self.docs))
        except RenderError:
            return False

    def _encode(self, text: str) -> str:
        text = text[:-1] if self.bare_end and text.endswith("\n") else text
        return text.replace("\n", "\r\n") if self.crlf else text


def save_edits(
    files: Sequence[YamlFile], message: str, changes: list[str]
) -> EditResult:
    """Write every edited file, each atomically, once all the new texts are built.

    Returns:
        The edit, with a warning for each file whose formatting could not be kept.
    """
    rendered = [(f, *f.edited_text()) for f in files]
    for file, text, _ in rendered:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=file.path.parent, delete=False
        ) as handle:
            handle.write(text)
        temporary = Path(handle.name)
        temporary.chmod(file.path.stat().st_mode & 0o7777)
        temporary.replace(file.path)
    warnings = tuple(
        f"{f.rel}: could not keep the exact formatting; re-emitted by ruamel.yaml"
        for f, _, kept in rendered
        if not kept
    )
    return EditResult(message, tuple(f.rel for f in files), tuple(changes), warnings)


def located(repo: Path, error: RenderError) -> RenderError:
    """The same error, with line and column filled in from each field path."""
    return RenderError([locate(repo, f) for f in error.findings])
