// Runs the JS tokeniser over tests/search_vectors.json and prints {name: {index, query, optional}} as JSON.
// Usage: node run_vectors.mjs <synonyms.json> (the default table as the index build writes it)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = new URL("../../", import.meta.url);
const tok = require(new URL("overrides/assets/zfxxgk/tokenize.js", root).pathname);
const fold = JSON.parse(readFileSync(new URL("hooks/zfxxgk/data/search/fold.json", root), "utf8"));
const vectors = JSON.parse(readFileSync(new URL("tests/search_vectors.json", root), "utf8"));
const t = tok.create(fold, JSON.parse(readFileSync(process.argv[2], "utf8")));
const out = {};
for (const v of vectors.vectors) {
  out[v.name] = { index: t.tokenize(v.text, "index"), query: t.tokenize(v.text, "query"), optional: t.query(v.text).optional };
}
process.stdout.write(JSON.stringify(out));
