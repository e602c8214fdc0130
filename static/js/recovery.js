// The walkthrough's page enhancements. Every page works without this file.
(function () {
  "use strict";
  // "Open in my email" links follow what the person wrote: <a data-mailto-for="#textarea-id">.
  document.querySelectorAll("[data-mailto-for]").forEach(function (link) {
    var source = document.querySelector(link.getAttribute("data-mailto-for"));
    if (!source) return;
    var update = function () {
      link.href = "mailto:" + encodeURIComponent(link.getAttribute("data-mailto-address") || "").replace("%40", "@") +
        "?subject=" + encodeURIComponent(link.getAttribute("data-mailto-subject") || "") +
        "&body=" + encodeURIComponent(source.value);
    };
    source.addEventListener("input", update);
    update();
  });
})();
