"""Re-importing a newer snapshot into a live store: what appeared, what disappeared, and history kept.

`apply_import(store, importer, result)` replaces the dataset's graph in a writable store (normally the
staged copy of `graph.build.staged_store`) and, when the graph was there before, compares the listings:

- a listing action in the old graph and not in the new import **disappeared**. It is kept (its triples,
  its claims, the records and dataset snapshot they refer to), given `svkg:endDate` = the new snapshot
  date, a claim (status `ended`, sourced from the new snapshot) saying it was absent from the new
  snapshot and last seen in the old one, and a removal action (`…/<key>-absent-<date>`, type
  `delisting`, `svkg:reverses` the listing, dated at the new snapshot, no precision: it happened
  between the two snapshots);
- a listing action in the new import and not in the old graph **appeared**: it gets a claim
  (`…/<key>-seen-<date>`, stance `reports`, no status, so it does not change the derived current status)
  saying it was first seen in the new snapshot and absent from the old one;
- everything the old graph held about actions and claims the new import does not write (earlier
  removals, appearance claims, listings that ended before) is carried over: history is never dropped.

Listings are matched by their action IRI, which each importer derives from stable keys of the data
(OFAC's ent_num, the 1260H company and edition, the FCC firm and date of inclusion …). A snapshot older
than the graph's current one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyoxigraph as ox

from graph import iris
from graph.errors import DataError, Location
from graph.importers import rdf as R
from graph.importers.base import Importer, ImportResult
from graph.importers.listings import DELISTING_TYPE, LISTING_TYPES, SUBJECT

CARRIED_CLASSES = (R.svkg("Action"), R.svkg("Claim"))

_TYPES = " ".join(f"<{iris.concept('action-type', t)}>" for t in LISTING_TYPES)
_LISTINGS = f"""
PREFIX svkg: <https://w3id.org/svkg/ontology#>
SELECT ?action ?end WHERE {{
  ?action a svkg:Action ; svkg:actionType ?type .
  VALUES ?type {{ {_TYPES} }}
  OPTIONAL {{ ?action svkg:endDate ?end }}
}}"""

_SNAPSHOTS = """
PREFIX svkg: <https://w3id.org/svkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT (MAX(?issued) AS ?last) WHERE { ?d a svkg:Dataset ; dcterms:issued ?issued }"""


@dataclass
class ImportReport:
    graph: str
    triples: int = 0
    previous_snapshot: date | None = None
    appeared: list[str] = field(default_factory=list)
    disappeared: list[str] = field(default_factory=list)
    carried_triples: int = 0


def _listings(store: ox.Store, graph: ox.NamedNode | None) -> dict[str, bool]:
    """Listing action IRI -> whether it has an end date, in one graph (None: the default graph)."""
    rows = store.query(_LISTINGS, default_graph=graph) if graph is not None else store.query(_LISTINGS)
    return {r["action"].value: r["end"] is not None for r in rows}  # type: ignore[union-attr]


def _last_snapshot(store: ox.Store, graph: ox.NamedNode) -> date | None:
    for row in store.query(_SNAPSHOTS, default_graph=graph):  # type: ignore[union-attr]
        return date.fromisoformat(row["last"].value) if row["last"] is not None else None
    return None


def apply_import(store: Any, importer: Importer, result: ImportResult) -> ImportReport:
    """Write `result` into `store` (an EmbeddedStore/StagedStore) as the importer's graph, keeping the
    history of the graph it replaces. Returns what appeared and disappeared."""
    graph_iri = result.metadata.get("graph") or importer.graph
    graph = ox.NamedNode(graph_iri)
    old: ox.Store = store.ox
    report = ImportReport(graph_iri)
    had_graph = next(iter(old.quads_for_pattern(None, None, None, graph)), None) is not None
    if not had_graph:
        report.triples = store.replace_graph(graph_iri, result)
        return report

    new = ox.Store()
    new.load(result.ntriples(), format=ox.RdfFormat.N_TRIPLES)
    new_snapshot = date.fromisoformat(result.metadata["snapshot_date"])
    report.previous_snapshot = _last_snapshot(old, graph)
    if report.previous_snapshot and new_snapshot < report.previous_snapshot:
        raise DataError(Location(result.metadata.get("file", graph_iri), None, "snapshot date"),
                        f"the snapshot of {new_snapshot} is older than the one in the store "
                        f"({report.previous_snapshot}): give --snapshot-date, or import snapshots in order")
    before, after = _listings(old, graph), _listings(new, None)
    report.appeared = sorted(set(after) - set(before))
    report.disappeared = sorted(a for a, ended in before.items() if a not in after and not ended)

    extra = _carry(old, graph, new)
    report.carried_triples = len(extra)
    prev = report.previous_snapshot.isoformat() if report.previous_snapshot else "an earlier snapshot"
    dataset = ox.NamedNode(iris.thing(
        f"source/dataset/{importer.dataset_name}/{new_snapshot.isoformat()}"))
    for action in report.disappeared:
        extra += _disappeared(old, graph, ox.NamedNode(action), new_snapshot, prev, dataset)
    for action in report.appeared:
        extra += _appeared(new, ox.NamedNode(action), new_snapshot, prev, dataset)

    result.metadata["description"] = (f"snapshot {new_snapshot.isoformat()} re-imported over {prev}: "
                                      f"{len(report.appeared)} listings appeared, "
                                      f"{len(report.disappeared)} disappeared; history kept")
    store.replace_graph(graph_iri, result)
    if extra:
        store.load(ox.serialize(extra, format=ox.RdfFormat.N_TRIPLES), "application/n-triples", graph_iri)
    report.triples = store.quad_count(graph_iri)
    return report


def _carry(old: ox.Store, graph: ox.NamedNode, new: ox.Store) -> list[ox.Triple]:
    """The old graph's actions and claims the new import does not describe, with everything they refer
    to that only the old graph describes (records, states, the old dataset snapshot …)."""
    new_subjects = {q.subject for q in new}
    rdf_type = R.RDF_TYPE
    todo = [q.subject for cls in CARRIED_CLASSES for q in old.quads_for_pattern(None, rdf_type, cls, graph)
            if q.subject not in new_subjects]
    seen: set[Any] = set(todo)
    out: list[ox.Triple] = []
    while todo:
        subject = todo.pop()
        for q in old.quads_for_pattern(subject, None, None, graph):
            out.append(ox.Triple(q.subject, q.predicate, q.object))
            obj = q.object
            if (isinstance(obj, ox.NamedNode) and obj not in seen and obj not in new_subjects
                    and next(iter(old.quads_for_pattern(obj, None, None, graph)), None) is not None):
                seen.add(obj)
                todo.append(obj)
    return out


def _key(action: ox.NamedNode) -> str:
    return iris.short(action.value).removeprefix("action/")


def _claim(node: ox.NamedNode, about: ox.NamedNode, actor: Any, status: str | None, when: date, note: str,
           dataset: ox.NamedNode) -> list[ox.Triple]:
    t = ox.Triple
    out = [t(node, R.RDF_TYPE, R.svkg("Claim")), t(node, R.svkg("claimAbout"), about),
           t(node, R.svkg("stance"), R.concept("stance", "reports")),
           t(node, R.svkg("source"), dataset), t(node, R.svkg("claimDate"), R.day(when)),
           t(node, R.svkg("verification"), R.concept("verification", "verified-dataset")),
           t(node, R.svkg("statusNote"), R.plain(note)),
           t(node, R.svkg("verificationNote"), R.plain("inferred by comparing two snapshots of the dataset"))]
    if status is not None:
        out.append(t(node, R.svkg("status"), R.concept("status", status)))
    if actor is not None:
        out.append(t(node, R.svkg("assertedBy"), actor))
    return out


def _disappeared(old: ox.Store, graph: ox.NamedNode, action: ox.NamedNode, when: date, prev: str,
                 dataset: ox.NamedNode) -> list[ox.Triple]:
    t, key, stamp = ox.Triple, _key(action), when.isoformat()
    note = f"absent from the snapshot of {stamp}; last seen in the snapshot of {prev}"
    out = [t(action, R.svkg("endDate"), R.day(when))]
    actor = next((q.object for q in old.quads_for_pattern(action, R.svkg("actor"), None, graph)), None)
    out += _claim(R.thing(f"claim/{key}-absent-{stamp}"), action, actor, "ended", when, note, dataset)
    removal = R.thing(f"action/{key}-absent-{stamp}")
    label = next((q.object.value for q in old.quads_for_pattern(action, R.RDFS_LABEL, None, graph)), key)
    out += [t(removal, R.RDF_TYPE, R.svkg("Action")),
            t(removal, R.RDFS_LABEL, R.text(f"Removal (absent from the {stamp} snapshot): {label}")),
            t(removal, R.svkg("actionType"), R.concept("action-type", DELISTING_TYPE)),
            t(removal, R.svkg("date"), R.day(when)), t(removal, R.svkg("reverses"), action)]
    for pred in (R.svkg("actor"), R.svkg("target"), R.svkg("targetNote"), R.svkg("legalBasis"), SUBJECT):
        out += [t(removal, pred, q.object) for q in old.quads_for_pattern(action, pred, None, graph)]
    out += _claim(R.thing(f"claim/{key}-absent-{stamp}-removal"), removal, actor, "enacted", when,
                  f"removed between the snapshots of {prev} and {stamp}: dated at the later one", dataset)
    return out


def _appeared(new: ox.Store, action: ox.NamedNode, when: date, prev: str,
              dataset: ox.NamedNode) -> list[ox.Triple]:
    stamp = when.isoformat()
    actor = next((q.object for q in new.quads_for_pattern(action, R.svkg("actor"), None, None)), None)
    return _claim(R.thing(f"claim/{_key(action)}-seen-{stamp}"), action, actor, None, when,
                  f"first seen in the snapshot of {stamp}; absent from the snapshot of {prev}", dataset)
