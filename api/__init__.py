"""svkg's web API: the SPARQL 1.1 endpoint, REST/JSON-LD access, the query editor and explorer pages."""
