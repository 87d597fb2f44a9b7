/* Alma support widget loader: one script tag, no dependency. See README "Embedding". */
(function (window, document) {
  "use strict";
  if (window.AlmaSupport) return;
  var script = document.currentScript;
  var widgetOrigin = new URL(script.src).origin;
  var PREFIX = "alma-support-";
  // False in the inline-only build (/embed-inline.js, embedding/loader.py): a checkout page
  // does not download the launcher, its panel and their styles. The minifier drops every
  // branch this guards.
  var WITH_LAUNCHER = /*WITH_LAUNCHER*/true;
  // Option -> [query parameter, check]. A value that fails its check is dropped with a warning.
  // The identifiers' shapes, written in from alma_widget/identifiers.py (embedding/loader.py).
  var PATTERNS = /*PATTERNS*/{};
  var shaped = function (name) {
    var pattern = new RegExp("^(?:" + PATTERNS[name] + ")$");
    return function (v) { return typeof v === "string" && pattern.test(v); };
  };
  var short = function (max) { return function (v) { return typeof v === "string" && v.length > 0 && v.length <= max; }; };
  var ACCENT = ["accent", shaped("accent")];
  var OPTIONS = {
    context: ["context", function (v) { return v === "checkout" || v === "account"; }],
    merchantId: ["merchant_id", shaped("merchantId")],
    merchantName: ["merchant_name", short(128)],
    orderReference: ["order_reference", shaped("orderReference")],
    email: ["email", function (v) { return short(254)(v) && v.indexOf("@") > 0; }],
    phone: ["phone", short(40)],
    locale: ["locale", function (v) { return TEXTS.hasOwnProperty(v); }],
    topic: ["topic", shaped("topic")],
    accent: ACCENT,
    // init({ theme: { accent, mode, radius, font } }), or data-theme-* (accept()); the frame
    // checks the radius and the font (assets/boot.js).
    themeAccent: ACCENT,
    themeMode: ["color_mode", function (v) { return v === "light" || v === "dark"; }],
    themeRadius: ["radius", function (v) { return short(2)(String(v)); }],
    themeFont: ["font", short(80)]
  };
  // Where the launcher sits (never in the frame's address): option -> check.
  var PLACE = {
    position: function (v) { return v === "left" || v === "right"; },
    offset: function (v) { return typeof v === "number" && v >= 0 && v <= 400; }
  };
  // Launcher texts per locale, written in from the content files (alma_widget/embedding/loader.py).
  var TEXTS = /*TEXTS*/{};
  var config = {};
  var handlers = {};
  var frame = null;
  var panel = null;
  var launcher = null;
  var inlineTarget = null;
  var ready = false;
  var pendingPrefill = [];
  // The customer's identity token (identify(), init's identityToken): in this closure only,
  // never in an address or storage; handed to the frame at each "ready" (a reloaded frame
  // starts as a stranger), checked on the widget's server.
  var identityToken = null;
  // open({ view: "requests" }) before the frame was ready: shown once it is.
  var pendingView = null;
  var nearObserver = null;

  // The host's locale, else the browser's first language there are texts for, else French
  // (alma_widget/web/page_variants.py chooses the same way from Accept-Language).
  function locale() {
    var wanted = [config.locale].concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < wanted.length; i++) {
      var language = String(wanted[i]).slice(0, 2).toLowerCase();
      if (TEXTS[language]) return language;
    }
    return "fr";
  }

  function text(key) {
    return (TEXTS[locale()] || TEXTS.fr)[key];
  }

  function warn(message) {
    if (window.console) window.console.warn("AlmaSupport: " + message);
  }

  function accept(options, into) {
    Object.keys(options || {}).forEach(function (key) {
      var value = options[key];
      if (key === "theme" && value && typeof value === "object") {
        Object.keys(value).forEach(function (name) {
          var themed = {};
          themed["theme" + name.charAt(0).toUpperCase() + name.slice(1)] = value[name];
          accept(themed, into);
        });
      } else if (key === "mode" || key === "target" || key === "pageUrl") {
        into[key] = value;
      } else if (key === "identityToken") {
        setIdentity(value);
      } else if (!OPTIONS[key] && !PLACE[key]) {
        warn("unknown option " + key + " ignored");
      } else if ((PLACE[key] || OPTIONS[key][1])(value)) {
        into[key] = value;
      } else {
        warn("invalid " + key + " ignored");
      }
    });
    return into;
  }

  function fire(name, payload) {
    (handlers[name] || []).forEach(function (fn) {
      try { fn(payload); } catch (error) { warn("a handler of " + name + " failed: " + error); }
    });
  }

  // What the customer is (email, phone, order): never in the frame's address, which proxies
  // and servers log; handed over by postMessage once the frame is ready, as prefill() does.
  var PERSONAL = ["email", "phone", "orderReference"];
  function personalOf(values) {
    var payload = {};
    PERSONAL.forEach(function (key) { if (values[key]) payload[OPTIONS[key][0]] = values[key]; });
    return payload;
  }

  function post(type, payload) {
    frame.contentWindow.postMessage({ source: "alma-support", type: type, payload: payload }, widgetOrigin);
  }

  function setIdentity(token) {
    if (typeof token !== "string" || !token) return warn("invalid identityToken ignored");
    identityToken = token;
    if (frame && ready) post("identify", { token: token });
  }

  function src() {
    var query = new URLSearchParams({ embed: "1", host_origin: window.location.origin });
    // Origin and path only: checkout addresses carry tokens, cart ids, emails in their query.
    if (config.pageUrl !== "none") query.set("page_url", window.location.origin + window.location.pathname);
    // In the launcher's panel the page draws the panel's header and its close button.
    if (launcher) query.set("panel", "1");
    Object.keys(OPTIONS).forEach(function (key) {
      var inAddress = key !== "context" && key !== "locale" && PERSONAL.indexOf(key) < 0;
      if (config[key] != null && inAddress) query.set(OPTIONS[key][0], config[key]);
    });
    // The page prerendered in this language and context: its first paint is the final page.
    var page = "/" + locale() + "/" + (config.context ? config.context + "/" : "");
    return widgetOrigin + page + "?" + query.toString();
  }

  function createFrame(parent) {
    frame = document.createElement("iframe");
    frame.src = src();
    frame.title = text("frame_title");
    frame.className = PREFIX + "frame";
    // Inline, the frame takes its content's height; in the panel it scrolls, under its header.
    if (!launcher) frame.setAttribute("scrolling", "no");
    parent.appendChild(frame);
  }

  // Inline: the frame is made when its place comes near the viewport, so a checkout page
  // whose customer never scrolls to the help costs the widget's origin nothing.
  function createFrameWhenNear(parent) {
    inlineTarget = parent;
    if (!window.IntersectionObserver) return createFrame(parent);
    var near = nearObserver = new IntersectionObserver(function (entries) {
      if (frame || !entries[0].isIntersecting) return;
      near.disconnect();
      createFrame(parent);
    }, { rootMargin: "400px" });
    near.observe(parent);
  }

  // The frame's page is the widget's own (its origin and window checked below): besides
  // "resize" and "escape", which are the loader's, what it posts is what the host may listen
  // to with on(), and none of it carries personal data (the frame's emitters say which:
  // assets/host.js, assets/client_flow.js, page_calls.emit).
  function onMessage(event) {
    var data = event.data;
    if (!frame || event.origin !== widgetOrigin || event.source !== frame.contentWindow) return;
    if (!data || data.source !== "alma-widget" || typeof data.type !== "string") return;
    var payload = data.payload && typeof data.payload === "object" ? data.payload : {};
    if (data.type === "resize") {
      var height = Number(payload.height);
      if (height > 0 && height < 20000) frame.style.height = Math.ceil(height) + "px";
      return;
    }
    if (data.type === "escape") return api.close();
    if (data.type === "ready") {
      ready = true;
      pendingPrefill.splice(0).forEach(function (values) { post("prefill", values); });
      if (identityToken) post("identify", { token: identityToken });
      if (pendingView) post("view", { view: pendingView });
      pendingView = null;
    }
    fire(data.type, payload);
  }

  // Styles through the CSSOM (a constructed sheet), never a style attribute or an inline
  // <style>: a strict Content-Security-Policy allows these. Older browsers get a <style>
  // carrying the nonce the host gave this script.
  var addedStyles = null; // the sheet or <style> added, taken away by destroy()
  function addStyles(css) {
    if (window.CSSStyleSheet && document.adoptedStyleSheets) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat(sheet);
      addedStyles = sheet;
    } else {
      var style = document.createElement("style");
      style.nonce = script.nonce;
      style.textContent = css;
      document.head.appendChild(style);
      addedStyles = style;
    }
  }
  function removeStyles() {
    if (window.CSSStyleSheet && addedStyles instanceof window.CSSStyleSheet) {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter(function (s) { return s !== addedStyles; });
    } else if (addedStyles && addedStyles.parentNode) {
      addedStyles.parentNode.removeChild(addedStyles);
    }
    addedStyles = null;
  }

  function styles(launcherMode) {
    var p = "." + PREFIX;
    // The corner the launcher sits in, `offset` px from it (16 by default).
    var side = config.position === "left" ? "left" : "right";
    var gap = config.offset === undefined ? 16 : config.offset;
    var css = p + "frame{display:block;width:100%;height:480px;border:0}";
    if (WITH_LAUNCHER && launcherMode) css +=
      p + "launcher{position:fixed;" + side + ":" + gap + "px;bottom:calc(" + gap + "px + env(safe-area-inset-bottom));z-index:2147483000;" +
      "font:600 16px/1 system-ui,sans-serif;color:#fff;background:" + (config.accent || "#b3330f") +
      ";border:0;border-radius:999px;padding:12px 20px 12px 16px;box-shadow:0 4px 16px rgba(0,0,0,.2);cursor:pointer}" +
      // A speech bubble before the word, drawn by CSS (nothing fetched, no markup).
      p + "launcher:before{content:'';display:inline-block;vertical-align:-2px;margin-right:8px;width:16px;height:12px;border:2px solid;border-radius:5px 5px 5px 0}" +
      p + "launcher:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}" +
      // One size while open, the frame scrolling inside under its header.
      p + "panel{position:fixed;" + side + ":" + gap + "px;bottom:" + (gap + 64) + "px;z-index:2147483001;width:400px;" +
      "max-width:calc(100vw - " + 2 * gap + "px);height:min(640px,calc(100vh - " + (gap + 84) + "px));overflow:hidden;border-radius:16px;box-shadow:0 8px 32px rgba(0,0,0,.25)}" +
      p + "panel[hidden]{display:none}" +
      p + "panel " + p + "frame{height:100%!important}" +
      // A phone: the whole screen, inside its safe areas, the page behind it still.
      "@media (max-width:480px){" + p + "panel{inset:0;width:auto;max-width:none;height:auto;border-radius:0;" +
      "padding:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);background:#fff}" +
      p + "open,." + PREFIX + "open body{overflow:hidden}}";
    addStyles(css);
  }

  // A phone's on-screen keyboard shrinks what is visible (the visual viewport), not the
  // layout the panel is fixed to: open on a phone, the panel follows what is visible, so its
  // header and the field being typed in stay in view (the frame scrolls the field back).
  var viewport = WITH_LAUNCHER && window.visualViewport;
  function fitToViewport() {
    if (!panel || panel.hidden) return;
    var phone = window.innerWidth <= 480; // the styles' phone (below)
    panel.style.top = phone ? viewport.offsetTop + "px" : "";
    panel.style.height = phone ? viewport.height + "px" : "";
  }
  function followViewport(method) {
    if (WITH_LAUNCHER && viewport) ["resize", "scroll"].forEach(function (name) { viewport[method](name, fitToViewport); });
  }

  function openPanel() {
    if (!panel) {
      panel = document.createElement("div");
      panel.className = PREFIX + "panel";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", text("dialog_label"));
      // The header (title, reply time, « Fermer ») is the frame's: it posts "escape".
      createFrame(panel);
      document.body.appendChild(panel);
      followViewport("addEventListener");
    }
    panel.hidden = false;
    if (viewport) fitToViewport();
    document.documentElement.classList.add(PREFIX + "open");
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
  }

  // What changes the page the frame shows (its language, its context): a new address.
  function showChanges(before) {
    if (locale() === before.locale && config.context === before.context) return;
    if (WITH_LAUNCHER && launcher) launcher.textContent = text("launcher");
    if (WITH_LAUNCHER && panel) panel.setAttribute("aria-label", text("dialog_label"));
    if (!frame) return;
    ready = false; // the new page says "ready", and gets the prefill and the identity again
    frame.title = text("frame_title");
    frame.src = src();
  }

  var api = {
    init: function (options) {
      // A single-page dashboard calls init() at each route: the second one updates.
      if (frame || launcher || inlineTarget) return api.update(options);
      if (!WITH_LAUNCHER && (options || {}).mode === "launcher") {
        return warn("the launcher comes with /embed.js, not /embed-inline.js: no widget shown");
      }
      accept(options, config);
      var personal = personalOf(config);
      if (Object.keys(personal).length) pendingPrefill.push(personal);
      window.addEventListener("message", onMessage);
      var mode = config.mode === "launcher" ? "launcher" : "inline";
      styles(mode === "launcher");
      if (!WITH_LAUNCHER || mode === "inline") {
        var selector = config.target || "#alma-support";
        var target = document.querySelector(selector);
        if (!target) return warn("no container " + selector + " for the inline widget");
        createFrameWhenNear(target);
        return;
      }
      launcher = document.createElement("button");
      launcher.type = "button";
      launcher.className = PREFIX + "launcher";
      launcher.textContent = text("launcher");
      launcher.setAttribute("aria-expanded", "false");
      launcher.addEventListener("click", function () { return panel && !panel.hidden ? api.close() : openPanel(); });
      document.body.appendChild(launcher);
    },
    // Context, locale, prefill (email, phone, orderReference), identityToken.
    update: function (options) {
      var before = { locale: locale(), context: config.context };
      var changes = accept(options, {});
      // Every option but the personal ones (those go as a prefill, never kept here).
      Object.keys(changes).forEach(function (key) {
        if (OPTIONS[key] && PERSONAL.indexOf(key) < 0) config[key] = changes[key];
      });
      var personal = personalOf(changes);
      if (Object.keys(personal).length) {
        if (frame && ready) post("prefill", personal);
        else pendingPrefill.push(personal);
      }
      showChanges(before);
    },
    setLocale: function (value) {
      api.update({ locale: value });
    },
    open: function (options) {
      if (WITH_LAUNCHER && launcher) openPanel();
      else if (frame || inlineTarget) (frame || inlineTarget).scrollIntoView({ block: "start" });
      var view = (options || {}).view;
      if (view === "requests") {
        if (frame && ready) post("view", { view: view });
        else pendingView = view;
      } else if (view !== undefined) {
        warn("unknown view " + view + " ignored");
      }
    },
    close: function () {
      if (!WITH_LAUNCHER || !panel || panel.hidden) return;
      panel.hidden = true;
      document.documentElement.classList.remove(PREFIX + "open");
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    },
    // The launcher out of the way (a page's own dialog, a route without help), and back.
    hide: function () {
      api.close();
      if (WITH_LAUNCHER && launcher) launcher.hidden = true;
    },
    show: function () {
      if (WITH_LAUNCHER && launcher) launcher.hidden = false;
    },
    prefill: function (values) {
      var payload = personalOf(accept(values, {}));
      if (frame && ready) post("prefill", payload);
      else pendingPrefill.push(payload);
    },
    identify: function (options) {
      setIdentity(options && options.token);
    },
    // The next person on a shared device: the identity and all the widget holds go.
    logout: function () {
      identityToken = null;
      pendingPrefill = [];
      pendingView = null;
      if (frame && ready) post("logout", {});
    },
    on: function (name, fn) {
      if (typeof fn !== "function") return function () {};
      (handlers[name] = handlers[name] || []).push(fn);
      return function () { api.off(name, fn); };
    },
    off: function (name, fn) {
      handlers[name] = (handlers[name] || []).filter(function (h) { return h !== fn; });
    },
    // Everything the loader added goes: frame, launcher, panel, styles, listeners.
    destroy: function () {
      if (nearObserver) nearObserver.disconnect();
      document.documentElement.classList.remove(PREFIX + "open"); // the page may scroll again
      [frame, panel, launcher].forEach(function (node) {
        if (node && node.parentNode) node.parentNode.removeChild(node);
      });
      window.removeEventListener("message", onMessage);
      followViewport("removeEventListener");
      removeStyles();
      frame = panel = launcher = inlineTarget = nearObserver = identityToken = pendingView = null;
      ready = false;
      pendingPrefill = [];
      config = {};
      handlers = {};
    }
  };
  window.AlmaSupport = api;

  // Declarative use: <script src=".../embed.js" data-mode="inline" data-context="checkout" ...>
  if (script.hasAttribute("data-mode")) {
    var fromAttributes = {};
    Object.keys(script.dataset).forEach(function (key) { fromAttributes[key] = script.dataset[key]; });
    var start = function () { api.init(fromAttributes); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})(window, document);
