// The site menu is a <details>, so it opens and closes without this script. The script adds
// comfort: Escape or a click elsewhere closes the folded menu, and in browsers without
// ::details-content it keeps the menu open on wide screens, where its button is hidden.
(function () {
  "use strict";
  const menu = document.getElementById("site-menu");
  if (!menu) {
    return;
  }
  const wide = window.matchMedia("(min-width: 64rem)");
  if (!CSS.supports("selector(::details-content)")) {
    const follow = () => {
      menu.open = wide.matches;
    };
    follow();
    wide.addEventListener("change", follow);
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !wide.matches && !menu.contains(event.target)) {
      menu.open = false;
    }
  });
})();
