"""The privacy guard: find_identifiers(text) -> list of findings (likely client-identifying data).

Professionals must not post data that identifies a client (AVG/GDPR). The guard is a set of
plain regular expressions with small checks on top; it prefers missing an odd case over
flagging ordinary professional text, because a guard that cries wolf gets ignored.
"""

import datetime
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    text: str  # the exact matched substring of the input
    start: int  # text == input[start:end]
    end: int


# Also the order of preference when two findings of equal length overlap.
KINDS = ("bsn", "date_of_birth", "postcode", "address", "phone", "email", "name")

KIND_LABELS = {
    "bsn": _l("Citizen service number (BSN)"),
    "date_of_birth": _l("Date (of birth)"),
    "postcode": _l("Postcode or address"),
    "address": _l("Street address"),
    "phone": _l("Phone number"),
    "email": _l("E-mail address"),
    "name": _l("Name of a person"),
}


def find_identifiers(text: str) -> list[Finding]:
    """Findings sorted by start; overlapping findings merged/deduplicated so no two overlap."""
    if not text:
        return []
    findings = [
        *_find_bsns(text),
        *_find_dates(text),
        *_find_postcodes(text),
        *_find_addresses(text),
        *_find_phones(text),
        *_find_emails(text),
        *_find_names(text),
    ]
    return _merge_overlapping(text, findings)


def _finding(text, kind, start, end):
    return Finding(kind=kind, text=text[start:end], start=start, end=end)


def _merge_overlapping(text, findings):
    """One finding per overlapping cluster: the union of the spans, named after the longest."""
    merged = []
    cluster = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if cluster and finding.start >= max(f.end for f in cluster):
            merged.append(_merge_cluster(text, cluster))
            cluster = []
        cluster.append(finding)
    if cluster:
        merged.append(_merge_cluster(text, cluster))
    return merged


def _merge_cluster(text, cluster):
    main = min(cluster, key=lambda f: (-(f.end - f.start), KINDS.index(f.kind)))
    return _finding(text, main.kind, cluster[0].start, max(f.end for f in cluster))


# --- BSN ------------------------------------------------------------------------------------

# Nine digits, plain or grouped 4-2-3 / 3-3-3 with one consistent separator. Not part of a
# longer number, an amount (1.250.000) or a phone number (+31...).
_BSN = re.compile(
    r"(?<![\d+])(?<!\d[.,\-/])"
    r"(?:\d{9}|\d{4}(?P<sep1>[ .])\d{2}(?P=sep1)\d{3}|\d{3}(?P<sep2>[ .\-])\d{3}(?P=sep2)\d{3})"
    r"(?!\d|[.,\-/]\d)"
)
# Old BSNs (former sofinummers) are sometimes written with 8 digits, the leading zero dropped;
# only the word "BSN" in front makes such a number recognisable.
_BSN_EIGHT_DIGITS = re.compile(
    r"\b(?:bsn|burgerservicenummer)(?:-?nummer)?[\s:.]*(?:is\s+)?(?P<digits>\d{8})(?![\d])",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:€|eur|euro)\s*$", re.IGNORECASE)


def passes_eleven_proof(digits: str) -> bool:
    """The Dutch 11-proof for a 9-digit BSN: weights 9..2 and -1 for the last digit."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


def _find_bsns(text):
    for match in _BSN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        is_amount = _CURRENCY_BEFORE.search(text, max(0, match.start() - 8), match.start())
        if passes_eleven_proof(digits) and not is_amount:
            yield _finding(text, "bsn", match.start(), match.end())
    for match in _BSN_EIGHT_DIGITS.finditer(text):
        if passes_eleven_proof("0" + match.group("digits")):
            yield _finding(text, "bsn", match.start("digits"), match.end("digits"))


# --- Dates of birth -------------------------------------------------------------------------

# A full numeric date is identifying enough on its own, birth context or not: d-m-yyyy (also
# d-m-yy with - or /) and yyyy-mm-dd. Lookarounds keep out article numbers (7.3.8).
_NUMERIC_DATE = re.compile(
    r"(?<![\d.\-/:])(?:"
    r"(?P<day>\d{1,2})(?P<sep>[\-/.])(?P<month>\d{1,2})(?P=sep)"
    r"(?P<year>(?:19|20)\d\d|(?<=[\-/])\d\d)"
    r"|(?P<iso_year>(?:19|20)\d\d)-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})"
    r")(?![\d]|[.\-/]\d)"
)

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|january|february|march|may|june|july|august|october"
    "|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec"
)
_YEAR = r"(?:19|20)\d\d(?!\d)"
# Written dates (3 mei 2016, 12 mrt. 2015, geboren op 3 mei, geboren in mei 2015) are common in
# ordinary text ("op 1 januari 2019 werd ..."), so they count only after a birth word.
_WRITTEN_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})\b(?:\.?\s+{_YEAR})?|(?:{_MONTHS})\b\.?\s+{_YEAR})",
    re.IGNORECASE,
)
_BIRTH_WORD = re.compile(
    r"\b(?:geboren|geb\b\.?|geboorte\w*|jarig\w*|verjaardag\w*|dob\b|d\.o\.b\.|born)",
    re.IGNORECASE,
)
_BIRTH_CONTEXT_CHARS = 30


def _is_real_date(year, month, day):
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _find_dates(text):
    for match in _NUMERIC_DATE.finditer(text):
        if match.group("iso_year"):
            year, month, day = match.group("iso_year", "iso_month", "iso_day")
        else:
            year, month, day = match.group("year", "month", "day")
            if len(year) == 2:
                year = "20" + year
        if _is_real_date(int(year), int(month), int(day)):
            yield _finding(text, "date_of_birth", match.start(), match.end())
    for match in _WRITTEN_DATE.finditer(text):
        window_start = max(0, match.start() - _BIRTH_CONTEXT_CHARS)
        if _BIRTH_WORD.search(text, window_start, match.start()):
            yield _finding(text, "date_of_birth", match.start(), match.end())


# --- Postcodes and street addresses ---------------------------------------------------------

# 1234 AB, optionally with a house number (1234 AB 12, 1234AB, 12a). Uppercase letters only, so
# "in 2015 en" never matches; SA, SD and SS are not used in Dutch postcodes.
_HOUSE_NUMBER = r"\d{1,4}(?:-?[a-zA-Z](?![\w])|-\d{1,4})?(?!\d|[.,]\d|%)"
_POSTCODE = re.compile(
    rf"(?<![\w.,:/\-])[1-9]\d{{3}} ?(?!SA|SD|SS)[A-Z]{{2}}(?![\w])(?:,? ?{_HOUSE_NUMBER})?"
)

_STREET_SUFFIXES = (
    "straat", "laan", "weg", "plein", "singel", "gracht", "kade", "dreef", "hof", "dijk",
    "pad", "steeg", "park", "markt", "plantsoen", "erf", "baan", "ring",
)  # fmt: skip
_SUFFIX_PATTERN = "|".join(_STREET_SUFFIXES)
_CAPITALISED_SUFFIX_PATTERN = "|".join(s.capitalize() for s in _STREET_SUFFIXES)
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_PARTICLES = r"(?:[vV]an|[dD]e[nr]?|[hH]et|[tT]e[nr]?|'t|’t|[aA]an|[oO]p|[iI]n|[bB]ij)"
# Kerkstraat 12, Van Goghlaan 3a, Oude Gracht 101-2, Burgemeester de Withstraat 5.
_ADDRESS = re.compile(
    rf"(?<![\w'’\-])"
    rf"(?:[{_UPPER}][\w'’\-]*\s+(?:(?:[{_UPPER}][\w'’\-]*|{_PARTICLES})\s+){{0,2}})?"
    rf"(?P<street>[{_UPPER}][{_LOWER}'’\-]*(?:{_SUFFIX_PATTERN})|{_CAPITALISED_SUFFIX_PATTERN})"
    rf"\s+(?P<number>{_HOUSE_NUMBER})"
    # "Het Nationaal Park 2 weken dicht": a quantity, not a house number.
    r"(?!\s+(?:jaar|weken|week|dagen|dag|uur|keer|maanden|minuten|procent|kinderen)\b)"
)
# Words with a street suffix that are not streets, and -ering nouns (Aflevering 3).
_NOT_STREETS = frozenset(
    {"leerpad", "zorgpad", "loopbaan", "arbeidsmarkt", "woningmarkt", "gerechtshof"}
)


def _find_postcodes(text):
    for match in _POSTCODE.finditer(text):
        yield _finding(text, "postcode", match.start(), match.end())


def _find_addresses(text):
    for match in _ADDRESS.finditer(text):
        street = match.group("street").lower()
        number = re.match(r"\d+", match.group("number")).group()
        if street in _NOT_STREETS or street.endswith("ering"):
            continue
        if len(number) == 4 and number[:2] in ("19", "20"):
            continue  # a year: "Arbeidsmarkt 2024", "Afsluitdijk 1932"
        yield _finding(text, "address", match.start(), match.end())


# --- Phone numbers and e-mail ---------------------------------------------------------------

# A candidate is a run of digits with single separators after 0, +31, 0031 or (0xx); the check
# below wants exactly 10 digits once +31/0031 is written as 0. Shorter service numbers
# (0800-2000, 112, 14 020) never have 10 digits; 0800/090x numbers are dropped explicitly.
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[.\-])"
    r"(?:(?:\+|00)31[ \-.]?(?:\(0\)[ \-.]?)?|\(0\d{1,3}\)[ \-.]?|0)"
    r"\d(?:(?:[ \-./]|\s[\-/]\s)?\d){5,8}(?!\d)"
)
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def _phone_digits(number):
    number = number.replace("(0)", "")
    digits = re.sub(r"\D", "", number)
    if number.startswith("+31"):
        return "0" + digits[2:]
    if number.startswith("0031"):
        return "0" + digits[4:]
    return digits


def _find_phones(text):
    for match in _PHONE.finditer(text):
        digits = _phone_digits(match.group())
        if len(digits) != 10 or digits.startswith(_SERVICE_PREFIXES):
            continue
        if _NUMERIC_DATE.match(match.group()):
            continue  # "06-12-2015 14:00" is a date and a time, not a phone number
        yield _finding(text, "phone", match.start(), match.end())


# The lookbehind makes the scan start only at the beginning of a run of address characters,
# which keeps long runs without "@" linear.
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}\b")


def _find_emails(text):
    for match in _EMAIL.finditer(text):
        yield _finding(text, "email", match.start(), match.end())


# --- Names ----------------------------------------------------------------------------------

# Words after which a single surname is a name: "mevrouw Jansen", "het gezin Bakker".
_SURNAME_WORDS = frozenset(
    {"mevrouw", "meneer", "mijnheer", "mevr.", "mevr", "mw.", "dhr.", "dhr", "gezin", "familie"}
)
# Family words after which a single capitalised word is most likely a first name: "zoon Daan".
_FIRST_NAME_WORDS = frozenset(
    {
        "moeder", "vader", "zoon", "dochter", "broer", "broertje", "zus", "zusje", "meisje",
        "jongen", "pleegkind", "pleegzoon", "pleegdochter",
    }
)  # fmt: skip
_OTHER_PERSON_WORDS = frozenset(
    {
        "cliënt", "client", "cliënte", "cliente", "stiefvader", "stiefmoeder", "ouder", "kind",
        "baby", "oma", "opa", "tante", "oom", "pleegmoeder", "pleegvader", "partner", "vriend",
        "vriendin", "ex", "buurman", "buurvrouw", "leerling",
    }
)  # fmt: skip
_PERSON_WORDS = _SURNAME_WORDS | _FIRST_NAME_WORDS | _OTHER_PERSON_WORDS
# Longest first, so "zusje" is not read as "zus"; dots escaped for "mevr.".
_PERSON_PATTERN = "|".join(re.escape(w) for w in sorted(_PERSON_WORDS, key=len, reverse=True))

_TUSSENVOEGSELS = frozenset(
    {"van", "de", "der", "den", "het", "ten", "ter", "te", "'t", "’t", "in 't", "in ’t", "el",
     "al", "bin"}
)  # fmt: skip
_TV = (
    r"(?:[vV]an [dD]e[rn]?|[vV]an '?t|[vV]an [hH]et|[iI]n ['’]t|[vV]an|[dD]e[rn]?|[hH]et"
    r"|[tT]e[rn]?|['’]t|[eE]l|[aA]l|[bB]in)"
)
_CAPITALISED_WORD = rf"(?:IJ|[{_UPPER}])[{_LOWER}]+"
# Jansen, IJzerman, Anne-Marie, Bakker-de Vries (the part after the hyphen may take a particle).
_NAME_TOKEN = (
    rf"{_CAPITALISED_WORD}(?:-(?:(?:[vV]an|[dD]e[nr]?|[tT]e[nr]?)[ \-])*{_CAPITALISED_WORD})?"
)
_INITIALS = rf"(?:[{_UPPER}]\.){{1,4}}"
_NAME_SEQUENCE = (
    rf"(?:{_INITIALS}\s*)?(?:{_TV}\s+)?{_NAME_TOKEN}(?:\s+(?:{_TV}\s+)?{_NAME_TOKEN}){{0,3}}"
)

# "moeder Fatima Yilmaz", "cliënt: Jan de Vries", "mevr. J. de Vries", "familie van Dijk".
_PERSON_THEN_NAME = re.compile(
    rf"(?<![\w\-])(?i:(?P<word>{_PERSON_PATTERN}))(?!\w)"
    rf"(?:\s*[:,]\s*|\s+)(?P<name>{_NAME_SEQUENCE})(?![\w\-])"
)
# "Fatima Yilmaz (moeder)", "Jan de Vries, de vader", "Daan van den Berg, zoon van ...".
_NAME_THEN_PERSON = re.compile(
    rf"(?<![\w\-])(?P<name>{_NAME_TOKEN}(?:\s+(?:{_TV}\s+)?{_NAME_TOKEN}){{1,3}})"
    rf"(?:\s*,\s*(?:(?:de|het|een|haar|zijn|hun)\s+)?|\s*\(\s*)"
    rf"(?i:{_PERSON_PATTERN})(?!\w)"
)

# Capitalised words that are not names. Kept small on purpose; the suffix rules below catch
# most organisations, terms, nationalities and languages.
_NOT_NAMES = frozenset(
    {
        # organisations, laws and methods
        "veilig", "thuis", "kindertelefoon", "jgz", "ggd", "ggz", "jeugdwet", "wmo", "meldcode",
        "kindcheck", "raad", "kinderbescherming", "jeugdbescherming", "jeugdzorg", "wijkteam",
        "sociaal", "centrum", "jeugd", "gezin", "cjg", "zorg", "veiligheidshuis", "politie",
        "huisarts", "school", "gemeente", "ziekenhuis", "signs", "safety", "eigen", "kracht",
        "centraal", "week", "kindermishandeling", "sterk", "huis", "fier", "wet", "whatsapp",
        "facebook", "instagram", "snapchat", "tiktok", "teams", "zoom", "stichting",
        "vereniging",
        # countries, nationalities and languages that the suffix rules miss
        "nederland", "nederlands", "nederlandse", "turkse", "poolse", "duitse", "engelse",
        "franse", "spaanse", "turks", "pools", "engels", "frans", "duits", "spaans", "berbers",
        "tigrinya", "farsi", "dari", "arabisch",
        # weekdays, months and holidays
        "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december", "kerst", "kerstmis", "pasen",
        "sinterklaas", "ramadan", "suikerfeest",
        # words that start a sentence or a greeting
        "ik", "hij", "zij", "ze", "wij", "we", "jullie", "u", "mijn", "zijn", "haar", "hun",
        "daarna", "toen", "gisteren", "vandaag", "morgen", "ook", "maar", "volgens", "als",
        "omdat", "dus", "dan", "nu", "na", "met", "voor", "door", "over", "onder", "tijdens",
        "sinds", "tot", "hallo", "hoi", "beste", "dank", "groet", "groeten", "vriendelijke",
        "en", "of", "in", "op", "aan", "bij", "uit",
    }
) | {w.rstrip(".") for w in _PERSON_WORDS}  # fmt: skip
_NOT_NAME_SUFFIXES = (
    # organisations and terms: Jeugdbescherming, Jeugdzorg, Wijkteam, Veiligheid, ...
    "bescherming", "zorg", "wet", "team", "dienst", "telefoon", "code", "check", "kader",
    "centrum", "heid", "schap",
    # nationalities, regions and languages: Marokkaanse, Syrische, Eritrese, Somalisch,
    # Oekraïense, Noorse, Griekse, Duitse, Haagse, Zeeuwse, Zweedse, Amsterdamse. Not -lse
    # or -nse: Ilse, Else and Janse are names.
    "aanse", "ische", "isch", "ese", "ense", "rse", "kse", "tse", "gse", "wse", "dse", "mse",
)  # fmt: skip


def _is_name_token(token):
    word = token.lower()
    return word not in _NOT_NAMES and not word.endswith(_NOT_NAME_SUFFIXES)


# "in 't" is one tussenvoegsel; a lone "In" is just a word ("het gezin In Beeld").
_TOKEN = re.compile(r"[iI]n ['’]t|\S+")


def _tokens(text, start, end):
    """The whitespace-separated tokens of text[start:end] as (word, start, end)."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _is_tussenvoegsel(token):
    return token.lower() in _TUSSENVOEGSELS


def _name_finding(text, tokens, minimum_names):
    while tokens and _is_tussenvoegsel(tokens[-1][0]):
        tokens = tokens[:-1]
    names = [t for t in tokens if not _is_tussenvoegsel(t[0])]
    if len(names) < minimum_names:
        return None
    return _finding(text, "name", tokens[0][1], tokens[-1][2])


def _find_names(text):
    yield from _names_after_person_words(text)
    yield from _names_before_person_words(text)


def _names_after_person_words(text):
    for match in _PERSON_THEN_NAME.finditer(text):
        word = match.group("word").lower()
        tokens = _tokens(text, match.start("name"), match.end("name"))
        # The name ends at the first word that is not a name: "moeder Fatima Veilig Thuis".
        for index, (token, _, _) in enumerate(tokens):
            if not _is_tussenvoegsel(token) and not _is_name_token(token):
                tokens = tokens[:index]
                break
        if word not in _SURNAME_WORDS and tokens and tokens[0][0].lower() in ("van", "te"):
            # "zoon van Jan Jansen", "vader te Utrecht": a relation or a place, then the name.
            while tokens and _is_tussenvoegsel(tokens[0][0]):
                tokens = tokens[1:]
        single_name_will_do = (
            word in _SURNAME_WORDS
            or word in _FIRST_NAME_WORDS
            or bool(tokens and _is_tussenvoegsel(tokens[0][0]))  # "moeder de Vries"
        )
        finding = _name_finding(text, tokens, 1 if single_name_will_do else 2)
        if finding:
            yield finding


def _names_before_person_words(text):
    for match in _NAME_THEN_PERSON.finditer(text):
        tokens = _tokens(text, match.start("name"), match.end("name"))
        # The name starts after the last word that is not a name: "Volgens Jan de Vries, vader".
        for index in range(len(tokens) - 1, -1, -1):
            token = tokens[index][0]
            if not _is_tussenvoegsel(token) and not _is_name_token(token):
                tokens = tokens[index + 1 :]
                break
        while tokens and _is_tussenvoegsel(tokens[0][0]):
            tokens = tokens[1:]
        finding = _name_finding(text, tokens, 2)
        if finding:
            yield finding
