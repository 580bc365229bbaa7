"""Ingest: tracker tables and article text -> draft Turtle for review.

``amounts``    money as written -> value, ISO currency, cap | floor | stated
``reconcile``  names -> entities already in the graph, or new deterministic IRIs
``table``      ``import-table``: one CSV/TSV row per commitment
``gazetteer``  countries, demonyms, legal suffixes and sector keywords
``text``       sentences with spans, names, partners, subjects, dates
``clauses``    one clause per amount, and what it is for
``extract``    ``extract``: rule-based commitments from an article, with evidence spans
``article``    the ``extract`` command: read, extract, build the draft
``draft``      extraction result -> Turtle marked ``pledge:reviewStatus "draft"``
``gold``       ``--check GOLD.yaml``: precision, recall and F1 against a hand-made gold file
"""

TOOL_NAME = "pledgegraph-extract"
