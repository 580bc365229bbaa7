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

from pledgegraph.ingest.gazetteer import COUNTRIES, GROUP_NOUNS, LEGAL_SUFFIXES
from pledgegraph.ingest.lookup import NameIndex
from pledgegraph.ingest.regions import SUBNATIONAL, SUPRANATIONAL
from pledgegraph.ingest.sector_keywords import SECTOR_KEYWORDS
from pledgegraph.vocab import PLEDGE, SCHEMA, entity_iri, slugify

KIND_CLASSES = {
    "company": SCHEMA.Corporation,
    "government": SCHEMA.GovernmentOrganization,
    "country": SCHEMA.Country,
    "group": PLEDGE.CompanyGroup,
    # until the ontology has classes of their own, both are government organisations
    "supranational": SCHEMA.GovernmentOrganization,
    "subnational": SCHEMA.GovernmentOrganization,
}
# The IRI path of a minted entity of each kind, where it is not the kind itself.
IRI_KIND = {"supranational": "organization", "subnational": "government"}
_AGENCY = re.compile(
    r"\b(?:Ministry|Department|Export Finance|Treasury|Programme|Program|Navy|Army|Air Force|"
    r"Armed Forces|Coast Guard|Defen[cs]e Forces)\b"
)
_GROUP_LEAD = {
    *str.split("various several other leading the two three four five six seven eight nine ten"),
    *str.split("many some major big large top participating"),
}
_TITLED = re.compile(
    r"^(?:(?:free )?state|commonwealth|province|emirate|land|region|territory|"
    r"government|governments|(?:(?:federal|islamic|socialist|united|democratic|arab|hashemite|"
    r"federative|plurinational|bolivarian|peoples|people s)\s+)*(?:kingdom|republic|"
    r"sultanate|principality|grand duchy|federation)) of\s+"
)
_GOVERNMENT_AFTER = re.compile(
    r"\s+(?:(?:state|provincial|regional|emirate|federal|national) )?"
    r"(?:government|administration|state|province|emirate)$"
)
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
    """A reconciled name. ``kind``: company | government (of a country) | supranational (the
    European Union) | subnational (a state's, province's or emirate's government) | country |
    group (companies of a country or of the EU) | sector. ``country``: for a new government the
    country it governs, for a group or sub-national government the country (or supranational
    body) it is based in."""

    iri: URIRef
    kind: str
    label: str
    new: bool = False
    country: URIRef | None = None


@dataclass(frozen=True)
class Region:
    """A place that can be a party: ``kind`` country | supranational | subnational; ``country``
    is the country a sub-national region lies in."""

    name: str
    kind: str
    country: str | None = None


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
    region_keys: dict[str, Region] = field(default_factory=dict)  # key -> any region
    company_index: NameIndex = field(default_factory=NameIndex)  # the gazetteer of companies
    _patterns: list[tuple[URIRef, re.Pattern[str], int]] | None = field(default=None, repr=False)

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
        for (kind, _), iri in self.names.items():
            if kind == "company":
                self.company_index.add(self.labels[iri])
        for name, aliases, demonyms in COUNTRIES:
            for alias in (name, *aliases, *demonyms):
                self.country_keys.setdefault(normalise(alias), name)
        for node in self.graph.subjects(RDF.type, SCHEMA.Country, unique=True):
            country_label = self.graph.value(node, RDFS.label)
            if country_label is not None:
                self.country_keys.setdefault(normalise(str(country_label)), str(country_label))
        for key, country in self.country_keys.items():
            self.region_keys[key] = Region(country, "country")
        for name, aliases, demonyms in SUPRANATIONAL:
            for alias in (name, *aliases, *demonyms):
                self.region_keys.setdefault(normalise(alias), Region(name, "supranational"))
        for name, country in SUBNATIONAL.items():
            self.region_keys.setdefault(normalise(name), Region(name, "subnational", country))
        self._governments: dict[URIRef, Entity] = {}

    # ------------------------------------------------------------ lookups

    def _find(self, kind: str, name: str) -> URIRef | None:
        return self.names.get((kind, normalise(name)))

    def _mint(self, kind: str, label: str, country: URIRef | None = None, slug: str = "") -> Entity:
        iri = entity_iri(IRI_KIND.get(kind, kind), slug or label)
        if (existing := self.new.get(iri)) is not None:
            return existing
        entity = Entity(iri, kind, label, new=True, country=country)
        self.new[iri] = entity
        if kind == "company":
            self.company_index.add(label)
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

    def region(self, name: str) -> Region | None:
        """The country, supranational body or sub-national region a name, alias or demonym
        stands for: "the EU" -> European Union, "the State of Texas" -> Texas, or None."""
        key = normalise(name)
        if (found := self.region_keys.get(key)) is not None:
            return found
        key = _GOVERNMENT_AFTER.sub("", _TITLED.sub("", key))
        return self.region_keys.get(key)

    def country_name(self, name: str) -> str | None:
        """The country a name, alias or demonym stands for, or None."""
        region = self.region(name)
        return region.name if region is not None and region.kind == "country" else None

    def country(self, name: str) -> Entity:
        canonical = self.country_name(name) or name.strip()
        for candidate in (canonical, name):
            if (found := self._known("country", candidate)) is not None:
                return found
        return self._mint("country", canonical)

    def place(self, name: str) -> Entity:
        """Where money goes or a group is based: a country, or a supranational body itself;
        a sub-national region stands for its country."""
        region = self.region(name)
        if region is not None and region.kind == "supranational":
            return self._body(region)
        if region is not None and region.kind == "subnational":
            return self.country(region.country or name)
        return self.country(name)

    def _body(self, region: Region) -> Entity:
        for kind in ("supranational", "government"):
            if (found := self._known(kind, region.name)) is not None:
                return Entity(found.iri, "supranational", found.label, found.new)
        return self._mint("supranational", region.name)

    def _subnational(self, region: Region) -> Entity:
        label = f"Government of {region.name}"
        for candidate in (label, region.name):
            for kind in ("subnational", "government"):
                if (found := self._known(kind, candidate)) is not None:
                    return Entity(found.iri, "subnational", found.label, found.new, found.country)
        country = self.country(region.country or "").iri
        return self._mint("subnational", label, country, slug=region.name)

    def government(self, country_name: str) -> Entity:
        """The government of a country; of a supranational body, the body itself."""
        region = self.region(country_name)
        if region is not None and region.kind == "supranational":
            return self._body(region)
        if region is not None and region.kind == "subnational":
            return self._subnational(region)
        country = self.country(country_name)
        if (cached := self._governments.get(country.iri)) is not None:
            return cached
        found = None
        for gov in self.graph.subjects(PLEDGE.governmentOf, country.iri, unique=True):
            if isinstance(gov, URIRef):
                found = Entity(gov, "government", self.labels.get(gov, str(gov)))
                break
        if found is None:
            label = f"Government of {'the ' if country.label.startswith('United') else ''}"
            label += country.label
            found = Entity(
                entity_iri("government", country.label), "government", label, True, country.iri
            )
            found = self.new.setdefault(found.iri, found)
        self._governments[country.iri] = found
        return found

    def group_name(self, label: str) -> tuple[str, str] | None:
        """``"various Japanese companies"`` -> ``("Japanese companies", "Japan")``,
        ``"European energy companies"`` -> ``("European energy companies", "European Union")``,
        ``"Korean auto parts makers"`` -> (..., "South Korea"), or None."""
        words = [w for w in label.strip().split() if w.lower() not in _GROUP_LEAD]
        # "Japanese airlines" is a group; "Vietnam Airlines" is a company's name
        if len(words) < 2 or words[-1] not in GROUP_NOUNS:
            return None
        for size in (2, 1):
            region = self.region(" ".join(words[:size])) if len(words) > size else None
            descriptors = words[size:-1]
            if (
                region is not None
                and region.kind != "subnational"
                and all(w.islower() or w.isupper() for w in descriptors)
            ):
                return " ".join(words), region.name
        return None

    def group(self, label: str) -> Entity | None:
        """``"Japanese companies"`` -> the company group of Japan, if the words say so."""
        if (found := self.group_name(label)) is None:
            return None
        tidy, region_name = found
        if (known := self._known("group", tidy)) is not None:
            return known
        return self._mint("group", tidy, self.place(region_name).iri)

    def company(self, name: str) -> Entity:
        if (found := self._known("company", name)) is not None:
            return found
        return self._mint("company", name.strip())

    def party(self, name: str) -> Entity:
        """The party that pledges: a country's government, a supranational body, a sub-national
        government, a company group, or a company. A government's own department or programme
        ("UK Export Finance", "the Japanese Ministry of Finance") stands for the government."""
        if self.region(name) is not None:
            return self.government(name)
        if _AGENCY.search(name):
            words = re.sub(r"[\u2019']s\b", "", name).split()
            words = words[1:] if words[0].lower() == "the" else words
            for part in (" ".join(words[:2]), words[0], words[-1], *words[1:-1]):
                if self.region(part) is not None:
                    return self.government(part)
        if (group := self.group(name)) is not None:
            return group
        for kind in ("government", "group"):
            if (iri := self._find(kind, name)) is not None:
                return Entity(iri, kind, self.labels[iri])
        return self.company(name)

    def home(self, entity: Entity) -> URIRef:
        """The side a party stands on: a government's country, a group's or sub-national
        government's country (or supranational body), else the entity itself."""
        if entity.kind == "supranational":
            return entity.iri
        home: object = entity.country
        for prop in (PLEDGE.governmentOf, PLEDGE.basedIn):
            home = home or self.graph.value(entity.iri, prop)
        return home if isinstance(home, URIRef) else entity.iri

    def label_of(self, iri: URIRef) -> str | None:
        """The label of an entity of the graph or minted in this run."""
        if (label := self.labels.get(iri)) is not None:
            return label
        new = self.new.get(iri)
        return new.label if new is not None else None

    def is_place(self, name: str) -> bool:
        return self.region(name) is not None

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
        for concept, pattern, weight in self._sector_patterns():
            if pattern.search(lowered):
                scores[concept] = scores.get(concept, 0) + weight
        if not scores:
            return None
        return max(sorted(scores), key=lambda c: scores[c])

    def _sector_patterns(self) -> list[tuple[URIRef, re.Pattern[str], int]]:
        """Each sector keyword and narrow-sector label as a compiled pattern, built once."""
        if self._patterns is None:
            by_slug = {c.rsplit("/", 1)[-1]: c for c in self.sectors.values()}
            self._patterns = [
                (by_slug[slug], _keyword_pattern(word), weight)
                for slug, keywords in SECTOR_KEYWORDS.items()
                if slug in by_slug
                for word, weight in keywords
            ]
            self._patterns += [
                (concept, re.compile(rf"\b{re.escape(label.lower())}"), 3)
                for concept, label in self.sector_labels.items()
            ]
        return self._patterns

    def sector_slug(self, concept: URIRef) -> str:
        return concept.rsplit("/", 1)[-1]


def _keyword_pattern(word: str) -> re.Pattern[str]:
    """A sector keyword matches at the start of a word ("batter" in "batteries"); one written
    with a trailing "_" is a whole word, plural allowed ("port_": "ports", not "Porto")."""
    if word.endswith("_"):
        return re.compile(rf"(?<![a-z0-9]){re.escape(word[:-1])}s?(?![a-z0-9])")
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}")


def new_slug(base: str, taken: set[str]) -> str:
    """``base`` as a slug, with ``-2``, ``-3`` ... appended until it is not in ``taken``."""
    slug = slugify(base)[:60].strip("-")
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
