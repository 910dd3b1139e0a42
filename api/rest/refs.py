"""Identifiers the REST API accepts and returns: entity kinds, keys, concept keys, and CURIEs."""

from __future__ import annotations

import re
from enum import StrEnum

import pyoxigraph as ox

from api.rest.errors import ParameterError
from graph.iris import ID, PREFIXES, VOCAB


class Kind(StrEnum):
    """The first segment of an entity id (`company` in `company/huawei`), as in ontology/README.md."""

    state = "state"
    body = "body"
    igo = "igo"
    company = "company"
    person = "person"
    unnamed = "unnamed"
    alliance = "alliance"
    membership = "membership"
    position = "position"
    law = "law"
    order = "order"
    regulation = "regulation"
    list = "list"
    action = "action"
    claim = "claim"
    allegation = "allegation"
    source = "source"
    record = "record"


KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9][A-Za-z0-9._~-]*)*$"
REF_PATTERN = r"^[a-z]+/[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9][A-Za-z0-9._~-]*)*$"
CONCEPT_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_KINDS = {k.value for k in Kind}


def thing_node(kind: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}{kind}/{key}")


def ref_node(ref: str, parameter: str) -> ox.NamedNode:
    """An entity id such as `state/JP` (or its full IRI) as a NamedNode; 422 naming `parameter` when
    malformed."""
    if ref.startswith(ID):
        ref = ref[len(ID):]
    if not re.match(REF_PATTERN, ref) or ref.split("/", 1)[0] not in _KINDS:
        raise ParameterError(
            parameter,
            f"{parameter}: {ref!r} is not an entity id; expected kind/key such as 'state/JP' or "
            f"'company/huawei' with kind one of {', '.join(sorted(_KINDS))}",
        )
    return ox.NamedNode(ID + ref)


def concept_node(scheme: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(f"{VOCAB}{scheme}/{key}")


def short_id(iri: str) -> str:
    """`https://w3id.org/svkg/id/state/JP` -> `state/JP`; other IRIs unchanged."""
    return iri[len(ID):] if iri.startswith(ID) else iri


def kind_of(iri: str) -> str | None:
    return short_id(iri).split("/", 1)[0] if iri.startswith(ID) else None


def concept_key(iri: str) -> str:
    """`https://w3id.org/svkg/vocab/status/in-force` -> `in-force`."""
    return iri.rsplit("/", 1)[-1] if iri.startswith(VOCAB) else iri


_CURIE_ORDER = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def curie(iri: str) -> str:
    """A compact name for an IRI using svkg's prefixes (`svkg:actor`), or the IRI itself."""
    for prefix, ns in _CURIE_ORDER:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri
