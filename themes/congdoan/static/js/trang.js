/* The theme's one script; pages work without it. Share, copy, print; the danh bạ filter. */
(function (d) {
"use strict";
var q = function (s, e) { return (e || d).querySelector(s); }, box = q("[data-share]");
if (box) {
 var a = q("[data-share-address]", box), ul = q(".share-links", box), url = a ? a.value : location.href;
 var add = function (t, f) {
  var li = d.createElement("li"), b = d.createElement("button");
  b.type = "button"; b.textContent = t;
  b.onclick = function () { f(b); };
  li.appendChild(b); ul.appendChild(li);
 };
 if (navigator.share) add("Chia sẻ…", function () { navigator.share({title: d.title, url: url}).catch(function () {}); });
 if (navigator.clipboard && a) add("Chép địa chỉ", function (b) {
  navigator.clipboard.writeText(url).then(function () { b.textContent = "Đã chép"; }, function () { a.select(); });
 });
 add("In bài", function () { print(); });
 q("[data-print-hint]", box).hidden = true;
}
var top = q(".directory-group, ul.directory");
if (!top) return;
var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase(); };
var all = function (s, f) { d.querySelectorAll(s).forEach(f); };
var label = d.createElement("label"), input = d.createElement("input"), out = d.createElement("p");
label.className = "directory-filter"; label.textContent = "Lọc theo tên đơn vị ";
input.type = "search";
out.setAttribute("role", "status");
label.appendChild(input); top.before(label, out);
var live = ".directory-entry:not([hidden])";
input.oninput = function () {
 var w = fold(input.value.trim()), n = 0;
 all(".directory-entry", function (li) { li.hidden = fold(q(".card-title", li).textContent).indexOf(w) < 0; n += !li.hidden; });
 all("ul.directory", function (u) {
  u.hidden = !q(live, u);
  if (u.previousElementSibling) u.previousElementSibling.hidden = u.hidden;
 });
 all(".directory-group", function (g) { g.hidden = !q(live, g); });
 out.textContent = w ? n + " đơn vị khớp" : "";
};
})(document);
