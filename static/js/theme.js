// With data-theme-auto on <html>, the page follows the device's light or dark setting, and its
// changes, before anything is drawn. Without JavaScript the light theme shows.
(function () {
  "use strict";
  var root = document.documentElement;
  if (!root.hasAttribute("data-theme-auto") || !window.matchMedia) return;
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  function follow() { root.setAttribute("data-bs-theme", dark.matches ? "dark" : "light"); }
  follow();
  if (dark.addEventListener) dark.addEventListener("change", follow);
})();
