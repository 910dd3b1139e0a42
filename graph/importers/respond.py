"""What a counter-measure answers — only where the dataset's own text says so.

`find_response(context, texts, listed)` looks for an explicit statement in a row's text ("in response
to …", "in retaliation for …", "arms sales to Taiwan", "对台军售" …). When it finds one it returns the
words as a note, and the curated action it answers when exactly one curated action clearly matches: the
rule's action type and actor, dated within `WINDOW` before the listing. Otherwise nothing: a listing's
cause is never inferred from its date, its target or its list's name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from graph.importers.context import ImportContext

WINDOW = timedelta(days=365)

_GENERIC = re.compile(r"\b(?:in (?:response|retaliation|reply) to|in retaliation for|as a countermeasure "
                      r"(?:to|against)|responding to)\s+(?P<what>[^.;]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    note: str  # what the measure answers, in words
    action_types: frozenset[str]  # curated action types that can be the answered action
    actor: str | None  # who did the answered action


RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"arms sales? to Taiwan|sale of (?:arms|weapons) to Taiwan|售台武器|对台(?:湾)?军售",
                    re.IGNORECASE),
         "an arms sale to Taiwan", frozenset({"arms-sale"}), "state/US"),
)


@dataclass(frozen=True)
class Response:
    note: str
    curated: str | None  # id path of the curated action answered, when one clearly matches


def find_response(context: ImportContext, texts: list[str], listed: date | None) -> Response | None:
    joined = " ".join(t for t in texts if t)
    if not joined.strip():
        return None
    for rule in RULES:
        if rule.pattern.search(joined):
            return Response(f"Responds to {rule.note} (the dataset's words: "
                            f"{rule.pattern.search(joined).group(0)!r})",  # type: ignore[union-attr]
                            _match(context, rule, listed))
    generic = _GENERIC.search(joined)
    if generic:
        return Response(f"Responds to {generic.group('what').strip()} (the dataset's words)", None)
    return None


def _match(context: ImportContext, rule: Rule, listed: date | None) -> str | None:
    if listed is None:
        return None
    found = []
    for action in context.curated_actions:
        if action.action_type not in rule.action_types or (rule.actor and action.actor != rule.actor):
            continue
        try:
            when = date.fromisoformat(action.date)
        except ValueError:
            continue
        if listed - WINDOW <= when <= listed:
            found.append(action.id)
    return found[0] if len(found) == 1 else None
