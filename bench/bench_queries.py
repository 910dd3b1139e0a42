"""Timings of the example analyst queries (ontology/queries/*.rq) on a built store.

    .venv/bin/python bench/bench_queries.py [--store PATH] [--runs 10] [--queries DIR] [--baseline DIR]
                                            [--only 05,06]

Each query runs in-process against `pyoxigraph.Store.read_only(store)` with the union default graph (as
the SPARQL endpoint runs it), results serialised to SPARQL JSON — the work a worker does for one request.
One warm-up run, then `--runs` timed runs. Prints a Markdown table: result rows, median and p95 wall time,
median CPU time of this process (on a busy machine the CPU time is close to what an idle machine gives as
wall time), with the date, the store size and the load average before and after.

`--baseline DIR` times the file of the same name in DIR too (for instance a copy of the queries before a
rewrite), just before the query itself, and checks that both give the same answer: the same rows with the
same values (as a multiset), and whether in the same order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ROOT / "ontology" / "queries"


@dataclass
class Timings:
    walls: list[float] = field(default_factory=list)  # ms
    cpus: list[float] = field(default_factory=list)  # ms
    rows: list[str] = field(default_factory=list)  # canonical JSON of each result row, in order

    def median(self) -> float:
        return statistics.median(self.walls)

    def p95(self) -> float:
        return percentile(self.walls, 95)

    def cpu(self) -> float:
        return statistics.median(self.cpus)


def default_store() -> Path:
    from graph.settings import get_settings

    return get_settings().store_path


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0–100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1]


def run_once(store: ox.Store, query: str, into: Timings) -> None:
    """One run: wall and CPU time of the query with its results serialised to SPARQL JSON; the rows are
    decoded after the timed part."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = store.query(query, use_default_graph_as_union=True)
    out = io.BytesIO()
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        result.serialize(out, ox.QueryResultsFormat.JSON)
    else:
        result.serialize(out, ox.RdfFormat.N_TRIPLES)
    into.walls.append((time.perf_counter() - wall) * 1000)
    into.cpus.append((time.process_time() - cpu) * 1000)
    payload = out.getvalue()
    if isinstance(result, ox.QuerySolutions):
        bindings = json.loads(payload)["results"]["bindings"]
        into.rows = [json.dumps(b, sort_keys=True) for b in bindings]
    else:
        into.rows = payload.decode("utf-8").splitlines()


def answer(before: Timings, after: Timings) -> str:
    if before.rows == after.rows:
        return "same"
    if sorted(before.rows) == sorted(after.rows):
        return "same rows, order differs"
    return "**DIFFERENT**"


def bench(store_path: Path, folder: Path, baseline: Path | None, runs: int, only: set[str]) -> str:
    if not store_path.exists():
        raise SystemExit(f"--store: no store at {store_path} (build one with `svkg build --store PATH`)")
    files = sorted(p for p in folder.glob("*.rq") if not only or p.name[:2] in only)
    if not files:
        raise SystemExit(f"--queries: no .rq files in {folder}")
    if baseline is not None and not baseline.is_dir():
        raise SystemExit(f"--baseline: {baseline} is not a folder")
    store = ox.Store.read_only(str(store_path))
    quads = len(store)
    load_before = os.getloadavg()
    if baseline is None:
        lines = ["| query | rows | median ms | p95 ms | median CPU ms |", "|---|---:|---:|---:|---:|"]
    else:
        lines = [
            "| query | rows | before: median ms | after: median ms | after: p95 ms | after: median CPU ms "
            "| speed-up | answer |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
    total_before = total_after = total_cpu = 0.0
    for path in files:
        query = path.read_text(encoding="utf-8")
        old_path = baseline / path.name if baseline is not None else None
        old_query = old_path.read_text(encoding="utf-8") if old_path and old_path.exists() else None
        new, old = Timings(), Timings()
        # One block per version (warm-up, then the runs): alternating runs would have each version read
        # the store after the other one, which slows both down (store and CPU caches).
        for text, into in ((old_query, old), (query, new)):
            if text is not None:
                run_once(store, text, Timings())
                for _ in range(runs):
                    run_once(store, text, into)
        total_after += new.median()
        total_cpu += new.cpu()
        cells = f"{new.median():,.0f} | {new.p95():,.0f} | {new.cpu():,.0f}"
        if baseline is None:
            lines.append(f"| {path.stem} | {len(new.rows):,} | {cells} |")
        elif old_query is None:
            lines.append(f"| {path.stem} | {len(new.rows):,} | – | {cells} | – | (no baseline) |")
        else:
            total_before += old.median()
            speed_up = old.median() / max(new.median(), 0.001)
            lines.append(f"| {path.stem} | {len(new.rows):,} | {old.median():,.0f} | {cells} "
                         f"| {speed_up:,.1f}× | {answer(old, new)} |")
        print(f"  {path.stem}: {new.median():,.0f} ms", file=sys.stderr)
    if baseline is None:
        lines.append(f"| **all {len(files)}** | | **{total_after:,.0f}** | | **{total_cpu:,.0f}** |")
    else:
        lines.append(f"| **all {len(files)}** | | **{total_before:,.0f}** | **{total_after:,.0f}** | "
                     f"| **{total_cpu:,.0f}** | **{total_before / max(total_after, 0.001):,.1f}×** | |")
    load_after = os.getloadavg()
    header = (
        f"`bench/bench_queries.py`, {dt.date.today().isoformat()}, CPython {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}, {os.cpu_count()} CPUs; store of {quads:,} quads; queries from "
        f"`{_shown(folder)}`" + (f" against `{_shown(baseline)}`" if baseline is not None else "")
        + f"; {runs} runs after one warm-up; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after."
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
    parser.add_argument("--baseline", type=Path, help="folder of the same queries to compare against")
    parser.add_argument("--only", default="", help="comma-separated query numbers, e.g. 05,06")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    only = {s.strip().zfill(2) for s in args.only.split(",") if s.strip()}
    print(bench(args.store or default_store(), args.queries, args.baseline, args.runs, only))


if __name__ == "__main__":
    main()
