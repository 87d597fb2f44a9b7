// Starts the app at the customer's first touch (inlined in <head>, before the other scripts).
//
// The page that arrives is already the final page: every step is in it, CSS reveals what the
// checked radios open and client_flow.js keeps the flow. React and the connection to the
// server are needed only once the customer reaches out, so a page nobody touches costs the
// widget's origin the page alone: no bundle, no websocket, no session on the server.
// The production build holds React's start-up script with a type that does not run
// (alma_widget/web/first_paint.py); a copy of it that runs is added here. The first choice shows
// in the frame of the click all the same, and reaches the server with the first snapshot.
// The help search arrives later still: when its field is touched.
(function () {
  "use strict";
  var TOUCHES = ["pointerdown", "keydown", "focusin", "click", "input"];
  var started = false;

  function load(script) {
    document.head.appendChild(script);
  }

  function startApp() {
    var held = document.querySelector("script[type='text/alma-boot']");
    if (!held) return; // a development server's page starts React itself
    var app = document.createElement("script");
    app.type = "module";
    app.textContent = held.textContent;
    load(app);
  }

  // The page's scripts needed only once the customer reaches out (the form's checks): the
  // page names their files (alma_widget/web/first_paint.py, AT_FIRST_TOUCH).
  function loadTouchScripts() {
    var held = document.querySelectorAll("script[type='text/alma-touch']");
    for (var i = 0; i < held.length; i++) {
      var script = document.createElement("script");
      script.src = held[i].textContent;
      load(script);
    }
  }

  function start() {
    if (started) return;
    started = true;
    TOUCHES.forEach(function (name) { document.removeEventListener(name, start, true); });
    loadTouchScripts();
    // A touch while the page is still arriving (a slow link): the held start-up is at the
    // end of the page, so the app starts once the page is all there.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startApp);
    else startApp();
  }

  // The page contract (alma_widget/page_contract.py): every id, attribute and rule the
  // scripts share with the server, carried once by the widget's root. Read when first
  // needed (these scripts run before the body arrives), kept once found.
  var contract = null;
  var NONE = { id: {}, bridge: {}, prefix: {}, data: {}, field: {}, rules: { purchaseCategories: [] } };

  window.almaContract = function () {
    if (contract) return contract;
    var root = document.querySelector("[data-contract]");
    if (!root) return NONE; // a page without the widget (the back office)
    contract = JSON.parse(root.getAttribute("data-contract"));
    return contract;
  };

  // The help search (its script and the index the build wrote) only for a customer who
  // touches the search field, or types a message it may suggest a topic for: most never do.
  var searchLoaded = false;

  function loadSearch(event) {
    var K = window.almaContract();
    var searching = [K.id.searchInput, K.prefix.field + "message"];
    if (searchLoaded || !event.target || searching.indexOf(event.target.id) < 0) return;
    searchLoaded = true;
    var search = document.getElementById(K.id.search);
    var address = search && search.getAttribute(K.data.indexUrl);
    if (address) {
      var index = document.createElement("link");
      index.rel = "preload";
      index.as = "fetch";
      index.crossOrigin = "anonymous";
      index.href = address;
      load(index);
    }
    var script = document.createElement("script");
    script.src = "/search.js";
    load(script);
  }

  // The host's theme before the first paint (assets/widget.css's tokens), from the frame's
  // address (init's theme, embedding/loader.js): light or dark (color_mode; else the customer's
  // system, followed as it changes), the corners' radius in pixels (0 to 24) and a font the
  // customer's device has (letters, digits, spaces, commas, quotes, hyphens: a family list).
  var theme = new URLSearchParams(window.location.search);
  var root = document.documentElement.style;
  var radius = theme.get("radius") || "";
  if (/^(1?[0-9]|2[0-4])$/.test(radius)) {
    root.setProperty("--alma-radius", radius + "px");
    root.setProperty("--alma-radius-small", Math.round((radius * 2) / 3) + "px");
  }
  var font = theme.get("font") || "";
  if (/^[\w ,'"-]{1,80}$/.test(font)) root.setProperty("--alma-font", font + ", system-ui, sans-serif");
  // In the launcher's panel (embedding/loader.js): the page draws the panel's header.
  if (theme.get("panel") === "1") document.documentElement.setAttribute("data-panel", "");
  var forced = theme.get("color_mode");
  var darkSystem = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  function paintMode() {
    var dark = forced === "dark" || (forced !== "light" && Boolean(darkSystem && darkSystem.matches));
    document.documentElement.setAttribute("data-mode", dark ? "dark" : "light");
  }
  paintMode();
  if (darkSystem && darkSystem.addEventListener) darkSystem.addEventListener("change", paintMode);

  // Choices made before the scripts that run after the page (alma_widget/web/first_paint.py)
  // have started: the radio checked by then is shown by CSS alone, and the choice is kept
  // here, in order, with the radio's state at that moment, until the page is all there.
  // Each of those scripts takes what it missed when it starts (almaEarlyEvents).
  var EARLY = ["change", "click"];
  var early = [];
  function keepEarly(event) {
    early.push({ type: event.type, target: event.target, checked: event.target.checked });
  }
  EARLY.forEach(function (name) { document.addEventListener(name, keepEarly, true); });
  document.addEventListener("DOMContentLoaded", function () {
    EARLY.forEach(function (name) { document.removeEventListener(name, keepEarly, true); });
    early = [];
  });
  window.almaEarlyEvents = function () {
    return early.slice();
  };

  window.almaStart = start;
  TOUCHES.forEach(function (name) {
    document.addEventListener(name, start, true);
    document.addEventListener(name, loadSearch, true);
  });
})();
