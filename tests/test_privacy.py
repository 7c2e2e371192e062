"""The privacy guard: client-identifying data is found, ordinary professional text is left alone."""

import pytest

from community.privacy import KIND_LABELS, KINDS, Finding, find_identifiers, passes_eleven_proof

# Each of these passes the 11-proof; the first tests below check that.
VALID_BSNS = ["111222333", "123456782", "100000009", "353454709", "196744404", "012345672"]
VALID_EIGHT_DIGIT_BSNS = ["47580641", "21991844"]  # valid once a leading zero is added
INVALID_BSNS = ["123456789", "987654321", "246813579", "193847562", "555444331"]

POSITIVES = [
    # BSN: plain, dotted 4-2-3, spaced 3-3-3, and 8 digits after the word BSN
    ("Het BSN van de cliënt is 111222333.", "bsn", "111222333"),
    ("bsn 123456782", "bsn", "123456782"),
    ("Zie dossier 100000009 voor de melding.", "bsn", "100000009"),
    ("Nummer: 1234.56.782", "bsn", "1234.56.782"),
    ("burgerservicenummer 123 456 782", "bsn", "123 456 782"),
    ("nummer 353.454.709 staat op de brief", "bsn", "353.454.709"),
    ("BSN: 47580641", "bsn", "47580641"),
    ("het burgerservicenummer is 21991844", "bsn", "21991844"),
    # numeric dates are always findings
    ("Daan is op 12-03-2015 bij ons gekomen.", "date_of_birth", "12-03-2015"),
    ("datum 12/3/2015", "date_of_birth", "12/3/2015"),
    ("Melding ontvangen 12.03.2015, daarna overleg.", "date_of_birth", "12.03.2015"),
    ("geboortedatum 2015-03-12", "date_of_birth", "2015-03-12"),
    ("geb. 3-5-16", "date_of_birth", "3-5-16"),
    # written dates after a birth word
    ("Sara is geboren op 3 mei 2016 in Utrecht.", "date_of_birth", "3 mei 2016"),
    ("het meisje (geb. 12 maart 2015) zit in groep 4", "date_of_birth", "12 maart 2015"),
    ("geboortedatum: 7 okt 2012", "date_of_birth", "7 okt 2012"),
    ("geb. 12 mrt. 2015", "date_of_birth", "12 mrt. 2015"),
    ("Hij is geboren op 3 mei en woont bij oma.", "date_of_birth", "3 mei"),
    ("Ze is jarig op 20 november.", "date_of_birth", "20 november"),
    ("Zijn verjaardag is 14 februari.", "date_of_birth", "14 februari"),
    ("DOB 1 januari 2010", "date_of_birth", "1 januari 2010"),
    ("The child was born on 4 July 2018.", "date_of_birth", "4 July 2018"),
    ("geboren in mei 2015", "date_of_birth", "mei 2015"),
    # postcodes, with and without a house number
    ("Het gezin woont in 1234 AB Utrecht.", "postcode", "1234 AB"),
    ("postcode 3511AB", "postcode", "3511AB"),
    ("adres: 1234 AB 12", "postcode", "1234 AB 12"),
    ("1234AB, 12a", "postcode", "1234AB, 12a"),
    ("Zij verhuisde naar 9712 CP.", "postcode", "9712 CP"),
    # street addresses
    ("Het gezin woont aan de Kerkstraat 12 in Zwolle.", "address", "Kerkstraat 12"),
    ("Van Goghlaan 3a", "address", "Van Goghlaan 3a"),
    ("Oude Gracht 101-2, tweede etage", "address", "Oude Gracht 101-2"),
    ("Burgemeester de Withstraat 5", "address", "Burgemeester de Withstraat 5"),
    ("Ze wonen op de Hoofdweg 230.", "address", "Hoofdweg 230"),
    ("adres Stationsplein 1", "address", "Stationsplein 1"),
    ("Molendijk 8b", "address", "Molendijk 8b"),
    # phone numbers
    ("Bel de moeder op 06-12345678.", "phone", "06-12345678"),
    ("mobiel 06 1234 5678", "phone", "06 1234 5678"),
    ("0612345678", "phone", "0612345678"),
    ("tel. +31 6 12345678", "phone", "+31 6 12345678"),
    ("+31612345678", "phone", "+31612345678"),
    ("vader: 0031 6 1234 5678", "phone", "0031 6 1234 5678"),
    ("school 020-1234567", "phone", "020-1234567"),
    ("010 123 4567", "phone", "010 123 4567"),
    ("Huisarts (010) 123 45 67 weet ervan.", "phone", "(010) 123 45 67"),
    ("+31 (0)20 123 4567", "phone", "+31 (0)20 123 4567"),
    ("(06-12345678)", "phone", "06-12345678"),
    # e-mail addresses
    ("Mail naar naam@example.nl voor het verslag.", "email", "naam@example.nl"),
    ("j.de.vries@gemeente.nl", "email", "j.de.vries@gemeente.nl"),
    ("<fatima.yilmaz+school@mail.example.com>", "email", "fatima.yilmaz+school@mail.example.com"),
    # names next to person words
    ("Ik sprak moeder Fatima Yilmaz over de situatie.", "name", "Fatima Yilmaz"),
    ("cliënt Jan de Vries heeft een afspraak", "name", "Jan de Vries"),
    ("De zoon Daan van den Berg is 8 jaar.", "name", "Daan van den Berg"),
    ("client: Mohammed El Amrani", "name", "Mohammed El Amrani"),
    ("mevrouw Jansen belde terug", "name", "Jansen"),
    ("Mevr. Bakker", "name", "Bakker"),
    ("dhr. J. de Vries", "name", "J. de Vries"),
    ("Meneer Pietersen is de stiefvader.", "name", "Pietersen"),
    ("Het gezin Bakker woont hier sinds kort.", "name", "Bakker"),
    ("familie De Vries", "name", "De Vries"),
    ("de familie van Dijk", "name", "van Dijk"),
    ("stiefvader, Peter Smit", "name", "Peter Smit"),
    ("pleegmoeder Anna ter Horst", "name", "Anna ter Horst"),
    ("haar vriend Kevin Bos", "name", "Kevin Bos"),
    ("De moeder de Jong gaf aan dat ze hulp wil.", "name", "de Jong"),
    ("zoon Daan", "name", "Daan"),
    ("Fatima Yilmaz (moeder) was aanwezig.", "name", "Fatima Yilmaz"),
    ("Ik sprak Jan de Vries, de vader van Sara.", "name", "Jan de Vries"),
    ("Daan van den Berg, zoon van een collega", "name", "Daan van den Berg"),
    ("de zoon van Jan Jansen", "name", "Jan Jansen"),
    ("mevr. Bakker-de Vries belde", "name", "Bakker-de Vries"),
    ("Mevrouw Van der Meer-de Wit", "name", "Van der Meer-de Wit"),
    ("familie in 't Veld", "name", "in 't Veld"),
    ("het gezin IJzerman", "name", "IJzerman"),
    ("De moeder Sophie en haar zoon Finn", "name", "Finn"),
    ("cliënt Ilse Janssen", "name", "Ilse Janssen"),
]

NEGATIVES = [
    "Welke stappen zet ik bij stap 5 van de meldcode?",
    "In 2019 is het afwegingskader in de meldcode verplicht geworden.",
    "Bel Veilig Thuis op 0800-2000 (gratis, 24/7) of bij acuut gevaar 112.",
    "De Kindertelefoon is bereikbaar op 0800-0432.",
    "Volgens de Jeugdwet en de Wet verplichte meldcode huiselijk geweld en kindermishandeling "
    "moet je eerst signalen in kaart brengen.",
    "Artikel 7.3.8 van de Jeugdwet",
    "Zie art. 1:247 BW over het gezag.",
    "Wet 2013",
    "Dit is versie 2.1 van het protocol.",
    "De leerling zit in groep 7.",
    "een jongen van 9 jaar",
    "Het gezin heeft 3 kinderen van 2, 5 en 8.",
    "Ik werk 32 uur per week.",
    "Het spreekuur is tussen 9:00 en 17:00.",
    "De training is in week 47.",
    "De Week tegen Kindermishandeling begint op 20 november.",
    "Op 1 januari 2019 werd het afwegingskader verplicht.",
    "De moeder vertelde dat Veilig Thuis langs was geweest.",
    "Ik sprak de moeder. Daarna belde ik de huisarts.",
    "Het gaat om een moeder Marokkaanse achtergrond, vader Turkse achtergrond.",
    "We werken met het gezin Signs of Safety als methode.",
    "Moet de vader Jeugdbescherming inschakelen?",
    "Casus: meisje (7) met blauwe plekken op de bovenarmen; moeder zegt dat ze van de trap "
    "is gevallen.",
    "De kosten zijn € 1.250,00 per traject.",
    "Het bedrag was 123456789 euro.",
    "Het dossiernummer 987654321 is niet geldig.",
    "Bel 0800 2000 of 0800-20 00 of 08002000.",
    "Voor informatie: 0900-1234567 of 0800 1234567.",
    "Bel de gemeente op 14 020.",
    "De moeder heeft contact met de Kindertelefoon en De Kindertelefoon belde terug.",
    "De vader heeft contact met JGZ, GGD en het CJG.",
    "Het kind Centrum voor Jeugd en Gezin",
    "De ouder Raad voor de Kinderbescherming verzoek",
    "Het gezin Wijkteam en Sociaal Wijkteam zijn betrokken.",
    "De moeder Zorg- en Veiligheidshuis werd ingeschakeld.",
    "De vader Politie en Huisarts zijn op de hoogte.",
    "De moeder Nederlandse, de vader Syrische nationaliteit; oma Poolse.",
    "Ik zag het kind maandag en de moeder vrijdag.",
    "Het meisje Kindcheck toegepast volgens de Wmo.",
    "Mijn cliënt. Toen zei de huisarts dat het goed ging.",
    "De moeder, Nederland is haar geboorteland.",
    "Is de familie Eigen Kracht-conferentie een optie?",
    "Sinds 2019 werk ik als aandachtsfunctionaris in Nederland.",
    "Het Sociaal Wijkteam heeft in 2021 de zorg overgenomen.",
    "Zie hoofdstuk 4, paragraaf 4.2.1 en bijlage 3.",
    "Aflevering 3 van de podcast gaat over loverboys.",
    "Over de Arbeidsmarkt 2024 gesproken: er zijn te weinig jeugdartsen.",
    "Het Leerpad 2 van de cursus Kindcheck duurt 45 minuten.",
    "In module 3 lees je meer over de vijf stappen van de meldcode.",
    "Het risicotaxatie-instrument scoorde 12 van de 40 punten.",
    "Tussen 2015 en 2020 steeg het aantal meldingen met 20%.",
    "Ik heb 25 jaar ervaring en werk 4 dagen per week.",
    "Het webinar is op dinsdag 14 maart om 15.30 uur.",
    "Er waren 1.250.000 meldingen in 10 jaar.",
    "De vader sprak Engels en de moeder sprak Arabisch.",
    "De jongen appte via WhatsApp met zijn mentor.",
    "Het advies: overleg met een collega, raadpleeg Veilig Thuis en doe zo nodig een melding.",
    "De ex-partner heeft een contactverbod gekregen.",
    "De tante Week tegen Kindermishandeling",
    "Mevrouw, dank voor uw vraag over de meldcode.",
    "Een baby van 6 maanden met een botbreuk is altijd een signaal.",
    "Het gezin In Beeld project en het gezin Op Maat traject.",
    "Deze partner Stichting Kinderpostzegels steunt ons.",
    "De opa Zeeuwse, de oma Haagse; de vader Noorse en de moeder Griekse achtergrond.",
    "Het Nationaal Park is 2 weken dicht; Het Nationaal Park 2 weken dicht.",
    "Moeder En Kind Centrum",
    "Met vriendelijke groet, Anna, jeugdarts",
    "Hoe ga ik om met een vader die agressief is?",
    "Kan ik zonder toestemming van de ouders overleggen met de huisarts?",
    "Wij gebruiken de Kindcheck op de Spoedeisende Hulp van het ziekenhuis.",
    "Ik ben aandachtsfunctionaris bij Kinderopvang De Regenboog in Amersfoort.",
    "Onze school ligt in Amsterdam-Noord, postcodegebied 1030-1035.",
    "Het AMHK (nu Veilig Thuis) werd in 2015 opgericht.",
    "De voogd van Jeugdbescherming Regio Amsterdam belde.",
    "Mijn cliënt Ahmed heeft hulp nodig.",
    "Wij hebben 3 meldingen gedaan in Q3.",
    "de meldcode (2018) en de Kindcheck (2013)",
    "Bel 088-2000 of 0800 2000",
    "Ik ben 32, moeder van twee kinderen.",
    "De tiener vertelde op 16 februari 2023 dat ze thuis geslagen werd.",
    "Op 14-02 had ze een afspraak.",
]


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_bsns_used_in_these_tests_pass_the_eleven_proof(bsn):
    assert passes_eleven_proof(bsn)


@pytest.mark.parametrize("bsn", VALID_EIGHT_DIGIT_BSNS)
def test_eight_digit_test_bsns_pass_the_eleven_proof_with_a_leading_zero(bsn):
    assert passes_eleven_proof("0" + bsn)


@pytest.mark.parametrize("number", INVALID_BSNS)
def test_invalid_test_bsns_fail_the_eleven_proof(number):
    assert not passes_eleven_proof(number)


def test_all_zeros_is_not_a_bsn():
    assert not passes_eleven_proof("000000000")


@pytest.mark.parametrize(("text", "kind", "expected"), POSITIVES)
def test_identifier_is_found(text, kind, expected):
    findings = find_identifiers(text)
    assert (kind, expected) in [(f.kind, f.text) for f in findings], findings


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_professional_text_has_no_findings(text):
    assert find_identifiers(text) == []


def test_corpus_covers_every_kind():
    assert {kind for _, kind, _ in POSITIVES} == set(KINDS)
    assert len(POSITIVES) >= 40
    assert len(NEGATIVES) >= 40


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_valid_bsn_is_found(bsn):
    assert find_identifiers(f"BSN {bsn}") == [Finding("bsn", bsn, 4, 13)]


@pytest.mark.parametrize("number", INVALID_BSNS)
def test_number_failing_the_eleven_proof_is_not_a_bsn(number):
    assert not [f for f in find_identifiers(f"nummer {number} in het dossier") if f.kind == "bsn"]


def test_eight_digits_without_the_word_bsn_are_not_a_bsn():
    assert find_identifiers("dossier 47580641") == []


def test_valid_bsn_in_an_amount_is_not_a_bsn():
    assert find_identifiers("een bedrag van € 111.222.333") == []


def test_nine_digits_failing_the_eleven_proof_can_still_be_a_phone_number():
    findings = find_identifiers("bel +31 123456789")
    assert [(f.kind, f.text) for f in findings] == [("phone", "+31 123456789")]


def test_written_date_needs_a_birth_word_shortly_before():
    near = "Sara is geboren en op 3 mei 2016 kwam de melding binnen."
    assert [(f.kind, f.text) for f in find_identifiers(near)] == [("date_of_birth", "3 mei 2016")]
    far = (
        "Sara is geboren in het ziekenhuis in Utrecht; veel later, op 3 mei 2016, kwam de melding."
    )
    assert find_identifiers(far) == []


def test_impossible_numeric_dates_are_not_found():
    assert find_identifiers("code 31-02-2015 en 12-13-2015") == []


def test_postcode_letters_sa_sd_and_ss_are_skipped():
    assert find_identifiers("1234 SA, 1234 SD en 1234 SS") == []


def test_lowercase_letters_after_four_digits_are_not_a_postcode():
    assert find_identifiers("in 2015 en in 2016 ab nu") == []


@pytest.mark.parametrize("text", [text for text, _, _ in POSITIVES])
def test_findings_point_at_their_text_in_order_without_overlap(text):
    findings = find_identifiers(text)
    for finding in findings:
        assert finding.kind in KINDS
        assert text[finding.start : finding.end] == finding.text
    for earlier, later in zip(findings, findings[1:], strict=False):
        assert earlier.end <= later.start


def test_several_findings_in_one_text_are_sorted_and_do_not_overlap():
    text = (
        "Moeder Fatima Yilmaz, geboren op 3 mei 1990, woont op Kerkstraat 12, 1234 AB Utrecht. "
        "Bel 06-12345678 of mail fatima@example.nl. BSN zoon: 111222333."
    )
    findings = find_identifiers(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("name", "Fatima Yilmaz"),
        ("date_of_birth", "3 mei 1990"),
        ("address", "Kerkstraat 12"),
        ("postcode", "1234 AB"),
        ("phone", "06-12345678"),
        ("email", "fatima@example.nl"),
        ("bsn", "111222333"),
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    for earlier, later in zip(findings, findings[1:], strict=False):
        assert earlier.end <= later.start


def test_overlapping_findings_are_merged_into_one():
    # A phone number whose last nine digits also pass the 11-proof: one finding, the longest.
    text = "bel +31 111222333"
    assert find_identifiers(text) == [Finding("phone", "+31 111222333", 4, len(text))]


def test_a_date_with_a_time_is_not_a_phone_number():
    findings = find_identifiers("gesprek op 06-12-2015 14:00")
    assert [(f.kind, f.text) for f in findings] == [("date_of_birth", "06-12-2015")]


def test_empty_text_has_no_findings():
    assert find_identifiers("") == []


def test_every_kind_has_a_label():
    assert set(KIND_LABELS) == set(KINDS)


def test_phone_numbers_listed_one_after_another_are_each_found():
    findings = find_identifiers("bereikbaar op 06 12345678 06 87654321")
    assert [f.text for f in findings] == ["06 12345678", "06 87654321"]
