"""Account pages: register, confirm, log in and out, reset and change password, own profile."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_fresh, login_user, logout_user

from community import data_rights
from community.accounts import erasure, services
from community.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    EmailOnlyForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
)
from community.accounts.models import User, Verification, normalise_email
from community.accounts.tokens import (
    TokenError,
    TokenProblem,
    confirmation_for_token,
    user_for_reset_token,
)
from community.errors import apply_error
from community.extensions import db, limiter
from community.forms import ActionForm
from community.live import disconnect_user
from community.permissions import Permission, permission_required
from community.security import safe_redirect_target

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _load_user(user_id):
    return db.session.get(User, user_id)


def configured_limit(name):
    """A rate limit read from config at request time, so deployments and tests can set it."""
    return lambda: current_app.config[name]


def _next_path():
    """Where the person was going (?next=), if it is a path on this site; else None."""
    return safe_redirect_target(request.args.get("next"))


def _submitted_email():
    # Keyed on the account as well as the address, to slow guessing spread over many IPs.
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(configured_limit("REGISTER_RATE_LIMIT"), methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            services.register_account(
                name=form.name.data,
                email=form.email.data,
                password=form.password.data,
                organisation=form.organisation.data,
                function=form.function.data,
                gemeente=form.gemeente.data,
                request_verification=form.request_verification.data,
                locale=session.get("locale", current_app.config["BABEL_DEFAULT_LOCALE"]),
                next_path=_next_path(),
            )
        except services.AccountError as error:
            apply_error(form, error)
            return render_template("accounts/register.html", form=form, next_path=_next_path()), 422
        # The same page whether the address was new or already had an account.
        return render_template("accounts/registered.html", email=normalise_email(form.email.data))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form, next_path=_next_path()), status


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token):
    """The link from the confirmation mail. Opening it shows the address and one button;
    pressing it confirms the address, logs the person in and takes them where they were going.

    Two steps, because mail scanners open links on their own (that must not use up the link),
    and because a link alone must not log a browser into an account it did not ask for: the
    page names the address first. Only the first confirmation logs in: a used link, an expired
    one, or one opened while logged in as someone else does not."""
    try:
        user, next_path = confirmation_for_token(token, _load_user)
    except TokenError as error:
        if error.problem is TokenProblem.EXPIRED:
            message = _("This confirmation link has expired. Request a new one below.")
        else:
            message = _("This confirmation link is not valid. Request a new one below.")
        flash(message, "error")
        return redirect(url_for("accounts.resend_confirmation"))
    next_path = safe_redirect_target(next_path)
    if user.email_confirmed or not user.active:
        return _confirmation_link_used(user, next_path)
    if current_user.is_authenticated and current_user.id != user.id:
        # Switching accounts silently would leave someone working in an account not theirs.
        return render_template(
            "accounts/confirm_other_account.html", address=user.email, action_form=ActionForm()
        ), 409
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("accounts/confirm_email.html", address=user.email, form=form)
    if not services.confirm_email(user):
        return _confirmation_link_used(user, next_path)
    return _start_session(
        user,
        remember=False,
        next_url=next_path,
        welcome=_(
            "Your e-mail address is confirmed. Welcome to Verbind, %(name)s.", name=user.name
        ),
    )


def _confirmation_link_used(user, next_path):
    if current_user.is_authenticated and current_user.id == user.id:
        flash(_("Your e-mail address was already confirmed."), "info")
        return redirect(next_path or url_for("main.index"))
    if not user.active:
        flash(
            _("This account has been deactivated. Contact a moderator if this is a mistake."),
            "error",
        )
    else:
        flash(_("Your e-mail address was already confirmed. Log in to continue."), "info")
    return redirect(url_for("accounts.login", next=next_path))


@bp.route("/confirm", methods=["GET", "POST"])
@limiter.limit(configured_limit("MAIL_REQUEST_RATE_LIMIT"), methods=["POST"])
def resend_confirmation():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        user = User.by_email(form.email.data)
        if user is not None and not user.email_confirmed:
            services.send_confirmation_mail(user, next_path=_next_path())
        # The same answer whether or not the account exists, so addresses cannot be probed.
        flash(
            _("If an unconfirmed account uses this address, we have sent a new link to it."),
            "info",
        )
        return redirect(url_for("accounts.login", next=_next_path()))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/resend_confirmation.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("LOGIN_RATE_LIMIT"), methods=["POST"])
@limiter.limit(
    configured_limit("LOGIN_ACCOUNT_RATE_LIMIT"), methods=["POST"], key_func=_submitted_email
)
def login():
    # A user remembered by cookie but not fresh sees the form, to re-authenticate.
    if current_user.is_authenticated and login_fresh():
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user, problem = services.authenticate(form.email.data, form.password.data)
        if problem is None:
            return _start_session(user, remember=form.remember.data)
        if problem is services.LoginProblem.UNCONFIRMED:
            form.email.errors.append(
                _(
                    "You have not confirmed your e-mail address yet. "
                    "Use the link in the e-mail we sent, or request a new one."
                )
            )
            return render_template(
                "accounts/login.html", form=form, unconfirmed=True, next_path=_next_path()
            ), 403
        if problem is services.LoginProblem.DEACTIVATED:
            form.email.errors.append(
                _("This account has been deactivated. Contact a moderator if this is a mistake.")
            )
            return render_template("accounts/login.html", form=form, next_path=_next_path()), 403
        form.password.errors.append(_("E-mail address or password is not correct."))
        return render_template("accounts/login.html", form=form, next_path=_next_path()), 401
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form, next_path=_next_path()), status


def _start_session(user, *, remember, next_url=None, welcome=None):
    """Log in with a new session (login, or the first use of a confirmation link)."""
    next_url = next_url or _next_path()
    locale = session.get("locale")
    # A new session at login, so a session fixed by someone else before login is worthless.
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user, remember=remember)
    services.record_login(user)
    flash(welcome or _("Welcome, %(name)s.", name=user.name), "success")
    return redirect(next_url or url_for("main.index"))


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        user_id = current_user.id
        logout_user()
        disconnect_user(user_id)
        flash(_("You are logged out."), "info")
    session.pop("_fresh", None)
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(configured_limit("MAIL_REQUEST_RATE_LIMIT"), methods=["POST"])
def request_reset():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        user = User.by_email(form.email.data)
        if user is not None and user.active:
            services.send_reset_mail(user)
        flash(
            _(
                "If an account uses this address, we have sent a link to choose a new "
                "password. The link works for one hour."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/request_reset.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        user = user_for_reset_token(token, _load_user)
    except TokenError as error:
        if error.problem is TokenProblem.EXPIRED:
            message = _("This reset link has expired. Request a new one.")
        else:
            message = _("This reset link is not valid or has already been used. Request a new one.")
        flash(message, "error")
        return redirect(url_for("accounts.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.password.data)
        except services.AccountError as error:
            apply_error(form, error)
            return render_template("accounts/reset_password.html", form=form), 422
        # Following the link proves the address, so an unconfirmed account is confirmed too.
        services.confirm_email(user)
        flash(_("Your password has been changed. Log in with your new password."), "success")
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_password.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@permission_required(Permission.MEMBER_AREA)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except services.AccountError as error:
            apply_error(form, error)
            return render_template("accounts/change_password.html", form=form), 422
        # The session token changed, which ends other sessions; keep this one.
        login_user(current_user._get_current_object(), remember=False)
        flash(_("Your password has been changed. Other devices have been logged out."), "success")
        return redirect(url_for("accounts.profile"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/change_password.html", form=form), status


@bp.route("/profile", methods=["GET", "POST"])
@permission_required(Permission.MEMBER_AREA)
def profile():
    form = ProfileForm(obj=current_user)
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user,
                name=form.name.data,
                organisation=form.organisation.data,
                function=form.function.data,
                gemeente=form.gemeente.data,
                locale=form.locale.data,
                handle=form.handle.data,
                notify_email=form.notify_email.data,
            )
        except services.AccountError as error:
            db.session.rollback()
            apply_error(form, error)
        else:
            session["locale"] = current_user.locale
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        action_form=ActionForm(),
        Verification=Verification,
        data_export=data_rights.latest_export(current_user.id),
        ExportStatus=data_rights.ExportStatus,
    ), status


@bp.route("/delete", methods=["GET", "POST"])
@permission_required(Permission.MEMBER_AREA)
def delete_account():
    """What deleting the account removes and what stays, then the password and the button.
    Afterwards the person is logged out and reads what happened."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            erasure.erase_own_account(user, form.password.data)
        except services.AccountError as error:
            db.session.rollback()
            apply_error(form, error)
            return render_template("accounts/delete_account.html", form=form), error.status
        locale = session.get("locale")
        logout_user()
        session.clear()
        if locale:
            session["locale"] = locale
        return render_template("accounts/account_deleted.html")
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/delete_account.html", form=form), status


@bp.route("/verification", methods=["GET", "POST"])
@permission_required(Permission.MEMBER_AREA)
def request_verification():
    """What verification means, where the member stands (none, pending since, declined and
    why), how long a check usually takes, and the button to ask for it."""
    form = ActionForm()
    if request.method == "GET":
        return render_template(
            "accounts/verification.html", action_form=form, Verification=Verification
        )
    if not form.validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("accounts.request_verification"))
    try:
        services.request_verification(current_user)
    except services.AccountError as error:
        flash(str(error), "error")
    else:
        flash(_("Your request has been sent. A moderator will check your details."), "success")
    return redirect(url_for("accounts.request_verification"))


@bp.route("/export", methods=["POST"])
@permission_required(Permission.MEMBER_AREA)
def request_export():
    """ "Download my data": queue the export; the link comes by e-mail."""
    if not ActionForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("accounts.profile"))
    try:
        data_rights.request_export(current_user)
    except data_rights.ExportError as error:
        flash(str(error), "info")
    else:
        flash(
            _(
                "We are collecting your data. You will get an e-mail with a download link "
                "when it is ready."
            ),
            "success",
        )
    return redirect(url_for("accounts.profile") + "#data-export")


@bp.route("/export/<token>")
@permission_required(Permission.MEMBER_AREA)
def download_export(token):
    """The link from the mail: for its owner, logged in, once."""
    try:
        export = data_rights.export_for_link(token, current_user)
        handle = data_rights.take_download(export)
    except data_rights.ExportLinkError as error:
        title = _("Download not available")
        return render_template(
            "errors/error.html", title=title, message=str(error), status=error.status
        ), error.status
    response = send_file(
        handle,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"verbind-gegevens-{export.ready_at:%Y-%m-%d}.zip",
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
