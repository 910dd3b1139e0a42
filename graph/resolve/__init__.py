"""Entity resolution: the same company or person across the curated data and the imported datasets,
linked with `owl:sameAs` in the resolution graph (`https://w3id.org/svkg/graph/resolution`), each link
with a score, a reason and whether a person decided it.

    normalize  names as the matcher compares them
    records    the candidates, read from a store
    match      blocking and scoring
    decisions  the manual decisions (data/resolution-decisions.yaml), which always win
    resolve    the run: links and uncertain pairs
    writer     the resolution graph's triples
    apply      resolve_store / resolve_into: the run against a store
    evaluate   precision and recall on the hand-labelled pairs
"""

from graph.resolve.apply import resolve_into, resolve_store
from graph.resolve.resolve import DEFAULT_THRESHOLD, REVIEW_FLOOR, Pair, Resolution, resolve
from graph.resolve.writer import ResolutionGraph

__all__ = ["DEFAULT_THRESHOLD", "REVIEW_FLOOR", "Pair", "Resolution", "ResolutionGraph", "resolve",
           "resolve_into", "resolve_store"]
