// "Vis flere" in the contact log: htmx swaps the link for the next entries; move the
// focus to the first of them so keyboard and screen-reader users continue from there.
document.addEventListener("htmx:afterSettle", () => {
  const loaded = document.querySelector("#timeline-entries [data-first-loaded]");
  if (loaded) {
    loaded.removeAttribute("data-first-loaded");
    loaded.focus();
  }
});
