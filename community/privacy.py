"""The privacy guard: find_identifiers(text) -> list of findings (likely client-identifying data),
and identifiers_readers_see(text), which runs it on the text as readers will see it.

Professionals must not post data that identifies a client (AVG/GDPR). The guard is a set of
plain regular expressions with small checks on top, and a list of common first names
(community/first_names.py); it prefers missing an odd case over flagging ordinary professional
text, because a guard that cries wolf gets ignored. Every pattern runs in linear time.
"""

import datetime
import hashlib
import hmac
import json
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from community.first_names import FIRST_NAMES, NAMES_THAT_ARE_WORDS
from community.offload import off_loop
from community.reader_text import reader_text


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    text: str  # the exact matched substring of the input
    start: int  # text == input[start:end]
    end: int


# Also the order of preference when two findings of equal length overlap.
KINDS = ("bsn", "date_of_birth", "postcode", "address", "phone", "email", "case_number", "name")

KIND_LABELS = {
    "bsn": _l("Citizen service number (BSN)"),
    "date_of_birth": _l("Date (of birth)"),
    "postcode": _l("Postcode or address"),
    "address": _l("Street address"),
    "phone": _l("Phone number"),
    "email": _l("E-mail address"),
    "case_number": _l("Case or file number"),
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
        *_find_case_numbers(text),
        *_find_names(text),
    ]
    return _merge_overlapping(text, findings)


def _finding(text, kind, start, end):
    return Finding(kind=kind, text=text[start:end], start=start, end=end)


def _merge_overlapping(text, findings):
    """One finding per overlapping cluster: the union of the spans, named after the longest."""
    merged = []
    cluster = []
    cluster_end = 0  # kept as we go: a chain of overlapping names can be thousands long
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if cluster and finding.start >= cluster_end:
            merged.append(_merge_cluster(text, cluster, cluster_end))
            cluster = []
        if not cluster:
            cluster_end = finding.end
        cluster.append(finding)
        cluster_end = max(cluster_end, finding.end)
    if cluster:
        merged.append(_merge_cluster(text, cluster, cluster_end))
    return merged


def _merge_cluster(text, cluster, end):
    main = min(cluster, key=lambda f: (-(f.end - f.start), KINDS.index(f.kind)))
    return _finding(text, main.kind, cluster[0].start, end)


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
# Digits in groups of any size, split by single spaces or hyphens, that a reader reads as one
# number: "1 2 3 4 5 6 7 8 2", "12 34 56 782", "0 6 1 2 3 4 5 6 7 8". Only a whole run counts,
# so "groep 7 en 8" or a list of scores never gives up a nine-digit window. The lookbehinds
# start a run only at its first digit, which keeps long runs linear.
_DIGIT_RUN = re.compile(r"(?<![\w+])(?<!\d[ .,\-/])\d+(?:[ \-]\d+)+(?!\w|[.,:\-/]\d)")


def _digit_runs(text):
    """(match, digits) for each run of digit groups that is not a date, a time or an amount."""
    for match in _DIGIT_RUN.finditer(text):
        if _NUMERIC_DATE.match(match.group()):
            continue  # "06-12-2015 14:00" is a date and a time
        if _CURRENCY_BEFORE.search(text, max(0, match.start() - 8), match.start()):
            continue
        yield match, re.sub(r"\D", "", match.group())


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
    for match, digits in _digit_runs(text):
        if passes_eleven_proof(digits):
            yield _finding(text, "bsn", match.start(), match.end())


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
    # Kerkstraat 12, Kerkstraat nummer 12, Kerkstraat, op nummer 12, Kerkstraat nr. 12
    rf"(?:,?\s+(?:op\s+)?(?:huis)?(?:nummer|nr\.?)\s*|\s+)(?P<number>{_HOUSE_NUMBER})"
    # "Het Nationaal Park 2 weken dicht": a quantity, not a house number.
    r"(?!\s+(?:jaar|weken|week|dagen|dag|uur|keer|maanden|minuten|procent|kinderen)\b)"
)
# "huisnummer 12" always; "op nummer 7" only shortly after a word about living somewhere:
# "ze woont sinds kort op nummer 12".
_HOUSE_NUMBER_PHRASE = re.compile(
    r"(?<![\w\-])(?i:(?P<house>huisnummer|huisnr\b\.?)"
    r"|(?:op|naar|aan)\s+(?P<phrase>nummer|nr\b\.?))"
    rf"\s*:?\s*(?P<number>{_HOUSE_NUMBER})"
    # "op nummer 1 van de wachtlijst": a rank, not a house
    r"(?!\s+(?:jaar|weken|week|dagen|dag|uur|keer|maanden|minuten|procent|kinderen|van)\b)"
)
_LIVING_WORD = re.compile(
    r"\b(?:woon\w*|wonen\w*|woont|woonde|verhuis\w*|adres\w*|ingeschreven|huis|flat|woning)\b",
    re.IGNORECASE,
)
_LIVING_CONTEXT_CHARS = 40
# Words with a street suffix that are not streets, and -ering nouns (Aflevering 3).
_NOT_STREETS = frozenset(
    {"leerpad", "zorgpad", "loopbaan", "arbeidsmarkt", "woningmarkt", "gerechtshof"}
)


# A postcode typed in lower case (1234 ab) counts with a house number after it or an address
# word shortly before it; the letters must not be a short word ("tussen 2015 en 2016").
_LOWERCASE_POSTCODE = re.compile(
    rf"(?<![\w.,:/\-])[1-9]\d{{3}} ?(?P<letters>[a-z]{{2}})(?![\w])"
    rf"(?P<house>,? ?{_HOUSE_NUMBER})?"
    r"(?!\s*(?:uur|jaar|keer|kinderen|procent|%|euro)\b)"
)
# Two letters that are a word, an abbreviation or a unit; SA, SD and SS are not postcode letters.
_SHORT_WORDS = """
    sa sd ss aa ad af al am an as at be bh bv by ca cc cm da de di do dm du ed ee eh el en er
    et ex fb ga gb ge go gr ha he hm ho ie if ik in is it ja je jl jr ka kb kg km la le lo ma
    mb me mg ml mm mn my na nb ne nl no nr nu oa ob of oh ok om on op or os ou pa pc pm po pp
    ps re so st te ti tm to tv uk um up ur us uw vs wc we wo xl xs ze zo
    """
_NOT_POSTCODE_LETTERS = frozenset(_SHORT_WORDS.split())
_ADDRESS_WORD_BEFORE = re.compile(
    rf"(?:postcode|adres|woonplaats|woont|wonen|woonde|wonend|woonachtig|verhuisd|verhuist"
    rf"|ingeschreven|(?:{_SUFFIX_PATTERN})\s+{_HOUSE_NUMBER})(?:\W+(?:in|te|op|naar|is))?\W*$",
    re.IGNORECASE,
)
_ADDRESS_CONTEXT_CHARS = 25


def _find_postcodes(text):
    for match in _POSTCODE.finditer(text):
        yield _finding(text, "postcode", match.start(), match.end())
    for match in _LOWERCASE_POSTCODE.finditer(text):
        if match.group("letters") in _NOT_POSTCODE_LETTERS:
            continue
        window_start = max(0, match.start() - _ADDRESS_CONTEXT_CHARS)
        address_before = _ADDRESS_WORD_BEFORE.search(text, window_start, match.start())
        if match.group("house") or address_before:
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
    for match in _HOUSE_NUMBER_PHRASE.finditer(text):
        if match.group("house"):
            yield _finding(text, "address", match.start("house"), match.end())
            continue
        window_start = max(0, match.start() - _LIVING_CONTEXT_CHARS)
        if _LIVING_WORD.search(text, window_start, match.start()):
            yield _finding(text, "address", match.start("phrase"), match.end())


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


def _is_phone_number(digits):
    return (
        len(digits) == 10
        and digits.startswith("0")
        and not digits.startswith(("00", *_SERVICE_PREFIXES))
        and digits != "0123456789"  # counting, not calling
    )


def _find_phones(text):
    for match in _PHONE.finditer(text):
        digits = _phone_digits(match.group())
        if len(digits) != 10 or digits.startswith(_SERVICE_PREFIXES):
            continue
        if _NUMERIC_DATE.match(match.group()):
            continue  # "06-12-2015 14:00" is a date and a time, not a phone number
        yield _finding(text, "phone", match.start(), match.end())
    # "0 6 1 2 3 4 5 6 7 8": every digit on its own, which the pattern above does not read.
    for match, digits in _digit_runs(text):
        if _is_phone_number(digits):
            yield _finding(text, "phone", match.start(), match.end())


# The lookbehind makes the scan start only at the beginning of a run of address characters,
# which keeps long runs without "@" linear.
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}\b")


# Addresses written so that machines miss them and readers do not: "naam (at) example.nl",
# "naam [at] example [dot] nl", "naam apenstaartje example punt nl", "naam @ example.nl".
_AT = (
    r"\s*(?:\(\s*(?:at|@)\s*\)|\[\s*(?:at|@)\s*\]|\{\s*(?:at|@)\s*\}|<\s*at\s*>)\s*"
    r"|\s+(?P<word_at>at)\s+|\s+(?:apenstaartje|@)\s+|\s+@|@\s+|@"
)
_DOT = (
    r"\s*(?:\(\s*(?:dot|punt)\s*\)|\[\s*(?:dot|punt)\s*\]|\{\s*(?:dot|punt)\s*\})\s*"
    r"|\s+(?:dot|punt)\s+|\."
)
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+\-])[\w.+\-]+(?P<at>(?i:{_AT}))(?P<domain>[\w\-]+(?:(?i:{_DOT})[\w\-]+)+)(?![\w\-])"
)
_DOT_SPLIT = re.compile(rf"(?i:{_DOT})")
# Written-out addresses are only taken seriously with a domain ending people actually use.
_TOP_LEVEL_DOMAINS = frozenset(
    {"nl", "be", "com", "org", "net", "eu", "info", "nu", "de", "fr", "uk", "io", "me", "email"}
)


def _find_emails(text):
    for match in _EMAIL.finditer(text):
        yield _finding(text, "email", match.start(), match.end())
    for match in _OBFUSCATED_EMAIL.finditer(text):
        domain = match.group("domain")
        labels = _DOT_SPLIT.split(domain)
        if labels[-1].lower() not in _TOP_LEVEL_DOMAINS:
            continue
        written_out_dot = any(separator != "." for separator in _DOT_SPLIT.findall(domain))
        if match.group("word_at") and not written_out_dot:
            continue  # "look at example.com", "hij at ..." : English or the verb eten
        if match.group("at") == "@" and not written_out_dot:
            continue  # a plain address: _EMAIL has it
        yield _finding(text, "email", match.start(), match.end())


# --- Case and file numbers ------------------------------------------------------------------

# "dossiernummer 2023-04512", "zaak nr. 123456", "ons kenmerk VT-2024-1234", "cliëntnr: 88123".
# A number after "-nummer", "nr", "kenmerk" or "referentie" needs four digits; after a bare
# "dossier", "zaak", "casus" or "melding" it needs five, or a letter or separator in it, so
# that "de melding 112" and "het dossier 2023" stay ordinary text.
_CASE_NUMBER = re.compile(
    r"(?<![\w\-])(?i:"
    r"(?P<numbered>(?:dossier|zaak|cli[eë]nt|registratie|referentie|meldings?|casus|klant"
    r"|aanvraag)-?(?:nummer|nr\b\.?)"
    r"|(?:dossier|zaak|casus|melding)\s+(?:nummer|nr\b\.?|no\b\.?)"
    r"|kenmerk|referentie|ref\b\.?)"
    r"|(?P<bare>dossier|zaak|casus|melding))"
    r"[\s:#.]{0,3}(?:is\s+)?"
    r"(?P<number>(?:[A-Za-z]{1,6}[\-/.]?)?\d(?:[\-/.]?[A-Za-z0-9])*)"
    r"(?![\w\-/])"
)
# A year or a school year: "het dossier 2023", "zaak 2022-2023", "melding 2023/24".
_YEAR_OR_YEARS = re.compile(r"(?:19|20)\d\d(?:[\-/](?:19|20)?\d\d)?")


def _find_case_numbers(text):
    for match in _CASE_NUMBER.finditer(text):
        number = match.group("number")
        digits = sum(c.isdigit() for c in number)
        if digits < 4 or _YEAR_OR_YEARS.fullmatch(number):
            continue
        if match.group("bare") and digits < 5 and number.isdigit():
            continue
        yield _finding(text, "case_number", match.start("number"), match.end("number"))


# --- Names ----------------------------------------------------------------------------------

# Words after which a single surname is a name: "mevrouw Jansen", "het gezin Bakker".
_SURNAME_WORDS = frozenset(
    {"mevrouw", "meneer", "mijnheer", "mevr.", "mevr", "mw.", "dhr.", "dhr", "gezin", "familie"}
)
# Family, child and pupil words after which a single capitalised word is most likely a first
# name: "zoon Daan", "het jongetje Noah", "oma Fatima", "de leerling Sanne".
_FIRST_NAME_WORDS = frozenset(
    {
        # parents and relatives
        "moeder", "vader", "ouder", "stiefvader", "stiefmoeder", "stiefouder", "pleegmoeder",
        "pleegvader", "pleegouder", "oma", "opa", "tante", "oom", "grootmoeder", "grootvader",
        "schoonmoeder", "schoonvader", "echtgenoot", "echtgenote",
        # children in the family, and their diminutives
        "zoon", "zoontje", "dochter", "dochtertje", "kind", "kindje", "broer", "broertje",
        "zus", "zusje", "halfbroer", "halfbroertje", "halfzus", "halfzusje", "stiefbroer",
        "stiefbroertje", "stiefzus", "stiefzusje", "stiefzoon", "stiefdochter", "stiefkind",
        "pleegkind", "pleegzoon", "pleegdochter", "pleegbroer", "pleegzus", "kleinkind",
        "kleinzoon", "kleindochter", "neef", "neefje", "nicht", "nichtje", "tweeling",
        "tweelingbroer", "tweelingzus", "vriendje", "vriendinnetje",
        # children by age
        "baby", "zuigeling", "dreumes", "peuter", "kleuter", "meisje", "meid", "meidje",
        "jongen", "jongetje", "puber", "tiener",
        # children at school and in care
        "leerling", "scholier", "pupil", "jeugdige", "minderjarige", "jongere",
    }
)  # fmt: skip
# Roles after which a single capitalised word is as often an organisation or a programme
# ("cliënt Samen Verder", "partner Augeo") as a name: two names are needed, or an age.
_OTHER_PERSON_WORDS = frozenset(
    {
        "cliënt", "client", "cliënte", "cliente", "patiënt", "patiënte", "patient", "partner",
        "vriend", "vriendin", "ex", "buurman", "buurvrouw",
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
_LOWER_TV = r"(?:van de[rn]?|van ['’]t|van het|in ['’]t|van|de[rn]?|te[rn]?|el|al|bin)"
_CAPITALISED_WORD = rf"(?:IJ|[{_UPPER}])[{_LOWER}]+"
# Jansen, IJzerman, Anne-Marie, Bakker-de Vries (the part after the hyphen may take a particle).
_NAME_TOKEN = (
    rf"{_CAPITALISED_WORD}(?:-(?:(?:[vV]an|[dD]e[nr]?|[tT]e[nr]?)[ \-])*{_CAPITALISED_WORD})?"
)
_INITIALS = rf"(?:[{_UPPER}]\.){{1,4}}"
_NAME_SEQUENCE = (
    rf"(?:{_INITIALS}\s*)?(?:{_TV}\s+)?{_NAME_TOKEN}(?:\s+(?:{_TV}\s+)?{_NAME_TOKEN}){{0,3}}"
)
# Spaces within a line: a name does not go on across a line break ("Sanne\nJeugdarts").
_SP = r"[^\S\n]"

# "moeder Fatima Yilmaz", "cliënt: Jan de Vries", "mevr. J. de Vries", "de moeder (Fatima)".
_PERSON_THEN_NAME = re.compile(
    rf"(?<![\w\-])(?i:(?P<word>{_PERSON_PATTERN}))(?!\w)"
    rf"(?:\s*(?P<colon>:)\s*|\s*,\s*|\s*(?P<paren>\()\s*|\s+)(?P<name>{_NAME_SEQUENCE})(?![\w\-])"
)
# "de cliënt (Ahmed)", "het meisje (Sanne, 8)": the name is all there is in the parentheses.
_CLOSES_PARENTHESIS = re.compile(r"\s*[,)]")
# "cliënt jan de vries", "moeder fatima": a lower-case first name from the list, and a
# surname only when a tussenvoegsel shows where it is.
_PERSON_THEN_LOWERCASE_NAME = re.compile(
    rf"(?<![\w\-])(?i:(?P<word>{_PERSON_PATTERN}))(?!\w)"
    rf"(?:{_SP}*[:,(]{_SP}*|{_SP}+)(?P<first>[{_LOWER}]+)(?![\w\-])"
    rf"(?:{_SP}+(?P<surname>{_LOWER_TV}{_SP}+[{_LOWER}]+)(?![\w\-]))?"
)
# "Fatima Yilmaz (moeder)", "Jan de Vries, de vader", "Daan van den Berg, zoon van ...".
# Not the words that are adjectives as often as nouns: "Sanne, een jongere collega".
_ADJECTIVE_PERSON_WORDS = frozenset({"jongere", "jeugdige", "minderjarige"})
_PERSON_NOUN_PATTERN = "|".join(
    re.escape(w) for w in sorted(_PERSON_WORDS - _ADJECTIVE_PERSON_WORDS, key=len, reverse=True)
)
_PERSON_AFTER_NAME = (
    rf"(?:\s*,\s*(?:(?:de|het|een|haar|zijn|hun)\s+)?|\s*\(\s*)"
    rf"(?i:{_PERSON_NOUN_PATTERN})(?![\w\-])"
)
_NAME_THEN_PERSON = re.compile(
    rf"(?<![\w\-])(?P<name>{_NAME_TOKEN}(?:\s+(?:{_TV}\s+)?{_NAME_TOKEN}){{1,3}})"
    rf"{_PERSON_AFTER_NAME}"
)

# A word that may be a first name from the list (the list decides; it holds capitalised forms).
_WORD = re.compile(r"(?<![\w\-'’])[^\W\d_]+(?![\w\-'’])")
_FIRST_NAMES_LOWERCASE = frozenset(name.lower() for name in FIRST_NAMES) - NAMES_THAT_ARE_WORDS
# After a first name: a capitalised surname, maybe behind a tussenvoegsel ("Jan de Vries",
# "Fatima El Amrani", "Anne Marie van der Berg").
_SURNAME_AFTER_FIRST_NAME = re.compile(rf"(?:{_SP}+(?:{_TV}{_SP}+)?{_NAME_TOKEN}){{1,3}}(?![\w\-])")
# After a first name: an age. "Mohammed (7)", "Daan (8 jr)", "Sanne (m, 8)", "Sanne, 8 jaar",
# "Lisa van 6", "Noah is 5 jaar", "Noah, 5,". Outside parentheses "N jaar" is an age only where
# the clause ends or a verb about the child follows, not in "Fleur, 10 jaar geleden" or
# "Sanne, 15 jaar werkzaam als ...".
_AGE_UNIT = r"(?:jaar|jr|j|maanden|maand|mnd|weken|wk)\b\.?"
_AGE_ENDS = (
    rf"(?:{_SP}+oud\b)?(?={_SP}*(?:[.,;:!?)\n]|$"
    r"|(?:en|zit|woont|heeft|had|is|was|zegt|komt|gaat|kwam)\b))"
)
_AGE_AFTER_NAME = re.compile(
    rf"{_SP}*\({_SP}*(?:[mvjMVJ]{_SP}*[,/]{_SP}*)?\d{{1,2}}(?:{_SP}*{_AGE_UNIT})?{_SP}*[,;/)]"
    rf"|{_SP}*,{_SP}*\d{{1,2}}(?:{_SP}*{_AGE_UNIT}{_AGE_ENDS}|{_SP}*[,;)])"
    rf"|{_SP}+(?:(?:is|wordt|werd|was){_SP}+)?(?:(?:nu|net|pas|bijna|inmiddels){_SP}+)?"
    rf"\d{{1,2}}{_SP}*(?:jaar|jr\b\.?){_AGE_ENDS}"
    rf"|{_SP}+van{_SP}+\d{{1,2}}(?:{_SP}*(?:jaar|jr\b\.?|maanden|mnd\b\.?))?"
    rf"(?![\w%]|[.,:/\-]\d|{_SP}*(?:tot|t/m|-|uur)\b)"  # "Emma van 3 tot 5 uur" is a time
)
_PERSON_AFTER_FIRST_NAME = re.compile(_PERSON_AFTER_NAME)
# A name at the end of a message is the author's own: "Groet, Sanne de Boer".
_SIGN_OFF_BEFORE = re.compile(
    r"(?:groet(?:en|jes)?|gr\.|mvg|m\.v\.g\.?|hgr)\s*[,:!\-]?\s*$", re.IGNORECASE
)
# Words that name someone: "het meisje heet Sanne", "een jongen genaamd Noah", "roepnaam: Mo".
# Only a name from the list counts: "het programma heet Kanjertraining" is not a person.
_NAMING_WORD_BEFORE = re.compile(
    r"(?:heet|heette|heten|genaamd|roepnaam|voornaam)(?:\s+is|\s*:)?\s+$", re.IGNORECASE
)
_NAMING_WORD_CHARS = 16
# Titles before a first name that make it a royal, a saint or a place: "Prinses Amalia",
# "Sint Maarten", "Koning Willem".
_TITLE_BEFORE = re.compile(
    r"(?:sint|st\.|prins|prinses|koning|koningin|keizer|paus|heilige)\s+$", re.IGNORECASE
)
# Words after a name that make it the name of a place or a thing: "Jeroen Bosch Ziekenhuis",
# "Jan Ligthart school", "Anne Frank Huis".
_INSTITUTION_WORDS = frozenset(
    {
        "ziekenhuis", "kinderziekenhuis", "school", "basisschool", "college", "lyceum",
        "gymnasium", "academie", "instituut", "stichting", "fonds", "huis", "centrum",
        "kliniek", "praktijk", "prijs", "methode", "foundation", "opvang", "kinderopvang",
        "arena", "zaal", "gebouw", "park", "plein", "straat", "laan", "court",
    }
)  # fmt: skip
_TITLE_BEFORE_CHARS = 12
_SIGN_OFF_CHARS = 30

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
        "vereniging", "onderwijs", "kinderopvang", "opvang", "oranje", "paulowna", "samen",
        "verder", "thuiszorg", "consultatiebureau", "kinderombudsman", "ombudsman",
        # countries, nationalities and languages that the suffix rules miss
        "nederland", "nederlands", "nederlandse", "turkse", "poolse", "duitse", "engelse",
        "franse", "spaanse", "turks", "pools", "engels", "frans", "duits", "spaans", "berbers",
        "tigrinya", "farsi", "dari", "arabisch", "nederlander", "nederlanders", "marokkaan",
        "marokkanen", "turk", "turken", "pool", "polen", "syriër", "syriërs", "eritreeër",
        "eritreeërs", "surinamer", "surinamers", "antilliaan", "antillianen", "afghaan",
        "afghanen", "somaliër", "somaliërs", "oekraïner", "oekraïners", "belg", "belgen",
        "duitser", "duitsers", "molukker", "molukkers", "europa", "afrika", "azië",
        # weekdays, months and holidays
        "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december", "kerst", "kerstmis", "pasen",
        "sinterklaas", "ramadan", "suikerfeest",
        # words that start a sentence, a heading or a greeting
        "ik", "hij", "zij", "ze", "wij", "we", "jullie", "u", "mijn", "zijn", "haar", "hun",
        "daarna", "toen", "gisteren", "vandaag", "morgen", "ook", "maar", "volgens", "als",
        "omdat", "dus", "dan", "nu", "na", "met", "voor", "door", "over", "onder", "tijdens",
        "sinds", "tot", "hallo", "hoi", "beste", "dank", "groet", "groeten", "vriendelijke",
        "en", "of", "in", "op", "aan", "bij", "uit", "jij", "je", "jou", "jouw", "hem", "mij",
        "ons", "onze", "uw", "wat", "wie", "hoe", "waar", "waarom", "wanneer", "welke", "welk",
        "let", "zie", "bel", "dit", "dat", "deze", "die", "er", "een", "geen", "niet", "wel",
        "graag", "ja", "nee", "vraag", "antwoord", "tip", "advies", "casus", "update", "lieve",
    }
) | {w.rstrip(".") for w in _PERSON_WORDS}  # fmt: skip
_NOT_NAME_SUFFIXES = (
    # organisations and terms: Jeugdbescherming, Jeugdzorg, Wijkteam, Veiligheid, ...
    "bescherming", "zorg", "wet", "team", "dienst", "telefoon", "code", "check", "kader",
    "centrum", "heid", "schap", "school", "college", "lyceum", "ziekenhuis", "opvang",
    "praktijk", "instituut", "academie", "kliniek", "hulp",
    # nationalities, regions and languages: Marokkaanse, Syrische, Eritrese, Somalisch,
    # Oekraïense, Noorse, Griekse, Duitse, Haagse, Zeeuwse, Zweedse, Amsterdamse. Not -lse
    # or -nse: Ilse, Else and Janse are names. Plurals: Afghanen, Libanezen, Irakezen.
    "aanse", "ische", "isch", "ese", "ense", "rse", "kse", "tse", "gse", "wse", "dse", "mse",
    "anen", "ezen",
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


def _until_first_non_name(tokens):
    """The tokens before the first one that is neither a name nor a tussenvoegsel."""
    for index, (token, _, _) in enumerate(tokens):
        if not _is_tussenvoegsel(token) and not _is_name_token(token):
            return tokens[:index]
    return tokens


def _name_finding(text, tokens, minimum_names):
    while tokens and _is_tussenvoegsel(tokens[-1][0]):
        tokens = tokens[:-1]
    names = [t for t in tokens if not _is_tussenvoegsel(t[0])]
    if len(names) < minimum_names:
        return None
    return _finding(text, "name", tokens[0][1], tokens[-1][2])


def _find_names(text):
    yield from _names_after_person_words(text)
    yield from _lowercase_names_after_person_words(text)
    yield from _names_before_person_words(text)
    yield from _known_first_names(text)


def _names_after_person_words(text):
    for match in _PERSON_THEN_NAME.finditer(text):
        word = match.group("word").lower()
        # The name ends at the first word that is not a name: "moeder Fatima Veilig Thuis".
        tokens = _until_first_non_name(_tokens(text, match.start("name"), match.end("name")))
        if word not in _SURNAME_WORDS and tokens and tokens[0][0].lower() in ("van", "te"):
            # "zoon van Jan Jansen", "vader te Utrecht": a relation or a place, then the name.
            while tokens and _is_tussenvoegsel(tokens[0][0]):
                tokens = tokens[1:]
        if not tokens:
            continue
        after = tokens[-1][2]
        in_parentheses = match.group("paren") and _CLOSES_PARENTHESIS.match(text, after)
        # After a colon a capitalised word may be any label's value: "Kind: Angstig en stil".
        label_value = match.group("colon") and tokens[0][0] not in FIRST_NAMES
        single_name_will_do = (
            word in _SURNAME_WORDS
            or (word in _FIRST_NAME_WORDS and not label_value)
            or _is_tussenvoegsel(tokens[0][0])  # "moeder de Vries"
            or bool(in_parentheses)  # "de cliënt (Ahmed)"
            or bool(_AGE_AFTER_NAME.match(text, after))  # "cliënt Ahmed (7)"
        )
        finding = _name_finding(text, tokens, 1 if single_name_will_do else 2)
        if finding:
            yield finding


def _lowercase_names_after_person_words(text):
    for match in _PERSON_THEN_LOWERCASE_NAME.finditer(text):
        if match.group("first") not in _FIRST_NAMES_LOWERCASE:
            continue
        word = match.group("word").lower()
        end = match.end("surname") if match.group("surname") else match.end("first")
        if match.group("surname") or word in _FIRST_NAME_WORDS or word in _SURNAME_WORDS:
            yield _finding(text, "name", match.start("first"), end)


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


_NEXT_WORD = re.compile(rf"{_SP}+([^\W\d_]+)")


def _next_word(text, position):
    match = _NEXT_WORD.match(text, position)
    return match.group(1) if match else ""


def _known_first_names(text):
    """A first name from the list with a surname, an age or a role after it, or a naming word
    before it."""
    found_until = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        if start < found_until or match.group() not in FIRST_NAMES:
            continue  # not a name, or inside the one just found ("Jan Willem de Vries")
        if _TITLE_BEFORE.search(text, max(0, start - _TITLE_BEFORE_CHARS), start):
            continue
        if (
            _AGE_AFTER_NAME.match(text, end)
            or _PERSON_AFTER_FIRST_NAME.match(text, end)
            or _NAMING_WORD_BEFORE.search(text, max(0, start - _NAMING_WORD_CHARS), start)
        ):
            yield _finding(text, "name", start, end)  # "Sanne (8)", "Fatima (moeder)"
            continue
        surname = _SURNAME_AFTER_FIRST_NAME.match(text, end)
        if not surname:
            continue
        if _SIGN_OFF_BEFORE.search(text, max(0, start - _SIGN_OFF_CHARS), start):
            continue  # the author signing off
        # "Sanne Veilig Thuis" has no surname, "Emma Kinderziekenhuis" names a hospital.
        following = _tokens(text, end, surname.end())
        tokens = _until_first_non_name(following)
        rest = following[len(tokens) :]
        next_word = rest[0][0] if rest else _next_word(text, surname.end())
        if next_word.lower() in _INSTITUTION_WORDS:
            continue  # "Jan Ligthart school", "Jeroen Bosch Ziekenhuis"
        finding = _name_finding(text, [(match.group(), start, end), *tokens], 2)
        if finding:
            found_until = finding.end
            yield finding


# --- What readers see, and the author's confirmation -----------------------------------------


def identifiers_readers_see(text, *, markdown=False):
    """find_identifiers on the text as other people will read it (see community.reader_text),
    with each finding's span in `text` itself, so the form can mark it where it was typed.
    Runs beside the event loop (community/offload.py): a long post takes tens of milliseconds."""
    if not text:
        return []
    return off_loop(_identifiers_readers_see, text, markdown)


def _identifiers_readers_see(text, markdown):
    shown = reader_text(text, markdown=markdown)
    findings = []
    for finding in find_identifiers(shown.text):
        span = shown.source_span(finding.start, finding.end)
        if span is None:
            continue
        start, end = span
        if findings and start < findings[-1].end:
            start = findings[-1].end  # two findings traced into one piece of markup
        if start < end:
            findings.append(Finding(finding.kind, text[start:end], start, end))
    return findings


def confirmation_digest(user_id, findings):
    """A signature of exactly these findings for this user. The form carries it when the author
    was shown the findings; ticking "I have checked" counts only when it still matches, so the
    box cannot be sent without a warning, or be reused for something new typed since."""
    shown = json.dumps([user_id, sorted((f.kind, f.text) for f in findings)], ensure_ascii=False)
    key = current_app.secret_key.encode() + b"|privacy-confirmation"
    return hmac.new(key, shown.encode(), hashlib.sha256).hexdigest()


def confirmation_matches(user_id, findings, digest):
    # compare_digest raises TypeError for non-ASCII text, which a client can send.
    return (
        isinstance(digest, str)
        and digest.isascii()
        and hmac.compare_digest(confirmation_digest(user_id, findings), digest)
    )


def privacy_excerpts(text, findings, context=30):
    """[(label, excerpt with the finding marked)] so the author sees what and where."""
    excerpts = []
    for finding in findings:
        start = max(0, finding.start - context)
        end = min(len(text), finding.end + context)
        excerpt = Markup("{}{}<mark>{}</mark>{}{}").format(
            "…" if start > 0 else "",
            text[start : finding.start],
            finding.text,
            text[finding.end : end],
            "…" if end < len(text) else "",
        )
        excerpts.append((KIND_LABELS.get(finding.kind, finding.kind), excerpt))
    return excerpts
