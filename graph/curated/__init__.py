"""The curated data files (data/curated/): discovery, loading with line-accurate errors, and RDF.

    from graph.curated import SourceFile, discover, load_all, concept_keys
"""

from graph.curated.files import SourceFile, discover
from graph.curated.loader import load_all, load_files
from graph.curated.vocab import concept_keys

__all__ = ["SourceFile", "concept_keys", "discover", "load_all", "load_files"]
