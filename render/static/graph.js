// Zoom for the relations graph, with no outside script: the picture scrolls (pans) inside its frame;
// the buttons make it larger, smaller, or fit the frame. Without JavaScript the picture still scrolls.
(function () {
  document.querySelectorAll("figure.graph").forEach(function (fig) {
    var svg = fig.querySelector("svg");
    if (!svg) return;
    var natural = parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
    var scale = 1;
    function set(s) {
      scale = Math.max(0.2, Math.min(4, s));
      svg.style.width = Math.round(natural * scale) + "px";
      svg.style.height = "auto";
      out.textContent = Math.round(scale * 100) + "%";
    }
    function fit() { set(Math.min(1, (fig.clientWidth - 4) / natural)); }
    var bar = document.createElement("div");
    bar.className = "zoom";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Thu phóng sơ đồ");
    [["Thu nhỏ", function () { set(scale / 1.25); }], ["Phóng to", function () { set(scale * 1.25); }],
     ["Vừa khung", fit]].forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b[0];
      btn.addEventListener("click", b[1]);
      bar.appendChild(btn);
    });
    var out = document.createElement("output");
    out.setAttribute("aria-live", "polite");
    bar.appendChild(out);
    fig.parentNode.insertBefore(bar, fig);
    fit();
  });
})();
