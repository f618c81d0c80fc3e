// Render every book figure with the Vega bundle shipped in _static (no CDN).
// Specs sit in <script type="application/json"> blocks next to their container.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("div.aif-chart[data-spec]").forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
    window.vegaEmbed(el, spec, { renderer: "svg", actions: false }).catch(function (err) {
      el.classList.add("aif-error");
      el.textContent = "This chart could not be drawn: " + err;
    });
  });
});
