"""Map a SHACL violation back to where a person can fix it: graph -> source file -> line.

The graph is the one that types the focus node (else the first that has it as a subject). The file is
that graph's origin (from the build, or from its `svkgg:meta` record). The line is found in the file's
text: in Turtle, the line that starts with the node (as <iri> or prefix:local), else the first naming it;
in YAML and CSV, a YAML `id:` line for the node, else a CSV row whose first column is its key, else the
first line naming its id path (`state/JP`) or key (`T01`; a claim `T01-1` is looked up as its row
`T01`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import Location
from graph.iris import ID
from graph.meta import record_from_store
from graph.settings import REPO_ROOT
from graph.validate import Violation

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@cache
def _lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


_PREFIX_DECL = re.compile(r"^\s*@?prefix\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)


def _turtle_spellings(lines: tuple[str, ...], iri: str) -> list[str]:
    """How `iri` can be written in a Turtle file: <iri> and prefix:local for its declared prefixes."""
    out = [f"<{iri}>"]
    for line in lines:
        m = _PREFIX_DECL.match(line)
        if m and iri.startswith(m.group(2)) and len(iri) > len(m.group(2)):
            local = iri[len(m.group(2)):]
            out += [f"{m.group(1)}:{local}", f"{m.group(1)}:{local.replace('/', chr(92) + '/')}"]
    return out


def find_line(path: Path, iri: str) -> int | None:
    """The 1-based line of `path` that defines (or first names) the node `iri`, if any."""
    lines = _lines(path)
    if path.suffix in (".ttl", ".trig", ".n3", ".nt", ".nq"):
        spellings = _turtle_spellings(lines, iri)
        patterns = [re.compile(rf"^{re.escape(w)}(?![\w/-])") for w in spellings]  # as a subject
        patterns += [re.compile(rf"(?<![\w:/.-]){re.escape(w)}(?![\w/-])") for w in spellings]
    elif iri.startswith(ID):
        ref = iri[len(ID):]  # state/JP, action/T01, claim/T01-1
        key = ref.split("/", 1)[-1]
        keys = [key] + ([re.sub(r"-\d+$", "", key)] if ref.startswith("claim/") else [])
        patterns = [re.compile(rf"^\s*-?\s*id:\s*['\"]?{re.escape(ref)}['\"]?\s*(#.*)?$")]
        patterns += [re.compile(rf"^\"?{re.escape(k)}\"?,") for k in keys]
        patterns += [re.compile(rf"(?<![\w/.-]){re.escape(t)}(?![\w/-])") for t in (ref, *keys)]
    else:
        return None
    for pattern in patterns:
        for i, line in enumerate(lines, start=1):
            if pattern.search(line):
                return i
    return None


def locator(store: ox.Store, loaded: Iterable[Any] = (), base: Path = REPO_ROOT
            ) -> Callable[[Violation], Violation]:
    """A function filling in a violation's graph and location. `loaded` are the build's graphs (objects
    with `.record`, `.paths` {shown path: real path} and, for a graph made of several files,
    `.subjects_by_file` {shown path: subjects}); for other graphs the store's meta record is read and
    its origin taken relative to `base`."""
    known = {lg.record.graph: lg for lg in loaded}

    def locate(v: Violation) -> Violation:
        term: ox.NamedNode | ox.BlankNode = (ox.BlankNode(v.focus[2:]) if v.focus.startswith("_:")
                                             else ox.NamedNode(v.focus))
        found = sorted({q.graph_name.value for q in store.quads_for_pattern(term, None, None, None)
                        if isinstance(q.graph_name, ox.NamedNode)})
        typed = [g for g in found
                 if any(True for _ in store.quads_for_pattern(term, RDF_TYPE, None, ox.NamedNode(g)))]
        graph = (typed or found or [None])[0]
        if graph is None:
            return v
        lg = known.get(graph)
        record = lg.record if lg is not None else record_from_store(store, graph)
        paths: dict[str, Path] = dict(getattr(lg, "paths", {}) or {})
        if not paths and record is not None:
            paths = {f: base / f for f in record.origin_files}
        split = getattr(lg, "subjects_by_file", {}) or {}
        shown = next((f for f, subs in split.items() if v.focus in subs), next(iter(paths), None))
        if shown is None:
            return dataclasses.replace(v, graph=graph)
        real = paths.get(shown)
        line = find_line(real, v.focus) if real is not None else None
        return dataclasses.replace(v, graph=graph, location=Location(shown, line, v.path))

    return locate
