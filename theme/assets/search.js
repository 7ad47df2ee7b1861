/* counterclaim search: filters the compact index (search-index.json) in the browser.
   Results are built with textContent only, so nothing from the index is read as HTML. */
(function () {
  "use strict";
  var form = document.querySelector(".search-page-form");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var note = document.querySelector(".search-fallback .no-js-note");
  if (note) note.hidden = true;
  var index = null;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (index) return Promise.resolve(index);
    return fetch(form.getAttribute("data-index")).then(function (response) {
      return response.json();
    }).then(function (data) {
      index = data;
      return data;
    });
  }

  function item(data, claim) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "claim-title";
    link.href = form.getAttribute("data-claims") + encodeURIComponent(claim[4]) + "/";
    link.textContent = claim[0];
    var meta = document.createElement("span");
    meta.className = "claim-meta";
    var badge = document.createElement("span");
    badge.className = "badge rating-" + data.rating_ids[claim[2]];
    badge.textContent = data.ratings[claim[2]];
    var who = document.createElement("span");
    who.textContent = data.claimants[claim[1]];
    meta.appendChild(badge);
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(who);
    li.appendChild(link);
    li.appendChild(meta);
    return li;
  }

  function run(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) {
      status.textContent = "";
      return;
    }
    load().then(function (data) {
      var found = data.claims.filter(function (claim) {
        var topics = claim[3].map(function (t) { return data.topics[t]; }).join(" ");
        var text = fold([claim[0], data.claimants[claim[1]], data.ratings[claim[2]], topics].join(" "));
        return words.every(function (word) { return text.indexOf(word) !== -1; });
      });
      status.textContent = found.length
        ? form.getAttribute("data-count").replace("{count}", String(found.length))
        : form.getAttribute("data-none");
      found.slice(0, 200).forEach(function (claim) { list.appendChild(item(data, claim)); });
    }).catch(function () {
      status.textContent = form.getAttribute("data-none");
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
