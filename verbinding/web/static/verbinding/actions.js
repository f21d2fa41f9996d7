/* Small page actions without inline handlers (the Content-Security-Policy allows no onclick=""):
   a button with data-print prints the page. */
(function () {
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
})();
