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

  // What the page needs only once the customer reaches out (the styles of the form, the
  // flow, the form's checks: alma_widget/web/first_paint.py, AT_FIRST_TOUCH): the page names
  // the files, in the order they run. `then` once every script has run (or failed).
  var HELD_FOR_TOUCH = "script[type='text/alma-touch']";
  function loadTouchScripts(then) {
    var held = document.querySelectorAll(HELD_FOR_TOUCH);
    var scripts = [];
    for (var i = 0; i < held.length; i++) {
      var address = held[i].textContent;
      if (/\.css$/.test(address)) {
        var styles = document.createElement("link");
        styles.rel = "stylesheet";
        styles.href = address;
        load(styles); // asked for first: the flow alone opens the form it styles
      } else {
        scripts.push(address);
      }
    }
    var waiting = scripts.length;
    function ran() {
      waiting -= 1;
      if (waiting === 0) then();
    }
    if (!waiting) return then();
    scripts.forEach(function (address) {
      var script = document.createElement("script");
      script.src = address;
      script.async = false; // in the page's order: the form's checks before the flow
      script.onload = ran;
      script.onerror = ran;
      load(script);
    });
  }

  function whenPageIsThere(work) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", work);
    else work();
  }

  function start() {
    lastInput = Date.now();
    if (started) return;
    started = true;
    // After the frame that shows what the touch chose (a stylesheet or script added before
    // it makes the browser work out the page's style again, in that very frame); and, for a
    // touch while the page is still arriving (a slow link), once what it names is there.
    afterThisFrame(function () {
      whenPageIsThere(function () {
        // The first touch's files, then React's once they have run (they answer the
        // server's first calls, almaConnected…): on a phone's link the flow and the search
        // come first, the bundle behind.
        loadTouchScripts(function () {
          stopKeepingEarly();
          startWhenInputPauses(Date.now());
        });
      });
    });
  }

  // React's start (hydrating the page holds the main thread for tens of milliseconds) waits
  // for a pause in the customer's clicks and keys, a second at most: a choice made in a quick
  // run of them (on a fast link, the files are there before the next click) is drawn at once
  // by the flow, not after that work. `start` keeps hearing every touch for this.
  var lastInput = 0;
  function startWhenInputPauses(since) {
    var quiet = Date.now() - lastInput;
    if (quiet >= 150 || Date.now() - since > 1000) return startApp();
    window.setTimeout(startWhenInputPauses, 150 - quiet, since);
  }

  // A frame the browser does not draw (a panel still hidden, a tab in the background) has no
  // next frame: a moment later then.
  function afterThisFrame(work) {
    var done = false;
    function once() {
      if (done) return;
      done = true;
      work();
    }
    window.requestAnimationFrame(function () { window.setTimeout(once, 0); });
    window.setTimeout(once, 100);
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

  // The search's first answer comes from the page itself: its script and index arrive a
  // round trip or more after the field is touched (150 ms and up on a phone's link), and a
  // customer who types at once sees, as they type, the topics whose words (data-words: the
  // keywords their label and help do not hold), label or help hold the words typed, weighed
  // as the search weighs them; accents and case folded, words compared on their first letters
  // as a stem would. search/page.js answers again, with stems and typos, once its index is
  // there. A result pressed before search/page.js is there opens its topic.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function answerFromPage(event) {
    var K = window.almaContract();
    var list = document.getElementById(K.id.searchResults);
    var search = window.AlmaSearch;
    if (event.target.id !== K.id.searchInput || !list || (search && search.answers())) return;
    var typed = fold(event.target.value).match(/\w{3,}/g) || [];
    var hits = [];
    document.querySelectorAll("input[" + K.data.action + "='topic']").forEach(function (radio) {
      var label = radio.labels[0].textContent;
      // The help's first paragraph: what it is about (the others say where to read more).
      var help = fold(document.querySelector("#" + K.prefix.help + radio.value + " p").textContent);
      var words = radio.getAttribute(K.data.words) || "";
      var score = 0;
      typed.forEach(function (word) {
        var start = new RegExp("\\b" + word.slice(0, K.rules.firstAnswerLetters));
        // A label's words are its keywords too (left out of data-words): 9 + 6.
        score += start.test(fold(label)) * 15 + start.test(words) * 9 + start.test(help);
      });
      if (score) hits.push({ score: score, radio: radio });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    window.almaShowResults(list, hits.slice(0, 5).map(function (hit) { return hit.radio.value; }));
  }
  // The results as buttons, one per topic, named by its label (search/page.js draws with it).
  window.almaShowResults = function (list, topics) {
    var K = window.almaContract();
    list.replaceChildren.apply(list, topics.map(function (topic) {
      var radio = document.getElementById(K.prefix.topic + topic);
      var item = document.createElement("li");
      var button = item.appendChild(document.createElement("button"));
      button.type = "button";
      button.className = "search-result";
      button.textContent = radio.labels[0].textContent;
      button.setAttribute(K.data.searchTopic, topic);
      button.setAttribute(K.data.searchCategory, radio.getAttribute(K.data.category));
      return item;
    }));
  };
  function openResultEarly(event) {
    var K = window.almaContract();
    var result = event.target.closest && event.target.closest("#" + K.id.searchResults + " button");
    if (!result || (window.AlmaSearch && window.almaChoose)) return; // search/page.js's to open
    var topic = document.getElementById(K.prefix.topic + result.getAttribute(K.data.searchTopic));
    result.closest("ul").replaceChildren();
    // The radios, as a hand would: the flow (there, or taking them up when it arrives) opens
    // the help and counts it, as a choice made from the list rather than from the search.
    document.querySelector(
      "input[" + K.data.action + "='category'][value='" + topic.getAttribute(K.data.category) + "']"
    ).click();
    topic.click();
    document.getElementById(topic.getAttribute(K.data.reveals)).focus();
  }
  document.addEventListener("input", answerFromPage, true);
  document.addEventListener("click", openResultEarly, true);

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

  // Choices made before the flow's scripts have started (they come after the page, or at
  // the first touch: alma_widget/web/first_paint.py): the radio checked by then is shown by
  // CSS alone, and the choice is kept here, in order, with the radio's state at that moment.
  // Each of those scripts takes what it missed when it starts (almaEarlyEvents).
  var EARLY = ["change", "click"];
  var early = [];
  function keepEarly(event) {
    early.push({ type: event.type, target: event.target, checked: event.target.checked });
    if (event.type === "click") openFormEarly(event.target);
  }
  // « Contacter le service client » pressed before the flow's script has arrived (it comes a
  // round trip after the first touch): the form shows in the frame of the press, as the flow
  // shows it (the page offers the button only where the form may open: widget.css), with
  // focus on its heading; the flow takes the press up when it arrives.
  function openFormEarly(target) {
    var K = window.almaContract();
    var button = target.closest && target.closest("button[" + K.data.action + "='form']");
    var main = button && button.closest("main.widget");
    if (!main || !button.offsetParent) return;
    main.setAttribute(K.data.step, "form");
    var heading = document.getElementById(button.getAttribute(K.data.reveals));
    if (heading) heading.focus({ preventScroll: true });
  }
  function stopKeepingEarly() {
    EARLY.forEach(function (name) { document.removeEventListener(name, keepEarly, true); });
    early = [];
  }
  EARLY.forEach(function (name) { document.addEventListener(name, keepEarly, true); });
  window.almaEarlyEvents = function () {
    return early.slice();
  };

  document.addEventListener("DOMContentLoaded", function () {
    // A page whose scripts all came with it (a development server's) has heard everything.
    if (!document.querySelector(HELD_FOR_TOUCH)) return stopKeepingEarly();
    var K = window.almaContract();
    // Reloaded after the customer acted (the page opened on its own): client_flow.js puts
    // back where they were and what they typed, and the page connects (they reached out).
    var kept = null;
    try {
      kept = window.parent === window && window.sessionStorage.getItem(K.rules.keptInTab);
    } catch (refused) {
      kept = null;
    }
    if (kept) return start();
    // A topic the host page links to (init's `topic`) is open from the first paint, as
    // client_flow.js's render would show it; that script takes the link up when it starts.
    var linked = new URLSearchParams(window.location.search).get("topic") || "";
    var topic = linked && document.getElementById(K.prefix.topic + linked);
    var main = document.querySelector("main.widget");
    if (!topic || !main || early.length || main.getAttribute(K.data.step) !== "category") return;
    var category = main.querySelector(
      "input[" + K.data.action + "='category'][value='" + topic.getAttribute(K.data.category) + "']"
    );
    if (!category) return;
    category.checked = true;
    topic.checked = true;
    main.setAttribute(K.data.step, "help");
  });

  window.almaStart = start;
  TOUCHES.forEach(function (name) {
    document.addEventListener(name, start, true);
    document.addEventListener(name, loadSearch, true);
  });
})();
