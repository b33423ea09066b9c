// Web Push receiver (issue 18), registered by /push.js under its own scope (/push-sw/) so it never controls pages
// and does not compete with the app's offline service worker. Shows the notification; a click opens its link.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(self.registration.showNotification(data.title || "Nông thôn mới", { body: data.body || "", lang: "vi", data: { link: data.link || "/" } }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = (event.notification.data && event.notification.data.link) || "/";
  event.waitUntil(self.clients.openWindow(new URL(link, self.location.origin).href));
});
