// Step 2's writing timer: a calm countdown that can be paused, and a soft word when the time is up.
// It never touches the writing box: typing goes on before, during and after. Without this file
// the page says "fifteen to twenty minutes is plenty" and works the same.
(function () {
  "use strict";

  function start(timer) {
    if (timer.getAttribute("data-ready")) return;
    timer.setAttribute("data-ready", "1");
    var select = timer.querySelector("[data-timer-minutes]");
    var toggle = timer.querySelector("[data-timer-toggle]");
    var display = timer.querySelector("[data-timer-display]");
    var done = timer.querySelector("[data-timer-done]");
    var key = timer.getAttribute("data-storage-key");
    // {minutes, left (ms, while paused), endsAt (ms since the epoch, while running)}, kept for this
    // tab: the Save button reloads the page, and the clock carries on where it was.
    var state = null;
    var tick = null;

    function save() {
      try {
        if (state) sessionStorage.setItem(key, JSON.stringify(state));
        else sessionStorage.removeItem(key);
      } catch (error) { /* storage refused: the timer just doesn't outlive the page */ }
    }

    function load() {
      try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (error) { return null; }
    }

    function left() {
      if (!state) return Number(select.value) * 60000;
      return state.endsAt ? Math.max(0, state.endsAt - Date.now()) : state.left;
    }

    function show(ms) {
      var seconds = Math.ceil(ms / 1000);
      var text = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
      if (display.textContent !== text) display.textContent = text;
    }

    function finish() {
      clearInterval(tick);
      tick = null;
      state = null;
      save();
      show(0);
      toggle.textContent = "Start again";
      select.disabled = false;
      done.textContent = "That's your time. Stop here if you like, or finish your thought first: there's no rush.";
    }

    function run() {
      clearInterval(tick);
      tick = setInterval(function () {
        var ms = left();
        show(ms);
        if (ms <= 0) finish();
      }, 250);
    }

    function render() {
      select.disabled = !!state;
      if (state && state.minutes) select.value = String(state.minutes);
      toggle.textContent = !state ? "Start the timer" : state.endsAt ? "Pause the timer" : "Carry on with the timer";
      show(left());
    }

    toggle.addEventListener("click", function () {
      if (!state) {
        done.textContent = "";
        state = { minutes: Number(select.value), endsAt: Date.now() + Number(select.value) * 60000 };
        run();
      } else if (state.endsAt) {
        state = { minutes: state.minutes, left: left() };
        clearInterval(tick);
        tick = null;
      } else {
        state = { minutes: state.minutes, endsAt: Date.now() + state.left };
        run();
      }
      save();
      render();
    });

    select.addEventListener("change", function () { if (!state) show(left()); });

    state = load();
    if (state && state.endsAt && state.endsAt <= Date.now()) state = null;
    timer.hidden = false;
    render();
    if (state && state.endsAt) run();
  }

  function startAll(root) {
    if (root.matches && root.matches("[data-writing-timer]")) start(root);
    root.querySelectorAll("[data-writing-timer]").forEach(start);
  }

  startAll(document);
  // The writing box brought in place by htmx ("Start writing") brings its timer along.
  document.addEventListener("htmx:load", function (event) { startAll(event.target); });
})();
