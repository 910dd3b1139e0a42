"""Importers of public datasets: each reads one dataset as published and writes its own named graph
(`https://w3id.org/svkg/graph/import/<name>`). See README.md in this package, `registry` for the list,
`base` for the Importer class and ImportResult, `history` for re-importing newer snapshots."""
