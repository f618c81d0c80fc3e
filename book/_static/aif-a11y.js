// Give the theme's icon-only navigation toggles an accessible name (WCAG 4.1.2):
// each <summary> that opens a section of the table of contents is named after that section.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("nav details > summary").forEach(function (summary) {
    if (summary.textContent.trim() || summary.getAttribute("aria-label")) return;
    var link = summary.parentElement.parentElement.querySelector(":scope > a");
    var section = link ? link.textContent.trim() : "this section";
    summary.setAttribute("aria-label", "Show or hide the pages of " + section);
  });
});
