// Bytes a first query downloads and time per query once its chunks are loaded (node, vendored lunr.js).
// Usage: node bench/search_query.mjs <index dir> <queries .json>; prints one JSON object per query.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = new URL("../", import.meta.url).pathname;
const lunr = require(path.join(root, "overrides/assets/vendor/lunr/lunr.js"));
const core = require(path.join(root, "overrides/assets/zfxxgk/searchcore.js"));
const tokenizer = require(path.join(root, "overrides/assets/zfxxgk/tokenize.js"));
const [dir, queriesPath] = process.argv.slice(2);
const file = (p) => readFileSync(path.join(dir, p));
const manifestBytes = file("manifest.json");
const manifest = JSON.parse(manifestBytes);
const foldBytes = file(manifest.fold);
const facetsBytes = file(manifest.facets);
const tk = tokenizer.create(JSON.parse(foldBytes));
const facets = core.decodeFacets(JSON.parse(facetsBytes));
const fixed = manifestBytes.length + foldBytes.length + facetsBytes.length;
const out = [];
for (const q of JSON.parse(readFileSync(queriesPath, "utf8"))) {
  const tokens = tk.tokenize(q, "query");
  const buckets = core.neededBuckets(manifest, tokens);
  let chunkBytes = 0;
  const chunks = {};
  for (const b of buckets) {
    const data = file(core.chunkPath(manifest, b));
    chunkBytes += data.length;
    chunks[b] = JSON.parse(data);
  }
  const times = [];
  let ranked;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const index = lunr.Index.load(core.assemble(manifest, tokens, chunks));
    ranked = core.rank(lunr, index, tokens);
    core.facetCounts(ranked.results, facets, {});
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const page = ranked.results.slice(0, core.PAGE_SIZE);
  const docChunks = new Set(page.map((r) => core.docChunkOf(manifest, r.id)));
  let docBytes = 0;
  for (const c of docChunks) docBytes += file(core.docChunkPath(manifest, c)).length;
  times.sort((a, b) => a - b);
  out.push({ q, tokens: tokens.length, buckets: buckets.length, hits: ranked.results.length,
    first_bytes: fixed + chunkBytes + docBytes, chunk_bytes: chunkBytes, ms: times[2] });
}
process.stdout.write(JSON.stringify(out));
