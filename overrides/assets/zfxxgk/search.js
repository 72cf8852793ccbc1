/* zfxxgk search page. Needs, loaded before it: tokenize.js, searchscore.js (lunr's scoring, from the chunks),
 * searchcore.js. Works on a page
 * holding <div id="zfxxgk-search" data-index="manifest.json URL" data-root="site root URL"> (markup from
 * zfxxgk.search.page.search_page_html). Fetches only the chunks a query needs; state lives in the URL. */
(function () {
  "use strict";

  var core = window.zfxxgkSearchCore;
  var tokenizer = window.zfxxgkTokenize;
  // The fallback decompressor (vendored from npm fflate) lies beside this script's folder: ../vendor/fflate/.
  var scriptUrl = document.currentScript ? document.currentScript.src : document.baseURI;
  var fflateLoaded = null;

  /** The gzip member `bytes` decompressed: by the browser's DecompressionStream, else by fflate (loaded from
   * the site once, on browsers without it: Safari before 16.4, Firefox before 113). */
  function gunzip(bytes) {
    if (typeof DecompressionStream === "function") {
      return new Response(new Response(bytes).body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    }
    if (!fflateLoaded) {
      fflateLoaded = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("../vendor/fflate/index.js", scriptUrl).href;
        script.onload = function () {
          return window.fflate ? resolve(window.fflate) : reject(new Error("fflate"));
        };
        script.onerror = function () {
          reject(new Error("fflate"));
        };
        document.head.appendChild(script);
      });
    }
    return fflateLoaded.then(function (fflate) {
      return fflate.gunzipSync(bytes);
    });
  }

  /** An index file's JSON: gzip-compressed as published (hooks/zfxxgk/search/store.py, packed), or already
   * decompressed by the browser when a server sends it with Content-Encoding: gzip. */
  function parseIndexFile(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = bytes.length > 1 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzip(bytes) : Promise.resolve(bytes);
    return text.then(function (plain) {
      return JSON.parse(new TextDecoder("utf-8").decode(plain));
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) {
        node.setAttribute(k, attrs[k]);
      }
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function start() {
    var root = document.getElementById("zfxxgk-search");
    if (!root || !core || !tokenizer) {
      return;
    }
    var $ = function (id) {
      return document.getElementById(id);
    };
    var form = $("zfxxgk-search-form");
    var input = $("zfxxgk-search-q");
    var status = $("zfxxgk-search-status");
    var facetBox = $("zfxxgk-search-facets");
    var facetGroups = $("zfxxgk-search-facet-groups");
    var sortBox = $("zfxxgk-search-sort");
    var sortSelect = $("zfxxgk-search-sort-select");
    var list = $("zfxxgk-search-results");
    var pager = $("zfxxgk-search-pages");
    var skip = $("zfxxgk-search-skip");
    var manifestUrl = new URL(root.getAttribute("data-index"), document.baseURI);
    var siteRoot = new URL(root.getAttribute("data-root") || "../", document.baseURI);
    var cache = {};
    var base = null;
    var found = null;
    var state = core.parseState(window.location.search);
    var renderSeq = 0;

    function fetchJson(path, version) {
      var url = new URL(path, manifestUrl);
      if (version) {
        url.searchParams.set("v", version);
      }
      var key = url.href;
      if (!cache[key]) {
        cache[key] = fetch(url.href).then(function (r) {
          if (!r.ok) {
            throw new Error(r.status + " " + url.pathname);
          }
          return r.arrayBuffer();
        }).then(parseIndexFile);
      }
      return cache[key];
    }

    function loadBase() {
      if (!base) {
        base = fetchJson(manifestUrl.href, null).then(function (manifest) {
          var synonyms = manifest.synonyms ? fetchJson(manifest.synonyms, manifest.id) : Promise.resolve(null);
          return Promise.all([fetchJson(manifest.fold, manifest.id), fetchJson(manifest.facets, manifest.id), synonyms])
            .then(function (parts) {
              return { manifest: manifest, tk: tokenizer.create(parts[0], parts[2]), facets: core.decodeFacets(parts[1]) };
            });
        });
      }
      return base;
    }

    // Every new query, filter, sort or page is a history entry: Back and Forward step through them.
    function saveUrl() {
      var url = window.location.pathname + core.stateQuery(state);
      if (url !== window.location.pathname + window.location.search) {
        window.history.pushState(null, "", url);
      }
    }

    function itemHref(ref) {
      var u = new URL(ref, siteRoot);
      return u.pathname + u.search + u.hash;
    }

    function marked(runs) {
      return runs.map(function (run) {
        return run.mark ? el("mark", {}, [run.text]) : document.createTextNode(run.text);
      });
    }

    function setStatus(text, stateName) {
      status.textContent = text;
      root.setAttribute("data-state", stateName);
    }

    function renderFacets(b, counts) {
      var focusedId = document.activeElement && document.activeElement.id;
      facetGroups.textContent = "";
      core.FACETS.forEach(function (f, fi) {
        var values = counts[f.name];
        if (!values.length) {
          return;
        }
        if (f.name === "年份") {
          values = values.slice().sort(function (a, c) {
            return a[0] < c[0] ? 1 : a[0] > c[0] ? -1 : 0;
          });
        }
        var chosen = state.filters[f.name] || [];
        var known = b.facets.facets[f.name].values;
        var group = el("fieldset", { class: "zfxxgk-search__facet" }, [el("legend", {}, [f.name])]);
        values.forEach(function (pair) {
          var id = "zfxxgk-f" + fi + "-" + known.indexOf(pair[0]);
          var box = el("input", { type: "checkbox", id: id, value: pair[0] });
          box.checked = chosen.indexOf(pair[0]) >= 0;
          box.addEventListener("change", function () {
            var now = (state.filters[f.name] || []).filter(function (v) {
              return v !== pair[0];
            });
            if (box.checked) {
              now.push(pair[0]);
            }
            state.filters[f.name] = now;
            state.page = 1;
            saveUrl();
            render();
          });
          var label = el("label", { for: id }, [(pair[0] || "未标注") + "（" + pair[1] + "）"]);
          group.appendChild(el("div", { class: "zfxxgk-search__option" }, [box, label]));
        });
        facetGroups.appendChild(group);
      });
      facetBox.hidden = !facetGroups.childNodes.length;
      if (focusedId && $(focusedId)) {
        $(focusedId).focus();
      }
    }

    function renderPager(pages) {
      pager.textContent = "";
      pager.hidden = pages <= 1;
      if (pages <= 1) {
        return;
      }
      function button(text, page, disabled) {
        var b = el("button", { type: "button", class: "md-button" }, [text]);
        b.disabled = disabled;
        b.addEventListener("click", function () {
          state.page = page;
          saveUrl();
          render().then(function () {
            list.focus();
          });
        });
        return b;
      }
      pager.appendChild(button("上一页", state.page - 1, state.page <= 1));
      pager.appendChild(el("span", { class: "zfxxgk-search__page" }, ["第 " + state.page + " / " + pages + " 页"]));
      pager.appendChild(button("下一页", state.page + 1, state.page >= pages));
    }

    function noMatchText() {
      var text = "没有找到与“" + state.q + "”相关的政府信息。建议：检查是否有错别字；换用更短、更常用的词；" +
        "文号可只输入年份和序号，如“〔2021〕39号”；索引号请完整输入，如“11520200MB1C123455/2021-00012”。";
      return text;
    }

    function render() {
      var seq = ++renderSeq;
      root.setAttribute("data-state", "loading"); // until the list below is drawn (tests and the bench wait on it)
      return loadBase().then(function (b) {
        var browsing = !state.q.trim();
        var results = browsing ? core.allResults(b.facets) : found ? found.results : [];
        var chosen = Object.keys(state.filters).some(function (k) {
          return state.filters[k].length;
        });
        var filtered = browsing && !chosen ? [] :
          core.sortResults(core.applyFilters(results, b.facets, state.filters), browsing ? "date" : state.sort);
        var pages = Math.max(1, Math.ceil(filtered.length / core.PAGE_SIZE));
        state.page = Math.min(state.page, pages);
        var shown = filtered.slice((state.page - 1) * core.PAGE_SIZE, state.page * core.PAGE_SIZE);
        var chunkIds = Array.from(new Set(shown.map(function (r) {
          return core.docChunkOf(b.manifest, r.id);
        })));
        return Promise.all(chunkIds.map(function (c) {
          return fetchJson(core.docChunkPath(b.manifest, c), b.manifest.id);
        })).then(function (loaded) {
          if (seq !== renderSeq) {
            return;
          }
          var chunks = {};
          chunkIds.forEach(function (c, i) {
            chunks[c] = loaded[i];
          });
          renderResults(b, shown, chunks);
          renderFacets(b, core.facetCounts(results, b.facets, state.filters));
          renderPager(pages);
          sortBox.hidden = browsing || !results.length;
          sortSelect.value = state.sort;
          if (browsing && !chosen) {
            setStatus("请输入检索词，或选择栏目、年份等筛选条件浏览（共 " + results.length + " 条政府信息）。", "idle");
          } else if (browsing) {
            setStatus((filtered.length ? "按筛选条件找到 " + filtered.length + " 条政府信息，按发布日期从新到旧排列" +
              "，第 " + state.page + " / " + pages + " 页。" : "当前筛选条件下没有政府信息，请取消部分筛选条件。"), "done");
          } else if (!results.length) {
            setStatus(noMatchText(), "done");
          } else if (!filtered.length) {
            setStatus("找到 " + results.length + " 条结果，但当前筛选条件下没有结果，请取消部分筛选条件。", "done");
          } else {
            var text = (found.partial ? "没有同时包含全部检索词的信息，以下为包含部分检索词的结果，共 " :
              "找到与“" + state.q + "”相关的政府信息 ") + results.length + " 条";
            if (found.extended) {
              text += "（含标题只包含部分检索词的信息）";
            }
            if (filtered.length !== results.length) {
              text += "，筛选后 " + filtered.length + " 条";
            }
            setStatus(text + "，第 " + state.page + " / " + pages + " 页。", "done");
          }
          root.setAttribute("data-results", String(filtered.length));
        });
      });
    }

    function renderResults(b, shown, chunks) {
      list.textContent = "";
      list.setAttribute("tabindex", "-1");
      var tokens = found && state.q.trim() ? found.marks : [];
      shown.forEach(function (r) {
        var row = core.docRow(b.manifest, chunks, r.id);
        var title = el("a", { href: itemHref(row[1]) }, marked(core.highlight(row[0], tokens, b.tk.normalize)));
        var heading = [title];
        var ended = core.endedMark(b.facets, r.id);
        if (ended) {
          heading.push(" ", el("span", { class: "zfxxgk-result__mark" }, [ended]));
        }
        var meta = [];
        if (row[2]) {
          meta.push(el("span", { class: "zfxxgk-result__no" }, ["文号：" + row[2]]));
        }
        meta.push(el("span", { class: "zfxxgk-result__date" }, ["发布日期：", el("time", { datetime: row[3] }, [row[3]])]));
        var column = b.facets.facets["栏目"];
        meta.push(el("span", { class: "zfxxgk-result__column" }, ["栏目：" + column.values[column.codes[r.id]]]));
        list.appendChild(el("li", { class: "zfxxgk-result", "data-url": row[1] }, [
          el("h3", { class: "zfxxgk-result__title" }, heading),
          el("p", { class: "zfxxgk-result__meta" }, meta),
          el("p", { class: "zfxxgk-result__snippet" }, marked(core.highlight(row[4], tokens, b.tk.normalize)))
        ]));
      });
    }

    /** What to highlight: the plain tokens, and for a synonym token the phrases that stand for it. */
    function marks(b, tokens) {
      var out = [];
      tokens.forEach(function (t) {
        if (t.indexOf("ty:") !== 0) {
          out.push(t);
          return;
        }
        Object.keys(b.tk.synonyms.phrases).forEach(function (p) {
          if (b.tk.synonyms.phrases[p].indexOf(t) >= 0) {
            out.push(p);
          }
        });
      });
      return out;
    }

    function search() {
      input.value = state.q;
      if (!state.q.trim()) {
        found = null;
        return render();
      }
      setStatus("正在检索……", "loading");
      var began = Date.now();
      return loadBase().then(function (b) {
        var parts = b.tk.query(state.q);
        var tokens = parts.required;
        var buckets = core.neededBuckets(b.manifest, tokens.concat(parts.optional));
        return Promise.all(buckets.map(function (bucket) {
          return fetchJson(core.chunkPath(b.manifest, bucket), b.manifest.id);
        })).then(function (loaded) {
          var chunks = {};
          buckets.forEach(function (bucket, i) {
            chunks[bucket] = loaded[i];
          });
          var t0 = Date.now();
          var ranked = core.rank(function (asked, presence, optional, unordered) {
            return core.query(b.manifest, chunks, asked, presence, optional, unordered);
          }, tokens, parts.optional, b.facets);
          found = { tokens: tokens, marks: marks(b, tokens), results: ranked.results, partial: ranked.partial,
            extended: ranked.extended };
          root.setAttribute("data-query-ms", String(Date.now() - t0));
          root.setAttribute("data-total-ms", String(Date.now() - began));
          return render();
        });
      }).catch(function (err) {
        setStatus("检索索引加载失败，请稍后重试。（" + err.message + "）", "error");
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = input.value.trim();
      // A new keyword starts afresh; an empty one keeps the filters (browsing by them).
      state = { q: q, sort: state.sort, page: 1, filters: q ? {} : state.filters };
      saveUrl();
      search();
    });
    window.addEventListener("popstate", function () {
      var before = state.q;
      state = core.parseState(window.location.search);
      (state.q === before && (found || !state.q.trim()) ? render() : search()).then(function () {
        input.value = state.q;
      });
    });
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      list.setAttribute("tabindex", "-1");
      list.focus();
    });
    sortSelect.addEventListener("change", function () {
      state.sort = sortSelect.value === "date" ? "date" : "relevance";
      state.page = 1;
      saveUrl();
      render();
    });
    search();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
