"""The spare tree: the tree a swap replaced is brought up to date and swapped back in.

Real files in temporary folders; the cache folder (``$FLEET_RENDER_CACHE``, set by
tests/conftest.py) is on the same file system as ``tmp_path``, so the spare is used.
The no-spare path is forced by replacing ``sparetree.same_device``. How a write made
a file shows in its inode numbers: a file the write linked or created has a new ctime
(a link changes the inode's), a file it left alone keeps inode, mtime and ctime.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from render import forking, records, sparetree
from render.errors import RenderError
from render.outtree import content_digest, scan
from render.writing import (
    MARKER,
    changes_writer,
    read_tree,
    recover,
    write_changes,
    write_tree,
)
from tests.conftest import KillClock, snapshot
from tests.hostile.repos import listing
from tests.hostile.test_output_faults import _read_only

BASE = {
    MARKER: "marker\n",
    "bindings.yaml": "items: []\n",
    **{f"c{c}/ns/f{i}.yaml": f"cluster {c} file {i}\n" for c in range(3) for i in range(4)},
    "c0/kustomization.yaml": "resources: []\n",
}


def _stamps(out: Path) -> dict[str, tuple[int, int, int]]:
    # inode, mtime and ctime of every file: a link or a new file moves the ctime
    found = {}
    for rel in read_tree(out):
        st = os.lstat(out / rel)
        found[rel] = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
    return found


def _bytes(files: dict[str, str]) -> dict[str, bytes]:
    return {rel: text.encode() for rel, text in files.items()}


def _spare(out: Path) -> Path:
    return records.spare_path(out)


def _recorded(out: Path) -> bool:
    return _spare(out).with_name(_spare(out).name + ".pickle").is_file()


def _cache_names(out: Path) -> list[str]:
    key = _spare(out).name.partition(".")[0]
    return sorted(n for n in os.listdir(_spare(out).parent) if n.startswith(key + ".spare"))


def _with_spare(out: Path, files: dict[str, str] = BASE) -> dict:
    # Two writes: the second swaps a tree in and keeps the first as the spare.
    known = write_tree(files, out)
    known = write_tree(files, out, known=known)
    known = write_tree({**files, "bindings.yaml": "items: [x]\n"}, out, known=known)
    return write_tree(files, out, known=known)


def _exactly(out: Path, files: dict[str, str]) -> bool:
    # the files' bytes and nothing else: no empty folder, link or FIFO
    entries = list(out.rglob("*"))
    return read_tree(out) == _bytes(files) and all(
        p.is_file() and not p.is_symlink() if p.relative_to(out).as_posix() in files
        else p.is_dir() and not p.is_symlink() and any(p.iterdir())
        for p in entries
    )


def _identities_hold(out: Path, known: dict) -> bool:
    for rel, (identity, digest) in known.items():
        st = os.lstat(out / rel)
        if identity != (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns):
            return False
        if digest != content_digest((out / rel).read_bytes()):
            return False
    return set(known) == set(read_tree(out))


@pytest.fixture
def no_spare(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sparetree, "same_device", lambda a, b: False)


# -- the spare is kept and used ---------------------------------------------------------


def test_the_spare_is_used_and_a_write_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    known = write_tree(BASE, out)
    assert not _spare(out).exists()  # nothing was replaced
    second = {**BASE, "c1/ns/f1.yaml": "second\n"}
    known = write_tree(second, out, known=known)  # staging: the first tree becomes the spare
    assert read_tree(_spare(out)) == _bytes(BASE) and _recorded(out)
    before = _stamps(out)
    time.sleep(0.01)
    third = {**second, "c2/ns/f2.yaml": "third\n", "c3/new.yaml": "new\n"}
    del third["c0/ns/f0.yaml"]
    known = write_tree(third, out, known=known)  # through the spare
    after = _stamps(out)
    assert read_tree(out) == _bytes(third)
    assert read_tree(_spare(out)) == _bytes(second) and _recorded(out)
    assert _identities_hold(out, known)
    for rel in third:
        if rel in ("c2/ns/f2.yaml", "c3/new.yaml"):
            assert after[rel][0] != before.get(rel, (0,))[0], rel  # a new inode
        elif rel == "c1/ns/f1.yaml":  # changed by the last write: linked into the spare
            assert after[rel][:2] == before[rel][:2], rel
        else:  # not linked, not written: the same inode, mtime and ctime
            assert after[rel] == before[rel], rel
    assert listing(tmp_path) == ["out"]
    assert _cache_names(out) == [_spare(out).name, _spare(out).name + ".pickle"]


def test_a_write_finding_out_up_to_date_plants_a_spare_the_next_write_uses(tmp_path: Path) -> None:
    # Rendering a repo whose out/ is already right replaces nothing, so no old tree is
    # left to become the spare: the spare is made of links to out/'s files instead.
    out = tmp_path / "out"
    known = write_tree(BASE, out)
    assert not _spare(out).exists()  # a first write: nobody may write again
    before = _stamps(out)
    known = write_tree(BASE, out, known=known)  # up to date: every byte left alone
    assert {rel: stamp[:2] for rel, stamp in _stamps(out).items()} == {rel: s[:2] for rel, s in before.items()}
    assert read_tree(_spare(out)) == _bytes(BASE) and _recorded(out)
    assert all(os.lstat(_spare(out) / rel).st_ino == os.lstat(out / rel).st_ino for rel in BASE)
    assert oct(os.lstat(_spare(out)).st_mode & 0o777) == oct(0o755)  # it becomes out/
    planted = _stamps(out)
    time.sleep(0.01)
    known = write_changes({"c1/ns/f1.yaml": "changed\n"}, out, known)  # through the spare
    assert known is not None and read_tree(out) == _bytes({**BASE, "c1/ns/f1.yaml": "changed\n"})
    after = _stamps(out)
    assert all(after[rel] == planted[rel] for rel in BASE if rel != "c1/ns/f1.yaml")  # not even linked
    assert _identities_hold(out, known)
    assert _cache_names(out) == [_spare(out).name, _spare(out).name + ".pickle"]
    assert listing(tmp_path) == ["out"]


def test_a_file_changed_back_is_a_new_inode_not_the_spare_s_old_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    known = write_tree(BASE, out)
    original = os.lstat(out / "c1/ns/f1.yaml").st_mtime_ns
    known = write_tree({**BASE, "c1/ns/f1.yaml": "changed\n"}, out, known=known)
    changed = os.lstat(out / "c1/ns/f1.yaml")
    time.sleep(0.01)
    known = write_tree(BASE, out, known=known)  # the spare still holds the original bytes
    back = os.lstat(out / "c1/ns/f1.yaml")
    assert read_tree(out) == _bytes(BASE)
    assert back.st_ino != changed.st_ino
    assert back.st_mtime_ns > changed.st_mtime_ns > original  # (inode numbers are reused)


# -- write_changes ----------------------------------------------------------------------

CHANGES: dict[str, dict[str, str | None]] = {
    "one-file": {"c1/ns/f1.yaml": "changed\n"},
    "add-in-new-folders": {"c9/deep/er/new.yaml": "new\n"},
    "delete-a-file": {"c1/ns/f1.yaml": None},
    "delete-a-cluster": {f"c2/ns/f{i}.yaml": None for i in range(4)},
    "folder-becomes-file": {**{f"c2/ns/f{i}.yaml": None for i in range(4)}, "c2/ns": "now a file\n"},
    "file-becomes-folder": {"bindings.yaml": None, "bindings.yaml/inside.yaml": "x\n"},
    "same-bytes": {"c0/ns/f0.yaml": BASE["c0/ns/f0.yaml"]},
    "nothing": {},
}


def _apply(files: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
    new = {rel: text for rel, text in files.items() if rel not in changes}
    new.update((rel, text) for rel, text in changes.items() if text is not None)
    return new


@pytest.mark.parametrize("changes", CHANGES.values(), ids=CHANGES.keys())
def test_write_changes_writes_what_write_tree_would(tmp_path: Path, changes) -> None:
    out, twin = tmp_path / "out", tmp_path / "twin"
    known = _with_spare(out)
    before = _stamps(out)
    done = write_changes(changes, out, known)
    assert done is not None
    wanted = _apply(BASE, changes)
    write_tree(wanted, twin, known=_with_spare(twin))
    assert read_tree(out) == read_tree(twin) == _bytes(wanted)
    assert _exactly(out, wanted)  # no folder left empty either
    assert _identities_hold(out, dict(done))
    after = _stamps(out)
    for rel in wanted:  # only the changed files are new; none but those was even linked
        unchanged = rel not in changes or BASE.get(rel) == changes[rel]
        assert (after[rel][:2] == before.get(rel, ())[:2]) == unchanged, rel
        if unchanged and rel not in changes and rel != "bindings.yaml":  # (_with_spare changed it)
            assert after[rel][2] == before[rel][2], rel
    again = write_changes({}, out, done)  # and it goes on from there
    assert again == done and read_tree(out) == _bytes(wanted)


# -- hand edits in out/ -----------------------------------------------------------------


def _in_place(out: Path) -> None:
    with (out / "c1/ns/f1.yaml").open("a") as handle:  # the inode the spare shares
        handle.write("# edited by hand\n")


def _replaced(out: Path) -> None:
    (out / "c1/ns/f1.yaml").unlink()
    (out / "c1/ns/f1.yaml").write_text("replaced by hand\n")


def _extra_file(out: Path) -> None:
    (out / "c1/ns/extra.yaml").write_text("added by hand\n")


def _extra_folder(out: Path) -> None:
    (out / "c7/empty").mkdir(parents=True)
    (out / "c1/more").mkdir()
    (out / "c1/more/x.yaml").write_text("x\n")


def _deleted(out: Path) -> None:
    (out / "c1/ns/f1.yaml").unlink()


def _symlinked(out: Path) -> None:
    (out / "c1/ns/f1.yaml").unlink()
    (out / "c1/ns/f1.yaml").symlink_to(out / "c0/ns/f0.yaml")


def _linked_outside(out: Path) -> None:
    os.link(out / "c1/ns/f1.yaml", out.parent / "elsewhere.yaml")  # a third name


EDITS: dict[str, tuple[Callable[[Path], None], bool]] = {
    # edit, and whether write_changes must give up (it has no bytes for the file)
    "in-place": (_in_place, True),
    "replaced": (_replaced, False),
    "extra-file": (_extra_file, False),
    "extra-folders": (_extra_folder, False),
    "deleted": (_deleted, False),
    "symlinked": (_symlinked, False),
    "linked-outside": (_linked_outside, True),
}


@pytest.mark.parametrize(("edit", "gives_up"), EDITS.values(), ids=EDITS.keys())
@pytest.mark.parametrize("entry", ["write_tree", "write_changes"])
def test_hand_edits_in_out_are_undone(tmp_path: Path, edit, gives_up: bool, entry: str) -> None:
    out = tmp_path / "out"
    known = _with_spare(out)
    time.sleep(0.01)
    edit(out)
    changes = {"c2/ns/f2.yaml": "changed\n"}
    wanted = _apply(BASE, changes)
    if entry == "write_tree":
        known = write_tree(wanted, out, known=known)
    else:
        before = snapshot(out)
        done = write_changes(changes, out, known)
        assert (done is None) == gives_up
        if done is None:
            assert snapshot(out) == before  # nothing changed...
            done = write_tree(wanted, out, known=known)  # ...and the caller writes it all
        known = done
    assert _exactly(out, wanted)
    assert _identities_hold(out, dict(known))
    assert os.lstat(out / "c1/ns/f1.yaml").st_nlink <= 2
    # the edited tree is now the spare: the next writes undo it there too
    known = write_changes({"c2/ns/f3.yaml": "next\n"}, out, known) or write_tree(
        _apply(wanted, {"c2/ns/f3.yaml": "next\n"}), out, known=known
    )
    assert _exactly(out, _apply(wanted, {"c2/ns/f3.yaml": "next\n"}))
    write_tree(wanted, out, known=known)
    assert _exactly(out, wanted)
    assert listing(tmp_path) == ["elsewhere.yaml", "out"] if edit is _linked_outside else ["out"]


@pytest.mark.parametrize("edit", [None, *(edit for edit, _ in EDITS.values())], ids=["none", *EDITS])
def test_the_same_tree_again_changes_nothing_unless_out_was_edited(tmp_path: Path, edit) -> None:
    out = tmp_path / "out"
    known = _with_spare(out)
    time.sleep(0.01)
    if edit is not None:
        edit(out)
    stamps, spare = _stamps(out), os.lstat(_spare(out)).st_ino
    again = write_tree(BASE, out, known=known)
    assert _exactly(out, BASE) and _identities_hold(out, dict(again))
    if edit in (None, _linked_outside):  # up to date: not a file linked, the spare not exchanged
        assert again == known and _stamps(out) == stamps
        assert os.lstat(_spare(out)).st_ino == spare
    else:
        assert os.lstat(_spare(out)).st_ino != spare


# -- a spare not to trust -----------------------------------------------------------------


def _record_gone(out: Path) -> None:  # as a write killed while updating it leaves it
    os.unlink(_spare(out).with_name(_spare(out).name + ".pickle"))


def _copied(spare: Path, to: Path) -> None:
    # a copy (new inodes), the original gone: no third name of out/'s files is left
    os.rename(spare, spare.with_name("moved"))
    shutil.copytree(spare.with_name("moved"), to)
    shutil.rmtree(spare.with_name("moved"))


def _folder_swapped(out: Path) -> None:  # the record names another folder
    _copied(_spare(out), _spare(out))


def _open_to_all(out: Path) -> None:
    _spare(out).chmod(0o777)


def _a_link(out: Path) -> None:
    _copied(_spare(out), _spare(out).with_name("real"))
    _spare(out).symlink_to(_spare(out).with_name("real"))


UNTRUSTED = {
    "no-record": _record_gone,
    "another-folder": _folder_swapped,
    "writable-by-others": _open_to_all,
    "a-symlink": _a_link,
}


@pytest.mark.parametrize("damage", UNTRUSTED.values(), ids=UNTRUSTED.keys())
def test_a_spare_without_a_record_of_its_own_is_not_used(tmp_path: Path, damage) -> None:
    out = tmp_path / "out"
    known = _with_spare(out)
    damage(out)
    stamps = _stamps(out)
    wanted = {**BASE, "c1/ns/f1.yaml": "changed\n"}
    if damage in (_a_link, _folder_swapped):  # its files are not out/'s
        known = write_changes({"c1/ns/f1.yaml": "changed\n"}, out, known)  # the staging path
    else:
        known = write_tree(wanted, out, known=known)  # the staging path: every file linked anew
    assert read_tree(out) == _bytes(wanted)
    assert all(_stamps(out)[rel][2] != stamps[rel][2] for rel in wanted)
    assert _recorded(out) and not _spare(out).is_symlink()  # a new spare, trusted again
    assert _cache_names(out) == [_spare(out).name, _spare(out).name + ".pickle"]
    assert write_changes({"c1/ns/f2.yaml": "x\n"}, out, known) is not None


# -- when write_changes declines ------------------------------------------------------------


def _only_one_write(out: Path) -> dict:
    return write_tree(BASE, out)


def _not_ours(out: Path) -> dict:
    known = _with_spare(out)
    (out / MARKER).unlink()
    return known


def _out_gone(out: Path) -> dict:
    known = _with_spare(out)
    os.rename(out, out.with_name("gone"))
    return known


def _out_a_link(out: Path) -> dict:
    known = _with_spare(out)
    os.rename(out, out.with_name("real"))
    out.symlink_to(out.with_name("real"))
    return known


def _stale_record(out: Path) -> dict:
    # out/ was rewritten twice behind the record's back: neither out/ nor the spare
    # holds the files it needs as known has them
    known = _with_spare(out)
    for n in range(2):
        write_tree({rel: f"{text}# other {n}\n" for rel, text in BASE.items()}, out)
    return known


DECLINED = {
    "out-not-fleet-render-s": _not_ours,
    "out-missing": _out_gone,
    "out-a-symlink": _out_a_link,
    "out-not-as-known": _stale_record,
}


@pytest.mark.parametrize("setup", DECLINED.values(), ids=DECLINED.keys())
def test_write_changes_declines_and_changes_nothing(tmp_path: Path, setup) -> None:
    out = tmp_path / "out"
    known = setup(out)
    before, beside = snapshot(tmp_path), listing(tmp_path)
    spare = snapshot(_spare(out))
    assert write_changes({"c1/ns/f1.yaml": "changed\n"}, out, known) is None
    assert snapshot(tmp_path) == before
    assert listing(tmp_path) == beside
    assert snapshot(_spare(out)) == spare


def test_without_a_spare_yet_write_changes_stages_and_leaves_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    known = _only_one_write(out)
    stamps = _stamps(out)
    wanted = {**BASE, "c1/ns/f1.yaml": "changed\n"}
    known = write_changes({"c1/ns/f1.yaml": "changed\n"}, out, known)
    assert known is not None and read_tree(out) == _bytes(wanted)
    for rel in wanted:  # linked from the old tree: the same inode
        assert (_stamps(out)[rel][0] == stamps[rel][0]) == (rel != "c1/ns/f1.yaml"), rel
    assert _recorded(out)  # the old tree is the spare now
    assert write_changes({"c1/ns/f2.yaml": "x\n"}, out, known) is not None
    assert read_tree(out) == _bytes({**wanted, "c1/ns/f2.yaml": "x\n"})


# -- no spare where the cache folder is on another file system --------------------------------


def test_without_a_spare_writes_are_as_before(tmp_path: Path, no_spare: None) -> None:
    out = tmp_path / "out"
    known = write_tree(BASE, out)
    for n in range(3):
        stamps = _stamps(out)
        wanted = {**BASE, "c1/ns/f1.yaml": f"write {n}\n"}
        known = write_tree(wanted, out, known=known)
        assert read_tree(out) == _bytes(wanted)
        for rel in wanted:  # linked from the old tree: the same inode, no other name
            assert (_stamps(out)[rel][0] == stamps[rel][0]) == (rel != "c1/ns/f1.yaml"), rel
            assert os.lstat(out / rel).st_nlink == 1, rel
    wanted = {**BASE, "c1/ns/f1.yaml": "x\n"}
    known = write_changes({"c1/ns/f1.yaml": "x\n"}, out, known)  # staged, as write_tree does
    assert known is not None and read_tree(out) == _bytes(wanted)
    assert not os.path.lexists(_spare(out))
    assert _cache_names(out) == []
    assert listing(tmp_path) == ["out"]


def test_scan_links_a_file_whose_second_name_is_the_spare_s_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    known = _with_spare(out)
    assert os.lstat(out / "c1/ns/f1.yaml").st_nlink == 2  # out/ and the spare
    os.link(out / "c1/ns/f2.yaml", tmp_path / "outside.yaml")
    (_spare(out) / "c1/ns/f2.yaml").unlink()
    _, linkable = scan(out, known, _spare(out))
    assert "c1/ns/f1.yaml" in linkable
    assert "c1/ns/f2.yaml" not in linkable  # its second name is outside
    assert "c1/ns/f1.yaml" not in scan(out, known)[1]  # without the spare named


# -- errors while the spare is brought up to date or exchanged --------------------------------


def test_a_write_failing_half_way_through_the_spare_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    known = _with_spare(out)
    before = snapshot(out)
    wanted = {**BASE, "c0/ns/f0.yaml": "x" * 4096, "c2/ns/f2.yaml": "changed\n"}
    pid = os.fork()
    if pid == 0:  # a file size limit fails the write as a full disk would
        code = 1
        try:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
            write_tree(wanted, out, known=known)
        except RenderError as e:
            code = 2 if "File too large" in str(e) else 3
        finally:
            os._exit(code)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 2
    assert snapshot(out) == before and listing(tmp_path) == ["out"]
    assert not _recorded(out)  # the spare was being changed: not used again
    # the half-updated spare is not used: the changes are staged beside out/ instead
    left = write_changes({"c2/ns/f2.yaml": "changed\n"}, out, known)
    assert left is not None and _exactly(out, {**BASE, "c2/ns/f2.yaml": "changed\n"}) and _recorded(out)
    known = write_tree(wanted, out, known=left)
    assert _exactly(out, wanted) and _recorded(out)


def test_an_exchange_refused_is_a_clean_error_and_the_spare_stays_usable(tmp_path: Path) -> None:
    # out/ itself read-only (immutable for root): the lock beside it and the spare in
    # the cache can be written, but out/ cannot be moved
    out = tmp_path / "out"
    known = _with_spare(out)
    before = snapshot(out)
    with _read_only(out), pytest.raises(RenderError, match="cannot write"):
        write_changes({"c2/ns/f2.yaml": "changed\n"}, out, known)
    assert snapshot(out) == before and listing(tmp_path) == ["out"]
    assert read_tree(_spare(out)) == _bytes({**BASE, "c2/ns/f2.yaml": "changed\n"})
    assert _recorded(out)  # whole: it holds the tree that could not be swapped in
    assert write_changes({"c2/ns/f2.yaml": "changed\n"}, out, known) is not None
    assert _exactly(out, {**BASE, "c2/ns/f2.yaml": "changed\n"})


# -- SIGKILL while the spare is brought up to date ----------------------------------------------


def test_sigkill_during_spare_updates_leaves_one_complete_output(tmp_path: Path) -> None:
    def tree(variant: str) -> dict[str, str]:
        files = {MARKER: "marker\n"}
        for c in range(6):
            files.update({f"c{c}/f{i}.yaml": f"{c} {i}\n" * 20 for i in range(150)})
            files.update({f"c{c}/v{i}.yaml": f"{variant} {i}\n" for i in range(40)})
            files.update({f"c{c}/{variant}-only{i}.yaml": f"{i}\n" for i in range(20)})
        return files

    out, record = tmp_path / "w/out", tmp_path / "known"  # (a kill may leave its temporary file)
    trees = {v: _bytes(tree(v)) for v in "ab"}

    def write(variant: str) -> None:
        known = records.load(record, b"known\n")
        records.save(record, b"known\n", dict(write_tree(tree(variant), out, known=known)))

    write("a")
    durations = []  # through a staging folder, then through the spare
    for variant in "ba":
        started = time.monotonic()
        write(variant)
        durations.append(time.monotonic() - started)
    assert _recorded(out)
    clocks = [KillClock(11 + trusted, durations[trusted]) for trusted in (False, True)]
    written = "a"
    outcomes, unrecorded, rounds = set(), 0, 0
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        wanted = "a" if written == "b" else "b"
        trusted = _recorded(out)  # then this write goes through the spare
        pid = os.fork()
        if pid == 0:
            try:
                write(wanted)
            finally:
                os._exit(0)
        # most kills where the spare is brought up to date, the rest anywhere
        clock = clocks[trusted]
        low, high = (0.2, 1.1) if trusted and clock.random() < 0.6 else (0.0, 2.0)
        time.sleep(clock.delay(low, high))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if not out.exists():
            recover(out)
        now = read_tree(out)
        assert now in (trees[written], trees[wanted])
        unrecorded += trusted and _spare(out).exists() and not _recorded(out)
        rounds += 1
        written = wanted if now == trees[wanted] else written
        outcomes.add(now == trees[wanted])
        clock.landed(now == trees[wanted])
    write("b")  # the next writes clean up after the killed ones
    write("a")
    assert read_tree(out) == trees["a"]
    assert listing(out.parent) == ["out"]
    assert _cache_names(out) == [_spare(out).name, _spare(out).name + ".pickle"]
    assert outcomes == {True, False}  # kills landed before and after the exchange
    assert unrecorded, rounds  # and while a spare was being brought up to date


# -- pruning ------------------------------------------------------------------------------------


def test_spares_unused_for_30_days_are_pruned_with_their_records(tmp_path: Path) -> None:
    old, recent = tmp_path / "old", tmp_path / "recent"
    _with_spare(old)
    _with_spare(recent)
    stale = time.time() - records.STALE_SECONDS - 60
    os.utime(_spare(old), (stale, stale))
    os.utime(_spare(old).with_name(_spare(old).name + ".pickle"), (stale, stale))
    leftover = _spare(old).with_name(_spare(old).name + ".trash-abcd1234")
    leftover.mkdir()
    os.utime(leftover, (stale, stale))
    records.save(records.record_path(tmp_path, "x"), b"x\n", {})  # saving a record prunes
    assert _cache_names(old) == []
    assert _cache_names(recent) == [_spare(recent).name, _spare(recent).name + ".pickle"]


# -- two processes surveying a large spare --------------------------------------------------


def test_a_survey_split_between_two_processes_finds_what_one_finds(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    known = _with_spare(out)
    spare = _spare(out)
    (spare / "c2/ns/f1.yaml").write_text("edited in place\n")  # out/'s too: the inode is shared
    (spare / "c1/ns/stray.yaml").write_text("not out/'s\n")
    (spare / "c0/ns/f3.yaml").unlink()
    stale, wanted = {"c1/ns/f0.yaml"}, known.keys() - {"c0/ns/f2.yaml"}
    alone = sparetree.survey(spare, known, stale, wanted)
    monkeypatch.setattr(sparetree, "SURVEY_SPLIT_MIN", 1)
    helpers = []
    start = forking.start
    monkeypatch.setattr(forking, "start", lambda work: helpers.append(start(work)) or helpers[-1])
    split = sparetree.survey(spare, known, stale, wanted, jobs=2)
    assert helpers and helpers[0] is not None  # a second process did take a share
    assert split.kept == alone.kept and sorted(split.doomed) == sorted(alone.doomed)
    assert {"c2/ns/f1.yaml", "c1/ns/stray.yaml", "c1/ns/f0.yaml"} <= set(alone.doomed)


@pytest.mark.parametrize("planning", [0.0, 0.05, 1.0])
def test_a_survey_begun_early_finds_what_one_finds_whenever_the_render_joins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planning: float) -> None:
    # The helper starts on the first folders at once; the render joins from the last
    # one after its planning: at once, part way, or after the helper did them all.
    out = tmp_path / "out"
    files = {**BASE, **{f"c{c}/ns/f{i}.yaml": f"{c} {i}\n" for c in range(3, 40) for i in range(3)}}
    known = _with_spare(out, files)
    spare = _spare(out)
    (spare / "c5/ns/f1.yaml").write_text("edited in place\n")
    (spare / "c30/ns/stray.yaml").write_text("not out/'s\n")
    (spare / "c20/ns/f0.yaml").unlink()
    (spare / "c12/ns/f2.yaml").unlink()
    (spare / "c12/ns/f2.yaml").mkdir()  # a folder where a file is wanted
    (spare / "c12/ns/f2.yaml/inside.yaml").write_text("not out/'s\n")
    (spare / "c7/ns/new.yaml").mkdir()  # a folder where a new file is wanted
    (spare / "c7/ns/new.yaml/inside.yaml").write_text("not out/'s\n")
    stale = {"c1/ns/f0.yaml", "c39/ns/f2.yaml", "c7/ns/new.yaml"}
    wanted = (known.keys() - {"c0/ns/f2.yaml"}) | {"c7/ns/new.yaml"}
    alone = sparetree.survey(spare, known, stale, wanted)
    assert {"c5/ns/f1.yaml", "c30/ns/stray.yaml", "c12/ns/f2.yaml", *stale} <= set(alone.doomed)
    assert not any(rel.startswith("c12/ns/f2.yaml/") for rel in alone.kept)
    monkeypatch.setattr(sparetree, "SURVEY_SPLIT_MIN", 1)
    begun = sparetree.Survey(spare, known, jobs=2)
    time.sleep(planning)
    split = begun.finish(stale, wanted)
    assert split.kept == alone.kept and sorted(split.doomed) == sorted(alone.doomed)
    assert len(split.doomed) == len(set(split.doomed))  # a folder surveyed twice counts once


def test_where_the_helper_claimed_a_folder_the_render_had_claimed_the_render_surveys_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The race the claims allow: the helper claims folder K, sees the render's claim of
    # K and stops without surveying it; the render must then survey K itself.
    out = tmp_path / "out"
    files = {**BASE, **{f"c{c}/ns/f{i}.yaml": f"{c} {i}\n" for c in range(3, 12) for i in range(3)}}
    known = _with_spare(out, files)
    spare = _spare(out)
    for c in range(12):
        (spare / f"c{c}/ns/f0.yaml").write_text("edited in place\n")  # every folder dooms one
    alone = sparetree.survey(spare, known, set(), known.keys())
    monkeypatch.setattr(sparetree, "SURVEY_SPLIT_MIN", 1)

    def claimed_then_stopped(units: list, written: object, claims: memoryview) -> tuple:
        kept: list[str] = []
        doomed: list[str] = []
        folders: list[str] = []
        for prefix, folder in units[:5]:
            sparetree._survey_tree(prefix, folder, written, kept, doomed, folders)
        claims[0] = 6  # folder 5 claimed, not surveyed
        return kept, doomed, folders

    monkeypatch.setattr(sparetree, "_survey_front", claimed_then_stopped)
    begun = sparetree.Survey(spare, known, jobs=2)
    time.sleep(0.5)
    split = begun.finish(set(), known.keys())
    assert split.kept == alone.kept and sorted(split.doomed) == sorted(alone.doomed)


@pytest.mark.parametrize("spare", [True, False])
def test_a_change_to_the_same_bytes_leaves_the_file_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          spare: bool) -> None:
    out = tmp_path / "out"
    if not spare:  # the first patch after a whole write: staged beside out/
        monkeypatch.setattr(sparetree, "same_device", lambda a, b: False)
    known = _with_spare(out) if spare else write_tree(BASE, out)
    stamps = _stamps(out)
    same, changed = BASE["c1/ns/f1.yaml"], "c2/ns/f0.yaml"
    left = write_changes({"c1/ns/f1.yaml": same, changed: "new\n"}, out, known)
    assert left is not None and _exactly(out, {**BASE, changed: "new\n"})
    # inode and mtime (a link into the staged tree moves the ctime)
    assert _stamps(out)["c1/ns/f1.yaml"][:2] == stamps["c1/ns/f1.yaml"][:2]
    assert _stamps(out)[changed][:2] != stamps[changed][:2]


def test_a_survey_whose_helper_dies_is_finished_by_the_render(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    files = {**BASE, **{f"c{c}/ns/f{i}.yaml": f"{c} {i}\n" for c in range(3, 12) for i in range(3)}}
    known = _with_spare(out, files)
    (_spare(out) / "c2/ns/f1.yaml").write_text("edited in place\n")
    alone = sparetree.survey(_spare(out), known, set(), known.keys())
    monkeypatch.setattr(sparetree, "SURVEY_SPLIT_MIN", 1)

    def claimed_half_then_died(units: list, written: object, claims: memoryview) -> tuple:
        claims[0] = len(units) // 2
        os._exit(9)

    monkeypatch.setattr(sparetree, "_survey_front", claimed_half_then_died)
    begun = sparetree.Survey(_spare(out), known, jobs=2)
    time.sleep(0.5)  # the render joins once the helper has claimed half and died
    split = begun.finish(set(), known.keys())
    assert split.kept == alone.kept and sorted(split.doomed) == sorted(alone.doomed)


def test_a_changes_writer_left_unused_stops_its_helper_and_frees_the_lock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sparetree, "SURVEY_SPLIT_MIN", 1)
    out = tmp_path / "out"
    known = _with_spare(out)
    helpers = []
    start = forking.start
    monkeypatch.setattr(forking, "start", lambda work: helpers.append(start(work)) or helpers[-1])
    with changes_writer(out, known, jobs=2):
        pass  # the render found it must render in full
    assert helpers and helpers[0] is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(helpers[0][0], os.WNOHANG)  # killed and reaped
    with changes_writer(out, known, jobs=2, lock_timeout=0) as write:  # the lock is free
        assert write({"c1/ns/f0.yaml": "now\n"}) is not None
        with pytest.raises(ValueError):
            write({"c1/ns/f1.yaml": "again\n"})
    assert _exactly(out, {**BASE, "c1/ns/f0.yaml": "now\n"})


@pytest.mark.parametrize("jobs", [1, 2])
def test_write_changes_with_a_split_survey_keeps_unchanged_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 jobs: int) -> None:
    monkeypatch.setattr(sparetree, "SURVEY_SPLIT_MIN", 1)
    out = tmp_path / "out"
    known = _with_spare(out)
    wanted = dict(BASE)
    for n in range(3):
        stamps = _stamps(out)
        change = {f"c{n}/ns/f0.yaml": f"change {n}\n"}
        wanted.update(change)
        known = write_changes(change, out, known, jobs=jobs)
        assert known is not None and _exactly(out, wanted)
        for rel in wanted:
            assert (_stamps(out)[rel][0] == stamps[rel][0]) == (rel not in change), rel


def test_a_killed_write_s_temporary_spare_record_is_swept_by_the_next(tmp_path: Path) -> None:
    # records.save writes the spare's record beside it first; a kill there leaves the file
    out = tmp_path / "out"
    known = _with_spare(out)
    leftover = _spare(out).with_name(_spare(out).name + ".pickle" + "k1ll3d00")
    leftover.write_bytes(b"half a record")
    write_tree({**BASE, "c1/ns/f1.yaml": "changed\n"}, out, known=known)
    assert not leftover.exists() and _recorded(out)
    assert _cache_names(out) == [_spare(out).name, _spare(out).name + ".pickle"]
