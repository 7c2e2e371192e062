// The live Q&A: join the webinar's room, show the full state, and keep it current. Questions
// are sent with a client token, so a double click or a retry after reconnecting stores one.
(function () {
  "use strict";
  var root = document.getElementById("live-room");
  if (!root || typeof io === "undefined") {
    return;
  }
  var webinarId = parseInt(root.dataset.webinarId, 10);
  var noScriptNote = document.querySelector(".no-js-note");
  if (noScriptNote) {
    noScriptNote.remove();
  }
  var list = root.querySelector(".live-questions");
  var announcer = root.querySelector("[data-announcer]");
  var form = document.getElementById("ask-form");
  var replyForm = document.getElementById("reply-form");
  var answeredList = root.querySelector("[data-answered-list]");
  var nowAnswering = root.querySelector("[data-now-answering]");
  var editForm = document.getElementById("edit-form");
  var moderateError = root.querySelector("[data-moderate-error]");
  var state = { questions: {}, myVotes: {}, mine: {}, moderator: false, order: list.dataset.order };
  var socket = io("/webinar", { transports: ["websocket", "polling"] });
  var pendingToken = null;

  function token() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID().replace(/-/g, "").slice(0, 32);
    }
    return String(Date.now()) + Math.random().toString(36).slice(2, 12);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, onClick) {
    var b = el("button", "button button-small button-secondary", label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  // What the server said, with the privacy guard's findings when it warned.
  function errorText(reply) {
    var message = (reply && reply.message) || "";
    if (reply && reply.error === "privacy") {
      message += " " + reply.findings.map(function (f) { return f.label + ": " + f.text; }).join("; ");
    }
    return message;
  }

  // The "I have checked" box of a form. It counts only with the digest of the findings the
  // server showed, so the digest is kept from the warning and dropped when the text changes.
  function privacyConfirmation(formNode, textField) {
    var box = formNode.querySelector("[data-privacy-confirm]");
    var tick = box.querySelector("input");
    var digest = null;
    function reset() {
      digest = null;
      tick.checked = false;
      box.hidden = true;
    }
    textField.addEventListener("input", reset);
    return {
      reset: reset,
      warned: function (reply) {
        digest = reply.digest;
        tick.checked = false;
        box.hidden = false;
      },
      addTo: function (payload) {
        if (digest && tick.checked) payload.confirm_privacy = digest;
        return payload;
      },
    };
  }

  function privacyBadge() {
    var badge = el("span", "tag tag-privacy", root.dataset.labelPrivacyConfirmed);
    badge.dataset.privacyConfirmed = "";
    badge.appendChild(el("span", "visually-hidden", " (" + root.dataset.labelPrivacyConfirmedDetail + ")"));
    return badge;
  }

  function sortQuestions(questions) {
    questions.sort(function (a, b) {
      if (state.order === "newest") return b.created_at < a.created_at ? -1 : 1;
      return b.votes - a.votes || (a.created_at < b.created_at ? -1 : 1);
    });
    return questions;
  }

  function questionItem(q) {
    var label = root.dataset;
    var item = el("li", "card live-question state-" + q.state + (q.answering ? " answering" : "") +
      (q.status !== "visible" ? " is-hidden" : ""));
    item.dataset.questionId = q.id;
    item.dataset.state = q.state;
    item.appendChild(el("p", "live-text", q.text));
    var meta = el("p", "muted", (q.real_author && q.real_author !== q.author ? q.author + " (" + q.real_author + ")" : q.author) +
      " · " + (q.votes === 1 ? label.labelVotesOne : label.labelVotesOther).replace("{n}", q.votes) + " ");
    if (q.state !== "open") meta.appendChild(el("span", "tag tag-state tag-" + q.state, q.state_label));
    if (state.mine[q.id]) {
      meta.appendChild(el("span", "tag", label.labelMine));
    } else if (state.myVotes[q.id]) {
      var votedTag = el("span", "tag", label.labelVoted);
      votedTag.dataset.myVote = "";
      meta.appendChild(votedTag);
    }
    if (state.moderator && q.privacy_confirmed) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(privacyBadge());
    }
    item.appendChild(meta);
    if (state.moderator && q.original_text) {
      var original = el("p", "live-original");
      original.dataset.original = "";
      original.appendChild(el("span", "muted", label.labelOriginal.replace("{name}", q.edited_by || "—")));
      original.appendChild(document.createTextNode(" " + q.original_text));
      item.appendChild(original);
    }
    if (q.reply) item.appendChild(el("p", "live-reply", q.reply));
    var actions = el("div", "actions");
    // No vote button on your own question; a vote given is taken back with the same button.
    if (q.status === "visible" && !state.mine[q.id]) {
      var voted = !!state.myVotes[q.id];
      var voteButton = button(voted ? label.labelUnvote : "▲ " + label.labelVote, function () { vote(q.id, !voted); });
      voteButton.dataset.vote = q.id;
      actions.appendChild(voteButton);
    }
    if (state.moderator) {
      // Only what fits the question's state (the server refuses anything else).
      (q.actions || []).forEach(function (action) {
        if (action === "reply") {
          if (!replyForm) return;
          var replyButton = button(label.labelReply, function () { openReply(q); });
          replyButton.dataset.reply = q.id;
          actions.appendChild(replyButton);
        } else if (action === "edit") {
          if (!editForm) return;
          var editButton = button(label.labelEdit, function () { openEdit(q); });
          editButton.dataset.edit = q.id;
          actions.appendChild(editButton);
        } else {
          var name = label["label" + action.charAt(0).toUpperCase() + action.slice(1)];
          actions.appendChild(button(name, function () { moderate(q.id, action); }));
        }
      });
    }
    item.appendChild(actions);
    return item;
  }

  function fill(target, questions, emptyText) {
    target.textContent = "";
    if (!questions.length) target.appendChild(el("li", "empty", emptyText));
    questions.forEach(function (q) { target.appendChild(questionItem(q)); });
  }

  var lastAnswering = null;

  function renderNowAnswering(questions) {
    var current = questions.filter(function (q) { return q.answering && q.status === "visible"; })[0];
    var key = current ? current.id + ":" + current.text : null;
    if (key === lastAnswering) return; // unchanged: do not make screen readers repeat it
    lastAnswering = key;
    nowAnswering.textContent = "";
    if (!current) return;
    var card = el("div", "now-answering-card");
    card.appendChild(el("p", "now-answering-label", root.dataset.labelNowAnswering));
    card.appendChild(el("p", "now-answering-text", current.text));
    nowAnswering.appendChild(card);
  }

  function render() {
    var questions = sortQuestions(Object.keys(state.questions).map(function (id) { return state.questions[id]; }));
    // Keep the keyboard where it was: the same question, the same button (by position).
    var active = document.activeElement;
    var focused = active && active.tagName === "BUTTON" && active.closest && active.closest(".live-question");
    var focusedId = focused ? focused.dataset.questionId : null;
    var focusedIndex = focused ? Array.prototype.indexOf.call(focused.querySelectorAll("button"), active) : 0;
    fill(list, questions.filter(function (q) { return q.state !== "answered"; }), root.dataset.emptyText);
    fill(answeredList, questions.filter(function (q) { return q.state === "answered"; }), root.dataset.emptyAnsweredText);
    renderNowAnswering(questions);
    if (focusedId) {
      var buttons = root.querySelectorAll('.live-question[data-question-id="' + focusedId + '"] button');
      var again = buttons[Math.min(focusedIndex, buttons.length - 1)];
      if (again) again.focus();
    }
  }

  function applyState(reply) {
    if (!reply || !reply.ok) return;
    state.questions = {};
    reply.questions.forEach(function (q) { state.questions[q.id] = q; });
    state.myVotes = {};
    reply.my_votes.forEach(function (id) { state.myVotes[id] = true; });
    state.mine = {};
    reply.my_questions.forEach(function (id) { state.mine[id] = true; });
    state.moderator = reply.moderator;
    root.querySelector("[data-qa-closed]").hidden = !reply.qa_closed;
    applyPolls(reply);
    root.dataset.live = "joined";
    render();
  }

  function vote(id, voted) {
    socket.emit("vote", { webinar_id: webinarId, question_id: id, voted: voted }, function (reply) {
      if (reply && reply.ok) {
        if (reply.voted) state.myVotes[id] = true; else delete state.myVotes[id];
        if (state.questions[id]) newerCount(state.questions[id], reply.votes, reply.version);
        render();
      }
    });
  }

  function moderate(id, action) {
    socket.emit("moderate", { webinar_id: webinarId, question_id: id, action: action }, function (reply) {
      if (moderateError) moderateError.textContent = reply && reply.ok ? "" : errorText(reply);
    });
  }

  // The host's reply, in a form of its own outside the list (which is redrawn on every event).
  var replyConfirmation = replyForm && privacyConfirmation(replyForm, replyForm.elements.reply);

  function openReply(q) {
    replyForm.dataset.questionId = q.id;
    replyForm.querySelector("[data-reply-question]").textContent = q.text;
    replyForm.querySelector("[data-reply-error]").textContent = "";
    replyForm.elements.reply.value = q.reply || "";
    replyConfirmation.reset();
    replyForm.hidden = false;
    replyForm.elements.reply.focus();
  }

  function closeReply() {
    var id = replyForm.dataset.questionId;
    replyForm.hidden = true;
    var again = root.querySelector('[data-reply="' + id + '"]');
    if (again) again.focus();
  }

  socket.on("connect", function () {
    // After every (re)connect: join again and take the full current state.
    socket.emit("join", { webinar_id: webinarId }, applyState);
  });
  socket.on("session_ended", function () {
    socket.disconnect();
  });
  socket.on("question", function (q) {
    var known = state.questions[q.id];
    var isNew = !known;
    // A count that arrived with a newer version stays (the question was read before it).
    if (known) newerCount(q, known.votes, known.vote_version || 0);
    state.questions[q.id] = q;
    render();
    if (isNew && announcer) announcer.textContent = root.dataset.newQuestionText + ": " + q.text;
  });
  // Your own question while it waits for approval (only you and the moderators see it).
  socket.on("own_question", function (q) {
    if (q.webinar_id !== webinarId || state.moderator) return;
    state.mine[q.id] = true;
    state.questions[q.id] = q;
    render();
  });
  socket.on("question_removed", function (data) {
    delete state.questions[data.id];
    render();
  });
  // Counts come coalesced, a few times per second; each carries its version, and an older one
  // (from another server process, arriving late) never overwrites a newer count.
  function newerCount(question, votes, version) {
    if (version >= (question.vote_version || 0)) {
      question.votes = votes;
      question.vote_version = version;
    }
  }
  socket.on("votes", function (data) {
    data.changes.forEach(function (change) {
      if (state.questions[change.id]) newerCount(state.questions[change.id], change.votes, change.version);
    });
    render();
  });
  socket.on("qa_state", function (data) {
    root.querySelector("[data-qa-closed]").hidden = !data.qa_closed;
    if (form) form.hidden = data.qa_closed;
  });

  // --- live polls ------------------------------------------------------------------------------
  // Attendees see the poll the host opened (or the last closed one while its results are shown);
  // the host and moderators see every poll with its results and the buttons to run it. Answers
  // go with an acknowledgement; results arrive coalesced, each with a version (see newer()).
  var pollBox = document.getElementById("live-poll");
  var hostPanel = document.getElementById("poll-host-panel");
  var Results = window.VerbindPollResults;
  var polls = { byId: {}, results: {}, mine: {}, currentId: null };

  function inRoom(poll) {
    return poll && (poll.state === "open" || (poll.state === "closed" && poll.results_visible));
  }

  function keepResults(results) {
    if (results && Results.newer(polls.results[results.poll_id], results)) {
      polls.results[results.poll_id] = results;
    }
  }

  function applyPolls(reply) {
    polls.byId = {};
    polls.results = {};
    polls.mine = {};
    polls.currentId = null;
    (reply.polls || (reply.poll ? [reply.poll] : [])).forEach(function (poll) { polls.byId[poll.id] = poll; });
    (reply.poll_results || []).forEach(keepResults);
    var current = reply.poll || (reply.polls || []).filter(function (p) { return p.state === "open"; })[0];
    if (current) {
      polls.currentId = current.id;
      if (reply.my_answer !== null && reply.my_answer !== undefined) polls.mine[current.id] = reply.my_answer;
    }
    renderPoll(true);
    renderHostPanel();
  }

  function sameAnswer(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  var shownPollKey = null;

  // The answer controls are rebuilt only when another poll (or its state) is shown, so what
  // someone is choosing or typing is never wiped by a results broadcast.
  function renderPoll(rebuild) {
    if (!pollBox) return;
    var poll = polls.byId[polls.currentId];
    if (!inRoom(poll)) {
      pollBox.hidden = true;
      shownPollKey = null;
      return;
    }
    pollBox.hidden = false;
    pollBox.dataset.pollId = poll.id;
    pollBox.dataset.state = poll.state;
    pollBox.dataset.kind = poll.kind;
    var key = poll.id + ":" + poll.state;
    if (rebuild || key !== shownPollKey) {
      shownPollKey = key;
      buildAnswerForm(poll);
    }
    var resultsBox = pollBox.querySelector("[data-poll-results]");
    var results = polls.results[poll.id];
    if (results && (poll.results_visible || state.moderator)) {
      Results.render(resultsBox, poll, results, pollBox.dataset);
    } else {
      resultsBox.textContent = "";
      if (poll.state === "open" && polls.mine[poll.id] !== undefined) {
        resultsBox.appendChild(el("p", "muted", pollBox.dataset.labelResultsHidden));
      }
    }
  }

  function buildAnswerForm(poll) {
    pollBox.querySelector("[data-poll-question]").textContent = poll.question;
    pollBox.querySelector("[data-poll-state]").textContent = poll.state_label;
    pollBox.querySelector("[data-poll-kind]").textContent = poll.kind_label;
    var answerForm = document.getElementById("poll-answer-form");
    var open = poll.state === "open";
    answerForm.hidden = !open;
    pollBox.querySelector("[data-poll-closed]").hidden = open;
    pollBox.querySelector("[data-poll-error]").textContent = "";
    var mine = polls.mine[poll.id];
    pollBox.querySelector("[data-poll-saved]").hidden = mine === undefined;
    var choices = pollBox.querySelector("[data-poll-choices]");
    var legend = choices.querySelector("legend");
    choices.textContent = "";
    choices.appendChild(legend);
    var hint = pollBox.querySelector("[data-poll-hint]");
    hint.textContent = poll.max_choices
      ? (poll.max_choices === 1 ? pollBox.dataset.labelChooseAtMostOne : pollBox.dataset.labelChooseAtMostOther).replace("{n}", poll.max_choices)
      : "";
    var submit = document.getElementById("poll-submit");
    submit.hidden = poll.kind === "scale";
    submit.textContent = mine === undefined ? pollBox.dataset.labelSend : pollBox.dataset.labelChange;
    if (!open) return;
    if (poll.kind === "single" || poll.kind === "multiple") {
      poll.options.forEach(function (option, index) {
        var row = el("div", poll.kind === "single" ? "radio poll-option" : "checkbox poll-option");
        var input = el("input", "poll-choice");
        input.type = poll.kind === "single" ? "radio" : "checkbox";
        input.name = "poll-choice";
        input.id = "poll-choice-" + index;
        input.value = index;
        input.checked = Array.isArray(mine) && mine.indexOf(index) !== -1;
        var label = el("label", "", option);
        label.htmlFor = input.id;
        row.appendChild(input);
        row.appendChild(label);
        choices.appendChild(row);
      });
    } else if (poll.kind === "scale") {
      var scale = el("div", "poll-scale");
      if (poll.scale_min_label) scale.appendChild(el("span", "poll-scale-label muted", poll.scale_min_label));
      poll.scale.forEach(function (value) {
        var b = el("button", "button button-secondary poll-scale-button", String(value));
        b.type = "button";
        b.dataset.value = value;
        b.setAttribute("aria-pressed", mine === value ? "true" : "false");
        b.addEventListener("click", function () { sendAnswer(poll, value); });
        scale.appendChild(b);
      });
      if (poll.scale_max_label) scale.appendChild(el("span", "poll-scale-label muted", poll.scale_max_label));
      choices.appendChild(scale);
    } else {
      var input = el("input", "poll-word-input");
      input.type = "text";
      input.id = "poll-word";
      input.maxLength = 40;
      input.autocomplete = "off";
      input.value = typeof mine === "string" ? mine : "";
      var label = el("label", "", poll.question);
      label.htmlFor = input.id;
      label.className = "visually-hidden";
      choices.appendChild(label);
      choices.appendChild(input);
    }
  }

  function currentAnswer(poll) {
    if (poll.kind === "words") return document.getElementById("poll-word").value;
    var chosen = [];
    pollBox.querySelectorAll(".poll-choice").forEach(function (input) {
      if (input.checked) chosen.push(parseInt(input.value, 10));
    });
    return chosen;
  }

  function sendAnswer(poll, answer) {
    var errorBox = pollBox.querySelector("[data-poll-error]");
    socket.emit("poll_answer", { webinar_id: webinarId, poll_id: poll.id, answer: answer }, function (reply) {
      if (!reply || !reply.ok) {
        errorBox.textContent = errorText(reply);
        return;
      }
      errorBox.textContent = "";
      var first = polls.mine[poll.id] === undefined;
      polls.mine[poll.id] = reply.answer;
      pollBox.querySelector("[data-poll-saved]").hidden = false;
      document.getElementById("poll-submit").textContent = pollBox.dataset.labelChange;
      pollBox.querySelectorAll(".poll-scale-button").forEach(function (b) {
        b.setAttribute("aria-pressed", sameAnswer(parseInt(b.dataset.value, 10), reply.answer) ? "true" : "false");
      });
      if (first) renderPoll(false);
    });
  }

  var pollForm = document.getElementById("poll-answer-form");
  if (pollForm) {
    pollForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var poll = polls.byId[polls.currentId];
      if (poll) sendAnswer(poll, currentAnswer(poll));
    });
  }

  function renderHostPanel() {
    if (!hostPanel) return;
    var list = hostPanel.querySelector("[data-poll-host-list]");
    var all = Object.keys(polls.byId).map(function (id) { return polls.byId[id]; });
    if (!all.length) return;
    all.sort(function (a, b) { return a.position - b.position || a.id - b.id; });
    var labels = hostPanel.dataset;
    // Redrawn on every change and every results broadcast: keep the keyboard on the same poll,
    // on the button where it was (the one pressed is replaced by the next step).
    var active = document.activeElement;
    var focused = active && active.tagName === "BUTTON" && active.closest(".poll-host-item");
    var focusedId = focused ? focused.dataset.pollId : null;
    var focusedIndex = focused ? Array.prototype.indexOf.call(focused.querySelectorAll("button"), active) : 0;
    list.textContent = "";
    all.forEach(function (poll) {
      var item = el("li", "card poll-host-item state-" + poll.state);
      item.dataset.pollId = poll.id;
      item.dataset.state = poll.state;
      item.appendChild(el("p", "poll-host-question", poll.question));
      var meta = el("p", "muted", poll.kind_label + " ");
      meta.appendChild(el("span", "tag tag-state", poll.state_label));
      if (poll.results_visible) {
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(el("span", "tag", labels.labelResultsShown));
      }
      item.appendChild(meta);
      var actions = el("div", "actions");
      function action(name, label) {
        var b = button(label, function () { controlPoll(poll.id, name); });
        b.dataset.pollAction = name;
        actions.appendChild(b);
      }
      if (poll.state === "open") action("close", labels.labelClose);
      else action("open", poll.state === "closed" ? labels.labelOpenAgain : labels.labelOpen);
      if (poll.state !== "draft") {
        if (poll.results_visible) action("hide_results", labels.labelHideResults);
        else action("show_results", labels.labelShowResults);
      }
      item.appendChild(actions);
      var resultsBox = el("div", "poll-results");
      if (poll.state !== "draft") Results.render(resultsBox, poll, polls.results[poll.id], labels);
      item.appendChild(resultsBox);
      list.appendChild(item);
    });
    if (focusedId) {
      var buttons = list.querySelectorAll('.poll-host-item[data-poll-id="' + focusedId + '"] button');
      var again = buttons[Math.min(focusedIndex, buttons.length - 1)];
      if (again) again.focus();
    }
  }

  function controlPoll(pollId, action) {
    var errorBox = hostPanel.querySelector("[data-poll-host-error]");
    socket.emit("poll_control", { webinar_id: webinarId, poll_id: pollId, action: action }, function (reply) {
      errorBox.textContent = reply && reply.ok ? "" : errorText(reply);
    });
  }

  socket.on("poll", function (data) {
    var poll = data.poll;
    polls.byId[poll.id] = poll;
    if (data.results) keepResults(data.results);
    else if (!state.moderator) delete polls.results[poll.id];
    if (poll.state === "open") {
      polls.currentId = poll.id;
    } else if (!state.moderator && polls.currentId !== poll.id && inRoom(poll)) {
      polls.currentId = poll.id; // the host shows the results of a closed poll
    }
    renderPoll(false);
    renderHostPanel();
  });
  socket.on("poll_results", function (results) {
    keepResults(results);
    renderPoll(false);
    renderHostPanel();
  });

  var toggle = root.querySelector("[data-toggle-qa]");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var closed = root.dataset.qaClosedState !== "1";
      socket.emit("close_qa", { webinar_id: webinarId, closed: closed }, function (reply) {
        if (reply && reply.ok) {
          root.dataset.qaClosedState = reply.qa_closed ? "1" : "0";
          window.location.reload();
        }
      });
    });
  }

  if (replyForm) {
    replyForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var errorBox = replyForm.querySelector("[data-reply-error]");
      socket.emit("moderate", replyConfirmation.addTo({
        webinar_id: webinarId,
        question_id: parseInt(replyForm.dataset.questionId, 10),
        action: "reply",
        reply: replyForm.elements.reply.value,
      }), function (reply) {
        if (reply && reply.ok) {
          errorBox.textContent = "";
          replyConfirmation.reset();
          closeReply();
          return;
        }
        if (reply && reply.error === "privacy") replyConfirmation.warned(reply);
        errorBox.textContent = errorText(reply);
      });
    });
    replyForm.querySelector("[data-reply-cancel]").addEventListener("click", closeReply);
  }

  // A moderator's correction of a question's text, checked by the privacy guard like a reply.
  var editConfirmation = editForm && privacyConfirmation(editForm, editForm.elements.text);

  function openEdit(q) {
    editForm.dataset.questionId = q.id;
    editForm.querySelector("[data-edit-error]").textContent = "";
    editForm.elements.text.value = q.text;
    editConfirmation.reset();
    editForm.hidden = false;
    editForm.elements.text.focus();
  }

  function closeEdit() {
    var id = editForm.dataset.questionId;
    editForm.hidden = true;
    var again = root.querySelector('[data-edit="' + id + '"]');
    if (again) again.focus();
  }

  if (editForm) {
    editForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var errorBox = editForm.querySelector("[data-edit-error]");
      socket.emit("edit", editConfirmation.addTo({
        webinar_id: webinarId,
        question_id: parseInt(editForm.dataset.questionId, 10),
        text: editForm.elements.text.value,
      }), function (reply) {
        if (reply && reply.ok) {
          errorBox.textContent = "";
          editConfirmation.reset();
          closeEdit();
          return;
        }
        if (reply && reply.error === "privacy") editConfirmation.warned(reply);
        errorBox.textContent = errorText(reply);
      });
    });
    editForm.querySelector("[data-edit-cancel]").addEventListener("click", closeEdit);
  }

  if (form) {
    var askConfirmation = privacyConfirmation(form, form.elements.text);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var errorBox = form.querySelector("[data-ask-error]");
      pendingToken = pendingToken || token();
      socket.emit("ask", askConfirmation.addTo({
        webinar_id: webinarId,
        text: form.elements.text.value,
        anonymous: form.elements.anonymous.checked,
        client_token: pendingToken,
      }), function (reply) {
        if (reply && reply.ok) {
          state.mine[reply.question.id] = true;
          state.questions[reply.question.id] = reply.question;
          render();
          form.reset();
          pendingToken = null;
          askConfirmation.reset();
          errorBox.textContent = "";
          return;
        }
        if (reply && reply.error === "privacy") askConfirmation.warned(reply);
        errorBox.textContent = errorText(reply);
      });
    });
  }
})();
