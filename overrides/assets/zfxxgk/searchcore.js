/* zfxxgk search core: pure functions of the search page (no DOM, no fetch), shared by search.js and the
 * node tests. Plain script: in a browser it defines window.zfxxgkSearchCore, under node it is a CommonJS
 * module. Index layout: hooks/zfxxgk/search/index.py. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./searchscore.js"));
  } else {
    root.zfxxgkSearchCore = factory(root.zfxxgkSearchScore);
  }
})(typeof self !== "undefined" ? self : this, function (score) {
  "use strict";

  var REQUIRED = score.REQUIRED;
  var OPTIONAL = score.OPTIONAL;

  var FACETS = [
    { name: "栏目", param: "column" },
    { name: "年份", param: "year" },
    { name: "发布机构", param: "publisher" },
    { name: "主题分类", param: "subject" },
    { name: "有效性", param: "validity" }
  ];
  var SORTS = ["relevance", "date"];
  var PAGE_SIZE = 10;

  var NAME_FIELDS = ["标题", "文号"];
  var ENDED = ["已废止", "已失效"];
  var INTERPRETATION = "ty:解读"; // the token of the 解读 group (hooks/zfxxgk/data/search/synonyms.json)

  /** Per facet value, its rank (kindRank): computed once per decoded facets. */
  function valueRanks(facets) {
    if (!facets.valueRanks) {
      var validity = facets.facets["有效性"];
      var kind = facets.facets["类别"];
      facets.valueRanks = {
        ended: validity ? validity.values.map(function (v) { return ENDED.indexOf(v) >= 0; }) : null,
        interpretation: kind ? kind.values.map(function (v) { return v === "解读"; }) : null
      };
    }
    return facets.valueRanks;
  }

  /** 0 for a document in force, 1 for a 解读, 2 for a repealed or expired document (facets.json). */
  function kindRank(facets, id) {
    if (!facets) {
      return 0;
    }
    var ranks = valueRanks(facets);
    if (ranks.ended && ranks.ended[facets.facets["有效性"].codes[id]]) {
      return 2;
    }
    return ranks.interpretation && ranks.interpretation[facets.facets["类别"].codes[id]] ? 1 : 0;
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
    var suoyinToken = tokens.map(function (t) {
      return t.indexOf("sy:") === 0;
    });
    function scored(hits) {
      var out = new Array(hits.length);
      var h, matched, named, i;
      if (hits.masks) { // searchcore.query's hits: a field mask per clause (the query's tokens come first)
        var name = 0;
        var suoyin = 0;
        for (i = 0; i < hits.fields.length; i++) {
          name |= NAME_FIELDS.indexOf(hits.fields[i]) >= 0 ? 1 << i : 0;
          suoyin |= hits.fields[i] === "索引号" ? 1 << i : 0;
        }
        var masks = hits.masks;
        for (var n = 0; n < hits.length; n++) {
          h = hits[n];
          matched = 0;
          named = 0;
          for (i = 0; i < tokens.length; i++) {
            var mask = masks[h.at + i];
            matched += mask ? 1 : 0;
            named += mask & name || (suoyinToken[i] && mask & suoyin) ? 1 : 0;
          }
          out[n] = { ref: h.ref, id: h.id, score: h.score, matched: matched, named: named, kind: kindRank(facets, h.id) };
        }
        return out;
      }
      for (var m = 0; m < hits.length; m++) { // lunr.js's own hits (the tests' whole index)
        h = hits[m];
        var found = h.matchData.metadata;
        matched = 0;
        named = 0;
        for (i = 0; i < tokens.length; i++) {
          var fields = found[tokens[i]];
          if (!fields) {
            continue;
          }
          matched += 1;
          if (NAME_FIELDS.some(function (f) { return fields[f]; }) || (suoyinToken[i] && fields["索引号"])) {
            named += 1;
          }
        }
        var id = parseInt(h.ref, 10);
        out[m] = { ref: h.ref, id: id, score: h.score, matched: matched, named: named, kind: kindRank(facets, id) };
      }
      return out;
    }
    // The runs' hits need not come sorted (`true`: searchscore.query's `unordered`): the sort below is stable,
    // and ties keep the order lunr meets the documents in, which a stable sort by score keeps too.
    var results = scored(run(tokens, REQUIRED, optional, true));
    var partial = false;
    var extended = false;
    var whole = results.some(function (r) { return r.named === tokens.length; });
    if (tokens.length > 1 && !whole) {
      var any = scored(run(tokens.concat(optional), OPTIONAL, [], true));
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
    // By more of the query in the title or 文号, the document in force first, more of the query anywhere, then
    // lunr's score (or the newest); ties keep lunr's order (searchscore.ranked: a stable sort).
    var span = tokens.length + 1;
    var major = new Int32Array(results.length);
    var last = new Float64Array(results.length);
    for (var i = 0; i < results.length; i++) {
      var r = results[i];
      major[i] = (r.named * 3 + (2 - r.kind)) * span + r.matched;
      last[i] = kinds ? r.id : r.score;
    }
    results = Array.from(score.ranked(major, last), function (at) {
      return results[at];
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

  /** Decode facets.json into per-document value indexes, one array per facet in FACETS order. Each document's
   * code (width characters of the alphabet, most significant first) is the mixed-radix number of its facets'
   * value positions, the first facet most significant (hooks/zfxxgk/search/store.py _joint_codes). */
  function decodeFacets(doc) {
    var alphabet = doc.alphabet;
    var digit = {};
    for (var a = 0; a < alphabet.length; a++) {
      digit[alphabet.charAt(a)] = a;
    }
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
    var columns = doc.facets.map(function () {
      return new Int32Array(doc.count);
    });
    for (var id = 0; id < doc.count; id++) {
      var code = 0;
      for (var k = 0; k < doc.width; k++) {
        code = code * alphabet.length + digit[doc.codes.charAt(id * doc.width + k)];
      }
      for (var f = doc.facets.length - 1; f >= 0; f--) {
        var radix = doc.facets[f].values.length;
        var position = code % radix;
        columns[f][id] = position;
        code = (code - position) / radix;
      }
    }
    doc.facets.forEach(function (f, i) {
      out.facets[f.name] = { values: f.values, codes: columns[i] };
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
    termHash: score.termHash,
    neededBuckets: score.neededBuckets,
    chunkPath: score.chunkPath,
    decodeNumbers: score.decodeNumbers,
    assemble: score.assemble,
    runQuery: score.runQuery,
    query: score.query,
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
