"""The endpoint's pure parts: content negotiation, the SPARQL tokenizer, refusals and update datasets."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql.parser import parseUpdate

from api.sparql.conneg import GRAPH_ALIASES, GRAPH_TYPES, RESULT_ALIASES, RESULT_TYPES, negotiate
from api.sparql.errors import ProtocolError
from api.sparql.guard import add_update_dataset, inspect_query, inspect_update
from graph.errors import NotAcceptable, QueryRefused
from graph.store.sparql_lexer import tokenize


# -- content negotiation -------------------------------------------------------------------------------
@pytest.mark.parametrize(("accept", "expected"), [
    (None, "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/sparql-results+xml;q=0.9, text/csv", "text/csv"),
    ("text/*", "text/csv"),
    ("text/*;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("text/*, text/csv;q=0", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("application/xml, */*;q=0.1", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
    ("application/sparql-results+json,application/json,text/javascript,application/javascript",
     "application/sparql-results+json"),
])
def test_results_negotiation(accept: str | None, expected: str) -> None:
    assert negotiate(accept, RESULT_TYPES, RESULT_ALIASES) == expected


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/turtle"),
    ("application/rdf+xml;q=0.3, application/n-triples;q=0.6", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("application/json", "application/ld+json"),
    ("application/*", "application/n-triples"),
    ("application/sparql-results+xml, application/rdf+xml", "application/rdf+xml"),  # rdflib sends this
    ("application/trig;q=1, text/turtle;q=1", "application/trig"),  # a tie goes to the client's order
])
def test_graph_negotiation(accept: str | None, expected: str) -> None:
    assert negotiate(accept, GRAPH_TYPES, GRAPH_ALIASES) == expected


def test_not_acceptable_lists_what_can_be_served() -> None:
    with pytest.raises(NotAcceptable) as err:
        negotiate("image/png, text/csv;q=0", RESULT_TYPES, RESULT_ALIASES, what="a SELECT query")
    for media in RESULT_TYPES:
        assert media in err.value.message
    assert err.value.status_code == 406


# -- tokenizer and refusals ------------------------------------------------------------------------------
def test_tokenizer_skips_strings_comments_and_iris() -> None:
    toks = tokenize('SELECT * # SERVICE <x>\n{ ?s <http://e/SERVICE> "SERVICE" ; ex:LOAD \'\'\'LOAD\'\'\' }')
    assert [t.keyword for t in toks if t.kind == "word"] == ["SELECT"]
    assert [t.depth for t in toks if t.text in ("{", "}")] == [0, 0]


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://evil/sparql> { ?s ?p ?o }" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil/sparql> { ?s ?p ?o }",
    "PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ?service }",
    "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
])
def test_service_lookalikes_are_allowed(query: str) -> None:
    assert inspect_query(query, allow_service=False, allow_load=False).form == "SELECT"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://evil/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://evil/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x <http://e/p> ?endpoint . SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { SERVICE <http://evil/sparql> { ?s ?p ?o } } }",
    "SELECT * WHERE { SERVICE <http://evil/sparql> { ?s ?p ?o }",  # not even valid: refused all the same
])
def test_service_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused) as err:
        inspect_query(query, allow_service=False, allow_load=False)
    assert "SERVICE" in err.value.message and err.value.status_code == 403
    assert inspect_query(query, allow_service=True, allow_load=False).form == "SELECT"


def test_service_refusal_names_the_endpoint_and_position() -> None:
    with pytest.raises(QueryRefused, match=r"<http://evil/sparql> at 2:3"):
        inspect_query("SELECT * WHERE {\n  SERVICE <http://evil/sparql> { ?s ?p ?o } }", allow_service=False,
                      allow_load=False)


@pytest.mark.parametrize("update", [
    "LOAD <http://evil/data.ttl>",
    "load silent <http://evil/data.ttl> into graph <http://g>",
    "INSERT DATA { <http://a> <http://b> 1 } ; LOAD <http://evil/data.ttl>",
])
def test_load_is_refused(update: str) -> None:
    with pytest.raises(QueryRefused, match="LOAD"):
        inspect_update(update, allow_service=False, allow_load=False)
    inspect_update(update, allow_service=False, allow_load=True)


def test_load_in_a_string_is_not_a_load() -> None:
    inspect_update('INSERT DATA { <http://a> <http://b> "LOAD <http://evil/x>" }', allow_service=False,
                   allow_load=False)


@pytest.mark.parametrize("query", [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "PREFIX f: <file:///etc/> SELECT * WHERE { GRAPH f:passwd { ?s ?p ?o } }",
    "BASE <FILE:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }",
])
def test_file_iris_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="file:"):
        inspect_query(query, allow_service=False, allow_load=False)


@pytest.mark.parametrize(("query", "form", "has_dataset"), [
    ("PREFIX a: <http://a/> # DESCRIBE\nASK { ?s ?p ?o }", "ASK", False),
    ("BASE <http://b/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
    ("DESCRIBE <http://x>", "DESCRIBE", False),
    ("SELECT ?s FROM <http://g> { ?s ?p ?o }", "SELECT", True),
    ("SELECT ?s FROM NAMED <http://g> { GRAPH ?g { ?s ?p ?o } }", "SELECT", True),
    ("SELEC ?s { }", None, False),
])
def test_query_form_and_dataset(query: str, form: str | None, has_dataset: bool) -> None:
    info = inspect_query(query, allow_service=False, allow_load=False)
    assert (info.form, info.has_dataset) == (form, has_dataset)


# -- update datasets --------------------------------------------------------------------------------------
UPDATE = """PREFIX ex: <http://ex/>
INSERT DATA { GRAPH ex:g { ex:a ex:p 1 } } ;
INSERT { GRAPH ex:out { ?s ex:seen "WHERE" } } WHERE { ?s ex:p ?o } ;
DELETE WHERE { GRAPH ?g { ?s ex:gone ?o } } ;
WITH ex:w DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"""


def _ops(text: str) -> list[str]:
    return [str(op.name) for op in parseUpdate(text).request]


def test_union_dataset_is_added_to_each_where() -> None:
    out = add_update_dataset(UPDATE, tokenize(UPDATE), [], [], ["http://g1", "http://g2"])
    union = "USING <http://g1> USING <http://g2> USING NAMED <http://g1> USING NAMED <http://g2>"
    assert out.count(union) == 2
    assert _ops(UPDATE) == ["InsertData", "Modify", "DeleteWhere", "Modify"]
    assert _ops(out) == ["InsertData", "Modify", "Modify", "Modify"]
    assert "DELETE { GRAPH ?g { ?s ex:gone ?o } } USING" in out  # DELETE WHERE made explicit
    assert 'ex:seen "WHERE"' in out  # a string is left alone
    assert out.endswith("WITH ex:w DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")  # WITH keeps its own graph


def test_protocol_dataset_conflicts_with_with() -> None:
    with pytest.raises(ProtocolError, match="WITH"):
        add_update_dataset(UPDATE, tokenize(UPDATE), ["http://g1"], [], None)
    plain = "INSERT { ?s a <http://c> } WHERE { ?s ?p ?o }"
    out = add_update_dataset(plain, tokenize(plain), ["http://g1"], ["http://g2"], None)
    assert out == "INSERT { ?s a <http://c> } USING <http://g1> USING NAMED <http://g2> WHERE { ?s ?p ?o }"
