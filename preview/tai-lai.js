// The live preview's reload script (preview/server.py serves it; only preview pages link it).
// After a good build the page reloads itself; after a failed one the build's lines are shown over
// the last good page.  The lines hold what editors typed: they are set as text, never as HTML.
(function () {
  "use strict";
  var PANEL_ID = "xem-truoc-loi";
  var loadedAt = performance.timeOrigin || Date.now();

  function hidePanel() {
    var panel = document.getElementById(PANEL_ID);
    if (panel) panel.remove();
  }

  function showPanel(lines) {
    hidePanel();
    var panel = document.createElement("section");
    panel.id = PANEL_ID;
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-label", "Lỗi của bản xem trước");
    var style = panel.style;  // CSSOM, which the pages' CSP (style-src 'self') allows
    style.position = "fixed"; style.left = "0"; style.right = "0"; style.bottom = "0";
    style.maxHeight = "60vh"; style.overflow = "auto"; style.zIndex = "2147483647";
    style.background = "#fff4f2"; style.color = "#5c1009"; style.borderTop = "4px solid #c0392b";
    style.padding = "0.75rem 1rem"; style.font = "15px/1.5 system-ui, sans-serif";
    var title = document.createElement("h2");
    title.textContent = "Chưa dựng được bản xem trước: sửa lỗi dưới đây rồi lưu lại tệp. " +
      "Trang đang hiện là bản đúng gần nhất.";
    title.style.fontSize = "1rem"; title.style.margin = "0 0 0.5rem";
    panel.appendChild(title);
    var list = document.createElement("ul");
    list.style.margin = "0"; list.style.paddingLeft = "1.25rem";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      item.style.fontFamily = "ui-monospace, monospace"; item.style.whiteSpace = "pre-wrap";
      list.appendChild(item);
    });
    panel.appendChild(list);
    document.body.appendChild(panel);
  }

  function onBuild(status) {
    if (status.ok && status.good > loadedAt) {
      // A page-first answer wrote one article's page: the other pages wait for the full build.
      if (status.page_only && status.pages.indexOf(location.pathname) < 0) return;
      var moved = status.moved[location.pathname];  // a corrected title moved the article's page
      if (moved) location.replace(moved + location.hash); else location.reload();
    } else if (!status.ok && status.number > 0) {
      showPanel(status.lines);
    } else {
      hidePanel();
    }
  }

  var events = new EventSource("/_xem-truoc/su-kien");
  events.addEventListener("build", function (event) { onBuild(JSON.parse(event.data)); });
})();
