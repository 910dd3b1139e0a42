"""The embedded, persistent store: pyoxigraph on disk (or in memory for tests)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.store.base import GraphStore, Term
from graph.store.formats import rdf_format, results_format
from graph.store.sparql_lexer import tokenize


def _graphs(iris: list[str] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


def has_dataset_clause(sparql: str) -> bool:
    """Whether a query names its own dataset with FROM / FROM NAMED (as a keyword, not in a string)."""
    if "from" not in sparql.lower():
        return False
    return any(t.keyword == "FROM" for t in tokenize(sparql))


class EmbeddedStore(GraphStore):
    """A pyoxigraph `Store`. The SPARQL default graph is the union of the named graphs unless a query
    names its dataset (`default_graph`/`named_graphs`, or FROM/FROM NAMED in the query)."""

    def __init__(self, store: ox.Store, path: Path | None = None, read_only: bool = False) -> None:
        self.ox = store
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = True) -> EmbeddedStore:
        path = Path(path)
        if read_only:
            if not path.exists():
                raise StoreError(f"no store at {path}: run `svkg build` first")
            try:
                return cls(ox.Store.read_only(str(path)), path, read_only=True)
            except OSError as exc:
                raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        path.mkdir(parents=True, exist_ok=True)
        try:
            return cls(ox.Store(str(path)), path)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path} for writing: {exc}") from exc

    @classmethod
    def in_memory(cls) -> EmbeddedStore:
        return cls(ox.Store())

    # -- queries ---------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            subs = {ox.Variable(k): v for k, v in bindings.items()} if bindings else None
        except ValueError as exc:
            raise QueryError(f"invalid binding name: {exc}") from exc
        # The default graph is the union of the named graphs unless the request (default_graph /
        # named_graphs) or the query itself (FROM / FROM NAMED) names the dataset. With only named
        # graphs given, the default graph is empty.
        union = default_graph is None and named_graphs is None and not has_dataset_clause(sparql)
        if default_graph is None and named_graphs is not None:
            default_graph = []
        try:
            return self.ox.query(
                sparql,
                use_default_graph_as_union=union,
                default_graph=_graphs(default_graph) if default_graph else None,
                named_graphs=_graphs(named_graphs),
                substitutions=subs,
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:
            # pyoxigraph substitutes only variables a SELECT projects
            if "does not contain" in str(exc) and "projection" in str(exc):
                raise QueryError(f"{exc}: a bound variable must be in the SELECT list (or use SELECT *)"
                                 ) from exc
            raise

    def query_serialized(
        self,
        sparql: str,
        media_type: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> bytes:
        result = self.query(sparql, bindings=bindings, default_graph=default_graph, named_graphs=named_graphs)
        if isinstance(result, ox.QueryTriples):
            return result.serialize(format=rdf_format(media_type)) or b""
        return result.serialize(format=results_format(media_type)) or b""

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError("this store is open read-only")
        try:
            self.ox.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL Update syntax error: {exc}") from exc

    # -- graphs ----------------------------------------------------------------------------------
    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def load(self, data: bytes | str, media_type: str, graph: str | None) -> None:
        if self.read_only:
            raise StoreError("this store is open read-only")
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        fmt = rdf_format(media_type)
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            self.ox.load(data, format=fmt)
        else:
            self.ox.load(data, format=fmt, to_graph=target)

    def bulk_load_file(self, path: Path, media_type: str, graph: str | None) -> None:
        """Load a (large) file through pyoxigraph's bulk loader, which does not hold it all in memory."""
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self.ox.bulk_load(path=str(path), format=rdf_format(media_type), to_graph=target)

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = rdf_format(media_type)
        if graph is not None:
            return self.ox.dump(format=fmt, from_graph=ox.NamedNode(graph)) or b""
        if fmt.supports_datasets:
            return self.ox.dump(format=fmt) or b""
        # a triple format for the whole dataset: the union of all graphs
        triples = self.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return triples.serialize(format=fmt) or b""

    def clear_graph(self, graph: str) -> None:
        if self.read_only:
            raise StoreError("this store is open read-only")
        self.ox.remove_graph(ox.NamedNode(graph))

    def quad_count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self.ox)
        rows = self.ox.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                             substitutions={ox.Variable("g"): ox.NamedNode(graph)})
        return sum(int(r["n"].value) for r in rows)

    def close(self) -> None:
        if not self.read_only:
            with contextlib.suppress(OSError):
                self.ox.flush()
        del self.ox
