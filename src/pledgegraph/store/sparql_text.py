"""SPARQL as text: a query's form, its parse errors, and binding terms into it.

``substitute`` binds parameters for stores that cannot bind them themselves (a remote
endpoint, or Oxigraph for variables it does not project), with the semantics of rdflib's
``initBindings`` and Oxigraph's substitutions.
"""

from __future__ import annotations

import re

from rdflib.plugins.sparql.parser import parseQuery

from pledgegraph.errors import QueryError
from pledgegraph.store.base import Bindings


def describe_query_error(sparql: str, err: Exception) -> str:
    """A parse error as ``line L, column C: message``, else the error's own text."""
    line = getattr(err, "lineno", None)
    col = getattr(err, "col", None) or getattr(err, "column", None)
    message = getattr(err, "msg", None) or str(err)
    if line:
        return f"line {line}, column {col}: {message}"
    return f"{type(err).__name__}: {message}"


def query_form(sparql: str) -> str:
    """``SelectQuery``, ``ConstructQuery``, ``AskQuery`` or ``DescribeQuery`` (rdflib parses)."""
    try:
        parsed = parseQuery(sparql)
    except Exception as err:  # pyparsing's ParseException and friends
        raise QueryError(describe_query_error(sparql, err)) from err
    return str(parsed[1].name)


_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^\\]|\\.)*?"""'
    r"|'''(?:[^\\]|\\.)*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r'|(?P<iri><[^\s<>"{}|^`\\]*>)'
    r"|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<open>[{(])|(?P<close>[})])",
    re.DOTALL,
)


def substitute(sparql: str, bindings: Bindings) -> str:
    """``sparql`` with each bound variable replaced by its term, as rdflib's ``initBindings``
    and Oxigraph's substitutions (SPARQL-dev SEP-0007) do: a projected variable stays a column,
    ``SELECT ?x`` becoming ``SELECT (<term> AS ?x)``; in ORDER BY and GROUP BY the term is put in
    brackets.

    A VALUES block would not do: it joins bottom-up, so ``{ BIND (?x AS ?y) }`` in a sub-group
    would not see it. Terms are written by rdflib's ``n3()``, which escapes literals and refuses
    IRIs that are not IRIs; the scan skips strings, IRIs and comments, and the result must parse.
    """
    terms: dict[str, str] = {}
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        try:
            terms[name] = term.n3()
        except Exception as err:  # rdflib refuses to write an invalid IRI
            raise QueryError(f"cannot bind ?{name}: {err}") from err
    out: list[str] = []
    last = 0
    depth = 0
    region = "prologue"  # prologue -> projection (SELECT ...) -> body -> modifiers
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and depth == 0:
            word = text.upper()
            if word == "SELECT" and region == "prologue":
                region = "projection"
            elif word in ("CONSTRUCT", "ASK", "DESCRIBE", "WHERE") and region != "modifiers":
                region = "body"
        elif kind == "open":
            if text == "{" and depth == 0 and region in ("prologue", "projection"):
                region = "body"
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and text == "}" and region == "body" and _where_done(sparql, match):
                region = "modifiers"
        elif kind == "var" and text[1:] in terms:
            written = terms[text[1:]]
            if region == "projection" and depth == 0:
                written = f"({written} AS ?{text[1:]})"
            elif region == "modifiers":
                written = f"({written})"
            out.append(sparql[last : match.start()] + written)
            last = match.end()
    out.append(sparql[last:])
    result = "".join(out)
    query_form(result)  # the rewritten query must still parse
    return result


def _where_done(sparql: str, match: re.Match[str]) -> bool:
    """Whether the ``}`` at ``match`` closes the WHERE group (not a CONSTRUCT template)."""
    rest = sparql[match.end() :].lstrip()
    return not re.match(r"(?i)WHERE\b|\{", rest)
