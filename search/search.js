// « Décrivez votre problème »: the help topics searched in the browser, as the customer types.
//
// Bundled with MiniSearch and the Snowball stemmers and stop words of every content language
// into assets/search.js by search/build.js (scripts/setup.sh runs it); the page loads it at the
// first touch. The same file runs in Node for the quality table (harness/search_accuracy.py:
// the unit tests, `make bench-search`).
//
// Matching forgives what customers do: case and accents are folded, words are stemmed in
// every language of the content (« remboursé » / « remboursement », « payement » / « paiement »),
// typos are tolerated (fuzzy), a word being typed matches as a prefix. Each topic is found by
// its labels (every language), its keywords (customers' own words, from the content files)
// and, faintly, its help text.
import MiniSearch from "minisearch";

export const MAX_RESULTS = 5;

// Code → {stem, stopWords} of each content language, given by the bundle's entry (build.js).
let languages = {};
export function useLanguages(table) {
  languages = table;
}

function fold(text) {
  return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

// The stop words of every language and the content's filler words (« bonjour »), folded.
function skippedWords(fillerWords) {
  return new Set(
    [...Object.values(languages).flatMap((language) => language.stopWords || []), ...fillerWords].map(
      fold
    )
  );
}

// How one word of a topic or of a query is indexed: folded, then its stem in every language;
// nothing for a stop word of any language, or a filler word of the content.
function termProcessor(fillerWords) {
  const stems = Object.values(languages)
    .map((language) => language.stem)
    .filter(Boolean);
  // A language without a stemmer in the library keeps its words as typed.
  const asTyped = !stems.length || Object.values(languages).some((language) => !language.stem);
  const skipped = skippedWords(fillerWords);
  return (term) => {
    const folded = fold(term);
    if (!folded || skipped.has(folded)) return null;
    const forms = new Set(stems.map((stem) => stem(folded)));
    if (asTyped) forms.add(folded);
    return forms.size === 1 ? [...forms][0] : [...forms];
  };
}

const SEARCH_OPTIONS = {
  boost: { keywords: 3, label: 2, help: 0.3 },
  // A typo in a word of 5 letters or more; a word being typed matches the start of one.
  fuzzy: (term) => (term.length >= 5 ? 0.25 : term.length >= 4 ? 1 : false),
  prefix: (term) => term.length >= 3,
  combineWith: "OR",
};

function indexOptions(fillerWords) {
  return {
    fields: ["label", "keywords", "help"],
    storeFields: ["category"],
    processTerm: termProcessor(fillerWords),
    searchOptions: SEARCH_OPTIONS,
  };
}

// `topics`: [{id, category, labels: [..], keywords: [..], help: ".."}], every language;
// `fillerWords`: the content's words that say nothing of a problem.
export function createIndex(topics, fillerWords = []) {
  const index = new MiniSearch(indexOptions(fillerWords));
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

// The index as the build writes it (alma_widget/help_search/index_files.py), with its filler
// words, read back in the browser: stemming every topic there took 100 to 300 ms of a phone's
// first touch.
export function serializeIndex(topics, fillerWords = []) {
  return JSON.stringify({ fillerWords, index: createIndex(topics, fillerWords) });
}

export function loadIndex(json) {
  const { fillerWords, index } = JSON.parse(json);
  return MiniSearch.loadJS(index, indexOptions(fillerWords));
}

// What the page answers with before this bundle and the index arrive (assets/boot.js), by
// topic id: the keywords its label and help do not already hold, folded, without stop and
// filler words, each cut to its first `letters` (as the page cuts what is typed: a stem's
// rough stand-in), the `most` first of them (each word costs every page's first bytes).
// `topics`: [{id, label, keywords: [..], help: ".."}], the page's language.
export function pageWords(topics, fillerWords, letters, most) {
  const skipped = skippedWords(fillerWords);
  return Object.fromEntries(
    topics.map((topic) => {
      const said = fold(`${topic.label} ${topic.help}`);
      const words = new Set();
      for (const word of fold(topic.keywords.join(" ")).match(/\w{3,}/g) || []) {
        const start = word.slice(0, letters);
        if (!skipped.has(word) && !new RegExp(`\\b${start}`).test(said)) words.add(start);
      }
      return [topic.id, [...words].slice(0, most).join(" ")];
    })
  );
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
