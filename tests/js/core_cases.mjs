// Exercises searchcore.js pure functions against an index directory; prints the outcomes as JSON.
// Usage: node core_cases.mjs <index dir>
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = new URL("../../", import.meta.url).pathname;
const lunr = require(path.join(root, "overrides/assets/vendor/lunr/lunr.js"));
const core = require(path.join(root, "overrides/assets/zfxxgk/searchcore.js"));
const tokenizer = require(path.join(root, "overrides/assets/zfxxgk/tokenize.js"));
const dir = process.argv[2];
// The manifest is plain JSON; every other index file is gzip-compressed (hooks/zfxxgk/search/store.py packed).
const read = (p) => {
  const bytes = readFileSync(path.join(dir, p));
  return JSON.parse((p.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8"));
};
const manifest = read("manifest.json");
const tk = tokenizer.create(read(manifest.fold), read(manifest.synonyms));
const facets = core.decodeFacets(read(manifest.facets));

function search(q) {
  const tokens = tk.tokenize(q, "query");
  const chunks = {};
  for (const b of core.neededBuckets(manifest, tokens)) chunks[b] = read(core.chunkPath(manifest, b));
  const index = lunr.Index.load(core.assemble(manifest, tokens, chunks));
  const viaLunr = core.rank((t, p, o) => core.runQuery(lunr, index, t, p, o), tokens);
  const direct = core.rank((t, p, o) => core.query(manifest, chunks, t, p, o), tokens);
  if (JSON.stringify(viaLunr) !== JSON.stringify(direct)) throw new Error("lunr and the direct scoring differ: " + q);
  const page = core.rank((t, p, o, u) => core.query(manifest, chunks, t, p, o, u), tokens);
  if (JSON.stringify(page) !== JSON.stringify(direct)) throw new Error("unordered hits rank differently: " + q);
  return direct;
}

const all = search("公开");
const column = core.decodeFacets(read(manifest.facets)).facets["栏目"];
const firstColumn = column.values[column.codes[all.results[0].id]];
const filters = { 栏目: [firstColumn] };
const state = { q: "黔府办函〔2021〕39号", sort: "date", page: 3, filters: { 栏目: ["政策解读", "其他文件"], 年份: ["2021"] } };
const docChunk = read(core.docChunkPath(manifest, core.docChunkOf(manifest, all.results[0].id)));
process.stdout.write(JSON.stringify({
  roundTrip: core.parseState(core.stateQuery(state)),
  query: core.stateQuery(state),
  defaults: core.parseState("?q=x&sort=bogus&page=-2"),
  all: all.results.map((r) => r.id),
  partial: search("公开 zzzqqqxxx").partial,
  none: search("zzzqqqxxx").results.length,
  counts: core.facetCounts(all.results, facets, {}),
  countsFiltered: core.facetCounts(all.results, facets, filters),
  filtered: core.applyFilters(all.results, facets, filters).map((r) => r.id),
  firstColumn,
  byDate: core.sortResults(all.results, "date").map((r) => r.id),
  row: core.docRow(manifest, { [core.docChunkOf(manifest, all.results[0].id)]: docChunk }, all.results[0].id),
  highlight: core.highlight("本局政务公开工作（ＡＢＣ）", tk.tokenize("政務公開 abc", "query"), tk.normalize),
}));
