"""Places with a waiting list, shared by webinars and Week events: take a place or wait, give
it up, and move waiting people up first come, first served. Status values are the strings
registered / waiting / cancelled that both registration models use."""

from sqlalchemy import func, select

from community.clock import utcnow
from community.extensions import db
from community.locking import lock_row

REGISTERED, WAITING, CANCELLED = "registered", "waiting", "cancelled"


class WaitingList:
    """Registrations of one model (e.g. webinar Registration), keyed by `parent` column name."""

    def __init__(self, model, parent):
        self.model = model
        self.parent_column = getattr(model, parent)
        self.parent = parent
        # The webinar or event table, whose row is locked while places are counted.
        [foreign_key] = model.__table__.c[parent].foreign_keys
        self.parent_table = foreign_key.column.table

    def registration_of(self, user_id, parent_id):
        return db.session.scalar(
            select(self.model).where(self.model.user_id == user_id, self.parent_column == parent_id)
        )

    def status_of(self, user_id, parent_id):
        """registered / waiting / cancelled, or None: one small query, for hot paths."""
        return db.session.scalar(
            select(self.model.status).where(
                self.model.user_id == user_id, self.parent_column == parent_id
            )
        )

    def registered_count(self, parent_id):
        return db.session.scalar(
            select(func.count())
            .select_from(self.model)
            .where(self.parent_column == parent_id, self.model.status == REGISTERED)
        )

    def take_place(self, user_id, parent_id, capacity, now=None):
        """A place when there is one (capacity None: always), otherwise the waiting list.
        Registering again while registered or waiting changes nothing."""
        lock_row(self.parent_table, parent_id)  # one at a time counts the places left
        registration = self.registration_of(user_id, parent_id)
        if registration is not None and registration.status != CANCELLED:
            return registration
        full = capacity is not None and self.registered_count(parent_id) >= capacity
        if registration is None:
            registration = self.model(user_id=user_id, **{self.parent: parent_id})
            db.session.add(registration)
        registration.status = WAITING if full else REGISTERED
        registration.status_since = now or utcnow()
        db.session.commit()
        return registration

    def give_up(self, registration, capacity, now=None):
        """Cancel; when that freed a place, the first waiting person moves up (returned)."""
        had_place = registration.status == REGISTERED
        registration.status = CANCELLED
        registration.status_since = now or utcnow()
        db.session.flush()
        moved = self.fill(getattr(registration, self.parent), capacity, now) if had_place else []
        db.session.commit()
        return moved[0] if moved else None

    def fill(self, parent_id, capacity, now=None):
        """Move waiting people up while there is room (not committed)."""
        if capacity is None:
            return []
        lock_row(self.parent_table, parent_id)
        free = capacity - self.registered_count(parent_id)
        if free <= 0:
            return []
        waiting = db.session.scalars(
            select(self.model)
            .where(self.parent_column == parent_id, self.model.status == WAITING)
            .order_by(self.model.status_since, self.model.id)
            .limit(free)
        ).all()
        for registration in waiting:
            registration.status = REGISTERED
            registration.status_since = now or utcnow()
        return waiting
