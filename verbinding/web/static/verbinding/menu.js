/* The menu button on small screens: shows and hides the main menu (no framework).
   Without this script the menu simply wraps onto several lines; nothing scrolls sideways. */
(function () {
  var nav = document.querySelector("nav.main");
  if (!nav) return;
  var button = nav.querySelector(".menu-toggle");
  var list = nav.querySelector("ul");
  if (!button || !list) return;
  nav.classList.add("has-toggle");
  button.hidden = false;
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("open", open);
  }
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      set(false);
      button.focus();
    }
  });
})();
