"""Precision and recall of the resolver on a hand-labelled set of name pairs.

The set (`tests/fixtures/resolution/pairs.csv`) has one pair a line: `left_name,left_country,right_name,
right_country,same,note`. The left name is a label or alias of a curated entity; the right name is how a
source dataset names a firm or person (the DoD 1260H list, the FCC Covered List, the NDAA sections, China's
counter-sanctions, OFAC's SDN list). `same` is a person's judgement (1 or 0), made by reading the lists.

Each pair is put to the resolver as it runs on real data: the right name becomes an imported record (that
name alone, its country, the kind of the left entity) and is resolved against *every* curated entity
(`resolve.judge` over `match.score_pair`, no manual decisions). The pair is predicted `same` when the
record is linked to the curated entity the left name belongs to.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import DataError, Location
from graph.resolve.decisions import Decisions
from graph.resolve.match import CandidateIndex
from graph.resolve.normalize import fold
from graph.resolve.records import IMPORT_PREFIX, Record
from graph.resolve.resolve import AMBIGUITY_MARGIN, DEFAULT_THRESHOLD, REVIEW_FLOOR, best_matches, judge

COLUMNS = ("left_name", "left_country", "right_name", "right_country", "same", "note")


@dataclass(frozen=True)
class LabelledPair:
    line: int
    left_name: str
    left_country: str | None
    right_name: str
    right_country: str | None
    same: bool
    note: str


@dataclass
class Evaluation:
    threshold: float
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    mistakes: list[tuple[LabelledPair, str]] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict[str, object]:
        return {"threshold": self.threshold, "pairs": self.pairs, "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "tn": self.tn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4)}


def load_pairs(path: Path) -> list[LabelledPair]:
    """Read the labelled set; a malformed line raises a located DataError."""
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise DataError(Location(path, 1), f"expected the columns {','.join(COLUMNS)}")
        for row in reader:
            line = reader.line_num
            if row["same"] not in ("0", "1"):
                raise DataError(Location(path, line, "same"), f"must be 0 or 1, not {row['same']!r}")
            for col in ("left_name", "right_name", "note"):
                if not (row[col] or "").strip():
                    raise DataError(Location(path, line, col), "required value is empty")
            out.append(LabelledPair(line, row["left_name"].strip(), row["left_country"].strip() or None,
                                    row["right_name"].strip(), row["right_country"].strip() or None,
                                    row["same"] == "1", row["note"].strip()))
    return out


def entity_of(name: str, curated: list[Record]) -> Record:
    """The curated entity with this exact label or alias (case and accents aside); it must be unique."""
    key = fold(name)
    found = {r.iri: r for r in curated for n, _ in r.names if fold(n) == key}
    if len(found) != 1:
        raise LookupError(f"{name!r} names {len(found)} curated entities ({', '.join(sorted(found))})")
    return next(iter(found.values()))


def evaluate(pairs: list[LabelledPair], curated: list[Record], *, threshold: float = DEFAULT_THRESHOLD,
             floor: float = REVIEW_FLOOR, margin: float = AMBIGUITY_MARGIN) -> Evaluation:
    """Put each pair to the resolver (see the module doc) and count the outcomes."""
    candidates = [r for r in curated if r.curated and r.kind in ("company", "person")]
    index = CandidateIndex(candidates)
    none = Decisions()
    result = Evaluation(threshold)
    for i, pair in enumerate(pairs):
        left = entity_of(pair.left_name, candidates)
        right = Record(f"urn:svkg:labelled:{i}", IMPORT_PREFIX + "labelled", left.kind, label=pair.right_name,
                       country=pair.right_country)
        link, _unsure = judge(best_matches(right, index, none), threshold, floor, margin)
        predicted = link is not None and link.right.iri == left.iri
        if predicted and pair.same:
            result.tp += 1
        elif predicted:
            result.fp += 1
            result.mistakes.append((pair, f"false link: {link.reason}"))  # type: ignore[union-attr]
        elif pair.same:
            result.fn += 1
            why = f"linked to {link.right.label!r} instead" if link else "not linked"
            result.mistakes.append((pair, f"missed ({why})"))
        else:
            result.tn += 1
    return result


def curated_records(data_dir: Path, ontology_dir: Path) -> list[Record]:
    """The curated entities of `data_dir` as records (loaded with the curated loader into a store in
    memory)."""
    from graph.build import load_rdflib_graph
    from graph.curated import concept_keys, load_all
    from graph.resolve.records import read_records
    from graph.store import EmbeddedStore

    store = EmbeddedStore.in_memory()
    for source, rdf in load_all(Path(data_dir), concept_keys(Path(ontology_dir) / "vocab.ttl")):
        if source.kind == "entities":
            load_rdflib_graph(store.ox, source.graph, rdf)
    return read_records(store)
