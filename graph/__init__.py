"""svkg: the State-Vendor Knowledge Graph (ontology, data loading, store, analytics)."""

__version__ = "0.1.0"
