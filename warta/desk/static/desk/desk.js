// The article editor: autosave, unsaved-changes warning, presence, headline guide, pickers.
(function () {
  "use strict";
  var form = document.getElementById("article-form");
  if (!form) return;
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
  var status = form.querySelector(".autosave-status");
  var dirty = false;
  var saving = false;
  var editor = null;
  var AUTOSAVE_EVERY = 15000;

  function say(text) { if (status) status.textContent = text; }
  function markDirty() { dirty = true; }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  // The editor names its menu buttons in English; the desk's catalog (desk:js_catalog) has
  // them in the newsroom's language. The menu comes and redraws its buttons, so watch it.
  function translateMenu(menubar) {
    var say = window.gettext;
    if (!say) return;
    menubar.querySelectorAll("[title]").forEach(function (button) {
      var said = say(button.title);
      if (said !== button.title) { button.title = said; button.setAttribute("aria-label", said); }
    });
    menubar.querySelectorAll(".prose-menubar__option > *").forEach(function (option) {
      var said = say(option.textContent);
      if (said !== option.textContent) option.textContent = said;
    });
  }
  function useEditor(found) {
    if (!found || found === editor) return;
    editor = found;
    editor.on("update", markDirty);
    var wrapper = form.querySelector(".prose-editor");
    if (!wrapper) return;
    var menu = function () { wrapper.querySelectorAll(".prose-menubar").forEach(translateMenu); };
    menu();
    new MutationObserver(menu).observe(wrapper, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["title"]
    });
  }
  document.addEventListener("prose-editor:ready", function (event) { useEditor(event.detail.editor); });
  // The editor's module scripts run before this deferred script, so "ready" has usually been
  // announced already: take the editor Tiptap hangs on its element.
  var mounted = form.querySelector(".ProseMirror[contenteditable]");
  if (mounted) useEditor(mounted.editor);

  // A copy of what is typed stays in this browser until the server has it, so nothing is lost
  // to a dropped connection or a server outage: reopening the article offers it back.
  var KEEP = "warta:unsaved:" + location.pathname;
  function fields() {
    var kept = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "file") return;
      kept[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    if (editor) kept.body = editor.getHTML();
    return kept;
  }
  function same(a, b) {
    var strip = function (kept) { var copy = Object.assign({}, kept); delete copy.base_revision; return JSON.stringify(copy); };
    return strip(a) === strip(b);
  }
  var keepTimer = null;
  function keepCopy() {
    clearTimeout(keepTimer);
    keepTimer = setTimeout(function () {
      try { localStorage.setItem(KEEP, JSON.stringify({ at: Date.now(), fields: fields() })); } catch (e) {}
    }, 800);
  }
  function forgetCopy() { try { localStorage.removeItem(KEEP); } catch (e) {} }
  function offerCopy() {
    var sent = sessionStorage.getItem("warta:sent");
    sessionStorage.removeItem("warta:sent");
    // Back from a save the server accepted (a new draft lands on its own address): the copy
    // has done its job.
    if (sent && !document.querySelector(".error[role=alert], .has-error")) {
      try { localStorage.removeItem(sent); } catch (e) {}
    }
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(KEEP) || "null"); } catch (e) {}
    if (!stored) return;
    if (same(stored.fields, fields())) { forgetCopy(); return; }
    var note = document.createElement("div");
    note.className = "note unsaved-copy";
    note.setAttribute("role", "status");
    var when = new Date(stored.at).toLocaleString("id-ID", { dateStyle: "medium", timeStyle: "short" });
    note.innerHTML = "<p></p><button type='button' class='primary'>Pulihkan teks itu</button> <button type='button'>Buang</button>";
    note.querySelector("p").textContent = "Peramban ini menyimpan teks yang belum sampai ke server (" + when + "). Pulihkan ke formulir ini?";
    var buttons = note.querySelectorAll("button");
    buttons[0].addEventListener("click", function () {
      Object.keys(stored.fields).forEach(function (name) {
        var el = form.elements[name];
        if (!el || name === "base_revision") return;
        if (el.type === "checkbox") el.checked = stored.fields[name]; else el.value = stored.fields[name];
      });
      if (editor && stored.fields.body !== undefined) editor.commands.setContent(stored.fields.body, true);
      dirty = true;
      note.remove();
      say("Teks dipulihkan dari peramban. Simpan untuk mengirimnya ke server.");
    });
    buttons[1].addEventListener("click", function () { forgetCopy(); note.remove(); });
    form.parentNode.insertBefore(note, form);
  }
  form.addEventListener("input", keepCopy);
  form.addEventListener("change", keepCopy);
  form.addEventListener("submit", function () {
    clearTimeout(keepTimer);
    try {
      localStorage.setItem(KEEP, JSON.stringify({ at: Date.now(), fields: fields() }));
      sessionStorage.setItem("warta:sent", KEEP);
    } catch (e) {}
  });
  if (editor) editor.on("update", keepCopy);
  else document.addEventListener("prose-editor:ready", function (event) { event.detail.editor.on("update", keepCopy); });
  setTimeout(offerCopy, 300);

  function post(url, body) {
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf.value } });
  }

  var autosaveUrl = form.getAttribute("data-autosave-url");
  if (autosaveUrl) {
    setInterval(function () {
      if (!dirty || saving) return;
      saving = true;
      dirty = false;
      say(form.getAttribute("data-saving") || "Menyimpan…");
      post(autosaveUrl, new FormData(form)).then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      }).then(function (result) {
        if (result.status === 200) {
          form.querySelector("[name=base_revision]").value = result.data.revision;
          forgetCopy();
          say("Tersimpan otomatis " + new Date().toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" }));
        } else if (result.status === 409) {
          dirty = true;
          say(result.data.message);
        } else {
          dirty = true;
          say("Belum tersimpan: periksa isian yang ditandai saat menyimpan.");
        }
      }).catch(function () {
        dirty = true;
        say("Belum tersimpan: koneksi terputus. Dicoba lagi sebentar lagi.");
      }).finally(function () { saving = false; });
    }, AUTOSAVE_EVERY);
  }

  var presence = document.querySelector("[data-presence-url]");
  if (presence) {
    var beat = function () {
      post(presence.getAttribute("data-presence-url"), new FormData()).then(function (r) { return r.json(); }).then(function (data) {
        presence.textContent = data.others.length ? "Sedang disunting oleh " + data.others.join(", ") : "";
      }).catch(function () {});
    };
    beat();
    setInterval(beat, 10000);
    // Closing or leaving the page ends this editor's presence at once for the others.
    window.addEventListener("pagehide", function () {
      var leave = new FormData();
      leave.append("leave", "1");
      fetch(presence.getAttribute("data-presence-url"), {
        method: "POST", body: leave, credentials: "same-origin", keepalive: true,
        headers: { "X-CSRFToken": csrf.value }
      }).catch(function () {});
    });
  }

  var counter = form.querySelector("[data-counter]");
  if (counter) {
    var input = counter.querySelector("textarea, input");
    var out = counter.querySelector(".counter");
    // The headline is one line that wraps: Enter does not break it, and the box grows with it.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    var grow = function () {
      // Where the browser sizes the box to its text itself (field-sizing), it is always right.
      if (input.tagName !== "TEXTAREA" || (window.CSS && CSS.supports("field-sizing", "content"))) return;
      input.style.height = "auto";
      input.style.height = input.scrollHeight + input.offsetHeight - input.clientHeight + "px";
    };
    // Sized again once styles and fonts have settled: text laid out in a fallback face, or
    // before the stylesheet, takes other lines than the final one.
    window.addEventListener("resize", grow);
    window.addEventListener("load", grow);
    if (document.fonts) document.fonts.ready.then(grow);
    var update = function () {
      grow();
      var n = input.value.length;
      out.textContent = n + " karakter" + (n > 100 ? ": terlalu panjang untuk kartu media sosial" : n > 60 ? ": mesin pencari memotong setelah ±60" : "");
      out.className = "counter" + (n > 100 ? " warn" : "");
    };
    input.addEventListener("input", update);
    update();
  }

  var tagsBox = form.querySelector("[data-tags-url]");
  if (tagsBox) {
    var tagInput = tagsBox.querySelector("input");
    var list = tagsBox.querySelector("datalist");
    tagInput.setAttribute("list", list.id);
    tagInput.addEventListener("input", function () {
      var parts = tagInput.value.split(",");
      var last = parts.pop().trim();
      if (last.length < 1) return;
      fetch(tagsBox.getAttribute("data-tags-url") + "?q=" + encodeURIComponent(last), { credentials: "same-origin" })
        .then(function (r) { return r.json(); }).then(function (data) {
          var prefix = parts.length ? parts.join(",") + ", " : "";
          list.replaceChildren.apply(list, data.results.map(function (name) {
            var option = document.createElement("option");
            option.value = prefix + name;
            return option;
          }));
        }).catch(function () {});
    });
  }

  var dialog = document.querySelector("dialog.picker");
  var pickKind = null;
  var pickUrl = null;
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML.replace(/"/g, "&quot;");
  }
  function search() {
    var q = dialog.querySelector(".picker-q").value;
    fetch(pickUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var results = dialog.querySelector(".picker-results");
      results.replaceChildren.apply(results, data.results.map(function (item) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = pickKind === "photo" ? item.caption + " (" + item.credit + ")" : item.headline;
        button.addEventListener("click", function () {
          if (editor) {
            var html = pickKind === "photo"
              ? '<figure><img src="' + escapeHtml(item.url) + '" alt="' + escapeHtml(item.alt) + '"><figcaption>' + escapeHtml(item.caption) + "</figcaption></figure>"
              : "<p><strong>Baca Juga:</strong> <a href=\"" + escapeHtml(item.url) + "\">" + escapeHtml(item.headline) + "</a></p>";
            editor.chain().focus().insertContent(html).run();
            markDirty();
          }
          dialog.close();
        });
        li.appendChild(button);
        return li;
      }));
    }).catch(function () {});
  }
  document.querySelectorAll("button.pick").forEach(function (button) {
    button.addEventListener("click", function () {
      pickKind = button.getAttribute("data-pick");
      pickUrl = button.getAttribute("data-url");
      dialog.showModal();
      search();
    });
  });
  if (dialog) {
    dialog.querySelector(".picker-q").addEventListener("input", search);
    dialog.querySelector(".picker-close").addEventListener("click", function () { dialog.close(); });
  }
})();
