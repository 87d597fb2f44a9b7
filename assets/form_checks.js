// The contact form answers at once where the browser can tell (loaded at the customer's first
// touch: the form is three choices away; a refused form stops here, before client_flow.js).
//
// Required fields, lengths, the shape of an email, the characters of a phone number and the
// shape of each detail (the order reference) are checked here with the server's own words and
// limits (the file the form names in data-checks, written from customer_request/model.py and
// the content's [errors]: alma_widget/components/form_checks.py). The server's
// pydantic model stays the authority: a form that passes here is sent, and its errors show.
//
// The verdict goes to the page through a hidden button wired to a client-side state
// (alma_widget/components/form_checks.py): one entry per field judged here, "" for a field
// found right, merged over the server's errors. Sending clears it: the server's answer shows.
(function () {
  "use strict";

  var verdict = null; // what this page shows over the server's errors, null: the server's
  var edited = {}; // fields typed in since the last sending

  // The form names where its checks are (a file per language: components/form_checks.py),
  // fetched once this script runs, at the first touch; until they have arrived, or if they
  // cannot, the server judges alone.
  var fetched = {};
  function settings(form) {
    var address = form.getAttribute(window.almaContract().data.checks) || "";
    if (!address) return {};
    if (!fetched[address]) {
      fetched[address] = {};
      fetch(address).then(function (answer) {
        return answer.ok ? answer.json() : {};
      }).then(function (checks) {
        fetched[address] = checks || {};
      }, function () {
        delete fetched[address]; // asked again at the next check
      });
    }
    return fetched[address];
  }

  function say(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  // The first refusal of alma_widget/customer_request/model.py the browser can see for one field, or "".
  // `purchase`: the chosen category asks for the order's phone and reference.
  function problem(name, raw, c, purchase) {
    var texts = c.texts || {};
    var limits = c.limits || {};
    var text = String(raw || "").trim();
    if (name === "email") {
      if (!text) return texts.email_required;
      if (Array.from(text).length > limits.email_max) return say(texts.email_too_long, { max: limits.email_max });
      return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text) ? "" : texts.email_invalid;
    }
    if (name === "phone") {
      if (!text) return purchase ? texts.phone_required : "";
      // Generous: phonenumbers finds a number in « mon tel 06… » and reads digits of any
      // script; what the browser can tell is that there are too few digits for one.
      var digits = (text.match(/\p{Nd}/gu) || []).length;
      var shaped = digits >= 6;
      return shaped && Array.from(text).length <= limits.phone_max ? "" : texts.phone_invalid;
    }
    // The request's details (alma_widget/customer_request/details.py): optional, a shape each.
    var detail = (c.details || {})[name];
    if (detail) {
      if (!text || (detail.purchase_only && !purchase)) return "";
      var fits = new RegExp("^(?:" + detail.pattern + ")$").test(text);
      return fits && Array.from(text).length <= detail.max_length ? "" : detail.invalid;
    }
    // The message, counted as the server counts it: code points, CRLF as one, NFC.
    text = String(raw || "").replace(/\r\n/g, "\n").normalize("NFC").trim();
    var length = Array.from(text).length;
    if (!length) return texts.message_required;
    if (length < limits.message_min) return say(texts.message_too_short, { min: limits.message_min });
    if (length > limits.message_max) {
      return say(texts.message_too_long, { max: limits.message_max, length: length });
    }
    return "";
  }

  // The unit tests compare these verdicts with the server's (tests/unit/contact/test_form_checks.py).
  if (typeof document === "undefined") {
    module.exports = { problem: problem };
    return;
  }

  // The chosen category asks for the order's phone and reference (Category.asks_for_order,
  // carried by the page contract).
  function forPurchase() {
    var K = window.almaContract();
    var category = document.querySelector("input[" + K.data.action + "=category]:checked");
    return !!category && K.rules.purchaseCategories.indexOf(category.value) >= 0;
  }

  function judge(input, c) {
    return problem(input.name, input.value, c, forPurchase());
  }

  function show(next) {
    verdict = next;
    window.almaFormChecks = next;
    var bridge = document.getElementById(window.almaContract().bridge.formChecks);
    if (bridge) bridge.click();
  }

  function fieldOf(target) {
    var form = target && target.form;
    var K = window.almaContract();
    if (!form || form.id !== K.id.contactForm || K.rules.contactFields.indexOf(target.name) < 0) {
      return null;
    }
    return form;
  }

  // Pressing « Envoyer »: every field judged; anything wrong stays here, focus on the first.
  // Heard on the window, so before client_flow.js (on the document) whenever this script
  // arrived: in production at the first touch (alma_widget/web/first_paint.py).
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.id !== window.almaContract().id.contactForm) return;
    var c = settings(form);
    var next = { form: "" };
    var first = null;
    window.almaContract().rules.contactFields.forEach(function (name) {
      var input = form.elements[name];
      var found = input ? judge(input, c) : "";
      if (found) {
        next[name] = found;
        first = first || input;
      } else if (edited[name] || (verdict && verdict[name])) {
        next[name] = ""; // typed since: the server's older complaint no longer applies
      }
    });
    if (!first) {
      edited = {};
      if (verdict) show(null);
      return; // sent: the server judges (client_flow.js and React take it from here)
    }
    // Before the page is connected nothing can show yet: client_flow.js keeps the request
    // and presses « Envoyer » again once connected, which comes back here.
    if (window.almaIsConnected && !window.almaIsConnected()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    show(next);
    first.focus();
  }, true);

  document.addEventListener("input", function (event) {
    var form = fieldOf(event.target);
    if (!form) return;
    edited[event.target.name] = true;
    // An error goes as soon as it is mended; a new one waits for « Envoyer ». Never on
    // leaving a field: an error appearing then moves « Envoyer » under the pointer that
    // is pressing it, and the press is lost.
    var shown = verdict && verdict[event.target.name];
    if (shown && !judge(event.target, settings(form))) {
      var next = Object.assign({}, verdict);
      next[event.target.name] = "";
      show(next);
    }
  }, true);

  // Asked for at once (at the first touch; where this script comes with the page, once the
  // page is there): the form is a few choices away.
  function askForChecks() {
    var form = document.getElementById(window.almaContract().id.contactForm);
    if (form) settings(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", askForChecks);
  else askForChecks();
})();
