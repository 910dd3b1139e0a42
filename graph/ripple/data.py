"""The data the ripple model works on: a network of dated, typed ties between states, and cascades of
adoption times.

Time is a float number of *years* since 1970-01-01 (one year = 365.25 days), so that the tie weights α_k
are dimensionless and the lag rate β and the background hazard μ are per year. Calendar dates enter and
leave through `to_t` / `to_date`; a "model year" `year_of(t)` is the calendar year within a day.

A `Network` is built from a networkx `MultiGraph` (the projection of the store, or a synthetic world):
nodes are states, each edge is one tie with attributes `type` (the tie type), `start` and `end`
(`datetime.date` or None = open) and optional evidence (`grouping`, `label`, `source`). Concurrent ties of
the same type between the same pair are merged (their validity intervals united) so that a pair never
counts twice for one type; ties of different types enter additively, each as its own source.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

EPOCH = dt.date(1970, 1, 1)
DAYS_PER_YEAR = 365.25
INF = float("inf")


def to_t(d: dt.date | None, default: float = INF) -> float:
    """A date as model time (years since 1970); None gives `default`."""
    if d is None:
        return default
    return (d - EPOCH).days / DAYS_PER_YEAR


def to_date(t: float) -> dt.date:
    """Model time back to the calendar date (rounded to the day)."""
    return EPOCH + dt.timedelta(days=round(t * DAYS_PER_YEAR))


def year_of(t: np.ndarray | float) -> np.ndarray:
    """The calendar year of model times (to within a day)."""
    return (np.floor(np.asarray(t, dtype=float) + 1e-9) + 1970).astype(int)


def year_start(y: np.ndarray | int) -> np.ndarray:
    """Model time of 1 January (of the 365.25-day year) of calendar year `y`."""
    return np.asarray(y, dtype=float) - 1970.0


def parse_duration(text: str | float | int) -> float:
    """`"5Y"`, `"18M"`, `"90D"`, `"2.5"` (years) -> years."""
    if isinstance(text, int | float):
        return float(text)
    s = str(text).strip().upper()
    try:
        if s.endswith("Y"):
            return float(s[:-1])
        if s.endswith("M"):
            return float(s[:-1]) / 12.0
        if s.endswith("D"):
            return float(s[:-1]) / DAYS_PER_YEAR
        return float(s)
    except ValueError:
        raise ValueError(f"not a duration: {text!r} (use e.g. 5Y, 18M, 90D)") from None


@dataclass
class Network:
    """States and their typed, dated ties as flat arrays (one row per merged tie, undirected)."""

    states: list[str]
    types: list[str]
    u: np.ndarray  # int, node index
    v: np.ndarray  # int
    k: np.ndarray  # int, tie type index
    start: np.ndarray  # float, model time (−inf = always)
    end: np.ndarray  # float, model time (+inf = open)
    labels: dict[str, str] = field(default_factory=dict)
    via: list[list[str]] = field(default_factory=list)  # groupings behind each row (evidence)
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {s: i for i, s in enumerate(self.states)}

    @property
    def n(self) -> int:
        return len(self.states)

    def directed(self) -> tuple[np.ndarray, ...]:
        """(src, dst, k, start, end, row) with every tie in both directions."""
        src = np.concatenate([self.u, self.v])
        dst = np.concatenate([self.v, self.u])
        rows = np.arange(len(self.u))
        return (
            src,
            dst,
            np.concatenate([self.k, self.k]),
            np.concatenate([self.start, self.start]),
            np.concatenate([self.end, self.end]),
            np.concatenate([rows, rows]),
        )

    def active_ties(self, a: int, b: int, t: float) -> list[int]:
        """Rows of the ties between a and b valid at time t."""
        m = (
            (((self.u == a) & (self.v == b)) | ((self.u == b) & (self.v == a)))
            & (self.start <= t)
            & (t < self.end)
        )
        return [int(i) for i in np.flatnonzero(m)]

    def neighbours(self, a: int, t: float | None = None) -> set[int]:
        m = np.ones(len(self.u), bool) if t is None else (self.start <= t) & (t < self.end)
        out = set(self.v[m & (self.u == a)].tolist()) | set(self.u[m & (self.v == a)].tolist())
        out.discard(a)
        return out

    def label(self, i: int) -> str:
        s = self.states[i]
        return self.labels.get(s, s)

    @classmethod
    def from_graph(cls, g: nx.MultiGraph, types: Sequence[str] | None = None) -> Network:
        """Arrays from a MultiGraph whose edges carry `type`, `start`, `end` (dates or None)."""
        states = sorted(g.nodes)
        idx = {s: i for i, s in enumerate(states)}
        merged: dict[tuple[int, int, str], list[tuple[float, float, str]]] = defaultdict(list)
        for a, b, key, d in g.edges(keys=True, data=True):
            if a == b:
                continue
            i, j = sorted((idx[a], idx[b]))
            merged[(i, j, d["type"])].append(
                (to_t(d.get("start"), -INF), to_t(d.get("end"), INF), str(d.get("grouping", key)))
            )
        all_types = sorted({k for _, _, k in merged}) if types is None else list(types)
        tix = {k: n for n, k in enumerate(all_types)}
        rows: list[tuple[int, int, int, float, float]] = []
        via: list[list[str]] = []
        for (i, j, kname), ivs in sorted(merged.items()):
            if kname not in tix:
                continue
            for s, e, groups in _merge_intervals(ivs):
                rows.append((i, j, tix[kname], s, e))
                via.append(groups)
        arr = np.array(rows, dtype=float).reshape(-1, 5)
        labels = {s: str(g.nodes[s].get("label", s)) for s in states}
        return cls(
            states,
            all_types,
            arr[:, 0].astype(int),
            arr[:, 1].astype(int),
            arr[:, 2].astype(int),
            arr[:, 3],
            arr[:, 4],
            labels=labels,
            via=via,
        )


def _merge_intervals(ivs: Iterable[tuple[float, float, str]]) -> list[tuple[float, float, list[str]]]:
    out: list[tuple[float, float, list[str]]] = []
    for s, e, g in sorted(ivs):
        if out and s <= out[-1][1]:
            ps, pe, pg = out[-1]
            out[-1] = (ps, max(pe, e), [*pg, g] if g not in pg else pg)
        else:
            out.append((s, e, [g]))
    return out


@dataclass
class Cascades:
    """Adoption times of many cascades over one network's states.

    `times[c, v]` is when state v adopted in cascade c (inf: not observed to adopt by `end[c]`);
    `start[c]` is when exposure begins (the trigger, t0); states with times ≤ start are not at risk;
    `end[c]` is when observation stops (t0 + window, the data's end or the fitting cutoff, whichever
    is first). `first[c]` is the trigger state.
    """

    times: np.ndarray  # (C, n)
    start: np.ndarray  # (C,)
    end: np.ndarray  # (C,)
    first: np.ndarray  # (C,) int
    names: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.start)

    def censored(self, cutoff: float) -> Cascades:
        """What was known at `cutoff`: cascades started by then, events after it removed."""
        keep = self.start <= cutoff
        times = self.times[keep].copy()
        times[times > cutoff] = np.inf
        return Cascades(
            times,
            self.start[keep].copy(),
            np.minimum(self.end[keep], cutoff),
            self.first[keep].copy(),
            [n for n, k in zip(self.names, keep, strict=False) if k],
        )

    def subset(self, rows: np.ndarray | Sequence[int]) -> Cascades:
        rows = np.asarray(rows, dtype=int)
        names = [self.names[i] for i in rows] if self.names else []
        return Cascades(self.times[rows], self.start[rows], self.end[rows], self.first[rows], names)
