"""The query editor page at / (YASGUI, vendored, pointed at this server's /sparql) with the gallery of
example queries from ontology/queries/*.rq, and the static files under /static.

Nothing on the page leaves the server: YASGUI's remote autocompleters (Linked Open Vocabularies
look-ups for classes and properties) are replaced by the ontology's own terms, the prefix completer
uses YASGUI's bundled list plus svkg's prefixes, the endpoint is pinned to the local one, and a
Content-Security-Policy keeps every fetch, script, style, image and font on this origin.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.app import get_app_settings, get_store
from graph.iris import PREFIXES
from graph.settings import Settings
from graph.store import GraphStore, select_rows

API_DIR = Path(__file__).resolve().parent.parent
templates = Jinja2Templates(directory=str(API_DIR / "templates"))  # autoescape on for .html

router = APIRouter()
router.mount("/static", StaticFiles(directory=str(API_DIR / "static")), name="static")

CSP = ("default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
       "style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'self'")

DEFAULT_QUERY = """PREFIX svkg: <https://w3id.org/svkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# The latest actions: who did what, when
SELECT ?date ?actor ?actorLabel ?type ?action WHERE {
  ?action a svkg:Action ; svkg:date ?date ; svkg:actor ?actor ; svkg:actionType ?t .
  OPTIONAL { ?actor rdfs:label ?actorLabel }
  OPTIONAL { ?t skos:prefLabel ?type }
}
ORDER BY DESC(?date) ?action
LIMIT 25
"""

TERMS = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?term ?kind WHERE {
  VALUES (?class ?kind) { (owl:Class "class") (rdfs:Class "class") (owl:ObjectProperty "property")
                          (owl:DatatypeProperty "property") (owl:AnnotationProperty "property")
                          (rdf:Property "property") }
  ?term a ?class .
  FILTER(isIRI(?term))
}"""


@dataclass(frozen=True)
class Example:
    """One example query: the file stem, its title (first comment line) and description (the comments
    after it), and the whole text."""

    id: str
    title: str
    description: str
    query: str


def read_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    comments: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("#").strip())
    title = comments[0] if comments and comments[0] else path.stem.replace("-", " ")
    description = " ".join(c for c in comments[1:] if c)
    return Example(id=path.stem, title=title, description=description, query=text)


def examples(directory: Path) -> list[Example]:
    """The example queries of `directory` (`*.rq`), in file-name order."""
    if not directory.is_dir():
        return []
    return [read_example(p) for p in sorted(directory.glob("*.rq")) if re.match(r"^[\w.-]+$", p.stem)]


def ontology_terms(store: GraphStore) -> dict[str, list[str]]:
    """IRIs of the classes and properties the loaded ontologies declare, for the editor's autocompleters."""
    terms: dict[str, list[str]] = {"class": [], "property": []}
    for row in select_rows(store, TERMS):
        terms[row["kind"]].append(row["term"])
    return {k: sorted(set(v)) for k, v in terms.items()}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def editor(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> HTMLResponse:
    gallery = examples(settings.ontology_dir / "queries")
    terms = ontology_terms(store)
    root = request.scope.get("root_path", "").rstrip("/")
    config = {
        "endpoint": f"{root}/sparql",
        "prefixes": PREFIXES,
        "classes": terms["class"],
        "properties": terms["property"],
        "defaultQuery": DEFAULT_QUERY,
        "examples": [asdict(e) for e in gallery],
    }
    response = templates.TemplateResponse(
        request, "editor.html", {"config": config, "examples": gallery, "root": root})
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
