// crosscheck review: keyboard shortcuts (Prodigy-style) and small conveniences.
// Served from the package under a strict CSP: no inline script, no outside resources.
(function () {
  "use strict";

  var page = document.body.getAttribute("data-page");

  function typing(ev) {
    var t = ev.target;
    return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function plainKey(ev) {
    return !(ev.ctrlKey || ev.metaKey || ev.altKey);
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.href = link.getAttribute("href"); }
  }

  // Filters: submit as soon as a select changes.
  Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  // z: undo the last decision made in this browser (the server remembers it).
  var undoForm = document.getElementById("undo-form");
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "z" && undoForm && !typing(ev) && plainKey(ev)) {
      ev.preventDefault();
      undoForm.requestSubmit();
    }
  });

  if (page === "queue") {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tr[data-href]"));
    var current = -1;
    var select = function (i) {
      if (!rows.length) { return; }
      current = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (r, n) {
        r.classList.toggle("selected", n === current);
        r.setAttribute("aria-selected", n === current ? "true" : "false");
      });
      rows[current].scrollIntoView({block: "nearest"});
    };
    var boxes = Array.prototype.slice.call(document.querySelectorAll("#queue input[name=ids]"));
    var all = document.getElementById("select-all");
    var count = document.getElementById("selected-count");
    var bulk = document.getElementById("bulk");
    var bulkHint = document.getElementById("bulk-hint");
    var recount = function () {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      if (count) { count.textContent = n + " selected"; }
      if (all) { all.checked = n > 0 && n === boxes.length; all.indeterminate = n > 0 && n < boxes.length; }
      rows.forEach(function (r) {
        var box = r.querySelector("input[name=ids]");
        r.classList.toggle("picked", !!box && box.checked);
      });
    };
    boxes.forEach(function (b) { b.addEventListener("change", recount); });
    if (all) {
      all.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = all.checked; });
        recount();
      });
    }
    if (bulk) {
      bulk.addEventListener("submit", function (ev) {
        var action = ev.submitter ? ev.submitter.value : "";
        var say = function (text, focus) { bulkHint.textContent = text; if (focus) { focus.focus(); } ev.preventDefault(); };
        if (!boxes.some(function (b) { return b.checked; })) { return say("Tick the findings to decide on first."); }
        if (!document.getElementById("bulk-editor").value.trim()) { return say("Enter your name first.", document.getElementById("bulk-editor")); }
        var reason = document.getElementById("bulk-reason");
        if (action === "dismiss" && !reason.value) { return say("Choose why they are false alarms.", reason); }
        if (action === "dismiss" && reason.value === "other" && !document.getElementById("bulk-note").value.trim()) {
          return say("Say why in the note.", document.getElementById("bulk-note"));
        }
      });
    }
    recount();
    rows.forEach(function (r, n) {
      r.addEventListener("click", function (ev) {
        if (/^(A|INPUT|LABEL)$/.test(ev.target.tagName) || ev.target.closest("td.pick")) { return; }
        window.location.href = r.getAttribute("data-href");
      });
      r.addEventListener("mouseenter", function () { current = n; });
    });
    document.addEventListener("keydown", function (ev) {
      if (typing(ev) || !plainKey(ev)) { return; }
      if (ev.key === "j") { select(current + 1); ev.preventDefault(); }
      else if (ev.key === "k") { select(current < 0 ? 0 : current - 1); ev.preventDefault(); }
      else if (ev.key === "x" && current >= 0) {
        var box = rows[current].querySelector("input[name=ids]");
        if (box) { box.checked = !box.checked; recount(); }
        ev.preventDefault();
      }
      else if (ev.key === "/") { document.getElementById("search").focus(); ev.preventDefault(); }
      else if ((ev.key === "Enter" || ev.key === "o") && current >= 0) {
        window.location.href = rows[current].getAttribute("data-href");
        ev.preventDefault();
      }
    });
  }

  if (page === "finding") {
    var form = document.getElementById("decision");
    var editor = document.getElementById("editor");
    var reason = document.getElementById("reason");
    var note = document.getElementById("note");
    var hint = document.getElementById("hint");
    var box = document.getElementById("dismiss-box");
    var dismissing = false;

    var say = function (text) { hint.textContent = text; };
    var setDismissing = function (on) {
      dismissing = on;
      box.classList.toggle("active", on);
      if (on) { say("Dismiss: press 1–" + (reason.options.length - 1) + " for the reason, Esc to cancel."); }
      else { say(""); }
    };
    var send = function (action) {
      if (!editor.value.trim()) {
        editor.focus();
        say("Enter your name first, then press the key again.");
        return;
      }
      var button = form.querySelector("button[value='" + action + "']");
      if (button.disabled) {
        say("This finding is already " + document.getElementById("current-status").textContent + ".");
        return;
      }
      if (action === "dismiss" && !reason.value) { setDismissing(true); return; }
      if (reason.value === "other" && action === "dismiss" && !note.value.trim()) {
        note.focus();
        say("Say why in the note, then press Ctrl+Enter.");
        return;
      }
      form.requestSubmit(button);
    };

    // Remember the editor's name (the server also sets this cookie on each decision).
    editor.addEventListener("change", function () {
      document.cookie = "cc_editor=" + encodeURIComponent(editor.value.trim()) +
        "; path=/; max-age=31536000; samesite=strict";
    });

    form.addEventListener("submit", function (ev) {
      var action = ev.submitter ? ev.submitter.value : "";
      if (action === "dismiss" && !reason.value) {
        ev.preventDefault();
        setDismissing(true);
        reason.focus();
      }
    });

    note.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        send(reason.value ? "dismiss" : "confirm");
      }
    });

    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        if (typing(ev)) { ev.target.blur(); }
        setDismissing(false);
        return;
      }
      if (typing(ev) || !plainKey(ev)) { return; }
      if (dismissing && /^[1-9]$/.test(ev.key)) {
        var n = parseInt(ev.key, 10);
        if (n < reason.options.length) {
          reason.selectedIndex = n;
          ev.preventDefault();
          send("dismiss");
        }
        return;
      }
      switch (ev.key) {
        case "c": ev.preventDefault(); send("confirm"); break;
        case "d": ev.preventDefault(); setDismissing(true); break;
        case "r": ev.preventDefault(); send("reopen"); break;
        case "j": ev.preventDefault(); follow("a[rel=next]"); break;
        case "k": ev.preventDefault(); follow("a[rel=prev]"); break;
        case "u": ev.preventDefault(); follow(".crumbs a"); break;
        default: break;
      }
    });
  }
}());
