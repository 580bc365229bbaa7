"""Shared by the network and viz tests: independent SPARQL counts and a hostile data file."""

from __future__ import annotations

from pathlib import Path

from pledgegraph.results import SelectResult
from pledgegraph.store import Store

PREFIXES = """
PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

# An entity: an IRI under id/ that is not an amount, an evidence or a selector, nor a source's
# claim or the note of how claims were reconciled.
ENTITY = """
FILTER(isIRI(?%(v)s) && STRSTARTS(STR(?%(v)s), "https://w3id.org/pledgegraph/id/"))
FILTER NOT EXISTS { ?%(v)s a schema:MonetaryAmount }
FILTER NOT EXISTS { ?%(v)s a pledge:Claim }
FILTER NOT EXISTS { ?%(v)s a pledge:Reconciliation }
FILTER NOT EXISTS { ?%(v)s a pledge:Evidence }
FILTER NOT EXISTS { ?%(v)s a oa:TextQuoteSelector }
FILTER NOT EXISTS { [] pledge:amount|pledge:statedTotal|pledge:evidence|oa:hasSelector ?%(v)s }
"""

ENTITY_COUNT = (
    PREFIXES
    + """
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  { ?e ?p ?o } UNION { ?s ?p ?e }
"""
    + ENTITY % {"v": "e"}
    + "}"
)

# Links between entities (minus inverses and scheme bookkeeping), plus one link from each
# entity to each source document its evidence cites.
EDGE_COUNT = (
    PREFIXES
    + """
SELECT (COUNT(*) AS ?n) WHERE {
  {
    SELECT DISTINCT ?s ?p ?o WHERE {
      ?s ?p ?o .
      FILTER(?p NOT IN (skos:narrower, skos:hasTopConcept, skos:topConceptOf, skos:inScheme,
                        rdf:type, pledge:amount, pledge:statedTotal, pledge:evidence,
                        oa:hasSelector))
"""
    + ENTITY % {"v": "s"}
    + ENTITY % {"v": "o"}
    + """
    }
  } UNION {
    SELECT DISTINCT ?s ?o WHERE {
      ?s pledge:evidence/oa:hasSource ?o .
"""
    + ENTITY % {"v": "s"}
    + ENTITY % {"v": "o"}
    + """
    }
  }
}
"""
)


def sparql_count(store: Store, query: str) -> int:
    result = store.query(query)
    assert isinstance(result, SelectResult)
    return int(result.rows[0]["n"].toPython())  # type: ignore[union-attr]


HOSTILE_COMPANY = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTE = "</script><script>alert(1)</script> & more"
HOSTILE_TTL = f"""
@prefix pledge: <https://w3id.org/pledgegraph/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/pledgegraph/id/> .

<https://w3id.org/pledgegraph/id/company/hostile> a schema:Corporation ;
    rdfs:label "{HOSTILE_COMPANY}" .

<https://w3id.org/pledgegraph/id/commitment/test/hostile> a pledge:Commitment,
        pledge:InvestmentCommitment ;
    rdfs:label "Hostile pledge <b>bold</b>" ;
    pledge:underAgreement <https://w3id.org/pledgegraph/id/agreement/us-japan-2025> ;
    pledge:partner <https://w3id.org/pledgegraph/id/company/hostile> ;
    pledge:sector <https://w3id.org/pledgegraph/id/sector/energy> ;
    pledge:amount <https://w3id.org/pledgegraph/id/commitment/test/hostile#amount> ;
    pledge:evidence <https://w3id.org/pledgegraph/id/evidence/test/hostile> .

<https://w3id.org/pledgegraph/id/commitment/test/hostile#amount> a schema:MonetaryAmount ;
    schema:currency "USD" ;
    schema:maxValue 1000000000.0 .

<https://w3id.org/pledgegraph/id/evidence/test/hostile> a pledge:Evidence ;
    oa:hasSource <https://w3id.org/pledgegraph/id/source/rttnews-us-japan-framework-2025> ;
    oa:hasSelector <https://w3id.org/pledgegraph/id/evidence/test/hostile#selector> .

<https://w3id.org/pledgegraph/id/evidence/test/hostile#selector> a oa:TextQuoteSelector ;
    oa:exact "{HOSTILE_QUOTE}" .
"""
HOSTILE_COMPANY_IRI = "https://w3id.org/pledgegraph/id/company/hostile"
HOSTILE_COMMITMENT_IRI = "https://w3id.org/pledgegraph/id/commitment/test/hostile"


def hostile_file(folder: Path) -> Path:
    path = folder / "hostile.ttl"
    path.write_text(HOSTILE_TTL, encoding="utf-8")
    return path


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "page"
TWO_SOURCES = FIXTURES / "two-sources.ttl"  # fiction: one agreement, three sources that differ
ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = [ROOT / "ontology" / "pledge.ttl", ROOT / "ontology" / "sectors.ttl"]


def synth_store(agreements: int, folder: Path, seed: int = 0) -> Store:
    """An Oxigraph store of ``agreements`` synthetic agreements (``pledgegraph synth``: fiction,
    labelled as such) with the ontology, without the project's data."""
    from pledgegraph import synth
    from pledgegraph.store import open_store

    out = folder / f"synth-{agreements}-{seed}"
    if not out.exists():
        synth.write(synth.synthesise(agreements, seed, ROOT), out)
    return open_store("oxigraph", [*ONTOLOGY, out], root=ROOT, include_project=False)


def graph_of(agreements: int, folder: Path) -> Store:
    """A store holding 1, 2, 3 or 50 agreements: the seed; the seed and the two-source fiction;
    synthetic ones."""
    from pledgegraph.store import open_store

    if agreements == 1:
        return open_store("memory", root=ROOT)
    if agreements == 2:
        return open_store("oxigraph", [TWO_SOURCES], root=ROOT)
    return synth_store(agreements, folder)
