"""The privacy guard: client-identifying data is found, ordinary professional text is left alone."""

from pathlib import Path

import pytest

from community.events.models import Event, WeekEdition
from community.extensions import db
from community.forum.models import Category, Post
from community.privacy import KIND_LABELS, KINDS, Finding, find_identifiers, passes_eleven_proof
from community.webinars.models import LiveQuestion, Webinar
from tests.pathological_markdown import guard_inputs

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
    # case and file numbers
    ("Ons dossiernummer is 2023-04512.", "case_number", "2023-04512"),
    ("zaak nr. 123456", "case_number", "123456"),
    ("ons kenmerk VT-2024-1234", "case_number", "VT-2024-1234"),
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
    # Not a BSN; after "dossier" such a number is a file number, which is a finding of its own.
    findings = find_identifiers("dossier 47580641")
    assert [(f.kind, f.text) for f in findings] == [("case_number", "47580641")]


def test_a_dossier_number_failing_the_eleven_proof_is_a_case_number_not_a_bsn():
    findings = find_identifiers("Het dossiernummer 987654321 is niet geldig.")
    assert [(f.kind, f.text) for f in findings] == [("case_number", "987654321")]


def test_a_dossier_number_that_passes_the_eleven_proof_is_reported_as_a_bsn():
    # Same span, so one finding; BSN comes first in KINDS and is the more serious one.
    assert find_identifiers("dossier 100000009") == [Finding("bsn", "100000009", 8, 17)]


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


# --- Wider recall: whole classes the first version missed -----------------------------------
# Each class: several (text, kind, expected finding) examples, and near misses that must stay
# quiet. The near misses are what keeps each class from crying wolf.

RECALL = {
    "child and family words": [
        ("Het jongetje Daan heeft blauwe plekken.", "name", "Daan"),
        ("Het meisje Sanne zit in groep 4.", "name", "Sanne"),
        ("De puber Yara wil niet naar huis.", "name", "Yara"),
        ("de baby Noah huilt veel", "name", "Noah"),
        ("De peuter Mila komt elke dag zonder jas.", "name", "Mila"),
        ("de kleuter Finn", "name", "Finn"),
        ("De tiener Ilias vertelde het aan de mentor.", "name", "Ilias"),
        ("haar zoontje Sem", "name", "Sem"),
        ("het dochtertje Evi", "name", "Evi"),
        ("Oma zorgt voor haar kleinkind Lotte.", "name", "Lotte"),
        ("zijn stiefzoon Kevin", "name", "Kevin"),
        ("de stiefdochter Nina", "name", "Nina"),
        ("Het neefje Ayoub logeert daar vaak.", "name", "Ayoub"),
        ("het nichtje Zeynep", "name", "Zeynep"),
        ("de tweeling Emma en Julia", "name", "Emma"),
        ("haar broertje Luuk", "name", "Luuk"),
        ("tante Fatima haalt hem op", "name", "Fatima"),
        ("het kind Xandro", "name", "Xandro"),
        ("Zoon: Daan", "name", "Daan"),
        ("zoon: Xandro (7)", "name", "Xandro"),
    ],
    "school and care roles": [
        ("de leerling Bram", "name", "Bram"),
        ("De pupil Ahmed heeft een voogd.", "name", "Ahmed"),
        ("de jeugdige Rayan", "name", "Rayan"),
        ("De minderjarige Yonas kwam alleen naar Nederland.", "name", "Yonas"),
        ("de jongere Amira", "name", "Amira"),
        ("de scholier Thijs", "name", "Thijs"),
    ],
    "names in parentheses after a role word": [
        ("de moeder (Fatima) belde", "name", "Fatima"),
        ("het meisje (Sanne, 8)", "name", "Sanne"),
        ("De vader (Peter Smit) was boos.", "name", "Peter Smit"),
        ("de cliënt (Ahmed)", "name", "Ahmed"),
        ("de jongen ( Noah ) zat alleen", "name", "Noah"),
    ],
    "a first name with an age": [
        ("Mohammed (7) heeft blauwe plekken.", "name", "Mohammed"),
        ("Sanne, 8 jaar, zit in groep 5.", "name", "Sanne"),
        ("Daan (8 jr) is vaak moe.", "name", "Daan"),
        ("Lisa van 6 woont bij oma.", "name", "Lisa"),
        ("Noah is 5 jaar.", "name", "Noah"),
        ("Zeynep (m, 9) en haar broer", "name", "Zeynep"),
        ("Ik maak me zorgen om Bilal, 14, die vaak spijbelt.", "name", "Bilal"),
        ("Yonas is inmiddels 15 jaar.", "name", "Yonas"),
        ("cliënt Ahmed (7)", "name", "Ahmed"),
        ("Emma is 8 jaar oud.", "name", "Emma"),
        ("Noah is 5 jaar en zit in groep 2.", "name", "Noah"),
    ],
    "a first name with a role word after it": [
        ("Fatima (moeder) was er ook.", "name", "Fatima"),
        ("Ik sprak Kevin, de stiefvader, over de regels.", "name", "Kevin"),
        ("Sara, het zusje van de leerling, vertelde het.", "name", "Sara"),
        ("Ik zag Daan (zoon) huilen bij het hek.", "name", "Daan"),
        ("Emma, de pleegdochter van het gezin, zit bij ons op school.", "name", "Emma"),
    ],
    "a first name after a naming word": [
        ("Het meisje heet Sanne en zit in groep 4.", "name", "Sanne"),
        ("Een jongen genaamd Noah vertelde het aan de juf.", "name", "Noah"),
        ("Zijn roepnaam is Daan.", "name", "Daan"),
        ("voornaam: Fatima", "name", "Fatima"),
        ("De tweeling heten Emma en Julia.", "name", "Emma"),
    ],
    "full names without a role word": [
        ("Hoe ga ik om met Jan de Vries?", "name", "Jan de Vries"),
        ("Ik sprak Fatima Yilmaz gisteren.", "name", "Fatima Yilmaz"),
        ("Mohammed El Amrani kwam niet opdagen.", "name", "Mohammed El Amrani"),
        ("Zeynep Kaya zit bij mij in de klas.", "name", "Zeynep Kaya"),
        ("Is er iemand die Priya Ramdin kent?", "name", "Priya Ramdin"),
        ("Wat moet ik doen met Jakub Nowak uit groep 8?", "name", "Jakub Nowak"),
        ("Yonas Tesfay woont in een opvang.", "name", "Yonas Tesfay"),
        ("Hoe help ik Anne Marie van der Berg?", "name", "Anne Marie van der Berg"),
        ("Daan van 't Hof heeft weer ruzie.", "name", "Daan van 't Hof"),
        ("Ik heb Jan de Vries thuis bezocht.", "name", "Jan de Vries"),
        ("Het Jeroen Bosch Ziekenhuis belde over Sanne Bakker, 9 jaar.", "name", "Sanne Bakker"),
    ],
    "lower-case names after a role word": [
        ("cliënt jan de vries heeft een afspraak", "name", "jan de vries"),
        ("moeder fatima belde vanochtend", "name", "fatima"),
        ("het meisje sanne zit in groep 4", "name", "sanne"),
        ("vader: mohammed el amrani", "name", "mohammed el amrani"),
        ("de leerling (noah) was stil", "name", "noah"),
    ],
    "case and file numbers": [
        ("dossiernummer 1234567", "case_number", "1234567"),
        ("Zie dossier 2023-04512 voor de melding.", "case_number", "2023-04512"),
        ("zaak nr. 123456", "case_number", "123456"),
        ("Ons kenmerk VT-2024-1234.", "case_number", "VT-2024-1234"),
        ("cliëntnummer: 88123", "case_number", "88123"),
        ("registratienummer 5501234", "case_number", "5501234"),
        ("uw kenmerk: 2024/0815", "case_number", "2024/0815"),
        ("casus 20231234", "case_number", "20231234"),
        ("meldingsnummer M-88-2041", "case_number", "M-88-2041"),
        ("Zaaknr 4412", "case_number", "4412"),
    ],
    "house numbers in words": [
        ("Het gezin woont op nummer 12.", "address", "nummer 12"),
        ("Ze wonen sinds kort op nummer 7a.", "address", "nummer 7a"),
        ("huisnummer 12", "address", "huisnummer 12"),
        ("Zij woont in de Kerkstraat, nummer 3.", "address", "Kerkstraat, nummer 3"),
        ("Kerkstraat nummer 3", "address", "Kerkstraat nummer 3"),
        ("Ze is verhuisd naar nummer 41 in dezelfde straat.", "address", "nummer 41"),
        ("de Dorpsstraat nr. 8", "address", "Dorpsstraat nr. 8"),
    ],
    "digits read as one number": [
        ("BSN 1 2 3 4 5 6 7 8 2", "bsn", "1 2 3 4 5 6 7 8 2"),
        ("het nummer 12 34 56 782 staat op de brief", "bsn", "12 34 56 782"),
        ("1-1-1-2-2-2-3-3-3", "bsn", "1-1-1-2-2-2-3-3-3"),
        ("bel 0 6 1 2 3 4 5 6 7 8", "phone", "0 6 1 2 3 4 5 6 7 8"),
        ("vaste lijn 0 2 0 1 2 3 4 5 6 7", "phone", "0 2 0 1 2 3 4 5 6 7"),
    ],
    "e-mail addresses written out": [
        ("Mail naam (at) example.nl voor het verslag.", "email", "naam (at) example.nl"),
        ("naam [at] example [dot] nl", "email", "naam [at] example [dot] nl"),
        ("naam apenstaartje example punt nl", "email", "naam apenstaartje example punt nl"),
        ("naam @ example.nl", "email", "naam @ example.nl"),
        ("naam at example dot nl", "email", "naam at example dot nl"),
        ("f.yilmaz(at)mail(punt)com", "email", "f.yilmaz(at)mail(punt)com"),
        ("naam@example punt nl", "email", "naam@example punt nl"),
    ],
    "postcodes in lower case": [
        ("1234 ab 12", "postcode", "1234 ab 12"),
        ("postcode 1234 ab", "postcode", "1234 ab"),
        ("Kerkstraat 12, 1234 ab Utrecht", "postcode", "1234 ab"),
        ("Ze woont in 3511 cp.", "postcode", "3511 cp"),
        ("adres: 9712cp 4", "postcode", "9712cp 4"),
    ],
}

NEAR_MISSES = {
    "child and family words": [
        "De moeder vertelde dat het meisje van de groep vaak huilt.",
        "Een kind van 7 met blauwe plekken op de rug.",
        "Als moeder ben je bezorgd.",
        "De tiener Engels leren is lastig zonder hulp.",
        "Het kind: Wat zie je en wat hoor je?",
        "Bij jongere Nederlanders en Marokkanen is de Kindertelefoon onbekend.",
        "De minderjarige Eritreeërs in de opvang krijgen een voogd.",
        "Kind: Angstig en stil in de groep.",
        "Moeder: Onbekend adres, vader: Gedetineerd.",
    ],
    "names in parentheses after a role word": [
        "De leerling (12) vertelde het aan de juf.",
        "de moeder (Afghaan) sprak geen Nederlands",
        "het kind (Engels sprekend) zat alleen",
        "Casus: meisje (7) met blauwe plekken.",
    ],
    "a first name with an age": [
        "Emma van 3 tot 5 uur is de peutergroep.",
        "Voor kinderen van 4 tot max 12 jaar.",
        "Groep 7 (10-11 jaar) doet mee aan de les.",
        "Max. 20 deelnemers per training.",
        "Dank je Fleur, 10 jaar geleden had ik hetzelfde.",
        "Ik ben Sanne, 15 jaar werkzaam als jeugdverpleegkundige.",
        "Sanne is 5 jaar aandachtsfunctionaris op een basisschool.",
    ],
    "a first name with a role word after it": [
        "Sanne, een jongere collega, vroeg het mij.",
        "Sanne, ex-collega van mij, werkt nu bij Veilig Thuis.",
        "Hoi Sanne, dank je voor je antwoord!",
        "Sanne (jeugdverpleegkundige) schreef een mooi stuk.",
    ],
    "a first name after a naming word": [
        "Het programma heet Kanjertraining.",
        "Een app genaamd Snapchat.",
        "Het is heet in de klas. Sanne zet een raam open.",
        "Mijn naam is Sanne en ik werk in het wijkteam.",
    ],
    "full names without a role word": [
        "Mijn cliënt Ahmed heeft hulp nodig.",
        "Met vriendelijke groet,\nSanne de Boer\njeugdverpleegkundige",
        "Groet, Karim El Idrissi, jeugdarts",
        "Het Emma Kinderziekenhuis en het Jeroen Bosch Ziekenhuis doen mee.",
        "De Jan Ligthart school en het Anne Frank Huis",
        "Prinses Amalia en Sint Maarten",
        "Boodschappen bij de Albert Heijn",
        "Ik sprak Sanne Veilig Thuis al eerder over.",
        "Ik heb Sanne\nJeugdarts gevraagd.",
        "Romeo en Julia; Jip en Janneke",
    ],
    "lower-case names after a role word": [
        "als ouder mark je dat in het dossier",
        "Kan de moeder helen na zoiets?",
        "de cliënt jan heeft een afspraak",
        "de moeder roos gaf een bloem",
    ],
    "case and file numbers": [
        "Een kenmerk van verwaarlozing is een kind dat weinig steun ervaart.",
        "het dossier 2023 is gesloten",
        "zaak 2022-2023 en melding 2023/24",
        "Na de melding 112 gebeld.",
        "kenmerk 3 van de lijst",
        "In het dossier van 2022 staan zorgen.",
        "dossier 1234",
    ],
    "house numbers in words": [
        "Ze staat op nummer 1 van de wachtlijst.",
        "Stap nummer 3 van de meldcode.",
        "Het is nummer 5 in de top 10 van signalen.",
        "Ze woont al 3 jaar in Nederland en is nummer 2 van 4 kinderen.",
    ],
    "digits read as one number": [
        "0 1 2 3 4 5 6 7 8 9",
        "1 2 3 4 5 6 7 8 9",
        "groep 1 2 3 en 4",
        "Bel 0800 2000 of 112.",
        "om 14 30 uur en om 15 45 uur",
        "€ 1 234 567 89",
        "tussen 9 00 en 17 00 uur",
        "Meldingen in 2023 2024 2025",
    ],
    "e-mail addresses written out": [
        "look at example.com",
        "Hij at appels en peren.",
        "Kijk bij Augeo punt nl voor de e-learning.",
        "Een punt van aandacht (at) de overdracht.",
        "naam (at) example punt Daarna",
    ],
    "postcodes in lower case": [
        "tussen 2015 en 2016",
        "in 2015 en in 2016 ab nu",
        "1234 ab",
        "in 2019 tm 2021 zo 12 keer",
        "Van 2015 op 2016 en 2017 of 2018",
    ],
}


def _cases(classes):
    """pytest params named after their class: a (text, kind, expected) tuple or a text."""
    return [
        pytest.param(*case, id=f"{name}: {case[0]}")
        if isinstance(case, tuple)
        else pytest.param(case, id=f"{name}: {case}")
        for name, cases in classes.items()
        for case in cases
    ]


@pytest.mark.parametrize(("text", "kind", "expected"), _cases(RECALL))
def test_identifier_of_a_wider_class_is_found(text, kind, expected):
    findings = find_identifiers(text)
    assert (kind, expected) in [(f.kind, f.text) for f in findings], findings


@pytest.mark.parametrize("text", _cases(NEAR_MISSES))
def test_near_miss_of_a_wider_class_has_no_findings(text):
    assert find_identifiers(text) == []


def test_every_wider_class_has_several_examples_and_near_misses():
    assert all(len(cases) >= 5 for cases in RECALL.values())
    assert all(len(cases) >= 4 for cases in NEAR_MISSES.values())
    assert set(NEAR_MISSES) <= set(RECALL)


def test_a_finding_of_every_wider_class_points_at_its_text():
    for text, _, _ in (case for cases in RECALL.values() for case in cases):
        for finding in find_identifiers(text):
            assert text[finding.start : finding.end] == finding.text
            assert finding.kind in KINDS


# --- Ordinary text stays quiet --------------------------------------------------------------

QUIET_TEXTS_FILE = Path(__file__).with_name("privacy_quiet_texts.txt")


def quiet_texts():
    """The blocks of tests/privacy_quiet_texts.txt: one forum text each, # lines left out."""
    blocks = QUIET_TEXTS_FILE.read_text(encoding="utf-8").split("\n\n")
    lines = [[line for line in b.splitlines() if not line.startswith("#")] for b in blocks]
    texts = ["\n".join(block) for block in lines]
    return [text.strip() for text in texts if text.strip()]


def test_the_quiet_corpus_is_large_enough():
    assert len(quiet_texts()) >= 60


@pytest.mark.parametrize("text", quiet_texts(), ids=lambda text: text[:50])
def test_ordinary_forum_text_from_the_quiet_corpus_has_no_findings(text):
    assert find_identifiers(text) == []


def test_demo_posts_and_descriptions_have_no_findings(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        texts = [
            *db.session.scalars(db.select(Post.title).where(Post.title.is_not(None))),
            *db.session.scalars(db.select(Post.body)),
            *db.session.scalars(db.select(Category.description)),
            *(t for w in db.session.scalars(db.select(Webinar)) for t in _webinar_texts(w)),
            *(t for q in db.session.scalars(db.select(LiveQuestion)) for t in (q.text, q.reply)),
            *(t for e in db.session.scalars(db.select(Event)) for t in (e.title, e.description)),
            *db.session.scalars(db.select(WeekEdition.theme)),
        ]
    assert len(texts) > 200
    flagged = [(text[:60], find_identifiers(text)) for text in texts if find_identifiers(text)]
    assert flagged == []


def _webinar_texts(webinar):
    return (webinar.title, webinar.description, webinar.speakers)


PATHOLOGICAL_LENGTH = 20_000  # a forum post


# --- Long pathological input -------------------------------------------------------------------

# Long runs of what a pattern looks for, without the ending it needs: a careless pattern would
# backtrack on them. benchmarks/markdown_render.py times the guard on these at 1x, 2x and 4x
# (linear, about 50 ms at 20,000 characters); here the guard must give a sound answer on them.


@pytest.mark.parametrize("name", sorted(guard_inputs(100)))
def test_the_guard_gives_a_sound_answer_on_long_pathological_input(name):
    text = guard_inputs(PATHOLOGICAL_LENGTH)[name]
    findings = find_identifiers(text)
    for finding in findings:
        assert finding.kind in KINDS
        assert text[finding.start : finding.end] == finding.text
    starts = [finding.start for finding in findings]
    assert starts == sorted(starts)
    pairs = zip(findings, findings[1:], strict=False)
    assert all(a.end <= b.start for a, b in pairs), "no two findings overlap"
