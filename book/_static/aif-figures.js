// Render every book figure with the Vega bundle shipped in _static (no CDN).
// Specs sit in <script type="application/json"> blocks next to their container.
// Charts take the width of their column; a legend too wide for it is redrawn in fewer
// columns, so no label is ever cut.
(function () {
  var options = { renderer: "svg", actions: false };

  // The spec with its legends laid out in ``columns``.
  function withLegendColumns(spec, columns) {
    var copy = JSON.parse(JSON.stringify(spec));
    copy.config = copy.config || {};
    copy.config.legend = Object.assign({}, copy.config.legend, { columns: columns });
    return copy;
  }

  // The legend reaching furthest past the chart's right edge, with its number of entries
  // and the width it may take, or null when every legend fits.
  function overflowingLegend(el) {
    var box = el.getBoundingClientRect(), worst = null;
    el.querySelectorAll("g.role-legend").forEach(function (legend) {
      var rect = legend.getBoundingClientRect();
      var entries = legend.querySelectorAll("g.role-legend-label text").length;
      if (rect.right > box.right + 1 && (!worst || rect.right > worst.right)) {
        worst = { right: rect.right, width: rect.width, entries: entries,
                  room: box.right - rect.left };
      }
    });
    return worst;
  }

  function draw(el, spec, columns) {
    var shown = columns ? withLegendColumns(spec, columns) : spec;
    return window.vegaEmbed(el, shown, options).then(function (result) {
      var legend = overflowingLegend(el);
      var current = columns || (legend && legend.entries);
      if (legend && current > 1) {
        var fit = Math.max(1, Math.min(current - 1,
          Math.floor(current * legend.room / legend.width)));
        result.finalize();
        return draw(el, spec, fit);
      }
      el.classList.add("aif-drawn");
    });
  }

  // Numbers in tables: right-aligned, so digits line up (the CSS gives tabular figures).
  var NUMBER = /^[−\-+~≈<>]?\s*[$€£]?\s*[\d.,]+\s*(%|×|[a-zA-Zµ ]{0,12})?$/;
  function alignNumbers() {
    document.querySelectorAll("article table td").forEach(function (cell) {
      if (NUMBER.test(cell.textContent.trim()) && /\d/.test(cell.textContent)) {
        cell.classList.add("aif-number");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    alignNumbers();
    document.querySelectorAll("div.aif-chart[data-spec]").forEach(function (el) {
      var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
      draw(el, spec, null).catch(function (err) {
        el.classList.add("aif-error");
        el.textContent = "This chart could not be drawn: " + err;
      });
    });
  });
})();
