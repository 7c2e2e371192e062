// Live updates on a question page: follow the question's room, update scores, fetch new answers
// (rendered for this reader by the server) and make votes work without a page reload.
// Without JavaScript the page works the same through ordinary forms and reloads.
(function () {
  "use strict";
  var root = document.getElementById("live-thread");
  if (!root || typeof io === "undefined") {
    return;
  }
  var questionId = parseInt(root.dataset.questionId, 10);
  var notice = root.querySelector(".live-notice");
  var answerList = document.getElementById("answer-list");
  var csrfInput = document.querySelector('input[name="csrf_token"]');
  var csrfToken = csrfInput ? csrfInput.value : "";

  function setScore(postId, score) {
    root.querySelectorAll('[data-score-for="' + postId + '"]').forEach(function (el) {
      el.textContent = String(score);
    });
  }

  function announce(text) {
    if (!notice) {
      return;
    }
    notice.hidden = false;
    notice.textContent = text + " ";
    var link = document.createElement("a");
    link.href = window.location.pathname + window.location.search;
    link.textContent = root.dataset.reloadText;
    notice.appendChild(link);
  }

  function insertAnswer(answerId) {
    if (document.getElementById("post-" + answerId)) {
      return;
    }
    var url = root.dataset.fragmentUrl.replace(/\/0\/fragment$/, "/" + answerId + "/fragment");
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("fragment " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        var empty = document.getElementById("no-answers");
        if (empty) {
          empty.remove();
        }
        answerList.appendChild(template.content);
        enhanceVoteForms(answerList);
        announce(root.dataset.newAnswerText);
      })
      .catch(function () {
        announce(root.dataset.newAnswerText);
      });
  }

  function enhanceVoteForms(scope) {
    scope.querySelectorAll("form.vote-form").forEach(function (form) {
      if (form.dataset.enhanced) {
        return;
      }
      form.dataset.enhanced = "1";
      form.addEventListener("submit", function (event) {
        var button = event.submitter;
        if (!button || !window.fetch) {
          return;
        }
        event.preventDefault();
        var body = new FormData(form);
        body.append("value", button.value);
        fetch(form.action, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
        })
          .then(function (response) {
            return response.json().then(function (data) {
              return { ok: response.ok, data: data };
            });
          })
          .then(function (result) {
            if (!result.ok) {
              announce(result.data.error || "");
              return;
            }
            var postId = form.closest(".votes").dataset.postId;
            setScore(postId, result.data.score);
            form.querySelectorAll("button.vote").forEach(function (b) {
              var on = parseInt(b.value, 10) === result.data.my_vote;
              b.classList.toggle("voted", on);
              b.setAttribute("aria-pressed", on ? "true" : "false");
            });
          })
          .catch(function () {
            form.submit();
          });
      });
    });
  }

  enhanceVoteForms(root);

  var socket = io("/forum", { transports: ["websocket", "polling"] });
  socket.on("connect", function () {
    // Re-follow after every (re)connect: the server forgets rooms when a socket drops.
    socket.emit("follow", { question_id: questionId }, function (reply) {
      // Marks the page as live (also what the browser tests wait for).
      root.dataset.live = reply && reply.ok ? "following" : "off";
    });
  });
  socket.on("session_ended", function () {
    socket.disconnect();
  });
  socket.on("score_changed", function (data) {
    setScore(data.post_id, data.score);
  });
  socket.on("answer_posted", function (data) {
    // The whole "3 answers" is replaced, in the singular or plural the server rendered.
    root.querySelectorAll("[data-answer-count]").forEach(function (el) {
      var label = data.answer_count === 1 ? el.dataset.labelOne : el.dataset.labelOther;
      el.textContent = label.replace("{n}", data.answer_count);
    });
    insertAnswer(data.answer_id);
  });
  socket.on("comment_posted", function () {
    announce(root.dataset.newCommentText);
  });
  socket.on("answer_accepted", function () {
    announce(root.dataset.acceptedText);
  });
})();
