"""Git access (GitPython only here): the repo's inputs as they were at another commit."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from render import INPUT_FOLDERS
from render.errors import RenderError
from render.inputs import CONFIG_FILE

if TYPE_CHECKING:
    from collections.abc import Iterator

# What a render reads: the inputs, the config, and the previous bindings.
_READ_PATHS = (*INPUT_FOLDERS, CONFIG_FILE, "out/bindings.yaml")
# Where the default branch is looked for, best first (after origin's HEAD).
_DEFAULT_BRANCHES = ("origin/main", "origin/master", "main", "master")


@contextmanager
def _opened(repo: Path) -> Iterator[Any]:
    import git

    try:
        handle = git.Repo(repo, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as e:
        raise RenderError.single(
            f"{repo} is not inside a git repository", stage="git"
        ) from e
    # Closing reaps GitPython's cat-file helper processes at once.
    with handle:
        yield handle


def default_base(repo: Path) -> tuple[str, str]:
    """The merge base of HEAD with the default branch.

    The default branch is origin's HEAD, else the first of origin/main,
    origin/master, main and master that exists.

    Returns:
        The branch's name and the merge base commit.

    Raises:
        RenderError: no default branch shares history with HEAD.
    """
    import git

    with _opened(repo) as handle:
        candidates = []
        try:
            candidates.append(
                handle.git.symbolic_ref("refs/remotes/origin/HEAD", short=True)
            )
        except git.GitCommandError:
            pass
        for ref in (*candidates, *_DEFAULT_BRANCHES):
            try:
                bases = handle.merge_base("HEAD", ref)
            except git.GitCommandError:
                continue
            if bases:
                return str(ref), str(bases[0].hexsha)
    raise RenderError.single(
        "cannot find the default branch to diff against (origin/HEAD, main or "
        "master); name a BASE_REF",
        stage="git",
    )


def resolve_commit(repo: Path, ref: str) -> str:
    """The commit a revision names (``git rev-parse REF^{commit}``).

    Raises:
        RenderError: the revision does not exist.
    """
    import git

    with _opened(repo) as handle:
        try:
            return str(handle.commit(ref).hexsha)
        except (git.BadName, git.BadObject, ValueError) as e:
            raise RenderError.single(
                f"unknown git revision {ref!r}", stage="git"
            ) from e


@contextmanager
def checkout_inputs(repo: Path, ref: str) -> Iterator[Path]:
    """A temporary folder holding the repo's inputs as of ``ref``.

    Blobs are read from the object database: the work tree, the index and HEAD are
    never touched.
    """
    with _opened(repo) as handle:
        commit = handle.commit(resolve_commit(repo, ref))
        prefix = (
            Path(repo).resolve().relative_to(Path(handle.working_tree_dir).resolve())
        )
        root = commit.tree
        if prefix.parts:
            try:
                root = root / prefix.as_posix()
            except KeyError:
                root = None  # the fleet repo's folder did not exist yet
        folder = Path(tempfile.mkdtemp(prefix="fleet-render-base-"))
        try:
            if root is not None:
                _copy_inputs(root, prefix, folder)
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _copy_inputs(root: Any, prefix: Path, folder: Path) -> None:
    try:
        _copy_blobs(root, prefix, folder)
    except ValueError as e:  # GitPython refuses crafted tree entries such as ".."
        raise RenderError.single(f"the base revision holds an unsafe path: {e}", stage="git") from e


def _copy_blobs(root: Any, prefix: Path, folder: Path) -> None:
    for item in root.traverse():
        path = Path(item.path)
        rel = path.relative_to(prefix) if prefix.parts else path
        if item.type != "blob" or not _wanted(rel):
            continue
        if ".." in rel.parts or rel.is_absolute():  # a crafted tree; git itself refuses these
            raise RenderError.single(f"refusing the path {rel.as_posix()!r} of the base revision", stage="git")
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data_stream.read())


def _wanted(rel: Path) -> bool:
    text = rel.as_posix()
    return any(text == p or text.startswith(p + "/") for p in _READ_PATHS)


def origin_url(repo: Path) -> str | None:
    """The URL of the ``origin`` remote, or None."""
    try:
        with _opened(repo) as handle:
            return str(handle.remotes.origin.url)
    except (RenderError, AttributeError, ValueError):
        return None
