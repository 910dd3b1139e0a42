"""Benchmark entity resolution: precision and recall on the hand-labelled pairs at several thresholds,
and on a built store the links made per dataset, the uncertain pairs and the run time.

    .venv/bin/python bench/bench_resolve.py                      # labelled pairs only
    .venv/bin/python bench/bench_resolve.py --store PATH         # and a full run on a built store

The store is opened read-only and nothing is written (the run is `graph.resolve.resolve_store`, the
same code `svkg resolve` and the build use, without the write).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.resolve import DEFAULT_THRESHOLD  # noqa: E402
from graph.resolve.evaluate import curated_records, evaluate, load_pairs  # noqa: E402

PAIRS = REPO / "tests" / "fixtures" / "resolution" / "pairs.csv"
THRESHOLDS = (0.75, 0.80, 0.85, 0.90, 0.95, 0.99)


def labelled() -> None:
    t0 = time.perf_counter()
    curated = curated_records(REPO / "data", REPO / "ontology")
    pairs = load_pairs(PAIRS)
    load = time.perf_counter() - t0
    same = sum(p.same for p in pairs)
    print(f"labelled pairs: {len(pairs)} ({same} same, {len(pairs) - same} different); "
          f"{len(curated)} curated records loaded in {load:.1f}s")
    print("| threshold | links | TP | FP | FN | precision | recall |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for th in THRESHOLDS:
        r = evaluate(pairs, curated, threshold=th)
        mark = " (default)" if th == DEFAULT_THRESHOLD else ""
        print(f"| {th:.2f}{mark} | {r.tp + r.fp} | {r.tp} | {r.fp} | {r.fn} | {r.precision:.3f} | "
              f"{r.recall:.3f} |")
    r = evaluate(pairs, curated)
    for pair, why in r.mistakes:
        print(f"  line {pair.line}: {pair.left_name!r} / {pair.right_name!r} (same={int(pair.same)}): {why}")


def full_run(store_path: Path) -> None:
    from graph.resolve import resolve_store
    from graph.resolve.records import read_records
    from graph.resolve.resolve import resolve
    from graph.store import EmbeddedStore

    with EmbeddedStore.open(store_path, read_only=True) as store:
        t0 = time.perf_counter()
        records = read_records(store)
        read = time.perf_counter() - t0
        t0 = time.perf_counter()
        res = resolve_store(store, data_dir=REPO / "data")
        total = time.perf_counter() - t0
        plain = resolve(records)  # without the manual decisions
    print(f"store {store_path.name}: {res.records} records ({res.imported} imported, {res.curated} curated); "
          f"read {read:.1f}s, read + resolve {total:.1f}s (matching alone {res.seconds:.1f}s)")
    manual = sum(p.decision == "manual" for p in res.links)
    print(f"links: {len(res.links)} ({manual} manual); without the decisions file: {len(plain.links)}")
    for graph, n in res.links_per_graph().items():
        print(f"  {graph}: {n}")
    kinds: dict[str, int] = {}
    for p in res.uncertain:
        kinds[p.decision] = kinds.get(p.decision, 0) + 1
    print(f"uncertain pairs: {len(res.uncertain)} {kinds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="A built store to resolve (read-only).")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}")
    labelled()
    if args.store:
        full_run(args.store)


if __name__ == "__main__":
    main()
