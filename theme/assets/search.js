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
  // As search.py folds the index: decomposed, marks (accents) dropped, lower case.
  var MARKS = /\p{M}/gu;
  var WORD = /[\p{L}\p{N}]+/gu;
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
    return text.normalize("NFKD").replace(MARKS, "").toLowerCase();
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
    if (row[6]) link.lang = row[6];
    var meta = element("span", "claim-meta");
    var rating = index.ratings[row[2]];
    if (rating) {
      meta.appendChild(element("span", "badge rating-" + rating[0], rating[1]));
      meta.appendChild(document.createTextNode(" "));
    }
    meta.appendChild(element("span", "", row[1]));
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
        status.textContent = found.length
          ? form.getAttribute("data-count").replace("{count}", String(found.length))
          : form.getAttribute("data-none");
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
