// Runs before the Reflex bundle (inlined after the page: alma_widget/web/first_paint.py).
(function () {
  "use strict";

  // 1. Storage that may be refused. In a cross-site iframe Chromium blocks third-party
  // storage and merely touching window.localStorage throws; the Reflex frontend reads both
  // storages unguarded and would crash at render. Replace a refused one with memory.
  function memoryStorage() {
    var data = {};
    return {
      getItem: function (k) { return Object.prototype.hasOwnProperty.call(data, k) ? data[k] : null; },
      setItem: function (k, v) { data[k] = String(v); },
      removeItem: function (k) { delete data[k]; },
      clear: function () { data = {}; },
      key: function (i) { return Object.keys(data)[i] || null; },
      get length() { return Object.keys(data).length; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      window[name].getItem("alma-probe");
    } catch (refused) {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
      window.almaStorageRefused = true; // nothing of the customer's is kept for a reload
    }
  });

  // 2. Focus an element as soon as React has rendered it; bounded to about one second.
  // After a radio choice made with the arrow keys, focus stays in the group so the customer
  // can keep browsing (the live region announces what appeared); Enter moves on to it.
  var lastArrow = 0;
  document.addEventListener("keydown", function (event) {
    if (event.target.type !== "radio") return;
    // Only the key that made the latest choice counts.
    lastArrow = event.key.indexOf("Arrow") === 0 ? Date.now() : 0;
    if (event.key === "Enter") {
      event.preventDefault();
      var next = event.target.checked && event.target.getAttribute(window.almaContract().data.reveals);
      if (next) window.almaFocus(next);
    }
  }, true);
  var lastPointer = 0;
  document.addEventListener("pointerdown", function () {
    lastArrow = 0;
    lastPointer = Date.now();
  }, true);
  // After a choice made with the pointer, what was revealed takes focus without scrolling:
  // scrolling would move the choices under the pointer (a second tap hits the neighbour).
  // Only a reveal left entirely out of sight (in the host's panel too) is brought into view.
  function focusWithoutMoving(el) {
    el.focus({ preventScroll: true });
    if (!window.IntersectionObserver) return;
    var seen = new IntersectionObserver(function (entries) {
      seen.disconnect();
      if (!entries[0].isIntersecting) el.scrollIntoView({ block: "nearest" });
    });
    seen.observe(el);
  }
  window.almaFocus = function (id, afterChoice) {
    if (afterChoice && Date.now() - lastArrow < 1500) return;
    var byPointer = afterChoice && Date.now() - lastPointer < 1500;
    var tries = 0;
    function attempt() {
      var el = document.getElementById(id);
      if (el) {
        if (byPointer) focusWithoutMoving(el);
        else el.focus();
      } else if (tries++ < 60) {
        window.requestAnimationFrame(attempt);
      }
    }
    attempt();
  };

  // 3. Talking to the host page, only when framed by the origin the loader named.
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

  // On a phone the on-screen keyboard shrinks the launcher's panel, so this frame (the loader
  // fits the panel to what is visible): the field being typed in is brought back into view.
  window.addEventListener("resize", function () {
    var typing = document.activeElement;
    if (typing && (typing.tagName === "INPUT" || typing.tagName === "TEXTAREA")) {
      typing.scrollIntoView({ block: "nearest" });
    }
  });

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

  // 4. The backend could not serve an event (alma_widget/web/event_errors.py): say so plainly.
  // The message goes when the server answers again: it calls almaServed (the page connected,
  // or a choice handed over while the message showed: flow/state.py), or React draws content
  // it sent. Attribute changes are no answer: the customer's own choices make them in the
  // browser (client_flow.js sets main's data-step, React resets a radio's name on a click).
  function unavailableBanner() {
    var main = document.querySelector("main.widget");
    return main && main.querySelector(".service-unavailable");
  }

  var answerWatch = null;
  window.almaServed = function () {
    var banner = unavailableBanner();
    if (banner) banner.textContent = "";
    if (answerWatch) answerWatch.disconnect();
    answerWatch = null;
  };

  window.almaUnavailableShown = function () {
    var banner = unavailableBanner();
    return Boolean(banner && banner.textContent);
  };

  window.almaUnavailable = function () {
    var banner = unavailableBanner();
    if (!banner || banner.textContent) return;
    banner.textContent = banner.getAttribute(window.almaContract().data.text);
    answerWatch = new MutationObserver(function (records) {
      var answered = records.some(function (record) {
        if (record.type === "attributes") return false;
        var node = record.target.nodeType === 1 ? record.target : record.target.parentNode;
        var quiet = ".service-unavailable, #" + window.almaContract().id.announcer;
        return Boolean(node && node.closest && !node.closest(quiet));
      });
      if (answered) window.almaServed();
    });
    answerWatch.observe(banner.closest("main"), { subtree: true, childList: true, characterData: true });
  };

  // <html lang> follows the widget's language (main[lang], set by the server's render), on
  // the first render and after a switch: screen readers and translators read <html lang>.
  new MutationObserver(function () {
    var main = document.querySelector("main.widget[lang]");
    var lang = main && main.getAttribute("lang");
    if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["lang"] });

  // 5. Error summary links (GOV.UK pattern): focus the field itself, not just scroll to it.
  // Capture phase: before the router turns the link into a navigation.
  document.addEventListener(
    "click",
    function (event) {
      // The router renders "#field-x" as "/#field-x": read the link's hash.
      var link = event.target.closest && event.target.closest(".error-summary a");
      var field = link && link.hash && document.getElementById(link.hash.slice(1));
      if (field) {
        event.preventDefault();
        event.stopPropagation();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    },
    true
  );
})();
