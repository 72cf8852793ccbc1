/* zfxxgk search scoring: the term chunks a query needs and lunr.js's result computed from them (no DOM, no
 * fetch), shared by searchcore.js and the node tests. Plain script: in a browser it defines
 * window.zfxxgkSearchScore, under node it is a CommonJS module. Index layout: hooks/zfxxgk/search/index.py. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.zfxxgkSearchScore = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

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

  /** The numbers of a postings string written into `into` (room for one number a character); their count.
   * decodeNumbers without an array per string: a common word's postings are hundreds of thousands. */
  function decodeInto(text, into) {
    var count = 0;
    var acc = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) {
        acc = acc * 32 + d - 32;
      } else {
        into[count++] = acc * 32 + d;
        acc = 0;
      }
    }
    return count;
  }

  /** A term's postings in one field from its three texts (scores, symbols, gaps: store.encode_postings in
   * Python): {ids, milli}, doc ids ascending and their scores ×1000. */
  function decodePostings(scoresText, symbolsText, gapsText) {
    var values = decodeNumbers(scoresText);
    var symbols = decodeNumbers(symbolsText);
    var gaps = decodeNumbers(gapsText);
    var ids = new Array(symbols.length);
    var milli = new Array(symbols.length);
    var doc = 0;
    var g = 0;
    for (var i = 0; i < symbols.length; i++) {
      var sym = symbols[i];
      doc += sym % 2 ? gaps[g++] : 1;
      ids[i] = doc;
      milli[i] = values[(sym - sym % 2) / 2];
    }
    return { ids: ids, milli: milli };
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
      for (var i = 1; i < entry.length; i += 4) {
        var field = fields[entry[i]];
        var got = decodePostings(entry[i + 1], entry[i + 2], entry[i + 3]);
        for (var j = 0; j < got.ids.length; j++) {
          var doc = got.ids[j];
          // lunr only reads a posting's metadata (never writes it): one shared empty object is enough.
          posting[field][String(doc)] = EMPTY;
          var key = field + "/" + doc;
          (vectors[key] = vectors[key] || []).push(tid, got.milli[j] / 1000);
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

  var PASSES = typeof WeakMap === "function" ? new WeakMap() : null; // chunks → the last pass over them

  var UNMET = 0x7fffffff; // no clause has met this (document, field) yet

  /** One term's postings in one field, decoded (decodeInto: `postings` symbols, and the gaps; `values`: its
   * scores), added to the pass (`p`, see scan); returns the new count of touched (document, field) pairs. A function of
   * its own, without rare branches: V8 compiles this loop early in a page's first query and keeps it
   * (a loop with code its first iterations never ran is compiled again and again, at tens of ms each). */
  function accumulate(p, symbols, postings, gaps, values, f, clause, term, required, count) {
    var width = p.width;
    var clauses = p.clauses;
    var dots = p.dots;
    var first = p.first;
    var masks = p.masks;
    var lastTerm = p.lastTerm;
    var hasAll = p.hasAll;
    var touched = p.touched;
    var bit = 1 << f;
    var doc = 0;
    var g = 0;
    for (var i = 0; i < postings; i++) {
      var sym = symbols[i];
      doc += sym & 1 ? gaps[g++] : 1;
      var k = doc * width + f;
      dots[k] += values[sym >> 1];
      var met = first[k];
      if (met === UNMET) {
        touched[count++] = k;
      }
      first[k] = met < clause ? met : clause;
      masks[doc * clauses + clause] |= bit;
      if (required && lastTerm[doc] !== term) {
        lastTerm[doc] = term;
        hasAll[doc] += 1;
      }
    }
    return count;
  }

  /** The touched (document, field) pairs in the order lunr first meets them: clause, then field, then
   * document (as numbers that sort so). */
  function meetingOrder(first, touched, count, width, docs) {
    var order = new Float64Array(count);
    for (var t = 0; t < count; t++) {
      var key = touched[t];
      order[t] = (first[key] * width + key % width) * docs + (key / width | 0);
    }
    return order.sort();
  }

  /** query's pass over the postings of the `present` clauses: per (document, field) lunr's dot product and the
   * first clause that met it, per (document, clause) the fields it matched, per document the REQUIRED terms
   * it has; the (document, field) pairs in the order lunr first meets them. */
  function scan(width, docs, clauseCount, present) {
    var size = docs * width;
    var p = {
      width: width,
      clauses: clauseCount,
      dots: new Float64Array(size),
      first: new Int32Array(size).fill(UNMET),
      masks: new Uint8Array(docs * clauseCount), // bit f of [doc, clause]: the clause matched field f
      lastTerm: new Int32Array(docs).fill(-1),
      hasAll: new Int32Array(docs),
      touched: null
    };
    var postings = 0; // at most one character of symbols per posting
    var longest = 0; // the longest symbols or gaps text: room for its numbers
    present.forEach(function (c) {
      for (var i = 3; i < c.entry.length; i += 4) {
        postings += c.entry[i].length;
        longest = Math.max(longest, c.entry[i].length, c.entry[i + 1].length);
      }
    });
    p.touched = new Int32Array(Math.min(postings, size)); // each (document, field) once
    var count = 0;
    // One pass in ascending term index (the order of lunr's dot product, which sums the field vector's
    // values of the query terms); each (document, field) keeps the first clause that met it.
    var byTerm = present.slice().sort(function (a, b) {
      return a.entry[0] - b.entry[0];
    });
    var symbols = new Int32Array(longest); // scratch: one field's symbols, then its gaps
    var gaps = new Int32Array(longest);
    for (var n = 0; n < byTerm.length; n++) {
      var entry = byTerm[n].entry;
      for (var i = 1; i < entry.length; i += 4) {
        var values = decodeNumbers(entry[i + 1]).map(function (milli) {
          return milli / 1000;
        });
        var count1 = decodeInto(entry[i + 2], symbols);
        decodeInto(entry[i + 3], gaps);
        count = accumulate(p, symbols, count1, gaps, values, entry[i], byTerm[n].clause, n, byTerm[n].required,
          count);
      }
    }
    return {
      dots: p.dots, masks: p.masks, hasAll: p.hasAll, order: meetingOrder(p.first, p.touched, count, width, docs),
      magnitude: Math.sqrt(present.length)
    };
  }

  /** The positions 0..n-1 of `score` ordered by `major` descending (small non-negative integers), then by
   * score descending, then by position: a stable sort, done by the engine's numeric sort of
   * exact integer keys (major, the score's rank among the scores, position). A comparator sort of the
   * thousands of hits of a common word costs tens of milliseconds on a page's first query. */
  function ranked(major, score) {
    var n = score.length;
    var sorted = Float64Array.from(score).sort();
    var below = new Map(); // score → how many scores are below it
    for (var r = n - 1; r >= 0; r--) {
      below.set(sorted[r], r);
    }
    var top = 0;
    for (var m = 0; m < n; m++) {
      top = major[m] > top ? major[m] : top;
    }
    var keys = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      keys[i] = ((top - major[i]) * n + (n - 1 - below.get(score[i]))) * n + i; // below 2**53 for any real index
    }
    keys.sort();
    var out = new Int32Array(n);
    for (var k = 0; k < n; k++) {
      out[k] = keys[k] % n;
    }
    return out;
  }

  /** The hits of a pass: documents with all `required` REQUIRED terms (any, when none is), lunr's scores. */
  function collect(pass, width, docs, clauseCount, required) {
    var dots = pass.dots;
    var masks = pass.masks;
    var hasAll = pass.hasAll;
    var order = pass.order;
    var magnitude = pass.magnitude;
    var hits = [];
    var hitOf = new Int32Array(docs).fill(-1);
    for (var o = 0; o < order.length; o++) {
      var rest = order[o] % (width * docs);
      var d = rest % docs;
      if (required && hasAll[d] !== required) {
        continue;
      }
      var score = dots[d * width + (rest - d) / docs] / magnitude || 0;
      if (hitOf[d] < 0) {
        hitOf[d] = hits.length;
        hits.push({ ref: String(d), id: d, score: score, at: d * clauseCount });
      } else {
        hits[hitOf[d]].score += score;
      }
    }
    return hits;
  }

  /** lunr.js's Index.query, computed from the term chunks alone: what `runQuery` returns on the whole index
   * for the same clauses (one per token, all fields, boost 1, no pipeline; `presence` REQUIRED or OPTIONAL for
   * `tokens`, the `optional` ones after them), with the same scores, bit for bit, in the same order
   * (tests/test_search_equivalence.py holds them equal). A lunr score is, per matching field, the sum of the
   * field vector's values of the query terms (ascending term index) over the query vector's magnitude
   * (sqrt of the number of query terms in the index), summed over the fields in the order lunr first met
   * them (clause, then field); ties keep that order. Hits: {ref, id, score, at}; the array's `fields` names
   * the fields and its `masks` hold lunr's matchData: bit f of masks[hit.at + c] is set when clause c matched
   * field f (one shared array rather than a view per hit: a common word has thousands of hits).
   * `unordered`: the hits in the order lunr first meets them, not sorted by score (a stable sort by score
   * gives lunr's order): for a caller that sorts them itself (searchcore.rank). */
  function query(manifest, chunks, tokens, presence, optional, unordered) {
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
    // The pass over the postings depends only on the clauses' terms (a REQUIRED clause also counts towards
    // hasAll): the OPTIONAL run that follows a REQUIRED one over the same terms (searchcore.rank's fallback)
    // reuses it instead of reading every posting again.
    var key = clauses.map(function (cl) {
      return cl[0];
    }).join("\n");
    var counted = present.filter(function (p) {
      return p.required;
    }).map(function (p) {
      return p.clause;
    }).join(",");
    var kept = PASSES ? PASSES.get(chunks) : null;
    var pass = kept && kept.key === key && (!required || kept.counted === counted) ? kept.pass : null;
    if (!pass) {
      pass = scan(fields.length, docs, clauses.length, present);
      if (PASSES) {
        PASSES.set(chunks, { key: key, counted: counted, pass: pass });
      }
    }
    var hits = collect(pass, width, docs, clauses.length, required);
    if (unordered) {
      hits.fields = fields;
      hits.masks = pass.masks;
      return hits;
    }
    var scores = new Float64Array(hits.length);
    for (var h = 0; h < hits.length; h++) {
      scores[h] = hits[h].score;
    }
    var sorted = Array.from(ranked(new Int32Array(hits.length), scores), function (at) {
      return hits[at];
    });
    sorted.fields = fields;
    sorted.masks = pass.masks;
    return sorted;
  }

  return {
    REQUIRED: REQUIRED,
    OPTIONAL: OPTIONAL,
    termHash: termHash,
    bucketOf: bucketOf,
    neededBuckets: neededBuckets,
    chunkPath: chunkPath,
    decodeNumbers: decodeNumbers,
    decodePostings: decodePostings,
    ranked: ranked,
    assemble: assemble,
    runQuery: runQuery,
    query: query
  };
});
