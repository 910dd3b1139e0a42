"""Any FollowTheMoney (OpenSanctions) JSON-lines file: companies, organisations, public bodies and persons
become records, `Sanction` entities become listing actions.

`svkg import ftm PATH [--name NAME]`: the dataset name (and so the graph, `svkgg:import/<name>`, and the
record ids, `id:record/<name>/<slug of the FtM id>`) comes from `--name`, else from the first entity's
`datasets` when it names exactly one (a single-dataset OpenSanctions export), else from the file name.
Entities are read with `followthemoney` (`model.get_proxy`).

- Person -> `svkg:Person` (nationality/citizenship -> `svkg:nationality`); Company -> `svkg:Company`;
  PublicBody -> `svkg:GovernmentBody`; Organization/LegalEntity -> `org:Organization`
  (country/jurisdiction/mainCountry -> `svkg:headquarteredIn`); names -> label and altLabels;
  `wikidataId` -> `owl:sameAs`.
- Sanction -> an action on its `entity`: `counter-sanction` when that entity's topics include
  `sanction.counter`, `entity-listing` for `export.control`/`debarment`, else `sanctions-listing`;
  dated at `startDate` (or `listingDate`, `date`) with its precision; `endDate` -> end date and a
  removal; actor: a known authority's curated body, else a minted `svkg:GovernmentBody` record.
Other schemata (ownerships, addresses …) are counted and skipped. Large: written as N-Triples.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import DataError, Location
from graph.importers import rdf as R
from graph.importers.base import Importer, SourceInfo
from graph.importers.context import ImportContext
from graph.importers.ftm_map import AUTHORITIES, CLASSES, action_type, parse_ftm_date
from graph.importers.listings import Entity, Listing, write_entity, write_listing
from graph.importers.states import StateWriter, iso2

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy


class FtmImporter(Importer):
    name = "ftm"
    large = True
    description = "any FollowTheMoney JSON-lines file (give PATH, and --name for the dataset)"
    source = SourceInfo(title="FollowTheMoney entities", file="", origin_url="", licence="not stated",
                        licence_url=None, snapshot_date=date(1970, 1, 1), retrieved_date=date(1970, 1, 1))

    def __init__(self, context: ImportContext | None = None, *, snapshot_date: date | None = None,
                 dataset_name: str | None = None, origin_url: str = "", licence: str = "not stated") -> None:
        super().__init__(context, snapshot_date=snapshot_date)
        self._name: str | None = R.slug(dataset_name) if dataset_name else None
        self._origin, self._licence = origin_url, licence

    @property
    def dataset_name(self) -> str:
        if not self._name:
            raise RuntimeError("the FtM dataset name is known once the file is read (or give --name)")
        return self._name

    @property
    def default_path(self) -> Path:
        raise FileNotFoundError("the ftm importer has no shipped file: give the path of a JSON-lines file")

    def run(self, path: Path | None = None):  # type: ignore[no-untyped-def]
        if path is None:
            raise DataError(Location("ftm"), "give the path of a FollowTheMoney JSON-lines file")
        path = Path(path)
        if not path.is_file():
            return super().run(path)  # says the file is missing
        name, raw, opensanctions = self.peek(path)
        self._name = self._name or name
        origin = self._origin or (f"https://www.opensanctions.org/datasets/{raw}/" if opensanctions else "")
        if not origin.startswith(("http://", "https://")):
            raise DataError(Location(path, None, "--origin"),
                            "say where the file comes from (an http(s) URL); only OpenSanctions exports "
                            "(entities with datasets, first_seen, last_seen) imply their dataset page")
        self.source = SourceInfo(  # type: ignore[misc]
            title=f"FollowTheMoney entities: {self._name}", file=path.name, origin_url=origin,
            licence=self._licence, licence_url=None, snapshot_date=date(1970, 1, 1),
            retrieved_date=date.today())
        return super().run(path)

    def _snapshot_date(self, path: Path) -> date:
        if self._snapshot_override is None:
            from datetime import UTC, datetime

            return datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
        return self._snapshot_override

    @staticmethod
    def peek(path: Path) -> tuple[str, str, bool]:
        """From the first entity: the dataset name (the slug of its `datasets` value when it names exactly
        one, as a single-dataset OpenSanctions export does; else of the file name), that name as written,
        and whether the file is an OpenSanctions export of that one dataset."""
        first: dict[str, Any] = {}
        with open(path, encoding="utf-8") as fh:
            for raw in fh:
                if raw.strip():
                    try:
                        loaded = json.loads(raw)
                    except json.JSONDecodeError:
                        break  # the conversion reports it, with its line
                    first = loaded if isinstance(loaded, dict) else {}
                    break
        datasets = first.get("datasets") or []
        if len(datasets) == 1:  # a collection export lists each entity's source datasets: not its name
            raw_name = str(datasets[0])
            return R.slug(raw_name) or "ftm", raw_name, {"first_seen", "last_seen"} <= first.keys()
        stem = path.name.split(".")[0]
        return R.slug(stem) or "ftm", stem, False

    # -- conversion -------------------------------------------------------------------------------
    def proxies(self, path: Path):  # type: ignore[no-untyped-def]
        try:  # an optional dependency: pip install 'svkg[ftm]'
            from followthemoney import model
            from followthemoney.exc import InvalidData
        except ModuleNotFoundError:
            raise DataError(Location(path), "reading FollowTheMoney needs the followthemoney package: "
                            "pip install 'svkg[ftm]'") from None
        with open(path, encoding="utf-8") as fh:
            for line, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise self.fail(line, None, f"not JSON: {exc.msg} at column {exc.colno}") from None
                if not isinstance(data, dict) or not data.get("id"):
                    raise self.fail(line, "id", "a FollowTheMoney entity needs an id")
                try:
                    proxy = model.get_proxy(data)
                except InvalidData as exc:
                    raise self.fail(line, "schema", f"not a FollowTheMoney entity: {exc}") from None
                yield line, proxy

    def convert(self, path: Path) -> int:
        self.states = StateWriter(self.context)
        topics: dict[str, set[str]] = {}
        self.classes: dict[str, tuple[str, str]] = {}  # FtM id -> (class, label) of the entities read
        sanctions: list[tuple[int, EntityProxy]] = []
        authorities: dict[str, R.ox.NamedNode] = {}
        skipped: Counter[str] = Counter()
        rows = 0
        for line, proxy in self.proxies(path):
            rows += 1
            schema = proxy.schema.name
            if schema == "Sanction":
                sanctions.append((line, proxy))
            elif schema in CLASSES:
                self._entity(proxy, CLASSES[schema])
                if proxy.get("topics"):
                    topics[proxy.id] = set(proxy.get("topics"))
            else:
                skipped[schema] += 1
        for line, proxy in sanctions:
            self._sanction(line, proxy, topics, authorities)
        self.stats.update(sanctions=len(sanctions), skipped_schemata=dict(skipped),
                          states_minted=self.states.write(self.sink))
        return rows

    def _node(self, ftm_id: str) -> R.ox.NamedNode:
        return self.record(R.slug(ftm_id, max_len=120) or "entity")

    def _entity(self, proxy: EntityProxy, cls: str) -> None:
        names = proxy.get("name")
        label = names[0] if names else proxy.caption
        aliases = {n: R.guess_lang(n) for prop in ("name", "alias", "previousName", "weakAlias")
                   for n in proxy.get(prop, quiet=True)}
        country_props = ("nationality", "citizenship", "country") if cls == "Person" else (
            "jurisdiction", "mainCountry", "country")
        code = next((c for p in country_props for v in proxy.get(p, quiet=True) if (c := iso2(v))), None)
        qid = next(iter(proxy.get("wikidataId", quiet=True)), None)
        desc = next(iter(proxy.get("summary", quiet=True) or proxy.get("notes", quiet=True)), None)
        key = self._node(proxy.id).value.rsplit("/", 1)[1]
        country = self.states.ref(code) if code else None
        write_entity(self, Entity(key, cls, label, aliases, desc, country=country,
                                  same_as=qid if qid and qid[1:].isdigit() else None))
        self.classes[proxy.id] = (cls, label)

    def _sanction(self, line: int, proxy: EntityProxy, topics: dict[str, set[str]],
                  authorities: dict[str, R.ox.NamedNode]) -> None:
        target_id = proxy.first("entity")
        if not target_id:
            raise self.fail(line, "entity", "a Sanction needs the entity it sanctions")
        started, precision = parse_ftm_date(self, line, "startDate", proxy.get("startDate")
                                            or proxy.get("listingDate") or proxy.get("date"))
        ended, _ = parse_ftm_date(self, line, "endDate", proxy.get("endDate"))
        if started and ended and ended < started:
            raise self.fail(line, "endDate", f"end date {ended} is before the start date {started}")
        if target_id not in self.classes:
            raise self.fail(line, "entity", f"the sanctioned entity {target_id!r} is not in the file "
                            "(or is of a schema svkg does not import)")
        cls, label = self.classes[target_id]
        actor = self._authority(proxy, authorities)
        programs = proxy.get("program")
        key = R.slug(proxy.id, max_len=120)
        listing = Listing(
            key=key, action_type=action_type(topics.get(target_id, set())), actor=actor,
            label=f"{proxy.caption}: {label}",
            date=started, precision=precision, end_date=ended,
            scope="; ".join(programs) if programs else None,
            description=next(iter(proxy.get("reason")), None),
            status_note="; ".join(proxy.get("status")) or None,
            verification_note=("source: " + proxy.first("sourceUrl")) if proxy.first("sourceUrl") else None)
        listing.add_target(self._node(target_id), cls, label)
        write_listing(self, listing)

    def _authority(self, proxy: EntityProxy, authorities: dict[str, R.ox.NamedNode]) -> R.ox.NamedNode:
        name = proxy.first("authority") or proxy.first("publisher")
        countries = [c for v in proxy.get("country") if (c := iso2(v))]
        if name and name.lower() in AUTHORITIES:
            return R.thing(AUTHORITIES[name.lower()])
        if not name and countries:
            return self.states.ref(countries[0])
        label = name or f"authority not named in {self.dataset_name}"
        key = f"authority-{R.slug(label)}"
        if key not in authorities:  # a government body under its state; an acting organisation without one
            country = self.states.ref(countries[0]) if countries else None
            authorities[key] = write_entity(self, Entity(key, "GovernmentBody" if country else "Agent", label,
                                                         country=country))
        return authorities[key]

    def metadata(self, path: Path, rows: int, started: Any) -> dict[str, Any]:
        meta = super().metadata(path, rows, started)
        meta["name"] = self.dataset_name
        return meta
