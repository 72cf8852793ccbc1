/* zfxxgk reading tools: 字体 大/中/小 and 关怀版 remembered across pages (localStorage), 打印, 关闭. */
(function () {
  "use strict";
  var root = document.documentElement;
  var FONT = "zfxxgk.font";
  var CARE = "zfxxgk.care";

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
    } catch (e) { /* storage disabled: the choice holds for this page only */ }
  }

  function applyFont(size) {
    if (size === "large" || size === "small") { root.setAttribute("data-zfxxgk-font", size); }
    else { root.removeAttribute("data-zfxxgk-font"); size = "medium"; }
    document.querySelectorAll("[data-zfxxgk-font]").forEach(function (b) {
      if (b.tagName === "BUTTON") { b.setAttribute("aria-pressed", String(b.getAttribute("data-zfxxgk-font") === size)); }
    });
  }
  function applyCare(on) {
    if (on) { root.setAttribute("data-zfxxgk-care", ""); } else { root.removeAttribute("data-zfxxgk-care"); }
    // The button says what it does next (关怀版 / 退出关怀版); its label changes, so no aria-pressed.
    document.querySelectorAll("button[data-zfxxgk-care]").forEach(function (b) {
      b.textContent = on ? "退出关怀版" : "关怀版";
    });
  }

  // 关闭: a window the reader opened from a list closes; browsers refuse to close a window the reader
  // navigated to, so then go back, or to the column's home page when there is no page to go back to.
  function close() {
    window.close();
    window.setTimeout(function () {
      if (window.closed) { return; }
      if (window.history.length > 1) { window.history.back(); }
      else { var home = document.querySelector(".zfxxgk-brand"); if (home) { window.location.href = home.href; } }
    }, 150);
  }

  function init() {
    applyFont(load(FONT));
    applyCare(load(CARE) === "1");
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button") : null;
      if (!button) { return; }
      if (button.hasAttribute("data-zfxxgk-font")) {
        var size = button.getAttribute("data-zfxxgk-font");
        save(FONT, size === "medium" ? null : size);
        applyFont(size);
      } else if (button.hasAttribute("data-zfxxgk-care")) {
        var on = !root.hasAttribute("data-zfxxgk-care");
        save(CARE, on ? "1" : null);
        applyCare(on);
      } else if (button.hasAttribute("data-zfxxgk-print")) {
        window.print();
      } else if (button.hasAttribute("data-zfxxgk-close")) {
        close();
      }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
