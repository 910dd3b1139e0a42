"""The alliances CSVs: dated memberships of states in alliances, one svkg:AllianceMembership a row."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict
from rdflib import Graph

from graph.curated.facts import url_source
from graph.curated.fields import ConceptKey, IsoDate, Text, Url, id_of
from graph.curated.rdfize import DCTERMS, ORG, RDF, RDFS, SVKG, concept, en, node, plain, xdate
from graph.curated.registry import Concepts, Registry
from graph.errors import DataError, Location


class MembershipRow(BaseModel):
    """One row of an alliances CSV."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    alliance: id_of("alliance")
    member: id_of("state")
    join_date: IsoDate
    date_precision: ConceptKey
    end_date: IsoDate | None = None
    end_precision: ConceptKey | None = None
    role: ConceptKey
    role_note: Text | None = None
    source_url: Url
    verification: ConceptKey
    note: Text | None = None


MEMBERSHIP_REQUIRED = ("alliance", "member", "join_date", "date_precision", "end_date", "role",
                       "source_url", "verification", "note")
MEMBERSHIP_OPTIONAL = ("end_precision", "role_note")


def membership_id(row: MembershipRow) -> str:
    return f"membership/{row.alliance.split('/', 1)[1]}/{row.member.split('/', 1)[1]}"


def register_memberships(file: Path, rows: list[tuple[int, MembershipRow]], registry: Registry) -> None:
    for line, row in rows:
        registry.add(membership_id(row), "AllianceMembership", Location(file, line, "member"))


def write_memberships(g: Graph, file: Path, rows: list[tuple[int, MembershipRow]], registry: Registry,
                      concepts: Concepts) -> None:
    for line, row in rows:
        def at(column: str, line: int = line) -> Location:
            return Location(file, line, column)
        s = node(membership_id(row))
        registry.require(row.alliance, at("alliance"), ("Alliance",))
        registry.require(row.member, at("member"), ("State",))
        g.add((s, RDF.type, SVKG.AllianceMembership))
        member = registry.labels.get(row.member, row.member)
        alliance = registry.labels.get(row.alliance, row.alliance)
        g.add((s, RDFS.label, en(f"{member} in {alliance}")))
        g.add((s, ORG.member, node(row.member)))
        g.add((s, ORG.organization, node(row.alliance)))
        concepts.check("role", row.role, at("role"))
        g.add((s, ORG.role, concept("role", row.role)))
        g.add((s, SVKG.startDate, xdate(row.join_date)))
        concepts.check("precision", row.date_precision, at("date_precision"))
        g.add((s, SVKG.startPrecision, concept("precision", row.date_precision)))
        if row.end_date:
            if row.end_date < row.join_date:
                raise DataError(at("end_date"),
                                f"end date {row.end_date} is before the join date {row.join_date}")
            g.add((s, SVKG.endDate, xdate(row.end_date)))
            if row.end_precision:
                concepts.check("precision", row.end_precision, at("end_precision"))
                g.add((s, SVKG.endPrecision, concept("precision", row.end_precision)))
        elif row.end_precision:
            raise DataError(at("end_precision"), "end_precision without an end_date")
        if row.role_note:
            g.add((s, SVKG.roleNote, plain(row.role_note)))
        g.add((s, SVKG.source, url_source(g, row.source_url, registry)))
        concepts.check("verification", row.verification, at("verification"))
        g.add((s, SVKG.verification, concept("verification", row.verification)))
        if row.note:
            g.add((s, DCTERMS.description, en(row.note)))
