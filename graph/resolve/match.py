"""Blocking and scoring: which records may be the same, how sure we are, and why.

Scoring a pair of records (`score_pair`) takes the best evidence over every pair of their names
(label and aliases), then adjusts it:

| name evidence (best pair of names)                                   | score |
|---|---|
| identical names (case, accents, punctuation aside)                   | 1.00 |
| the same name once legal forms are dropped (`Co., Ltd.` = `Company`) | 0.96 |
| the same words in another order (people: `Wanzhou Meng`)             | 0.96 people, 0.90 firms |
| one name is the other plus generic words only (`Technologies`)       | 0.90 |
| the same words up to spelling (every word ≥ 80 % alike)              | 0.90 × mean word similarity |
| anything else                                                        | 0.80 × weighted word overlap |

The weighted word overlap (`soft_overlap`) pairs each word with its most alike counterpart (≥ 80 %
alike) and weighs common business words and place names (`technology`, `group`, `china`, `shenzhen`)
at 0.3, so `Neros Technologies` and `NetPosa Technologies` share little.

Then −0.02 when one of the two names is an alias (−0.04 when both are), and a cap at 0.80 (never enough
alone, so such pairs go to review) when the match rests on an acronym or short brand of ≤ 4 letters
(`ZTE`, `DJI`, `du`; two labels that are the same but for their legal forms, `ZTE Corp` and `ZTE
Corporation`, are exempt), or on a *bare alias* — an alias without a legal form, a brand that group
companies share (`China Mobile`) — meeting anything but the very same bare label (so `China Mobile`
does not make `China Mobile Limited`, a listed subsidiary, the group); people's names other than
exact or reordered ones are capped at 0.80 too.

Then: +0.02 when both give the same country, −0.30 when they give different ones; a person never
matches an organisation (0); records sharing an external identifier (the same Wikidata id) score at
least 0.99, records with different ones at most 0.50. The result is in [0, 1] with a reason that
says each step in words.

Blocking (`CandidateIndex`): two records are compared only when their normalised names share a word
(other than the stop words) or, for CJK names, a pair of adjacent characters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graph.resolve.normalize import has_cjk, is_acronym, normalize_name, simplify, tokens
from graph.resolve.records import Record

try:  # rapidfuzz is a dependency; difflib keeps the matcher working without its C extension
    from rapidfuzz import fuzz as _fuzz

    def ratio(a: str, b: str) -> float:
        """Similarity of two strings in [0, 1] (Indel distance)."""
        return _fuzz.ratio(a, b) / 100.0

except ImportError:  # pragma: no cover - exercised only without rapidfuzz
    from difflib import SequenceMatcher

    def ratio(a: str, b: str) -> float:
        return SequenceMatcher(None, a, b).ratio()


GENERIC = frozenset({"technology", "technologies", "tech", "the", "and", "of"})
STOP = frozenset({"the", "and", "of", "de", "la", "du", "des", "for", "in"})
# words many firms share: they count for little when names are compared word by word
COMMON = frozenset("""
technology technologies tech international group holding holdings industry industries industrial trading
trade shipping energy engineering system systems communication communications telecom telecommunications
electronic electronics science sciences scientific development capital investment investments service
services solution solutions network networks research institute manufacturing equipment materials
information digital global general national new first united import export enterprise enterprises
management logistics marine power products product machinery construction security aviation aerospace
china chinese beijing shanghai shenzhen guangzhou tianjin hangzhou wuhan chengdu hong kong usa us america
americas asia europe middle east iran russia bank the and of
""".split())  # noqa: SIM905 - a word list reads better as text
LOW_WEIGHT = 0.3

IDENTICAL, SAME_NORMALISED, REORDERED_PERSON, REORDERED, GENERIC_EXTRA = 1.0, 0.96, 0.96, 0.90, 0.90
SPELLING, FUZZY = 0.90, 0.80
ALIAS_PENALTY = 0.02
WEAK_CAP = 0.80
COUNTRY_BONUS, COUNTRY_PENALTY = 0.02, 0.30
SAME_ID_FLOOR, OTHER_ID_CAP = 0.99, 0.50


@dataclass(frozen=True)
class Name:
    """One name of a record, prepared for comparison."""

    text: str
    raw: str  # folded, punctuation as spaces, legal forms kept
    norm: str  # normalize_name
    is_label: bool

    @property
    def role(self) -> str:
        return "label" if self.is_label else "alias"


@dataclass(frozen=True)
class Match:
    """A scored pair: `left` is the record being resolved, `right` the candidate."""

    left: Record
    right: Record
    score: float
    reason: str


@lru_cache(maxsize=100_000)
def _prepare(text: str, is_label: bool) -> Name:
    return Name(text, simplify(text), normalize_name(text), is_label)


def prepared_names(rec: Record) -> list[Name]:
    """The record's names, prepared (cached on the record: names do not change during a run)."""
    cached = rec.__dict__.get("_prepared_names")
    if cached is None:
        cached = [n for n in (_prepare(text, is_label) for text, is_label in rec.names) if n.norm]
        rec.__dict__["_prepared_names"] = cached
    return cached


def word_weight(word: str) -> float:
    """How much a word says about which firm is meant: 1, or LOW_WEIGHT for common business words,
    place names and single letters."""
    return LOW_WEIGHT if word in COMMON or (len(word) == 1 and not has_cjk(word)) else 1.0


def soft_overlap(ta: list[str], tb: list[str]) -> float:
    """Weighted share of words two names have in common, a word pairing with its most alike
    counterpart when they are at least 80 % alike (so `Kownsec` pairs with `Knownsec`): in [0, 1]."""
    total = sum(map(word_weight, ta)) + sum(map(word_weight, tb))
    if not total:
        return 0.0
    remaining = list(tb)
    shared = 0.0
    for word in sorted(ta, key=lambda w: (-word_weight(w), w)):
        if not remaining:
            break
        best = max(remaining, key=lambda u: (word == u, ratio(word, u)))
        sim = 1.0 if best == word else ratio(word, best)
        if sim >= 0.8:
            shared += sim * (word_weight(word) + word_weight(best))
            remaining.remove(best)
    return shared / total


def _spelling_similarity(ta: list[str], tb: list[str]) -> float | None:
    """Mean similarity of the words aligned in sorted order when every pair is ≥ 0.8 alike (a spelling
    variant), else None."""
    if len(ta) != len(tb) or (len(ta) == 1 and len(ta[0]) <= 6):
        return None  # a one-word name of six letters or fewer: a misspelling is another name
    remaining = list(tb)
    sims = []
    for word in sorted(ta):
        best = max(remaining, key=lambda w: ratio(word, w))
        sim = ratio(word, best)
        if sim < 0.8:
            return None
        sims.append(sim)
        remaining.remove(best)
    return sum(sims) / len(sims)


def name_evidence(a: Name, b: Name, *, people: bool) -> tuple[float, str]:
    """How alike two names are, in [0, 1], and how (see the module doc), before the alias penalty and
    the caps of `_weakness`."""
    if a.raw == b.raw:
        return IDENTICAL, "identical names"
    if a.norm == b.norm:
        return SAME_NORMALISED, "the same name without legal forms"
    ta, tb = tokens(a.norm), tokens(b.norm)
    if sorted(ta) == sorted(tb):
        return (REORDERED_PERSON if people else REORDERED), "the same words in another order"
    overlap = soft_overlap(ta, tb)
    if people:
        return FUZZY * overlap, f"people's names {overlap:.0%} alike"
    sa, sb = set(ta), set(tb)
    if sa < sb or sb < sa:
        extra = (sb - sa) | (sa - sb)
        if extra <= GENERIC:
            return GENERIC_EXTRA, f"the same name but for generic words ({', '.join(sorted(extra))})"
        return FUZZY * overlap, f"one name adds the words {', '.join(sorted(extra))} ({overlap:.0%} alike)"
    spelling = _spelling_similarity(ta, tb)
    if spelling is not None:
        return SPELLING * spelling, f"the same words spelt differently ({spelling:.0%} alike)"
    return FUZZY * overlap, f"names {overlap:.0%} alike"


def _bare(name: Name) -> bool:
    """A name with no legal form in it (`China Mobile`, not `China Mobile Limited`)."""
    return name.raw == name.norm


def _weakness(a: Name, b: Name, score: float) -> str | None:
    """Why a strong name match says less than it seems (then the score is capped at WEAK_CAP):
    the shared name is an acronym or short brand, or a bare alias (a brand or short form without a legal
    form, which group companies share: `China Mobile`) meets anything but the same bare label."""
    if score <= WEAK_CAP:
        return None
    shorter = a if len(a.norm) <= len(b.norm) else b
    full_names = a.is_label and b.is_label and (a.raw == b.raw or (
        a.norm == b.norm and not _bare(a) and not _bare(b)))  # `ZTE Corp` = `ZTE Corporation`
    if is_acronym(shorter.text, shorter.norm) and not full_names:
        return "an acronym or short brand"
    for x, y in ((a, b), (b, a)):
        if not x.is_label and _bare(x) and not (y.is_label and _bare(y) and x.norm == y.norm):
            return f"the alias {x.text!r} is a bare brand or short form, which related companies share"
    return None


def _best_names(left: Record, right: Record, people: bool) -> tuple[float, str]:
    best: tuple[float, str] = (0.0, "no names in common")
    for a in prepared_names(left):
        for b in prepared_names(right):
            score, how = name_evidence(a, b, people=people)
            score -= ALIAS_PENALTY * ((not a.is_label) + (not b.is_label))
            weak = _weakness(a, b, score)
            if weak:
                score, how = WEAK_CAP, f"{how}, but {weak}"
            elif people and score > WEAK_CAP and a.norm != b.norm and sorted(tokens(a.norm)) != sorted(
                    tokens(b.norm)):
                score = WEAK_CAP
            text = f"{how}: {a.text!r} ({a.role}) ~ {b.text!r} ({b.role})"
            if score > best[0]:
                best = (score, text)
    return best


def score_pair(left: Record, right: Record) -> Match:
    """Score two records (see the module doc)."""
    people = left.kind == "person" and right.kind == "person"
    if (left.kind == "person") != (right.kind == "person"):
        return Match(left, right, 0.0, "a person and an organisation are never the same")
    score, reason = _best_names(left, right, people)
    parts = [reason]
    if left.country and right.country:
        if left.country == right.country:
            score += COUNTRY_BONUS
            parts.append(f"same country {left.country} (+{COUNTRY_BONUS:.2f})")
        else:
            score -= COUNTRY_PENALTY
            parts.append(f"different countries {left.country} / {right.country} (−{COUNTRY_PENALTY:.2f})")
    shared = left.identifiers & right.identifiers
    if shared:
        score = max(score, SAME_ID_FLOOR)
        parts.append(f"same identifier {', '.join(sorted(shared))}")
    elif left.identifiers and right.identifiers:
        score = min(score, OTHER_ID_CAP)
        parts.append(f"different identifiers {', '.join(sorted(left.identifiers | right.identifiers))}")
    score = round(min(1.0, max(0.0, score)), 3)
    return Match(left, right, score, "; ".join(parts))


# -- blocking ---------------------------------------------------------------------------------------------

def block_keys(rec: Record) -> set[str]:
    """The distinctive words (and CJK character pairs) of a record's normalised names — common words
    only for a name made of nothing else — and its identifiers."""
    cached = rec.__dict__.get("_block_keys")
    if cached is not None:
        return cached
    keys: set[str] = set(rec.identifiers)
    for name in prepared_names(rec):
        words = [t for t in tokens(name.norm) if t not in STOP]
        rare = [t for t in words if word_weight(t) == 1.0]
        for tok in rare or words:
            if has_cjk(tok):
                keys.update(tok[i:i + 2] for i in range(max(1, len(tok) - 1)))
            else:
                keys.add(tok)
    rec.__dict__["_block_keys"] = keys
    return keys


class CandidateIndex:
    """Records indexed by their blocking keys; `candidates(rec)` are those sharing a key with `rec`.
    Keys held by more than `max_df` records (`china`, `group`) are not used for blocking unless a record
    has no other key."""

    def __init__(self, records: Iterable[Record], max_df: int = 200) -> None:
        self.records = list(records)
        self.max_df = max_df
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, rec in enumerate(self.records):
            for key in block_keys(rec):
                self.index[key].append(i)

    def candidates(self, rec: Record, *, exclude_dataset: str | None = None) -> list[Record]:
        keys = block_keys(rec)
        usable = [k for k in keys if 0 < len(self.index.get(k, ())) <= self.max_df]
        if not usable:
            usable = [k for k in keys if k in self.index]
        found: set[int] = set()
        for key in usable:
            found.update(self.index[key])
        return [self.records[i] for i in sorted(found) if self.records[i].iri != rec.iri
                and self.records[i].dataset != exclude_dataset]
