// Poll results as the live room and the presenter screen draw them: bars with counts and
// percentages for choices and scales, a word cloud for short answers. Counts only; every text
// (options, words people typed) is set as text, never as HTML.
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // labels: the data-* attributes of the page's root (labelAnswersOne/Other, labelPeopleOne/Other,
  // labelPercent, labelAverage), with {n} where the number goes.
  function plural(labels, name, count) {
    return (count === 1 ? labels[name + "One"] : labels[name + "Other"]).replace("{n}", count);
  }

  // Keeps the results with the highest version: broadcasts from several server processes may
  // arrive out of order, and an older count must never replace a newer one.
  function newer(known, incoming) {
    return !known || incoming.version >= known.version;
  }

  function render(container, poll, results, labels) {
    container.textContent = "";
    if (!poll || !results) return;
    var total = results.total;
    container.appendChild(el("p", "poll-total muted", plural(labels, "labelPeople", total)));
    if (poll.kind === "words") {
      var cloud = el("ul", "poll-cloud");
      var highest = results.words.reduce(function (max, pair) { return Math.max(max, pair[1]); }, 1);
      results.words.forEach(function (pair) {
        var word = el("li", "poll-word", pair[0]);
        // From 1em for a word given once to 2.6em for the most frequent.
        word.style.fontSize = (1 + 1.6 * (pair[1] / highest)).toFixed(2) + "em";
        word.title = plural(labels, "labelAnswers", pair[1]);
        word.dataset.count = pair[1];
        cloud.appendChild(word);
      });
      container.appendChild(cloud);
      return;
    }
    var names = poll.kind === "scale" ? poll.scale.map(String) : poll.options;
    var bars = el("ol", "poll-bars");
    results.counts.forEach(function (count, index) {
      var percent = total ? Math.round((100 * count) / total) : 0;
      var bar = el("li", "poll-bar");
      bar.dataset.index = index;
      bar.dataset.count = count;
      bar.appendChild(el("span", "poll-bar-label", names[index]));
      var track = el("span", "poll-bar-track");
      var fill = el("span", "poll-bar-fill");
      fill.style.width = percent + "%";
      track.appendChild(fill);
      bar.appendChild(track);
      bar.appendChild(el("span", "poll-bar-count",
        plural(labels, "labelAnswers", count) + " · " + labels.labelPercent.replace("{n}", percent)));
      bars.appendChild(bar);
    });
    container.appendChild(bars);
    if (poll.kind === "scale" && results.average !== null && results.average !== undefined) {
      container.appendChild(el("p", "poll-average", labels.labelAverage.replace("{n}", results.average.toLocaleString(document.documentElement.lang || undefined))));
    }
  }

  window.VerbindPollResults = { render: render, newer: newer };
})();
