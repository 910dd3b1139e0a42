"""One analysis of a store under one definition: the projection, the network and the fitted model,
built once and cached per (store, definition) so interactive calls only do the feature's own work.

The CLI and the API both go through `analysis(store, definition)`; `answers.py` turns its results into
JSON with the evidence (actions, dates, sources) and the parameters.
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import cached_property

from graph.ripple.cascade import vendor_cascades
from graph.ripple.data import Cascades, Network
from graph.ripple.definition import Definition
from graph.ripple.model import Fit, fit
from graph.ripple.projection import Projection, load_projection
from graph.ripple.simulate import EdgeSet
from graph.store.base import GraphStore

_MAX_PER_STORE = 16
_cache: weakref.WeakKeyDictionary[GraphStore, OrderedDict[Definition, Analysis]] = weakref.WeakKeyDictionary()
_loaded: weakref.WeakKeyDictionary[GraphStore, OrderedDict[tuple, Projection]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_load_lock = threading.Lock()  # one SPARQL load at a time; a concurrent request then finds it cached


def _load_key(d: Definition) -> tuple:
    """The parts of a definition that change what is read from the store (the rest is applied later)."""
    return (d.action_class, d.sources, d.tie_key, d.include_dyadic)


@dataclass
class Analysis:
    projection: Projection
    timings: dict[str, float] = field(default_factory=dict)
    _fit_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def definition(self) -> Definition:
        return self.projection.definition

    @cached_property
    def network(self) -> Network:
        return Network.from_graph(self.projection.graph)

    @cached_property
    def edges(self) -> EdgeSet:
        return EdgeSet.from_network(self.network)

    @cached_property
    def cascades(self) -> tuple[Cascades, list[dict[str, object]]]:
        return vendor_cascades(self.projection, self.network)

    @property
    def fitted(self) -> Fit:
        with self._fit_lock:
            if "fit" not in self.__dict__:
                t = time.perf_counter()
                cas, _ = self.cascades
                if cas.count == 0:
                    raise ValueError(
                        "action_class: no cascades to fit: no state acted against any vendor under this "
                        "definition (check the action class, the sources and `since`)"
                    )
                self.__dict__["fit"] = fit(self.network, cas, edges=self.edges)
                self.timings["fit_s"] = time.perf_counter() - t
            return self.__dict__["fit"]

    def type_label(self, k: int) -> str:
        t = self.network.types[k]
        return self.projection.labels.get(t, t.rsplit("/", 1)[-1])

    def state_label(self, i: int) -> str:
        return self.projection.label(self.network.states[i])


def analysis(store: GraphStore, definition: Definition | None = None) -> Analysis:
    """The cached analysis of `store` under `definition` (loaded on first use)."""
    d = definition or Definition()
    with _lock:
        per = _cache.setdefault(store, OrderedDict())
        hit = per.get(d)
        if hit is not None:
            per.move_to_end(d)
            return hit
    t = time.perf_counter()
    with _load_lock:
        with _lock:
            base = _loaded.setdefault(store, OrderedDict()).get(_load_key(d))
        if base is None:
            base = load_projection(store, d)
            with _lock:
                loaded = _loaded.setdefault(store, OrderedDict())
                loaded[_load_key(d)] = base
                while len(loaded) > _MAX_PER_STORE:
                    loaded.popitem(last=False)
    last = max((x.date for x in base.actions), default=base.as_of)
    a = Analysis(replace(base, definition=d, as_of=d.as_of or last))
    a.timings["projection_s"] = time.perf_counter() - t
    with _lock:
        per = _cache.setdefault(store, OrderedDict())
        per[d] = a
        while len(per) > _MAX_PER_STORE:
            per.popitem(last=False)
    return a


def clear_cache(store: GraphStore | None = None) -> None:
    with _lock:
        if store is None:
            _cache.clear()
            _loaded.clear()
        else:
            _cache.pop(store, None)
            _loaded.pop(store, None)


def warm(store: GraphStore, definition: Definition | None = None) -> None:
    """Load and fit the default analysis ahead of the first request (errors are left for that request)."""
    with contextlib.suppress(Exception):  # a warm-up must never take the server down
        analysis(store, definition).fitted  # noqa: B018 - computed for its side effect
