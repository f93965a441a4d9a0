/* Article pages: buttons for the phone's share sheet, copying the address and printing.
   Without this script the page has the share links, a selectable address and a print hint. */
(function () {
  "use strict";
  var box = document.querySelector("[data-share]");
  if (!box) return;
  var address = box.querySelector("[data-share-address]");
  var list = box.querySelector(".share-links");
  var url = address ? address.value : location.href;
  function button(label, action) {
    var item = document.createElement("li");
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", function () { action(b); });
    item.appendChild(b);
    list.appendChild(item);
    return b;
  }
  if (navigator.share) {
    button("Chia sẻ…", function () {
      navigator.share({ title: document.title, url: url }).catch(function () {});
    });
  }
  if (navigator.clipboard && address) {
    button("Chép địa chỉ", function (b) {
      navigator.clipboard.writeText(url).then(function () {
        b.textContent = "Đã chép địa chỉ";
      }, function () {
        address.select();
      });
    });
  }
  if (window.print) {
    button("In bài", function () { window.print(); });
    var hint = box.querySelector("[data-print-hint]");
    if (hint) hint.hidden = true;
  }
})();
