"""F1 — cascade extraction, and the per-vendor cascades the model is fitted on.

A cascade is identified by (vendor group, action class). From a trigger (an action, or a state, vendor
and date) it lists the followers — every other state whose first matching action against the vendor
group falls in (t0, t0 + window] — sorted by (date, state IRI), the pre-adopters (states that acted on or
before t0), the cumulative curve by month and summary figures. Pure event processing: no model.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

import numpy as np

from graph.ripple.data import Cascades, Network, to_t
from graph.ripple.definition import add_duration
from graph.ripple.projection import ActionRecord, Projection


@dataclass
class Adoption:
    state: str
    date: dt.date
    action: ActionRecord
    lag_days: int = 0
    acted_before: ActionRecord | None = None  # an earlier matching action (pre-trigger) of this state


@dataclass
class Cascade:
    trigger: ActionRecord | None
    trigger_state: str
    t0: dt.date
    end: dt.date  # t0 + window (inclusive)
    vendors: list[str]
    group: set[str]
    include_pre_adopters: bool
    followers: list[Adoption] = field(default_factory=list)
    pre_adopters: list[Adoption] = field(default_factory=list)
    observed_until: dt.date | None = None

    @property
    def n_followers(self) -> int:
        return len(self.followers)

    @property
    def median_lag(self) -> float | None:
        return float(statistics.median(f.lag_days for f in self.followers)) if self.followers else None

    def t_to_k(self, k: int) -> int | None:
        """Days from the trigger to the k-th follower (None if fewer than k followed)."""
        return self.followers[k - 1].lag_days if 0 < k <= len(self.followers) else None

    def curve(self) -> list[dict[str, object]]:
        """Cumulative followers at the end of each month after t0 (month 0 = t0's month)."""
        months = (self.end.year - self.t0.year) * 12 + self.end.month - self.t0.month
        out = []
        for m in range(months + 1):
            ny, nmo = divmod(self.t0.month + m, 12)  # the month after month m (0-based month)
            month_end = dt.date(self.t0.year + ny, nmo + 1, 1) - dt.timedelta(days=1)
            out.append(
                {
                    "month": m,
                    "date": month_end.isoformat(),
                    "cumulative": sum(1 for f in self.followers if f.date <= month_end),
                }
            )
        return out


def first_actions(
    actions: list[ActionRecord], since: dt.date | None = None, after: dt.date | None = None
) -> dict[str, ActionRecord]:
    """Each state's first action (date, then IRI) on or after `since`, or strictly after `after`."""
    out: dict[str, ActionRecord] = {}
    for a in actions:  # sorted by (date, IRI)
        if (since and a.date < since) or (after and a.date <= after):
            continue
        for s in a.states:
            out.setdefault(s, a)
    return out


def extract(
    proj: Projection,
    *,
    trigger: ActionRecord | None = None,
    trigger_state: str | None = None,
    t0: dt.date | None = None,
    vendors: list[str] | None = None,
    window: str | None = None,
    include_pre_adopters: bool = False,
) -> Cascade:
    """The cascade from a trigger action (or from a state, vendors and a date)."""
    d = proj.definition
    if trigger is not None:
        t0 = trigger.date
        trigger_state = trigger_state or (trigger.states[0] if trigger.states else None)
        vendors = vendors or [proj.vendor_root(t) for t in trigger.targets]
    if t0 is None or trigger_state is None or not vendors:
        raise ValueError("a cascade needs a trigger action, or a state, vendors and a date")
    vendors = sorted(set(vendors))
    group = proj.vendor_group(vendors)
    acts = proj.actions_against(group)
    end = add_duration(t0, window or d.window)
    # with pre-adopters included, `since` is the trigger date (the fitting rule): look before it for them
    ever = first_actions(acts, since=None if include_pre_adopters else d.since)
    c = Cascade(
        trigger, trigger_state, t0, end, vendors, group, include_pre_adopters, observed_until=proj.as_of
    )
    for s, a in sorted(ever.items()):
        if s != trigger_state and a.date <= t0:
            c.pre_adopters.append(Adoption(s, a.date, a, (a.date - t0).days))
    firsts = first_actions(acts, after=t0) if include_pre_adopters else ever
    pre = {p.state: p.action for p in c.pre_adopters}
    for s, a in firsts.items():
        if s == trigger_state or not (t0 < a.date <= end):
            continue
        if s in pre and not include_pre_adopters:
            continue
        c.followers.append(Adoption(s, a.date, a, (a.date - t0).days, pre.get(s)))
    c.followers.sort(key=lambda f: (f.date, f.state))
    c.pre_adopters.sort(key=lambda f: (f.date, f.state))
    return c


def cascade_times(net: Network, c: Cascade) -> np.ndarray:
    """Adoption times over the network's states for the model: trigger at t0, followers at their dates,
    pre-adopters (when excluded) at their earlier dates (they are sources, not at risk)."""
    times = np.full(net.n, np.inf)
    if c.trigger_state in net.index:
        times[net.index[c.trigger_state]] = to_t(c.t0)
    if not c.include_pre_adopters:
        for p in c.pre_adopters:
            if p.state in net.index:
                times[net.index[p.state]] = to_t(p.date)
    for f in c.followers:
        if f.state in net.index:
            times[net.index[f.state]] = to_t(f.date)
    return times


def vendor_cascades(
    proj: Projection, net: Network, *, window_years: float | None = None, cutoff: dt.date | None = None
) -> tuple[Cascades, list[dict[str, object]]]:
    """One cascade per vendor (top of its ownership tree): each state's first matching action on or after
    `since`; t0 = the first of them; observed until t0 + window, the data's end or `cutoff`."""
    d = proj.definition
    w = d.window_years if window_years is None else window_years
    roots: dict[str, list[ActionRecord]] = {}
    for a in proj.actions:
        for r in sorted({proj.vendor_root(t) for t in a.targets}):
            roots.setdefault(r, []).append(a)
    rows, starts, ends, firsts, meta = [], [], [], [], []
    data_end = to_t(min(proj.as_of, cutoff) if cutoff else proj.as_of)
    for vendor, acts in sorted(roots.items()):
        fa = first_actions(acts, since=d.since)
        fa = {s: a for s, a in fa.items() if s in net.index}
        if not fa:
            continue
        order = sorted(fa.items(), key=lambda sa: (sa[1].date, sa[0]))
        first_state, first_action = order[0]
        t0 = to_t(first_action.date)
        if t0 > data_end:
            continue
        times = np.full(net.n, np.inf)
        for s, a in fa.items():
            times[net.index[s]] = to_t(a.date)
        rows.append(times)
        starts.append(t0)
        ends.append(min(t0 + w, data_end))
        firsts.append(net.index[first_state])
        meta.append(
            {
                "vendor": vendor,
                "first_state": first_state,
                "first_action": first_action.iri,
                "t0": first_action.date.isoformat(),
                "adopters": len(fa),
            }
        )
    cas = Cascades(
        np.array(rows).reshape(-1, net.n),
        np.array(starts),
        np.array(ends),
        np.array(firsts, dtype=int),
        [m["vendor"] for m in meta],
    )  # type: ignore[misc]
    return cas, meta
