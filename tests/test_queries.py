"""Every canned query against its hand-worked expected answer, on the project's own data.

The seed dataset is small, so it is the fixture. Expected files live in ``tests/expected``:
``<name>.csv`` (SELECT), ``.txt`` (ASK), ``.ttl`` (CONSTRUCT, compared by isomorphism).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from pledgegraph.errors import QueryError
from pledgegraph.load import PledgeDataset
from pledgegraph.query import (
    CannedQuery,
    Param,
    discover,
    find_query,
    has_order_by,
    parse_canned,
    run,
    run_checks,
    to_term,
)
from pledgegraph.results import AskResult, GraphResult, SelectResult
from pledgegraph.store import MemoryStore
from tests.support_sparql import EXPECTED, QUERIES, compare_rows, read_expected_csv, result_rows

# Parameter values the expected answers were worked out for.
PARAMS = {
    "umbrella": "commitment:us-japan-2025/energy-infrastructure",
    "sector": "sector:energy",
    "entity": "company:ge-vernova",
    "company": "company:ge-vernova",
    "agreement": "agreement:us-japan-2025",
    "commitment": "commitment:us-japan-2025/toshiba-power-modules",
}
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Other graphs the expected answers were worked out for: the seed plus these fixture files.
FIXTURE_SETS = {
    "two-sources": [FIXTURES / "claims"],
    "two-agreements": [FIXTURES / "agreements" / "eu-testland-2026.ttl"],
    "three-agreements": [FIXTURES / "agreements"],
}
CANNED = discover(QUERIES)
EXPECTED_SUFFIXES = {".csv", ".txt", ".ttl"}


@pytest.fixture(scope="module")
def store(dataset):
    return MemoryStore(dataset)


def test_discovery_found_the_queries():
    assert len(CANNED) >= 12
    assert all(q.title and q.description for q in CANNED)


def test_queries_and_expected_files_pair_up_both_ways():
    names = {q.name for q in CANNED}
    files = {p.stem for p in EXPECTED.iterdir() if p.suffix in EXPECTED_SUFFIXES}
    assert names - files == set(), "queries without an expected answer"
    assert files - names == set(), "expected answers without a query"


def expected_file(name: str) -> Path:
    (found,) = [p for p in EXPECTED.glob(f"{name}.*") if p.suffix in EXPECTED_SUFFIXES]
    return found


@pytest.mark.parametrize("query", CANNED, ids=[q.name for q in CANNED])
def test_query_gives_expected_answer(store, query: CannedQuery):
    result = run(store, query, {p: PARAMS[p] for p in query.param_names})
    expected = expected_file(query.name)
    if expected.suffix == ".ttl":
        assert query.form == "construct" and isinstance(result, GraphResult)
        want = Graph().parse(expected)
        if not isomorphic(want, result.graph):
            _, only_want, only_got = graph_diff(to_isomorphic(want), to_isomorphic(result.graph))
            pytest.fail(
                "graphs differ\nmissing:\n"
                + only_want.serialize(format="nt")
                + "\nunexpected:\n"
                + only_got.serialize(format="nt")
            )
    elif expected.suffix == ".txt":
        assert query.form == "ask" and isinstance(result, AskResult)
        assert str(result.value).lower() == expected.read_text().strip()
    else:
        assert query.form == "select" and isinstance(result, SelectResult)
        header, rows = read_expected_csv(expected)
        assert result.variables == header
        problem = compare_rows(
            rows, result_rows(result.variables, result.rows), has_order_by(query.text)
        )
        assert not problem, problem


def fixture_cases() -> list[tuple[str, str]]:
    return sorted(
        (folder, path.stem) for folder in FIXTURE_SETS for path in (EXPECTED / folder).glob("*.csv")
    )


def test_fixture_expectations_pair_with_queries():
    names = {q.name for q in CANNED}
    assert {folder for folder, _ in fixture_cases()} == set(FIXTURE_SETS)
    assert {name for _, name in fixture_cases()} <= names
    assert len(fixture_cases()) >= 10


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


_FIXTURE_STORES: dict[tuple[str, str], object] = {}


@pytest.mark.parametrize(("folder", "name"), fixture_cases())
def test_query_gives_expected_answer_on_fixtures(engine: str, folder: str, name: str):
    """The seed with a second source, with two and with three agreements, on both engines."""
    from pledgegraph.store import open_store

    key = (engine, folder)
    if key not in _FIXTURE_STORES:
        _FIXTURE_STORES[key] = open_store(engine, FIXTURE_SETS[folder])
    store = _FIXTURE_STORES[key]
    query = find_query(name, QUERIES)
    result = run(store, query, {p: PARAMS[p] for p in query.param_names})  # type: ignore[arg-type]
    assert isinstance(result, SelectResult)
    header, rows = read_expected_csv(EXPECTED / folder / f"{name}.csv")
    assert result.variables == header
    problem = compare_rows(
        rows, result_rows(result.variables, result.rows), has_order_by(query.text)
    )
    assert not problem, f"{folder}/{name} on {engine}: {problem}"


def test_an_optional_parameter_may_be_left_out(store):
    query = find_query("status-timeline", QUERIES)
    every = run(store, query, {})
    one = run(store, query, {"commitment": PARAMS["commitment"]})
    assert isinstance(every, SelectResult) and isinstance(one, SelectResult)
    assert len(one.rows) == 1 and len(every.rows) == 19  # a status for each but the components


def test_checks_pass_on_the_data(store):
    assert len(list((QUERIES / "checks").glob("*-violation.rq"))) >= 4
    assert run_checks(store, QUERIES / "checks") == []


BREAKING = """
@prefix pledge: <https://w3id.org/pledgegraph/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix c: <https://w3id.org/pledgegraph/id/commitment/us-japan-2025/> .
<urn:x:twin> a schema:Corporation ; rdfs:label "ge vernova" .
<urn:x:loop> pledge:partOf <urn:x:loop> ; rdfs:label "Loop" .
<urn:x:other> a pledge:Agreement ; rdfs:label "Other agreement" .
<urn:x:part> pledge:partOf c:energy-infrastructure ; pledge:underAgreement <urn:x:other> .
<urn:x:yen> pledge:underAgreement <https://w3id.org/pledgegraph/id/agreement/us-japan-2025> ;
    pledge:amount [ schema:currency "JPY" ; schema:value 1.0 ] .
<urn:x:again> a pledge:Commitment ; rdfs:label "Power modules and transformers with TOSHIBA" ;
    pledge:underAgreement <https://w3id.org/pledgegraph/id/agreement/us-japan-2025> .
c:carrier-thermal-cooling pledge:purpose "written directly beside the report's claim" .
"""


def c_iri(slug: str) -> URIRef:
    return URIRef("https://w3id.org/pledgegraph/id/commitment/us-japan-2025/" + slug)


def test_checks_report_each_row(dataset):
    extended = PledgeDataset(dataset.root)  # a copy: the session dataset stays untouched
    for quad in dataset.quads((None, None, None, None)):
        extended.add(quad)
    extended.graph(URIRef("urn:x:test")).parse(data=BREAKING, format="turtle")
    found = {(v.shape, v.focus) for v in run_checks(MemoryStore(extended), QUERIES / "checks")}
    company = "https://w3id.org/pledgegraph/id/company/ge-vernova"
    assert found == {
        ("duplicate-label-violation", "urn:x:twin"),
        ("duplicate-label-violation", company),
        ("umbrella-cycle-violation", "urn:x:loop"),
        ("component-agreement-violation", "urn:x:part"),
        ("mixed-currency-violation", "https://w3id.org/pledgegraph/id/agreement/us-japan-2025"),
        ("duplicate-label-violation", "urn:x:again"),
        ("duplicate-label-violation", str(c_iri("toshiba-power-modules"))),
        ("direct-and-claimed-violation", str(c_iri("carrier-thermal-cooling"))),
    }
    line = str(
        next(
            v
            for v in run_checks(MemoryStore(extended), QUERIES / "checks")
            if v.focus == "urn:x:loop"
        )
    )
    assert line.startswith(
        "queries/checks/umbrella-cycle-violation.rq: violation: Loop <urn:x:loop>"
    )
    assert "break the cycle" in line


@pytest.mark.parametrize(
    ("header", "line", "message"),
    [
        ("#+ title: T\n#+ colour: red\n", 2, "unknown key 'colour'"),
        ("#+ title: [unclosed\n", 1, "not YAML"),
        ("#+ description: no title\n", 1, "'title' is required"),
        ("#+ title: T\n#+ form: update\n", 2, "'form' must be one of"),
        ("#+ title: T\n#+ params:\n#+   - name: x\n#+     kind: iri\n", 4, "unknown parameter key"),
        ("SELECT * {}\n", 1, "no '#+' header"),
    ],
)
def test_bad_header_is_an_error_with_its_line(tmp_path, header, line, message):
    path = tmp_path / "x.rq"
    path.write_text(header + "SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError) as caught:
        parse_canned(path.read_text(), "x", path)
    assert f"x.rq:{line}: bad header: " in str(caught.value)
    assert message in str(caught.value)


def test_parameters_missing_and_unknown_list_the_expected_ones():
    query = find_query("umbrella-components", QUERIES)
    with pytest.raises(QueryError, match=r"missing umbrella.*expected parameters: umbrella"):
        query.bind({})
    with pytest.raises(QueryError, match=r"unknown colour.*expected parameters: umbrella"):
        query.bind({"umbrella": "urn:x", "colour": "red"})


def test_parameter_values_are_terms_not_text():
    profile = find_query("company-profile", QUERIES)
    bound = profile.bind({"company": "company:ge-vernova"})
    assert bound == {"company": URIRef("https://w3id.org/pledgegraph/id/company/ge-vernova")}
    # a value trying to escape into the query text is only ever a (bad) IRI
    with pytest.raises(QueryError, match="must be an IRI"):
        profile.bind({"company": "x> } ; DROP ALL ; <y"})
    assert to_term(Param("n", type="integer"), "12") == Literal(12)
    with pytest.raises(QueryError, match="must be an integer"):
        to_term(Param("n", type="integer"), "twelve")


def test_unknown_query_lists_the_canned_ones():
    with pytest.raises(QueryError, match=r"no query 'nope'; canned queries are: .*pledged-by"):
        find_query("nope", QUERIES)


def test_every_query_runs_on_the_full_data(store):
    """Smoke: with every value its choices query offers, each query runs without error."""
    from pledgegraph.query import choices

    ran = 0
    for query in CANNED:
        options = {p.name: [v for v, _ in choices(store, p)] for p in query.params}
        assert all(options.values()), f"{query.name}: a parameter has no choices"
        first = {name: values[0] for name, values in options.items()}
        last = {name: values[-1] for name, values in options.items()}
        for values in (first, last):
            run(store, query, values)
            ran += 1
    assert ran == 2 * len(CANNED)


def test_order_by_decides_how_rows_compare():
    ordered = {q.name for q in CANNED if has_order_by(q.text)}
    assert ordered == {
        "commitments-by-partner",
        "commitment-sources",
        "entity-evidence",
        "headline-claims",
        "largest-pledges",
        "source-disagreements",
        "status-timeline",
    }
    a, b = ("x", 1), ("y", 2)
    assert compare_rows([a, b], [b, a], ordered=False) == ""
    assert "order" in compare_rows([a, b], [b, a], ordered=True)
    problem = compare_rows([a, a], [a, b], ordered=False)
    assert "missing:    ('x', 1)" in problem and "unexpected: ('y', 2)" in problem
