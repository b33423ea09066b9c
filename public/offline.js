// Offline: the page's side of public/sw.js: registers the service worker, shows "Ngoại tuyến" with the age
// of a page served from the copy on the phone, gives such a page's forms new one-time keys, lists what waits to be
// sent ("N mục chờ gửi", and items stopped by a 409 or a refused login) and asks the worker to send the queue when the
// network is back. Uses public/forms.js's toast and buttons (window.ntmForms), loaded before it.
(function () {
  "use strict";
  var F = window.ntmForms || { toast: function () {}, button: function () { return document.createElement("span"); }, when: String };
  var toast = F.toast;
  var button = F.button;
  var when = F.when;

  function statusBar() {
    var bar = document.getElementById("net-status");
    if (!bar) {
      bar = document.createElement("div");
      bar.id = "net-status";
      bar.className = "net-status";
      bar.setAttribute("role", "status");
      var main = document.getElementById("main") || document.body.firstChild;
      main.parentNode.insertBefore(bar, main);
    }
    return bar;
  }
  function showNetwork() {
    var cached = document.getElementById("ntm-cached");
    var bar = statusBar();
    if (cached || !navigator.onLine) {
      var age = cached && cached.getAttribute("data-at") ? " — dữ liệu lúc " + when(cached.getAttribute("data-at")) : "";
      bar.textContent = "Ngoại tuyến" + age + ". Việc bạn lưu sẽ được gửi khi có mạng.";
      bar.hidden = false;
    } else bar.hidden = true;
  }
  function pageLoaded() {
    showNetwork();
    // A page shown from the copy on this phone: each of its forms is a new submission (a new one-time key).
    if (document.getElementById("ntm-cached") && window.crypto && crypto.randomUUID) {
      document.querySelectorAll("input[name=_key]").forEach(function (k) {
        k.value = crypto.randomUUID();
      });
    }
    if (navigator.onLine) sendQueued();
    else askWorker({ type: "status" });
  }

  function token() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || "";
    } catch (e) {
      return "";
    }
  }
  function askWorker(message) {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage(message);
  }
  function sendQueued() {
    if (navigator.onLine) askWorker({ type: "replay", csrf: token() });
  }

  var STATUS_TEXT = { pending: "chờ gửi", conflict: "đã có giá trị mới hơn trên máy chủ — chưa ghi đè, mở để xem và nhập lại", login: "cần đăng nhập lại rồi gửi", invalid: "máy chủ không nhận (dữ liệu chưa hợp lệ) — mở để nhập lại" };
  function renderOutbox(items, replayed) {
    var box = document.getElementById("outbox");
    if (!items.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("details");
      box.id = "outbox";
      box.className = "outbox card";
      var main = document.getElementById("main") || document.body.firstChild;
      main.parentNode.insertBefore(box, main);
    }
    var pending = items.filter(function (i) { return i.status === "pending"; }).length;
    box.innerHTML = "";
    var head = document.createElement("summary");
    head.textContent = pending + " mục chờ gửi" + (items.length > pending ? " · " + (items.length - pending) + " mục cần xem lại" : "");
    box.appendChild(head);
    var list = document.createElement("ul");
    items.forEach(function (i) {
      var li = document.createElement("li");
      li.className = "outbox-item " + i.status;
      var what = Object.keys(i.fields || {}).map(function (k) { return i.fields[k]; }).join(" · ");
      li.textContent = i.label + " (" + when(i.at) + "): " + (STATUS_TEXT[i.status] || i.status) + (what ? " — " + what : "") + " ";
      var a = document.createElement("a");
      a.href = i.page;
      a.textContent = "Mở";
      li.appendChild(a);
      if (i.status !== "pending") {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button("Bỏ", function () { askWorker({ type: "drop", id: i.id }); }, "link"));
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    if (pending && navigator.onLine) box.appendChild(button("Gửi ngay", sendQueued, "primary"));
    if (replayed && items.some(function (i) { return i.status === "conflict"; })) box.open = true;
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (e) {
      var m = e.data || {};
      if (m.type !== "outbox") return;
      renderOutbox(m.items || [], m.replayed);
      if (m.replayed && m.sent) toast("Đã gửi " + m.sent + " mục chờ gửi" + (m.items.length ? "; còn " + m.items.length + " mục cần xem lại." : "."));
    });
    navigator.serviceWorker.addEventListener("controllerchange", function () { askWorker({ type: "status" }); });
    // The worker may start after the page: ask again once it controls the page.
    navigator.serviceWorker.ready.then(function () { askWorker({ type: "status" }); });
  }
  window.addEventListener("online", function () {
    showNetwork();
    sendQueued();
  });
  window.addEventListener("offline", showNetwork);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pageLoaded);
  else pageLoaded();
  document.addEventListener("htmx:afterSettle", showNetwork);
})();
