"""Git access (GitPython only here): the repo's inputs as they were at another commit."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

from render.errors import RenderError
from render.inputs import CONFIG_FILE
from render.loading import INPUT_FOLDERS

# What a render reads: the inputs, the config, and the previous bindings.
_READ_PATHS = (*INPUT_FOLDERS, CONFIG_FILE, "out/bindings.yaml")


def _open(repo: Path):  # type: ignore[no-untyped-def]
    import git

    try:
        return git.Repo(repo, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as e:
        raise RenderError.single(f"{repo} is not inside a git repository", stage="git") from e


def default_base(repo: Path) -> str:
    """The merge base of HEAD with the default branch (origin's HEAD, else main or master)."""
    import git

    handle = _open(repo)
    candidates = []
    try:
        candidates.append(handle.git.symbolic_ref("refs/remotes/origin/HEAD", short=True))
    except git.GitCommandError:
        pass
    candidates += ["origin/main", "origin/master", "main", "master"]
    for ref in candidates:
        try:
            bases = handle.merge_base("HEAD", ref)
        except git.GitCommandError:
            continue
        if bases:
            return str(bases[0].hexsha)
    raise RenderError.single("cannot find the default branch to diff against; name a BASE_REF", stage="git")


@contextmanager
def checkout_inputs(repo: Path, ref: str) -> Iterator[Path]:
    """A temporary folder holding the repo's inputs as of ``ref``; the work tree is untouched."""
    import git

    handle = _open(repo)
    try:
        commit = handle.commit(ref)
    except (git.BadName, ValueError) as e:
        raise RenderError.single(f"unknown git revision {ref!r}", stage="git") from e
    prefix = Path(repo).resolve().relative_to(Path(handle.working_tree_dir).resolve())
    root = commit.tree
    if prefix.parts:
        try:
            root = root / prefix.as_posix()
        except KeyError:
            root = None
    folder = Path(tempfile.mkdtemp(prefix="fleet-render-base-"))
    try:
        if root is not None:
            for blob in root.traverse():
                rel = Path(blob.path).relative_to(prefix) if prefix.parts else Path(blob.path)
                if blob.type != "blob" or not _wanted(rel):
                    continue
                target = folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(blob.data_stream.read())
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wanted(rel: Path) -> bool:
    text = rel.as_posix()
    return any(text == p or text.startswith(p + "/") for p in _READ_PATHS)


def origin_url(repo: Path) -> str | None:
    """The URL of the ``origin`` remote, or None."""
    try:
        handle = _open(repo)
        return str(handle.remotes.origin.url)
    except (RenderError, AttributeError, ValueError):
        return None
