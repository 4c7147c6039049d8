// The live screen follows the Chair without a reload: server-sent events first (the browser
// reconnects by itself), polling the screen's state when a stream cannot be kept open.
(function () {
  "use strict";
  var screen = document.getElementById("screen");
  var status = document.getElementById("screen-connection");
  if (!screen) { return; }
  var pollEvery = parseInt(screen.dataset.reconnectMs, 10) || 2000;
  var failures = 0;
  var pollTimer = null;

  function show(state, label) {
    status.dataset.state = state;
    status.textContent = label;
  }

  function replace(html) {
    if (screen.innerHTML !== html) { screen.innerHTML = html; }
  }

  function poll() {
    fetch(screen.dataset.state, { headers: { "Accept": "text/html" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { replace(html); show("polling", "live (polling)"); })
      .catch(function () { show("offline", "offline, retrying…"); });
  }

  function startPolling() {
    if (pollTimer === null) {
      poll();
      pollTimer = window.setInterval(poll, pollEvery);
    }
  }

  function connect() {
    if (!window.EventSource) { startPolling(); return; }
    var source = new EventSource(screen.dataset.events);
    source.addEventListener("open", function () {
      failures = 0;
      show("live", "live");
      if (pollTimer !== null) { window.clearInterval(pollTimer); pollTimer = null; }
    });
    source.addEventListener("screen", function (event) { replace(event.data); });
    source.addEventListener("gone", function () { source.close(); show("offline", "this meeting is gone"); });
    source.addEventListener("error", function () {
      failures += 1;
      show("reconnecting", "reconnecting…");
      // The browser retries on its own; after a few failures, poll meanwhile so the screen
      // still follows, and keep trying the stream.
      if (failures >= 3) { startPolling(); }
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(connect, pollEvery);
      }
    });
  }

  connect();
})();
