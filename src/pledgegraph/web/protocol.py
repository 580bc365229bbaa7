"""The SPARQL 1.1 Protocol, to the letter, without parsing the query in Python.

``read_request`` turns an HTTP request into a ``SparqlRequest`` (the query text, the RDF dataset
of ``default-graph-uri`` / ``named-graph-uri``, the ``format``/``output`` values clients send),
refusing what the protocol calls malformed: two ``query`` parameters, a query in both the URL and
the body, ``update`` anywhere, a body that is not UTF-8, a body over ``MAX_BODY`` bytes.

``scan`` reads the query's tokens only (comments, strings and IRIs skipped whole) to learn its
form and refuse what a read-only endpoint must not run (update operations, ``LOAD``,
``SERVICE``, ``FROM`` a graph that is not ours); Oxigraph parses the query itself when it runs,
so a syntax error comes from the engine with its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.requests import Request

MAX_BODY = 1_000_000  # bytes of a POST body; the query itself is capped below
MAX_QUERY_LENGTH = 100_000
UPDATE_REFUSED = "SPARQL Update is refused: this endpoint is read-only and answers queries only"
FORMS = ("select", "ask", "construct", "describe")
UPDATES = ("insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with")


class Refused(Exception):
    """A client fault found before evaluation: becomes an error response."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# ---------------------------------------------------------------- the query's tokens

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)"
    r"|(?P<pname>(?:[A-Za-z\u00c0-\U000effff][\w.\-\u00b7]*)?:(?:[\w\-.:%\\]*[\w\-:%])?)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<other>.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Scan:
    """What the tokens say: the form, and the graphs named by ``FROM`` / ``FROM NAMED``."""

    form: str
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()

    @property
    def from_clauses(self) -> bool:
        return bool(self.from_graphs or self.from_named)


def tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of every token that is not space or a comment."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            found.append((kind, match.group()))
    return found


def _expand(kind: str, token: str, prefixes: dict[str, str]) -> str | None:
    if kind == "iri":
        return token[1:-1]
    if kind == "pname":
        prefix, _, local = token.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    return None


def scan(text: str) -> Scan:
    """The form of ``text`` and its dataset clauses; ``Refused`` for what is not run here."""
    if len(text) > MAX_QUERY_LENGTH:
        raise Refused(413, "query-too-long", f"queries are limited to {MAX_QUERY_LENGTH} chars")
    found = tokens(text)
    words = [t.lower() if k == "word" else "" for k, t in found]
    prefixes: dict[str, str] = {}
    form = ""
    from_graphs: list[str] = []
    from_named: list[str] = []
    for i, word in enumerate(words):
        if word == "prefix" and i + 2 < len(found) and found[i + 2][0] == "iri":
            prefixes[found[i + 1][1].rstrip(":")] = found[i + 2][1][1:-1]
        elif not form and word in FORMS:
            form = word
        elif not form and word in UPDATES:
            what = "LOAD" if word == "load" else "SPARQL Update"
            raise Refused(
                400,
                "update-refused",
                f"{what} is refused: this endpoint is read-only and answers queries only",
            )
        elif word == "service":
            raise Refused(
                400, "service-refused", "SERVICE is refused: this endpoint does not query others"
            )
        elif word == "from" and i + 1 < len(found):
            named = words[i + 1] == "named"
            kind, token = found[i + 2] if named and i + 2 < len(found) else found[i + 1]
            iri = _expand(kind, token, prefixes)
            (from_named if named else from_graphs).append(iri if iri is not None else token)
    if not form:
        what = "only a prologue (BASE/PREFIX)" if found else "nothing"
        raise Refused(
            400, "empty-query", f"the query holds {what}: send a SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    return Scan(form, tuple(from_graphs), tuple(from_named))


def check_dataset(checked: Scan, graph_names: frozenset[str]) -> None:
    """Refuse ``FROM <g>`` for a graph this endpoint does not hold: it loads nothing."""
    for named, graphs in ((False, checked.from_graphs), (True, checked.from_named)):
        for graph in graphs:
            if graph not in graph_names:
                raise Refused(
                    400,
                    "dataset-refused",
                    f"FROM{' NAMED' if named else ''} <{graph}> is not one of this endpoint's "
                    "graphs; the endpoint loads nothing from elsewhere",
                )


# ---------------------------------------------------------------- the HTTP request


@dataclass(frozen=True)
class SparqlRequest:
    """A protocol request: ``query`` is None when none was sent (-> service description)."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    formats: tuple[str, ...] = field(default=())  # values of format= and output=


def _pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        text = raw.decode("ascii")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeError as err:
        raise Refused(400, "not-utf-8", f"the {where} is not UTF-8 percent-encoded") from err


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise Refused(413, "body-too-large", f"request bodies are limited to {MAX_BODY} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Refused(413, "body-too-large", f"request bodies are limited to {MAX_BODY} bytes")
    return bytes(body)


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Refused(400, "not-utf-8", f"the request body is not UTF-8: {err.reason}") from err


async def read_request(request: Request) -> SparqlRequest:
    """The protocol request in ``request`` (GET, POST form, or POST of the query itself)."""
    url = _pairs(request.scope.get("query_string", b""), "query string")
    body: list[tuple[str, str]] = []
    direct: str | None = None
    if request.method == "POST":
        media, *params = request.headers.get("content-type", "").lower().split(";")
        content_type = media.strip()
        charset = next((p.split("=", 1)[1].strip(' "') for p in params if "charset=" in p), "")
        if charset not in ("", "utf-8", "utf8", "us-ascii"):
            raise Refused(415, "not-utf-8", f"charset {charset} is not served: send UTF-8")
        if content_type == "application/sparql-update":
            raise Refused(400, "update-refused", UPDATE_REFUSED)
        if content_type == "application/x-www-form-urlencoded":
            body = _pairs(await _body(request), "request body")
        elif content_type == "application/sparql-query":
            direct = _utf8(await _body(request))
        else:
            raise Refused(
                415,
                "unsupported-media-type",
                "POST application/sparql-query or application/x-www-form-urlencoded "
                "with a 'query' field",
            )
    pairs = url + body
    if any(name in ("update", "using-graph-uri", "using-named-graph-uri") for name, _ in pairs):
        raise Refused(400, "update-refused", UPDATE_REFUSED)
    in_url = [v for n, v in url if n == "query"]
    in_body = [v for n, v in body if n == "query"] + ([direct] if direct is not None else [])
    if in_url and in_body:
        raise Refused(400, "two-queries", "the query is in both the URL and the body: send one")
    queries = in_url + in_body
    if len(queries) > 1:
        raise Refused(400, "two-queries", "more than one 'query' parameter: send one")
    return SparqlRequest(
        queries[0] if queries else None,
        tuple(v for n, v in pairs if n == "default-graph-uri"),
        tuple(v for n, v in pairs if n == "named-graph-uri"),
        tuple(v for n, v in pairs if n in ("format", "output") and v),
    )
