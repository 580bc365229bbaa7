"""The ontology modules in ontology/: headers, term declarations, the sector scheme, alignments.

Also checks that every pledge: and schema: term used in ontology/ and data/ is one we know,
since rdflib accepts any IRI in those namespaces without complaint.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS, VANN, XSD

from pledgegraph.vocab import PLEDGE

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
DATA = ROOT / "data"

NS = str(PLEDGE._NS)
SCHEMA = "https://schema.org/"
SECTOR = Namespace("https://w3id.org/pledgegraph/id/sector/")
CORE_IRI = URIRef("https://w3id.org/pledgegraph/ontology")

# file -> (ontology IRI, a word its title must contain; catches a header copied from another module)
MODULES = {
    "pledge.ttl": (CORE_IRI, "core ontology"),
    "alignments.ttl": (URIRef("https://w3id.org/pledgegraph/ontology/alignments"), "alignments"),
    "sectors.ttl": (URIRef("https://w3id.org/pledgegraph/ontology/sectors"), "sector scheme"),
    "shapes.ttl": (URIRef("https://w3id.org/pledgegraph/shapes"), "shapes"),
}

# NAICS 2022 codes, from the US Census Bureau's 2022 manual. None: a concept without a code.
SECTOR_CODES = {
    "energy": None,
    "nuclear-power": "221113",
    "power-transmission": "221121",
    "power-construction": "237130",
    "natural-gas-transmission": "486210",
    "electrical-equipment": None,
    "power-generation-equipment": "333611",
    "transformers": "335311",
    "switchgear": "335313",
    "cooling-equipment": "333415",
    "electronic-components": "334416",
    "fiber-optic-cable": "335921",
    "batteries": "335910",
    "materials": None,
    "fertilizer": "325311",
    "copper-smelting": "331410",
    "abrasives": "327910",
    "transport": None,
    "ports": "488310",
    "automobiles": "336110",
    "shipbuilding": "336611",
    "digital": None,
    "software": "513210",
    "data-processing": "518210",
    "trade": None,
}
TOP_CONCEPTS = {"energy", "electrical-equipment", "materials", "transport", "digital", "trade"}

# Real schema.org terms we use or expect to use; anything else in schema: is a typo.
SCHEMA_TERMS = {
    "Thing",
    "Organization",
    "GovernmentOrganization",
    "Corporation",
    "Person",
    "Place",
    "Country",
    "City",
    "State",
    "AdministrativeArea",
    "MonetaryAmount",
    "CreativeWork",
    "Article",
    "NewsArticle",
    "WebPage",
    "Event",
    "PostalAddress",
    "name",
    "alternateName",
    "description",
    "identifier",
    "url",
    "sameAs",
    "currency",
    "value",
    "maxValue",
    "minValue",
    "amount",
    "containedInPlace",
    "containsPlace",
    "address",
    "addressCountry",
    "location",
    "participant",
    "author",
    "publisher",
    "datePublished",
    "dateModified",
    "startDate",
    "endDate",
    "foundingDate",
    "legalName",
    "jobTitle",
    "memberOf",
    "parentOrganization",
    "subOrganization",
    "geo",
    "latitude",
    "longitude",
}


def ontology_files() -> list[Path]:
    return sorted(ONTOLOGY.glob("*.ttl"))


def data_files() -> list[Path]:
    return sorted(DATA.rglob("*.ttl"))


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {p.name: Graph().parse(p) for p in ontology_files()}


@pytest.fixture(scope="module")
def core(graphs: dict[str, Graph]) -> Graph:
    return graphs["pledge.ttl"]


@pytest.fixture(scope="module")
def sectors(graphs: dict[str, Graph]) -> Graph:
    return graphs["sectors.ttl"]


def terms_in(graph: Graph, namespace: str) -> set[URIRef]:
    """Every IRI in ``namespace`` used in ``graph``, as a node or as a literal's datatype."""
    found: set[URIRef] = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and str(node).startswith(namespace):
                found.add(node)
            elif isinstance(node, Literal) and str(node.datatype or "").startswith(namespace):
                found.add(URIRef(str(node.datatype)))
    return found


def terms_in_sparql(graph: Graph, prefix: str, namespace: str) -> set[URIRef]:
    """Terms written as ``prefix:name`` inside the SPARQL strings of SHACL constraints."""
    pattern = re.compile(rf"\b{prefix}:([A-Za-z][A-Za-z0-9_]*)")
    return {
        URIRef(namespace + name)
        for query in graph.objects(None, SH.select)
        for name in pattern.findall(str(query))
    }


# ---------------------------------------------------------------- modules and headers


def test_all_modules_present() -> None:
    assert {p.name for p in ontology_files()} == set(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_header(graphs: dict[str, Graph], name: str) -> None:
    graph = graphs[name]
    iri, title_word = MODULES[name]
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [iri], name
    title = graph.value(iri, DCTERMS.title)
    assert title is not None and title_word in str(title).lower(), f"{name}: title {title!r}"
    assert graph.value(iri, DCTERMS.description) is not None, name
    assert graph.value(iri, DCTERMS.created) == Literal("2026-11-26", datatype=XSD.date), name
    version = graph.value(iri, OWL.versionIRI)
    assert version is not None and str(version).startswith(str(iri) + "/"), name
    assert graph.value(iri, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    ), name


def test_core_header_namespace(core: Graph) -> None:
    assert core.value(CORE_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/pledgegraph/ontology/0.1.0"
    )
    assert core.value(CORE_IRI, OWL.versionInfo) is not None
    assert str(core.value(CORE_IRI, VANN.preferredNamespacePrefix)) == "pledge"
    assert str(core.value(CORE_IRI, VANN.preferredNamespaceUri)) == NS


def test_alignments_import_only_the_core(graphs: dict[str, Graph]) -> None:
    assert list(graphs["alignments.ttl"].objects(None, OWL.imports)) == [CORE_IRI]


def test_no_module_imports_outside_the_project(graphs: dict[str, Graph]) -> None:
    for name, graph in graphs.items():
        for imported in graph.objects(None, OWL.imports):
            assert str(imported).startswith("https://w3id.org/pledgegraph/"), (name, imported)


# ---------------------------------------------------------------- terms


def declared_terms(core: Graph) -> set[URIRef]:
    subjects = core.subjects(RDF.type, None)
    return {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_declared_terms_equal_vocab(core: Graph) -> None:
    declared = {str(t)[len(NS) :] for t in declared_terms(core)}
    listed = set(PLEDGE.__annotations__)
    assert declared == listed, (
        f"in pledge.ttl but not vocab.py: {sorted(declared - listed)}; "
        f"in vocab.py but not pledge.ttl: {sorted(listed - declared)}"
    )


def test_every_term_is_documented(core: Graph) -> None:
    for term in declared_terms(core):
        assert core.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert core.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"
        assert core.value(term, RDFS.isDefinedBy) == CORE_IRI, f"{term} has no rdfs:isDefinedBy"


def test_properties_have_domain_and_range(core: Graph) -> None:
    properties = {
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in core.subjects(RDF.type, kind)
        if str(p).startswith(NS)  # Dublin Core, SKOS...: declared for OWL 2 DL, not ours
    }
    lower_case = {URIRef(NS + n) for n in PLEDGE.__annotations__ if n[0].islower()}
    assert properties == lower_case, "properties are the lower-case terms of vocab.PLEDGE"
    for prop in properties:
        assert core.value(prop, RDFS.domain) is not None, f"{prop} has no rdfs:domain"
        assert core.value(prop, RDFS.range) is not None, f"{prop} has no rdfs:range"


def test_term_kinds(core: Graph) -> None:
    def kind(name: str) -> set[URIRef]:
        return set(core.objects(PLEDGE[name], RDF.type))

    assert OWL.Class in kind("Instrument")
    assert (PLEDGE.Instrument, RDFS.subClassOf, PLEDGE.Agreement) not in core
    for sub in ("InvestmentCommitment", "PolicyCommitment"):
        assert (PLEDGE[sub], RDFS.subClassOf, PLEDGE.Commitment) in core
    assert (PLEDGE.Sector, RDFS.subClassOf, SKOS.Concept) in core
    assert (PLEDGE.CompanyGroup, RDFS.subClassOf, URIRef(SCHEMA + "Organization")) in core
    assert SKOS.ConceptScheme in kind("SectorScheme")
    assert RDFS.Datatype in kind("NAICS2022")
    for name in ("signingDate", "purpose", "office", "localCopy", "sourceText"):
        assert OWL.DatatypeProperty in kind(name), name
    # xsd:date is not in the OWL 2 datatype map: dates are rdfs:Literal, the shapes check xsd:date
    for name in ("signingDate", "statusDate", "reviewedOn"):
        assert core.value(PLEDGE[name], RDFS.range) == RDFS.Literal, name
    for name in ("PurchaseCommitment", "SupranationalBody", "SubnationalGovernment", "Claim"):
        assert OWL.Class in kind(name), name
    assert (PLEDGE.PurchaseCommitment, RDFS.subClassOf, PLEDGE.Commitment) in core
    assert (PLEDGE.PurchaseCommitment, OWL.disjointWith, PLEDGE.InvestmentCommitment) in core
    assert (
        PLEDGE.SubnationalGovernment,
        RDFS.subClassOf,
        URIRef(SCHEMA + "GovernmentOrganization"),
    ) in core
    assert core.value(PLEDGE.signatory, RDFS.range) == URIRef(SCHEMA + "Organization")
    # claimedValue holds entities and literals alike: only an annotation property may
    assert OWL.AnnotationProperty in kind("claimedValue")


INDIVIDUALS = {
    "Rank": {"PreferredRank", "NormalRank", "DeprecatedRank"},
    "SourceKind": {
        "GovernmentSource", "CompanySource", "NewsAgencySource", "NewspaperSource", "OtherSource",
    },
    "Rule": {
        "SingleSourceRule", "OnlyAcceptedRule", "AuthorityRule", "AgreementRule", "LowerFigureRule",
        "FirstSourceRule", "CapRule", "UnionRule", "LatestStatusRule", "NotNamedRule",
    },
    "Status": {
        "Announced", "Agreed", "Finalised", "UnderConstruction", "Operating", "Withdrawn",
        "Cancelled",
    },
}  # fmt: skip


@pytest.mark.parametrize("cls", sorted(INDIVIDUALS))
def test_individuals_of_each_enumeration(core: Graph, cls: str) -> None:
    found = {str(s)[len(NS) :] for s in core.subjects(RDF.type, PLEDGE[cls])}
    assert found == INDIVIDUALS[cls]
    for name in found:
        assert OWL.NamedIndividual in set(core.objects(PLEDGE[name], RDF.type)), name


def test_status_scheme(core: Graph) -> None:
    statuses = {PLEDGE[n] for n in INDIVIDUALS["Status"]}
    assert set(core.objects(PLEDGE.StatusScheme, SKOS.hasTopConcept)) == statuses
    for status in statuses:
        assert (status, SKOS.inScheme, PLEDGE.StatusScheme) in core
        assert core.value(status, SKOS.prefLabel) is not None
    assert str(core.value(PLEDGE.Finalised, SKOS.altLabel)) == "contracted"


def test_naics_datatype_restriction(core: Graph) -> None:
    restriction = core.value(PLEDGE.NAICS2022, OWL.equivalentClass)
    assert core.value(restriction, OWL.onDatatype) == XSD.string
    facets = core.value(restriction, OWL.withRestrictions)
    facet = core.value(facets, RDF.first)
    # XSD regular expressions are anchored: no ^ and $ (they would be literal characters)
    pattern = str(core.value(facet, XSD.pattern))
    assert pattern == "[0-9]{6}"
    assert re.fullmatch(pattern, "221113") and not re.fullmatch(pattern, "22111")


def test_pledge_terms_used_are_declared(graphs: dict[str, Graph], core: Graph) -> None:
    declared = declared_terms(core)
    used: dict[URIRef, str] = {}
    for name, graph in graphs.items():
        for term in terms_in(graph, NS) | terms_in_sparql(graph, "pledge", NS):
            used.setdefault(term, f"ontology/{name}")
    for path in data_files():
        for term in terms_in(Graph().parse(path), NS):
            used.setdefault(term, str(path.relative_to(ROOT)))
    unknown = {term: where for term, where in used.items() if term not in declared}
    assert not unknown, f"undeclared pledge: terms: {unknown}"


def test_data_files_found_when_agreements_exist() -> None:
    if (DATA / "agreements").is_dir():
        assert data_files(), f"no Turtle files under {DATA}"


def test_schema_terms_are_real(graphs: dict[str, Graph]) -> None:
    sources = [(f"ontology/{n}", g) for n, g in graphs.items()]
    sources += [(str(p.relative_to(ROOT)), Graph().parse(p)) for p in data_files()]
    unknown: dict[str, str] = {}
    for where, graph in sources:
        terms = terms_in(graph, SCHEMA) | terms_in_sparql(graph, "schema", SCHEMA)
        for term in terms:
            if str(term)[len(SCHEMA) :] not in SCHEMA_TERMS:
                unknown.setdefault(str(term), where)
        wrong = terms_in(graph, "http://schema.org/")
        assert not wrong, f"{where}: use https://schema.org/, not http: {sorted(wrong)}"
    assert not unknown, f"schema: terms not on the allow-list (typo?): {unknown}"


# ---------------------------------------------------------------- sectors


def sector_concepts(sectors: Graph) -> set[URIRef]:
    return {c for c in sectors.subjects(RDF.type, SKOS.Concept)}


def test_sector_slugs(sectors: Graph) -> None:
    slugs = {str(c)[len(str(SECTOR)) :] for c in sector_concepts(sectors)}
    assert slugs == set(SECTOR_CODES)


def test_sector_codes(sectors: Graph) -> None:
    for slug, code in SECTOR_CODES.items():
        notations = list(sectors.objects(SECTOR[slug], SKOS.notation))
        if code is None:
            assert notations == [], slug
        else:
            assert notations == [Literal(code, datatype=PLEDGE.NAICS2022)], slug


def test_sector_concepts_complete(sectors: Graph) -> None:
    for concept in sector_concepts(sectors):
        assert (concept, RDF.type, PLEDGE.Sector) in sectors, concept
        assert (concept, SKOS.inScheme, PLEDGE.SectorScheme) in sectors, concept
        labels = list(sectors.objects(concept, SKOS.prefLabel))
        assert labels and all(label.language == "en" for label in labels), concept
        assert sectors.value(concept, SKOS.definition) is not None, concept


def test_sector_scheme(sectors: Graph) -> None:
    scheme = PLEDGE.SectorScheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in sectors
    assert sectors.value(scheme, SKOS.prefLabel) is not None
    source = sectors.value(scheme, DCTERMS.source)
    assert source is not None and "NAICS" in str(source)
    tops = {str(c)[len(str(SECTOR)) :] for c in sectors.objects(scheme, SKOS.hasTopConcept)}
    assert tops == TOP_CONCEPTS
    for slug in TOP_CONCEPTS:
        assert (SECTOR[slug], SKOS.topConceptOf, scheme) in sectors, slug
        assert sectors.value(SECTOR[slug], SKOS.broader) is None, slug
    assert str(sectors.value(SECTOR.trade, SKOS.prefLabel)) == "Trade and market access"


def test_sector_hierarchy(sectors: Graph) -> None:
    broader = {c: set(sectors.objects(c, SKOS.broader)) for c in sector_concepts(sectors)}
    for concept, parents in broader.items():
        slug = str(concept)[len(str(SECTOR)) :]
        assert (slug in TOP_CONCEPTS) == (not parents), concept
        for parent in parents:  # narrower mirrors broader
            assert (parent, SKOS.narrower, concept) in sectors, (parent, concept)
    assert set(sectors.objects(SECTOR.energy, SKOS.narrower)) == {
        c for c, ps in broader.items() if SECTOR.energy in ps
    }
    assert SECTOR.energy in set(sectors.transitive_objects(SECTOR["nuclear-power"], SKOS.broader))
    for concept in broader:  # no cycles: walking up from a concept never reaches it again
        seen: set[URIRef] = set()
        frontier = set(broader[concept])
        while frontier:
            assert concept not in frontier, f"skos:broader cycle through {concept}"
            seen |= frontier
            frontier = {p for c in frontier for p in broader.get(c, set())} - seen


def test_sector_codes_are_six_digits(sectors: Graph) -> None:
    for notation in sectors.objects(None, SKOS.notation):
        assert re.fullmatch(r"[0-9]{6}", str(notation)), notation
