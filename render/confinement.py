"""Confinement: every input path is resolved, symlinks included, and kept inside its root."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from render.errors import Finding, RenderError

# A Kubernetes object is at most 1.5 MiB in etcd; a file of many objects gets room for
# several, and a file over the limit is refused before a byte of it is parsed.
MAX_FILE_BYTES = 8 * 1024 * 1024
# Deeper folder trees are refused rather than walked (a deep tree is an attack, not a repo).
MAX_FOLDER_DEPTH = 32
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class InputFile:
    """A YAML file to read: ``rel`` as the repo names it, ``real`` after symlinks."""

    rel: str
    real: Path


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` is ``root`` or below it, compared by whole path components."""
    return path == root or root in path.parents


def _real(path: Path) -> Path:
    # strict: a loop raises ELOOP and a dangling link ENOENT instead of a made-up path
    return Path(os.path.realpath(path, strict=True))


def resolve(
    root: Path, rel: str, *, shown: str | None = None, root_name: str = "the repo"
) -> InputFile | None:
    """The confined file ``root/rel``, or None when nothing is there.

    Args:
        root: the folder the path must stay in (the repo, or the output folder).
        rel: a path relative to ``root``.
        shown: how messages name the file (default ``rel``).
        root_name: how messages name ``root``.

    Raises:
        RenderError: the path leaves ``root`` through a symlink, loops or dangles;
            the message never names the target.
    """
    shown = shown or rel
    path = root / rel
    if not os.path.lexists(path):
        return None
    try:
        real = _real(path)
    except OSError as e:
        raise RenderError([_link_problem(shown, e)]) from None
    if not inside(Path(os.path.realpath(root)), real):
        raise RenderError([_escape(shown, root_name)])
    return InputFile(shown, real)


def _escape(rel: str, where: str = "the repo") -> Finding:
    message = f"symbolic link leads outside {where}; refusing to follow it"
    return Finding(message, rel, stage="load")


def _link_problem(rel: str, error: OSError) -> Finding:
    if error.errno == errno.ELOOP:
        return Finding("symbolic link loop", rel, stage="load")
    if error.errno == errno.ENOENT:
        return Finding(
            "symbolic link to nothing (its target does not exist)", rel, stage="load"
        )
    return Finding(f"cannot resolve path: {error.strerror}", rel, stage="load")


class _Walk:
    """One confined walk of an input folder, collecting files and findings."""

    def __init__(self, repo: Path, recursive: bool) -> None:
        self.root = Path(os.path.realpath(repo))
        self.recursive = recursive
        self.files: list[InputFile] = []
        self.findings: list[Finding] = []

    def entry(self, path: Path, rel: str, parents: tuple[Path, ...]) -> None:
        try:
            real = _real(path)
            mode = os.stat(real).st_mode
        except OSError as e:
            # a dangling link is only worth a word where a YAML file was meant
            if e.errno == errno.ELOOP or rel.endswith(YAML_SUFFIXES):
                self.findings.append(_link_problem(rel, e))
            return
        if not inside(self.root, real):
            self.findings.append(_escape(rel))
        elif stat.S_ISDIR(mode):
            if parents and inside(real, parents[-1]):  # it holds the folder it sits in
                self.findings.append(Finding("symbolic link loop", rel, stage="load"))
            elif not parents or self.recursive:
                self.folder(real, rel, parents)
        elif rel.endswith(YAML_SUFFIXES):
            if stat.S_ISREG(mode):
                self.files.append(InputFile(rel, real))
            else:
                self.findings.append(Finding("not a regular file", rel, stage="load"))

    def folder(self, real: Path, rel: str, parents: tuple[Path, ...]) -> None:
        if len(parents) > MAX_FOLDER_DEPTH:
            message = f"folders nested deeper than {MAX_FOLDER_DEPTH} levels"
            self.findings.append(Finding(message, rel, stage="load"))
            return
        try:
            names = sorted(os.listdir(real))
        except OSError as e:
            self.findings.append(
                Finding(f"cannot list folder: {e.strerror}", rel, stage="load")
            )
            return
        for name in names:
            self.entry(real / name, f"{rel}/{name}", (*parents, real))


def walk_input_folder(
    repo: Path, folder: str, *, recursive: bool = False
) -> tuple[list[InputFile], list[Finding]]:
    """The YAML files of one input folder, in sorted order, and what was refused.

    Symbolic links are followed only while they stay inside the repo; links that leave
    it, loop, or dangle, and YAML names that are not regular files, are findings.

    Args:
        repo: the fleet repo.
        folder: ``fleets``, ``policies`` or ``apps``.
        recursive: walk subfolders too.

    Returns:
        The files, sorted by path components, and the findings.
    """
    walk = _Walk(repo, recursive)
    if os.path.lexists(repo / folder):
        walk.entry(repo / folder, folder, ())
    walk.files.sort(key=lambda f: f.rel.split("/"))
    return walk.files, walk.findings


def read_text(file: InputFile, limit: int = MAX_FILE_BYTES) -> str:
    """Read a confined file as UTF-8, refusing special files and files over ``limit`` bytes.

    Raises:
        RenderError: the file cannot be read, is too large, or is not UTF-8 (with the
            line and column of the first bad byte).
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(file.real, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise RenderError.single(
                    "not a regular file", file=file.rel, stage="load"
                )
            if info.st_size > limit:
                raise RenderError([_too_large(file.rel, limit)])
            data = _read_at_most(fd, limit + 1)  # it may grow after fstat
        finally:
            os.close(fd)
    except OSError as e:
        raise RenderError.single(
            f"cannot read file: {e.strerror}", file=file.rel, stage="load"
        ) from None
    if len(data) > limit:
        raise RenderError([_too_large(file.rel, limit)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        finding = Finding("file is not valid UTF-8", file.rel, stage="load")
        raise RenderError([finding.at(line, column)]) from None


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(fd, min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_large(rel: str, limit: int) -> Finding:
    return Finding(
        f"file is larger than {limit // (1024 * 1024)} MiB; refusing to read it",
        rel,
        stage="load",
    )
