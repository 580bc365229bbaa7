"""The one format table and the one negotiation: lookups, and who wins a tie."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from pledgegraph.cli import cli
from pledgegraph.errors import PledgeGraphError, StoreError
from pledgegraph.formats import (
    FORMATS,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    find,
    lookup,
    negotiate,
    of_kind,
    rdf_format,
)
from pledgegraph.store import StoreSpec


def test_names_are_unique_within_a_kind_and_rdf_formats_name_both_engines() -> None:
    for kind in ("rdf", "result", "table", "network", "page"):
        names = Counter(f.name for f in of_kind(kind))
        assert names and max(names.values()) == 1, kind
    for fmt in of_kind("rdf"):
        assert fmt.rdflib_format and fmt.ox_rdf is not None and fmt.media_type, fmt.name
    assert {f.name for f in RESULT_FORMATS if f.ox_results} == {"json", "xml", "csv", "tsv"}
    assert [f.name for f in GRAPH_FORMATS] == ["turtle", "nt", "jsonld", "rdfxml"]
    assert len(FORMATS) == len({(f.kind, f.name) for f in FORMATS})


def test_lookups_by_name_alias_and_extension() -> None:
    assert find("ttl").name == find(".ttl").name == find("turtle").name == "turtle"
    assert find("csv").kind == "table"  # files first; the result format only where asked
    assert (
        lookup("csv", RESULT_FORMATS) is not None and lookup("csv", RESULT_FORMATS).kind == "result"
    )
    assert rdf_format("xml").name == "rdfxml"
    assert lookup("pdf") is None
    with pytest.raises(PledgeGraphError, match="unknown format 'pdf'"):
        find("pdf")


def test_own_media_type_beats_an_alias_at_equal_quality() -> None:
    answers = tuple(f for f in RESULT_FORMATS if f.media_type)
    # application/xml is only an alias of the XML results; text/csv is CSV's own type
    chosen = negotiate("application/xml, text/csv", answers)
    assert chosen is not None and chosen.name == "csv"
    chosen = negotiate("application/xml, text/csv;q=0.5", answers)
    assert chosen is not None and chosen.name == "xml"
    chosen = negotiate("application/json", answers)
    assert chosen is not None and chosen.name == "json"
    chosen = negotiate(None, answers)
    assert chosen is not None and chosen.name == "json"  # no header: the first offer
    assert negotiate("image/png", answers) is None


def test_store_spec_is_parsed_before_anything_runs() -> None:
    assert StoreSpec.parse("oxigraph:/tmp/db") == StoreSpec("oxigraph", "/tmp/db")
    assert str(StoreSpec.parse("sparql+http://h/q")) == "sparql+http://h/q"
    with pytest.raises(StoreError, match="unknown store 'postgres'"):
        StoreSpec.parse("postgres")
    result = CliRunner().invoke(cli, ["query", "pledged-by-sector", "--store", "postgres"])
    assert result.exit_code == 2
    assert "Invalid value for '--store': unknown store 'postgres'" in result.output
