"""China's own counter-sanctions and export-control listings (OpenSanctions' `cn_sanctions` source file).

Each row names a person, company or organisation listed by the Ministry of Foreign Affairs
(`body/cn-mfa`), the Ministry of Commerce (`body/cn-mofcom`) or another body (a minted
`svkg:GovernmentBody` record under `state/CN`; `state/CN` itself when the row names none):

- topic `sanction.counter` -> a `counter-sanction` on `list/cn-countersanctions`;
- topic `export.control`   -> an `entity-listing` (MOFCOM's export-control lists);
- topic `sanction`         -> a `sanctions-listing` (the Taiwan Affairs Office's lists).

The list a row names (`List`: "UEL", "AFSL", "List of Export Controls" …) is the action's `svkg:scope`
and, for the export-control and Taiwan lists, a minted `svkg:OfficialList` record as legal basis.
What a measure answers is recorded only where the row's own text says it (`respond.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.errors import Location
from graph.importers import rdf as R
from graph.importers.base import Importer, SourceInfo
from graph.importers.listings import Entity, Listing, write_entity, write_listing
from graph.importers.respond import find_response
from graph.importers.rows import optional_date, read_csv, require, split_list
from graph.importers.sources import CC_BY_NC, OPENSANCTIONS
from graph.importers.states import StateWriter, iso2

COLUMNS = ("Type", "QID", "Name", "Alias", "Chinese name", "Country", "Topics", "Summary", "Chinese summary",
           "Body", "List", "Date", "End date", "Source URL", "Address")
DATES = ("%d.%m.%Y", "%d.%m.%y")
CLASSES = {"Company": "Company", "Person": "Person", "Organization": "Organization"}
TOPIC_TYPES = {"sanction.counter": "counter-sanction", "export.control": "entity-listing",
               "sanction": "sanctions-listing"}
BODIES = {"Ministry of Foreign Affairs": "body/cn-mfa", "Ministry of Commerce": "body/cn-mofcom"}
COUNTER_LIST = "list/cn-countersanctions"
NO_STATE = {"EU"}  # a Country value that is not a state: kept as a note, no link


@dataclass
class Target:
    key: str
    cls: str
    name: str
    aliases: dict[str, str] = field(default_factory=dict)
    description: str | None = None
    country: str | None = None
    qid: str | None = None


class CnSanctionsImporter(Importer):
    name = "cn-sanctions"
    description = "China's counter-sanctions and export-control listings (MFA, MOFCOM, TAO)"
    source = SourceInfo(
        title="China's counter-sanctions and export-control lists (OpenSanctions source file)",
        file="opensanctions/cn__sanctions__sanctions.csv",
        origin_url=OPENSANCTIONS + "datasets/cn/sanctions/sanctions.csv",
        licence="CC BY-NC 4.0 (OpenSanctions data)",
        licence_url=CC_BY_NC,
        snapshot_date=date(2026, 8, 22),
        retrieved_date=date(2026, 11, 27),
    )

    def convert(self, path: Path) -> int:
        self.states = StateWriter(self.context)
        targets: dict[str, Target] = {}
        bodies: dict[str, str] = {}
        lists: dict[str, tuple[str, R.ox.NamedNode]] = {}
        keys: set[str] = set()
        rows = responses = 0
        for line, row in read_csv(path, required=COLUMNS):
            rows += 1
            at = lambda f, line=line: Location(path, line, f)  # noqa: E731
            name = require(row["Name"], at("Name"))
            kind = row["Type"].strip()
            if kind not in CLASSES:
                raise self.fail(line, "Type", f"unknown entity type {kind!r} (expected {', '.join(CLASSES)})")
            topic = row["Topics"].strip()
            if topic not in TOPIC_TYPES:
                raise self.fail(line, "Topics",
                                f"unknown topic {topic!r} (expected {', '.join(TOPIC_TYPES)})")
            listed = optional_date(row["Date"], at("Date"), DATES)
            ended = optional_date(row["End date"], at("End date"), DATES)
            if listed and ended and ended < listed:
                raise self.fail(line, "End date", f"end date {ended} is before the date {listed}")
            country = row["Country"].strip()
            code = None if country in NO_STATE else iso2(country)
            if country and country not in NO_STATE and code is None:
                raise self.fail(line, "Country", f"unknown country {country!r}")
            target = self._target(targets, kind, name, row, code, line)
            actor = self._actor(bodies, row["Body"].strip())
            list_name = row["List"].strip()
            basis = [R.thing(COUNTER_LIST)] if topic == "sanction.counter" else []
            if list_name and topic != "sanction.counter":
                basis.append(self._list(lists, list_name, actor))
            summary = row["Summary"].strip()
            suspended = "suspended" in summary.lower()
            base = f"{target.key}-{listed.isoformat() if listed else 'undated'}"
            key = base if base not in keys else f"{base}-{R.slug(list_name or row['Body'] or topic, 40)}"
            n = 2
            while key in keys:
                key, n = f"{base}-{n}", n + 1
            keys.add(key)
            response = find_response(self.context, [summary, row["Chinese summary"], list_name], listed)
            responses += response is not None
            url = row["Source URL"].strip()
            listing = Listing(
                key=key, action_type=TOPIC_TYPES[topic], actor=actor,
                target_note=f"Country: {country}" if country in NO_STATE else None, legal_basis=basis,
                label=f"China ({row['Body'].strip() or 'government'}) lists {name}"
                      + (f" ({list_name})" if list_name else ""),
                date=listed, end_date=ended, scope=list_name or None,
                description=response.note if response else None,
                responds_to=[R.thing(response.curated)] if response and response.curated else [],
                status="suspended" if suspended and not ended else None,
                status_note=summary if suspended else None,
                verification_note=f"official notice: {url}" if url else None)
            listing.add_target(self.record(target.key), target.cls, name)
            write_listing(self, listing)
        for target in targets.values():
            write_entity(self, Entity(
                target.key, target.cls, target.name, target.aliases, target.description,
                country=self.states.ref(target.country) if target.country else None, same_as=target.qid))
        self.stats.update(targets=len(targets), responds_to_notes=responses,
                          states_minted=self.states.write(self.sink))
        return rows

    def _target(self, targets: dict[str, Target], kind: str, name: str, row: dict[str, str], code: str | None,
                line: int) -> Target:
        qid = row["QID"].strip() or None
        if qid and not (qid.startswith("Q") and qid[1:].isdigit()):
            raise self.fail(line, "QID", f"not a Wikidata id: {qid!r}")
        key = R.slug(name) or (qid or "").lower() or R.slug(row["Alias"])
        if not key:
            raise self.fail(line, "Name", f"no Latin letters or digits to make an id from {name!r}")
        if key in targets and targets[key].cls != CLASSES[kind]:
            key = f"{key}-{kind.lower()}"
        target = targets.setdefault(key, Target(key, CLASSES[kind], name))
        for alias in split_list(row["Alias"]):
            target.aliases.setdefault(alias, R.guess_lang(alias))
        if row["Chinese name"].strip():
            target.aliases.setdefault(row["Chinese name"].strip(), "zh")
        summary = row["Summary"].strip()
        if summary and "suspended" not in summary.lower() and not target.description:
            target.description = summary
        target.country = target.country or code
        target.qid = target.qid or qid
        return target

    def _actor(self, bodies: dict[str, str], body: str) -> R.ox.NamedNode:
        if not body:
            return self.states.ref("CN")
        if body in BODIES:
            return R.thing(BODIES[body])
        key = f"body-{R.slug(body)}"
        if key not in bodies:
            bodies[key] = body
            node = write_entity(self, Entity(key, "GovernmentBody", body, country=self.states.ref("CN")))
            return node
        return self.record(key)

    def _list(self, lists: dict[str, tuple[str, R.ox.NamedNode]], name: str, issuer: R.ox.NamedNode,
              ) -> R.ox.NamedNode:
        key = f"list-{R.slug(name)}"
        node = self.record(key)
        if key not in lists:
            lists[key] = (name, issuer)
            self.sink.add(node, R.RDF_TYPE, R.svkg("OfficialList"))
            self.sink.add(node, R.RDFS_LABEL, R.text(name))
            self.sink.add(node, R.svkg("issuedBy"), issuer)
        return node
