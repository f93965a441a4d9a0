/* The search page: reads the sharded indexes of plugins/search (domain/search/index.py), or for a
   province's whole network its network index (domain/search/network.py: one file a word), and
   shows the results with DOM methods and textContent only (index data is never HTML).
   Folding and tokens follow domain/search/folding.py; scoring follows domain/search/query.py. */
(function () {
  "use strict";
  var form = document.getElementById("tim-kiem");
  if (!form || !window.fetch || !("normalize" in String.prototype)) { return; }
  var MARKS = "\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f";
  var TOKEN = new RegExp("[\\p{L}\\p{N}" + MARKS + "]+", "gu");
  var CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
  var MAX_TOKEN = 40, MAX_QUERY_WORDS = 12, PAGE = 10, TITLE = 16;
  var root = form.getAttribute("data-chi-muc"), network = form.getAttribute("data-mang-luoi");
  var allSites = form.getAttribute("data-trang").split(" ");
  var field = function (name) { return form.elements.namedItem(name); };
  var status = document.getElementById("trang-thai");
  var list = document.getElementById("ket-qua");
  var more = document.getElementById("them");
  var cache = {};
  var collator = window.Intl ? new Intl.Collator("vi") : null;
  var shown = [], rendered = 0, run = 0;

  function fold(text) {
    return text.replace(/\u0111/g, "d").replace(/\u0110/g, "D").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }
  function tokens(text) {
    var clean = text.normalize("NFC").replace(CONTROL, " ").toLowerCase();
    return (clean.match(TOKEN) || []).filter(function (t) { return t.length <= MAX_TOKEN; });
  }
  function hash(term) {  // FNV-1a over UTF-8, as domain/search/index.py term_hash
    var bytes = new TextEncoder().encode(term), value = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0; }
    return value;
  }
  function fetched(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.json();
      });
    }
    return cache[url];
  }
  function entryOf(shard, term) {
    return Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  }
  // What a query reads: each site's meta, and a term's entry in each site (null where absent).
  function source(sites) {
    if (network && sites.length > 1) {
      return fetched(network + "meta.json").then(function (meta) {
        return {sites: meta.sites, metas: meta.metas, lookup: function (term) {
          return fetched(network + "t/" + (hash(term) % meta.term_shards) + ".json").then(function (shards) {
            return shards.map(function (shard) { return entryOf(shard, term); });
          });
        }};
      });
    }
    return Promise.all(sites.map(function (site) { return fetched(root + site + "/meta.json"); })).then(function (metas) {
      return {sites: sites, metas: metas, lookup: function (term) {
        return Promise.all(sites.map(function (site, i) {
          return fetched(root + site + "/t/" + (hash(term) % metas[i].term_shards) + ".json").then(function (shard) {
            return entryOf(shard, term);
          });
        }));
      }};
    });
  }
  function postings(found) {  // number -> [weight, mask]
    var map = new Map(), n = 0;
    if (!found) { return map; }
    for (var i = 0; i < found[1].length; i++) {
      n += found[1][i];
      map.set(n, [found[2][i], found.length > 3 ? found[3][i] : 1]);
    }
    return map;
  }
  function days(meta) {
    if (!meta._days) {
      var out = [], day = 0;
      meta.days.forEach(function (d, i) { day = i === 0 ? d : day - d; out.push(day); });
      meta._days = out;
    }
    return meta._days;
  }
  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value; o.textContent = label;
    select.appendChild(o);
  }
  function fillSelect(name, items, wanted) {
    var select = field(name);
    while (select.options.length > 1) { select.remove(1); }
    items.forEach(function (item) { option(select, item[0], item[1]); });
    select.value = items.some(function (item) { return String(item[0]) === wanted; }) ? wanted : "";
  }
  function scope(params) {
    var site = params.get("trang") || "";
    return allSites.indexOf(site) >= 0 ? [site] : allSites;
  }

  function fillFilters(metas, params) {
    var units = {}, categories = {}, years = {};
    metas.forEach(function (meta) {
      meta.units.forEach(function (u) { units[u[0]] = u[1]; });
      meta.categories.forEach(function (c) { categories[c] = c; });
      days(meta).forEach(function (d) { years[Math.floor(d / 10000)] = true; });
    });
    var byName = function (a, b) { return collator ? collator.compare(a[1], b[1]) : a[1] < b[1] ? -1 : 1; };
    fillSelect("don-vi", Object.keys(units).map(function (k) { return [k, units[k]]; }).sort(byName), params.get("don-vi") || "");
    fillSelect("chuyen-muc", Object.keys(categories).map(function (k) { return [k, k]; }).sort(byName), params.get("chuyen-muc") || "");
    fillSelect("nam", Object.keys(years).sort().reverse().map(function (y) { return [y, y]; }), params.get("nam") || "");
  }

  function matches(from, words, params) {
    var sites = from.sites, metas = from.metas;
    var total = metas.reduce(function (s, m) { return s + m.docs; }, 0) || 1;
    var lookups = words.map(function (w) { return from.lookup(w[0]); });
    var pairs = [];
    for (var p = 1; p < words.length; p++) { pairs.push(from.lookup(words[p - 1][0] + " " + words[p][0])); }
    return Promise.all([Promise.all(lookups), Promise.all(pairs)]).then(function (found) {
      var unit = params.get("don-vi"), category = params.get("chuyen-muc"), year = params.get("nam");
      var results = [];
      sites.forEach(function (site, s) {
        var meta = metas[s], scores = null, exact = new Map();
        words.forEach(function (w, k) {
          var all = found[0][k];
          var df = all.reduce(function (sum, e) { return sum + (e ? e[1].length : 0); }, 0) || 1;
          var rarity = Math.log(1 + total / df), own = all[s], list = postings(own), next = new Map();
          var bit = own && w[1] !== w[0] ? own[0].indexOf(w[1]) : -1;
          list.forEach(function (wm, n) {
            if (scores !== null && !scores.has(n)) { return; }
            var value = (wm[0] & 15) * rarity + (wm[0] & TITLE ? 8 * rarity : 0);
            next.set(n, (scores ? scores.get(n) : 0) + value);
            if (bit >= 0 && (wm[1] >> bit) & 1) { exact.set(n, (exact.get(n) || 0) + 1); }
          });
          scores = next;
        });
        for (var q = 1; q < words.length; q++) {
          postings(found[1][q - 1][s]).forEach(function (wm, n) {
            if (scores.has(n)) { scores.set(n, scores.get(n) + 2 * (wm[0] & 15) + (wm[0] & TITLE ? 16 : 0)); }
          });
        }
        var day = days(meta);
        scores.forEach(function (score, n) {
          if (unit && meta.units[meta.unit[n]][0] !== unit) { return; }
          if (category && meta.categories[meta.category[n]] !== category) { return; }
          if (year && Math.floor(day[n] / 10000) !== Number(year)) { return; }
          results.push({site: site, meta: meta, n: n, score: score, exact: exact.get(n) || 0, day: day[n], index: s});
        });
      });
      var newest = params.get("sap-xep") === "moi-nhat";
      results.sort(function (a, b) {
        if (newest) { return b.day - a.day || a.index - b.index || a.n - b.n; }
        return b.exact - a.exact || b.score - a.score || a.index - b.index || a.n - b.n;
      });
      return results;
    });
  }

  function highlighted(text, folded) {
    var fragment = document.createDocumentFragment(), last = 0, match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (folded.has(fold(match[0]))) {
        fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
        var mark = document.createElement("mark");
        mark.textContent = match[0];
        fragment.appendChild(mark);
        last = match.index + match[0].length;
      }
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }
  function around(text, folded) {  // the excerpt from a little before its first match
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (folded.has(fold(match[0]))) {
        if (match.index < 160) { return text; }
        var start = text.lastIndexOf(" ", match.index - 60);
        return "… " + text.slice(start + 1);
      }
    }
    return text;
  }
  function dateText(day) {
    var d = String(day);
    return d.slice(6, 8) + "/" + d.slice(4, 6) + "/" + d.slice(0, 4);
  }
  function item(result, row, folded) {
    var li = document.createElement("li"), base = result.meta.url + "/";
    li.className = "search-result";
    if (row[2]) {
      var img = document.createElement("img");
      img.src = base + row[2]; img.alt = ""; img.loading = "lazy"; img.width = 120; img.height = 80;
      img.className = "search-thumb";
      li.appendChild(img);
    }
    var heading = document.createElement("h2"), link = document.createElement("a");
    heading.className = "search-title";
    link.href = base + row[1];
    link.appendChild(highlighted(row[0], folded));
    heading.appendChild(link);
    li.appendChild(heading);
    var meta = document.createElement("p"), time = document.createElement("time"), d = String(result.day);
    meta.className = "search-meta";
    time.dateTime = d.slice(0, 4) + "-" + d.slice(4, 6) + "-" + d.slice(6, 8);
    time.textContent = dateText(result.day);
    meta.appendChild(time);
    meta.appendChild(document.createTextNode(" · " + result.meta.units[result.meta.unit[result.n]][1]));
    li.appendChild(meta);
    var excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    excerpt.appendChild(highlighted(around(row[3], folded), folded));
    li.appendChild(excerpt);
    return li;
  }
  function showMore(folded, mine) {
    var page = shown.slice(rendered, rendered + PAGE);
    return Promise.all(page.map(function (r) {
      return fetched(root + r.site + "/d/" + Math.floor(r.n / r.meta.docs_per_shard) + ".json");
    })).then(function (shards) {
      if (mine !== run) { return; }
      page.forEach(function (r, i) { list.appendChild(item(r, shards[i][r.n % r.meta.docs_per_shard], folded)); });
      rendered += page.length;
      more.hidden = rendered >= shown.length;
    });
  }

  function shownAt(started, mine) {  // once the results are painted: what the benchmark times
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (mine !== run) { return; }
        if (performance.mark) { performance.mark("tim-kiem:ket-qua"); }
        form.setAttribute("data-ms", String(Math.round(performance.now() - started)));
      }, 0);
    });
  }
  function search(params) {
    var mine = ++run, started = performance.now();
    var query = params.get("q") || "";
    var seen = {}, words = [];
    tokens(query).slice(0, MAX_QUERY_WORDS).forEach(function (t) {
      var w = [fold(t), t];
      if (!seen[w.join("\n")]) { seen[w.join("\n")] = true; words.push(w); }
    });
    form.removeAttribute("data-ms");
    status.textContent = words.length ? "Đang tìm…" : "";
    return source(scope(params)).then(function (from) {
      if (mine !== run) { return; }
      list.textContent = "";
      more.hidden = true;
      if (!words.length) { fillFilters(from.metas, params); return; }
      return matches(from, words, params).then(function (results) {
        if (mine !== run) { return; }
        shown = results; rendered = 0;
        var folded = new Set(words.map(function (w) { return w[0]; }));
        return showMore(folded, mine).then(function () {
          if (mine !== run) { return; }
          status.textContent = results.length
            ? "Tìm thấy " + results.length.toLocaleString("vi-VN") + " bài viết cho “" + query + "”."
            : "Không tìm thấy bài viết nào cho “" + query + "”. Hãy thử từ khác hoặc bỏ bớt bộ lọc.";
          shownAt(started, mine);
          fillFilters(from.metas, params);  // after the first results: a network's days are 10,000 numbers
        });
      });
    }).catch(function () {
      status.textContent = "Không tải được chỉ mục tìm kiếm. Vui lòng thử lại sau.";
    });
  }

  function current() {
    var params = new URLSearchParams();
    ["q", "trang", "don-vi", "chuyen-muc", "nam", "sap-xep"].forEach(function (name) {
      var el = field(name);
      if (el && el.value) { params.set(name, el.value); }
    });
    return params;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = current();
    history.replaceState(null, "", "?" + params.toString());
    search(params);
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") {
      if (event.target.name === "trang") { field("don-vi").value = ""; }
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  more.addEventListener("click", function () {
    showMore(new Set(tokens(field("q").value).map(fold)), run);
  });
  var initial = new URLSearchParams(location.search);
  ["q", "trang", "sap-xep"].forEach(function (name) {
    var el = field(name);
    if (el && initial.get(name)) { el.value = initial.get(name); }
  });
  form.hidden = false;
  document.getElementById("can-javascript").hidden = true;
  search(initial);
}());
