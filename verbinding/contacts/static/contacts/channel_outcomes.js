/* New contact: show only the results that fit the chosen channel (all stay available without
   JavaScript). The map comes from the page's json_script element "outcomes-by-channel". */
(function () {
  var source = document.getElementById("outcomes-by-channel");
  if (!source) return;
  var map = JSON.parse(source.textContent);
  function sync() {
    var chosen = document.querySelector('input[name="channel"]:checked');
    var fits = chosen ? map[chosen.value] : null;
    document.querySelectorAll('input[name="outcome"]').forEach(function (input) {
      var show = !fits || fits.indexOf(input.value) !== -1;
      input.closest("label").hidden = !show;
      if (!show && input.checked) { input.checked = false; }
    });
  }
  document.querySelectorAll('input[name="channel"]').forEach(function (i) { i.addEventListener("change", sync); });
  sync();
})();
