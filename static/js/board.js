// Board drag and drop. Every card already has a plain "Move" form that works without this
// file; dragging submits that same form with fetch, and falls back to a normal submit.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board || !window.fetch || !window.FormData) return;
  var status = document.querySelector("[data-board-status]");
  var dragged = null;

  function columnOf(element) {
    return element && element.closest ? element.closest("[data-status]") : null;
  }

  // A column shows its latest cards only, so its count is the server's total, moved by one.
  function refresh(column, change) {
    var counter = column.querySelector("[data-count]");
    var count = Math.max(0, (parseInt(counter.textContent, 10) || 0) + change);
    counter.textContent = count;
    column.querySelector("[data-empty]").classList.toggle("d-none", count > 0);
  }

  function clearTargets() {
    board.querySelectorAll(".drop-target").forEach(function (column) {
      column.classList.remove("drop-target");
    });
  }

  function move(card, column) {
    var form = card.querySelector("form[data-move-form]");
    var from = columnOf(card);
    form.querySelector("[name=to_status]").value = column.getAttribute("data-status");
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    card.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token },
    })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response);
      })
      .then(function (result) {
        if (!result.ok) throw new Error(result.error);
        // An accepted offer has a page of its own to land on.
        if (result.next) {
          window.location.assign(result.next);
          return;
        }
        column.querySelector("[data-cards]").prepend(card);
        refresh(from, -1);
        refresh(column, 1);
        card.removeAttribute("aria-busy");
        var title = card.querySelector("a").textContent;
        if (status) status.textContent = "Moved " + title + " to " + result.label + ".";
        card.querySelector("a").focus();
      })
      .catch(function () {
        // The plain form reloads the page and shows what happened.
        form.submit();
      });
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card]");
    if (!card) return;
    dragged = card;
    card.classList.add("opacity-50");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("opacity-50");
    dragged = null;
    clearTargets();
  });

  board.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("drop-target")) {
      clearTargets();
      column.classList.add("drop-target");
    }
  });

  board.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    clearTargets();
    if (column !== columnOf(dragged)) move(dragged, column);
  });
})();
