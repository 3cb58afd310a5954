// Progressive extras for the article page: copy link, native share, and one anonymous read count.
(function () {
  "use strict";
  var story = document.querySelector("[data-hit]");
  if (story && navigator.sendBeacon) {
    navigator.sendBeacon(story.getAttribute("data-hit"));
  }
  var status = document.querySelector(".s-status");
  var copy = document.querySelector(".s-copy");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-url")).then(function () {
        status.textContent = copy.getAttribute("data-done");
      });
    });
  }
  var native = document.querySelector(".s-native");
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: native.getAttribute("data-title"), url: native.getAttribute("data-url") }).catch(function () {});
    });
  }
})();

// A live report loads newer updates without a reload while the tab is visible; without
// JavaScript a reload shows them.
(function () {
  "use strict";
  var live = document.querySelector("[data-live-url]");
  if (!live || !window.fetch) return;
  var list = live.querySelector(".live-updates");
  var every = 15000;
  function newest() {
    var ids = Array.prototype.map.call(list.querySelectorAll("[data-id]"), function (item) {
      return parseInt(item.getAttribute("data-id"), 10);
    });
    return ids.length ? Math.max.apply(null, ids) : 0;
  }
  function poll() {
    if (document.hidden) return schedule();
    fetch(live.getAttribute("data-live-url") + "?setelah=" + newest(), { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var empty = list.querySelector(".empty");
        data.updates.forEach(function (update) {
          if (document.getElementById("pembaruan-" + update.id)) return;
          if (empty) { empty.remove(); empty = null; }
          var holder = document.createElement("ol");
          holder.innerHTML = update.html;
          var item = holder.firstElementChild;
          var firstUnpinned = update.pinned ? list.firstElementChild : list.querySelector("li:not(.pinned)");
          list.insertBefore(item, firstUnpinned);
        });
        if (data.live) schedule();
      })
      .catch(schedule);
  }
  function schedule() { window.setTimeout(poll, every); }
  schedule();
})();
