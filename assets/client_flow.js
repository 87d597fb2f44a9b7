// The browser's side of the flow (loaded at the first touch by boot.js, before the bundle).
//
// A customer's choice is shown in the frame of the click: this script keeps where the customer
// is (category, topic, answers, form open), checks the radios to match, and CSS reveals what
// they open (assets/widget.css, components/reveal.py). The server is told afterwards with a
// snapshot of the whole flow (alma_widget/flow/snapshot.py); it walks there through the
// checked transitions of alma_widget/flow/machine.py, counts the step, and corrects this page if it
// refuses. Choices made before the page is connected are handed over when it connects, and
// so is the whole flow when the page reconnects to a server that restarted and forgot it.
(function () {
  "use strict";

  var flow = empty();
  var seq = 0; // snapshots are numbered; a correction names the one it answers
  var acted = false; // the customer chose something on this page
  var connected = false; // the server has called almaConnected at least once
  var actions = []; // the customer's actions not handed to the server yet
  var replaying = false; // handing over the choices made before this script ran

  // A flow at its start: the fields of alma_widget/flow/machine.py Flow, as the page
  // contract carries them (alma_widget/page_contract.py), so no list of them is kept here.
  function fields() {
    return Object.keys(K().flow || {});
  }
  function copy(f) {
    var out = {};
    fields().forEach(function (name) { out[name] = f[name]; });
    return out;
  }
  function empty() {
    return copy(K().flow || {});
  }
  function same(a, b) {
    return fields().every(function (name) { return a[name] === b[name]; });
  }
  function topicStep(category) {
    var f = empty();
    f.step = "topic";
    f.category_id = category;
    return f;
  }
  function helpOf(category, topic) {
    var f = topicStep(category);
    f.step = "help";
    f.topic_id = topic;
    return f;
  }

  // The transitions of alma_widget/flow/machine.py, as the customer can make them (the page
  // shows only what they may choose); the server checks them again. Pure, so that the unit
  // tests run it in Node against the Python machine (tests/unit/flow/test_client_flow.py).
  // `asksMerchant(topic)`: the topic's help asks whether the merchant was contacted first
  // (content: ask_merchant_first; the page: the help section's class).
  function transition(flow, action, value, asksMerchant) {
    var f = copy(flow);
    switch (action) {
      case "category":
        return value === flow.category_id ? f : topicStep(value);
      case "topic":
        if (value === flow.topic_id && flow.step === "help") return f;
        return helpOf(flow.category_id, value);
      case "search":
      case "suggestion": // a topic found by the search field or offered in the form
        if (value.topic === flow.topic_id && flow.step === "help") return f;
        return helpOf(value.category, value.topic);
      case "merchant":
        f.merchant_contacted = value;
        if (value !== "yes" && f.step === "form") f.step = "help"; // the form needs a « oui »
        return f;
      case "helped":
        f.helped = value;
        return f;
      case "form":
        if (f.step === "help" && (!asksMerchant(f.topic_id) || f.merchant_contacted === "yes")) {
          f.step = "form";
        }
        return f;
      case "back":
        if (f.step === "form") { f.step = "help"; return f; }
        return f.step === "help" ? topicStep(f.category_id) : empty();
      case "start_over":
      default:
        return empty();
    }
  }
  window.almaTransition = transition;

  // The names this page shares with the server (alma_widget/page_contract.py, boot.js).
  function K() {
    return window.almaContract();
  }

  function asksMerchant(topic) {
    var help = document.getElementById(K().prefix.help + topic);
    return Boolean(help && help.classList.contains("merchant-first"));
  }
  function next(action, value) {
    return transition(flow, action, value, asksMerchant);
  }

  // Where focus goes after « Retour »: the question that is open again.
  function questionOf(f) {
    if (f.step === "help") return K().prefix.helpHeading + f.topic_id;
    if (f.step === "topic") return K().prefix.topicQuestion + f.category_id;
    return K().id.categoryQuestion;
  }

  function chosen(radio) {
    var data = K().data;
    var field = radio.getAttribute(data.action);
    if (field === "category") return flow.step !== "category" && radio.value === flow.category_id;
    if (field === "topic") {
      return radio.getAttribute(data.category) === flow.category_id && radio.value === flow.topic_id;
    }
    // A help's own questions (the merchant, « aidé ? »): in that help's section.
    if (!radio.closest("#" + CSS.escape(K().prefix.help + flow.topic_id))) return false;
    return radio.value === (field === "merchant" ? flow.merchant_contacted : flow.helped);
  }

  // The page shows `flow`: radios checked (CSS reveals), the form open or not.
  function render() {
    var main = document.querySelector("main.widget");
    if (!main) return;
    var data = K().data;
    if (main.getAttribute(data.step) !== flow.step) main.setAttribute(data.step, flow.step);
    var radios = main.querySelectorAll("input[type=radio][" + data.action + "]");
    for (var i = 0; i < radios.length; i++) radios[i].checked = chosen(radios[i]);
  }

  function snapshotOf(f) {
    var form = document.getElementById(K().id.contactForm);
    var snapshot = copy(f);
    snapshot.seq = seq;
    snapshot.submission_key = (form && form.getAttribute(K().data.submissionKey)) || "";
    // The server says it is back (almaServed) when it reads a snapshot sent while the page
    // said it was away (widget.js).
    if (window.almaUnavailableShown && window.almaUnavailableShown()) snapshot.unavailable_shown = true;
    return snapshot;
  }

  // Before the page is connected (and hydrated) the region is left alone: React would find
  // text it did not render. Focus moving to the revealed heading says it meanwhile, and the
  // latest announcement is made once the page has connected.
  var unsaid = "";
  function announce(text) {
    var region = document.getElementById(K().id.announcer);
    if (!text) return;
    if (region && connected) region.textContent = text;
    else unsaid = text;
  }

  // What a choice says as it opens its step: its own words (data-announce), else its
  // question's, with the choice's label in the slot (one text per question in the page).
  function said(control) {
    var data = K().data;
    var own = control.getAttribute(data.announce);
    var group = control.closest("fieldset[" + data.announce + "]");
    var label = document.querySelector("label[for='" + control.id + "']");
    if (own !== null || !group || !label) return own;
    return group.getAttribute(data.announce).replace(K().rules.labelSlot, label.textContent);
  }

  function tellHost(action, value) {
    if (!window.almaEmit) return;
    if (action === "category") window.almaEmit("step", { step: "topic", category: flow.category_id });
    if (action === "topic" || action === "search" || action === "suggestion") {
      window.almaEmit("step", { step: "help", category: flow.category_id, topic: flow.topic_id });
    }
    if (action === "form") window.almaEmit("step", { step: "form", topic: flow.topic_id });
    if (action === "helped") window.almaEmit("helped", { topic: flow.topic_id, helped: value === "yes" });
  }

  // The server gets the snapshot through a hidden button wired to WidgetState.sync; before
  // the first connection the actions wait and go with the first snapshot.
  function handOver() {
    seq += 1;
    var bridge = document.getElementById(K().bridge.sync);
    if (connected && bridge) bridge.click();
  }

  // The search (search/page.js) opens a topic's help exactly as its radio would.
  window.almaChoose = function (category, topic, source) {
    var radio = document.getElementById(K().prefix.topic + topic);
    if (radio && radio.getAttribute(K().data.category) === category) {
      act(source, { category: category, topic: topic }, radio);
    }
  };

  window.almaIsConnected = function () {
    return connected;
  };

  // What a request or an upload carries (JSON text), for a server that has not received the
  // flow yet (an upload can reach another worker before the snapshot) or restarted: choices
  // not handed over yet count where they arrive first; none left, a restore.
  window.almaCarriedFlow = function () {
    var snapshot = snapshotOf(flow);
    snapshot.actions = actions.length ? actions.slice() : ["restore"];
    return JSON.stringify(snapshot);
  };

  window.almaSnapshot = function () {
    var snapshot = snapshotOf(flow);
    snapshot.actions = actions.splice(0, actions.length);
    return snapshot;
  };

  function act(action, value, control) {
    var before = flow;
    flow = next(action, value);
    if (same(before, flow)) return;
    acted = true;
    render();
    announce(said(control));
    var reveals = action === "back" ? questionOf(flow) : control.getAttribute(K().data.reveals);
    var focusing = reveals && window.almaFocus && !replaying;
    // Focus, the host and the server follow the frame that shows it: focus() brings the
    // page's styles up to date at once (inside the click, 4-12 ms on a first touch), and the
    // others' work (a socket message, React's event queue) never delays what the customer sees.
    // Counted from now: a page closed before the frame ends still hands it over (below).
    actions.push(action);
    afterPaint(function () {
      if (focusing) window.almaFocus(reveals, control.type === "radio");
      tellHost(action, value);
      handOver();
      keep();
    });
  }

  function afterPaint(work) {
    window.requestAnimationFrame(function () { window.setTimeout(work, 0); });
  }

  function chose(radio, checked) {
    var action = K().data.action;
    if (radio.type === "radio" && checked && radio.hasAttribute(action)) {
      act(radio.getAttribute(action), radio.value, radio);
    }
  }
  function pressed(target) {
    var action = K().data.action;
    var button = target.closest && target.closest("button[" + action + "]");
    if (button) act(button.getAttribute(action), "", button);
    // A server-side button (the language switch) pressed before the page has connected:
    // React was not there to hear it, so it is pressed again once the page has connected.
    var serverSide = target.closest && target.closest("button[" + K().data.afterConnect + "][id]");
    if (!serverSide || connected || !window.almaWhenConnected) return;
    window.almaWhenConnected(function () {
      var again = document.getElementById(serverSide.id);
      if (again) again.click();
    });
  }
  document.addEventListener("change", function (event) {
    chose(event.target, event.target.checked);
  }, true);
  document.addEventListener("click", function (event) {
    pressed(event.target);
  }, true);
  // A request carries the flow, for a server that restarted while the page was offline.
  // The browser never submits the form itself (that would put what was typed in a new page):
  // React sends it to the server, and one pressed before the page connected is sent then.
  var earlySubmit = null;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var carried = form.elements && form.elements[K().field.browserFlow];
    if (!carried) return;
    carried.value = window.almaCarriedFlow();
    var key = form.elements[K().field.filesKey];
    if (key) key.value = filesKey;
    event.preventDefault();
    if (connected) return;
    // Kept, and not for React: a request React queued now would reach the server after the
    // browser's own verdict (form_checks.js) and take the focus back from the customer.
    earlySubmit = form;
    event.stopPropagation();
  }, true);

  // React draws the radios anew on a language switch or a new order of the categories.
  // Once the request is sent (the confirmation shows), nothing is kept for a reload.
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      if (records[i].addedNodes.length) { render(); pinTyped(); keep(); return; }
    }
  }).observe(document, { subtree: true, childList: true });

  // A reload keeps where the customer was and what they typed, for the tab's life: only on
  // the page opened on its own (never in a merchant's frame, whose storage a cross-site
  // frame may not use and which a shared device would keep), and only once they acted.
  function typedFields() {
    return K().rules.contactFields || [];
  }
  function keptKey() {
    return K().rules.keptInTab;
  }
  function tabStorage() {
    if (window.parent !== window || window.almaStorageRefused) return null;
    try { return window.sessionStorage; } catch (refused) { return null; }
  }
  function keep() {
    var storage = tabStorage();
    var form = document.getElementById(K().id.contactForm);
    if (!storage || !acted) return;
    try {
      if (!form || document.getElementById(K().id.reference)) return storage.removeItem(keptKey());
      var typed = {};
      typedFields().forEach(function (name) {
        if (form.elements[name] && form.elements[name].value) typed[name] = form.elements[name].value;
      });
      storage.setItem(keptKey(), JSON.stringify({
        flow: flow, typed: typed, key: form.getAttribute(K().data.submissionKey) || "", files: filesKey
      }));
    } catch (full) { /* a full or refused storage only loses the convenience */ }
  }
  function restoreKept() {
    var storage = tabStorage();
    var kept = null;
    try { kept = storage && JSON.parse(storage.getItem(keptKey()) || "null"); } catch (bad) { kept = null; }
    if (!kept || typeof kept.flow !== "object" || kept.flow === null) return false;
    var restored = empty();
    fields().forEach(function (name) {
      if (typeof kept.flow[name] === "string") restored[name] = kept.flow[name];
    });
    var form = document.getElementById(K().id.contactForm);
    if (form && typeof kept.key === "string" && kept.key) form.setAttribute(K().data.submissionKey, kept.key);
    if (typeof kept.files === "string") filesKey = kept.files;
    typedFields().forEach(function (name) {
      var field = form && form.elements[name];
      var value = kept.typed && kept.typed[name];
      if (field && !field.value && typeof value === "string") field.value = value;
    });
    flow = restored;
    acted = true; // the server, which may have restarted and forgotten, gets it back
    actions.push("restore");
    render();
    if (window.almaStart) window.almaStart(); // they had reached out already: connect
    return true;
  }
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.form || field.form.id !== K().id.contactForm) return;
    if (typedFields().indexOf(field.name) >= 0) typedSoFar[field.name] = field.value;
    keep();
  }, true);

  // What the customer typed stays on screen whatever the server's state says. The fields are
  // React's uncontrolled inputs: their value follows React's defaultValue until the browser
  // counts them as edited, so a server that restarted and forgot the typed text would
  // empty a field drawn anew since (a language switch, a reconnection). Set once more, a
  // value counts as edited; a field drawn empty gets back what was typed in it (a field the
  // customer emptied stays empty). Forgotten once the request is sent.
  var typedSoFar = {};
  function pinTyped() {
    var form = document.getElementById(K().id.contactForm);
    if (document.getElementById(K().id.reference)) typedSoFar = {};
    if (!form) return;
    typedFields().forEach(function (name) {
      var field = form.elements[name];
      // A signed-in customer's locked address is the server's, not typed: never kept, so
      // « Ce n'est pas vous ? » empties it for good.
      if (!field || field.readOnly) return;
      if (!field.value && typedSoFar[name]) field.value = typedSoFar[name];
      else if (field.value) field.value = field.value;
      if (field.value) typedSoFar[name] = field.value;
    });
  }

  // A topic the host page links to (`topic`, checked again by the server) is open from the
  // first paint (assets/boot.js checks its radios until this script arrives): the page
  // connects only when the customer first touches it.
  function startingPoint() {
    if (restoreKept()) return;
    var linked = new URLSearchParams(window.location.search).get("topic") || "";
    // Only a topic of the page has a radio: anything else opens nothing.
    var radio = linked && document.getElementById(K().prefix.topic + linked);
    if (!radio || acted || flow.step !== "category") return;
    flow = helpOf(radio.getAttribute(K().data.category), linked);
    render();
  }

  // A customer who leaves before their choices were handed over (the page not connected yet
  // on a slow phone, or the tab closed in the frame of the choice) is still counted: the
  // choices go as a beacon, once (alma_widget/flow/beacon.py); nothing personal is in them.
  function sendLeftChoices() {
    // `actions` holds only what no snapshot has carried yet (connected or not): a customer
    // who answers and closes the tab at once is counted once, by the beacon.
    if (!actions.length || !navigator.sendBeacon) return;
    var snapshot = snapshotOf(flow);
    snapshot.actions = actions.slice();
    if (navigator.sendBeacon("/api/flow-beacon", JSON.stringify(snapshot))) actions = [];
  }
  window.addEventListener("pagehide", sendLeftChoices);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") sendLeftChoices();
  });

  // Files chosen before the page has connected: an upload needs the connection (and React
  // may not even be there to hear the choice), so the choice waits, and React is told of it
  // once the page has connected (the files are still in the input).
  ["input", "change"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (!connected && event.target.type === "file") event.stopImmediatePropagation();
    }, true);
  });
  // The page's key to the files it chose (alma_widget/contact/uploads.py): made at the first
  // choice, kept in memory (and with the kept flow, on the page opened on its own), sent with
  // each upload and again at each connection, when the server has put the files aside: a
  // copied socket token, which has no key, never sees them.
  var filesKey = "";
  window.almaFilesKey = function () {
    if (!filesKey) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      filesKey = Array.prototype.map.call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      }).join("");
      keep();
    }
    return filesKey;
  };
  function claimFilesAgain() {
    var bridge = filesKey && document.getElementById(K().bridge.files);
    if (bridge) bridge.click();
  }
  function chooseFilesAgain() {
    var inputs = document.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].files && inputs[i].files.length) {
        inputs[i].dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  }

  // Called by the server at every (re)connection with the flow it holds (alma_widget/embedding/host_state.py).
  window.almaConnected = function (server) {
    if (window.almaServed) window.almaServed(); // the server answered: any outage is over
    var first = !connected;
    connected = true;
    claimFilesAgain();
    if (first) chooseFilesAgain();
    // The server forgot who the customer is when this connection opened: tell it again.
    if (window.almaIdentifyAgain) window.almaIdentifyAgain();
    if (!first && window.almaPrefillAgain) window.almaPrefillAgain();
    pinTyped();
    if (window.almaRunConnectedWork) window.almaRunConnectedWork();
    if (unsaid) announce(unsaid);
    unsaid = "";
    if (earlySubmit) {
      // After the flow below: the server opens the form before it receives the request.
      window.setTimeout(function (form) { form.requestSubmit(); }, 0, earlySubmit);
      earlySubmit = null;
    }
    if (!acted) {
      flow = copy(server); // a deep link, or a reload: the server's flow is the latest
      render();
    } else if (!same(server, flow) || actions.length) {
      // Choices made before the page was connected, or a server that restarted: hand over.
      if (!actions.length) actions.push("restore");
      handOver();
    }
  };

  // The host's logout() (assets/widget.js): the next person on this device starts from
  // nothing; the server forgets too once connected (ContactState.forget_customer).
  window.almaForget = function () {
    flow = empty();
    actions = [];
    acted = false;
    typedSoFar = {};
    filesKey = ""; // the server deletes the files it held for this key
    var form = document.getElementById(K().id.contactForm);
    typedFields().forEach(function (name) {
      var field = form && form.elements[name];
      if (field && !field.readOnly) field.value = "";
    });
    var storage = tabStorage();
    try { if (storage) storage.removeItem(keptKey()); } catch (refused) { /* nothing kept then */ }
    render();
  };

  // The server refused part of the snapshot `answered`: show what it holds, unless the
  // customer has acted since (the newer snapshot gets its own answer).
  window.almaCorrect = function (server, answered) {
    if (answered !== seq) return;
    flow = copy(server);
    render();
  };
  // Choices made before this script ran (it comes after the page, or at the first touch:
  // assets/boot.js kept them) count as if heard, in order; focus stays where the customer
  // put it. Arrived after the page (at the first touch), it starts where the page did (a
  // linked topic, a reload), then takes them.
  var missed = window.almaEarlyEvents ? window.almaEarlyEvents() : [];
  function takeMissed() {
    replaying = true;
    missed.forEach(function (event) {
      if (event.type === "change") chose(event.target, event.checked);
      else pressed(event.target);
    });
    replaying = false;
  }
  if (document.readyState === "loading") {
    takeMissed();
    document.addEventListener("DOMContentLoaded", startingPoint);
  } else {
    startingPoint();
    takeMissed();
  }
})();
