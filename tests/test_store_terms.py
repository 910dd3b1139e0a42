"""Writing values for --bind: every form parses to the right pyoxigraph term; bad ones say why."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import QueryError
from graph.iris import ID, ONTOLOGY
from graph.store.terms import parse_binding, parse_bindings, parse_term

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("text, term", [
    ("<https://w3id.org/svkg/id/state/JP>", ox.NamedNode(ID + "state/JP")),
    ("id:state/JP", ox.NamedNode(ID + "state/JP")),
    ("svkg:Action", ox.NamedNode(ONTOLOGY + "Action")),
    ("https://example.org/x", ox.NamedNode("https://example.org/x")),
    ('"Huawei"', ox.Literal("Huawei")),
    ('"华为"@zh', ox.Literal("华为", language="zh")),
    ('"say \\"hi\\"\\n"', ox.Literal('say "hi"\n')),
    ('"2018-12-01"^^xsd:date', ox.Literal("2018-12-01", datatype=ox.NamedNode(XSD + "date"))),
    ('"5"^^<http://www.w3.org/2001/XMLSchema#int>', ox.Literal("5", datatype=ox.NamedNode(XSD + "int"))),
    ("42", ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))),
    ("-3.5", ox.Literal("-3.5", datatype=ox.NamedNode(XSD + "decimal"))),
    ("1e6", ox.Literal("1e6", datatype=ox.NamedNode(XSD + "double"))),
    ("true", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
    ("Huawei Technologies", ox.Literal("Huawei Technologies")),
    ("10:30", ox.Literal("10:30")),
])
def test_parse_term(text: str, term: object) -> None:
    assert parse_term(text) == term


@pytest.mark.parametrize("text, message", [
    ("nope:thing", "unknown prefix 'nope'"),
    ('"unterminated', "cannot read"),
    ('"x"^^nope:date', "known prefix"),
    ("<not an iri>", "invalid IRI"),
    ('"bad \\q escape"', "unknown escape"),
])
def test_bad_terms_say_why(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_term(text)


def test_bindings() -> None:
    assert parse_binding("?state=id:state/JP") == ("state", ox.NamedNode(ID + "state/JP"))
    assert parse_bindings(["a=1", "b=x"]) == {"a": ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
                                              "b": ox.Literal("x")}
    with pytest.raises(QueryError, match="name=value"):
        parse_binding("no-equals-sign")
    with pytest.raises(QueryError, match="given twice"):
        parse_bindings(["a=1", "a=2"])
