// The Week list's filters: folded on phones, so the events come first; a wide screen has room,
// so there they open. Without JavaScript the fold still opens with a tap or click.
const fold = document.getElementById("filters");
if (fold && window.matchMedia("(min-width: 52rem)").matches) {
  fold.open = true;
}
