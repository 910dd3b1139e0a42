"""Small helpers to make the RDF terms the importers write (pyoxigraph terms: fast, and serialised
natively to N-Triples), and to turn names into the lower-case ASCII slugs of svkg's ids."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pyoxigraph as ox

from graph import iris

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
OWL_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
WD = "http://www.wikidata.org/entity/"

_DATE = ox.NamedNode(XSD + "date")
_INT = ox.NamedNode(XSD + "integer")
_URI = ox.NamedNode(XSD + "anyURI")
_DATETIME = ox.NamedNode(XSD + "dateTime")


def svkg(local: str) -> ox.NamedNode:
    """A term of the svkg ontology: `svkg("Action")`."""
    return ox.NamedNode(iris.ONTOLOGY + local)


def dct(local: str) -> ox.NamedNode:
    return ox.NamedNode(DCT + local)


def schema(local: str) -> ox.NamedNode:
    return ox.NamedNode(SCHEMA + local)


def org(local: str) -> ox.NamedNode:
    return ox.NamedNode(ORG + local)


def prov(local: str) -> ox.NamedNode:
    return ox.NamedNode(PROV + local)


def thing(ref: str) -> ox.NamedNode:
    """An entity by its id path (`body/us-dod`) or absolute IRI."""
    return ox.NamedNode(iris.thing(ref))


def concept(scheme: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(iris.concept(scheme, key))


def text(value: str, lang: str | None = "en") -> ox.Literal:
    """A string literal, language-tagged (`@en` unless told otherwise; None for a plain string)."""
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def plain(value: str) -> ox.Literal:
    return ox.Literal(value)


def day(value: date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=_DATE)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=_INT)


def uri(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_URI)


def timestamp(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_DATETIME)


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(value: str, max_len: int = 80) -> str:
    """`"Huawei Technologies Co., Ltd."` -> `huawei-technologies-co-ltd` (ASCII, lower case, hyphens).

    Accents are stripped, typographic apostrophes dropped (`Xi’an` and `Xi'an` give the same slug), and
    the result cut at a hyphen to at most `max_len` characters. Names with no Latin letters give ''."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    folded = folded.replace("'", "").replace("&", " and ")
    out = _NON_SLUG.sub("-", folded).strip("-")
    if len(out) > max_len:
        out = out[:max_len].rsplit("-", 1)[0]
    return out


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def guess_lang(value: str) -> str:
    """The language tag for an alias whose language the source does not give: `zh` for Han (or other
    CJK) script, else `en`. A heuristic, documented in graph/importers/README.md."""
    return "zh" if _CJK.search(value) else "en"
