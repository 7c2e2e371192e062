// The presenter view: joins the webinar's room read-only (as attendees see it) and shows the
// question answered now, large, with the next few by votes. Re-syncs fully on every reconnect.
(function () {
  "use strict";
  var root = document.getElementById("presenter");
  if (!root || typeof io === "undefined") {
    return;
  }
  var webinarId = parseInt(root.dataset.webinarId, 10);
  var nextCount = parseInt(root.dataset.nextCount, 10);
  var currentBox = root.querySelector("[data-current]");
  var nextList = root.querySelector("[data-next]");
  var questions = {};
  var shownCurrent;
  var socket = io("/webinar", { transports: ["websocket", "polling"] });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function votes(count) {
    var label = count === 1 ? root.dataset.labelVotesOne : root.dataset.labelVotesOther;
    return label.replace("{n}", count);
  }

  function render() {
    var all = Object.keys(questions).map(function (id) { return questions[id]; });
    var current = all.filter(function (q) { return q.answering; })[0];
    var key = current ? current.id + ":" + current.text : "";
    // Redrawn only when it changed, so a screen reader announces a new question once.
    if (key !== shownCurrent) {
      shownCurrent = key;
      currentBox.textContent = "";
      if (current) {
        var card = el("div", "presenter-current");
        card.appendChild(el("p", "presenter-label", root.dataset.labelNowAnswering));
        card.appendChild(el("p", "presenter-text", current.text));
        currentBox.appendChild(card);
      } else {
        currentBox.appendChild(el("p", "presenter-none", root.dataset.labelNone));
      }
    }
    var next = all.filter(function (q) { return !q.answering && !q.answered; });
    next.sort(function (a, b) {
      return b.votes - a.votes || (a.created_at < b.created_at ? -1 : 1) || a.id - b.id;
    });
    nextList.textContent = "";
    if (!next.length) nextList.appendChild(el("li", "presenter-none", root.dataset.labelNoNext));
    next.slice(0, nextCount).forEach(function (q) {
      var item = el("li");
      item.appendChild(el("span", "presenter-votes", votes(q.votes)));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", "presenter-question", q.text));
      nextList.appendChild(item);
    });
  }

  socket.on("connect", function () {
    socket.emit("join", { webinar_id: webinarId, presenter: true }, function (reply) {
      if (!reply || !reply.ok) return;
      questions = {};
      reply.questions.forEach(function (q) { questions[q.id] = q; });
      root.dataset.live = "joined";
      render();
      poll = reply.poll;
      pollResults = (reply.poll_results || [])[0] || null;
      renderPoll();
    });
  });
  // The room's poll, as attendees see it: its results appear when the host shows them.
  var pollBox = document.getElementById("presenter-poll");
  var poll = null;
  var pollResults = null;

  function renderPoll() {
    var shown = poll && (poll.state === "open" || (poll.state === "closed" && poll.results_visible));
    pollBox.hidden = !shown;
    if (!shown) return;
    pollBox.dataset.pollId = poll.id;
    pollBox.querySelector("[data-poll-state]").textContent = poll.state_label;
    pollBox.querySelector("[data-poll-question]").textContent = poll.question;
    var options = pollBox.querySelector("[data-poll-options]");
    options.textContent = "";
    var visible = poll.results_visible && pollResults && pollResults.poll_id === poll.id;
    // Before the results: the options, so the room knows what to choose from.
    if (!visible && poll.kind !== "words") {
      (poll.kind === "scale" ? poll.scale.map(String) : poll.options).forEach(function (option) {
        options.appendChild(el("li", "", option));
      });
    }
    var box = pollBox.querySelector("[data-poll-results]");
    if (visible) window.VerbindPollResults.render(box, poll, pollResults, pollBox.dataset);
    else box.textContent = pollBox.dataset.labelResultsHidden;
  }

  socket.on("poll", function (data) {
    if (data.poll.state !== "open" && poll && poll.id !== data.poll.id && poll.state === "open") return;
    if (!poll || poll.id !== data.poll.id) pollResults = null;
    poll = data.poll;
    if (data.results) pollResults = data.results;
    renderPoll();
  });
  socket.on("poll_results", function (results) {
    if (poll && results.poll_id === poll.id && window.VerbindPollResults.newer(pollResults, results)) {
      pollResults = results;
      renderPoll();
    }
  });
  socket.on("session_ended", function () {
    socket.disconnect();
  });
  socket.on("question", function (q) {
    var known = questions[q.id];
    if (known && (known.vote_version || 0) > (q.vote_version || 0)) {
      q.votes = known.votes;
      q.vote_version = known.vote_version;
    }
    if (q.status === "visible") questions[q.id] = q; else delete questions[q.id];
    render();
  });
  socket.on("question_removed", function (data) {
    delete questions[data.id];
    render();
  });
  // Coalesced counts with versions: an older count arriving late never wins (see webinar-live.js).
  socket.on("votes", function (data) {
    data.changes.forEach(function (change) {
      var question = questions[change.id];
      if (question && change.version >= (question.vote_version || 0)) {
        question.votes = change.votes;
        question.vote_version = change.version;
      }
    });
    render();
  });
})();
