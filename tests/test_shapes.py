"""The SHACL shapes in ontology/shapes.ttl, each checked against a fixture that breaks it.

Every ``tests/fixtures/shapes/bad-*.ttl`` adds one fault to ``good.ttl``; validated together
with the ontology, it must produce exactly the expected violations, named by source shape and
result path. Each fixture is validated by both engines, the compiled one (shapes as SPARQL on
Oxigraph) and pySHACL, the reference; both must give the same (focus node, path, constraint
component, shape) set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from pledgegraph import validate as engines
from pledgegraph.load import PledgeDataset
from pledgegraph.validate import ValidationReport

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
ONTOLOGY_FILES = ["pledge.ttl", "alignments.ttl", "sectors.ttl"]

PGSH = Namespace("https://w3id.org/pledgegraph/shapes#")
PLEDGE = Namespace("https://w3id.org/pledgegraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

# fixture -> (source shape, result path) of each violation; path None for node-level results
EXPECTED: dict[str, set[tuple[URIRef, URIRef | None]]] = {
    "bad-currency-missing": {(PGSH.MonetaryAmountCurrencyShape, SCHEMA.currency)},
    "bad-currency-lowercase": {(PGSH.MonetaryAmountCurrencyShape, SCHEMA.currency)},
    "bad-amount-negative": {(PGSH.MonetaryAmountValueShape, SCHEMA.value)},
    "bad-amount-string": {(PGSH.MonetaryAmountValueShape, SCHEMA.value)},
    "bad-amount-value-and-cap": {(PGSH.MonetaryAmountOneFigureShape, None)},
    "bad-amount-no-figure": {(PGSH.MonetaryAmountOneFigureShape, None)},
    "bad-commitment-no-evidence": {(PGSH.CommitmentEvidenceShape, PLEDGE.evidence)},
    "bad-commitment-no-sector": {(PGSH.CommitmentSectorShape, PLEDGE.sector)},
    "bad-commitment-sector-not-a-sector": {(PGSH.CommitmentSectorShape, PLEDGE.sector)},
    "bad-commitment-no-agreement": {(PGSH.CommitmentUnderAgreementShape, PLEDGE.underAgreement)},
    "bad-commitment-no-party": {(PGSH.CommitmentPartyShape, PLEDGE.committedBy)},
    "bad-commitment-party-not-organization": {
        (PGSH.CommitmentCommittedByShape, PLEDGE.committedBy)
    },
    "bad-commitment-two-umbrellas": {(PGSH.CommitmentPartOfShape, PLEDGE.partOf)},
    "bad-investment-no-amount": {(PGSH.InvestmentCommitmentShape, PLEDGE.amount)},
    "bad-policy-with-amount": {(PGSH.PolicyCommitmentAmountShape, PLEDGE.amount)},
    "bad-commitment-both-kinds": {(PGSH.CommitmentKindShape, None)},
    "bad-component-above-cap": {(PGSH.ComponentWithinUmbrellaShape, PLEDGE.amount)},
    "bad-quote-not-at-span": {(PGSH.QuoteAtSpanShape, OA.hasSelector)},
    "bad-evidence-end-before-start": {(PGSH.SelectorSpanShape, OA.end)},
    "bad-evidence-length-mismatch": {(PGSH.SelectorLengthShape, OA.end)},
    "bad-evidence-no-source": {(PGSH.EvidenceSourceShape, OA.hasSource)},
    "bad-evidence-blank-node": {(PGSH.EvidenceShape, None)},
    "bad-evidence-start-not-integer": {(PGSH.SelectorStartShape, OA.start)},
    "bad-agreement-one-signatory": {(PGSH.AgreementSignatoryShape, PLEDGE.signatory)},
    "bad-agreement-no-date": {(PGSH.AgreementSigningDateShape, PLEDGE.signingDate)},
    "bad-agreement-date-as-string": {(PGSH.AgreementSigningDateShape, PLEDGE.signingDate)},
    "bad-agreement-two-totals": {(PGSH.AgreementStatedTotalShape, PLEDGE.statedTotal)},
    "bad-instrument-no-agreement": {
        (PGSH.InstrumentRelatedAgreementShape, PLEDGE.relatedAgreement)
    },
    "bad-sector-no-scheme": {(PGSH.SectorInSchemeShape, SKOS.inScheme)},
    "bad-sector-naics-five-digits": {(PGSH.SectorNotationShape, SKOS.notation)},
    "bad-sector-naics-untyped": {(PGSH.SectorNotationShape, SKOS.notation)},
    "bad-sector-two-labels-one-language": {(PGSH.SectorPrefLabelShape, SKOS.prefLabel)},
    "bad-corporation-no-label": {(PGSH.LabelShape, RDFS_LABEL)},
    "bad-source-no-title": {(PGSH.SourceDocumentTitleShape, DCTERMS.title)},
    "bad-amount-range-reversed": {(PGSH.MonetaryAmountRangeOrderShape, SCHEMA.minValue)},
    "bad-claim-blank-node": {(PGSH.ClaimShape, None)},
    "bad-claim-about-not-a-commitment": {(PGSH.ClaimAboutShape, PLEDGE.claimAbout)},
    "bad-claim-unknown-fact": {(PGSH.ClaimFactShape, PLEDGE.fact)},
    "bad-claim-no-evidence": {(PGSH.ClaimEvidenceShape, PLEDGE.evidence)},
    "bad-claim-review-status-unknown": {(PGSH.ClaimReviewStatusShape, PLEDGE.reviewStatus)},
    "bad-claim-reviewer-not-text": {(PGSH.ClaimReviewedByShape, PLEDGE.reviewedBy)},
    "bad-claim-review-date-as-string": {(PGSH.ClaimReviewedOnShape, PLEDGE.reviewedOn)},
    "bad-claim-not-named-as-string": {(PGSH.ClaimNotNamedShape, PLEDGE.notNamed)},
    "bad-claim-status-date-as-string": {(PGSH.ClaimStatusDateShape, PLEDGE.statusDate)},
    "bad-claim-rank-unknown": {(PGSH.ClaimRankShape, PLEDGE.rank)},
    "bad-claim-accepted-without-subject": {(PGSH.ClaimSubjectShape, PLEDGE.claimAbout)},
    "bad-claim-value-and-not-named": {(PGSH.ClaimValueShape, PLEDGE.claimedValue)},
    "bad-claim-two-amounts": {(PGSH.ClaimOneValueShape, PLEDGE.claimedValue)},
    "bad-claim-amount-not-money": {(PGSH.ClaimAmountValueShape, PLEDGE.claimedValue)},
    "bad-claim-partner-not-company": {(PGSH.ClaimEntityValueShape, PLEDGE.claimedValue)},
    "bad-claim-status-not-a-status": {(PGSH.ClaimStatusValueShape, PLEDGE.claimedValue)},
    "bad-claim-purpose-not-text": {(PGSH.ClaimPurposeValueShape, PLEDGE.claimedValue)},
    "bad-claim-accepted-without-date": {(PGSH.ClaimReviewedOnRequiredShape, PLEDGE.reviewedOn)},
    "bad-source-kind-unknown": {(PGSH.SourceDocumentKindShape, PLEDGE.sourceKind)},
    "bad-source-issued-as-year": {(PGSH.SourceDocumentIssuedShape, DCTERMS.issued)},
    "bad-source-published-by-person": {(PGSH.SourceDocumentPublishedByShape, PLEDGE.publishedBy)},
    "bad-purchase-no-amount": {(PGSH.PurchaseCommitmentShape, PLEDGE.amount)},
    "bad-purchase-also-investment": {(PGSH.PurchaseKindShape, None)},
    "bad-commitment-status-unknown": {(PGSH.CommitmentStatusShape, PLEDGE.status)},
    "bad-commitment-sector-note-not-text": {(PGSH.CommitmentSectorNoteShape, PLEDGE.sectorNote)},
    "bad-link-from-commitment": {(PGSH.AgreementLinksShape, None)},
    "bad-link-advances-company": {(PGSH.AdvancesShape, PLEDGE.advances)},
    "bad-link-implements-country": {(PGSH.ImplementsShape, PLEDGE.implements)},
    "bad-link-amends-commitment": {(PGSH.AmendsShape, PLEDGE.amends)},
    "bad-link-supersedes-source": {(PGSH.SupersedesShape, PLEDGE.supersedes)},
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl")


def validate(shapes: Graph, *fixtures: str) -> tuple[bool, ValidationReport, str]:
    """Both engines on the ontology plus ``fixtures``; their results must agree."""
    data = PledgeDataset(ROOT)
    for path in [
        *(ONTOLOGY / n for n in ONTOLOGY_FILES),
        *(FIXTURES / f"{n}.ttl" for n in fixtures),
    ]:
        data.graph(URIRef(path.as_uri())).parse(path)
    reference = engines.validate(data, shapes, engine="pyshacl")
    ours = engines.validate(data, shapes)
    assert {r.key() for r in ours.results} == {r.key() for r in reference.results}, (
        f"pySHACL: {reference.results}\nours: {ours.results}"
    )
    assert [r.severity for r in ours.results] == [r.severity for r in reference.results]
    return ours.conforms, ours, "\n".join(str(r) for r in ours.results)


def results_of(report: ValidationReport, severity: str) -> set[tuple[URIRef, URIRef | None]]:
    return {
        (URIRef(r.shape_iri), URIRef(r.path_iri) if r.path_iri else None)
        for r in report.results
        if r.severity == severity
    }


def test_shapes_parse_and_are_named(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(node_shapes) >= 10
    for shape in node_shapes | property_shapes:
        assert isinstance(shape, URIRef) and str(shape).startswith(str(PGSH)), shape
        assert shapes.value(shape, SH.name) is not None, f"{shape} has no sh:name"
    for shape in property_shapes:
        assert shapes.value(shape, SH.message) is not None, f"{shape} has no sh:message"
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.message) is not None, f"SPARQL constraint {constraint}"


def test_every_property_shape_is_used(shapes: Graph) -> None:
    used = set(shapes.objects(None, SH.property))
    declared = set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert declared == used, f"unused: {declared - used}; undeclared: {used - declared}"


def test_fixtures_pair_with_expectations() -> None:
    found = {p.stem for p in FIXTURES.glob("bad-*.ttl")}
    assert {p.stem for p in FIXTURES.glob("warn-*.ttl")} == {
        "warn-no-host-country",
        "warn-source-no-kind",
    }
    assert found, f"no bad fixtures in {FIXTURES}"
    assert found == set(EXPECTED), (
        f"fixtures without expectation: {found - set(EXPECTED)}; "
        f"expectations without fixture: {set(EXPECTED) - found}"
    )


def test_good_fixture_conforms(shapes: Graph) -> None:
    conforms, results, text = validate(shapes, "good")
    assert conforms, text
    assert not results_of(results, "warning"), text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_fixture_fails_on_expected_shape(shapes: Graph, name: str) -> None:
    conforms, results, text = validate(shapes, "good", name)
    assert not conforms, text
    assert results_of(results, "violation") == EXPECTED[name], text
    for result in results.results:
        assert len(result.message) > 10, text


def test_missing_host_country_is_only_a_warning(shapes: Graph) -> None:
    conforms, results, text = validate(shapes, "good", "warn-no-host-country")
    assert conforms, text
    assert not results_of(results, "violation"), text
    assert results_of(results, "warning") == {
        (PGSH.CommitmentHostCountryShape, PLEDGE.hostCountry)
    }, text


def test_source_without_kind_is_only_a_warning(shapes: Graph) -> None:
    conforms, results, text = validate(shapes, "good", "warn-source-no-kind")
    assert conforms, text
    assert results_of(results, "warning") == {
        (PGSH.SourceDocumentKindMissingShape, PLEDGE.sourceKind)
    }, text


def test_messages_name_what_is_wrong(shapes: Graph) -> None:
    _, results, text = validate(shapes, "good", "bad-amount-value-and-cap")
    messages = [r.message for r in results.results]
    assert any("schema:value schema:maxValue" in m for m in messages), text
    _, results, text = validate(shapes, "good", "bad-quote-not-at-span")
    messages = [r.message for r in results.results]
    assert any("not at its span" in m for m in messages), text
