"""Demo webinars: one starting soon (its live room is open, with polls ready to launch) and one
past, with its Q&A and a poll's results."""

from datetime import timedelta

from community.clock import utcnow
from community.extensions import db
from community.permissions import Role
from community.webinars import polls
from community.webinars.models import (
    LiveQuestion,
    LiveQuestionStatus,
    PollAnswer,
    PollState,
    Registration,
    RegistrationStatus,
    Webinar,
)


def load_webinar_demo(users_by_role):
    organiser = users_by_role[Role.ORGANISER]
    now = utcnow().replace(second=0, microsecond=0)
    soon = Webinar(
        title="Samen optrekken bij zorgen over veiligheid: wijkteam en Veilig Thuis",
        description=(
            "Hoe houd je als wijkteam de regie, en wanneer neemt Veilig Thuis het over? "
            "Twee praktijkmensen bespreken drie casussen en beantwoorden jullie vragen live."
        ),
        speakers="Een gedragswetenschapper van Veilig Thuis en een wijkteammedewerker",
        starts_at=now + timedelta(minutes=20),
        ends_at=now + timedelta(minutes=80),
        capacity=150,
        stream_url="https://meet.example.org/verbind-webinar",
        host_id=organiser.id,
    )
    past = Webinar(
        title="Het afwegingskader in de praktijk",
        description="Terugblik: hoe gebruik je de vijf vragen van het afwegingskader in stap 4 "
        "en 5 van de meldcode? Met vragen van deelnemers en de antwoorden.",
        speakers="Een aandachtsfunctionaris uit de jeugdgezondheidszorg",
        starts_at=now - timedelta(days=14),
        ends_at=now - timedelta(days=14) + timedelta(hours=1),
        capacity=100,
        recording_url="https://video.example.org/verbind-afwegingskader",
        host_id=organiser.id,
    )
    db.session.add_all([soon, past])
    db.session.flush()
    attendees = [users_by_role[Role.MEMBER], users_by_role[Role.PROFESSIONAL]]
    for webinar in (soon, past):
        for person in attendees:
            db.session.add(
                Registration(
                    webinar_id=webinar.id, user_id=person.id, status=RegistrationStatus.REGISTERED
                )
            )
    archive = [
        (
            "Moet ik bij twijfel over stap 5 altijd eerst Veilig Thuis om advies vragen?",
            7,
            True,
            "Advies vragen kan altijd en is vaak verstandig; het is geen melding.",
        ),
        (
            "Hoe leg ik aan ouders uit dat ik een melding ga doen?",
            5,
            True,
            "Vertel wat je zag, waarom je je zorgen maakt en wat er na de melding gebeurt.",
        ),
        ("Wat doe ik als Veilig Thuis niets terugkoppelt?", 3, False, ""),
    ]
    for number, (text, votes, answered, reply) in enumerate(archive):
        db.session.add(
            LiveQuestion(
                webinar_id=past.id,
                author_id=attendees[number % 2].id,
                client_token=f"demo-{number:04d}",
                text=text,
                votes=votes,
                answered=answered,
                reply=reply,
                status=LiveQuestionStatus.VISIBLE,
                created_at=past.starts_at + timedelta(minutes=10 + number),
            )
        )
    db.session.commit()
    _load_polls(soon, past, attendees)


def _load_polls(soon, past, attendees):
    """Polls the host of the coming webinar can launch, and one the past webinar ran."""
    host = soon.host
    polls.create_poll(
        host,
        soon,
        kind="single",
        question="Hoe vaak overleg je met Veilig Thuis?",
        options=["Wekelijks", "Maandelijks", "Een paar keer per jaar", "Nog nooit"],
    )
    polls.create_poll(
        host,
        soon,
        kind="scale",
        question="Hoe zeker voel je je over de afweging bij stap 5?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Onzeker",
        scale_max_label="Heel zeker",
    )
    polls.create_poll(
        host,
        soon,
        kind="words",
        question="Welk woord hoort voor jou bij goed samenwerken?",
    )
    ran = polls.create_poll(
        host,
        past,
        kind="single",
        question="Gebruik je het afwegingskader al bij elke twijfel?",
        options=["Ja", "Soms", "Nog niet"],
    )
    ran.state, ran.results_visible = PollState.CLOSED, True
    ran.opened_at = past.starts_at + timedelta(minutes=30)
    ran.closed_at = ran.opened_at + timedelta(minutes=2)
    for person, choice in zip(attendees, ("0", "1"), strict=True):
        db.session.add(PollAnswer(poll_id=ran.id, user_id=person.id, value=choice))
    db.session.commit()
