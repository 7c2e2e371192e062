// Writing a question, answer or edit: while the author types, the server renders a preview and
// runs the privacy check (a pause of 600 ms between calls), and on the ask form it lists
// similar questions from the title. Both fragments are rendered and escaped by the server.
// Without JavaScript the form's Preview button shows the same on a reloaded page.
(function () {
  "use strict";
  var PAUSE_MS = 600;

  function debounce(fn) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, PAUSE_MS);
    };
  }

  // The one place server HTML enters the page: the preview, rendered through the server's
  // sanitiser, and the similar questions, whose titles the server escapes.
  function showFragment(target, html) {
    target.innerHTML = html;
  }

  function fieldValue(form, name) {
    var field = form.elements.namedItem(name);
    return field && typeof field.value === "string" ? field.value : "";
  }

  function enhance(form) {
    var pane = form.querySelector("[data-preview]");
    var similar = form.querySelector("[data-similar]");
    var body = form.elements.namedItem("body");
    var title = form.elements.namedItem("title");
    var previewSent = 0;
    var similarSent = 0;

    function updatePreview() {
      if (!pane || !form.dataset.previewUrl) {
        return;
      }
      var data = new FormData();
      ["csrf_token", "title", "body", "tags"].forEach(function (name) {
        data.append(name, fieldValue(form, name));
      });
      var sent = ++previewSent;
      fetch(form.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) {
          // 200 and 422 carry a fragment to show; anything else (a limit) keeps the last one.
          if (response.status !== 200 && response.status !== 422) {
            throw new Error("preview " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          if (sent === previewSent) {
            showFragment(pane, html);
          }
        })
        .catch(function () {});
    }

    function updateSimilar() {
      if (!similar || !form.dataset.similarUrl || !title) {
        return;
      }
      var sent = ++similarSent;
      var url = form.dataset.similarUrl + "?title=" + encodeURIComponent(title.value.slice(0, 200));
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("similar " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          if (sent === similarSent) {
            showFragment(similar, html);
          }
        })
        .catch(function () {});
    }

    var previewLater = debounce(updatePreview);
    [body, title, form.elements.namedItem("tags")].forEach(function (field) {
      if (field && field.addEventListener) {
        field.addEventListener("input", previewLater);
      }
    });
    if (title && similar) {
      title.addEventListener("input", debounce(updateSimilar));
    }
    // The Preview button answers at once, without reloading the page.
    var button = form.querySelector('button[name="preview"]');
    if (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        updatePreview();
        updateSimilar();
      });
    }
  }

  document.querySelectorAll("form[data-compose]").forEach(enhance);
})();
