/* On a phone a wide table scrolls inside itself (app.css). A region that scrolls must be reachable
   by keyboard (WCAG 2.1.1): such a table gets a tab stop and a name, so arrow keys scroll it. */
(function () {
  function mark() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.setAttribute("data-scrolls", "");
        if (!table.hasAttribute("aria-label") && !table.querySelector("caption")) {
          var heading = table.closest("section, article, .card, main");
          var title = heading && heading.querySelector("h1, h2, h3");
          if (title) table.setAttribute("aria-label", title.textContent.trim());
        }
      } else if (!scrolls && table.hasAttribute("data-scrolls")) {
        table.removeAttribute("tabindex");
        table.removeAttribute("data-scrolls");
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("resize", mark);
})();
