"""Namespaces, the closed PledgeGraph ontology namespace, and IRI minting.

Every ontology term the code uses is an attribute of ``PLEDGE``; a typo raises
``AttributeError`` instead of quietly minting a new IRI. ``tests/test_ontology.py``
checks that this list and ``ontology/pledge.ttl`` declare the same terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace, NamespaceManager
from rdflib.term import Identifier, Node

BASE = "https://w3id.org/pledgegraph/"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_IRI = URIRef(BASE + "ontology")

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
ORG = Namespace("http://www.w3.org/ns/org#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


class PLEDGE(DefinedNamespace):
    """The PledgeGraph ontology, ``https://w3id.org/pledgegraph/ontology#``."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Agreement: URIRef
    Instrument: URIRef
    Commitment: URIRef
    InvestmentCommitment: URIRef
    PolicyCommitment: URIRef
    Sector: URIRef
    Evidence: URIRef
    SourceDocument: URIRef
    Facility: URIRef
    CompanyGroup: URIRef
    PurchaseCommitment: URIRef
    SupranationalBody: URIRef
    SubnationalGovernment: URIRef
    Claim: URIRef
    Reconciliation: URIRef
    Rule: URIRef
    Rank: URIRef
    SourceKind: URIRef
    Status: URIRef
    # individuals and datatypes
    SectorScheme: URIRef
    NAICS2022: URIRef
    PreferredRank: URIRef
    NormalRank: URIRef
    DeprecatedRank: URIRef
    GovernmentSource: URIRef
    CompanySource: URIRef
    NewsAgencySource: URIRef
    NewspaperSource: URIRef
    OtherSource: URIRef
    SingleSourceRule: URIRef
    OnlyAcceptedRule: URIRef
    AuthorityRule: URIRef
    AgreementRule: URIRef
    LowerFigureRule: URIRef
    FirstSourceRule: URIRef
    CapRule: URIRef
    UnionRule: URIRef
    LatestStatusRule: URIRef
    NotNamedRule: URIRef
    StatusScheme: URIRef
    Announced: URIRef
    Agreed: URIRef
    Finalised: URIRef
    UnderConstruction: URIRef
    Operating: URIRef
    Withdrawn: URIRef
    Cancelled: URIRef
    # object properties
    underAgreement: URIRef
    committedBy: URIRef
    hostCountry: URIRef
    partner: URIRef
    amount: URIRef
    statedTotal: URIRef
    partOf: URIRef
    sector: URIRef
    evidence: URIRef
    signatory: URIRef
    signer: URIRef
    signingPlace: URIRef
    represents: URIRef
    governmentOf: URIRef
    basedIn: URIRef
    facility: URIRef
    location: URIRef
    relatedAgreement: URIRef
    formalisedBy: URIRef
    advances: URIRef
    implements: URIRef
    amends: URIRef
    supersedes: URIRef
    claimAbout: URIRef
    candidate: URIRef
    fact: URIRef
    status: URIRef
    rank: URIRef
    reconciliation: URIRef
    rule: URIRef
    sourceKind: URIRef
    publishedBy: URIRef
    # annotation properties
    claimedValue: URIRef
    # datatype properties
    signingDate: URIRef
    purpose: URIRef
    office: URIRef
    localCopy: URIRef
    sourceText: URIRef
    reviewStatus: URIRef
    reviewNote: URIRef
    notNamed: URIRef
    statusDate: URIRef
    reviewedBy: URIRef
    reviewedOn: URIRef
    sourceCount: URIRef
    disputed: URIRef
    sectorNote: URIRef


# The kinds of entity IRIs (``id/<kind>/...``), each also a prefix: ``company:toshiba``.
ENTITY_KINDS = (
    "agreement",
    "commitment",
    "company",
    "government",
    "country",
    "person",
    "city",
    "place",
    "group",
    "sector",
    "facility",
    "instrument",
    "source",
    "evidence",
)


def prefixes() -> NamespaceManager:
    """Prefixes for short IRIs in tables and in parameters (``company:ge-vernova``)."""
    manager = NamespaceManager(Graph(), bind_namespaces="rdflib")
    for kind in ENTITY_KINDS:
        manager.bind(kind, ID[kind + "/"], override=True)
    manager.bind("pledge", PLEDGE._NS, override=True)
    manager.bind("schema", SCHEMA, override=True)
    manager.bind("oa", OA, override=True)
    return manager


_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Lower-case ASCII slug of ``name``: ``"Mitsubishi Electric"`` -> ``"mitsubishi-electric"``.

    >>> slugify("SoftBank Group Corp.")
    'softbank-group-corp'
    >>> slugify("Électricité de France")
    'electricite-de-france'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _SLUG_JUNK.sub("-", ascii_name.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make a slug from {name!r}")
    return slug


def entity_iri(kind: str, *names: str) -> URIRef:
    """``entity_iri("company", "Toshiba")`` -> ``<https://w3id.org/pledgegraph/id/company/toshiba>``.

    Several names nest: ``entity_iri("commitment", "us-japan-2025", "toshiba-power-modules")``.
    """
    return ID[kind + "/" + "/".join(slugify(n) for n in names)]


def graph_iri(path: Path, root: Path) -> URIRef:
    """Named-graph IRI of a file: ``data/agreements/x.ttl`` -> ``graph/data/agreements/x``."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:  # a user's file outside the project: name it by its own path
        rel = Path("external", *[p for p in path.resolve().parts[1:]])
    return GRAPH[rel.with_suffix("").as_posix()]


def ordered(terms: Iterable[Node]) -> list[Identifier]:
    """``terms`` in rdflib's order of terms (by kind, then value): the one stable order of the
    nodes a graph yields, whatever order they were parsed or hashed in."""
    return sorted(cast("Iterable[Identifier]", terms))
