"""How texts write currencies, scales and number words: the tables ``amounts`` reads with.

Nothing is converted: an amount keeps the currency it is stated in, as an ISO 4217 code.
"""

from __future__ import annotations

# ISO 4217 codes accepted as written codes and in a table's currency column.
ISO_CODES = frozenset(
    str.split(
        """USD EUR GBP JPY CNY KRW INR SAR AED QAR KWD BHD OMR CHF CAD AUD NZD SGD HKD TWD SEK NOK
    DKK PLN CZK HUF RON BGN TRY ILS BRL MXN ARS CLP COP PEN ZAR EGP NGN KES MAD IDR MYR THB VND
    PHP PKR BDT LKR RUB UAH KZT UZS"""
    )
)
# Codes that are not ISO but are written like one: "RMB 10 billion".
CODE_ALIASES = {"RMB": "CNY"}

SYMBOLS = {
    "US$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "HK$": "HKD",
    "S$": "SGD",
    "NZ$": "NZD",
    "NT$": "TWD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₩": "KRW",
    "₹": "INR",
    "₽": "RUB",
    "₺": "TRY",
    "₱": "PHP",
    "₪": "ILS",
    "₫": "VND",
    "Rs.": "INR",
    "Rs": "INR",
    "SR": "SAR",
    "QR": "QAR",
    "Dhs": "AED",
    "Dh": "AED",
    "RM": "MYR",
    "Rp": "IDR",
    "₸": "KZT",
}

# Currency words after the figure, lower case; the longest match wins ("Australian dollars"
# before "dollars"). A bare "dollars" is the U.S. dollar, a bare "riyals" the Saudi riyal.
_WORDS = {
    "USD": "us dollars|u.s. dollars|american dollars|dollars|dollar",
    "EUR": "euros|euro",
    "GBP": "pounds sterling|british pounds|pounds|pound|sterling",
    "JPY": "japanese yen|yen",
    "CNY": "chinese yuan|yuan|renminbi",
    "KRW": "korean won|won",
    "INR": "indian rupees|rupees|rupee",
    "SAR": "saudi riyals|saudi riyal|riyals|riyal",
    "QAR": "qatari riyals|qatari riyal",
    "OMR": "omani rials|omani rial",
    "KWD": "kuwaiti dinars|kuwaiti dinar",
    "BHD": "bahraini dinars|bahraini dinar",
    "KZT": "kazakh tenge|tenge",
    "UZS": "uzbek som|uzbek sums",
    "CZK": "czech korunas|czech koruna|czech crowns|koruna",
    "HUF": "hungarian forints|forints|forint",
    "VND": "vietnamese dong",
    "AED": "uae dirhams|emirati dirhams|dirhams|dirham",
    "AUD": "australian dollars",
    "CAD": "canadian dollars",
    "SGD": "singapore dollars|singaporean dollars",
    "HKD": "hong kong dollars",
    "NZD": "new zealand dollars",
    "TWD": "new taiwan dollars|taiwan dollars",
    "CHF": "swiss francs",
    "SEK": "swedish kronor|swedish krona",
    "NOK": "norwegian kroner|norwegian krone",
    "DKK": "danish kroner|danish krone",
    "PLN": "polish zloty|zlotys|zloty",
    "BRL": "brazilian reais|reais",
    "MXN": "mexican pesos",
    "ARS": "argentine pesos",
    "PHP": "philippine pesos",
    "ZAR": "south african rand|rand",
    "EGP": "egyptian pounds",
    "TRY": "turkish lira|lira",
    "ILS": "israeli shekels|shekels",
    "RUB": "russian roubles|russian rubles|roubles|rubles",
    "MYR": "ringgit",
    "IDR": "rupiah",
    "THB": "baht",
    "NGN": "naira",
    "KES": "kenyan shillings",
}
WORDS = {word: code for code, words in _WORDS.items() for word in words.split("|")}

SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "lakh crore": 10**12,
    "lakh crores": 10**12,
    "lakh": 10**5,
    "lakhs": 10**5,
    "million": 10**6,
    "millions": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "crore": 10**7,
    "crores": 10**7,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "bln": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "t": 10**12,
}
# Scales a number in words may take: "ten billion dollars", "half a billion euros".
WORD_SCALES = ("thousand", "lakh crore", "lakh", "million", "crore", "billion", "trillion")

ONES = {
    w: n
    for n, w in enumerate(
        str.split(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
TENS = {
    w: 10 * n
    for n, w in enumerate(str.split("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}

CAP_CUES = (
    "up to",
    "as much as",
    "a maximum of",
    "no more than",
    "not exceeding",
    "not more than",
    "capped at",
    "a ceiling of",
    "at most",
    "less than",
    "not to exceed",
    "limited to",
    "an upper limit of",
)
FLOOR_CUES = (
    "at least",
    "more than",
    "over",
    "well over",
    "in excess of",
    "upwards of",
    "upward of",
    "north of",
    "a minimum of",
    "at minimum",
    "at a minimum",
    "a floor of",
    "no less than",
    "not less than",
    "exceeding",
    "above",
)
# After the figure: "$10 billion or more" (and "$5bn-plus", "$5bn+"): floors; "or less": caps.
FLOOR_AFTER = ("or more", "and more", "or above", "and above", "or higher")
CAP_AFTER = ("or less", "at most", "or below")
