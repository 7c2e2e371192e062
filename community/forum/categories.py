"""The forum's categories. The migration seeds them; seed_categories() does the same for a
database made without migrations (tests) and is safe to run again."""

from sqlalchemy import select

from community.extensions import db
from community.forum.models import Category

DEFAULT_CATEGORIES = (
    {
        "slug": "signaleren",
        "name": "Signaleren",
        "name_en": "Recognising signs",
        "description": "Wat zie, hoor en merk je? Signalen van kindermishandeling en huiselijk "
        "geweld herkennen, vastleggen en duiden.",
        "description_en": "What do you see, hear and notice? Recognising, recording and "
        "interpreting signs of child abuse and domestic violence.",
    },
    {
        "slug": "gespreksvoering",
        "name": "Gespreksvoering",
        "name_en": "Conversations",
        "description": "Het gesprek met ouders, kinderen en jongeren aangaan, ook als het "
        "spannend of lastig wordt.",
        "description_en": "Talking with parents, children and young people, also when it "
        "gets tense or difficult.",
    },
    {
        "slug": "samenwerking-in-de-keten",
        "name": "Samenwerking in de keten",
        "name_en": "Working with partners",
        "description": "Samenwerken met school, huisarts, JGZ, wijkteam, Veilig Thuis en "
        "andere partners: afstemmen, informatie delen en terugkoppelen.",
        "description_en": "Working with schools, GPs, youth health care, neighbourhood teams, "
        "Veilig Thuis and others: coordinating, sharing information, reporting back.",
    },
    {
        "slug": "meldcode-en-afwegingskader",
        "name": "Meldcode en afwegingskader",
        "name_en": "Reporting code and decision framework",
        "description": "De vijf stappen van de meldcode, het afwegingskader in stap 4 en 5, "
        "en de vraag wanneer melden bij Veilig Thuis noodzakelijk is.",
        "description_en": "The five steps of the reporting code, the decision framework of "
        "steps 4 and 5, and when a report to Veilig Thuis is needed.",
    },
    {
        "slug": "veiligheid-in-het-gezin",
        "name": "Veiligheid in het gezin",
        "name_en": "Safety in the family",
        "description": "Veiligheid organiseren en bewaken: veiligheidsplannen, afspraken met "
        "het gezin en wat te doen als het opnieuw misgaat.",
        "description_en": "Organising and monitoring safety: safety plans, agreements with the "
        "family and what to do when things go wrong again.",
    },
    {
        "slug": "overig",
        "name": "Overig",
        "name_en": "Other",
        "description": "Scholing, intervisie, zelfzorg en alles wat nergens anders past.",
        "description_en": "Training, peer review, self-care and everything else.",
    },
)


def seed_categories():
    existing = set(db.session.scalars(select(Category.slug)))
    for position, data in enumerate(DEFAULT_CATEGORIES):
        if data["slug"] not in existing:
            db.session.add(Category(position=position, **data))
    db.session.commit()
