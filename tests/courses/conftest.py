"""A small course written as files, for the course tests."""

import textwrap

import pytest

COURSE_YAML = """\
title: Testcursus signalen
summary: Een korte cursus om de cursusfuncties te testen.
description: |
  Deze cursus bestaat alleen voor de tests.
accreditation:
  body: SKJ
  points: 1.5
"""

MODULE_YAML = "title: Signalen\nsummary: Wat je ziet en hoort.\n"

LESSON_ONE = """\
---
title: Wat is een signaal?
order: 1
minutes: 5
---
## Signalen
Een signaal is iets wat je ziet, hoort of merkt.
"""

LESSON_TWO = """\
---
title: Vastleggen
order: 2
minutes: 4
---
Leg feiten vast, geen interpretaties.
"""

QUIZ_YAML = """\
title: Toets signalen
order: 3
pass_mark: 75
attempts: 3
questions:
  - id: feit-of-mening
    type: single
    text: Wat leg je vast in het dossier?
    feedback: Feiten zijn controleerbaar.
    options:
      - text: Wat je zelf zag en hoorde
        correct: true
        feedback: Juist, dat is controleerbaar.
      - text: Je vermoeden over de dader
        correct: false
        feedback: Een vermoeden is geen feit.
  - id: signalen-meerdere
    type: multiple
    text: Welke zijn signalen?
    options:
      - text: Blauwe plekken op ongewone plaatsen
        correct: true
      - text: Een kind dat schrikt van aanraking
        correct: true
      - text: Een kind met een nieuwe jas
        correct: false
  - id: kindcheck-stelling
    type: true_false
    text: De Kindcheck vraagt naar kinderen van een volwassen cliënt.
    correct: true
    feedback: Zo is het.
  - id: volgorde
    type: ordering
    text: Zet in volgorde.
    items:
      - Signalen in kaart brengen
      - Collegiale consultatie
      - Gesprek met de cliënt
"""


def write_course(root, *, quiz=QUIZ_YAML, lesson_one=LESSON_ONE, name="testcursus"):
    folder = root / name
    module = folder / "01-signalen"
    module.mkdir(parents=True)
    (folder / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    (module / "module.yaml").write_text(MODULE_YAML, encoding="utf-8")
    (module / "01-wat-is-een-signaal.md").write_text(lesson_one, encoding="utf-8")
    (module / "02-vastleggen.md").write_text(LESSON_TWO, encoding="utf-8")
    (module / "03-toets.quiz.yaml").write_text(textwrap.dedent(quiz), encoding="utf-8")
    return folder


@pytest.fixture
def course_folder(tmp_path):
    return write_course(tmp_path)
