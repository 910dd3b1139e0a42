"""Benchmark `svkg build` on the shipped data: wall time per phase, store size on disk, peak memory.

    .venv/bin/python bench/bench_build.py            # print the figures
    .venv/bin/python bench/bench_build.py --write    # and write them into bench/README.md ("## Build")

Builds into a temporary directory (never the configured store), once with the importers and once
without, `--runs` times each (the figures are the fastest run).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.build import build  # noqa: E402
from graph.settings import get_settings  # noqa: E402


def dir_size(path: Path) -> int:
    """Bytes of the files under `path` (each inode once)."""
    seen: set[int] = set()
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            st = os.stat(os.path.join(root, name))
            if st.st_ino not in seen:
                seen.add(st.st_ino)
                total += st.st_size
    return total


def run(imports: bool, runs: int) -> dict[str, object]:
    best: dict[str, object] | None = None
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="svkg-bench-") as tmp:
            settings = get_settings(store_path=Path(tmp) / "store")
            t0, c0 = time.perf_counter(), time.process_time()
            result = build(settings, imports=imports)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            figures = {
                "imports": imports,
                "wall_s": wall,
                "cpu_s": cpu,
                "load_avg": os.getloadavg()[0],
                "shacl_per_graph": dict(result.validation.seconds_per_graph),
                "graphs": len(result.graphs),
                "triples": result.triples,
                "load_s": result.timings.get("load", 0.0),
                "derive_s": result.timings.get("derive", 0.0),
                "validate_s": result.timings.get("validate", 0.0),
                "write_s": result.timings.get("write", 0.0),
                "store_mb": dir_size(result.generation) / 1e6,
                "sampled": list(result.validation.graphs_sampled),
                "largest": sorted(((r.triple_count, r.graph.rsplit("/graph/", 1)[-1]) for r in result.graphs),
                                  reverse=True)[:3],
            }
        if best is None or float(figures["wall_s"]) < float(best["wall_s"]):  # type: ignore[arg-type]
            best = figures
    assert best is not None
    best["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return best


def table(rows: list[dict[str, object]]) -> str:
    head = ("| build | graphs | triples | wall | CPU | load | derive | SHACL | write | store on disk |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n")
    lines = []
    for r in rows:
        name = "with imports" if r["imports"] else "`--no-imports`"
        lines.append(f"| {name} | {r['graphs']} | {r['triples']:,} | {r['wall_s']:.1f} s "
                     f"| {r['cpu_s']:.1f} s "
                     f"| {r['load_s']:.1f} s | {r['derive_s']:.2f} s | {r['validate_s']:.1f} s "
                     f"| {r['write_s']:.1f} s "
                     f"| {r['store_mb']:.1f} MB |")
    return head + "\n".join(lines) + "\n"


def section(rows: list[dict[str, object]], runs: int) -> str:
    largest = "; ".join(f"{g} ({n:,} triples)" for n, g in rows[0]["largest"])  # type: ignore[misc]
    sampled = [g for r in rows for g in r["sampled"]]  # type: ignore[attr-defined]
    per_graph = ", ".join(f"{g.rsplit('/graph/', 1)[-1]} {s:.1f} s" for g, s in sorted(
        rows[0]["shacl_per_graph"].items(), key=lambda kv: -kv[1])[:6])  # type: ignore[attr-defined]
    load = max(float(r["load_avg"]) for r in rows)  # type: ignore[arg-type]
    basis = ("Import graphs larger than the validation threshold were SHACL-checked on a sample: "
             + ", ".join(sampled) + "." if sampled else "Every graph was SHACL-checked whole.")
    return (
        "## Build\n\n"
        "`python bench/bench_build.py --write` — `svkg build` of the shipped data into a fresh temporary "
        f"store, best of {runs} run(s), on {os.cpu_count()} cores ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}). *load* runs the importers (reading the CSVs "
        "is most of it) and parses every source into the new generation (large imports through "
        "pyoxigraph's bulk loader), *derive* sets current statuses and writes the meta records, *SHACL* "
        "is pySHACL over the core union and each import graph (see `graph/validate.py` for the basis), "
        "*write* compacts the store and swaps the symlink.\n\n"
        + table(rows)
        + f"\nLargest graphs: {largest}. {basis} SHACL time per graph (slowest first): {per_graph}. "
        "The store keeps every quad in several indexes: on disk it takes about 400 bytes a triple, "
        "write-ahead log included. Peak resident memory of the benchmark process: "
        f"{max(float(r['peak_rss_mb']) for r in rows):.0f} MB. *wall* depends on what else the machine "
        f"runs (1-minute load average during the runs: {load:.1f}); *CPU* is this process's own time.\n"
    )


def write_readme(text: str) -> None:
    readme = REPO / "bench" / "README.md"
    current = readme.read_text(encoding="utf-8") if readme.exists() else (
        "# Benchmarks\n\nFigures measured on this project's reference machine; each section says how to "
        "re-run it.\n\n")
    pattern = re.compile(r"^## Build\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        current = pattern.sub(lambda _m: text + "\n", current)
    else:
        current = current.rstrip("\n") + "\n\n" + text
    readme.write_text(current.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="write the figures into bench/README.md")
    parser.add_argument("--no-imports-only", action="store_true", help="skip the build with imports")
    args = parser.parse_args()
    rows = [run(False, args.runs)]
    if not args.no_imports_only:
        rows.insert(0, run(True, args.runs))
    text = section(rows, args.runs)
    print(text)
    if args.write:
        write_readme(text)


if __name__ == "__main__":
    main()
