"""Export stage: the graph as files. Which files a build writes, and the writers behind them.

rdf      every RDF format of ``formats`` for small rdflib graphs (pages, one entity), byte-stable;
         a whole store is written by Oxigraph (``store.oxigraph.OxigraphStore.write``)
jsonld   JSON-LD compacted with our context, embedded, in one pass over the subjects
tables   CSV tables for spreadsheets (commitments, entities), from whole-graph SELECTs
"""

from __future__ import annotations

from pledgegraph.formats import RDF_FORMATS

# (file name, format name): what `build` writes and what the dataset description lists.
DUMPS: tuple[tuple[str, str], ...] = (
    *((f"pledgegraph{fmt.extension}", fmt.name) for fmt in RDF_FORMATS),
    ("commitments.csv", "csv"),
    ("entities.csv", "csv"),
)
