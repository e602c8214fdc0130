// Two pages use this. The bookmarklet page: a click on the button there (rather than a drag)
// explains itself instead of doing nothing. The capture page the bookmarklet opens: it tells the
// posting's page it is ready, takes the details that page read, and sends them to Rebound (a POST
// with this page's CSRF token) to fill in the form. Only the window that opened it, showing the
// posting it describes, is listened to; what comes is only ever put in a form to check.
(function () {
  "use strict";

  var button = document.getElementById("bookmarklet");
  if (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var hint = document.getElementById("bookmarklet-hint");
      hint.textContent = "Drag this button to your bookmarks bar first; then click it on a job's page.";
      hint.setAttribute("role", "status");
    });
  }

  var form = document.getElementById("capture-form");
  if (!form || !window.opener) {
    return;
  }
  var status = document.getElementById("capture-status");
  var done = false;

  function sameSite(url, origin) {
    try {
      return new URL(url).origin === origin;
    } catch (error) {
      return false;
    }
  }

  function text(value) {
    return typeof value === "string" ? value : "";
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (done || event.source !== window.opener || !data || data.rebound !== "posting") {
      return;
    }
    if (!sameSite(data.url, event.origin)) {
      return;
    }
    done = true;
    form.elements.url.value = text(data.url);
    form.elements.title.value = text(data.title);
    form.elements.selection.value = text(data.selection);
    form.elements.jsonld.value = JSON.stringify(Array.isArray(data.jsonld) ? data.jsonld.filter(function (block) {
      return typeof block === "string";
    }) : []);
    form.elements.tags.value = JSON.stringify(data.tags && typeof data.tags === "object" ? data.tags : {});
    form.submit();
  });

  status.hidden = false;
  // Nothing secret in it: the page answers only to this window, and only to Rebound's address.
  window.opener.postMessage({ rebound: "ready" }, "*");
  window.setTimeout(function () {
    if (!done) {
      status.hidden = true;
    }
  }, 4000);
})();
