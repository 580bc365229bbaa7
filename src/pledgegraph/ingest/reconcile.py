"""Names -> entities: reuse what the graph already has, mint deterministic IRIs for the rest.

A company matches when its name equals a label or alias in the graph up to case, punctuation,
accents, a leading "the" and legal suffixes ("Corp.", "Co., Ltd.", "plc", "GmbH", "K.K." ...).
Countries also match their usual aliases ("U.S.", "UK") and demonyms. A country named as the
party that pledges stands for its government; "Japanese companies" is a company group.
Everything the reconciler had to invent is kept in ``new`` so callers can write and report it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from pledgegraph.ingest.gazetteer import COUNTRIES, GROUP_NOUNS, LEGAL_SUFFIXES, SECTOR_KEYWORDS
from pledgegraph.vocab import PLEDGE, SCHEMA, entity_iri, slugify

KIND_CLASSES = {
    "company": SCHEMA.Corporation,
    "government": SCHEMA.GovernmentOrganization,
    "country": SCHEMA.Country,
    "group": PLEDGE.CompanyGroup,
}
_SUFFIX_RE = re.compile(r"(?:\s+(?:" + "|".join(LEGAL_SUFFIXES) + r"))+$")


class ReconcileError(ValueError):
    """A name that cannot be matched, such as a sector outside the scheme; lists the choices."""


def normalise(name: str) -> str:
    """Matching key: ``"SoftBank Group Corp."`` -> ``"softbank group"``; ``"Toshiba Co., Ltd."``
    -> ``"toshiba"``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ").replace("'s ", " ")
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\.)", "", text)  # K.K. -> KK., U.S. -> US.
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text)
    stripped = _SUFFIX_RE.sub("", text).strip()
    return stripped or text


@dataclass(frozen=True)
class Entity:
    iri: URIRef
    kind: str  # company | government | country | group | sector
    label: str
    new: bool = False
    country: URIRef | None = None  # governmentOf / basedIn, for new governments and groups


@dataclass
class Reconciler:
    """Name lookup over one graph (the union of the project's files)."""

    graph: Graph = field(repr=False)
    names: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)
    sectors: dict[str, URIRef] = field(default_factory=dict)
    sector_labels: dict[URIRef, str] = field(default_factory=dict)
    new: dict[URIRef, Entity] = field(default_factory=dict)
    new_names: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    country_keys: dict[str, str] = field(default_factory=dict)  # alias/demonym key -> country name

    def __post_init__(self) -> None:
        for kind, cls in KIND_CLASSES.items():
            for node in self.graph.subjects(RDF.type, cls, unique=True):
                if not isinstance(node, URIRef):
                    continue
                for prop in (RDFS.label, SKOS.altLabel, SCHEMA.alternateName):
                    for label in self.graph.objects(node, prop):
                        self.names.setdefault((kind, normalise(str(label))), node)
                        self.labels.setdefault(node, str(label))
        for concept in self.graph.subjects(SKOS.inScheme, PLEDGE.SectorScheme, unique=True):
            if not isinstance(concept, URIRef):
                continue
            slug = concept.rsplit("/", 1)[-1]
            self.sectors.setdefault(normalise(slug), concept)
            for prop in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
                for label in self.graph.objects(concept, prop):
                    self.sectors.setdefault(normalise(str(label)), concept)
                    if prop == SKOS.prefLabel and (concept, SKOS.broader, None) in self.graph:
                        self.sector_labels.setdefault(concept, str(label))
        for name, aliases, demonyms in COUNTRIES:
            for alias in (name, *aliases, *demonyms):
                self.country_keys.setdefault(normalise(alias), name)
        for node in self.graph.subjects(RDF.type, SCHEMA.Country, unique=True):
            country_label = self.graph.value(node, RDFS.label)
            if country_label is not None:
                self.country_keys.setdefault(normalise(str(country_label)), str(country_label))

    # ------------------------------------------------------------ lookups

    def _find(self, kind: str, name: str) -> URIRef | None:
        return self.names.get((kind, normalise(name)))

    def _mint(self, kind: str, label: str, country: URIRef | None = None) -> Entity:
        iri = entity_iri(kind, label)
        if (existing := self.new.get(iri)) is not None:
            return existing
        entity = Entity(iri, kind, label, new=True, country=country)
        self.new[iri] = entity
        # later spellings of the same name ("Kestrel Hydrogen Ltd") find this entity
        self.new_names.setdefault((kind, normalise(label)), iri)
        return entity

    def _known(self, kind: str, name: str) -> Entity | None:
        """An entity of ``kind`` named ``name``: from the graph, or minted earlier in this run."""
        if (iri := self._find(kind, name)) is not None:
            return Entity(iri, kind, self.labels[iri])
        if (iri := self.new_names.get((kind, normalise(name)))) is not None:
            return self.new[iri]
        return None

    def country_name(self, name: str) -> str | None:
        """The country a name, alias or demonym stands for, or None."""
        key = normalise(name)
        key = re.sub(r"\s+(?:government|administration)$", "", key)
        key = re.sub(r"^(?:government|governments) of\s+", "", key)
        return self.country_keys.get(key)

    def country(self, name: str) -> Entity:
        canonical = self.country_name(name) or name.strip()
        for candidate in (canonical, name):
            if (found := self._known("country", candidate)) is not None:
                return found
        return self._mint("country", canonical)

    def government(self, country_name: str) -> Entity:
        country = self.country(country_name)
        for gov in self.graph.subjects(PLEDGE.governmentOf, country.iri, unique=True):
            if isinstance(gov, URIRef):
                return Entity(gov, "government", self.labels.get(gov, str(gov)))
        for iri, entity in self.new.items():
            if entity.kind == "government" and entity.country == country.iri:
                return self.new[iri]
        label = f"Government of {'the ' if country.label.startswith('United') else ''}"
        label += country.label
        entity = Entity(
            entity_iri("government", country.label), "government", label, True, country.iri
        )
        self.new.setdefault(entity.iri, entity)
        return self.new[entity.iri]

    def group_name(self, label: str) -> tuple[str, str] | None:
        """``"various Japanese companies"`` -> ``("Japanese companies", "Japan")``, or None."""
        words = label.strip().split()
        if len(words) < 2 or words[-1].lower() not in GROUP_NOUNS:
            return None
        head = " ".join(w for w in words[:-1] if w.lower() not in {"various", "several", "other"})
        country_name = self.country_name(head)
        if country_name is None:
            return None
        return f"{head} {words[-1].lower()}", country_name

    def group(self, label: str) -> Entity | None:
        """``"Japanese companies"`` -> the company group of Japan, if the words say so."""
        if (found := self.group_name(label)) is None:
            return None
        tidy, country_name = found
        if (known := self._known("group", tidy)) is not None:
            return known
        return self._mint("group", tidy, self.country(country_name).iri)

    def company(self, name: str) -> Entity:
        if (found := self._known("company", name)) is not None:
            return found
        return self._mint("company", name.strip())

    def party(self, name: str) -> Entity:
        """The party that pledges: a country's government, a company group, or a company."""
        if self.country_name(name) is not None:
            return self.government(name)
        if (group := self.group(name)) is not None:
            return group
        for kind in ("government", "group"):
            if (iri := self._find(kind, name)) is not None:
                return Entity(iri, kind, self.labels[iri])
        return self.company(name)

    def is_place(self, name: str) -> bool:
        return self.country_name(name) is not None

    def known_companies(self) -> list[str]:
        """Labels of every company in the graph (and minted so far): the gazetteer grows."""
        labels = [self.labels[iri] for (kind, _), iri in self.names.items() if kind == "company"]
        labels += [e.label for e in self.new.values() if e.kind == "company"]
        return sorted(set(labels), key=lambda s: (-len(s), s))

    # ------------------------------------------------------------ sectors

    def sector(self, name: str) -> URIRef:
        """A sector by slug, label, alternative label or keyword; else ``ReconcileError``
        listing the choices."""
        key = normalise(name)
        if key in self.sectors:
            return self.sectors[key]
        guessed = self.guess_sector(name)
        if guessed is not None:
            return guessed
        choices = ", ".join(sorted(c.rsplit("/", 1)[-1] for c in set(self.sectors.values())))
        raise ReconcileError(f"unknown sector {name!r}; choose one of: {choices}")

    def guess_sector(self, text: str) -> URIRef | None:
        """The sector whose keywords weigh most in ``text`` (labels of narrow sectors count 3),
        or None. Ties go to the first sector in IRI order, so the answer is deterministic."""
        lowered = f" {text.lower()} "
        scores: dict[URIRef, int] = {}
        by_slug = {c.rsplit("/", 1)[-1]: c for c in self.sectors.values()}
        for slug, keywords in SECTOR_KEYWORDS.items():
            if slug not in by_slug:
                continue
            score = sum(
                weight
                for word, weight in keywords
                if re.search(rf"(?<![a-z0-9]){re.escape(word)}", lowered)
            )
            if score:
                scores[by_slug[slug]] = score
        for concept, label in self.sector_labels.items():
            if re.search(rf"\b{re.escape(label.lower())}", lowered):
                scores[concept] = scores.get(concept, 0) + 3
        if not scores:
            return None
        return max(sorted(scores), key=lambda c: scores[c])

    def sector_slug(self, concept: URIRef) -> str:
        return concept.rsplit("/", 1)[-1]


def new_slug(base: str, taken: set[str]) -> str:
    """``base`` as a slug, with ``-2``, ``-3`` ... appended until it is not in ``taken``."""
    slug = slugify(base)[:60].strip("-")
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
