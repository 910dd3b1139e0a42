"""The SPARQL 1.1 endpoint's machinery: request parsing (protocol), content negotiation (conneg), query
inspection (lexer, guard), the worker processes that run queries (worker, pool), writes (writer),
backends over the embedded store, a remote server or an injected store (backends), the Graph Store
protocol (gsp) and the service description.

Kept free of heavy imports: worker processes import `api.sparql.worker`, which must start fast.
"""
