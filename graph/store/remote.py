"""A GraphStore over any SPARQL 1.1 server: the Protocol for queries and updates, the Graph Store Protocol
for loading and dumping graphs (Oxigraph server, Fuseki, GraphDB, Virtuoso, Neptune …).

* Queries are POSTed as `application/sparql-query`, with `default-graph-uri` / `named-graph-uri`
  parameters when a dataset is named. One `Accept` type is sent, chosen from the query form (results
  JSON for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE), and the answer is parsed into pyoxigraph terms
  with `pyoxigraph.parse_query_results` / `pyoxigraph.parse`, so callers cannot tell it from the
  embedded store.
* Bindings become a trailing `VALUES` block (allowed after any query form): each value is written in
  its N-Triples form by pyoxigraph, which escapes it, so user text never reaches the query as syntax.
  Unlike pyoxigraph's substitutions this joins at the end of the query — after any GROUP BY — so bind
  only variables the query projects (or that a non-aggregate pattern binds); a variable used only inside
  an aggregate or a sub-SELECT is not restricted. Blank nodes cannot be bound.
* The server's default graph should be the union of its named graphs (as svkg's is); `quad_count()`
  with no graph counts the triples of all named graphs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from graph.errors import QueryError, QueryTimeout, StoreError
from graph.store.base import GraphStore, Term
from graph.store.formats import rdf_format, results_format

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_PROLOGUE = re.compile(
    r"\A(?:\s|\#[^\n]*\n?|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*"
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue (BASE/PREFIX, comments)."""
    m = _PROLOGUE.match(sparql)
    if not m:
        raise QueryError("SPARQL syntax error: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the "
                         "prologue")
    return m.group(1).upper()


def values_block(bindings: Mapping[str, Term]) -> str:
    """`VALUES (?a ?b) { (<iri> "text"@en) }` from pyoxigraph terms (their escaped N-Triples form)."""
    names, cells = [], []
    for name, term in bindings.items():
        ox.Variable(name)  # raises ValueError on a bad variable name
        if isinstance(term, ox.BlankNode | ox.Triple) or not isinstance(term, ox.NamedNode | ox.Literal):
            raise QueryError(f"cannot bind ?{name} to {term!r} on a remote store: only IRIs and literals")
        names.append(f"?{name}")
        cells.append(str(term))
    return f"\nVALUES ({' '.join(names)}) {{ ({' '.join(cells)}) }}\n"


class RemoteStore(GraphStore):
    """A SPARQL 1.1 server at `query_url` (with optional update and Graph Store endpoints)."""

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 timeout: float = 30.0, *, client: httpx.Client | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self._own_client = client is None
        self.client = client or httpx.Client(timeout=timeout, headers=dict(headers or {}))
        self.timeout = timeout

    # -- HTTP -----------------------------------------------------------------------------------------
    def _send(self, method: str, url: str, *, params: list[tuple[str, str]] | None = None,
              content: bytes | str | None = None, content_type: str | None = None,
              accept: str | None = None) -> httpx.Response:
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        full = url + (("&" if "?" in url else "?") + urlencode(params) if params else "")
        try:
            resp = self.client.request(method, full, content=content, headers=headers, timeout=self.timeout)
        except httpx.TimeoutException as exc:
            raise QueryTimeout(f"the SPARQL server at {url} did not answer within {self.timeout}s") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}") from exc
        if resp.status_code == 400:
            raise QueryError(f"the SPARQL server refused the request: {resp.text.strip()[:1000]}")
        if resp.status_code in (503, 504):
            raise QueryTimeout(f"the SPARQL server at {url} gave up ({resp.status_code})")
        if resp.status_code >= 300:
            raise StoreError(f"the SPARQL server at {url} answered {resp.status_code}: {resp.text[:500]}")
        return resp

    def _post_query(self, sparql: str, accept: str, bindings: Mapping[str, Term] | None,
                    default_graph: list[str] | None, named_graphs: list[str] | None) -> httpx.Response:
        if bindings:
            sparql = sparql + values_block(bindings)
        params = [("default-graph-uri", g) for g in default_graph or []]
        params += [("named-graph-uri", g) for g in named_graphs or []]
        return self._send("POST", self.query_url, params=params, content=sparql.encode("utf-8"),
                          content_type="application/sparql-query; charset=utf-8", accept=accept)

    # -- GraphStore -----------------------------------------------------------------------------------
    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        form = query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            resp = self._post_query(sparql, NTRIPLES, bindings, default_graph, named_graphs)
            fmt = _rdf_format_of(resp, ox.RdfFormat.N_TRIPLES)
            try:
                quads = list(ox.parse(resp.content, format=fmt))
            except SyntaxError as exc:
                raise StoreError(f"malformed {form} result from the server: {exc}") from exc
            triples = ox.Store()
            triples.extend(quads)
            # re-expose as QueryTriples so callers see the embedded store's type
            return triples.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        resp = self._post_query(sparql, RESULTS_JSON, bindings, default_graph, named_graphs)
        ctype = resp.headers.get("content-type", RESULTS_JSON)
        try:
            fmt = results_format(ctype)
        except Exception:
            fmt = ox.QueryResultsFormat.JSON
        try:
            return ox.parse_query_results(resp.content, format=fmt)
        except SyntaxError as exc:
            raise StoreError(f"malformed results from the server (truncated by a timeout?): {exc}") from exc

    def query_serialized(self, sparql: str, media_type: str, *, bindings: Mapping[str, Term] | None = None,
                         default_graph: list[str] | None = None,
                         named_graphs: list[str] | None = None) -> bytes:
        form = query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            rdf_format(media_type)
        else:
            results_format(media_type)
        return self._post_query(sparql, media_type, bindings, default_graph, named_graphs).content

    def update(self, sparql: str) -> None:
        if not self.update_url:
            raise StoreError("this remote store has no update endpoint (set SVKG_SPARQL_UPDATE_ENDPOINT)")
        self._send("POST", self.update_url, content=sparql.encode("utf-8"),
                   content_type="application/sparql-update; charset=utf-8")

    def named_graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(rows, ox.QuerySolutions)
        return sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))

    def _gsp(self) -> str:
        if not self.gsp_url:
            raise StoreError("this remote store has no Graph Store endpoint (set SVKG_SPARQL_GSP_ENDPOINT)")
        return self.gsp_url

    @staticmethod
    def _graph_param(graph: str | None) -> list[tuple[str, str]]:
        if graph is None:
            return [("default", "")]
        ox.NamedNode(graph)  # a valid IRI or ValueError
        return [("graph", graph)]

    def load(self, data: bytes | str, media_type: str, graph: str | None) -> None:
        fmt = rdf_format(media_type)
        if fmt.supports_datasets:  # quads carry their graphs: post to the dataset
            self._send("POST", self._gsp(), content=data, content_type=fmt.media_type)
            return
        self._send("POST", self._gsp(), params=self._graph_param(graph), content=data,
                   content_type=fmt.media_type)

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = rdf_format(media_type)
        if graph is not None:
            return self._send("GET", self._gsp(), params=self._graph_param(graph),
                              accept=fmt.media_type).content
        if fmt.supports_datasets:  # graph by graph as N-Triples, re-serialised as quads
            quads: list[ox.Quad] = []
            for g in self.named_graphs():
                nt = self._send("GET", self._gsp(), params=self._graph_param(g), accept=NTRIPLES).content
                quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                          for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
            return ox.serialize(quads, format=fmt) or b""
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, ox.QueryTriples)
        return result.serialize(format=fmt) or b""

    def clear_graph(self, graph: str) -> None:
        if self.update_url:
            self.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
        else:
            self._send("DELETE", self._gsp(), params=self._graph_param(graph))

    def quad_count(self, graph: str | None = None) -> int:
        # the graph goes in as an inner VALUES (a trailing one would join after the aggregate)
        inner = f"VALUES ?g {{ {ox.NamedNode(graph)} }} " if graph else ""
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {inner}GRAPH ?g {{ ?s ?p ?o }} }}")
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            return int(row["n"].value)
        return 0

    def close(self) -> None:
        if self._own_client:
            self.client.close()


def _rdf_format_of(resp: httpx.Response, default: ox.RdfFormat) -> ox.RdfFormat:
    ctype = resp.headers.get("content-type")
    if not ctype:
        return default
    try:
        return rdf_format(ctype)
    except Exception:
        return default
