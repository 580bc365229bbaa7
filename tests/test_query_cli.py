"""`pledgegraph queries` and `pledgegraph query`: formats, parameters and errors."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from pledgegraph.cli import cli
from tests.support_sparql import QUERIES, ROOT

UMBRELLA = "umbrella=commitment:us-japan-2025/energy-infrastructure"


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=True)


def test_queries_lists_every_canned_query_with_title_and_params():
    result = invoke("queries")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(list(QUERIES.glob("*.rq"))) >= 12
    assert "pledged-by-sector\tselect\tPledged amounts by sector" in lines
    assert any(
        line.startswith("company-profile\tconstruct") and "--param company=" in line
        for line in lines
    )


def test_table_shows_amounts_readably():
    result = invoke("query", "headline-vs-itemised")
    assert result.exit_code == 0, result.stderr
    assert "$467 billion" in result.stdout
    assert "up to $357 billion" in result.stdout  # caps read as caps
    assert "$156.45 billion" in result.stdout and "-$46.45 billion" in result.stdout
    assert "agreement:us-japan-2025" in result.stdout
    assert result.stderr == ""


def test_csv_keeps_exact_decimals_and_is_w3c_csv():
    result = invoke("query", "largest-pledges", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"commitment,label,stated,cap\r\n")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # exact decimals; Oxigraph writes them in canonical form (332000000000, not ...000.0)
    assert Decimal(rows[0]["cap"]) == Decimal("332e9") and rows[0]["stated"] == ""
    assert re.fullmatch(r"\d+(\.\d+)?", rows[0]["cap"])
    assert Decimal(rows[-1]["stated"]) == Decimal("350e6")
    assert rows[0]["commitment"].startswith("https://w3id.org/pledgegraph/id/commitment/")


def test_tsv_json_and_xml():
    tsv = invoke("query", "companies-in-several-commitments", "-f", "tsv").stdout
    assert tsv.splitlines()[0] == "?company\t?label\t?commitments"
    assert tsv.splitlines()[1].startswith("<https://w3id.org/pledgegraph/id/company/ge-vernova>\t")
    data = json.loads(invoke("query", "headline-vs-itemised", "-f", "json").stdout)
    gap = data["results"]["bindings"][0]["gap"]
    assert gap["datatype"].endswith("#decimal") and float(gap["value"]) == -46.45e9
    xml = invoke("query", "headline-matches-itemised", "-f", "xml").stdout
    assert "<boolean>false</boolean>" in xml


def test_construct_as_turtle_and_jsonld(tmp_path: Path):
    out = tmp_path / "toyota.jsonld"
    result = invoke(
        "query",
        "company-profile",
        "--param",
        "company=company:toyota",
        "-f",
        "jsonld",
        "-o",
        str(out),
    )
    assert result.exit_code == 0 and result.stdout == ""
    graph = Graph().parse(out, format="json-ld")
    assert len(graph) > 5
    turtle = invoke("query", "company-profile", "-p", "company=company:toyota").stdout
    assert "Toyota exports of U.S.-made vehicles" in turtle and "wikidata" in turtle


def test_a_table_format_for_a_graph_is_refused():
    result = invoke("query", "company-profile", "-p", "company=company:toyota", "-f", "csv")
    assert result.exit_code == 1 and result.stdout == ""
    assert "use one of turtle" in result.stderr


def test_param_binds_through_the_engine():
    result = invoke("query", "umbrella-components", "--param", UMBRELLA, "-f", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 1 + 8


def test_missing_and_unknown_params_list_the_expected_ones():
    missing = invoke("query", "umbrella-components")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert "missing umbrella" in missing.stderr
    assert "expected parameters: umbrella" in missing.stderr
    unknown = invoke("query", "pledged-by-sector", "--param", "colour=red")
    assert unknown.exit_code == 1
    assert "unknown colour" in unknown.stderr
    assert "expected parameters: none" in unknown.stderr
    malformed = invoke("query", "pledged-by-sector", "--param", "colour")
    assert malformed.exit_code == 2 and "NAME=VALUE" in malformed.stderr


def test_query_from_stdin_and_from_a_file(tmp_path: Path):
    text = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/pledgegraph/ontology#Commitment> }"
    )
    result = invoke("query", "-", "-f", "csv", stdin=text)
    assert result.stdout.splitlines() == ["n", "25"]
    path = tmp_path / "mine.rq"
    path.write_text("#+ title: Mine\n" + text + "\n")
    assert invoke("query", str(path), "-f", "csv").stdout.splitlines() == ["n", "25"]


def test_syntax_error_shows_line_and_column():
    result = invoke("query", "-", stdin="SELECT * WHERE {\n  ?s ?p\n}\n")
    message = result.stderr
    assert result.exit_code == 1
    assert message.startswith("-:2:")
    assert "\n      ?s ?p\n" in message  # the offending line is shown


def test_main_exit_codes_and_stderr():
    """Through the real entry point: errors on stderr, exit 1 for query errors."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "pledgegraph", "query", "nope"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "no query 'nope'; canned queries are:" in proc.stderr


def test_validate_runs_the_check_queries(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(ROOT)
    twin = tmp_path / "twin.ttl"
    twin.write_text(
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/pledgegraph/id/company/toshiba-2> a schema:Corporation ;\n"
        '    rdfs:label "Toshiba" .\n'
    )
    result = invoke("validate", str(twin))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "duplicate-label-violation" in line]
    assert len(lines) == 2, result.stdout
    assert lines[0].startswith("queries/checks/duplicate-label-violation.rq: violation: Toshiba")
    assert "does not conform" in result.stderr


def test_endpoint_is_shorthand_for_a_sparql_store_spec(monkeypatch, dataset):
    import pledgegraph.cli.sparql as cli_module
    from pledgegraph.store import MemoryStore

    specs: list[str] = []

    def recording_open_store(spec, paths=(), **kwargs):
        specs.append(spec)
        return MemoryStore(dataset)

    monkeypatch.setattr(cli_module, "open_store", recording_open_store)
    result = invoke(
        "query",
        "companies-in-several-commitments",
        "-f",
        "csv",
        "--endpoint",
        "http://127.0.0.1:7878/query",
    )
    assert result.exit_code == 0, result.output
    assert specs == ["sparql+http://127.0.0.1:7878/query"]
    assert "GE Vernova" in result.stdout


def test_parameters_take_prefixed_names_full_iris_and_bracketed_iris():
    iri = "https://w3id.org/pledgegraph/id/commitment/us-japan-2025/toshiba-power-modules"
    outputs = [
        invoke("query", "commitment-sources", "-p", f"commitment={form}", "-f", "csv")
        for form in ("commitment:us-japan-2025/toshiba-power-modules", iri, f"<{iri}>")
    ]
    assert all(r.exit_code == 0 for r in outputs), [r.output for r in outputs]
    assert len({r.stdout for r in outputs}) == 1
    assert "collaboration with Toshiba" in outputs[0].stdout


def test_a_value_that_names_nothing_lists_the_nearest_choices():
    result = invoke("query", "source-disagreements", "-p", "agreement=agreement:us-japan-2026")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "agreement:us-japan-2026 names nothing in the graph" in result.stderr
    assert "nearest: agreement:us-japan-2025" in result.stderr


# ---------------------------------------------------------------- PATHS, read-only, start-up

HEAVY = ("networkx", "pyvis", "pyshacl", "pyld", "starlette", "uvicorn", "IPython", "scipy")


def imported_modules(*args: str, stdin: str = "") -> set[str]:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pledgegraph", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PLEDGEGRAPH_ROOT": str(ROOT)},
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [line.split("|") for line in run.stderr.splitlines() if line.startswith("import time:")]
    return {parts[-1].strip() for parts in lines if len(parts) == 3}


def test_query_and_help_import_only_what_they_use():
    for args, stdin in ((("--help",), ""), (("query", "-", "-f", "json"), "ASK { ?s ?p ?o }")):
        modules = imported_modules(*args, stdin=stdin)
        assert "pledgegraph.cli" in modules
        top = {m.split(".")[0] for m in modules}
        assert not top & set(HEAVY), sorted(top & set(HEAVY))


def test_query_reads_the_paths_it_is_given(tmp_path: Path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "<https://w3id.org/pledgegraph/id/company/only-here> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Only Here Ltd" .\n'
    )
    sparql = "SELECT ?l { <https://w3id.org/pledgegraph/id/company/only-here> ?p ?l }"
    result = invoke("query", "-", str(extra), "-f", "csv", stdin=sparql)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["l", "Only Here Ltd"]
    assert invoke("query", "-", "-f", "csv", stdin=sparql).stdout.splitlines() == ["l"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_query_on_a_store_folder_writes_nothing(tmp_path: Path):
    from pledgegraph.store import open_store

    db = tmp_path / "db"
    filled = open_store(f"oxigraph:{db}", root=ROOT)  # as `build --store oxigraph:DB` fills it
    del filled  # closes the folder
    before = snapshot(db)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True)
    result = invoke("query", "largest-pledges", "--store", f"oxigraph:{db}", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "Toshiba" in result.stdout or len(result.stdout.splitlines()) > 1
    assert snapshot(db) == before
    again = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True)
    assert again.stdout == status.stdout
    missing = invoke("query", "largest-pledges", "--store", f"oxigraph:{tmp_path / 'none'}")
    assert missing.exit_code != 0 and "build --store" in missing.output
    assert not (tmp_path / "none").exists()
