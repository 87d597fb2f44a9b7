// Talks to the host page (inlined after the page: alma_widget/web/first_paint.py): from the
// first paint, before the customer touches anything, the host hears `ready` and the frame's
// height, and its init's prefill and identity are kept until the page connects. What runs
// only once the customer reached out is in widget.js, which assets/boot.js loads then.
(function () {
  "use strict";

  // Only when framed by the origin the loader named.
  var hostOrigin = null;
  try {
    var named = new URLSearchParams(window.location.search).get("host_origin");
    var parsed = named && new URL(named);
    if (parsed && /^https?:$/.test(parsed.protocol) && parsed.origin === named) hostOrigin = named;
  } catch (bad) {
    hostOrigin = null;
  }
  var embedded = window.parent !== window && hostOrigin !== null;
  if (embedded) document.documentElement.classList.add("alma-embedded");

  window.almaEmit = function (type, payload) {
    if (embedded) {
      window.parent.postMessage({ source: "alma-widget", type: type, payload: payload || {} }, hostOrigin);
    }
  };

  // The host hears `ready` as soon as the page is there: the page is already in its context
  // and language (alma_widget/web/page_variants.py); the server connects at the first touch.
  if (embedded) {
    document.addEventListener("DOMContentLoaded", function () {
      var K = window.almaContract();
      var main = document.querySelector("main.widget");
      var context = main && main.getAttribute(K.data.context);
      window.almaEmit("ready", { context: context || "standalone" });
    });
  }

  // Work that needs the server waits until the page has connected (client_flow.js calls these).
  var whenConnected = [];
  window.almaWhenConnected = function (work) {
    if (window.almaIsConnected && window.almaIsConnected()) work();
    else whenConnected.push(work);
  };
  window.almaRunConnectedWork = function () {
    whenConnected.splice(0).forEach(function (work) { work(); });
  };

  // The loader sizes the iframe to the content: report the height whenever it changes.
  if (embedded && window.ResizeObserver) {
    var lastHeight = 0;
    var report = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height !== lastHeight) {
        lastHeight = height;
        window.almaEmit("resize", { height: height });
      }
    };
    document.addEventListener("DOMContentLoaded", function () {
      new ResizeObserver(report).observe(document.documentElement);
      report();
    });
  }

  // Escape anywhere in the widget closes the host's launcher panel (the loader checks this
  // message's origin and shape as any other); a control that used the key keeps it. So does
  // « Fermer » in the panel's header (components/widget.py).
  window.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) window.almaEmit("escape");
  });
  function closes(target) {
    var close = "#" + window.almaContract().id.panelClose;
    if (target.closest && target.closest(close)) window.almaEmit("escape");
  }
  (window.almaEarlyEvents ? window.almaEarlyEvents() : []).forEach(function (event) {
    if (event.type === "click") closes(event.target);
  });
  document.addEventListener("click", function (event) {
    closes(event.target);
  });

  // Opened from a one-time link « Suivre une demande »: the request needs the server now.
  document.addEventListener("DOMContentLoaded", function () {
    if (new URLSearchParams(window.location.search).get("suivi") && window.almaStart) window.almaStart();
  });

  // From the host, each checked on the server, relayed through a hidden button:
  // prefill({...}), and the identity token (identify(), init's identityToken).
  function relay(bridgeName) {
    window.almaWhenConnected(function () {
      var bridge = document.getElementById(window.almaContract().bridge[bridgeName]);
      if (bridge) bridge.click();
    });
  }
  // The server forgets the form at every (re)connection: the host's prefill goes again.
  window.almaPrefillAgain = function () {
    var bridge = document.getElementById(window.almaContract().bridge.prefillAgain);
    if (bridge && window.__almaPrefill) bridge.click();
  };
  window.almaIdentifyAgain = function () {
    var bridge = document.getElementById(window.almaContract().bridge.identify);
    if (bridge && window.__almaIdentityToken !== undefined) bridge.click();
  };
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!embedded || event.origin !== hostOrigin || event.source !== window.parent) return;
    if (!data || data.source !== "alma-support") return;
    if (data.type === "identify" && typeof data.payload === "object" && data.payload !== null) {
      // Memory only (never storage, never an address): the server forgets who the customer
      // is at every (re)connection, and this page hands the token over again each time
      // (almaIdentifyAgain, from client_flow.js's almaConnected).
      window.__almaIdentityToken = String(data.payload.token || "");
      if (window.almaIsConnected && window.almaIsConnected()) window.almaIdentifyAgain();
      return;
    }
    if (data.type === "logout") {
      delete window.__almaIdentityToken;
      delete window.__almaPrefill; // the next person's connections must not get it again
      if (window.almaForget) window.almaForget();
      relay("logout");
      return;
    }
    if (data.type === "view" && data.payload && data.payload.view === "requests") {
      // The host asks for « Mes demandes »: that needs the server, so the page connects now.
      if (window.almaStart) window.almaStart();
      relay("view");
      return;
    }
    if (data.type !== "prefill" || typeof data.payload !== "object" || data.payload === null) return;
    // Several before the page connects (init's values, then prefill()): all of them count.
    window.__almaPrefill = Object.assign({}, window.__almaPrefill, data.payload);
    relay("prefill");
  });
})();
