"""Run entity resolution: every imported record against the curated entities, then the records no
curated entity claimed against each other (across datasets), with the manual decisions winning.

For each imported record the candidates that share a blocking key are scored (`graph.resolve.match`):

* the best candidate at or above the threshold is linked (`owl:sameAs`, decision `auto`), unless a
  second candidate scores within `margin` of it and at or above the threshold too: then neither is
  linked and both pairs are *uncertain* (ambiguous);
* a best candidate scoring at least `floor` but below the threshold is *uncertain* (`svkg resolve
  --review` lists these);
* a manual `same` decision links its pair (decision `manual`) and replaces the record's automatic
  links; a manual `different` pair is never linked nor listed as uncertain.

Imported records are matched to curated entities first, since the curated ids are what queries ask
about; only records left unlinked are then matched to unlinked records of other imported datasets (in
IRI order; a record already linked in this second pass is not linked again: the pair is uncertain).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from graph.resolve.decisions import Decision, Decisions
from graph.resolve.match import CandidateIndex, Match, score_pair
from graph.resolve.records import Record

DEFAULT_THRESHOLD = 0.85
REVIEW_FLOOR = 0.60
AMBIGUITY_MARGIN = 0.02


@dataclass(frozen=True)
class Pair:
    """A link or an uncertain pair between two records."""

    left: str
    right: str
    score: float
    reason: str
    decision: str  # "auto" | "manual"; for uncertain pairs: "below-threshold" | "ambiguous"
    left_label: str
    right_label: str
    left_graph: str
    right_graph: str

    @classmethod
    def of(cls, m: Match, decision: str) -> Pair:
        return cls(m.left.iri, m.right.iri, m.score, m.reason, decision, m.left.label, m.right.label,
                   m.left.graph, m.right.graph)

    def as_dict(self) -> dict[str, object]:
        return {"left": self.left, "right": self.right, "score": self.score, "reason": self.reason,
                "decision": self.decision, "left_label": self.left_label, "right_label": self.right_label,
                "left_graph": self.left_graph, "right_graph": self.right_graph}


@dataclass
class Resolution:
    """What a run found."""

    links: list[Pair]
    uncertain: list[Pair]
    threshold: float
    floor: float
    records: int
    curated: int
    imported: int
    decisions: int
    stale_decisions: list[Decision] = field(default_factory=list)
    seconds: float = 0.0

    def links_per_graph(self) -> dict[str, int]:
        """Links per graph of the linked (left) record, e.g. `import/dod-1260h`."""
        counts = Counter(_short(p.left_graph) for p in self.links)
        return dict(sorted(counts.items()))

    def as_dict(self) -> dict[str, object]:
        return {
            "threshold": self.threshold, "review_floor": self.floor, "records": self.records,
            "curated_records": self.curated, "imported_records": self.imported,
            "decisions": self.decisions, "links": len(self.links),
            "links_per_graph": self.links_per_graph(), "uncertain": len(self.uncertain),
            "stale_decisions": [{"left": d.left, "right": d.right, "where": d.where}
                                for d in self.stale_decisions],
            "seconds": round(self.seconds, 3),
        }


def _short(graph: str) -> str:
    return graph.split("/graph/", 1)[-1]


def best_matches(rec: Record, index: CandidateIndex, decisions: Decisions,
                 *, other_datasets_only: bool = False) -> list[Match]:
    """The record's candidates scored, best first (ties by IRI), without pairs decided `different`."""
    out = []
    for cand in index.candidates(rec, exclude_dataset=rec.dataset if other_datasets_only else None):
        d = decisions.get(rec.iri, cand.iri)
        if d is not None and not d.same:
            continue
        out.append(score_pair(rec, cand))
    out.sort(key=lambda m: (-m.score, m.right.iri))
    return out


def judge(matches: list[Match], threshold: float, floor: float, margin: float
          ) -> tuple[Match | None, list[Pair]]:
    """The link to make (or None) and the uncertain pairs, from a record's scored candidates."""
    if not matches or matches[0].score < floor:
        return None, []
    best = matches[0]
    if best.score < threshold:
        return None, [Pair.of(best, "below-threshold")]
    rivals = [m for m in matches[1:] if m.score >= threshold and best.score - m.score < margin]
    if rivals:
        return None, [Pair.of(m, "ambiguous") for m in (best, *rivals)]
    return best, []


def resolve(records: list[Record], decisions: Decisions | None = None, *,
            threshold: float = DEFAULT_THRESHOLD, floor: float = REVIEW_FLOOR,
            margin: float = AMBIGUITY_MARGIN) -> Resolution:
    """Resolve `records` (see the module doc)."""
    if not 0.0 < threshold <= 1.0 or not 0.0 <= floor <= threshold:
        raise ValueError(f"need 0 < floor <= threshold <= 1 (threshold {threshold}, floor {floor})")
    started = time.perf_counter()
    decisions = decisions or Decisions()
    by_iri: dict[str, Record] = {}
    for rec in records:
        by_iri.setdefault(rec.iri, rec)
    curated = [r for r in records if r.curated and r.kind in ("company", "person")]
    imported = [r for r in records if not r.curated]
    links: dict[frozenset[str], Pair] = {}
    uncertain: list[Pair] = []

    stale = []
    manual_ids: set[str] = set()
    for d in decisions.items:
        if d.left not in by_iri or d.right not in by_iri:
            stale.append(d)
        elif d.same:
            left, right = by_iri[d.left], by_iri[d.right]
            links[d.pair] = Pair(left.iri, right.iri, 1.0, f"manual decision ({d.where}): {d.note}",
                                 "manual", left.label, right.label, left.graph, right.graph)
            manual_ids.update(d.pair)

    index = CandidateIndex(curated)
    unlinked = []
    for rec in imported:
        if rec.iri in manual_ids:
            continue
        link, unsure = judge(best_matches(rec, index, decisions), threshold, floor, margin)
        uncertain.extend(unsure)
        if link is not None:
            links[frozenset((rec.iri, link.right.iri))] = Pair.of(link, "auto")
        elif not unsure or unsure[0].decision == "below-threshold":
            unlinked.append(rec)

    # records no curated entity claimed, against the unclaimed records of the other imported datasets
    linked_ids = {i for pair in links for i in pair}
    pool = CandidateIndex(r for r in imported if r.iri not in linked_ids)
    for rec in unlinked:
        if rec.iri in linked_ids:
            continue
        matches = [m for m in best_matches(rec, pool, decisions, other_datasets_only=True)
                   if m.right.iri not in manual_ids]
        link, unsure = judge(matches, threshold, floor, margin)
        uncertain.extend(p for p in unsure if frozenset((p.left, p.right)) not in links)
        if link is not None and link.right.iri in linked_ids:
            # already linked to another record: a second link would make two records of one dataset
            # the same through it, so a person decides
            uncertain.append(Pair.of(link, "ambiguous"))
        elif link is not None:
            links[frozenset((rec.iri, link.right.iri))] = Pair.of(link, "auto")
            linked_ids.update((rec.iri, link.right.iri))

    seen: set[frozenset[str]] = set()
    unique_uncertain = []
    for p in sorted(uncertain, key=lambda p: (-p.score, p.left, p.right)):
        key = frozenset((p.left, p.right))
        if key not in seen and key not in links:
            seen.add(key)
            unique_uncertain.append(p)
    return Resolution(
        links=sorted(links.values(), key=lambda p: (p.right, p.left)), uncertain=unique_uncertain,
        threshold=threshold, floor=floor, records=len(records), curated=len(curated),
        imported=len(imported), decisions=len(decisions), stale_decisions=stale,
        seconds=time.perf_counter() - started)

