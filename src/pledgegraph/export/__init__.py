"""Export stage: the graph as files. Which files a build writes, and the writers behind them.

rdf      every RDF format of ``formats``, byte-stable (sorted, blank nodes by content)
jsonld   JSON-LD compacted with our context, offline
tables   CSV tables for spreadsheets (commitments, entities)
"""

from __future__ import annotations

from rdflib import Dataset

from pledgegraph.export.rdf import serialize, union_graph
from pledgegraph.export.tables import csv_tables
from pledgegraph.formats import RDF_FORMATS, find

# (file name, format name): what `build` writes and what the dataset description lists.
DUMPS: tuple[tuple[str, str], ...] = (
    *((f"pledgegraph{fmt.extension}", fmt.name) for fmt in RDF_FORMATS),
    ("commitments.csv", "csv"),
    ("entities.csv", "csv"),
)


def dump_files(dataset: Dataset) -> dict[str, bytes]:
    """Every RDF serialisation and both CSV tables of ``dataset``, as file name -> bytes."""
    files = {name: serialize(dataset, find(fmt)) for name, fmt in DUMPS if fmt != "csv"}
    files.update(csv_tables(union_graph(dataset)))
    return files
