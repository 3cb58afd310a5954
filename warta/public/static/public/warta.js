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
