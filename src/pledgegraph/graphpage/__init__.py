"""The network page's parts: its data (``model``), read from a store (``read``), laid out
(``layout``) and cut into what is drawn first and what on a click (``scenes``); ``viz`` writes
the page."""
