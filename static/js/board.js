// The board: drag a card to a column (or to an ending below), or open its Move menu. Without
// this file every card's Move link opens a page with the stages as buttons; with it, the same
// move is sent with fetch and the card moves in place.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board || !window.fetch || !window.FormData) return;
  var status = document.querySelector("[data-board-status]");
  var token = document.querySelector("[data-board-token] [name=csrfmiddlewaretoken]").value;
  var template = document.querySelector("template[data-move-menu]");
  var dragged = null;
  var menu = null;

  function stageOf(element) {
    return element && element.closest ? element.closest("[data-status]") : null;
  }

  function counter(status) {
    return document.querySelector('[data-status="' + status + '"] [data-count]');
  }

  // A column shows its latest cards only, so its count is the server's total, moved by one.
  function recount(status, change) {
    var count = counter(status);
    if (!count) return;
    var value = Math.max(0, (parseInt(count.textContent, 10) || 0) + change);
    count.textContent = value;
    var empty = board.querySelector('[data-status="' + status + '"] [data-empty]');
    if (empty) empty.classList.toggle("d-none", value > 0);
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function move(card, to) {
    var from = stageOf(card).getAttribute("data-status");
    if (from === to) return;
    var title = card.querySelector("a").textContent;
    var body = new FormData();
    body.append("to_status", to);
    card.setAttribute("aria-busy", "true");
    fetch(card.getAttribute("data-move"), {
      method: "POST",
      body: body,
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
        card.removeAttribute("aria-busy");
        var column = board.querySelector('[data-status="' + to + '"] [data-cards]');
        recount(from, -1);
        recount(to, 1);
        if (column) {
          column.prepend(card);
          card.querySelector("a").focus();
        } else {
          // Moved to an ending: the card leaves the board, counted in the strip below.
          var next = card.nextElementSibling || card.previousElementSibling;
          card.remove();
          if (next && next.querySelector("a")) next.querySelector("a").focus();
        }
        say("Moved " + title + " to " + result.label + ".");
      })
      .catch(function () {
        card.removeAttribute("aria-busy");
        window.location.assign(card.querySelector("[data-move-link]").href);
      });
  }

  // The Move menu: one for the board, opened under the card's link.
  function closeMenu(focusBack) {
    if (!menu) return;
    var opener = menu.opener;
    menu.remove();
    menu = null;
    if (focusBack && opener) opener.focus();
  }

  function openMenu(link) {
    closeMenu(false);
    var card = link.closest("[data-card]");
    var current = stageOf(card).getAttribute("data-status");
    menu = template.content.firstElementChild.cloneNode(true);
    menu.opener = link;
    menu.querySelectorAll("[data-to]").forEach(function (item) {
      if (item.getAttribute("data-to") === current) item.remove();
    });
    link.after(menu);
    var items = menu.querySelectorAll("[data-to]");
    items[0].focus();
    menu.addEventListener("click", function (event) {
      var item = event.target.closest("[data-to]");
      if (!item) return;
      closeMenu(false);
      move(card, item.getAttribute("data-to"));
    });
    menu.addEventListener("keydown", function (event) {
      var list = Array.prototype.slice.call(items);
      var at = list.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        list[(at + step + list.length) % list.length].focus();
      } else if (event.key === "Escape" || event.key === "Tab") {
        event.preventDefault();
        closeMenu(true);
      }
    });
  }

  board.addEventListener("click", function (event) {
    var link = event.target.closest("[data-move-link]");
    if (!link) return;
    event.preventDefault();
    openMenu(link);
  });

  document.addEventListener("click", function (event) {
    if (menu && !menu.contains(event.target) && !event.target.closest("[data-move-link]")) closeMenu(false);
  });

  // Drag and drop, onto a column or onto an ending in the strip below the board.
  function dropTarget(element) {
    var target = stageOf(element);
    return target && (board.contains(target) || target.classList.contains("board-ended-stage")) ? target : null;
  }

  function clearTargets() {
    document.querySelectorAll(".drop-target").forEach(function (target) {
      target.classList.remove("drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card]");
    if (!card) return;
    dragged = card;
    card.classList.add("opacity-50");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("opacity-50");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var target = dropTarget(event.target);
    if (!dragged || !target) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!target.classList.contains("drop-target")) {
      clearTargets();
      target.classList.add("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var target = dropTarget(event.target);
    if (!dragged || !target) return;
    event.preventDefault();
    clearTargets();
    move(dragged, target.getAttribute("data-status"));
  });
})();
