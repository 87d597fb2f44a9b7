// The search field above the categories, and the second chance in the contact form.
// Entry of assets/search.js (see search.js); drawn with DOM calls only (no innerHTML).
import { createIndex, loadIndex, pageWords, search, serializeIndex, suggestion } from "./search.js";

// The index file's text (assets/boot.js preloads it when the field is first touched).
function fetchText(address) {
  return fetch(address).then((answer) => {
    if (!answer.ok) throw new Error(`${address}: ${answer.status}`);
    return answer.text();
  });
}

globalThis.AlmaSearch = { createIndex, loadIndex, pageWords, search, serializeIndex, suggestion };

if (typeof document !== "undefined") {
  let index = null;
  let indexedFrom = null;
  let announceTimer = 0;
  let missTimer = 0;
  let suggestTimer = 0;
  const reportedMisses = new Set();
  let suggestionDone = false; // once per form: shown (then taken or dismissed), never again

  // The names this page shares with the server (alma_widget/page_contract.py, boot.js).
  const K = () => window.almaContract();
  const byId = (id) => document.getElementById(id);

  function box() {
    return byId(K().id.search);
  }

  let words = {};
  const indexes = new Map(); // address → index, or the promise of it while it arrives
  // The index is written at build time, one file per page language (data-index-url); it is
  // fetched once, read back, and read again only when React draws the search anew in another language. Until
  // it is there, `ready` answers null and what was typed is answered once it arrives.
  function ready() {
    const element = box();
    if (!element) return null;
    const address = element.getAttribute(K().data.indexUrl);
    if (!address) return null;
    const known = indexes.get(address);
    if (known && !(known instanceof Promise)) {
      if (element !== indexedFrom) {
        words = JSON.parse(element.getAttribute(K().data.texts) || "{}");
        indexedFrom = element;
      }
      index = known;
      return index;
    }
    if (!known) indexes.set(address, fetchIndex(address));
    return null;
  }

  // Whether what is typed is answered here, or still by the page's first answer (boot.js).
  globalThis.AlmaSearch.answers = () => Boolean(ready());

  function fetchIndex(address) {
    return fetchText(address)
      .then((json) => {
        indexes.set(address, loadIndex(json));
        answerWhatWasTyped();
      })
      .catch(() => indexes.delete(address)); // tried again at the next key
  }

  function answerWhatWasTyped() {
    const input = byId(K().id.searchInput);
    if (input && input.value.trim()) show(input.value);
    const message = byId(K().prefix.field + "message");
    if (message && message.value.trim()) suggest(message.value);
  }

  function labelOf(topicId) {
    const label = document.querySelector(`label[for="${K().prefix.topic}${topicId}"]`);
    return label ? label.textContent : topicId;
  }

  function resultsList() {
    return byId(K().id.searchResults);
  }

  function clearResults() {
    const list = resultsList();
    if (list) list.replaceChildren();
  }

  // Said in the widget's one polite live region, once typing pauses (and, typed before the
  // page was taken over by React, once it has been: the latest words only).
  function say(text, wait = 350) {
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(() => {
      const region = byId(K().id.announcer);
      if (region && hydrated()) region.textContent = text;
      else if (region) say(text, 100);
    }, wait);
  }

  // React owns the live region and the suggestion: nothing is written in them before it has
  // taken the page over (hydrated), or it would find content it did not render. The results
  // list is left to this script (components/search_step.py), so results show at once.
  // Not the presence of React's fiber on the node: React attaches those while it is still
  // hydrating, and text written then makes it throw the page away (#418). The page has
  // connected only once React has taken it over (assets/client_flow.js).
  function hydrated() {
    return Boolean(window.almaIsConnected && window.almaIsConnected());
  }

  function show(query) {
    const list = resultsList();
    if (!list || !ready()) return;
    const hits = search(index, query);
    const shown = results().map((button) => button.getAttribute(K().data.searchTopic));
    // The same results as shown: left as they are, so a result the customer moved to with
    // the arrow keys keeps its focus.
    const topics = hits.map((hit) => hit.id);
    if (shown.join(" ") !== topics.join(" ")) window.almaShowResults(list, topics);
    if (!query.trim()) say("");
    else if (!hits.length) say(words.none || "");
    else if (hits.length === 1) say(words.one || "");
    else say((words.many || "").replace("{count}", String(hits.length)));
    window.clearTimeout(missTimer);
    if (!hits.length && query.trim().length >= 3) {
      missTimer = window.setTimeout(() => reportMiss(query.trim()), 1500);
    }
  }

  // A query with no result, for the content team (the server removes anything personal).
  function reportMiss(query) {
    const input = byId(K().id.searchInput);
    if (!input || input.value.trim() !== query || reportedMisses.has(query)) return;
    reportedMisses.add(query);
    window.__almaSearchMiss = query;
    const bridge = byId(K().bridge.searchMiss);
    if (bridge) bridge.click();
  }

  function choose(button, source) {
    const topic = button.getAttribute(K().data.searchTopic);
    const category = button.getAttribute(K().data.searchCategory);
    if (window.almaChoose) window.almaChoose(category, topic, source);
  }

  function results() {
    return Array.from(document.querySelectorAll(`#${K().id.searchResults} button`));
  }

  // Capture phase: while React takes the page over, it stops the propagation of the keys
  // and clicks it cannot handle yet; listeners on the document's capture phase still hear them.
  document.addEventListener("input", (event) => {
    if (event.target.id === K().id.searchInput) show(event.target.value);
    if (event.target.id === `${K().prefix.field}message`) {
      window.clearTimeout(suggestTimer);
      suggestTimer = window.setTimeout(() => suggest(event.target.value), 500);
    }
  }, true);

  document.addEventListener("click", (event) => {
    const result = event.target.closest && event.target.closest("#search-results button");
    if (result) {
      choose(result, "search");
      clearResults();
      return;
    }
    const offered = event.target.closest && event.target.closest("#search-suggestion a");
    if (offered) {
      event.preventDefault();
      choose(offered, "suggestion");
      hideSuggestion();
      return;
    }
    if (event.target.closest && event.target.closest("#search-suggestion button")) {
      hideSuggestion();
      const message = byId(K().prefix.field + "message");
      if (message) message.focus();
    }
  }, true);

  // Arrow keys move between the field and the results; Escape clears (and, having been
  // used, does not also close the host's panel).
  document.addEventListener("keydown", (event) => {
    const inField = event.target.id === K().id.searchInput;
    const buttons = results();
    const at = buttons.indexOf(event.target);
    if (!inField && at < 0) return;
    if (event.key === "ArrowDown" && buttons.length) {
      event.preventDefault();
      buttons[Math.min(at + 1, buttons.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) byId(K().id.searchInput).focus();
      else buttons[at - 1].focus();
    } else if (event.key === "Enter" && inField && buttons.length) {
      event.preventDefault();
      buttons[0].click();
    } else if (event.key === "Escape") {
      const input = byId(K().id.searchInput);
      if (!buttons.length && !input.value) return;
      event.preventDefault();
      if (buttons.length) clearResults();
      else input.value = "";
      say("");
      input.focus();
    }
  }, true);

  // Typed before this script arrived (it is deferred): answered now, or once the index is
  // there; fetched now in any case, as the field was touched.
  if (ready()) answerWhatWasTyped();

  function hideSuggestion() {
    const element = byId(K().id.searchSuggestion);
    if (element) element.hidden = true;
  }

  function suggest(message) {
    const element = byId(K().id.searchSuggestion);
    const chosen = document.querySelector(`input[${K().data.action}=topic]:checked`);
    if (suggestionDone || !element || !chosen || message.trim().length < 20) return;
    // The index still arriving (answered when it does), or React still taking the page over:
    // asked again shortly, for the message as it will be then.
    if (!ready()) return;
    if (!hydrated()) {
      window.clearTimeout(suggestTimer);
      // The form may be gone by then (sent): nothing to suggest for.
      suggestTimer = window.setTimeout(() => {
        const field = byId(`${K().prefix.field}message`);
        if (field) suggest(field.value);
      }, 300);
      return;
    }
    const found = suggestion(index, message, chosen.value);
    if (!found) return;
    suggestionDone = true;
    const link = element.querySelector("a");
    link.textContent = labelOf(found.id);
    link.setAttribute("href", `#${K().prefix.helpHeading}${found.id}`);
    link.setAttribute(K().data.searchTopic, found.id);
    link.setAttribute(K().data.searchCategory, found.category);
    element.hidden = false;
  }
}
