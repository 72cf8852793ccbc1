/* zfxxgk search core: pure functions of the search page (no DOM, no fetch), shared by search.js and the
 * node tests. Plain script: in a browser it defines window.zfxxgkSearchCore, under node it is a CommonJS
 * module. Index layout: hooks/zfxxgk/search/index.py. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.zfxxgkSearchCore = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FACETS = [
    { name: "栏目", param: "column" },
    { name: "年份", param: "year" },
    { name: "发布机构", param: "publisher" },
    { name: "主题分类", param: "subject" },
    { name: "有效性", param: "validity" }
  ];
  var SORTS = ["relevance", "date"];
  var PAGE_SIZE = 10;

  /** FNV-1a (32 bit) over the term's code points, as store.term_hash in Python. */
  function termHash(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      var cp = term.codePointAt(i);
      if (cp > 0xffff) {
        i += 1;
      }
      h = Math.imul(h ^ cp, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function bucketOf(manifest, term) {
    return termHash(term) & (manifest.terms.buckets - 1);
  }

  /** Path (relative to the manifest) of a term chunk. */
  function chunkPath(manifest, bucket) {
    return manifest.terms.path.replace("{bucket}", bucket.toString(16));
  }

  /** The sorted, distinct term-chunk buckets a query's tokens need. */
  function neededBuckets(manifest, tokens) {
    var seen = {};
    tokens.forEach(function (t) {
      seen[bucketOf(manifest, t)] = true;
    });
    return Object.keys(seen).map(Number).sort(function (a, b) {
      return a - b;
    });
  }

  var EMPTY = Object.freeze({});

  // Postings numbers: base-32 digits, most significant first; a number's last digit from END, the others from
  // MORE (hooks/zfxxgk/search/store.py).
  var END = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  var MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var di = 0; di < 32; di++) {
    DIGIT[END.charCodeAt(di)] = di;
    DIGIT[MORE.charCodeAt(di)] = 32 + di;
  }

  /** The numbers of a postings string (doc-id deltas or scores ×1000). */
  function decodeNumbers(text) {
    var out = [];
    var acc = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) {
        acc = acc * 32 + d - 32;
      } else {
        out.push(acc * 32 + d);
        acc = 0;
      }
    }
    return out;
  }

  /** Sort a flat [index, value, index, value …] array by index (insertion sort: a few pairs at most). */
  function sortPairs(flat) {
    for (var i = 2; i < flat.length; i += 2) {
      var idx = flat[i];
      var val = flat[i + 1];
      var j = i - 2;
      while (j >= 0 && flat[j] > idx) {
        flat[j + 2] = flat[j];
        flat[j + 3] = flat[j + 1];
        j -= 2;
      }
      flat[j + 2] = idx;
      flat[j + 3] = val;
    }
    return flat;
  }

  /** A lunr serialised index holding exactly the query tokens' postings and field-vector entries.
   * `chunks` maps bucket → parsed chunk file. Scores equal the whole index's: a lunr score only reads
   * the query terms' postings and those terms' entries in each matching field vector. */
  function assemble(manifest, tokens, chunks) {
    var fields = manifest.lunr.fields;
    var terms = Array.from(new Set(tokens)).sort();
    var inverted = [];
    var vectors = {};
    terms.forEach(function (term) {
      var chunk = chunks[bucketOf(manifest, term)];
      if (!chunk || !Object.prototype.hasOwnProperty.call(chunk.terms, term)) {
        return;
      }
      var entry = chunk.terms[term];
      var tid = entry[0];
      var posting = {};
      fields.forEach(function (f) {
        posting[f] = {};
      });
      for (var i = 1; i < entry.length; i += 3) {
        var field = fields[entry[i]];
        var ids = decodeNumbers(entry[i + 1]);
        var scores = decodeNumbers(entry[i + 2]);
        var doc = 0;
        for (var j = 0; j < ids.length; j++) {
          doc += ids[j];
          // lunr only reads a posting's metadata (never writes it): one shared empty object is enough.
          posting[field][String(doc)] = EMPTY;
          var key = field + "/" + doc;
          (vectors[key] = vectors[key] || []).push(tid, scores[j] / 1000);
        }
      }
      posting._index = tid;
      inverted.push([term, posting]);
    });
    var fieldVectors = Object.keys(vectors).map(function (key) {
      return [key, sortPairs(vectors[key])];
    });
    return {
      version: manifest.lunr.version,
      fields: fields,
      fieldVectors: fieldVectors,
      invertedIndex: inverted,
      pipeline: []
    };
  }

  /** lunr's own query and scoring: one clause per token, no pipeline, all REQUIRED or all OPTIONAL; the
   * `optional` tokens (junction bigrams) are OPTIONAL clauses after them. */
  function runQuery(lunr, index, tokens, presence, optional) {
    var mode = presence === REQUIRED ? lunr.Query.presence.REQUIRED :
      presence === OPTIONAL ? lunr.Query.presence.OPTIONAL : presence;
    return index.query(function (q) {
      tokens.forEach(function (t) {
        q.term(t, { usePipeline: false, presence: mode });
      });
      (optional || []).forEach(function (t) {
        q.term(t, { usePipeline: false, presence: lunr.Query.presence.OPTIONAL });
      });
    });
  }

  var REQUIRED = "required";
  var OPTIONAL = "optional";

  /** lunr.js's Index.query, computed from the term chunks alone: what `runQuery` returns on the whole index
   * for the same clauses (one per token, all fields, boost 1, no pipeline; `presence` REQUIRED or OPTIONAL for
   * `tokens`, the `optional` ones after them), with the same scores, bit for bit, in the same order
   * (tests/test_search_equivalence.py holds them equal). A lunr score is, per matching field, the sum of the
   * field vector's values of the query terms (ascending term index) over the query vector's magnitude
   * (sqrt of the number of query terms in the index), summed over the fields in the order lunr first met
   * them (clause, then field); ties keep that order. Hits: {ref, score, clauseFields} (clauseFields[c]: bit f
   * set when clause c matched field f — lunr's matchData); the array's `fields` names the fields. */
  function query(manifest, chunks, tokens, presence, optional) {
    var fields = manifest.lunr.fields;
    var width = fields.length;
    var docs = manifest.counts.docs;
    var clauses = tokens.map(function (t) {
      return [t, presence];
    }).concat((optional || []).map(function (t) {
      return [t, OPTIONAL];
    }));
    var present = [];
    var required = 0;
    for (var c = 0; c < clauses.length; c++) {
      var chunk = chunks[bucketOf(manifest, clauses[c][0])];
      var entry = chunk && Object.prototype.hasOwnProperty.call(chunk.terms, clauses[c][0]) ? chunk.terms[clauses[c][0]] : null;
      if (!entry) {
        if (clauses[c][1] === REQUIRED) {
          return [];
        }
        continue;
      }
      required += clauses[c][1] === REQUIRED ? 1 : 0;
      present.push({ term: clauses[c][0], clause: c, entry: entry, required: clauses[c][1] === REQUIRED });
    }
    var magnitude = Math.sqrt(present.length);
    var size = docs * width;
    var dots = new Float64Array(size);
    var first = new Int32Array(size).fill(-1);
    var masks = new Uint8Array(docs * clauses.length); // bit f of [doc, clause]: the clause matched field f
    var hasAll = new Int32Array(docs);
    var lastTerm = new Int32Array(docs).fill(-1);
    var touched = [];
    // One pass in ascending term index (the order of lunr's dot product, which sums the field vector's
    // values of the query terms); each (document, field) keeps the first clause that met it.
    var byTerm = present.slice().sort(function (a, b) {
      return a.entry[0] - b.entry[0];
    });
    for (var n = 0; n < byTerm.length; n++) {
      var p = byTerm[n];
      var entry = p.entry;
      for (var i = 1; i < entry.length; i += 3) {
        var f = entry[i];
        var bit = 1 << f;
        var ids = decodeNumbers(entry[i + 1]);
        var scores = decodeNumbers(entry[i + 2]);
        var doc = 0;
        for (var j = 0; j < ids.length; j++) {
          doc += ids[j];
          var k = doc * width + f;
          dots[k] += scores[j] / 1000;
          if (first[k] < 0) {
            first[k] = p.clause;
            touched.push(k);
          } else if (p.clause < first[k]) {
            first[k] = p.clause;
          }
          masks[doc * clauses.length + p.clause] |= bit;
          if (p.required && lastTerm[doc] !== n) {
            lastTerm[doc] = n;
            hasAll[doc] += 1;
          }
        }
      }
    }
    // (document, field) pairs in the order lunr first meets them: clause, then field, then document.
    var order = new Float64Array(touched.length);
    for (var t = 0; t < touched.length; t++) {
      var key = touched[t];
      order[t] = (first[key] * width + key % width) * docs + (key / width | 0);
    }
    order.sort();
    var hits = [];
    var hitOf = new Int32Array(docs).fill(-1);
    for (var o = 0; o < order.length; o++) {
      var rest = order[o] % (width * docs);
      var d = rest % docs;
      if (hasAll[d] !== required) {
        continue;
      }
      var score = dots[d * width + (rest - d) / docs] / magnitude || 0;
      if (hitOf[d] < 0) {
        hitOf[d] = hits.length;
        hits.push({ ref: String(d), score: score, clauseFields: masks.subarray(d * clauses.length, (d + 1) * clauses.length) });
      } else {
        hits[hitOf[d]].score += score;
      }
    }
    hits.fields = fields;
    return hits.sort(function (a, b) {
      return b.score - a.score;
    });
  }

  var NAME_FIELDS = ["标题", "文号"];
  var ENDED = ["已废止", "已失效"];
  var INTERPRETATION = "ty:解读"; // the token of the 解读 group (hooks/zfxxgk/data/search/synonyms.json)

  /** 0 for a document in force, 1 for a 解读, 2 for a repealed or expired document (facets.json). */
  function kindRank(facets, id) {
    if (!facets) {
      return 0;
    }
    var validity = facets.facets["有效性"];
    if (validity && ENDED.indexOf(validity.values[validity.codes[id]]) >= 0) {
      return 2;
    }
    var kind = facets.facets["类别"];
    return kind && kind.values[kind.codes[id]] === "解读" ? 1 : 0;
  }

  /** Results {ref, id, score, matched, named, kind} and how they were found ({partial, extended}).
   *
   * Every token is required (the optional ones add to the score). When no result has all of them in its
   * title or 文号, every token is made optional too: with no result at all, the items having at least half
   * as many of the query's tokens as the best are shown (partial); otherwise the items having at least half
   * of the query's tokens in the title are added (extended: a title with words left out or added).
   * Order: more of the query in the title or 文号 (an 索引号 token in the 索引号: equally good matches), the
   * document in force before its 解读 (unless the query asks for 解读) and before repealed or expired ones
   * (`facets` from decodeFacets), more of the query anywhere, then lunr's score — or, for a query naming a kind of document (a synonym
   * token: 年报, 解读, 双随机), the newest. */
  function rank(run, tokens, optional, facets) {
    optional = optional || [];
    if (!tokens.length) {
      return { results: [], partial: false, extended: false };
    }
    function scored(hits) {
      var bits = null;
      if (hits.fields) {
        bits = { name: 0, suoyin: 0 };
        hits.fields.forEach(function (f, i) {
          bits.name |= NAME_FIELDS.indexOf(f) >= 0 ? 1 << i : 0;
          bits.suoyin |= f === "索引号" ? 1 << i : 0;
        });
      }
      return hits.map(function (h) {
        var found = bits ? null : h.matchData.metadata;
        var matched = 0;
        var named = 0;
        tokens.forEach(function (t, i) {
          var suoyin = t.indexOf("sy:") === 0;
          if (bits) { // searchcore.query's hits: a field mask per clause (the query's tokens come first)
            var mask = h.clauseFields[i];
            matched += mask ? 1 : 0;
            named += mask & bits.name || (suoyin && mask & bits.suoyin) ? 1 : 0;
            return;
          }
          var fields = found[t];
          if (!fields) {
            return;
          }
          matched += 1;
          if (NAME_FIELDS.some(function (f) { return fields[f]; }) || (suoyin && fields["索引号"])) {
            named += 1;
          }
        });
        var id = parseInt(h.ref, 10);
        return { ref: h.ref, id: id, score: h.score, matched: matched, named: named, kind: kindRank(facets, id) };
      });
    }
    var results = scored(run(tokens, REQUIRED, optional));
    var partial = false;
    var extended = false;
    var whole = results.some(function (r) { return r.named === tokens.length; });
    if (tokens.length > 1 && !whole) {
      var any = scored(run(tokens.concat(optional), OPTIONAL, []));
      if (!results.length) {
        var best = Math.max.apply(null, any.map(function (r) { return r.matched; }).concat([0]));
        results = any.filter(function (r) { return 2 * r.matched >= best; });
        partial = results.length > 0;
      } else {
        var added = any.filter(function (r) { return r.matched < tokens.length && 2 * r.named >= tokens.length; });
        extended = added.length > 0;
        results = results.concat(added);
      }
    }
    var kinds = tokens.some(function (t) { return t.indexOf("ty:") === 0; });
    if (tokens.indexOf(INTERPRETATION) >= 0) {
      results.forEach(function (r) {
        r.kind = r.kind === 1 ? 0 : r.kind;
      });
    }
    results.sort(function (a, b) {
      return b.named - a.named || a.kind - b.kind || b.matched - a.matched ||
        (kinds ? b.id - a.id : b.score - a.score);
    });
    return { results: results, partial: partial, extended: extended };
  }

  /** Every document, newest first: browsing by facets without a keyword. */
  function allResults(facets) {
    var out = [];
    for (var id = facets.count - 1; id >= 0; id--) {
      out.push({ ref: String(id), id: id, score: 0, matched: 0, named: 0, kind: kindRank(facets, id) });
    }
    return out;
  }

  /** The mark a result carries: 已废止 or 已失效, else "". */
  function endedMark(facets, id) {
    var validity = facets.facets["有效性"];
    var value = validity ? validity.values[validity.codes[id]] : "";
    return ENDED.indexOf(value) >= 0 ? value : "";
  }

  /** Decode facets.json into per-document value indexes, one array per facet in FACETS order. */
  function decodeFacets(doc) {
    var alphabet = doc.alphabet;
    var out = { count: doc.count, facets: {} };
    var yearValues = [];
    var yearCodes = new Int32Array(doc.count);
    doc.years.forEach(function (range, i) {
      yearValues.push(range[0]);
      for (var id = range[1]; id < range[2]; id++) {
        yearCodes[id] = i;
      }
    });
    out.facets["年份"] = { values: yearValues, codes: yearCodes };
    doc.facets.forEach(function (f) {
      var codes = new Int32Array(doc.count);
      for (var id = 0; id < doc.count; id++) {
        var code = 0;
        for (var k = 0; k < f.width; k++) {
          code = code * alphabet.length + alphabet.indexOf(f.codes.charAt(id * f.width + k));
        }
        codes[id] = code;
      }
      out.facets[f.name] = { values: f.values, codes: codes };
    });
    return out;
  }

  function valueOf(facets, name, id) {
    var f = facets.facets[name];
    return f.values[f.codes[id]];
  }

  function passes(facets, filters, id, except) {
    return FACETS.every(function (f) {
      var chosen = filters[f.name];
      return f.name === except || !chosen || !chosen.length || chosen.indexOf(valueOf(facets, f.name, id)) >= 0;
    });
  }

  /** Results passing every facet filter (values OR-ed within a facet, facets AND-ed). */
  function applyFilters(results, facets, filters) {
    return results.filter(function (r) {
      return passes(facets, filters, r.id, null);
    });
  }

  /** Per facet, [value, count] among results passing the other facets' filters, by count then value;
   * selected values are kept even at zero. */
  function facetCounts(results, facets, filters) {
    var out = {};
    FACETS.forEach(function (f) {
      var counts = {};
      results.forEach(function (r) {
        if (passes(facets, filters, r.id, f.name)) {
          var v = valueOf(facets, f.name, r.id);
          counts[v] = (counts[v] || 0) + 1;
        }
      });
      (filters[f.name] || []).forEach(function (v) {
        counts[v] = counts[v] || 0;
      });
      out[f.name] = Object.keys(counts)
        .map(function (v) {
          return [v, counts[v]];
        })
        .sort(function (a, b) {
          return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
        });
    });
    return out;
  }

  /** Relevance keeps lunr's order; date is newest first (document ids are in date order). */
  function sortResults(results, order) {
    if (order !== "date") {
      return results.slice();
    }
    return results.slice().sort(function (a, b) {
      return b.id - a.id;
    });
  }

  function docChunkOf(manifest, id) {
    return Math.floor(id / manifest.docs.per_chunk);
  }

  function docChunkPath(manifest, chunk) {
    return manifest.docs.path.replace("{chunk}", String(chunk));
  }

  /** The stored row [title, url, 文号, date, snippet] of a document from its loaded chunk. */
  function docRow(manifest, chunks, id) {
    var chunk = chunks[docChunkOf(manifest, id)];
    return chunk ? chunk.docs[id - chunk.first] : null;
  }

  /** Split `text` into [{text, mark}] runs, marking where the query's plain tokens occur (after folding). */
  function highlight(text, tokens, normalize) {
    var folded = normalize(text);
    var marks = new Uint8Array(text.length);
    tokens.forEach(function (t) {
      if (t.indexOf("wh:") === 0 || t.indexOf("sy:") === 0 || !t) {
        return;
      }
      var at = folded.indexOf(t);
      while (at >= 0) {
        for (var i = at; i < at + t.length; i++) {
          marks[i] = 1;
        }
        at = folded.indexOf(t, at + 1);
      }
    });
    var runs = [];
    for (var i = 0; i < text.length; i++) {
      var mark = marks[i] === 1;
      if (runs.length && runs[runs.length - 1].mark === mark) {
        runs[runs.length - 1].text += text.charAt(i);
      } else {
        runs.push({ text: text.charAt(i), mark: mark });
      }
    }
    return runs;
  }

  /** Page state from a query string: {q, sort, page, filters: {facet name: [values]}}. */
  function parseState(search) {
    var params = new URLSearchParams(search);
    var filters = {};
    FACETS.forEach(function (f) {
      var values = params.getAll(f.param).filter(Boolean);
      if (values.length) {
        filters[f.name] = values;
      }
    });
    var sort = params.get("sort");
    var page = parseInt(params.get("page") || "1", 10);
    return {
      q: params.get("q") || "",
      sort: SORTS.indexOf(sort) >= 0 ? sort : "relevance",
      page: page > 0 ? page : 1,
      filters: filters
    };
  }

  /** The query string (with "?") that parseState reads back to the same state. */
  function stateQuery(state) {
    var params = new URLSearchParams();
    if (state.q) {
      params.set("q", state.q);
    }
    FACETS.forEach(function (f) {
      (state.filters[f.name] || []).forEach(function (v) {
        params.append(f.param, v);
      });
    });
    if (state.sort !== "relevance") {
      params.set("sort", state.sort);
    }
    if (state.page > 1) {
      params.set("page", String(state.page));
    }
    var s = params.toString();
    return s ? "?" + s : "";
  }

  return {
    FACETS: FACETS,
    PAGE_SIZE: PAGE_SIZE,
    termHash: termHash,
    neededBuckets: neededBuckets,
    chunkPath: chunkPath,
    decodeNumbers: decodeNumbers,
    assemble: assemble,
    runQuery: runQuery,
    query: query,
    REQUIRED: REQUIRED,
    OPTIONAL: OPTIONAL,
    rank: rank,
    allResults: allResults,
    endedMark: endedMark,
    decodeFacets: decodeFacets,
    applyFilters: applyFilters,
    facetCounts: facetCounts,
    sortResults: sortResults,
    docChunkOf: docChunkOf,
    docChunkPath: docChunkPath,
    docRow: docRow,
    highlight: highlight,
    parseState: parseState,
    stateQuery: stateQuery
  };
});
