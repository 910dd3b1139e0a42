"""What a query or update asks for, found before it runs: its form, whether it names its own dataset, and
whether it uses something the endpoint refuses by default (SERVICE, LOAD, file: IRIs).

Detection never looks at raw text with a regex: the tokenizer (api.sparql.lexer) skips strings, comments
and IRIs, so `"SERVICE"` in a literal or `# LOAD` in a comment cannot trigger a refusal, and a keyword
cannot hide inside one. When the keyword SERVICE or LOAD does occur as a keyword, rdflib's SPARQL parser
(`parseQuery`/`parseUpdate`, which only parses) confirms it and names the IRIs in the refusal; if rdflib
cannot parse the text the request is refused all the same (the keyword is there).

The update helper `add_update_dataset` applies `using-graph-uri`/`using-named-graph-uri` — and, when
neither is given, svkg's rule that the default graph is the union of the named graphs — by adding USING
clauses before the WHERE of each DELETE/INSERT operation (pyoxigraph's Python API has no parameter for
an update's dataset). The IRIs inserted are validated IRIs (pyoxigraph NamedNode), never raw input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from api.sparql.errors import ProtocolError
from graph.errors import QueryRefused
from graph.store.sparql_lexer import Token, iri_value, line_col, prefix_declarations, tokenize

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class QueryInfo:
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE (None when the text has none: a syntax error)
    has_dataset: bool  # the query has FROM / FROM NAMED


def inspect_query(text: str, *, allow_service: bool, allow_load: bool) -> QueryInfo:
    """The form of a query and whether it has FROM; raises QueryRefused for a refused feature."""
    tokens = tokenize(text)
    _refuse_features(text, tokens, update=False, allow_service=allow_service, allow_load=allow_load)
    form = next((t.keyword for t in tokens if t.keyword in FORMS), None)
    has_dataset = any(t.keyword == "FROM" for t in tokens)
    return QueryInfo(form, has_dataset)


def inspect_update(text: str, *, allow_service: bool, allow_load: bool) -> list[Token]:
    """Check an update for refused features; returns its tokens for `add_update_dataset`."""
    tokens = tokenize(text)
    _refuse_features(text, tokens, update=True, allow_service=allow_service, allow_load=allow_load)
    return tokens


def refuse_file_iris(iris: list[str], where: str, *, allow_load: bool) -> None:
    """Refuse file: IRIs given as protocol parameters (default-graph-uri, graph=…)."""
    for iri in iris:
        if iri.lower().startswith("file:") and not allow_load:
            raise QueryRefused(f"file: IRIs are refused ({where}={iri}); reading local files is disabled "
                               "(SVKG_ALLOW_LOAD).")


# -- refusals ------------------------------------------------------------------------------------------
def _refuse_features(text: str, tokens: list[Token], *, update: bool, allow_service: bool,
                     allow_load: bool) -> None:
    if not allow_load:
        prefixes = prefix_declarations(tokens)
        for tok in tokens:
            iri = iri_value(tok, prefixes)
            if iri is not None and iri.lower().startswith("file:"):
                raise QueryRefused(
                    f"file: IRIs are refused (<{iri}> at {line_col(text, tok.start)}): reading local "
                    "files is disabled on this endpoint (SVKG_ALLOW_LOAD).")
    service = next((t for t in tokens if t.keyword == "SERVICE"), None)
    if service is not None and not allow_service:
        found = _confirm(text, update, "ServiceGraphPattern", "term")
        if found is not None:
            names = ", ".join(found) or "a remote endpoint"
            raise QueryRefused(
                f"SERVICE is refused (SERVICE {names} at {line_col(text, service.start)}): federated "
                "queries are disabled on this endpoint (SVKG_ALLOW_SERVICE).")
    load = next((t for t in tokens if t.keyword == "LOAD"), None)
    if update and load is not None and not allow_load:
        found = _confirm(text, update, "Load", "iri")
        if found is not None:
            names = ", ".join(found) or "a document"
            raise QueryRefused(
                f"LOAD is refused (LOAD {names} at {line_col(text, load.start)}): fetching remote or "
                "local documents is disabled on this endpoint (SVKG_ALLOW_LOAD).")


def _confirm(text: str, update: bool, node_name: str, attr: str) -> list[str] | None:
    """Parse with rdflib and list the IRIs of `node_name` nodes; None when the parse finds no such node.
    An rdflib parse failure counts as found: the keyword is there and we do not run what we cannot
    vet."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except Exception:  # pyparsing raises several kinds; any failure means "cannot vet"
        return []
    found = [n for n in _walk(tree) if getattr(n, "name", None) == node_name]
    if not found:
        return None
    return [_show(n.get(attr)) for n in found]


def _walk(node: Any) -> Iterator[Any]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def _show(term: Any) -> str:
    from rdflib.term import URIRef, Variable

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Variable):
        return f"?{term}"
    if hasattr(term, "get") and term.get("prefix") is not None:  # a prefixed name
        return f"{term.get('prefix')}:{term.get('localname', '')}"
    return str(term)


# -- update datasets -----------------------------------------------------------------------------------
@dataclass
class _Operation:
    kind: str  # modify, delete-where, other
    tokens: list[Token]


def _operations(tokens: list[Token]) -> list[_Operation]:
    ops: list[_Operation] = []
    current: list[Token] = []
    for tok in [*tokens, None]:
        if tok is None or (tok.depth == 0 and tok.kind == "punct" and tok.text == ";"):
            if current:
                ops.append(_Operation(_kind(current), current))
            current = []
        else:
            current.append(tok)
    return ops


def _kind(tokens: list[Token]) -> str:
    words = [t for t in tokens if t.depth == 0 and t.kind == "word"]
    for i, tok in enumerate(words):
        kw = tok.keyword
        if kw in ("PREFIX", "BASE"):
            continue
        following = words[i + 1].keyword if i + 1 < len(words) else None
        if kw == "WITH" or (kw == "INSERT" and following != "DATA"):
            return "modify"
        if kw == "DELETE":
            return {"DATA": "other", "WHERE": "delete-where"}.get(following or "", "modify")
        return "other"
    return "other"


def add_update_dataset(text: str, tokens: list[Token], using: list[str], using_named: list[str],
                       union_graphs: list[str] | None) -> str:
    """The update with its dataset made explicit.

    With `using`/`using_named` (the protocol's using-graph-uri/using-named-graph-uri, validated IRIs)
    every DELETE/INSERT…WHERE gets those USING clauses; an operation that has its own USING or WITH then
    is a conflict (HTTP 400, as the protocol requires). Without them, `union_graphs` (the store's named
    graphs) becomes each such operation's dataset — USING and USING NAMED every named graph — so an
    update's WHERE sees the same union default graph as a query; operations with their own USING/WITH
    are left alone. DELETE WHERE {…} is rewritten to DELETE {…} USING… WHERE {…} for this."""
    given = bool(using or using_named)
    if given:
        clause = "".join(f" USING <{g}>" for g in using) + "".join(f" USING NAMED <{g}>" for g in using_named)
    elif union_graphs:
        clause = "".join(f" USING <{g}>" for g in union_graphs) + "".join(
            f" USING NAMED <{g}>" for g in union_graphs)
    else:
        return text
    edits: list[tuple[int, int, str]] = []
    for op in _operations(tokens):
        if op.kind == "other":
            continue
        top = [t for t in op.tokens if t.depth == 0]
        own = next((t for t in top if t.keyword in ("USING", "WITH")), None)
        if own is not None:
            if given:
                raise ProtocolError(
                    f"using-graph-uri/using-named-graph-uri conflict with the {own.keyword} clause at "
                    f"{line_col(text, own.start)}: give the dataset one way only.")
            continue
        where = next((t for t in top if t.keyword == "WHERE"), None)
        if where is None:
            continue  # a syntax error: pyoxigraph will say where
        if op.kind == "modify":
            edits.append((where.start, where.start, clause.lstrip() + " "))
            continue
        # DELETE WHERE { body }  ->  DELETE { body } USING … WHERE { body }
        idx = op.tokens.index(where)
        body_start = op.tokens[idx + 1] if idx + 1 < len(op.tokens) else None
        body_end = next((t for t in op.tokens[idx + 2:] if t.depth == 0 and t.text == "}"), None)
        if body_start is None or body_start.text != "{" or body_end is None:
            continue
        body = text[body_start.start:body_end.end]
        edits.append((where.start, body_end.end, f"{body}{clause} WHERE {body}"))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text
