"""Ingest: tracker tables and article text -> draft Turtle for review.

``amounts``    money as written -> value, ISO currency, cap | floor | stated
``reconcile``  names -> entities already in the graph, or new deterministic IRIs
``table``      ``import-table``: one CSV/TSV row per commitment
``extract``    ``extract``: rule-based commitments from an article, with evidence spans
``draft``      extraction result -> Turtle marked ``pledge:reviewStatus "draft"``
``gold``       ``--check GOLD.yaml``: precision, recall and F1 against a hand-made gold file
"""

TOOL_NAME = "pledgegraph-extract"
