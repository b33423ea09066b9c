// /me/contacts (issue 18): "Bật thông báo trên trình duyệt này" asks for permission, subscribes through the push
// receiver (/push-sw.js, its own scope) with the server's VAPID key, fills the form's hidden fields and sends it.
(function () {
  if (window.__ntmPush) return;
  window.__ntmPush = true;
  function key(b64) {
    const s = atob(b64.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((b64.length + 3) % 4));
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  }
  function say(form, text) {
    let p = form.querySelector(".error-text");
    if (!p) {
      p = document.createElement("p");
      p.className = "error-text";
      p.setAttribute("role", "alert");
      form.appendChild(p);
    }
    p.textContent = text;
  }
  document.addEventListener(
    "submit",
    async (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.id !== "push-form" || form.elements.namedItem("address").value) return;
      event.preventDefault();
      event.stopPropagation();
      try {
        if (!("serviceWorker" in navigator) || !("PushManager" in window)) throw new Error("Trình duyệt này không hỗ trợ thông báo đẩy.");
        if ((await Notification.requestPermission()) !== "granted") throw new Error("Anh/chị chưa cho phép trang hiện thông báo.");
        const registration = await navigator.serviceWorker.register("/push-sw.js", { scope: "/push-sw/" });
        const worker = registration.installing || registration.waiting || registration.active;
        if (worker && worker.state !== "activated") await new Promise((r) => worker.addEventListener("statechange", () => worker.state === "activated" && r()));
        const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(form.dataset.vapidKey) });
        const json = subscription.toJSON();
        form.elements.namedItem("address").value = json.endpoint;
        form.elements.namedItem("p256dh").value = json.keys.p256dh;
        form.elements.namedItem("auth").value = json.keys.auth;
        form.requestSubmit();
      } catch (error) {
        say(form, error && error.message ? error.message : "Không bật được thông báo đẩy.");
      }
    },
    true,
  );
})();
