// Chunked versus whole-index search over the same queries.
// Usage: node equivalence.mjs <index dir> <whole serialised index .json> <queries .json>
// Prints {query: {tokens, buckets, bytes, required: {whole, chunked}, optional: {whole, chunked}}}.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = new URL("../../", import.meta.url).pathname;
const lunr = require(path.join(root, "overrides/assets/vendor/lunr/lunr.js"));
const core = require(path.join(root, "overrides/assets/zfxxgk/searchcore.js"));
const tokenizer = require(path.join(root, "overrides/assets/zfxxgk/tokenize.js"));

const [dir, wholePath, queriesPath] = process.argv.slice(2);
// The manifest is plain JSON; every other index file is gzip-compressed (hooks/zfxxgk/search/store.py packed).
const read = (p) => {
  const bytes = readFileSync(p);
  return (p.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
};
const manifest = JSON.parse(read(path.join(dir, "manifest.json")));
const tk = tokenizer.create(JSON.parse(read(path.join(dir, manifest.fold))), JSON.parse(read(path.join(dir, manifest.synonyms))));
const facets = core.decodeFacets(JSON.parse(read(path.join(dir, manifest.facets))));
const whole = JSON.parse(read(wholePath));
whole.invertedIndex.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const wholeIndex = lunr.Index.load(whole);
const queries = JSON.parse(read(queriesPath));

const pairs = (hits) => hits.map((h) => [h.ref, h.score]);
const out = {};
for (const q of queries) {
  const { required: tokens, optional } = tk.query(q);
  const all = tokens.concat(optional);
  const buckets = core.neededBuckets(manifest, all);
  const chunks = {};
  let bytes = 0;
  for (const b of buckets) {
    const text = read(path.join(dir, core.chunkPath(manifest, b)));
    bytes += Buffer.byteLength(text);
    chunks[b] = JSON.parse(text);
  }
  const small = lunr.Index.load(core.assemble(manifest, all, chunks));
  const result = { tokens: all, buckets: buckets.length, bytes };
  // Required: the query's tokens required, its junction bigrams optional; optional: every token optional.
  // whole: lunr.js over the whole index; chunked: lunr.js over the query's chunks; direct: the page's own
  // scoring (searchcore.query) from the chunks.
  const lunrWhole = (t, p, o) => core.runQuery(lunr, wholeIndex, t, p, o);
  const lunrSmall = (t, p, o) => core.runQuery(lunr, small, t, p, o);
  const direct = (t, p, o) => core.query(manifest, chunks, t, p, o);
  // As the search page asks: rank takes the hits unordered (searchscore.query's `unordered`) and sorts them.
  const page = (t, p, o, u) => core.query(manifest, chunks, t, p, o, u);
  for (const [name, asked, presence, extra] of [["required", tokens, core.REQUIRED, optional], ["optional", all, core.OPTIONAL, []]]) {
    result[name] = {
      whole: pairs(lunrWhole(asked, presence, extra)),
      chunked: pairs(lunrSmall(asked, presence, extra)),
      direct: pairs(direct(asked, presence, extra)),
    };
  }
  result.rank = core.rank(direct, tokens, optional, facets).results.slice(0, 3).map((r) => r.ref);
  result.rankWhole = core.rank(lunrWhole, tokens, optional, facets).results.map((r) => r.ref);
  result.rankChunked = core.rank(direct, tokens, optional, facets).results.map((r) => r.ref);
  result.rankPage = core.rank(page, tokens, optional, facets).results.map((r) => r.ref);
  out[q] = result;
}
process.stdout.write(JSON.stringify(out));
