/* zfxxgk search tokeniser (query side). Twin of hooks/zfxxgk/search/tokenize.py; spec in
 * hooks/zfxxgk/search/TOKENISER.md; both run tests/search_vectors.json. Plain script: in a browser it defines
 * window.zfxxgkTokenize, under node it is a CommonJS module. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.zfxxgkTokenize = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var CJK = "\\u3007\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2fa1f}";
  var S = "[ \\t\\r\\n]*";
  var WORD = "[a-z0-9]+|[" + CJK + "]+";
  var CJK_START = new RegExp("^[" + CJK + "]", "u");
  var CJK_CHAR = new RegExp("^[" + CJK + "]$", "u");
  var WENHAO = "[\\[(〔【﹝]" + S + "([0-9]{4})" + S + "[\\])〕】﹞]" + S + "第?" + S +
    "([0-9]{1,6})" + S + "号";
  // SUOYIN and LEGACY start only where a run starts (look-behind): linear on long runs (TOKENISER.md §2).
  var SUOYIN = "(?<![0-9a-z])([0-9a-z]+)" + S + "/" + S + "([0-9]{4})" + S + "-" + S + "([0-9]{1,6})(?![0-9a-z])";
  var LEGACY = "(?<![a-z])([a-z]+[0-9]+(?:-[0-9]+)*)-((?:19|20)[0-9]{2})-([0-9]{4,6})(?![0-9a-z])";
  var PART = "(?<![0-9a-z/-])((?:19|20)[0-9]{2})-([0-9]{5})(?![0-9a-z])";
  var SEP = "[^\\n0-9a-z" + CJK + "]";
  // Two CJK runs parted only by punctuation or spaces (not a line break): the junction bigram (§3).
  var JUNCTION = "([" + CJK + "])" + SEP + "+(?=([" + CJK + "]))";
  var SEP_ALL = new RegExp(SEP, "gu");
  var MAX_ISSUER = 16;
  var MAX_WORD = 40; // a run of [a-z0-9] longer than this gives its first MAX_WORD characters
  var REQUIRED = { suoyin: "/", legacy: "-", wenhao: "号", part: "-" };

  function allMatches(source, text) {
    var re = new RegExp(source, "gu");
    var out = [];
    var m;
    while ((m = re.exec(text)) !== null) {
      out.push(m);
    }
    return out;
  }

  // The 文号 issuer: the CJK run (at most MAX_ISSUER characters) before the bracket, spaces allowed in
  // between, never reaching back before `limit` (the end of the previous 文号 match).
  function issuerSpan(text, bracket, limit) {
    var end = bracket;
    while (end > limit && " \t\r\n".indexOf(text.charAt(end - 1)) >= 0) {
      end -= 1;
    }
    var start = end;
    var count = 0;
    while (start > limit && count < MAX_ISSUER) {
      var step = 1;
      var low = text.charCodeAt(start - 1);
      if (low >= 0xdc00 && low <= 0xdfff && start - 2 >= limit) {
        var high = text.charCodeAt(start - 2);
        if (high >= 0xd800 && high <= 0xdbff) {
          step = 2;
        }
      }
      if (!CJK_CHAR.test(text.slice(start - step, start))) {
        break;
      }
      start -= step;
      count += 1;
    }
    return [start, end];
  }

  function wenhao(m, issuerText, mode) {
    var issuer = Array.from(issuerText);
    var tail = m[1] + "-" + String(parseInt(m[2], 10));
    if (mode === "query") {
      return ["wh:" + issuer.join("") + tail];
    }
    var out = [];
    for (var i = 0; i < issuer.length; i++) {
      out.push("wh:" + issuer.slice(i).join("") + tail);
    }
    out.push("wh:" + tail);
    return out;
  }

  function suoyin(m, legacy, mode) {
    var code = m[1];
    if (!legacy && (code.length < 6 || code.length > 24)) {
      return [];
    }
    var full = "sy:" + code + (legacy ? "-" : "/") + m[2] + "-" + m[3];
    return mode === "query" ? [full] : [full, "sy:" + m[2] + "-" + m[3]];
  }

  function specials(text, mode) {
    var kinds = [["suoyin", SUOYIN], ["legacy", LEGACY], ["wenhao", WENHAO]];
    if (mode === "query") {
      kinds.push(["part", PART]);
    }
    var found = [];
    kinds.forEach(function (kind) {
      if (text.indexOf(REQUIRED[kind[0]]) < 0) {
        return;
      }
      var limit = 0;
      allMatches(kind[1], text).forEach(function (m) {
        var start = m.index;
        var end = m.index + m[0].length;
        var issuerEnd = start;
        if (kind[0] === "wenhao") {
          var span = issuerSpan(text, start, limit);
          start = span[0];
          issuerEnd = span[1];
          limit = end;
        }
        var overlaps = found.some(function (f) {
          return start < f.end && f.start < end;
        });
        if (overlaps) {
          return;
        }
        var tokens;
        if (kind[0] === "wenhao") {
          tokens = wenhao(m, text.slice(start, issuerEnd), mode);
        } else if (kind[0] === "part") {
          tokens = ["sy:" + m[1] + "-" + m[2]];
        } else {
          tokens = suoyin(m, kind[0] === "legacy", mode);
        }
        if (tokens.length) {
          found.push({ start: start, end: end, tokens: tokens });
        }
      });
    });
    found.sort(function (a, b) {
      return a.start - b.start;
    });
    return found;
  }

  function plain(text, mode, out) {
    allMatches(WORD, text).forEach(function (m) {
      var word = m[0];
      if (!CJK_START.test(word)) {
        out.push(word.slice(0, MAX_WORD));
        return;
      }
      var chars = Array.from(word);
      if (chars.length === 1) {
        out.push(word);
        return;
      }
      for (var i = 0; i < chars.length - 1; i++) {
        out.push(chars[i] + chars[i + 1]);
      }
      if (mode === "index") {
        Array.prototype.push.apply(out, chars);
      }
    });
  }

  /** The bigram across each junction of normalised text: 双随机、一公开 → 机一. */
  function junctions(text) {
    return allMatches(JUNCTION, text).map(function (m) {
      return m[1] + m[2];
    });
  }

  /** The phrases' regular expression, leftmost-longest (as synonyms.trie_source in Python). */
  function trieSource(phrases) {
    var trie = {};
    phrases.forEach(function (text) {
      var node = trie;
      Array.from(text).forEach(function (ch) {
        node = node[ch] = node[ch] || {};
      });
      node[""] = {};
    });
    function alternatives(node) {
      return Object.keys(node).filter(Boolean).sort().map(function (ch) {
        var child = node[ch];
        var rest = "";
        if (Object.keys(child).some(Boolean)) {
          rest = "(?:" + SEP + "*(?:" + alternatives(child) + "))" + (Object.prototype.hasOwnProperty.call(child, "") ? "?" : "");
        }
        return ch + rest;
      }).join("|");
    }
    return phrases.length ? "(?:" + alternatives(trie) + ")" : "";
  }

  /** The synonym table (synonyms.json: {phrases: {phrase: [group tokens, own group first]}}). */
  function synonymTable(doc) {
    var phrases = (doc && doc.phrases) || {};
    var source = trieSource(Object.keys(phrases));
    return {
      phrases: phrases,
      matches: function (text) {
        return source ? allMatches(source, text).map(function (m) {
          return { start: m.index, end: m.index + m[0].length, phrase: m[0].replace(SEP_ALL, "") };
        }) : [];
      }
    };
  }

  /** Build a tokeniser from the folding table document (fold.json: {from, to, source}) and the synonym
   * table (synonyms.json; none: no synonyms). */
  function create(foldDoc, synonymsDoc) {
    var synonyms = synonymTable(synonymsDoc);
    var table = new Array(65536);
    var from = foldDoc.from;
    var to = foldDoc.to;
    if (from.length !== to.length) {
      throw new Error("fold table: from/to lengths differ");
    }
    for (var i = 0; i < from.length; i++) {
      table[from.charCodeAt(i)] = to.charAt(i);
    }
    for (var code = 0xff01; code < 0xff5f; code++) {
      var half = String.fromCharCode(code - 0xfee0);
      table[code] = half >= "A" && half <= "Z" ? half.toLowerCase() : half;
    }
    table[0x3000] = " ";
    for (var c = 65; c <= 90; c++) {
      table[c] = String.fromCharCode(c + 32);
    }

    function normalize(text) {
      var parts = [];
      for (var j = 0; j < text.length; j++) {
        var mapped = table[text.charCodeAt(j)];
        parts.push(mapped === undefined ? text.charAt(j) : mapped);
      }
      return parts.join("");
    }

    function unique(list, except) {
      var seen = new Set(except || []);
      return list.filter(function (t) {
        if (seen.has(t)) {
          return false;
        }
        seen.add(t);
        return true;
      });
    }

    /** Query tokens by position (required) and the junction bigrams between the words (optional). */
    function queryParts(norm) {
      var required = [];
      var optional = [];
      function words(piece) {
        var at = 0;
        synonyms.matches(piece).forEach(function (m) {
          var groups = synonyms.phrases[m.phrase];
          if (!groups.length) {
            return; // a blocker: its words stay plain words
          }
          plain(piece.slice(at, m.start), "query", required);
          Array.prototype.push.apply(optional, junctions(piece.slice(at, m.start)));
          required.push(groups[0]);
          at = m.end;
        });
        plain(piece.slice(at), "query", required);
        Array.prototype.push.apply(optional, junctions(piece.slice(at)));
      }
      var pos = 0;
      specials(norm, "query").forEach(function (f) {
        words(norm.slice(pos, f.start));
        Array.prototype.push.apply(required, f.tokens);
        pos = f.end;
      });
      words(norm.slice(pos));
      var kept = unique(required);
      return { required: kept, optional: unique(optional, kept) };
    }

    function tokenize(text, mode) {
      mode = mode || "index";
      var norm = normalize(text);
      if (mode !== "index") {
        return queryParts(norm).required;
      }
      var out = [];
      plain(norm, mode, out);
      Array.prototype.push.apply(out, junctions(norm));
      specials(norm, mode).forEach(function (f) {
        Array.prototype.push.apply(out, f.tokens);
      });
      synonyms.matches(norm).forEach(function (m) {
        Array.prototype.push.apply(out, synonyms.phrases[m.phrase]);
      });
      return out;
    }

    /** A query's tokens: {required, optional} (optional: bigrams across the spaces between its words). */
    function query(text) {
      return queryParts(normalize(text));
    }

    return { normalize: normalize, tokenize: tokenize, query: query, synonyms: synonyms };
  }

  return { create: create };
});
