"""The SPARQL 1.1 endpoint's machinery (the routes are in api.routers.sparql and api.sparql.gsp):

    protocol             reading a Protocol request: operation, text, dataset parameters
    conneg               Accept header -> media type (q-values, wildcards, 406)
    lexer, guard         query form, FROM, and refusals (SERVICE, LOAD, file: IRIs); update datasets
    auth                 who may write (enable_update + bearer token, constant-time compare)
    worker, pool         query worker processes with a hard time limit and a result cap
    writer               SPARQL Update / Graph Store writes (in a writer process, workers stopped)
    backends             embedded store (workers), remote server, or an injected store
    gsp                  the Graph Store HTTP Protocol at /rdf-graph-store
    service_description  GET /sparql without a query
    responses, errors    HTTP answers for results and errors
    cors                 CORSMiddleware from settings.cors_origins

Kept free of heavy imports: worker processes import api.sparql.worker, which must start fast.
"""
