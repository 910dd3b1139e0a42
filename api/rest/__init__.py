"""The REST/JSON(-LD) API over the graph: entity search and pages, filtered actions, vendor timelines,
alliance memberships on a date, and whole-graph exports. Routes live in `api.routers.rest`; this package
holds the queries (`queries`), the response models (`models`), and the code that assembles them."""
