"""Names of things, and entity search by name or alias in any script.

Matching is case- and diacritic-insensitive: both sides are normalised with Unicode NFKD, combining
marks stripped, then case-folded ("Zürich" ~ "zurich", "HUAWEI" ~ "huawei"; "华为" is left as it is).
Ranking: exact match of a whole name > prefix > substring; then curated ids before imported records,
shorter names first, then by id, so results are stable.

The index (every `rdfs:label`/`skos:altLabel` of an `id:` thing, plus display labels of concepts and
sources) is built with one query and cached per store handle. A read-only embedded store never changes
under its handle (after a build or a write the app opens a new one), so its index lives as long as the
handle; for other stores (a remote server, a writable store) it is rebuilt after `CACHE_SECONDS`.
"""

from __future__ import annotations

import threading
import time
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from api.rest.refs import kind_of, short_id
from graph.iris import ID
from graph.store import EmbeddedStore, GraphStore

CACHE_SECONDS = 300.0

Q_NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?s ?p ?name WHERE {
  VALUES ?p { rdfs:label skos:altLabel skos:prefLabel dcterms:title }
  ?s ?p ?name .
  FILTER(isIRI(?s) && isLiteral(?name))
}
"""

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
_PREFERENCE = {
    RDFS_LABEL: 0,
    "http://www.w3.org/2004/02/skos/core#prefLabel": 1,
    "http://purl.org/dc/terms/title": 2,
    ALT_LABEL: 3,
}
MATCH_NAMES = ("exact", "prefix", "substring")
NOT_ENTITIES = frozenset({"action", "claim", "membership", "position", "source"})
"""Kinds left out of a search unless asked for by `kind`: events, statements and records about entities
(their labels, "Canada in Five Eyes", would crowd out the entities themselves)."""


def normalise(text: str) -> str:
    """NFKD, strip combining marks, case-fold, collapse white space."""
    if text.isascii():  # the common case, and the same answer
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFKD", stripped.casefold()).split())


@dataclass
class Entry:
    iri: str
    names: list[tuple[str, str, str]] = field(default_factory=list)  # (normalised, original, lang)


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    matched: str
    lang: str | None
    match: str
    rank: tuple[int, int, int, str, str]


class NameIndex:
    """Display labels of every named node, and the searchable names of every `id:` thing."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """`rows`: (subject IRI, predicate IRI, name, language tag or "")."""
        best: dict[str, tuple[tuple[int, int], str, str, str]] = {}
        self.entries: dict[str, Entry] = {}
        for iri, pred, name, lang in rows:
            pref = (_PREFERENCE.get(pred, 9), 0 if lang in ("en", "") else 1)
            if iri not in best or pref < best[iri][0] or (pref == best[iri][0] and name < best[iri][1]):
                best[iri] = (pref, name, lang, pred)
            if iri.startswith(ID) and pred in (RDFS_LABEL, ALT_LABEL):
                entry = self.entries.setdefault(iri, Entry(iri))
                entry.names.append((normalise(name), name, lang))
        self.labels = {iri: v[1] for iri, v in best.items()}
        self.label_langs = {iri: v[2] for iri, v in best.items()}
        self.label_predicates = {iri: v[3] for iri, v in best.items()}
        self.built = time.monotonic()

    def label(self, iri: str | None) -> str | None:
        return self.labels.get(iri) if iri else None

    def search(self, query: str, kind: str | None = None, limit: int = 20) -> list[Hit]:
        q = normalise(query)
        if not q:
            return []
        hits: list[Hit] = []
        for entry in self.entries.values():
            entry_kind = kind_of(entry.iri)
            if (entry_kind != kind) if kind else (entry_kind in NOT_ENTITIES):
                continue
            found: tuple[int, str, str] | None = None
            for norm, original, lang in entry.names:
                if norm == q:
                    level = 0
                elif norm.startswith(q):
                    level = 1
                elif q in norm:
                    level = 2
                else:
                    continue
                if found is None or (level, len(original)) < (found[0], len(found[1])):
                    found = (level, original, lang)
            if found is None:
                continue
            label = self.labels.get(entry.iri, found[1])
            is_record = 1 if kind_of(entry.iri) == "record" else 0
            rank = (found[0], is_record, len(found[1]), normalise(label), short_id(entry.iri))
            hits.append(Hit(entry.iri, label, found[1], found[2] or None, MATCH_NAMES[found[0]], rank))
        hits.sort(key=lambda h: h.rank)
        return hits[:limit]


_cache: weakref.WeakKeyDictionary[GraphStore, NameIndex] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def name_index(store: GraphStore) -> NameIndex:
    """The (cached) name index of `store`."""
    with _lock:
        index = _cache.get(store)
        frozen = isinstance(store, EmbeddedStore) and store.read_only
        if index is not None and (frozen or time.monotonic() - index.built < CACHE_SECONDS):
            return index
    result = store.query(Q_NAMES)
    assert isinstance(result, ox.QuerySolutions)
    index = NameIndex((s["s"].value, s["p"].value, s["name"].value, s["name"].language or "") for s in result)
    with _lock:
        _cache[store] = index
    return index
