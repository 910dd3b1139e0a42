"""Alliance ripple analytics under /api/ripple: cascade, attribution, who is next, what-if, bellwethers,
lead–lag pairs, hidden channels, the fitted model, the backtest and the derived 'followed' links.

Every answer is JSON the explorer can draw (states with labels and ISO codes, dated followers, lags,
tie channels, a cascade tree with waves, fan charts) and carries its parameters and its evidence (the
actions, their dates and their sources). The definition parameters (action class, vendor closure,
window, since, sources, tie typing, dyadic ties, as-of date) are query parameters on every route; the
projection and the fitted model are cached per store and definition. Errors answer
{"error": {"status", "message", "parameter"?}}.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query

from api.app import get_store
from api.rest.errors import ParameterError, SvkgRoute, error_responses
from graph.errors import NotFound
from graph.iris import RIPPLE_GRAPH, sparql_prefixes
from graph.ripple import answers, answers_batch, answers_next
from graph.ripple.definition import Definition
from graph.ripple.options import definition_from
from graph.ripple.service import warm
from graph.store import EmbeddedStore, GraphStore, select_rows

router = APIRouter(prefix="/api/ripple", route_class=SvkgRoute, tags=["Ripple"])


async def startup(app: FastAPI) -> None:
    """Warm the default analysis in the background when serving an on-disk store, so the first
    interactive call does not pay for the SPARQL projection and the fit."""
    store = app.state.store
    if isinstance(store, EmbeddedStore) and store.path is not None:
        threading.Thread(target=warm, args=(store,), name="ripple-warm", daemon=True).start()


Store = Annotated[GraphStore, Depends(get_store)]
ERRORS = error_responses(404, 422)


def definition(
    action_class: Annotated[
        str,
        Query(
            max_length=300,
            description="Action-type concept (key or IRI); narrower types match.",
            examples=["restriction"],
        ),
    ] = "restriction",
    vendor_closure: Annotated[bool, Query(description="A vendor includes its subsidiaries.")] = True,
    window: Annotated[str, Query(pattern=r"^\d+(\.\d+)?[YMD]?$", examples=["5Y"])] = "5Y",
    since: Annotated[
        str | None,
        Query(description="Adoption = first matching action on or after this date.", examples=["2018-01-01"]),
    ] = None,
    sources: Annotated[Literal["curated", "all"], Query()] = "curated",
    tie_key: Annotated[Literal["type", "grouping"], Query()] = "type",
    dyadic: Annotated[bool, Query(description="Add the imported ATOP/COW dyadic ties.")] = False,
    as_of: Annotated[str | None, Query(description="Observation end (default: the latest action).")] = None,
) -> Definition:
    try:
        return definition_from(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    except ValueError as exc:
        raise ParameterError(str(exc).split(":")[0], str(exc)) from None


Def = Annotated[Definition, Depends(definition)]
Trigger = Annotated[str | None, Query(max_length=300, description="Trigger action.", examples=["action/T10"])]
State = Annotated[str | None, Query(max_length=300, examples=["JP"])]
Vendor = Annotated[
    str | None, Query(max_length=600, description="Vendor(s), comma-separated.", examples=["huawei"])
]
Runs = Annotated[int, Query(ge=10, le=20000)]


def cascade_query(
    trigger: Trigger = None,
    state: State = None,
    vendor: Vendor = None,
    date: Annotated[str | None, Query(examples=["2018-08-13"])] = None,
    include_pre_adopters: bool = False,
) -> dict[str, Any]:
    """How cascade and attribution choose the cascade: its trigger action, or state, vendor and date."""
    return dict(
        trigger=trigger, state=state, vendor=vendor, date=date, include_pre_adopters=include_pre_adopters
    )


CascadeQuery = Annotated[dict[str, Any], Depends(cascade_query)]


class _Unknown(NotFound):
    def __init__(self, message: str, parameter: str | None) -> None:
        super().__init__(message)
        self.parameter = parameter


def _call(fn: Callable[..., dict[str, Any]], *args: Any, **kw: Any) -> dict[str, Any]:
    """Run an answer; a name that matches nothing is a 404, a bad value a 422 (both naming the parameter)."""
    try:
        return fn(*args, **kw)
    except LookupError as exc:
        text = str(exc).strip("'\"")
        raise _Unknown(text, text.split(":")[0] if ":" in text else None) from None
    except ValueError as exc:
        text = str(exc)
        raise ParameterError(text.split(":")[0] if ":" in text else "query", text) from None


@router.get("/cascade", responses=ERRORS, summary="F1: the followers of a trigger, with lags and sources")
def cascade(store: Store, q: CascadeQuery, d: Def) -> dict[str, Any]:
    """Every other state whose first matching action against the vendor group falls in (t0, t0 + window],
    sorted by date; the pre-adopters; the cumulative curve by month; the ties to earlier adopters."""
    return _call(answers.cascade, store, d, **q)


@router.get(
    "/attribution",
    responses=ERRORS,
    summary="F2: which earlier ally (or the background) set each follower off",
)
def attribution(store: Store, q: CascadeQuery, d: Def) -> dict[str, Any]:
    """The cascade plus, per follower, the responsibilities of each source; channel shares; the cascade
    tree (nodes, edges, waves, longest chain); the fitted model."""
    return _call(answers.attribute, store, d, **q)


@router.get("/next", responses=ERRORS, summary="F3: who is likely to act next against a vendor, and why")
def who_is_next(
    store: Store,
    d: Def,
    vendor: Annotated[str, Query(max_length=600, examples=["huawei"])],
    at: Annotated[str | None, Query()] = None,
    horizon: Annotated[str, Query()] = "2Y",
    method: Literal["closed_form", "mc"] = "closed_form",
    runs: Runs = 1000,
    top: Annotated[int | None, Query(ge=1, le=500)] = None,
) -> dict[str, Any]:
    return _call(
        answers_next.who_is_next,
        store,
        d,
        vendor=vendor,
        at=at,
        horizon=horizon,
        method=method,
        runs=runs,
        top=top,
    )


@router.get("/what-if", responses=ERRORS, summary="F4: if a state acted now, who would follow")
def what_if(
    store: Store,
    d: Def,
    state: Annotated[str, Query(max_length=300, examples=["DE"])],
    vendor: Annotated[str, Query(max_length=600, examples=["huawei"])],
    at: Annotated[str | None, Query()] = None,
    horizon: Annotated[str, Query()] = "2Y",
    runs: Runs = 1000,
    top: Annotated[int | None, Query(ge=1, le=500)] = None,
) -> dict[str, Any]:
    return _call(
        answers_next.what_if, store, d, state=state, vendor=vendor, at=at, horizon=horizon, runs=runs, top=top
    )


@router.get("/bellwethers", responses=ERRORS, summary="F5: expected spread if each state moved first")
def bellwethers(
    store: Store,
    d: Def,
    horizon: Annotated[str, Query()] = "2Y",
    runs: Runs = 200,
    top: Annotated[int, Query(ge=1, le=500)] = 20,
    coalition: Annotated[int, Query(ge=0, le=5)] = 0,
) -> dict[str, Any]:
    return _call(
        answers_batch.bellwethers, store, d, horizon=horizon, runs=runs, top=top, coalition=coalition
    )


@router.get("/lead-lag", responses=ERRORS, summary="F6: lead–lag pairs with a permutation test")
def lead_lag(
    store: Store,
    d: Def,
    delta: Annotated[str, Query()] = "1Y",
    min_cascades: Annotated[int, Query(ge=1, le=100)] = 3,
    permutations: Annotated[int, Query(ge=10, le=10000)] = 1000,
    top: Annotated[int, Query(ge=1, le=500)] = 30,
) -> dict[str, Any]:
    return _call(
        answers_batch.lead_lag_pairs,
        store,
        d,
        delta=delta,
        min_cascades=min_cascades,
        permutations=permutations,
        top=top,
    )


@router.get("/hidden", responses=ERRORS, summary="F6: inferred diffusion edges; undeclared = hidden channels")
def hidden(store: Store, d: Def, k: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    return _call(answers_batch.hidden_channels, store, d, k=k)


@router.get("/model", responses=ERRORS, summary="The fitted model: α per tie type, β, μ per year")
def model(store: Store, d: Def, bootstrap: Annotated[int, Query(ge=0, le=1000)] = 0) -> dict[str, Any]:
    return _call(answers_batch.model, store, d, bootstrap=bootstrap)


@router.get("/backtest", responses=ERRORS, summary="Rolling-origin backtest beside the baselines")
def backtest(
    store: Store,
    d: Def,
    world: Literal["planted", "null", "shock", "hidden"] | None = None,
    cutoff: Annotated[list[str] | None, Query()] = None,
    horizon: Annotated[str, Query()] = "2Y",
    runs: Annotated[int, Query(ge=10, le=2000)] = 200,
    reps: Annotated[int, Query(ge=10, le=2000)] = 300,
    cascades: Annotated[int, Query(ge=20, le=3000)] = 300,
    seed: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """On the store's data, or on a synthetic world with known truth (`world`)."""
    return _call(
        answers_batch.backtest,
        None if world else store,
        d,
        cutoffs=cutoff,
        horizon=horizon,
        runs=runs,
        reps=reps,
        seed=seed,
        world=world,
        cascades=cascades,
    )


FOLLOWED = (
    sparql_prefixes()
    + f"""
SELECT ?link ?label ?leader ?follower ?vendor ?lag ?p ?alliance ?run ?leaderAction ?followerAction WHERE {{
  GRAPH <{RIPPLE_GRAPH}> {{
    ?link a svkg:FollowedLink ; svkg:leader ?leader ; svkg:follower ?follower ; prov:wasGeneratedBy ?run .
    OPTIONAL {{ ?link rdfs:label ?label }}
    OPTIONAL {{ ?link svkg:vendor ?vendor }}
    OPTIONAL {{ ?link svkg:lagDays ?lag }}
    OPTIONAL {{ ?link svkg:attributionProbability ?p }}
    OPTIONAL {{ ?link svkg:viaAlliance ?alliance }}
    OPTIONAL {{ ?link svkg:leaderAction ?leaderAction }}
    OPTIONAL {{ ?link svkg:followerAction ?followerAction }}
  }}
}} ORDER BY ?vendor ?follower ?leader"""
)


@router.get("/followed", responses=ERRORS, summary="The derived 'followed' links (from `svkg ripple derive`)")
def followed(store: Store, vendor: Vendor = None) -> dict[str, Any]:
    """The links in the derived/ripple graph, optionally for one vendor, with their run."""
    from graph.ripple.definition import entity_iri

    rows = select_rows(store, FOLLOWED)
    want = entity_iri(vendor, "company") if vendor else None
    links: dict[str, dict[str, Any]] = {}
    for r in rows:
        if want and r["vendor"] != want:
            continue
        link = links.setdefault(
            str(r["link"]),
            {
                k: r[k]
                for k in (
                    "link",
                    "label",
                    "leader",
                    "follower",
                    "vendor",
                    "lag",
                    "p",
                    "run",
                    "leaderAction",
                    "followerAction",
                )
            }
            | {"alliances": []},
        )
        if r["alliance"] and r["alliance"] not in link["alliances"]:
            link["alliances"].append(r["alliance"])
    return {"kind": "followed", "graph": RIPPLE_GRAPH, "links": list(links.values())}
