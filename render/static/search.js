// Search without a server. The index is split (amend/render/search.py): search/index.js lists the word
// shards; a query loads only the shards of its words, intersects their entries, then loads the record files
// of the results it shows. Queries and texts are compared without diacritics ("dau tu" finds "đầu tư"); a
// query word matches the words it begins; every word must match.
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  var SHOWN = 200;
  var root = document.currentScript.src.replace(/search\.js(\?.*)?$/, "search/");
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  var index = null, shards = {}, records = {}, waiting = {};
  window.AMEND_SEARCH_INDEX = function (data) { index = data; };
  window.AMEND_SEARCH_SHARD = function (key, data) { shards[key] = data; };
  window.AMEND_SEARCH_RECORDS = function (n, data) { records[n] = data; };
  // a file of the index, by a script element (works from file:// as well as from a server); once each
  function load(name, ready) {
    var cb = waiting[name];
    if (cb === true) { ready(); return; }
    if (cb) { cb.push(ready); return; }
    waiting[name] = [ready];
    var s = document.createElement("script");
    s.src = root + name + ".js";
    s.onload = function () { var fs = waiting[name]; waiting[name] = true; fs.forEach(function (f) { f(); }); };
    s.onerror = function () { count.textContent = "Không tải được chỉ mục tìm kiếm (" + name + ".js)."; };
    document.head.appendChild(s);
  }
  function loadAll(names, ready) {
    var left = names.length;
    if (!left) { ready(); return; }
    names.forEach(function (n) { load(n, function () { if (--left === 0) ready(); }); });
  }
  var current = 0;
  function run(q) {
    var ticket = ++current;
    var words = fold(q).match(/[0-9a-z]+/g) || [];
    if (!words.length) { list.textContent = ""; count.textContent = ""; return; }
    load("index", function () {
      var need = [];
      var keysOf = words.map(function (w) {
        var ks = index.keys.filter(function (k) { return w.indexOf(k) === 0 || k.indexOf(w) === 0; });
        ks.forEach(function (k) { if (need.indexOf("w-" + k) < 0) need.push("w-" + k); });
        return ks;
      });
      loadAll(need, function () {
        if (ticket !== current) return;
        var hits = null;
        words.forEach(function (w, i) {
          var found = {};
          keysOf[i].forEach(function (k) {
            var shard = shards[k];
            Object.keys(shard).forEach(function (word) {
              if (word.indexOf(w) === 0) shard[word].forEach(function (id) { found[id] = true; });
            });
          });
          hits = hits === null ? found : Object.keys(hits).reduce(function (acc, id) {
            if (found[id]) acc[id] = true; return acc;
          }, {});
        });
        var ids = Object.keys(hits || {}).map(Number).sort(function (a, b) { return a - b; });
        var shown = ids.slice(0, SHOWN);
        var files = [];
        shown.forEach(function (id) {
          var f = "r-" + Math.floor(id / index.chunk);
          if (files.indexOf(f) < 0) files.push(f);
        });
        loadAll(files, function () {
          if (ticket !== current) return;
          list.textContent = "";
          count.textContent = ids.length + " kết quả" + (ids.length > SHOWN ? " (hiện " + SHOWN + " kết quả đầu)" : "");
          shown.forEach(function (id) {
            var e = records[Math.floor(id / index.chunk)][id % index.chunk];
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = e[0]; a.textContent = e[1];
            var where = document.createElement("div");
            where.className = "where"; where.textContent = e[2];
            li.appendChild(a); li.appendChild(where);
            list.appendChild(li);
          });
        });
      });
    });
  }
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); run(params.get("q")); }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(input.value); });
  input.addEventListener("input", function () { run(input.value); });
})();
