// The site menu is a <details>, so it opens and closes without this script. The script adds
// comfort: Escape or a click elsewhere closes the folded menu (and the search box on wide
// screens), and in browsers without ::details-content it keeps the menu open on wide screens,
// where its button is hidden.
(function () {
  "use strict";
  const menu = document.getElementById("site-menu");
  if (!menu) {
    return;
  }
  const wide = window.matchMedia("(min-width: 64rem)");
  // The header's search box, a <details> too: opened from its button on wide screens, always
  // shown in the folded menu.
  const search = document.getElementById("site-search");
  if (!CSS.supports("selector(::details-content)")) {
    const follow = () => {
      menu.open = wide.matches;
      if (search) search.open = !wide.matches;
    };
    follow();
    wide.addEventListener("change", follow);
  }
  if (search) {
    // Opened here rather than by the browser, so the box has the focus before the next key:
    // the "toggle" event comes too late for someone who types at once.
    search.querySelector("summary").addEventListener("click", (event) => {
      if (!wide.matches || search.open) return;
      event.preventDefault();
      search.open = true;
      search.querySelector("input").focus();
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && search && search.open && wide.matches) {
      search.open = false;
      search.querySelector("summary").focus();
    } else if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !wide.matches && !menu.contains(event.target)) {
      menu.open = false;
    }
    if (search && search.open && wide.matches && !search.contains(event.target)) {
      search.open = false;
    }
  });
})();
