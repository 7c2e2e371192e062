"""Forum pages: lists, asking, the thread page with answers and comments, votes, accepting,
editing, revisions, flags, search and notifications. Moderation pages are in moderation_views."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields import SelectChoice

from community.accounts.models import Verification
from community.arguments import page_arg, paginate
from community.errors import apply_error
from community.extensions import db, limiter
from community.forms import ActionForm, privacy_warnings
from community.forum import moderation, notifications, policies, services, threads
from community.forum.danger import acute_danger_signals
from community.forum.forms import (
    FLAG_REASON_LABELS,
    AnswerForm,
    CommentForm,
    EditPostForm,
    EditQuestionForm,
    FlagForm,
    HideForm,
    MoveForm,
    QuestionForm,
)
from community.forum.live import broadcast
from community.forum.models import (
    Category,
    Notification,
    Post,
    PostStatus,
    Question,
    Revision,
    Vote,
)
from community.forum.preview import preview_post
from community.forum.search import search_threads, similar_threads
from community.permissions import Permission, can, permission_required

bp = Blueprint("forum", __name__, url_prefix="/forum")


def _post_or_404(post_id):
    post = db.session.get(Post, post_id)
    if post is None or not policies.may_see_post(current_user, post):
        abort(404)
    return post


def _question_or_404(question_id):
    question = threads.load_question(question_id, current_user)
    if question is None:
        abort(404)
    return question


def post_url(post):
    """The thread page, scrolled to the post."""
    question_id = post.question_id or post.id
    return url_for("forum.question", question_id=question_id) + f"#post-{post.id}"


# --- the guards: privacy and acute danger ------------------------------------------------------


def guard_warnings(form, *texts, markdown=(), check_danger):
    """Warnings the author must see before the texts are saved; empty when they may be saved.
    `markdown` holds the positions of the texts that are rendered as Markdown."""
    warnings = {}
    # The posting limit is cheaper than reading the text: an author over it gets that message
    # from the service, which refuses to store, without a scan first.
    if services.posting_wait_minutes(current_user):
        return warnings
    privacy = privacy_warnings(form, current_user.id, *texts, markdown=markdown)
    if privacy:
        warnings["privacy"] = privacy
    if check_danger and form.acknowledge_danger.data != "1":
        text = "\n".join(text for text in texts if text)
        signals = acute_danger_signals(text, moderation.extra_danger_phrases())
        if signals:
            warnings["danger"] = signals
            # Shown once: sending the form again means the author has read the notice.
            form.acknowledge_danger.data = "1"
    return warnings


# --- lists -------------------------------------------------------------------------------------


@bp.route("/")
@permission_required(Permission.READ_FORUM)
def index():
    sort = request.args.get("sort", "active")
    if sort not in threads.SORTS:
        sort = "active"
    category = threads.category_by_slug(request.args.get("category"))
    tag = threads.tag_by_name(request.args.get("tag"))
    if request.args.get("category") and category is None:
        abort(404)
    page = paginate(
        threads.questions_matching(current_user, category=category, tag=tag, sort=sort),
        per_page=current_app.config["FORUM_QUESTIONS_PER_PAGE"],
    )
    return render_template(
        "forum/index.html",
        page=page,
        sort=sort,
        category=category,
        tag=tag,
        tag_name=request.args.get("tag", "")[:30],
        categories=threads.categories_with_counts(),
        popular_tags=threads.popular_tags(),
    )


# --- asking ------------------------------------------------------------------------------------


def _category_choices():
    return [SelectChoice(category.id, category.label) for category in moderation.categories()]


def _wants_preview(form):
    """The "Preview" button was pressed: show the text as it will look, store nothing."""
    return form.is_submitted() and "preview" in request.form


def _similar_questions(title):
    """[(hit, question)] of the visible threads like the one being asked, at most five."""
    hits = similar_threads(title or "")
    questions = threads.questions_by_id([hit.question_id for hit in hits])
    return [(hit, questions[hit.question_id]) for hit in hits if hit.question_id in questions]


def _verify_first():
    """For members who may not post yet: why, what verification means and where they stand,
    instead of a bare "not allowed"."""
    return render_template(
        "forum/verify_first.html", action_form=ActionForm(), Verification=Verification
    ), 403


def _linked_lesson(form):
    """The lesson the ask form is linked to, for showing it; None when none or not valid (the
    service says why when the form is sent)."""
    try:
        return services.lesson_to_link(form.lesson.data)
    except services.ForumError:
        return None


def _render_ask(form, status=200, **context):
    context.setdefault("warnings", {})
    return render_template(
        "forum/ask.html", form=form, lesson=_linked_lesson(form), **context
    ), status


def _link_lesson_from_query(form):
    """`/forum/ask?lesson=<id>` (the lesson page's "Ask about this lesson"): the lesson goes into
    the form with its tags filled in. An id that is no lesson is left out, and the asker told."""
    try:
        lesson = services.lesson_to_link(request.args.get("lesson", "")[:20])
    except services.ForumError:
        flash(_("That lesson was not found; your question will not be linked to a lesson."), "info")
        return
    if lesson is not None:
        form.lesson.data = str(lesson.id)
        form.tags.data = ", ".join(lesson.tags)


@bp.route("/ask", methods=["GET", "POST"])
@permission_required(Permission.READ_FORUM)
def ask():
    if not can(current_user, Permission.POST_IN_FORUM):
        return _verify_first()
    form = QuestionForm()
    form.category.choices = _category_choices()
    if request.method == "GET" and request.args.get("category"):
        category = threads.category_by_slug(request.args["category"])
        if category:
            form.category.data = category.id
    if request.method == "GET" and "lesson" in request.args:
        _link_lesson_from_query(form)
    warnings = {}
    if _wants_preview(form):
        preview = preview_post(form.body.data, title=form.title.data, tags=form.tags.data)
        return _render_ask(form, preview=preview, similar=_similar_questions(form.title.data))
    if form.validate_on_submit():
        warnings = guard_warnings(
            form, form.title.data, form.body.data, form.tags.data, markdown=(1,), check_danger=True
        )
        if not warnings:
            try:
                question = services.ask_question(
                    current_user,
                    category=db.session.get(Category, form.category.data),
                    title=form.title.data,
                    body=form.body.data,
                    tags=services.parse_tags(form.tags.data),
                    anonymous=form.anonymous.data,
                    privacy_confirmed=form.privacy_confirmed,
                    lesson=services.lesson_to_link(form.lesson.data),
                )
            except services.ForumError as error:
                db.session.rollback()
                if error.field == "lesson":
                    # Above the form (the field is hidden); sent again, it goes without lesson.
                    form.lesson.data = ""
                    flash(str(error), "error")
                else:
                    apply_error(form, error)
                return _render_ask(form, error.status)
            flash(_("Your question has been posted."), "success")
            return redirect(url_for("forum.question", question_id=question.id))
    status = 422 if form.is_submitted() else 200
    return _render_ask(form, status, warnings=warnings)


# --- the thread page ---------------------------------------------------------------------------


def render_thread(
    question,
    *,
    answer_form=None,
    comment_form=None,
    comment_parent_id=None,
    warnings=None,
    preview=None,
    status=200,
):
    thread = threads.load_thread(
        question,
        current_user,
        page=page_arg(),
        per_page=current_app.config["FORUM_ANSWERS_PER_PAGE"],
    )
    return render_template(
        "forum/thread.html",
        thread=thread,
        question=question,
        answer_form=answer_form or AnswerForm(),
        comment_form=comment_form,
        comment_parent_id=comment_parent_id,
        warnings=warnings or {},
        preview=preview,
        may_edit=policies.may_edit_post,
        may_see_revisions=policies.may_see_revisions,
        may_vote_on=policies.may_vote_on,
        may_comment_on=policies.may_comment_on,
        may_accept_answer=policies.may_accept_answer,
        lesson=services.lesson_of(question),
        move_form=_move_form(question),
        hide_form=HideForm(),
    ), status


def _move_form(question):
    form = MoveForm(category=question.category_id)
    form.category.choices = _category_choices()
    return form


@bp.route("/q/<int:question_id>")
@permission_required(Permission.READ_FORUM)
def question(question_id):
    return render_thread(_question_or_404(question_id))


@bp.route("/q/<int:question_id>/answer", methods=["POST"])
@permission_required(Permission.POST_IN_FORUM)
def answer(question_id):
    question = _question_or_404(question_id)
    form = AnswerForm()
    if _wants_preview(form):
        return render_thread(question, answer_form=form, preview=preview_post(form.body.data))
    if not form.validate_on_submit():
        return render_thread(question, answer_form=form, status=422)
    warnings = guard_warnings(form, form.body.data, markdown=(0,), check_danger=False)
    if warnings:
        return render_thread(question, answer_form=form, warnings=warnings, status=422)
    try:
        answer = services.post_answer(
            current_user, question, form.body.data, privacy_confirmed=form.privacy_confirmed
        )
    except services.ForumError as error:
        db.session.rollback()
        apply_error(form, error)
        return render_thread(question, answer_form=form, status=error.status)
    broadcast.answer_posted(question.id, answer.id, question.answer_count)
    flash(_("Your answer has been posted."), "success")
    return redirect(post_url(answer))


@bp.route("/posts/<int:post_id>/comment", methods=["GET", "POST"])
@permission_required(Permission.POST_IN_FORUM)
def comment(post_id):
    parent = _post_or_404(post_id)
    question = services.thread_question(parent)
    # Prefixed, so its fields do not clash with the answer form on the same page.
    form = CommentForm(prefix="comment")
    if request.method == "GET":
        return render_thread(question, comment_form=form, comment_parent_id=parent.id)
    if not form.validate_on_submit():
        return render_thread(question, comment_form=form, comment_parent_id=parent.id, status=422)
    warnings = guard_warnings(form, form.body.data, markdown=(0,), check_danger=False)
    if warnings:
        return render_thread(
            question, comment_form=form, comment_parent_id=parent.id, warnings=warnings, status=422
        )
    try:
        comment = services.post_comment(
            current_user, parent, form.body.data, privacy_confirmed=form.privacy_confirmed
        )
    except services.ForumError as error:
        db.session.rollback()
        apply_error(form, error)
        return render_thread(
            question, comment_form=form, comment_parent_id=parent.id, status=error.status
        )
    broadcast.comment_posted(question.id, parent.id, comment.id)
    return redirect(post_url(comment))


@bp.route("/posts/<int:post_id>/fragment")
@permission_required(Permission.READ_FORUM)
def post_fragment(post_id):
    """One answer as HTML for this viewer, fetched by the live page when it is announced."""
    post = _post_or_404(post_id)
    if post.kind != "answer":
        abort(404)
    question = services.thread_question(post)
    thread = threads.ThreadPage(question=question, answers=None)
    thread.my_votes = {}
    return render_template(
        "forum/_answer_fragment.html",
        thread=thread,
        question=question,
        answer=post,
        comments=[],
        may_edit=policies.may_edit_post,
        may_see_revisions=policies.may_see_revisions,
        may_vote_on=policies.may_vote_on,
        may_comment_on=policies.may_comment_on,
        may_accept_answer=policies.may_accept_answer,
    )


# --- votes, acceptance, watching ---------------------------------------------------------------


def _wants_json():
    return request.accept_mimetypes.best == "application/json"


@bp.route("/posts/<int:post_id>/vote", methods=["POST"])
@permission_required(Permission.POST_IN_FORUM)
def vote(post_id):
    post = _post_or_404(post_id)
    try:
        value = int(request.form.get("value", ""))
    except ValueError:
        value = 0
    try:
        score = services.cast_vote(current_user, post, value)
    except services.ForumError as error:
        db.session.rollback()
        if _wants_json():
            return jsonify(error=str(error)), error.status
        flash(str(error), "error")
        return redirect(post_url(post))
    broadcast.score_changed(post.thread_id, post.id, score)
    if _wants_json():
        return jsonify(score=score, my_vote=_my_vote(post))
    return redirect(post_url(post))


def _my_vote(post):
    vote = db.session.get(Vote, (current_user.id, post.id))
    return vote.value if vote else 0


@bp.route("/answers/<int:answer_id>/accept", methods=["POST"])
@permission_required(Permission.READ_FORUM)
def accept(answer_id):
    answer = _post_or_404(answer_id)
    if answer.kind != "answer":
        abort(404)
    try:
        accepted = services.accept_answer(current_user, answer)
    except services.ForumError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(post_url(answer))
    broadcast.accepted(answer.question_id, answer.id if accepted else None)
    flash(_("Answer accepted.") if accepted else _("Acceptance withdrawn."), "success")
    return redirect(post_url(answer))


@bp.route("/q/<int:question_id>/watch", methods=["POST"])
@permission_required(Permission.READ_FORUM)
def watch(question_id):
    question = _question_or_404(question_id)
    watching = request.form.get("watch") == "1"
    services.set_watching(current_user, question, watching)
    flash(
        _("You follow this question: new answers reach you as notifications.")
        if watching
        else _("You no longer follow this question."),
        "info",
    )
    return redirect(url_for("forum.question", question_id=question.id))


# --- editing, deleting, history ----------------------------------------------------------------


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.READ_FORUM)
def edit(post_id):
    post = _post_or_404(post_id)
    if not policies.may_edit_post(current_user, post):
        abort(403)
    is_question = isinstance(post, Question)
    if is_question:
        form = EditQuestionForm(obj=post)
        if request.method == "GET":
            form.tags.data = ", ".join(tag.name for tag in post.tags)
    else:
        form = EditPostForm(obj=post)
    warnings = {}
    if _wants_preview(form):
        preview = preview_post(
            form.body.data,
            title=form.title.data if is_question else "",
            tags=form.tags.data if is_question else "",
        )
        return render_template(
            "forum/edit.html", form=form, post=post, warnings={}, preview=preview
        )
    if form.validate_on_submit():
        if is_question:
            texts = (form.title.data, form.body.data, form.tags.data, form.note.data)
        else:
            texts = (None, form.body.data, None, form.note.data)
        warnings = guard_warnings(form, *texts, markdown=(1,), check_danger=is_question)
        if not warnings:
            try:
                services.edit_post(
                    current_user,
                    post,
                    body=form.body.data,
                    title=form.title.data if is_question else None,
                    tags=services.parse_tags(form.tags.data) if is_question else None,
                    note=form.note.data,
                    privacy_confirmed=form.privacy_confirmed,
                )
            except services.ForumError as error:
                db.session.rollback()
                apply_error(form, error)
                return render_template(
                    "forum/edit.html", form=form, post=post, warnings={}
                ), error.status
            flash(_("Your changes have been saved."), "success")
            return redirect(post_url(post))
    status = 422 if form.is_submitted() else 200
    return render_template("forum/edit.html", form=form, post=post, warnings=warnings), status


@bp.route("/posts/<int:post_id>/delete", methods=["POST"])
@permission_required(Permission.READ_FORUM)
def delete(post_id):
    post = _post_or_404(post_id)
    try:
        services.delete_post(current_user, post)
    except services.ForumError as error:
        abort(error.status)
    flash(_("The post has been deleted."), "info")
    if isinstance(post, Question):
        return redirect(url_for("forum.index"))
    return redirect(url_for("forum.question", question_id=post.question_id))


@bp.route("/posts/<int:post_id>/revisions")
@permission_required(Permission.READ_FORUM)
def revisions(post_id):
    post = _post_or_404(post_id)
    if not policies.may_see_revisions(current_user, post):
        abort(403)
    history = db.session.scalars(
        db.select(Revision)
        .where(Revision.post_id == post.id)
        .order_by(Revision.created_at.desc(), Revision.id.desc())
    ).all()
    return render_template("forum/revisions.html", post=post, history=history)


# --- flags -------------------------------------------------------------------------------------


@bp.route("/posts/<int:post_id>/flag", methods=["GET", "POST"])
@permission_required(Permission.READ_FORUM)
def flag(post_id):
    post = _post_or_404(post_id)
    form = FlagForm()
    warnings = {}
    if form.validate_on_submit():
        # Moderators read the note: it must not repeat what made the author's post identifying.
        warnings["privacy"] = privacy_warnings(form, current_user.id, form.note.data)
        if not warnings["privacy"]:
            try:
                services.flag_post(current_user, post, reason=form.reason.data, note=form.note.data)
            except services.ForumError as error:
                db.session.rollback()
                apply_error(form, error)
                return render_template("forum/flag.html", form=form, post=post), error.status
            flash(_("Thank you. A moderator will look at this post."), "success")
            return redirect(post_url(post))
    status = 422 if form.is_submitted() else 200
    return render_template("forum/flag.html", form=form, post=post, warnings=warnings), status


# --- search ------------------------------------------------------------------------------------


@bp.route("/search")
@permission_required(Permission.READ_FORUM)
def search():
    query_text = request.args.get("q", "")[:200]
    results = search_threads(
        query_text, page=page_arg(), per_page=current_app.config["FORUM_QUESTIONS_PER_PAGE"]
    )
    questions = threads.questions_by_id([hit.question_id for hit in results.hits])
    return render_template(
        "forum/search.html", query_text=query_text, results=results, questions=questions
    )


# --- writing: preview and similar questions while typing --------------------------------------


def _per_member():
    # Keyed on the account: members behind one office address do not share a budget.
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return f"address:{request.remote_addr}"


def _preview_limit():
    return current_app.config["FORUM_PREVIEW_RATE_LIMIT"]


@bp.route("/preview", methods=["POST"])
@permission_required(Permission.POST_IN_FORUM)
@limiter.limit(_preview_limit, key_func=_per_member)
def preview():
    """The preview pane and privacy hint of the ask, answer and edit forms, fetched while the
    author types (forum-compose.js); the forms' own Preview button shows the same without
    JavaScript. CSRF-protected like every POST; the size is checked before anything is read."""
    preview = preview_post(
        request.form.get("body", ""),
        title=request.form.get("title", ""),
        tags=request.form.get("tags", ""),
    )
    status = 422 if preview.problem else 200
    return render_template("forum/_preview.html", preview=preview), status


@bp.route("/similar")
@permission_required(Permission.READ_FORUM)
@limiter.limit(_preview_limit, key_func=_per_member)
def similar():
    """Questions like the one being asked, as the list the ask form shows under its title."""
    title = request.args.get("title", "")[:200]
    return render_template("forum/_similar_questions.html", similar=_similar_questions(title))


# --- notifications -----------------------------------------------------------------------------


@bp.route("/notifications")
@permission_required(Permission.READ_FORUM)
def notification_list():
    page = paginate(notifications.notifications_for(current_user), per_page=30)
    return render_template("forum/notifications.html", page=page, describe=notifications.describe)


@bp.route("/notifications/<int:notification_id>")
@permission_required(Permission.READ_FORUM)
def open_notification(notification_id):
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    notifications.mark_opened(current_user, notification)
    post = notifications.post_for(notification)
    if post is None or post.status not in policies.visible_statuses(current_user):
        flash(_("This post is no longer available."), "info")
        return redirect(url_for("forum.notification_list"))
    return redirect(post_url(post))


@bp.route("/notifications/read", methods=["POST"])
@permission_required(Permission.READ_FORUM)
def read_all_notifications():
    notifications.mark_read(current_user)
    flash(_("All notifications are marked as read."), "info")
    return redirect(url_for("forum.notification_list"))


def flag_reason_label(reason):
    return FLAG_REASON_LABELS.get(reason, reason)


def unread_notifications():
    """The reader's unread count, for the page header: asked only by templates that show it,
    and counted once per request (mails and pages without the header never query it)."""
    if "unread_notifications" not in g:
        # current_user is None while mail is rendered outside a request (CLI).
        readable = current_user and can(current_user, Permission.READ_FORUM)
        g.unread_notifications = notifications.unread_count(current_user) if readable else 0
    return g.unread_notifications


@bp.app_context_processor
def forum_globals():
    return {
        "unread_notifications": unread_notifications,
        "flag_reason_label": flag_reason_label,
        "PostStatus": PostStatus,
    }
