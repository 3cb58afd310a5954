// Home curation: drag (or use the buttons) to order the headline and sub-headlines.
(function () {
  "use strict";
  var form = document.getElementById("curate-form");
  if (!form) return;
  var chosen = form.querySelector("ol.chosen");
  var others = form.querySelector("ul.others");
  var order = form.querySelector("[name=order]");
  var dragged = null;

  function sync() {
    order.value = Array.prototype.map.call(chosen.children, function (li) { return li.getAttribute("data-id"); }).join(",");
  }
  function moveTo(li, list, before) {
    if (list === chosen && li.parentNode !== chosen && chosen.children.length >= 7) return;
    list.insertBefore(li, before || null);
    sync();
  }
  form.addEventListener("click", function (event) {
    var li = event.target.closest("li");
    if (!li) return;
    if (event.target.classList.contains("add")) moveTo(li, chosen);
    if (event.target.classList.contains("remove")) moveTo(li, others, others.firstChild);
    if (event.target.classList.contains("up") && li.previousElementSibling) moveTo(li, chosen, li.previousElementSibling);
  });
  [chosen, others].forEach(function (list) {
    list.addEventListener("dragstart", function (event) { dragged = event.target.closest("li"); });
    list.addEventListener("dragover", function (event) { event.preventDefault(); });
    list.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged) return;
      var target = event.target.closest("li");
      moveTo(dragged, list, target && target !== dragged ? target : null);
      dragged = null;
    });
  });
})();
