"""PledgeGraph: international investment agreements and their pledges as linked data.

The stages of the data flow are modules named after them, each importing only earlier ones::

    errors, vocab, formats, project       the ground: errors, terms, formats, the checkout
    load -> results, labels -> store      files to graphs; answers; the store seam
    validate, query, summary, describe    check, ask, count, describe
    network -> viz, export, build         draw, write, and the pipeline that makes dist/
    push, synth, ingest                   to a remote store; fictional data; drafts
    web, cli                              on top: the server and the command line

``load()`` returns an rdflib ``Dataset`` with one named graph per file;
``pledgegraph.store.open_store(spec, paths)`` gives the same data behind the store seam.
"""

from pledgegraph.load import PledgeDataset, load

__version__ = "0.1.0"
__all__ = ["PledgeDataset", "__version__", "load"]
