"""Signed, expiring tokens for e-mail confirmation and password reset."""

import hashlib
from enum import Enum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class TokenProblem(Enum):
    INVALID = "invalid"
    EXPIRED = "expired"


class TokenError(Exception):
    def __init__(self, problem):
        super().__init__(problem.value)
        self.problem = problem


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"verbind-{purpose}")


def _fingerprint(value):
    # A short digest binds a token to the state it was made for without revealing that state.
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def make_confirmation_token(user, next_path=None):
    """Bound to the address: a token for an old address stops working when the address changes.
    `next_path`, where the person was going when they registered, travels signed inside it (and
    is checked again as a local path when used)."""
    data = {"id": user.id, "email": _fingerprint(user.email)}
    if next_path:
        data["next"] = next_path
    return _serializer("confirm").dumps(data)


def make_reset_token(user):
    # Bound to the current password hash, so the token works once: using it changes the hash.
    return _serializer("reset").dumps({"id": user.id, "pw": _fingerprint(user.password_hash)})


def _load(purpose, token, max_age):
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenError(TokenProblem.EXPIRED) from error
    except BadSignature as error:
        raise TokenError(TokenProblem.INVALID) from error
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise TokenError(TokenProblem.INVALID)
    return data


def _user_for(purpose, token, max_age, load_user, bound_to):
    data = _load(purpose, token, max_age)
    user = load_user(data["id"])
    if user is None or data.get(bound_to[0]) != _fingerprint(bound_to[1](user)):
        raise TokenError(TokenProblem.INVALID)
    return user, data


def confirmation_for_token(token, load_user):
    """(user, the path they were going to or None) for a confirmation token."""
    max_age = current_app.config["CONFIRM_TOKEN_MAX_AGE"]
    user, data = _user_for("confirm", token, max_age, load_user, ("email", lambda user: user.email))
    next_path = data.get("next")
    return user, next_path if isinstance(next_path, str) else None


def user_for_reset_token(token, load_user):
    max_age = current_app.config["RESET_TOKEN_MAX_AGE"]
    user, _data = _user_for(
        "reset", token, max_age, load_user, ("pw", lambda user: user.password_hash)
    )
    return user
