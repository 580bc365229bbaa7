"""Fixed word lists the reconciler and the extractor start from: countries with their aliases and
demonyms, legal suffixes (sector keywords are in ``sector_keywords``). Companies come from the
graph, not from here."""

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
