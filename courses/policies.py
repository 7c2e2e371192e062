"""Who may do what with one learner's things: open a quiz attempt, print a certificate, give
extra attempts. Plain functions of a user (possibly anonymous) and the object."""

from community.permissions import Permission, can


def may_open_attempt(user, attempt):
    """See, answer and submit a quiz attempt, and read its result: only the learner. Not even
    a moderator: the answers are the learner's own work."""
    return can(user, Permission.TAKE_COURSES) and attempt.user_id == user.id


def may_print_certificate(user, certificate):
    """The printable certificate is for its holder; anyone may verify it by its code."""
    return can(user, Permission.TAKE_COURSES) and certificate.user_id == user.id


def may_grant_extra_attempts(user, quiz):
    """Extra attempts at a quiz (any quiz) are given by those who manage courses, never by the
    learner who needs them."""
    return can(user, Permission.MANAGE_COURSES)
