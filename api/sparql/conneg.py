"""Content negotiation: which of the media types we can serve best matches an `Accept` header.

Rules (RFC 9110 §12.5.1): each media range has a quality (q, default 1); an offered type takes the q of
the most specific range that matches it (`text/csv` beats `text/*` beats `*/*`); q=0 excludes. The
offer with the highest q wins; ties go to the more specific match, then to the range the client listed
first, then to the server's order (its default first). A missing or empty header accepts anything.
Common aliases, when named exactly, are honoured and answered with the canonical type
(application/json -> SPARQL JSON results or JSON-LD; application/xml -> SPARQL XML results or RDF/XML;
text/plain -> N-Triples).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import NotAcceptable
from graph.store.formats import RDF_TYPES, RESULTS_TYPES

RESULT_TYPES: list[str] = list(RESULTS_TYPES)  # JSON first: the default
GRAPH_TYPES: list[str] = list(RDF_TYPES)  # Turtle first: the default
RESULT_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
GRAPH_ALIASES = {
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
}


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    def specificity(self, media_type: str) -> int:
        """-1 when this range does not match `media_type`; else 0 (*/*), 1 (type/*) or 2 (exact)."""
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == s else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed parts are skipped, q clamped to [0, 1]."""
    ranges: list[MediaRange] = []
    for order, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        mt = fields[0].lower()
        if "/" not in mt:
            if mt == "*":
                mt = "*/*"
            else:
                continue
        t, _, s = mt.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(t, s, q, order))
    return ranges


def negotiate(accept: str | None, offers: list[str], aliases: dict[str, str] | None = None,
              what: str = "this result") -> str:
    """The offered media type that best matches `accept` (offers in the server's preference order).
    Raises NotAcceptable listing the offers when nothing acceptable is left."""
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best: tuple[float, int, int, int] | None = None
    chosen: str | None = None
    for rank, offer in enumerate(offers):
        names = [offer] + [alias for alias, target in (aliases or {}).items() if target == offer]
        score: tuple[float, int, int] | None = None  # (q, specificity, -client order)
        for name in names:
            for r in ranges:
                spec = r.specificity(name)
                if spec < 0 or (name != offer and spec < 2):  # aliases count only when named exactly
                    continue
                # the most specific matching range decides this name's q
                if score is None or spec > score[1] or (spec == score[1] and r.q > score[0]):
                    score = (r.q, spec, -r.order)
        if score is None or score[0] <= 0:
            continue
        key = (score[0], score[1], score[2], -rank)
        if best is None or key > best:
            best, chosen = key, offer
    if chosen is None:
        raise NotAcceptable(
            f"Not Acceptable: nothing in the Accept header ({accept}) can be served for {what}. "
            f"Available: {', '.join(offers)}.")
    return chosen


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type (text types say their charset)."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
