/* counterclaim search: looks a query up in the search index (search/data/, made by
   src/counterclaim/search.py), loading only the files the query needs. Results are built with
   textContent only, so nothing from the index is read as HTML. */
(function () {
  "use strict";
  var form = document.querySelector(".search-page-form");
  if (!form || !window.fetch || !window.Set || !String.prototype.normalize) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var note = document.querySelector(".search-fallback .no-js-note");
  var folder = form.getAttribute("data-index");
  var home = form.getAttribute("data-home");
  var SHOWN = 20; // as search.py's SHOWN and MOST_SHARDS (its lookup() does what this does)
  // As search.py folds the index (fold(), IGNORED_MARKS, FOLDED_LETTERS): decomposed, accents,
  // tashkeel and the hamza split off alef, waw and ya dropped; tatweel dropped, alef maqsura read
  // as ya, ta marbuta as ha, Arabic-Indic digits as 0 to 9; lower case. Marks that are vowels in
  // Indic and South-East Asian scripts stay, part of the word.
  var MARKS = /[\u0300-\u036F\u0483-\u0489\u0591-\u05BD\u05BF\u05C1-\u05C2\u05C4-\u05C5\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7-\u06E8\u06EA-\u06ED\u08D3-\u08E1\u08E3-\u08FF\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE00-\uFE0F\uFE20-\uFE2F\u{E0100}-\u{E01EF}]/gu;
  var LETTERS = /[\u0640\u0649\u0629\u0671\u06CC\u06A9\u0660-\u0669\u06F0-\u06F9]/g;
  var FOLDED = {"\u0640": "", "\u0649": "\u064A", "\u0629": "\u0647", "\u0671": "\u0627", "\u06CC": "\u064A", "\u06A9": "\u0643", "\u0660": "0", "\u0661": "1", "\u0662": "2", "\u0663": "3", "\u0664": "4", "\u0665": "5", "\u0666": "6", "\u0667": "7", "\u0668": "8", "\u0669": "9", "\u06F0": "0", "\u06F1": "1", "\u06F2": "2", "\u06F3": "3", "\u06F4": "4", "\u06F5": "5", "\u06F6": "6", "\u06F7": "7", "\u06F8": "8", "\u06F9": "9"};
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var files = {};
  var current = 0;
  if (note) note.hidden = true;

  function get(name) {
    if (!files[name]) {
      files[name] = fetch(folder + name).then(function (response) {
        if (!response.ok) throw new Error(name + ": " + response.status);
        return response.json();
      });
    }
    return files[name];
  }

  function fold(text) {
    return text.normalize("NFKD").replace(MARKS, "")
      .replace(LETTERS, function (letter) { return FOLDED[letter]; }).toLowerCase();
  }

  // A plural's ending off, so that "releases" also finds "released" and "release".
  function stem(word) {
    if (word.length > 4 && word.slice(-2) === "es") return word.slice(0, -2);
    if (word.length > 3 && word.slice(-1) === "s") return word.slice(0, -1);
    return word;
  }

  // The shards that hold words starting with `word`: the one with the longest key that starts
  // it, and those split off below it (unless there are very many: a short word like "de").
  function shards(word, keys) {
    var best = -1, below = [];
    keys.forEach(function (key, i) {
      if (word.indexOf(key) === 0) {
        if (best < 0 || key.length > keys[best].length) best = i;
      } else if (key.indexOf(word) === 0) {
        below.push(i);
      }
    });
    if (best < 0) return below.length <= 8 ? below : [];
    return below.length <= 8 ? below.concat([best]) : [best];
  }

  // The numbers of the claims that have a word starting with `word`.
  function lookup(word, index) {
    return Promise.all(shards(word, index.shards).map(function (i) { return get("w" + i + ".json"); }))
      .then(function (found) {
        var claims = new Set();
        found.forEach(function (shard) {
          Object.keys(shard).forEach(function (entry) {
            if (entry.indexOf(word) !== 0) return;
            var number = 0;
            shard[entry].forEach(function (delta) {
              number += delta;
              claims.add(number);
            });
          });
        });
        return claims;
      });
  }

  function search(query, index) {
    var words = (fold(query).match(WORD) || []).filter(function (w) { return w.length > 1; }).map(stem);
    words = words.filter(function (w, i) { return words.indexOf(w) === i; });
    if (!words.length) return Promise.resolve([]);
    return Promise.all(words.map(function (w) { return lookup(w, index); })).then(function (sets) {
      sets.sort(function (a, b) { return a.size - b.size; });
      var found = [];
      sets[0].forEach(function (n) {
        if (sets.every(function (set) { return set.has(n); })) found.push(n);
      });
      return found.sort(function (a, b) { return a - b; });
    });
  }

  // "12 fact-checks found" in the page's language: the plural form the count takes there (the
  // browser's CLDR rules, as the build's), the number written as the build writes numbers.
  function counted(count) {
    var locale = form.getAttribute("data-locale");
    var category = "other", number = String(count);
    try {
      category = new Intl.PluralRules(locale).select(count);
      number = new Intl.NumberFormat(locale, { numberingSystem: "latn" }).format(count);
    } catch (e) { /* an old browser: the general form, and the digits as they are */ }
    var text = form.getAttribute("data-count-" + category) || form.getAttribute("data-count-other");
    return text.replace("{count}", number);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The same markup as the claim lists' (theme/_macros.html).
  function item(row, index) {
    var li = document.createElement("li");
    var link = element("a", "claim-title", row[0]);
    link.href = home + row[3];
    if (row[6]) {
      link.lang = row[6];
      link.dir = "auto";
    }
    var meta = element("span", "claim-meta");
    var rating = index.ratings[row[2]];
    if (rating) {
      meta.appendChild(element("span", "badge rating-" + rating[0], rating[1]));
      meta.appendChild(document.createTextNode(" "));
    }
    meta.appendChild(element("bdi", "", row[1]));
    meta.appendChild(document.createTextNode(" "));
    var time = element("time", "", row[5]);
    time.setAttribute("datetime", row[4]);
    meta.appendChild(time);
    li.appendChild(link);
    li.appendChild(meta);
    return li;
  }

  function show(found, from, index, run) {
    var numbers = found.slice(from, from + SHOWN);
    var chunks = numbers.map(function (n) { return Math.floor(n / index.chunk); });
    return Promise.all(chunks.map(function (c) { return get("d" + c + ".json"); })).then(function (rows) {
      if (run !== current) return;
      numbers.forEach(function (n, i) { list.appendChild(item(rows[i][n % index.chunk], index)); });
      more.hidden = from + SHOWN >= found.length;
      more.onclick = function () { show(found, from + SHOWN, index, run); };
    });
  }

  function run(query) {
    var mine = ++current;
    list.textContent = "";
    more.hidden = true;
    if (!query.trim()) {
      status.textContent = "";
      return;
    }
    get("index.json").then(function (index) {
      return search(query, index).then(function (found) {
        if (mine !== current) return;
        status.textContent = found.length ? counted(found.length) : form.getAttribute("data-none");
        return show(found, 0, index, mine);
      });
    }).catch(function () {
      if (mine === current) status.textContent = form.getAttribute("data-error");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  if (query) run(query);
})();
