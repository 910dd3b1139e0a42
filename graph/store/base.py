"""The interface every store implements, and small helpers over it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox

Row = dict[str, Any]
"""One SELECT solution as a dict of variable name -> Python value (str for IRIs and plain literals,
int/float/bool/date for typed literals, None for unbound)."""

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class GraphStore(ABC):
    """A quad store that answers SPARQL. The SPARQL default graph is the union of all named graphs.

    Results use pyoxigraph's term classes whatever the backend, so callers never care which it is.
    Values from users enter queries only through `bindings` (pyoxigraph substitutions or a VALUES
    block for remote servers), never by pasting into the query text.
    """

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query. `default_graph`/`named_graphs` (IRIs) select the dataset; when both are
        None the default graph is the union of all named graphs."""

    @abstractmethod
    def query_serialized(
        self,
        sparql: str,
        media_type: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> bytes:
        """Run a query and serialise its result natively in `media_type` (a SPARQL results or RDF type)."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs."""

    @abstractmethod
    def load(self, data: bytes | str, media_type: str, graph: str | None) -> None:
        """Add RDF (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) to `graph` (None = default graph)."""

    @abstractmethod
    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        """Serialise one graph (triples) or, with graph=None and a quad format, the whole dataset."""

    @abstractmethod
    def clear_graph(self, graph: str) -> None:
        """Remove a named graph and its triples."""

    @abstractmethod
    def quad_count(self, graph: str | None = None) -> int:
        """Triples in `graph`, or quads in the whole store."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store (flush, close handles)."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def to_python(term: Term | None) -> Any:
    """A pyoxigraph term as a plain Python value (IRIs and strings as str, numbers, booleans, dates)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        from rdflib import Literal as RLiteral
        from rdflib import URIRef

        dt = term.datatype.value if term.datatype else None
        if term.language:
            return term.value
        if dt is None or dt == "http://www.w3.org/2001/XMLSchema#string":
            return term.value
        return RLiteral(term.value, datatype=URIRef(dt)).toPython()
    return str(term)


def select_rows(
    store: GraphStore,
    sparql: str,
    bindings: Mapping[str, Term] | None = None,
    **kwargs: Any,
) -> list[Row]:
    """Run a SELECT and return its solutions as dicts of plain Python values."""
    result = store.query(sparql, bindings=bindings, **kwargs)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("select_rows needs a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: to_python(sol[n]) for n in names} for sol in result]


def iter_terms(values: Iterable[str]) -> Iterator[ox.NamedNode]:
    """IRIs as NamedNodes."""
    for v in values:
        yield ox.NamedNode(v)
