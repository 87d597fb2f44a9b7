// Builds the search bundle (assets/search.js) for the languages of the content files:
//   bun search/build.js <content dir> <bundle>
//
// Each content file (fr.toml, en.toml, de.toml…) is a language. Its stemmer and stop words
// are taken from the libraries (@orama/stemmers, @orama/stopwords) when they ship that
// language, found by the file each one exports for it (dist/<code>.js): adding a language is
// adding its content file, and the next `make setup` rebuilds the bundle with its words.
// A language the libraries do not ship is searched as typed (folded, fuzzy, by prefix).
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const HERE = import.meta.dir;
const [contentDir, bundle] = process.argv.slice(2);
if (!contentDir || !bundle) {
  console.error("usage: bun search/build.js <content dir> <bundle>");
  process.exit(2);
}

// Language code → the module a package exports for it ("fr" → "@orama/stemmers/french").
function modulesByCode(packageName) {
  const manifest = JSON.parse(
    readFileSync(join(HERE, "node_modules", packageName, "package.json"), "utf8")
  );
  const found = {};
  for (const [subpath, target] of Object.entries(manifest.exports || {})) {
    const file = typeof target === "string" ? target : target.import || "";
    const code = /\/dist\/([a-z]+)\.js$/.exec(file);
    if (code) found[code[1]] = `${packageName}/${subpath.replace(/^\.\//, "")}`;
  }
  return found;
}

const codes = readdirSync(contentDir)
  .filter((name) => name.endsWith(".toml"))
  .map((name) => name.slice(0, -".toml".length))
  .sort();
const stemmers = modulesByCode("@orama/stemmers");
const stopWords = modulesByCode("@orama/stopwords");

const imports = [];
const table = [];
codes.forEach((code, n) => {
  const parts = [];
  if (stemmers[code]) {
    imports.push(`import { stemmer as stem${n} } from ${JSON.stringify(stemmers[code])};`);
    parts.push(`stem: stem${n}`);
  }
  if (stopWords[code]) {
    imports.push(`import { stopwords as stop${n} } from ${JSON.stringify(stopWords[code])};`);
    parts.push(`stopWords: stop${n}`);
  }
  if (!parts.length) {
    console.warn(`search: no stemmer nor stop words for « ${code} »; its words match as typed`);
  }
  table.push(`  ${JSON.stringify(code)}: { ${parts.join(", ")} },`);
});

// The entry lives next to search.js for a moment, so that its imports resolve from
// search/node_modules; page.js only reads the languages when a customer searches.
const entry = join(HERE, `.entry-${process.pid}.js`);
writeFileSync(
  entry,
  [
    'import "./page.js";',
    'import { useLanguages } from "./search.js";',
    ...imports,
    "useLanguages({",
    ...table,
    "});",
    "",
  ].join("\n")
);
try {
  const built = Bun.spawnSync(
    [
      process.execPath,
      "build",
      entry,
      "--outfile",
      bundle,
      "--format",
      "iife",
      "--minify",
      "--target",
      "browser",
    ],
    { stdout: "ignore", stderr: "inherit" }
  );
  process.exitCode = built.exitCode;
} finally {
  rmSync(entry, { force: true });
}
