// Ordering questions of a quiz attempt: move items with "Up"/"Down" buttons (keyboard) or by
// dragging their handle (pointer events: mouse, touch, pen). Every move writes the places into
// the same number drop-downs the page has without JavaScript, so the form posts as before; a
// polite live region says where the item is now. Without JavaScript the drop-downs stay.
(function () {
  "use strict";
  var announcer = document.getElementById("ordering-announcer");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  function items(list) {
    return Array.prototype.slice.call(list.children);
  }

  function writePlaces(list) {
    items(list).forEach(function (li, index) {
      li.querySelector("select").value = String(index + 1);
      li.querySelector(".ordering-place").textContent = String(index + 1) + ".";
    });
  }

  function announce(list, li) {
    if (!announcer) {
      return;
    }
    var all = items(list);
    announcer.textContent = fill(list.dataset.moved, {
      item: li.dataset.item,
      place: all.indexOf(li) + 1,
      count: all.length,
    });
  }

  function move(list, li, step) {
    var all = items(list);
    var target = all.indexOf(li) + step;
    if (target < 0 || target >= all.length) {
      return;
    }
    if (step < 0) {
      list.insertBefore(li, all[target]);
    } else {
      list.insertBefore(li, all[target].nextSibling);
    }
    writePlaces(list);
    announce(list, li);
  }

  function button(list, li, label, text, step) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button button-secondary ordering-move";
    element.textContent = text;
    element.setAttribute("aria-label", fill(label, { item: li.dataset.item }));
    element.addEventListener("click", function () {
      move(list, li, step);
      element.focus();
    });
    return element;
  }

  function enableDrag(list, li, handle) {
    var dragging = false;
    handle.addEventListener("pointerdown", function (event) {
      dragging = true;
      handle.setPointerCapture(event.pointerId);
      li.classList.add("dragging");
      event.preventDefault();
    });
    handle.addEventListener("pointermove", function (event) {
      if (!dragging) {
        return;
      }
      var others = items(list).filter(function (other) {
        return other !== li;
      });
      var before = null;
      for (var i = 0; i < others.length; i++) {
        var box = others[i].getBoundingClientRect();
        if (event.clientY < box.top + box.height / 2) {
          before = others[i];
          break;
        }
      }
      if (before !== li.nextSibling) {
        list.insertBefore(li, before);
      }
    });
    function drop() {
      if (!dragging) {
        return;
      }
      dragging = false;
      li.classList.remove("dragging");
      writePlaces(list);
      announce(list, li);
    }
    handle.addEventListener("pointerup", drop);
    handle.addEventListener("pointercancel", drop);
  }

  function enhance(list) {
    var all = items(list);
    var places = all.map(function (li) {
      return parseInt(li.querySelector("select").value, 10);
    });
    var complete = places.every(function (place) {
      return place > 0;
    });
    if (complete && new Set(places).size === places.length) {
      // Given before (the page came back): show the items in the learner's order.
      all
        .map(function (li, index) {
          return { li: li, place: places[index] };
        })
        .sort(function (a, b) {
          return a.place - b.place;
        })
        .forEach(function (entry) {
          list.appendChild(entry.li);
        });
    }
    items(list).forEach(function (li, index) {
      var select = li.querySelector("select");
      select.hidden = true;
      select.previousElementSibling.hidden = true; // its label
      var handle = document.createElement("span");
      handle.className = "ordering-handle";
      handle.setAttribute("aria-hidden", "true");
      handle.textContent = "\u2630";
      var place = document.createElement("span");
      place.className = "ordering-place";
      place.textContent = complete ? String(index + 1) + "." : "";
      li.insertBefore(place, li.firstChild);
      li.insertBefore(handle, li.firstChild);
      li.appendChild(button(list, li, list.dataset.moveUp, list.dataset.up, -1));
      li.appendChild(button(list, li, list.dataset.moveDown, list.dataset.down, 1));
      enableDrag(list, li, handle);
    });
    list.classList.add("ordering-enhanced");
    var fieldset = list.closest("fieldset");
    var hint = fieldset && fieldset.querySelector(".ordering-hint");
    if (hint) {
      hint.hidden = false;
      hint.previousElementSibling.hidden = true; // the hint about drop-downs
    }
  }

  document.querySelectorAll("ul.ordering").forEach(enhance);
})();
