// Field-proof forms (issue 14), one global script for every page: visible state while saving, a visible and
// announced confirmation, a banner with "Thử lại" when the network fails (never silence), an expired session that keeps
// the form and its input (log in again in place or in a new tab, then resubmit), Escape closes an inline editor, and
// a fresh one-time key after each successful save so a form used again is a new submission.
(function () {
  "use strict";

  var SAVING = "Đang lưu…";
  var lastSubmit = null; // { form, submitter } of the request in flight or that failed

  function announce(text) {
    var region = document.getElementById("announce");
    if (region) {
      region.textContent = "";
      setTimeout(function () {
        region.textContent = text;
      }, 50);
    }
  }

  // ---- toast (visible confirmation) ----
  function announced() {
    var region = document.getElementById("announce");
    return region ? region.textContent : "";
  }
  var announcedBefore = "";

  /** `quiet`: the page already announced it (the server's own message): shown, not announced twice. */
  function toast(text, quiet) {
    var box = document.getElementById("toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "toast";
      box.className = "toast";
      // Announced once, through #announce (the page's aria-live region).
      box.setAttribute("aria-hidden", "true");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () {
      box.hidden = true;
    }, 4000);
    if (!quiet) announce(text);
  }

  // A save followed by a redirect: the confirmation is shown on the next page.
  var FLASH = "ntm-flash";
  function flashLater(text) {
    try {
      sessionStorage.setItem(FLASH, text);
    } catch (e) {}
  }
  function showFlash() {
    try {
      var text = sessionStorage.getItem(FLASH);
      if (text) {
        sessionStorage.removeItem(FLASH);
        toast(text);
      }
    } catch (e) {}
  }

  // ---- banner (failures) ----
  function banner(kind, html, actions) {
    var box = document.getElementById("form-banner");
    if (!box) {
      box = document.createElement("div");
      box.id = "form-banner";
      box.setAttribute("role", "alert");
      var main = document.getElementById("main") || document.body;
      main.parentNode.insertBefore(box, main);
    }
    box.className = "form-banner " + kind;
    box.innerHTML = "";
    var p = document.createElement("p");
    p.innerHTML = html;
    box.appendChild(p);
    (actions || []).forEach(function (a) {
      box.appendChild(a);
    });
    box.hidden = false;
    return box;
  }
  function closeBanner() {
    var box = document.getElementById("form-banner");
    if (box) box.hidden = true;
  }
  function button(label, onClick, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (cls) b.className = cls;
    b.addEventListener("click", onClick);
    return b;
  }

  // ---- the submitter: disabled, "Đang lưu…" ----
  document.addEventListener(
    "submit",
    function (e) {
      var form = e.target;
      if (!(form instanceof HTMLFormElement) || (form.method || "get").toLowerCase() !== "post") return;
      var submitter = e.submitter || form.querySelector("button[type=submit], button:not([type])");
      lastSubmit = { form: form, submitter: submitter };
      // A plain (non-htmx) post: disable after the browser has taken the submission.
      if (!window.htmx) setTimeout(function () { busy(submitter, true); }, 0);
    },
    true,
  );

  function busy(submitter, on) {
    if (!submitter || submitter.tagName !== "BUTTON") return;
    if (on) {
      if (submitter.dataset.label === undefined) submitter.dataset.label = submitter.textContent;
      submitter.disabled = true;
      submitter.setAttribute("aria-busy", "true");
      submitter.textContent = SAVING;
    } else if (submitter.dataset.label !== undefined) {
      submitter.disabled = false;
      submitter.removeAttribute("aria-busy");
      submitter.textContent = submitter.dataset.label;
      delete submitter.dataset.label;
    }
  }

  function isWrite(detail) {
    var verb = (detail.requestConfig && detail.requestConfig.verb) || "";
    return verb.toLowerCase() !== "get";
  }
  function formOf(elt) {
    return elt && (elt.tagName === "FORM" ? elt : elt.closest && elt.closest("form"));
  }

  document.addEventListener("htmx:beforeRequest", function (e) {
    if (!isWrite(e.detail)) return;
    var form = formOf(e.detail.elt);
    if (!form) return;
    // A second tap while the first is in flight: dropped here (the one-time key also makes it harmless on the server).
    if (form.dataset.inflight === "1") {
      e.preventDefault();
      return;
    }
    form.dataset.inflight = "1";
    announcedBefore = announced();
    var submitter = lastSubmit && lastSubmit.form === form ? lastSubmit.submitter : form.querySelector("button[type=submit], button:not([type])");
    lastSubmit = { form: form, submitter: submitter };
    busy(submitter, true);
    closeBanner();
  });

  document.addEventListener("htmx:afterRequest", function (e) {
    if (!isWrite(e.detail)) return;
    var form = formOf(e.detail.elt);
    if (form) delete form.dataset.inflight;
    if (lastSubmit) busy(lastSubmit.submitter, false);
    var xhr = e.detail.xhr;
    if (!xhr || xhr.status === 0) return; // network failure: htmx:sendError / htmx:timeout
    if (xhr.getResponseHeader("X-Queued") === "1") {
      // Offline: the service worker keeps it (with its one-time key) until the network is back; the form stays.
      toast("Chưa có mạng — đã lưu trên máy, sẽ gửi khi có mạng.");
      return;
    }
    if (xhr.status >= 200 && xhr.status < 300) {
      var own = announced();
      if (xhr.getResponseHeader("HX-Redirect")) flashLater("Đã lưu.");
      // The server's own announcement (e.g. "Đã thêm tài liệu …") is shown as it is, not replaced.
      else if (own && own !== announcedBefore) toast(own, true);
      else toast("Đã lưu.");
      renewKey(form);
    }
  });

  // After a save the same form (still on screen) is a new submission: a new one-time key.
  function renewKey(form) {
    if (!form || !window.crypto || !crypto.randomUUID) return;
    var key = form.querySelector("input[name=_key]");
    if (key && document.body.contains(key)) key.value = crypto.randomUUID();
  }

  function retry() {
    closeBanner();
    if (!lastSubmit || !document.body.contains(lastSubmit.form)) return;
    var f = lastSubmit.form;
    if (f.requestSubmit) f.requestSubmit(lastSubmit.submitter && f.contains(lastSubmit.submitter) ? lastSubmit.submitter : undefined);
    else f.submit();
  }

  function offlineBanner() {
    banner("error", "<strong>Mất kết nối — chưa lưu.</strong> Nội dung bạn nhập vẫn còn trên trang.", [button("Thử lại", retry, "primary")]);
  }
  document.addEventListener("htmx:sendError", function (e) {
    if (isWrite(e.detail)) offlineBanner();
    else banner("error", "<strong>Mất kết nối.</strong> Chưa tải được nội dung.", [button("Thử lại", function () { closeBanner(); location.reload(); })]);
  });
  document.addEventListener("htmx:timeout", function (e) {
    var form = formOf(e.detail.elt);
    if (form) delete form.dataset.inflight;
    if (lastSubmit) busy(lastSubmit.submitter, false);
    offlineBanner();
  });
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    if (xhr && xhr.status >= 500) banner("error", "<strong>Máy chủ gặp lỗi — chưa lưu.</strong> Nội dung bạn nhập vẫn còn trên trang.", [button("Thử lại", retry, "primary")]);
  });

  // ---- session expired: keep the form, log in again, resubmit ----
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (!xhr || xhr.status !== 401 || xhr.getResponseHeader("X-Session-Expired") !== "1") return;
    e.detail.shouldSwap = false;
    e.detail.isError = false;
    sessionBanner();
  });

  function sessionBanner(message) {
    var form = document.createElement("form");
    form.className = "relogin";
    form.innerHTML =
      '<label>Tên đăng nhập <input name="username" autocomplete="username" required></label>' +
      '<label>Mật khẩu <input name="password" type="password" autocomplete="current-password" required></label>';
    form.appendChild(button("Đăng nhập và gửi lại", function () { loginInPlace(form); }, "primary"));
    var tab = document.createElement("a");
    tab.href = "/login?next=%2F";
    tab.target = "_blank";
    tab.rel = "noopener";
    tab.textContent = "Đăng nhập ở thẻ mới";
    var again = button("Đã đăng nhập — gửi lại", function () { refreshToken().then(function (ok) { if (ok) retry(); else sessionBanner("Chưa đăng nhập lại: hãy đăng nhập rồi bấm gửi lại."); }); });
    banner(
      "warn",
      "<strong>Phiên đăng nhập đã hết — chưa lưu.</strong> Nội dung bạn nhập vẫn còn trên trang. " + (message ? message : "Đăng nhập lại rồi gửi lại."),
      [form, tab, again],
    );
  }

  /** The new session's CSRF token, read from a page of the app, put where the forms and htmx look for it. */
  function refreshToken() {
    return fetch(location.pathname + location.search, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var headers = doc.body && doc.body.getAttribute("hx-headers");
        if (!headers || !doc.querySelector("form[action='/logout']")) return false;
        var token = JSON.parse(headers)["X-CSRF-Token"];
        document.body.setAttribute("hx-headers", headers);
        document.querySelectorAll("input[name=_csrf]").forEach(function (i) { i.value = token; });
        return true;
      })
      .catch(function () { return false; });
  }

  function loginInPlace(form) {
    var user = form.querySelector("[name=username]").value;
    var pass = form.querySelector("[name=password]").value;
    fetch("/login", { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var token = (/name="_csrf" value="([^"]+)"/.exec(html) || [])[1] || "";
        var body = new URLSearchParams({ _csrf: token, username: user, password: pass, next: "/" });
        return fetch("/login", { method: "POST", body: body, credentials: "same-origin", redirect: "manual" });
      })
      .then(function (r) {
        if (r.type === "opaqueredirect" || r.status === 303 || r.status === 302) return refreshToken();
        return false;
      })
      .then(function (ok) {
        if (ok) retry();
        else sessionBanner("Tên đăng nhập hoặc mật khẩu chưa đúng.");
      })
      .catch(function () { offlineBanner(); });
  }

  // ---- Escape closes an inline editor (its "Hủy" link or button) ----
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var form = formOf(document.activeElement);
    if (!form) return;
    var cancel = form.querySelector("[data-cancel]") || Array.prototype.find.call(form.querySelectorAll("a[hx-get], button[hx-get]"), function (a) { return /Hủy/.test(a.textContent); });
    if (cancel) {
      e.preventDefault();
      cancel.click();
    }
  });

  // ---- local drafts: what is typed in a long form (one with a text area) survives a reload ----
  var SKIP = { _csrf: 1, _key: 1, version: 1, password: 1 };
  function draftForm(form) {
    return form instanceof HTMLFormElement && (form.method || "").toLowerCase() === "post" && form.querySelector("textarea") && !form.closest("#form-banner");
  }
  function draftKey(form) {
    return "ntm-draft:" + location.pathname + ":" + (form.getAttribute("action") || "");
  }
  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (f) {
      return f.name && !SKIP[f.name] && f.type !== "file" && f.type !== "hidden" && f.type !== "submit" && f.type !== "button";
    });
  }
  function saveDraft(form) {
    var values = {};
    fieldsOf(form).forEach(function (f) {
      if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked) values[f.name] = f.value;
      } else values[f.name] = f.value;
    });
    var version = form.querySelector("input[name=version]");
    try {
      localStorage.setItem(draftKey(form), JSON.stringify({ at: new Date().toISOString(), version: version ? version.value : null, values: values }));
    } catch (e) {}
  }
  function clearDraft(form) {
    try {
      if (form) localStorage.removeItem(draftKey(form));
    } catch (e) {}
  }
  function applyDraft(form, values) {
    fieldsOf(form).forEach(function (f) {
      if (!(f.name in values) && f.type !== "checkbox" && f.type !== "radio") return;
      if (f.type === "checkbox" || f.type === "radio") f.checked = values[f.name] === f.value;
      else f.value = values[f.name];
    });
  }
  function restoreDrafts(root) {
    var forms = root.tagName === "FORM" ? [root] : root.querySelectorAll ? root.querySelectorAll("form") : [];
    Array.prototype.forEach.call(forms, function (form) {
      if (!draftForm(form) || form.dataset.draftChecked) return;
      form.dataset.draftChecked = "1";
      var saved;
      try {
        saved = JSON.parse(localStorage.getItem(draftKey(form)) || "null");
      } catch (e) {
        saved = null;
      }
      if (!saved || !saved.values) return;
      var differs = fieldsOf(form).some(function (f) {
        if (f.type === "checkbox" || f.type === "radio") return (saved.values[f.name] === f.value) !== f.checked;
        return f.name in saved.values && saved.values[f.name] !== f.value;
      });
      if (!differs) return;
      var version = form.querySelector("input[name=version]");
      var stale = version && saved.version !== null && saved.version !== version.value;
      var note = document.createElement("p");
      note.className = "alert info draft-note";
      note.setAttribute("role", "status");
      if (stale) {
        // Typed on an older value: never put back silently over the newer one.
        note.textContent = "Có bản nháp chưa gửi (lúc " + when(saved.at) + ") soạn trên dữ liệu cũ hơn. ";
        note.appendChild(button("Khôi phục bản nháp", function () { applyDraft(form, saved.values); note.remove(); }));
      } else {
        applyDraft(form, saved.values);
        note.textContent = "Đã khôi phục bản nháp chưa gửi (lúc " + when(saved.at) + "). ";
      }
      note.appendChild(document.createTextNode(" "));
      note.appendChild(button("Bỏ bản nháp", function () { clearDraft(form); form.reset(); note.remove(); }, "link"));
      form.insertBefore(note, form.firstChild);
    });
  }
  document.addEventListener("input", function (e) {
    var form = formOf(e.target);
    if (form && draftForm(form)) saveDraft(form);
  });
  document.addEventListener("htmx:load", function (e) {
    restoreDrafts(e.detail.elt);
  });
  // Saved (or kept by the service worker to send later): the draft is done.
  document.addEventListener("htmx:afterRequest", function (e) {
    var xhr = e.detail.xhr;
    if (isWrite(e.detail) && xhr && xhr.status >= 200 && xhr.status < 300) clearDraft(formOf(e.detail.elt));
  });

  // Shared with public/offline.js (the service worker's side of the page).
  window.ntmForms = { toast: toast, button: button, when: when };

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }
  /** hh:mm dd/mm/yyyy in Asia/Ho_Chi_Minh (UTC+7 all year). */
  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    var v = new Date(d.getTime() + 7 * 3600 * 1000);
    return two(v.getUTCHours()) + ":" + two(v.getUTCMinutes()) + " " + two(v.getUTCDate()) + "/" + two(v.getUTCMonth() + 1) + "/" + v.getUTCFullYear();
  }

  function pageLoaded() {
    restoreDrafts(document);
    showFlash();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pageLoaded);
  else pageLoaded();
  document.addEventListener("htmx:afterSettle", showFlash);
})();
