// The Week event form shows only the fields that apply: the webinar choice and the meeting link
// for an online event, the address for one on site, registration unless the event is a Verbind
// webinar (people register on the webinar's page), the registration link for registering
// elsewhere. A hidden group is still sent, so what was typed in it comes back if the server
// refuses the form, and the server ignores what does not apply. The webinar choice alone is
// disabled while hidden (data-unsent-when-hidden): the server refuses a webinar for an event on
// site. Without JavaScript every field shows and the server checks the combination.
const form = document.querySelector("form[data-event-form]");
if (form) {
  const online = form.elements.namedItem("online");
  const webinar = form.elements.namedItem("webinar_id");
  const mode = form.elements.namedItem("registration_mode");
  const isWebinar = () => online.checked && webinar !== null && webinar.value !== "0";
  const applies = {
    online: () => online.checked,
    onsite: () => !online.checked,
    "own-online": () => online.checked && !isWebinar(),
    "own-registration": () => !isWebinar(),
    external: () => mode.value === "external",
  };
  const groups = [...form.querySelectorAll("[data-applies]")];
  const update = () => {
    for (const group of groups) {
      // A group the server sent back with an error stays: its message must be read. Groups
      // come in document order, so one inside a hidden group knows it is hidden too.
      const outer = group.parentElement.closest("[data-applies]");
      const shown =
        (outer === null || !outer.hidden) &&
        (applies[group.dataset.applies]() || group.querySelector(".field-error") !== null);
      group.hidden = !shown;
      if ("unsentWhenHidden" in group.dataset) {
        for (const control of group.querySelectorAll("input, select, textarea")) {
          control.disabled = !shown;
        }
      }
    }
  };
  form.addEventListener("change", update);
  update();
}
