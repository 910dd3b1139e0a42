"""Turn a user's written value into an RDF term for a query binding — never into query text.

    <https://w3id.org/svkg/id/state/JP>     IRI
    id:state/JP, svkg:Action               IRI from one of svkg's prefixes (graph.iris.PREFIXES)
    "Huawei"  "华为"@zh                    string literal, optionally language-tagged
    "2018-12-01"^^xsd:date                 typed literal (datatype as a prefixed name or <IRI>)
    42  -3.5  1e6  true  false             integer, decimal, double, boolean
    Huawei                                 anything else unquoted: a plain string

pyoxigraph checks each IRI and language tag; a value it rejects raises QueryError naming it.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.errors import QueryError
from graph.iris import PREFIXES
from graph.store.base import Term

XSD = PREFIXES["xsd"]
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PNAME = re.compile(r"^([A-Za-z][\w.-]*)?:(\S*)$")
_QUOTED = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?$', re.S)
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_NUMBERS = (
    (re.compile(r"^[+-]?\d+$"), "integer"),
    (re.compile(r"^[+-]?\d*\.\d+$"), "decimal"),
    (re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$"), "double"),
)


def _unescape(text: str, original: str) -> str:
    def repl(m: re.Match[str]) -> str:
        c = m.group(1)
        if c in _ESCAPES:
            return _ESCAPES[c]
        raise QueryError(f"unknown escape \\{c} in {original}")

    return re.sub(r"\\(.)", repl, text, flags=re.S)


def _iri(text: str, original: str) -> ox.NamedNode:
    if text.startswith("<") and text.endswith(">"):
        value = text[1:-1]
    else:
        m = _PNAME.match(text)
        if not m or (m.group(1) or "") not in PREFIXES:
            known = ", ".join(sorted(PREFIXES))
            raise QueryError(f"cannot read {original!r} as an IRI: write <...> or use a known prefix "
                             f"({known})")
        value = PREFIXES[m.group(1) or ""] + m.group(2)
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise QueryError(f"invalid IRI in {original!r}: {exc}") from exc


def parse_term(text: str) -> Term:
    """A written value as a pyoxigraph term (see the module doc)."""
    original = text
    text = text.strip()
    if text.startswith("<"):
        return _iri(text, original)
    if text.startswith('"'):
        m = _QUOTED.match(text)
        if not m:
            raise QueryError(f'cannot read {original!r} as a literal: write "text", "text"@en or '
                             f'"value"^^xsd:type (escape inner quotes as \\")')
        value = _unescape(m.group(1), original)
        try:
            if m.group(2):
                return ox.Literal(value, language=m.group(2))
            if m.group(3):
                return ox.Literal(value, datatype=_iri(m.group(3), original))
            return ox.Literal(value)
        except ValueError as exc:
            raise QueryError(f"invalid literal {original!r}: {exc}") from exc
    if text in ("true", "false"):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "boolean"))
    for pattern, dt in _NUMBERS:
        if pattern.match(text):
            return ox.Literal(text, datatype=ox.NamedNode(XSD + dt))
    m = _PNAME.match(text)
    if m and (m.group(1) or "") in PREFIXES and not text.startswith(("http:", "https:")):
        return _iri(text, original)
    if m and m.group(1) and not text.startswith(("http:", "https:", "urn:")):
        raise QueryError(f"unknown prefix {m.group(1)!r} in {original!r}: write <...> for an IRI or "
                         f'"..." for a string')
    if text.startswith(("http://", "https://", "urn:")):
        return _iri(f"<{text}>", original)
    return ox.Literal(text)


def parse_binding(spec: str) -> tuple[str, Term]:
    """`name=value` (a leading ? or $ on the name is allowed) -> (name, term)."""
    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _NAME.match(name):
        raise QueryError(f"--bind {spec!r}: write name=value, e.g. state=id:state/JP")
    return name, parse_term(value)


def parse_bindings(specs: list[str] | None) -> dict[str, Term]:
    """Several `name=value` specs; a name given twice is an error."""
    out: dict[str, Term] = {}
    for spec in specs or []:
        name, term = parse_binding(spec)
        if name in out:
            raise QueryError(f"--bind {name} given twice")
        out[name] = term
    return out
