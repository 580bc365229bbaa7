"""PledgeGraph: international investment agreements and their pledges as linked data.

The stages of the data flow are modules named after them: ``load``, ``validate``, ``query``,
``network``, ``viz``, ``export``, ``serve``, ``ingest``; ``cli`` sits on top of them.
"""

from pledgegraph.load import PledgeDataset, load

__version__ = "0.1.0"
__all__ = ["PledgeDataset", "__version__", "load"]
