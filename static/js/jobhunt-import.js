// Import progress: asks the server every two seconds and moves the bar; reloads when it is done.
// Without this file the page still works: its Refresh link shows the latest figures.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !window.fetch) return;
  var text = document.getElementById("import-progress-text");
  var bar = box.querySelector(".progress");
  var fill = box.querySelector(".progress-bar");

  function poll() {
    fetch(box.getAttribute("data-progress-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) return setTimeout(poll, 5000);
        if (status.finished || status.stuck) {
          window.location.assign(status.url);
          return;
        }
        fill.style.width = status.percent + "%";
        bar.setAttribute("aria-valuenow", status.percent);
        text.textContent = status.label + ": " + status.processed + " of " + status.total + " rows.";
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
