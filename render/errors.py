"""The one error type of the renderer, and where in which file it points."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Stage = Literal[
    "load", "validate", "select", "schedule", "override", "template", "write", "git"
]
FieldPath = tuple[str | int, ...]


def json_path(path: FieldPath) -> str:
    """Render a field path the way jsonschema does: ``$.spec.clusters[1].name``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def json_pointer(path: FieldPath) -> str:
    """Render a field path as an RFC 6901 pointer: ``/spec/clusters/1/name``."""
    return "".join(
        "/" + str(p).replace("~", "~0").replace("/", "~1") for p in path
    )


@dataclass(frozen=True)
class Finding:
    """One problem found in the inputs: an error, or a warning that --strict promotes.

    ``file`` is relative to the repo root; ``line`` and ``column`` are 1-based and
    filled in from ``field_path`` by :func:`render.loading.locate` when left empty.
    """

    message: str
    file: str | None = None
    field_path: FieldPath = ()
    line: int | None = None
    column: int | None = None
    stage: Stage = "validate"
    severity: Literal["error", "warning"] = "error"
    hint: str | None = None
    document: int = 0  # which YAML document of a multi-document file

    def __str__(self) -> str:
        where = self.file or "<repo>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.severity}: "
        if self.field_path:
            text += f"{json_path(self.field_path)}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def at(self, line: int | None, column: int | None) -> Finding:
        """Return a copy that points at ``line``:``column``."""
        return replace(self, line=line, column=column)


@dataclass
class RenderError(Exception):
    """Raised when a stage cannot go on; carries every finding collected so far."""

    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(str(f) for f in self.findings))

    @classmethod
    def single(
        cls,
        message: str,
        *,
        file: str | None = None,
        field_path: FieldPath = (),
        stage: Stage = "validate",
        hint: str | None = None,
    ) -> RenderError:
        """Build an error holding one finding."""
        return cls([Finding(message, file, field_path, stage=stage, hint=hint)])

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self.findings)


def did_you_mean(word: str, candidates: list[str] | set[str]) -> str | None:
    """Suggest the closest candidate for a near miss, or None."""
    import difflib

    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.75)
    return f"did you mean {close[0]!r}?" if close else None
