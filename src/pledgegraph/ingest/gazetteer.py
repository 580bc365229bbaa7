"""Fixed word lists the reconciler and the extractor start from: countries with their aliases and
demonyms, legal suffixes, and sector keywords. Companies come from the graph, not from here."""

from __future__ import annotations

# More countries, one per line: name|aliases|demonyms (comma-separated). Georgia is left out: the
# U.S. state is the likelier reading in these texts.
_MORE_COUNTRIES = """
Czech Republic|Czechia|Czech
Slovakia||Slovak
Hungary||Hungarian
Romania||Romanian
Bulgaria||Bulgarian
Greece||Greek
Portugal||Portuguese
Croatia||Croatian
Slovenia||Slovenian
Estonia||Estonian
Latvia||Latvian
Lithuania||Lithuanian
Luxembourg||
Cyprus||Cypriot
Malta||Maltese
Iceland||Icelandic
Serbia||Serbian
Peru||Peruvian
Colombia||Colombian
Ecuador||Ecuadorian
Uruguay||Uruguayan
Paraguay||Paraguayan
Bolivia||Bolivian
Panama||Panamanian
Costa Rica||Costa Rican
Guatemala||Guatemalan
Dominican Republic||Dominican
Jamaica||Jamaican
Algeria||Algerian
Tunisia||Tunisian
Ethiopia||Ethiopian
Ghana||Ghanaian
Tanzania||Tanzanian
Uganda||Ugandan
Angola||Angolan
Mozambique||Mozambican
Zambia||Zambian
Zimbabwe||Zimbabwean
Senegal||Senegalese
Ivory Coast|Côte d'Ivoire,Cote d'Ivoire|Ivorian
Cameroon||Cameroonian
Rwanda||Rwandan
Botswana||
Namibia||Namibian
Iraq||Iraqi
Iran||Iranian
Jordan||Jordanian
Lebanon||Lebanese
Sri Lanka||Sri Lankan
Nepal||Nepalese
Myanmar|Burma|Burmese
Cambodia||Cambodian
Laos||Lao
Mongolia||Mongolian
Azerbaijan||Azerbaijani
Armenia||Armenian
Papua New Guinea||
Fiji||Fijian
Brunei||
Guyana||Guyanese
Trinidad and Tobago||
"""

# name, aliases (other ways sources write it), demonyms
COUNTRIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "United States",
        ("U.S.", "US", "USA", "U.S.A.", "United States of America", "America"),
        ("American", "U.S.", "US"),
    ),
    ("Japan", (), ("Japanese",)),
    ("United Kingdom", ("UK", "U.K.", "Britain", "Great Britain"), ("British", "UK", "U.K.")),
    ("South Korea", ("Korea", "Republic of Korea", "ROK"), ("Korean", "South Korean")),
    ("Saudi Arabia", ("Kingdom of Saudi Arabia", "KSA"), ("Saudi",)),
    ("United Arab Emirates", ("UAE", "U.A.E.", "the Emirates"), ("Emirati",)),
    ("Qatar", (), ("Qatari",)),
    ("Kuwait", (), ("Kuwaiti",)),
    ("Bahrain", (), ("Bahraini",)),
    ("Oman", (), ("Omani",)),
    ("India", ("Republic of India",), ("Indian",)),
    ("China", ("People's Republic of China", "PRC"), ("Chinese",)),
    ("Taiwan", (), ("Taiwanese",)),
    ("Germany", ("Federal Republic of Germany",), ("German",)),
    ("France", (), ("French",)),
    ("Italy", (), ("Italian",)),
    ("Spain", (), ("Spanish",)),
    ("Netherlands", ("the Netherlands", "Holland"), ("Dutch",)),
    ("Belgium", (), ("Belgian",)),
    ("Switzerland", (), ("Swiss",)),
    ("Sweden", (), ("Swedish",)),
    ("Norway", (), ("Norwegian",)),
    ("Denmark", (), ("Danish",)),
    ("Finland", (), ("Finnish",)),
    ("Poland", (), ("Polish",)),
    ("Austria", (), ("Austrian",)),
    ("Ireland", (), ("Irish",)),
    ("Canada", (), ("Canadian",)),
    ("Mexico", (), ("Mexican",)),
    ("Brazil", (), ("Brazilian",)),
    ("Argentina", (), ("Argentine", "Argentinian")),
    ("Chile", (), ("Chilean",)),
    ("Australia", (), ("Australian",)),
    ("New Zealand", (), ("New Zealand",)),
    ("Indonesia", (), ("Indonesian",)),
    ("Malaysia", (), ("Malaysian",)),
    ("Singapore", (), ("Singaporean",)),
    ("Thailand", (), ("Thai",)),
    ("Vietnam", ("Viet Nam",), ("Vietnamese",)),
    ("Philippines", ("the Philippines",), ("Philippine", "Filipino")),
    ("Pakistan", (), ("Pakistani",)),
    ("Bangladesh", (), ("Bangladeshi",)),
    ("Turkey", ("Türkiye", "Turkiye"), ("Turkish",)),
    ("Israel", (), ("Israeli",)),
    ("Egypt", (), ("Egyptian",)),
    ("South Africa", (), ("South African",)),
    ("Nigeria", (), ("Nigerian",)),
    ("Kenya", (), ("Kenyan",)),
    ("Morocco", (), ("Moroccan",)),
    ("Ukraine", (), ("Ukrainian",)),
    ("Russia", ("Russian Federation",), ("Russian",)),
    ("Kazakhstan", (), ("Kazakh",)),
    ("Uzbekistan", (), ("Uzbek",)),
    *(
        (
            name,
            tuple(a for a in aliases.split(",") if a),
            tuple(d for d in demonyms.split(",") if d),
        )
        for name, aliases, demonyms in (
            line.split("|") for line in _MORE_COUNTRIES.strip().splitlines()
        )
    ),
)

# A country named by its form of state alone ("the Kingdom will buy ...", "the Sultanate"):
# which countries have that form. "Republic" is every other country.
STATE_FORMS: dict[str, frozenset[str]] = {
    "kingdom": frozenset(
        str.split(
            "Saudi Arabia|Bahrain|Jordan|Morocco|Thailand|Spain|Netherlands|Belgium|Sweden|"
            "Norway|Denmark|Cambodia|United Kingdom|Bhutan|Tonga|Lesotho",
            "|",
        )
    ),
    "sultanate": frozenset({"Oman", "Brunei"}),
    "emirate": frozenset({"Qatar", "Kuwait"}),
    "federation": frozenset({"Russia", "Malaysia"}),
}

# Capitals that stand for their government as the subject of a pledge ("Seoul would provide").
CAPITALS = {
    "Washington": "United States",
    "Tokyo": "Japan",
    "Seoul": "South Korea",
    "Beijing": "China",
    "New Delhi": "India",
    "Riyadh": "Saudi Arabia",
    "Doha": "Qatar",
    "London": "United Kingdom",
    "Paris": "France",
    "Berlin": "Germany",
    "Rome": "Italy",
    "Madrid": "Spain",
    "Ottawa": "Canada",
    "Canberra": "Australia",
    "Brussels": "European Union",
    "Jakarta": "Indonesia",
    "Hanoi": "Vietnam",
    "Manila": "Philippines",
    "Warsaw": "Poland",
    "Prague": "Czech Republic",
    "Astana": "Kazakhstan",
    "Ankara": "Turkey",
    "Brasília": "Brazil",
    "Brasilia": "Brazil",
    "Mexico City": "Mexico",
    "Oslo": "Norway",
    "Stockholm": "Sweden",
    "Muscat": "Oman",
    "Kuwait City": "Kuwait",
    "Manama": "Bahrain",
    "Taipei": "Taiwan",
    "Kyiv": "Ukraine",
}

# Trailing words that do not change which company a name means.
LEGAL_SUFFIXES = (
    "corporation",
    "corp",
    "incorporated",
    "inc",
    "company",
    "co",
    "limited",
    "ltd",
    "plc",
    "llc",
    "lp",
    "gmbh",
    "ag",
    "sa",
    "se",
    "nv",
    "bv",
    "kk",
    "spa",
    "ab",
    "asa",
    "oyj",
    "pte",
    "pty",
    "holdings",
    "srl",
    "sas",
    "oy",
    "tbk",
    "jsc",
    "pjsc",
    "llp",
    "kg",
    "bhd",
    "sdn bhd",
)

# Words that mark a group of unnamed companies: "Japanese companies", "Korean firms".
GROUP_NOUNS = (
    "companies",
    "firms",
    "businesses",
    "investors",
    "corporations",
    "enterprises",
    "industry",
    "manufacturers",
    "conglomerates",
    "banks",
    "lenders",
    "agribusinesses",
    "exporters",
    "importers",
    "producers",
    "automakers",
    "carmakers",
    "chipmakers",
    "airlines",
    "utilities",
    "funds",
    "groups",
    "operators",
    "developers",
    "makers",
    "providers",
    "suppliers",
    "insurers",
    "institutions",
    "shipbuilders",
    "steelmakers",
    "miners",
    "refiners",
    "contractors",
    "builders",
    "carriers",
    "buyers",
    "traders",
    "shipowners",
    "start-ups",
    "startups",
    "SMEs",
)

# Sector keywords, lower case, with weights: a specific product outweighs a generic word.
# Labels and alternative labels of sectors.ttl are added at run time with weight 3.
SECTOR_KEYWORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "energy": (
        ("energy infrastructure", 2),
        ("base-load power", 2),
        ("baseload power", 2),
        ("power plant", 1),
        ("power infrastructure", 1),
        ("energy", 1),
        ("electricity", 1),
        ("oil", 1),
        ("crude", 1),
        ("refiner", 1),
        ("renewable", 1),
        ("solar", 2),
        ("wind farm", 2),
        ("hydrogen", 2),
        ("power generation", 1),
    ),
    "nuclear-power": (("nuclear", 3), ("reactor", 3), ("smr", 3), ("ap1000", 3)),
    "power-transmission": (
        ("transmission system", 2),
        ("transmission line", 2),
        ("substation", 1),
        ("grid", 1),
        ("interconnector", 2),
        ("high-voltage", 1),
    ),
    "natural-gas-transmission": (
        ("natural gas", 3),
        ("lng", 3),
        ("liquefied natural gas", 3),
        ("gas pipeline", 3),
        ("pipeline", 2),
        ("gas transmission", 3),
    ),
    "power-generation-equipment": (("turbine", 2), ("generator", 2), ("power equipment", 2)),
    "transformers": (("transformer", 3),),
    "switchgear": (("switchgear", 3), ("circuit breaker", 3), ("switchboard", 3)),
    "cooling-equipment": (
        ("cooling", 3),
        ("chiller", 3),
        ("air handling", 2),
        ("air-conditioning", 3),
        ("air conditioning", 3),
        ("hvac", 3),
        ("refrigeration", 3),
    ),
    "electronic-components": (
        ("electronic component", 3),
        ("capacitor", 3),
        ("inductor", 3),
        ("semiconductor", 3),
        ("chip", 2),
        ("power module", 1),
        ("electronic", 1),
        ("resistor", 3),
    ),
    "fiber-optic-cable": (
        ("optical fiber", 3),
        ("optical fibre", 3),
        ("fiber optic", 3),
        ("fibre optic", 3),
        ("fiber-optic", 3),
        ("fibre-optic", 3),
        ("subsea cable", 2),
    ),
    "batteries": (
        ("batter", 3),
        ("energy storage", 3),
        ("lithium", 3),
        ("cathode", 3),
        ("anode", 3),
    ),
    "materials": (
        ("steel", 2),
        ("aluminium", 2),
        ("aluminum", 2),
        ("critical mineral", 2),
        ("chemical", 2),
        ("mining", 2),
        ("petrochemical", 2),
        ("minerals", 1),
    ),
    "fertilizer": (
        ("fertilizer", 3),
        ("fertiliser", 3),
        ("ammonia", 3),
        ("urea", 3),
        ("potash", 3),
    ),
    "copper-smelting": (("copper", 3), ("smelt", 2)),
    "abrasives": (("abrasive", 3), ("diamond grit", 3), ("grinding", 2)),
    "transport": (
        ("aircraft", 2),
        ("aviation", 2),
        ("airline", 2),
        ("rail", 2),
        ("airport", 2),
        ("logistics", 1),
        ("boeing", 2),
        ("aerospace", 2),
    ),
    "ports": (("port_", 2), ("harbo", 3), ("waterway", 3), ("terminal", 1)),
    "automobiles": (
        ("vehicle", 2),
        ("automobile", 3),
        ("automaker", 3),
        ("car ", 2),
        ("cars", 2),
        ("auto ", 2),
        ("motor", 1),
    ),
    "shipbuilding": (("shipbuilding", 3), ("shipyard", 3), ("ships", 2), ("vessel", 2)),
    "digital": (
        ("digital", 2),
        ("technology", 1),
        ("artificial intelligence", 2),
        ("ai ", 2),
        ("telecom", 2),
        ("5g", 2),
    ),
    "software": (("software", 3), ("app store", 2), ("cloud", 1)),
    "data-processing": (
        ("data center", 3),
        ("data centre", 3),
        ("computing", 2),
        ("ai infrastructure", 3),
        ("hyperscale", 3),
        ("gpu", 2),
    ),
    "trade": (
        ("export", 1),
        ("import", 1),
        ("tariff", 2),
        ("market access", 2),
        ("purchase", 1),
        ("procure", 1),
        ("agricultural", 1),
        ("trade", 1),
    ),
}
