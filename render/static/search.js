// Search without a server: the prebuilt index is search-index.js (window.AMEND_SEARCH).
// Queries and texts are compared without diacritics ("dau tu" finds "đầu tư").
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  var index = window.AMEND_SEARCH || [];
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  function run(q) {
    list.textContent = "";
    var words = fold(q).split(/\s+/).filter(Boolean);
    if (!words.length) { count.textContent = ""; return; }
    var hits = index.filter(function (e) {
      return words.every(function (w) { return e.f.indexOf(w) !== -1; });
    });
    count.textContent = hits.length + " kết quả";
    hits.slice(0, 200).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u; a.textContent = e.t;
      var where = document.createElement("div");
      where.className = "where"; where.textContent = e.w;
      li.appendChild(a); li.appendChild(where);
      list.appendChild(li);
    });
  }
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); run(params.get("q")); }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(input.value); });
  input.addEventListener("input", function () { run(input.value); });
})();
