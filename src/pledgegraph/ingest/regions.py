"""Parties that are not countries: supranational bodies and sub-national governments.

A supranational body (the European Union) signs and pledges as itself; "European companies" are
a group of companies based in it. A sub-national government (a state, province, emirate, Land)
lies in a country; its name alone is also a place ("a plant in Texas"), so it is read as a party
only where the text makes it one: as the subject of a pledge, or written as "the State of
Texas", "the Government of Abu Dhabi", "Ontario's provincial government".
"""

from __future__ import annotations

# name, aliases, demonyms (lower-case matching is done by the reconciler)
SUPRANATIONAL: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "European Union",
        (
            "EU",
            "E.U.",
            "the Union",
            "European Commission",
            "the Commission",
            "EU Commission",
            "Council of the European Union",
            "European Union and its Member States",
            "EU and its Member States",
            "Team Europe",
            "Global Gateway",
        ),
        ("European", "EU", "E.U."),
    ),
    ("African Union", ("AU",), ()),
    ("Association of Southeast Asian Nations", ("ASEAN",), ()),
    ("Gulf Cooperation Council", ("GCC", "Cooperation Council for the Arab States"), ()),
    ("Mercosur", ("Mercosul", "Southern Common Market"), ()),
    ("European Free Trade Association", ("EFTA",), ()),
    ("Eurasian Economic Union", ("EAEU",), ()),
    ("Caribbean Community", ("CARICOM",), ()),
)

# country -> its states, provinces, emirates, Länder: the first level below the country.
_SUBNATIONAL = {
    "United States": """Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|
        Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|
        Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|
        New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|
        Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|
        Virginia|Washington State|West Virginia|Wisconsin|Wyoming|Puerto Rico""",
    "Canada": """Alberta|British Columbia|Manitoba|New Brunswick|Newfoundland and Labrador|
        Nova Scotia|Ontario|Prince Edward Island|Quebec|Saskatchewan|Yukon|Nunavut|
        Northwest Territories""",
    "Australia": """New South Wales|Victoria|Queensland|Western Australia|South Australia|
        Tasmania|Northern Territory|Australian Capital Territory""",
    "Germany": """Baden-Württemberg|Bavaria|Berlin|Brandenburg|Bremen|Hamburg|Hesse|
        Lower Saxony|Mecklenburg-Vorpommern|North Rhine-Westphalia|Rhineland-Palatinate|
        Saarland|Saxony|Saxony-Anhalt|Schleswig-Holstein|Thuringia""",
    "United Arab Emirates": """Abu Dhabi|Dubai|Sharjah|Ajman|Umm Al Quwain|Ras Al Khaimah|
        Fujairah""",
    "India": """Andhra Pradesh|Assam|Bihar|Gujarat|Haryana|Karnataka|Kerala|Madhya Pradesh|
        Maharashtra|Odisha|Punjab|Rajasthan|Tamil Nadu|Telangana|Uttar Pradesh|West Bengal|
        Jharkhand|Chhattisgarh|Uttarakhand|Goa""",
    "United Kingdom": "Scotland|Wales|Northern Ireland|England",
    "Spain": "Catalonia|Andalusia|Basque Country|Galicia|Valencia|Madrid",
    "Italy": "Lombardy|Piedmont|Veneto|Emilia-Romagna|Tuscany|Sicily|Lazio",
    "Belgium": "Flanders|Wallonia",
    "China": """Guangdong|Jiangsu|Zhejiang|Shandong|Sichuan|Fujian|Hubei|Henan|Hebei|Anhui|
        Hunan|Liaoning|Shaanxi|Yunnan|Guangxi|Inner Mongolia|Xinjiang|Hainan""",
    "Mexico": "Nuevo León|Jalisco|Coahuila|Chihuahua|Sonora|Guanajuato|Querétaro|Yucatán",
    "Brazil": "São Paulo|Minas Gerais|Rio Grande do Sul|Paraná|Bahia",
}
SUBNATIONAL: dict[str, str] = {
    name.strip(): country
    for country, names in _SUBNATIONAL.items()
    for name in names.split("|")
    if name.strip()
}
# How texts name a sub-national government: "the State of Texas", "the Emirate of Abu Dhabi",
# "the Province of Ontario", "the Free State of Bavaria", "the Government of Gujarat".
SUBNATIONAL_TITLES = (
    "State",
    "Free State",
    "Commonwealth",
    "Province",
    "Emirate",
    "Land",
    "Region",
    "Government",
    "Territory",
)
