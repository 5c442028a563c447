"""Benchmark fleet-render on synthetic fleets and print the figures the issue asks for.

    python benchmarks/run.py            # S and M (a few minutes)
    python benchmarks/run.py S M L      # L takes long and wants ~2 GiB of RAM
    python benchmarks/run.py M --disk   # in the temp folder, not in memory (/dev/shm)

Per scenario, in one run: the full render; the floor (the same output objects written
one file each with PyYAML's C dumper into the same layout, timed in this process);
their ratio; a re-render after changing one weight of one policy; a no-op re-render;
``check``; peak RSS of the full render; renders with --jobs 2; and, for S and M, the
time ``kubectl kustomize`` takes on equivalent per-cluster overlays. Timings are
wall-clock seconds, best of --repeat runs. Nothing here fails on a timing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from kustomize_equivalent import build_overlays

SCENARIOS = {"S": (10, 100), "M": (100, 1_000), "L": (1_000, 10_000)}


def _run(args: list[str], cache: Path | None = None) -> tuple[float, int]:
    """Run fleet-render in a fresh process: wall seconds and its peak RSS (KiB).

    ``cache`` is its record folder (render.records); None: a new empty one, so the
    render makes everything, as on a machine that never rendered the repo.
    """
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="fleet-render-bench-cache-") as empty:
        env["FLEET_RENDER_CACHE"] = str(cache or empty)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "render", *args], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"fleet-render {' '.join(args)} failed ({code}): {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss


def _best(args: list[str], repeat: int, cache: Path | None = None) -> tuple[float, int]:
    results = []
    for _ in range(repeat):
        results.append(_run(args, cache))
    return min(r[0] for r in results), max(r[1] for r in results)


def _spin(_: object = None) -> float:
    start = time.perf_counter()
    counts: dict[int, int] = {}
    for i in range(3_000_000):
        counts[i % 1000] = counts.get(i % 1000, 0) + i
    return time.perf_counter() - start


def parallel_ceiling(jobs: int) -> float:
    """How much faster ``jobs`` processes get through the same pure-Python work than one.

    What --jobs can gain is bounded by it: virtual CPUs that share a physical core, or a
    busy host, slow each process down when the others run.
    """
    from concurrent.futures import ProcessPoolExecutor

    alone, together = [], []
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_spin, range(jobs)))  # start the workers
        for _ in range(3):  # best of three each, taking turns
            alone.append(_spin())
            start = time.perf_counter()
            list(pool.map(_spin, range(jobs)))
            together.append(time.perf_counter() - start)
    return jobs * min(alone) / min(together)


def floor(out: Path, target: Path) -> float:
    """Write every rendered object again, one PyYAML C dump per file, into the same layout."""
    objects = []
    for path in sorted(out.rglob("*.yaml")):
        rel = path.relative_to(out)
        if rel.name in ("kustomization.yaml", "bindings.yaml"):
            continue
        objects.append((rel, yaml.load(path.read_text(), Loader=yaml.CSafeLoader)))
    start = time.perf_counter()
    for rel, obj in objects:
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(yaml.dump(obj, Dumper=yaml.CSafeDumper, sort_keys=True, default_flow_style=False))
    return time.perf_counter() - start


def _change_one_weight(repo: Path) -> None:
    for path in sorted((repo / "policies").glob("group-*.yaml")):
        text = path.read_text()
        if "staticWeightList" in text:
            doc = yaml.safe_load(text)
            entry = doc["spec"]["placement"]["replicaScheduling"]["weightPreference"]["staticWeightList"][0]
            entry["weight"] = entry["weight"] % 5 + 1
            path.write_text(yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False))
            return


# Renders and the floor write the same files into the same file system. In memory, what
# is timed is the programs; a shared virtual disk made the same 65,000 file creations
# take 6 s or 43 s from one run to the next (see README.md).
SHM = "/dev/shm"


def _in_memory_ok() -> bool:
    return os.path.isdir(SHM) and os.access(SHM, os.W_OK)


KUSTOMIZE_SAMPLE = 10  # overlays actually built; the total is scaled up from them


def kustomize_time(repo: Path, out: Path, work: Path, clusters: int) -> float | None:
    """Seconds ``kubectl kustomize`` takes for every overlay (timed on a sample, scaled)."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return None
    overlays = build_overlays(repo, out, work)
    sample = overlays[:: max(1, len(overlays) // KUSTOMIZE_SAMPLE)][:KUSTOMIZE_SAMPLE]
    start = time.perf_counter()
    for overlay in sample:
        subprocess.run([kubectl, "kustomize", str(overlay)], check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * len(overlays) / len(sample)


def scenario(name: str, repeat: int, jobs: int, kustomize: bool = True, where: str | None = None) -> dict[str, object]:
    clusters, workloads = SCENARIOS[name]
    with tempfile.TemporaryDirectory(prefix=f"fleet-render-bench-{name}-", dir=where) as tmp:
        repo = generate(Path(tmp) / "repo", clusters, workloads)
        out = repo / "out"

        def wipe() -> None:
            # ...and let the disk finish the last run's writes and deletions: creating
            # files right after another render's rm -r costs up to twice as much
            shutil.rmtree(out, ignore_errors=True)
            os.sync()
            time.sleep(1)
        # --jobs 1 and --jobs N take turns, so neither always follows the other's deletions
        runs: dict[int, list[tuple[float, int]]] = {1: [], jobs: []}
        for _ in range(repeat):
            for n, results in runs.items():
                wipe()
                results.append(_run(["render", "--repo", str(repo), "--fresh", "--jobs", str(n)]))
        (full, rss), (parallel, rss_parallel) = (
            (min(r[0] for r in results), max(r[1] for r in results)) for results in (runs[1], runs[jobs])
        )
        # Two renders leave the records (render.reuse, render.readcache) of a repo
        # rendered before: the second one's history is the first one's result.
        cache = Path(tmp) / "cache"
        for _ in range(2):
            (repo / ".out.state.json").unlink(missing_ok=True)  # no no-op shortcut
            _run(["render", "--repo", str(repo)], cache)
        noop, _ = _best(["render", "--repo", str(repo)], repeat, cache=cache)
        check, _ = _best(["check", "--repo", str(repo)], repeat, cache=cache)
        floor_time = min(floor(out, Path(tmp) / f"floor-{i}") for i in range(repeat))
        _change_one_weight(repo)
        incremental, _ = _run(["render", "--repo", str(repo)], cache)
        # The first patch after a whole write links out/'s unchanged files into a new
        # tree and keeps the old one as the spare; from the second on, the spare is
        # brought up to date in place (render.sparetree): the steady state of a repo
        # whose policies are edited one commit after another.
        steady = []
        for _ in range(repeat):  # best of --repeat edits in a row, as the other figures
            _change_one_weight(repo)
            steady.append(_run(["render", "--repo", str(repo)], cache)[0])
        again = min(steady)
        kustomize = (kustomize_time(repo, out, Path(tmp) / "kustomize", clusters)
                     if name != "L" and kustomize else None)
        files = sum(1 for _ in out.rglob("*.yaml"))
    return {"scenario": name, "clusters": clusters, "workloads": workloads, "files": files, "full": full,
            "floor": floor_time, "ratio": full / floor_time, "jobs": jobs, "parallel": parallel,
            "speedup": full / parallel, "incremental": incremental, "again": again, "noop": noop, "check": check,
            "rss_mib": max(rss, rss_parallel) / 1024, "kustomize": kustomize}


def interpreter_startup(repeat: int = 10) -> tuple[float, float]:
    """The best wall time of ``python -c pass`` in this environment, and with ``-S``
    (no site-packages start-up: the .pth files of the installed packages): every
    fleet-render command pays the first before it does anything."""
    def best(*flags: str) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, *flags, "-c", "pass"], check=True)
            times.append(time.perf_counter() - start)
        return min(times)
    return best(), best("-S")


def _print(row: dict[str, object], startup: float) -> None:
    full = float(row["full"])  # type: ignore[arg-type]
    print(f"== {row['scenario']}: {row['clusters']} clusters x {row['workloads']} workloads, {row['files']} files")
    print(f"  full render          {full:8.2f} s")
    print(f"  PyYAML-C floor       {row['floor']:8.2f} s   render/floor = {row['ratio']:.2f}")
    print(f"  --jobs {row['jobs']}             {row['parallel']:8.2f} s   speed-up x{row['speedup']:.2f}   "
          f"render/floor = {row['parallel'] / row['floor']:.2f}")
    print(f"  one-weight re-render {row['incremental']:8.2f} s   = {100 * row['incremental'] / full:.1f} % of full"
          "   (the first after a whole write)")
    print(f"  ... and another      {row['again']:8.2f} s   = {100 * row['again'] / full:.1f} % of full"
          "   (steady state: the spare tree in place)")
    print(f"  no-op re-render      {row['noop']:8.2f} s   = {100 * row['noop'] / full:.1f} % of full")
    print(f"  check                {row['check']:8.2f} s   = {100 * row['check'] / full:.1f} % of full")
    print(f"  python start-up      {startup:8.2f} s   = {100 * startup / full:.1f} % of full   (python -c pass: "
          "in every figure above)")
    print(f"  peak RSS             {row['rss_mib']:8.0f} MiB")
    if row["kustomize"] is not None:
        print(f"  kubectl kustomize    {row['kustomize']:8.2f} s   (sampled)  fleet-render/kustomize = "
              f"{full / row['kustomize']:.3f} (x{row['kustomize'] / full:.0f} faster)")


def _compile_render() -> None:
    """Compile fleet-render's modules once, as installing it does.

    Python reads cached bytecode even with PYTHONDONTWRITEBYTECODE set (as on the
    machines here), but never writes it then: every timed process would compile
    the whole package again, 0.2-0.4 s that an installed fleet-render never pays.
    """
    import compileall

    import render

    compileall.compile_dir(Path(render.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=["S", "M"], choices=sorted(SCENARIOS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-kustomize", action="store_true",
                        help="skip the kubectl kustomize comparison (minutes at M; it does not change)")
    parser.add_argument("--disk", action="store_true",
                        help="work in the temp folder's file system, not in memory (/dev/shm)")
    args = parser.parse_args()
    where = None if args.disk or not _in_memory_ok() else SHM
    _compile_render()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; files in {where or tempfile.gettempdir()}")
    print(f"parallel ceiling: {args.jobs} processes do the same pure-Python work x{parallel_ceiling(args.jobs):.2f} "
          "as fast as one")
    startup, bare = interpreter_startup()
    print(f"python start-up: {startup * 1000:.0f} ms (python -c pass), {bare * 1000:.0f} ms without site-packages' "
          "start-up (python -S)")
    for name in args.scenarios:
        _print(scenario(name, args.repeat, args.jobs, not args.no_kustomize, where), startup)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
