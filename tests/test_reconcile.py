"""The reconcile stage, one rule at a time, on small fictional graphs (example.org IRIs).

Each test writes an agreement between two governments, one commitment and the claims of a few
sources about it, runs the stage and reads what it wrote to ``graph/reconciled``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from pledgegraph.claims import graph_select
from pledgegraph.load import PledgeDataset
from pledgegraph.reconcile import RECONCILED, count_drafts, reconciled_ntriples
from pledgegraph.store import MemoryStore, OxigraphStore
from pledgegraph.vocab import PLEDGE, SCHEMA

ROOT = Path(__file__).resolve().parent.parent
EX = "https://example.org/pg/"
C = URIRef(EX + "commitment")
A = URIRef(EX + "agreement")

HEAD = """
@prefix ex: <https://example.org/pg/> .
@prefix pledge: <https://w3id.org/pledgegraph/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
# Fiction, written for these tests.
ex:agreement a pledge:Agreement ; pledge:signatory ex:us-gov, ex:japan-gov .
ex:commitment a pledge:Commitment ; pledge:underAgreement ex:agreement .
ex:whitehouse a pledge:SourceDocument ; dcterms:publisher "The White House" ;
    pledge:sourceKind pledge:GovernmentSource ; pledge:publishedBy ex:us-gov ;
    dcterms:issued "2025-10-28"^^xsd:date .
ex:germany a pledge:SourceDocument ; dcterms:publisher "A third government" ;
    pledge:sourceKind pledge:GovernmentSource ; pledge:publishedBy ex:german-gov .
ex:wire a pledge:SourceDocument ; dcterms:publisher "A wire" ;
    pledge:sourceKind pledge:NewsAgencySource ; dcterms:issued "2025-10-29"^^xsd:date .
ex:wire2 a pledge:SourceDocument ; dcterms:publisher "Another wire" ;
    pledge:sourceKind pledge:NewsAgencySource .
ex:paper a pledge:SourceDocument ; dcterms:publisher "A paper" ;
    pledge:sourceKind pledge:NewspaperSource .
"""


def claim(name: str, source: str, fact: str, value: str = "", review: str = "accepted",
          extra: str = "") -> str:  # fmt: skip
    """A claim of ``source`` on ``fact``; ``value`` is Turtle (an amount is written ``[...]``)."""
    said = f"pledge:claimedValue {value}" if value else "pledge:notNamed true"
    return f"""
ex:{name} a pledge:Claim ; pledge:claimAbout ex:commitment ; pledge:fact pledge:{fact} ;
    {said} ; pledge:evidence ex:{name}-ev ; pledge:reviewStatus "{review}" {extra}.
ex:{name}-ev a pledge:Evidence ; oa:hasSource ex:{source} .
"""


def money(kind: str, figure: str, currency: str = "USD") -> tuple[str, str]:
    name = {"stated": "value", "cap": "maxValue", "floor": "minValue"}[kind]
    node = f"ex:amount-{kind}-{figure.replace('.', '-')}-{currency}"
    return (
        node,
        f'{node} a schema:MonetaryAmount ; schema:currency "{currency}" ;'
        f" schema:{name} {figure} .\n",
    )


def amount_claim(name: str, source: str, kind: str, figure: str, **kw: str) -> str:
    node, turtle = money(kind, figure, kw.pop("currency", "USD"))
    return claim(name, source, "amount", f"ex:{name}-value", **kw) + turtle.replace(
        node, f"ex:{name}-value"
    )


def run(*parts: str, drafts: bool = False) -> Graph:
    graph = Graph().parse(data=HEAD + "".join(parts), format="turtle")
    return Graph().parse(data=reconciled_ntriples(graph_select(graph), drafts=drafts), format="nt")


def amount_of(out: Graph, subject: URIRef = C) -> tuple[str, Decimal]:
    (node,) = list(out.objects(subject, PLEDGE.amount))
    for prop, kind in (
        (SCHEMA.value, "stated"),
        (SCHEMA.maxValue, "cap"),
        (SCHEMA.minValue, "floor"),
    ):
        if (value := out.value(node, prop)) is not None:
            return kind, Decimal(str(value))
    raise AssertionError("no figure")


def reconciliation(out: Graph, fact: str) -> URIRef:
    node = URIRef(f"{C}#reconciled-{fact}")
    assert (C, PLEDGE.reconciliation, node) in out
    return node


def rules(out: Graph, fact: str) -> set[str]:
    return {str(r).rsplit("#", 1)[1] for r in out.objects(reconciliation(out, fact), PLEDGE.rule)}


def rank(out: Graph, name: str) -> str | None:
    value = out.value(URIRef(EX + name), PLEDGE.rank)
    return None if value is None else str(value).rsplit("#", 1)[1]


def test_single_source() -> None:
    out = run(amount_claim("a", "wire", "stated", "25000000000.0"))
    assert amount_of(out) == ("stated", Decimal("25e9"))
    assert rules(out, "amount") == {"SingleSourceRule"}
    assert rank(out, "a") == "PreferredRank"
    node = reconciliation(out, "amount")
    assert out.value(node, PLEDGE.sourceCount) == Literal(1)
    assert (C, PLEDGE.evidence, URIRef(EX + "a-ev")) in out
    assert (C, PLEDGE.disputed, None) not in out


def test_two_sources_agreeing_are_corroborated_not_disputed() -> None:
    out = run(
        amount_claim("a", "wire", "stated", "20000000000.0"),
        amount_claim("b", "whitehouse", "stated", "20000000000.00"),
    )
    assert amount_of(out) == ("stated", Decimal("20e9"))
    assert rules(out, "amount") == {"AgreementRule"}
    assert out.value(reconciliation(out, "amount"), PLEDGE.sourceCount) == Literal(2)
    assert rank(out, "a") == rank(out, "b") == "PreferredRank"  # both values were chosen
    assert (C, PLEDGE.disputed, None) not in out
    assert {URIRef(EX + "a-ev"), URIRef(EX + "b-ev")} <= set(out.objects(C, PLEDGE.evidence))


def test_stated_against_up_to_the_cap_wins_whoever_says_it() -> None:
    # the party's own government says "up to"; the wire states the figure
    out = run(
        amount_claim("fact-sheet", "whitehouse", "cap", "25000000000.0"),
        amount_claim("report", "wire", "stated", "25000000000.0"),
    )
    assert amount_of(out) == ("cap", Decimal("25e9"))
    assert rules(out, "amount") == {"AuthorityRule"}
    assert (rank(out, "fact-sheet"), rank(out, "report")) == ("PreferredRank", "NormalRank")
    # the other way round: the more authoritative source states it, a wire says "up to"
    out = run(
        amount_claim("fact-sheet", "whitehouse", "stated", "25000000000.0"),
        amount_claim("report", "wire", "cap", "30000000000.0"),
    )
    assert amount_of(out) == ("cap", Decimal("25e9"))
    assert rules(out, "amount") == {"AuthorityRule", "CapRule"}
    assert (C, PLEDGE.disputed, None) not in out  # different tiers: listed, not disputed


def test_two_sources_of_one_tier_differing_keep_both_and_take_the_lower() -> None:
    out = run(
        amount_claim("a", "wire", "stated", "30000000000.0"),
        amount_claim("b", "wire2", "stated", "25000000000.0"),
    )
    assert amount_of(out) == ("stated", Decimal("25e9"))
    assert rules(out, "amount") == {"LowerFigureRule"}
    assert (rank(out, "a"), rank(out, "b")) == ("NormalRank", "PreferredRank")
    assert (C, PLEDGE.disputed, Literal(True)) in out
    assert (reconciliation(out, "amount"), PLEDGE.disputed, Literal(True)) in out
    # never an average
    assert all(
        Decimal(str(v)) in (Decimal("25e9"), Decimal("30e9"))
        for v in out.objects(None, SCHEMA.value)
    )


def test_party_government_outranks_news_and_other_governments() -> None:
    out = run(
        claim("a", "wire", "committedBy", "ex:japan-gov"),
        claim("b", "whitehouse", "committedBy", "ex:japanese-companies"),
        claim("c", "germany", "committedBy", "ex:somebody-else"),
    )
    assert set(out.objects(C, PLEDGE.committedBy)) == {URIRef(EX + "japanese-companies")}
    assert rules(out, "committedBy") == {"AuthorityRule"}
    assert rank(out, "b") == "PreferredRank" and rank(out, "a") == rank(out, "c") == "NormalRank"
    # without the party's own government, another government still outranks the wire
    out = run(
        claim("a", "wire", "committedBy", "ex:japan-gov"),
        claim("c", "germany", "committedBy", "ex:somebody-else"),
    )
    assert set(out.objects(C, PLEDGE.committedBy)) == {URIRef(EX + "somebody-else")}


def test_rejected_claim_is_deprecated_and_never_counted() -> None:
    out = run(
        amount_claim("a", "wire", "stated", "25000000000.0"),
        amount_claim("b", "whitehouse", "stated", "99000000000.0", review="rejected"),
    )
    assert amount_of(out) == ("stated", Decimal("25e9"))
    assert rank(out, "b") == "DeprecatedRank"
    assert rules(out, "amount") == {"SingleSourceRule", "OnlyAcceptedRule"}
    assert out.value(reconciliation(out, "amount"), PLEDGE.sourceCount) == Literal(1)
    assert (C, PLEDGE.evidence, URIRef(EX + "b-ev")) not in out


def test_drafts_count_only_when_asked() -> None:
    parts = (
        amount_claim("a", "wire", "stated", "25000000000.0"),
        amount_claim("b", "whitehouse", "cap", "25000000000.0", review="draft"),
    )
    without = run(*parts)
    assert amount_of(without) == ("stated", Decimal("25e9")) and rank(without, "b") is None
    with_drafts = run(*parts, drafts=True)
    assert amount_of(with_drafts) == ("cap", Decimal("25e9"))
    assert rank(with_drafts, "b") == "PreferredRank"


def test_not_named_investor_gives_no_party_and_agrees_with_any() -> None:
    out = run(claim("a", "wire", "committedBy"))
    assert not list(out.objects(C, PLEDGE.committedBy))
    assert rules(out, "committedBy") == {"NotNamedRule"}
    assert rank(out, "a") == "PreferredRank"
    # a source that names the investor beside one that does not: no dispute, the name is taken
    out = run(claim("a", "wire", "committedBy"), claim("b", "wire2", "committedBy", "ex:japan-gov"))
    assert set(out.objects(C, PLEDGE.committedBy)) == {URIRef(EX + "japan-gov")}
    assert (C, PLEDGE.disputed, None) not in out
    assert out.value(reconciliation(out, "committedBy"), PLEDGE.sourceCount) == Literal(2)


def test_partners_are_the_union() -> None:
    out = run(
        claim("a", "wire", "partner", "ex:toshiba"),
        claim("b", "whitehouse", "partner", "ex:toshiba, ex:hitachi"),
    )
    assert set(out.objects(C, PLEDGE.partner)) == {URIRef(EX + "toshiba"), URIRef(EX + "hitachi")}
    assert rules(out, "partner") == {"UnionRule"}
    assert (C, PLEDGE.disputed, None) not in out  # different tiers: a difference, not a dispute
    out = run(
        claim("a", "wire", "partner", "ex:toshiba"), claim("b", "wire2", "partner", "ex:hitachi")
    )
    assert (C, PLEDGE.disputed, Literal(True)) in out  # same tier, different partners


def test_status_timeline_takes_the_latest() -> None:
    out = run(
        claim(
            "a",
            "whitehouse",
            "status",
            "pledge:Agreed",
            extra='; pledge:statusDate "2025-10-28"^^xsd:date ',
        ),
        claim(
            "b",
            "paper",
            "status",
            "pledge:UnderConstruction",
            extra='; pledge:statusDate "2026-03-01"^^xsd:date ',
        ),
        claim("c", "wire", "status", "pledge:Announced"),
    )
    assert set(out.objects(C, PLEDGE.status)) == {PLEDGE.UnderConstruction}
    assert rules(out, "status") == {"LatestStatusRule"}
    assert rank(out, "b") == "PreferredRank" and rank(out, "a") == rank(out, "c") == "NormalRank"
    # undated: the source issued last wins
    out = run(
        claim("a", "whitehouse", "status", "pledge:Agreed"),
        claim("c", "wire", "status", "pledge:Announced"),
    )
    assert set(out.objects(C, PLEDGE.status)) == {PLEDGE.Announced}


def test_three_sources() -> None:
    out = run(
        amount_claim("a", "whitehouse", "cap", "25000000000.0"),
        amount_claim("b", "wire", "stated", "25000000000.0"),
        amount_claim("c", "paper", "stated", "20000000000.0"),
        claim("d", "wire", "partner", "ex:toshiba"),
        claim("e", "paper", "partner", "ex:toshiba"),
        claim("f", "whitehouse", "partner", "ex:toshiba"),
    )
    assert amount_of(out) == ("cap", Decimal("25e9"))
    assert out.value(reconciliation(out, "amount"), PLEDGE.sourceCount) == Literal(3)
    assert [rank(out, n) for n in "abc"] == ["PreferredRank", "NormalRank", "NormalRank"]
    assert set(out.objects(C, PLEDGE.partner)) == {URIRef(EX + "toshiba")}
    assert rules(out, "partner") == {"UnionRule"}
    comment = str(out.value(reconciliation(out, "amount"), RDFS.comment))
    assert comment.startswith(
        "3 sources: The White House (government of a party): up to 25000000000 USD;"
    )


def test_a_purpose_worded_two_ways_is_not_a_dispute() -> None:
    out = run(
        claim("a", "wire", "purpose", '"to supply modules"'),
        claim("b", "wire2", "purpose", '"supply of modules"'),
    )
    assert len(list(out.objects(C, PLEDGE.purpose))) == 1
    assert (C, PLEDGE.disputed, None) not in out


def test_ranges_and_currencies_are_kept_as_stated() -> None:
    out = run(
        claim("a", "wire", "amount", "ex:range")
        + 'ex:range a schema:MonetaryAmount ; schema:currency "EUR" ;'
        " schema:minValue 10000000000.0 ; schema:maxValue 15000000000.0 .\n"
    )
    (node,) = out.objects(C, PLEDGE.amount)
    assert out.value(node, SCHEMA.currency) == Literal("EUR")
    assert Decimal(str(out.value(node, SCHEMA.minValue))) == Decimal("10e9")
    assert Decimal(str(out.value(node, SCHEMA.maxValue))) == Decimal("15e9")


def test_same_claims_same_bytes_on_every_engine(tmp_path: Path) -> None:
    text = (
        HEAD
        + amount_claim("a", "whitehouse", "cap", "25000000000.0")
        + amount_claim("b", "wire", "stated", "25000000000.0")
        + claim("c", "wire", "committedBy")
        + claim("d", "paper", "partner", "ex:toshiba, ex:hitachi")
    )
    graph = Graph().parse(data=text, format="turtle")
    first = reconciled_ntriples(graph_select(graph))
    assert first == reconciled_ntriples(graph_select(graph))
    assert first.decode().splitlines() == sorted(first.decode().splitlines())
    path = tmp_path / "claims.ttl"
    path.write_text(text)
    dataset = PledgeDataset(ROOT)
    dataset.graph(URIRef("urn:x:g")).parse(path)
    from pledgegraph.reconcile import reconcile

    assert reconcile(MemoryStore(dataset)) == first
    store = OxigraphStore(root=ROOT)
    store.load_files([path])
    assert reconcile(store) == first


def test_the_hook_gives_every_store_the_reconciled_graph(tmp_path: Path) -> None:
    path = tmp_path / "claims.ttl"
    path.write_text(HEAD + amount_claim("a", "wire", "stated", "25000000000.0", review="draft"))
    from pledgegraph.store import open_store

    for spec in ("memory", "oxigraph"):
        store = open_store(spec, [path], root=ROOT, include_project=False)
        assert str(RECONCILED) not in store.graph_names()  # a draft alone counts for nothing
        assert count_drafts(store) == {str(path): 1}
        store = open_store(spec, [path], root=ROOT, include_project=False, drafts=True)
        assert str(RECONCILED) in store.graph_names()
        rows = store.query(
            "SELECT ?v WHERE { <https://example.org/pg/commitment> "
            "<https://w3id.org/pledgegraph/ontology#amount>/<https://schema.org/value> ?v }"
        )
        assert [Decimal(str(r["v"])) for r in rows.rows] == [Decimal("25e9")]  # type: ignore[union-attr]


def test_no_claims_no_graph() -> None:
    assert reconciled_ntriples(graph_select(Dataset())) == b""


@pytest.mark.parametrize("value", ['"line\\nbreak \\"quoted\\" \\u2028 tab\\t"'])
def test_literals_are_escaped_as_n_triples(value: str) -> None:
    out = run(claim("a", "wire", "purpose", value))
    (purpose,) = out.objects(C, PLEDGE.purpose)
    assert str(purpose) == 'line\nbreak "quoted" \u2028 tab\t'
    assert purpose.datatype in (None, XSD.string)
