// The photo desk: set the focal point by clicking the photo, and see every crop move with it.
// No inline script or style (the CSP forbids both): the page's data attributes carry the state.
(function () {
  "use strict";

  var picker = document.querySelector("[data-focal-picker]");
  var inputX = document.getElementById("id_focal_x");
  var inputY = document.getElementById("id_focal_y");
  if (!picker || !inputX || !inputY) {
    return;
  }
  var form = document.querySelector("[data-photo-form]");
  var image = picker.querySelector("img");
  var marker = picker.querySelector(".focal-marker");
  var readout = document.querySelector("[data-focal-readout]");
  var crops = document.querySelectorAll("[data-crop]");
  var width = Number(picker.dataset.width) || 1;
  var height = Number(picker.dataset.height) || 1;
  var changed = false;

  function unit(value) {
    var number = parseFloat(value);
    return isFinite(number) ? Math.min(1, Math.max(0, number)) : 0.5;
  }

  // The same arithmetic as warta.media.renditions.crop_box, so the preview is the crop readers get.
  function cropBox(aspectW, aspectH, focalX, focalY) {
    var boxW = width;
    var boxH = Math.round((width * aspectH) / aspectW);
    if (width * aspectH > height * aspectW) {
      boxH = height;
      boxW = Math.round((height * aspectW) / aspectH);
    }
    var left = Math.min(Math.max(Math.round(focalX * width - boxW / 2), 0), width - boxW);
    var top = Math.min(Math.max(Math.round(focalY * height - boxH / 2), 0), height - boxH);
    return { left: left, top: top, spareX: width - boxW, spareY: height - boxH };
  }

  // With object-fit: cover, object-position p% shows the part starting at p% of the spare room.
  function percent(offset, spare) {
    return spare > 0 ? (offset / spare) * 100 : 50;
  }

  function show() {
    var x = unit(inputX.value);
    var y = unit(inputY.value);
    marker.hidden = false;
    marker.style.left = x * 100 + "%";
    marker.style.top = y * 100 + "%";
    crops.forEach(function (crop) {
      var box = cropBox(Number(crop.dataset.aspectW), Number(crop.dataset.aspectH), x, y);
      crop.querySelector("img").style.objectPosition =
        percent(box.left, box.spareX) + "% " + percent(box.top, box.spareY) + "%";
    });
    if (readout) {
      readout.textContent =
        readout.dataset.label + ": " + Math.round(x * 100) + "%, " + Math.round(y * 100) + "%";
    }
  }

  function place(x, y) {
    inputX.value = (Math.round(unit(x) * 1000) / 1000).toString();
    inputY.value = (Math.round(unit(y) * 1000) / 1000).toString();
    changed = true;
    show();
  }

  picker.addEventListener("click", function (event) {
    var rect = image.getBoundingClientRect();
    if (rect.width && rect.height) {
      place((event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
    }
  });

  var keys = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  picker.addEventListener("keydown", function (event) {
    var move = keys[event.key];
    if (!move) {
      return;
    }
    event.preventDefault();
    var step = event.shiftKey ? 0.1 : 0.01;
    place(unit(inputX.value) + move[0] * step, unit(inputY.value) + move[1] * step);
  });

  [inputX, inputY].forEach(function (input) {
    input.addEventListener("input", function () {
      changed = true;
      show();
    });
  });

  if (form) {
    form.addEventListener("submit", function () {
      changed = false;
    });
  }
  window.addEventListener("beforeunload", function (event) {
    if (changed) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  show();
})();
