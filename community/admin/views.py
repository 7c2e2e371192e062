"""Administration: find users, verify professionals, grant and revoke roles; the mail outbox
(failed and waiting mail, sent again on request); the access log (who opened whose data).

Pages that show people's personal data write an access-log row per person shown."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, fresh_login_required, logout_user
from wtforms.fields import SelectChoice

from community import access_log, outbox
from community.access_log import AccessKind
from community.accounts import services
from community.accounts.models import User, Verification
from community.admin.forms import DeclineForm, EraseAccountForm, RolesForm
from community.arguments import paginate
from community.errors import apply_error
from community.extensions import db
from community.forms import ActionForm, privacy_warnings
from community.live import disconnect_user
from community.permissions import ROLE_LABELS, Permission, permission_required, roles_grantable_by

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@permission_required(Permission.VIEW_USERS)
def users():
    user_filter = request.args.get("filter", "all")
    if user_filter not in services.USER_FILTERS:
        user_filter = "all"
    query_text = request.args.get("q", "")[:100]
    page = paginate(
        services.users_matching(query_text, user_filter),
        per_page=current_app.config["USERS_PER_PAGE"],
    )
    pending_count = services.pending_verification_count()
    access_log.log_access(
        current_user,
        [user.id for user in page.items],
        AccessKind.VERIFICATION_QUEUE if user_filter == "pending" else AccessKind.USER_LIST,
    )
    return render_template(
        "admin/users.html",
        page=page,
        user_filter=user_filter,
        query_text=query_text,
        filters=services.USER_FILTERS,
        pending_count=pending_count,
    )


def _user_or_404(user_id):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _user_page(user, *, decline_form=None, roles_form=None, warnings=None, status=200):
    grantable = roles_grantable_by(current_user)
    if roles_form is None:
        roles_form = RolesForm(roles=[role.value for role in grantable if user.has_role(role)])
    roles_form.roles.choices = [SelectChoice(role.value, ROLE_LABELS[role]) for role in grantable]
    decided_by = (
        db.session.get(User, user.verification_decided_by_id)
        if user.verification_decided_by_id
        else None
    )
    return render_template(
        "admin/user.html",
        user=user,
        action_form=ActionForm(),
        decline_form=decline_form or DeclineForm(),
        warnings=warnings or {},
        roles_form=roles_form,
        can_manage_roles=can_grant_any_role(),
        decided_by=decided_by,
        Verification=Verification,
    ), status


def can_grant_any_role():
    return len(roles_grantable_by(current_user)) > 1


@bp.route("/users/<int:user_id>")
@permission_required(Permission.VIEW_USERS)
def user_detail(user_id):
    user = _user_or_404(user_id)
    access_log.log_access(current_user, [user.id], AccessKind.USER_PAGE)
    return _user_page(user)


@bp.route("/users/<int:user_id>/verify", methods=["POST"])
@permission_required(Permission.VERIFY_PROFESSIONALS)
def verify(user_id):
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.verify_professional(user, by=current_user)
    flash(_("%(name)s is now a verified professional.", name=user.name), "success")
    if request.form.get("back") == "pending":
        return redirect(url_for("admin.users", filter="pending"))
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/decline", methods=["POST"])
@permission_required(Permission.VERIFY_PROFESSIONALS)
def decline(user_id):
    user = _user_or_404(user_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return _user_page(user, decline_form=form, status=422)
    # The applicant reads the reason in a mail and on their profile: no client details in it.
    privacy = privacy_warnings(form, current_user.id, form.note.data)
    if privacy:
        return _user_page(user, decline_form=form, warnings={"privacy": privacy}, status=422)
    try:
        services.decline_verification(user, by=current_user, note=form.note.data)
    except services.AccountError as error:
        apply_error(form, error, default_field="note")
        return _user_page(user, decline_form=form, status=409)
    flash(_("The request of %(name)s has been declined.", name=user.name), "info")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
@permission_required(Permission.GRANT_ROLES)
@fresh_login_required
def set_roles(user_id):
    user = _user_or_404(user_id)
    form = RolesForm()
    form.roles.choices = [
        SelectChoice(role.value, ROLE_LABELS[role]) for role in roles_grantable_by(current_user)
    ]
    if not form.validate_on_submit():
        return _user_page(user, roles_form=form, status=422)
    try:
        services.set_roles(user, form.roles.data, by=current_user)
    except services.AccountError as error:
        apply_error(form, error, default_field="roles")
        return _user_page(user, roles_form=form, status=409)
    flash(_("The roles of %(name)s have been saved.", name=user.name), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@permission_required(Permission.DEACTIVATE_ACCOUNTS)
@fresh_login_required
def set_active(user_id):
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    activate = request.form.get("active") == "1"
    try:
        services.set_active(user, activate, by=current_user)
    except services.AccountError as error:
        flash(str(error), "error")
        return _user_page(user, status=409)
    if not activate:
        disconnect_user(user.id)
    if activate:
        flash(_("The account of %(name)s is active again.", name=user.name), "success")
    else:
        flash(
            _("The account of %(name)s has been deactivated and logged out.", name=user.name),
            "info",
        )
    return redirect(url_for("admin.user_detail", user_id=user.id))


# --- erasure at a request made elsewhere ---------------------------------------------------------


@bp.route("/users/<int:user_id>/erase", methods=["GET", "POST"])
@permission_required(Permission.ERASE_ACCOUNTS)
@fresh_login_required
def erase_account(user_id):
    """The confirmation step: what goes and what stays, the reason for the log, the button."""
    user = _user_or_404(user_id)
    if user.is_erased:
        flash(_("This account has been deleted already."), "info")
        return redirect(url_for("admin.erasures"))
    form = EraseAccountForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        myself = user.id == current_user.id
        try:
            entry = services.erase_at_request(user, by=current_user, reason=form.reason.data)
        except services.AccountError as error:
            db.session.rollback()
            apply_error(form, error)
            status = error.status
        else:
            if myself:
                logout_user()
                return redirect(url_for("main.index"))
            flash(_("Account %(number)d has been deleted.", number=entry.account_id), "success")
            return redirect(url_for("admin.erasures"))
    return render_template("admin/erase.html", user=user, form=form), status


@bp.route("/erasures")
@permission_required(Permission.ERASE_ACCOUNTS)
def erasures():
    page = paginate(services.erasure_log(), per_page=current_app.config["USERS_PER_PAGE"])
    return render_template("admin/erasures.html", page=page)


# --- the mail outbox ---------------------------------------------------------------------------

MAIL_FILTERS = ("attention", "failed", "queued")


@bp.route("/mail")
@permission_required(Permission.MANAGE_MAIL)
def mail():
    mail_filter = request.args.get("filter", "attention")
    if mail_filter not in MAIL_FILTERS:
        mail_filter = "attention"
    status = None if mail_filter == "attention" else outbox.MailStatus(mail_filter)
    page = paginate(
        outbox.mails_needing_attention(status), per_page=current_app.config["MAILS_PER_PAGE"]
    )
    return render_template(
        "admin/mail.html",
        page=page,
        mail_filter=mail_filter,
        filters=MAIL_FILTERS,
        counts=outbox.count_by_status(),
        MailStatus=outbox.MailStatus,
        action_form=ActionForm(),
    )


@bp.route("/mail/<int:mail_id>/retry", methods=["POST"])
@permission_required(Permission.MANAGE_MAIL)
def retry_mail(mail_id):
    mail = db.session.get(outbox.OutboxMail, mail_id)
    if mail is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if outbox.try_again(mail, by=current_user):
        flash(_("The mail to %(address)s will be sent again.", address=mail.to), "success")
    else:
        flash(_("This mail has been sent already."), "info")
    return redirect(url_for("admin.mail", filter=request.form.get("back") or None))


# --- the access log ----------------------------------------------------------------------------


@bp.route("/access-log")
@permission_required(Permission.VIEW_ACCESS_LOG)
def access_log_page():
    page = paginate(
        access_log.access_log_query(), per_page=current_app.config["ACCESS_LOG_PER_PAGE"]
    )
    return render_template("admin/access_log.html", page=page)
