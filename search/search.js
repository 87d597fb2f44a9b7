// « Décrivez votre problème »: the help topics searched in the browser, as the customer types.
//
// Bundled with MiniSearch and the Snowball stemmers (French, English) into assets/search.js
// by scripts/setup.sh (bun build); the page loads it at the first touch. The same file runs
// in Node for the quality table (harness/search_accuracy.py: the unit tests, `make bench-search`).
//
// Matching forgives what customers do: case and accents are folded, words are stemmed in
// French and in English (« remboursé » / « remboursement », « payement » / « paiement »),
// typos are tolerated (fuzzy), a word being typed matches as a prefix. Each topic is found by
// its labels (both languages), its keywords (customers' own words, from the content files)
// and, faintly, its help text.
import MiniSearch from "minisearch";
import { stemmer as stemFrench } from "@orama/stemmers/french";
import { stemmer as stemEnglish } from "@orama/stemmers/english";

const STOP_WORDS = new Set(
  ("a au aux avec ce ces dans de des du elle en et est il je j l la le les leur lui ma mais me " +
    "mes mon n ne nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une " +
    "vos votre vous c d s t y m ai as avoir etre été suis ça ca cela bonjour merci svp stp " +
    "the an and are is it i my me of on or to was be been have has do does did not no can " +
    "for in at with this that please hello hi").split(" ")
);
export const MAX_RESULTS = 5;

function fold(text) {
  return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

// One word of a topic or of a query: folded, then its French and English stems.
function processTerm(term) {
  const folded = fold(term);
  if (!folded || STOP_WORDS.has(folded)) return null;
  const french = stemFrench(folded);
  const english = stemEnglish(folded);
  return french === english ? french : [french, english];
}

const SEARCH_OPTIONS = {
  boost: { keywords: 3, label: 2, help: 0.3 },
  // A typo in a word of 5 letters or more; a word being typed matches the start of one.
  fuzzy: (term) => (term.length >= 5 ? 0.25 : term.length >= 4 ? 1 : false),
  prefix: (term) => term.length >= 3,
  combineWith: "OR",
};

const INDEX_OPTIONS = {
  fields: ["label", "keywords", "help"],
  storeFields: ["category"],
  processTerm,
  searchOptions: SEARCH_OPTIONS,
};

// `topics`: [{id, category, labels: [..], keywords: [..], help: ".."}], every language.
export function createIndex(topics) {
  const index = new MiniSearch(INDEX_OPTIONS);
  index.addAll(
    topics.map((topic) => ({
      id: topic.id,
      category: topic.category,
      label: topic.labels.join(" "),
      keywords: topic.keywords.join(" "),
      help: topic.help || "",
    }))
  );
  return index;
}

// The index as the build writes it (alma_widget/help_search/index_files.py), and read back
// in the browser: stemming every topic there took 100 to 300 ms of a phone's first touch.
export function serializeIndex(topics) {
  return JSON.stringify(createIndex(topics));
}

export function loadIndex(json) {
  return MiniSearch.loadJSON(json, INDEX_OPTIONS);
}

// The best topics for what was typed, best first: [{id, category, score}].
export function search(index, query, limit = MAX_RESULTS) {
  if (!query || !query.trim()) return [];
  return index
    .search(query)
    .slice(0, limit)
    .map((hit) => ({ id: hit.id, category: hit.category, score: hit.score }));
}

// Whether a message typed in the form clearly speaks of another topic than the chosen one:
// that topic first, well ahead of the chosen one.
export function suggestion(index, message, chosenTopic) {
  const hits = index.search(message);
  if (!hits.length || hits[0].id === chosenTopic) return null;
  const chosen = hits.find((hit) => hit.id === chosenTopic);
  if (chosen && chosen.score * 2 > hits[0].score) return null;
  if (hits.length > 1 && hits[1].score * 1.5 > hits[0].score && hits[1].id !== chosenTopic) {
    return null; // two topics about as likely: not clear enough to interrupt
  }
  return { id: hits[0].id, category: hits[0].category };
}
