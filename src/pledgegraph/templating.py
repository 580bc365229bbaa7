"""The one Jinja environment, for every page: the network page (``viz``), the query page, the
entity and ontology pages (``web``), and ``dist/index.html``.

Templates live in ``templates/``. Autoescaping is on everywhere, so labels and quotes never
become markup; an undefined variable is an error, not an empty string. Block tags on lines of
their own leave no blank lines (``trim_blocks``, ``lstrip_blocks``); a tag written ``{%+ ...
+%}`` keeps the whitespace around it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    """The shared environment (made once)."""
    return Environment(
        loader=PackageLoader("pledgegraph", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: Any) -> str:
    """``template`` rendered with ``context``."""
    return environment().get_template(template).render(**context)
