"""The SPARQL the REST API runs. User values enter only as bound variables (pyoxigraph substitutions,
`?…Param`, `?entity`, `?vendor`…); the text is fixed, or assembled from the fixed fragments in
`ACTION_FILTERS`. `values_clause` writes a VALUES block of IRIs that came out of the store (never from a
request).

pyoxigraph substitutes a variable everywhere in the query (triple patterns, paths, FILTERs, inner
groups) except inside BIND expressions, and a SELECT must project every substituted variable: the
queries below follow both rules.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from graph.iris import sparql_prefixes

P = sparql_prefixes()

# -- actions -----------------------------------------------------------------------------------------
# Each filter is a fixed pattern reading one bound parameter, and possibly a FILTER on ?date. Subtypes
# come from the SKOS hierarchy; an actor includes its sub-organisations (a state's ministries and
# regulators), a target its subsidiaries; `alliance` holds when the actor's state was a member on the
# action's date. Written as small subqueries placed before the 16k actions: pyoxigraph then starts from
# the few matching types, agents or member states (measured on the full 513k-quad store: 3-6x faster
# than property paths after the actions, 12x for the alliance filter).
ACTION_PATTERNS: dict[str, str] = {
    "actor": """{ SELECT DISTINCT ?actorParam ?actorAgent WHERE {
      ?actorAgent org:subOrganizationOf* ?actorParam } }
  ?action svkg:actor ?actorAgent .""",
    "target": """{ SELECT DISTINCT ?targetParam ?targetEntity WHERE {
      ?targetEntity svkg:subsidiaryOf* ?targetParam } }
  ?action svkg:target ?targetEntity .""",
    "type": """{ SELECT DISTINCT ?typeParam ?type WHERE { ?type skos:broader* ?typeParam } }
  ?action svkg:actionType ?type .""",
    "scope": """{ SELECT DISTINCT ?scopeParam ?scope WHERE { ?scope skos:broader* ?scopeParam } }
  ?action svkg:scopeCategory ?scope .""",
    "status": "?action svkg:currentStatus ?statusParam .",
    "alliance": """{ SELECT DISTINCT ?allianceParam ?allyAgent ?memberFrom ?memberUntil WHERE {
      ?membership org:organization ?allianceParam ; org:member ?allyState ; svkg:startDate ?memberFrom .
      OPTIONAL { ?membership svkg:endDate ?memberUntil }
      ?allyState a svkg:State .
      ?allyAgent (org:subOrganizationOf|svkg:jurisdiction)* ?allyState .
  } }
  ?action svkg:actor ?allyAgent .""",
}
ACTION_CONDITIONS: dict[str, str] = {
    "from": "FILTER(?date >= ?fromParam)",
    "to": "FILTER(?date <= ?toParam)",
    "alliance": "FILTER(?memberFrom <= ?date && (!BOUND(?memberUntil) || ?memberUntil > ?date))",
}
ACTION_FILTERS = sorted(set(ACTION_PATTERNS) | set(ACTION_CONDITIONS))


def action_ids_query(filters: Iterable[str]) -> str:
    """SELECT ?action ?date for the actions passing every named filter (names from ACTION_FILTERS)."""
    names = sorted(set(filters))
    unknown = set(names) - set(ACTION_FILTERS)
    if unknown:
        raise ValueError(f"unknown action filters: {sorted(unknown)}")
    patterns = "\n  ".join(ACTION_PATTERNS[f] for f in names if f in ACTION_PATTERNS)
    conditions = "\n  ".join(ACTION_CONDITIONS[f] for f in names if f in ACTION_CONDITIONS)
    params = " ".join(f"?{f}Param" for f in names)
    return f"""{P}SELECT DISTINCT ?action ?date {params} WHERE {{
  {patterns}
  ?action a svkg:Action .
  OPTIONAL {{ ?action svkg:date ?date }}
  {conditions}
}}"""


CLAIMS_ABOUT = P + """SELECT DISTINCT ?claim ?about WHERE {
  VALUES_CLAUSE
  ?claim svkg:claimAbout ?about .
}"""

BROADER = P + """SELECT DISTINCT ?narrower ?broader WHERE {
  VALUES_CLAUSE
  ?start skos:broader* ?narrower .
  ?narrower skos:broader ?broader .
}"""

DESCRIBE_NODES = """SELECT ?s ?p ?o WHERE {
  VALUES_CLAUSE
  ?s ?p ?o .
}"""

# -- entities ----------------------------------------------------------------------------------------
ENTITY_EXISTS = "ASK { { ?entity ?p ?o } UNION { ?s ?p ?entity } }"
ENTITY_OUT = "SELECT ?entity ?p ?o WHERE { ?entity ?p ?o }"
ENTITY_IN = "SELECT DISTINCT ?entity ?s ?p WHERE { ?s ?p ?entity . FILTER(isIRI(?s)) }"
IS_A = P + "ASK { ?entity a/rdfs:subClassOf* ?class }"

# What an entity's JSON-LD holds: the entity, the nodes linking to it (memberships, subsidiaries, bodies,
# actions, claims, allegations), the claims about those, and their sources — found first (ENTITY_NODES),
# then described (NODES_CONSTRUCT). Predicate alternatives are VALUES lists, not `a|b` paths, and the
# CONSTRUCT reads only the nodes found: on the full store pyoxigraph took 6.4 s for the one-query form
# with paths, minutes with VALUES inside it, and 0.1 s this way.
_LINKS = "svkg:actor svkg:target svkg:requestedBy svkg:allegationAgainst svkg:allegedBy"
ENTITY_NODES = P + f"""SELECT DISTINCT ?entity ?s WHERE {{
  {{ VALUES ?in {{ org:member org:organization svkg:subsidiaryOf org:subOrganizationOf svkg:claimAbout
                 {_LINKS} }}
    ?s ?in ?entity }}
  UNION {{ ?c svkg:claimAbout ?entity ; svkg:source ?s }}
  UNION {{ VALUES ?link {{ {_LINKS} }} ?x ?link ?entity . ?s svkg:claimAbout ?x }}
  UNION {{ VALUES ?link {{ {_LINKS} }} ?x ?link ?entity . ?c svkg:claimAbout ?x ; svkg:source ?s }}
  UNION {{ VALUES ?in {{ org:member org:organization }} ?m ?in ?entity ; svkg:source ?s }}
  FILTER(isIRI(?s))
}}"""

NODES_CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { VALUES_CLAUSE ?s ?p ?o }"

# -- vendors and alliances ---------------------------------------------------------------------------
VENDOR_GROUP = P + "SELECT DISTINCT ?vendor ?company WHERE { ?company svkg:subsidiaryOf+ ?vendor }"

# the vendor's group first, then the actions naming it (36 ms on the full store; 0.96 s when the
# actions were typed and dated in the same query)
VENDOR_ACTIONS = P + """SELECT DISTINCT ?vendor ?action ?role ?who WHERE {
  { SELECT DISTINCT ?vendor ?who WHERE { ?who svkg:subsidiaryOf* ?vendor } }
  VALUES (?rolePredicate ?role) { (svkg:target "target") (svkg:actor "actor") }
  ?action ?rolePredicate ?who .
}"""

ALLIANCE_MEMBERSHIPS = P + """SELECT DISTINCT ?alliance ?membership ?start ?end WHERE {
  ?membership org:organization ?alliance ; org:member ?member .
  OPTIONAL { ?membership svkg:startDate ?start }
  OPTIONAL { ?membership svkg:endDate ?end }
}"""

ALLIANCE_MEMBERSHIPS_ON = P + """SELECT DISTINCT ?alliance ?onParam ?membership ?start ?end WHERE {
  ?membership org:organization ?alliance ; org:member ?member ; svkg:startDate ?start .
  OPTIONAL { ?membership svkg:endDate ?end }
  FILTER(?start <= ?onParam && (!BOUND(?end) || ?end > ?onParam))
}"""

# -- exports -----------------------------------------------------------------------------------------
ALL_ACTION_TRIPLES = P + "SELECT ?s ?p ?o WHERE { ?s a svkg:Action ; ?p ?o }"

ALL_ACTION_SOURCE_URLS = P + """SELECT DISTINCT ?action ?url WHERE {
  ?claim svkg:claimAbout ?action ; svkg:source ?source .
  ?action a svkg:Action .
  ?source schema:url ?url .
}"""

AGENTS = P + """SELECT DISTINCT ?node ?class WHERE {
  VALUES ?class { svkg:State svkg:GovernmentBody svkg:IntergovernmentalOrganization svkg:Company
                  svkg:MediaOrganization svkg:Person svkg:Alliance svkg:UnnamedSource
                  svkg:Law svkg:LawSection svkg:ExecutiveOrder svkg:Regulation svkg:OfficialList }
  ?node a ?class .
}"""

MEMBERSHIP_EDGES = P + """SELECT DISTINCT ?membership ?member ?organization ?start ?end WHERE {
  ?membership a svkg:AllianceMembership ; org:member ?member ; org:organization ?organization .
  OPTIONAL { ?membership svkg:startDate ?start }
  OPTIONAL { ?membership svkg:endDate ?end }
}"""

ORG_EDGES = P + """SELECT DISTINCT ?child ?p ?parent WHERE {
  VALUES ?p { svkg:subsidiaryOf org:subOrganizationOf }
  ?child ?p ?parent .
}"""


def values_clause(var: str, nodes: Iterable[ox.NamedNode]) -> str:
    """`VALUES ?var { <iri> ... }` for IRIs read from the store. pyoxigraph validated each NamedNode's IRI
    when it was made, so its N-Triples form cannot break out of the block."""
    items = " ".join(str(n) for n in nodes if isinstance(n, ox.NamedNode))
    return f"VALUES ?{var} {{ {items} }}"


def with_values(template: str, var: str, nodes: Iterable[ox.NamedNode]) -> str:
    return template.replace("VALUES_CLAUSE", values_clause(var, nodes))
