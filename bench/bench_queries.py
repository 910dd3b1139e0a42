"""Timings of the example analyst queries (ontology/queries/*.rq) on a built store.

    .venv/bin/python bench/bench_queries.py [--store PATH] [--runs 10] [--queries DIR] [--only 05,06]

Each query runs in-process against `pyoxigraph.Store.read_only(store)` with the union default graph (as
the SPARQL endpoint runs it), results serialised to SPARQL JSON — the work a worker does for one request.
One warm-up run, then `--runs` timed runs. Prints a Markdown table: result rows, median and p95 wall time,
median CPU time of this process (on a busy machine the CPU time is close to what an idle machine gives as
wall time), with the date, the store size and the load average before and after. `--queries` points at
another folder of .rq files (for instance a copy of the queries before a rewrite) to compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ROOT / "ontology" / "queries"


def default_store() -> Path:
    from graph.settings import get_settings

    return get_settings().store_path


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0–100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def run_once(store: ox.Store, query: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and result rows of one run; a SELECT's results are serialised to SPARQL
    JSON inside the timed part (rows are counted after it)."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = store.query(query, use_default_graph_as_union=True)
    out = io.BytesIO()
    if isinstance(result, ox.QuerySolutions):
        result.serialize(out, ox.QueryResultsFormat.JSON)
        rows = -1
    elif isinstance(result, ox.QueryBoolean):
        rows = 1
    else:
        rows = len(list(result))
    elapsed, cpu_used = time.perf_counter() - wall, time.process_time() - cpu
    if rows < 0:
        rows = len(json.loads(out.getvalue())["results"]["bindings"])
    return elapsed, cpu_used, rows


def bench(store_path: Path, folder: Path, runs: int, only: set[str]) -> str:
    if not store_path.exists():
        raise SystemExit(f"--store: no store at {store_path} (build one with `svkg build --store PATH`)")
    files = sorted(p for p in folder.glob("*.rq") if not only or p.name[:2] in only)
    if not files:
        raise SystemExit(f"--queries: no .rq files in {folder}")
    store = ox.Store.read_only(str(store_path))
    quads = len(store)
    load_before = os.getloadavg()
    lines = [
        "| query | rows | median ms | p95 ms | median CPU ms |",
        "|---|---:|---:|---:|---:|",
    ]
    totals = [0.0, 0.0]
    for path in files:
        query = path.read_text(encoding="utf-8")
        run_once(store, query)  # warm-up
        walls, cpus, rows = [], [], 0
        for _ in range(runs):
            wall, cpu, rows = run_once(store, query)
            walls.append(wall * 1000)
            cpus.append(cpu * 1000)
        med, p95, cpu_med = statistics.median(walls), percentile(walls, 95), statistics.median(cpus)
        totals[0] += med
        totals[1] += cpu_med
        lines.append(f"| {path.stem} | {rows:,} | {med:,.0f} | {p95:,.0f} | {cpu_med:,.0f} |")
        print(f"  {path.stem}: {med:,.0f} ms", file=sys.stderr)
    lines.append(f"| **all {len(files)}** | | **{totals[0]:,.0f}** | | **{totals[1]:,.0f}** |")
    load_after = os.getloadavg()
    header = (
        f"`bench/bench_queries.py`, {dt.date.today().isoformat()}, CPython {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}, {os.cpu_count()} CPUs; store of {quads:,} quads; queries from "
        f"`{_shown(folder)}`; {runs} runs after one warm-up; load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after."
    )
    return header + "\n\n" + "\n".join(lines)


def _shown(folder: Path) -> str:
    try:
        return str(folder.resolve().relative_to(ROOT))
    except ValueError:
        return folder.name


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, help="a built store (default: SVKG_STORE_PATH)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs per query (default 10)")
    parser.add_argument("--queries", type=Path, default=QUERIES, help="folder of .rq files")
    parser.add_argument("--only", default="", help="comma-separated query numbers, e.g. 05,06")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    only = {s.strip().zfill(2) for s in args.only.split(",") if s.strip()}
    print(bench(args.store or default_store(), args.queries, args.runs, only))


if __name__ == "__main__":
    main()
