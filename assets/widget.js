// Runs before the Reflex bundle, loaded by assets/boot.js at the first touch (the host's side,
// needed from the first paint, is host.js).
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

  // On a phone the on-screen keyboard shrinks the launcher's panel, so this frame (the loader
  // fits the panel to what is visible): the field being typed in is brought back into view.
  window.addEventListener("resize", function () {
    var typing = document.activeElement;
    if (typing && (typing.tagName === "INPUT" || typing.tagName === "TEXTAREA")) {
      typing.scrollIntoView({ block: "nearest" });
    }
  });

  // 3. The backend could not serve an event (alma_widget/web/event_errors.py): say so plainly.
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

  // 4. Error summary links (GOV.UK pattern): focus the field itself, not just scroll to it.
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
