// Service worker (issue 14): the app works in hamlets with weak or no signal.
// - Static shell (CSS, scripts, icons): cache first.
// - Pages and fragments the user opened: network first, the last copy kept; offline, the copy is served with a marker
//   (#ntm-cached, its time) that public/forms.js turns into "Ngoại tuyến — dữ liệu lúc …".
// - Writes that may wait (checklist values, visits with concerns, pledges, receipts) made without network go to an
//   IndexedDB queue with their one-time keys and are answered 202 (X-Queued, no swap: the form stays). The queue is sent
//   in order when the page says the network is back; a 409 (someone saved a newer value) stops that item for the user
//   to resolve, a 401/403 waits for a new login; nothing is overwritten silently.
// - Logging out empties the page caches and the queue.
"use strict";

var VERSION = "ntm-v2";
var SHELL = "ntm-shell-" + VERSION;
var PAGES = "ntm-pages";
var SHELL_FILES = ["/app.css", "/forms.css", "/vendor/htmx.min.js", "/forms.js", "/offline.js", "/upload.js", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png"];
var QUEUEABLE = [
  /^\/communes\/\d+\/indicators\/\d+$/,
  /^\/communes\/\d+\/visits$/,
  /^\/communes\/\d+\/contributions$/,
  /^\/contributions\/\d+\/receipts$/,
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(SHELL)
      .then(function (c) {
        return c.addAll(SHELL_FILES);
      })
      .then(function () {
        return self.skipWaiting();
      }),
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (keys) {
        return Promise.all(
          keys
            .filter(function (k) {
              return k.indexOf("ntm-shell-") === 0 && k !== SHELL;
            })
            .map(function (k) {
              return caches.delete(k);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

// ---- IndexedDB queue ----
function db() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open("ntm-outbox", 1);
    open.onupgradeneeded = function () {
      open.result.createObjectStore("items", { keyPath: "id", autoIncrement: true });
    };
    open.onsuccess = function () {
      resolve(open.result);
    };
    open.onerror = function () {
      reject(open.error);
    };
  });
}
function tx(mode, run) {
  return db().then(function (d) {
    return new Promise(function (resolve, reject) {
      var t = d.transaction("items", mode);
      var result = run(t.objectStore("items"));
      t.oncomplete = function () {
        resolve(result && "result" in result ? result.result : undefined);
      };
      t.onerror = function () {
        reject(t.error);
      };
    });
  });
}
var allItems = function () {
  return tx("readonly", function (s) {
    return s.getAll();
  });
};
var putItem = function (item) {
  return tx("readwrite", function (s) {
    return s.put(item);
  });
};
var dropItem = function (id) {
  return tx("readwrite", function (s) {
    return s.delete(id);
  });
};
var clearItems = function () {
  return tx("readwrite", function (s) {
    return s.clear();
  });
};

/** Tells every open page what is waiting (for "N mục chờ gửi"). */
function broadcast(extra) {
  return allItems().then(function (items) {
    return self.clients.matchAll({ includeUncontrolled: true }).then(function (list) {
      list.forEach(function (client) {
        client.postMessage(Object.assign({ type: "outbox", items: items.map(summary) }, extra || {}));
      });
    });
  });
}
function summary(item) {
  return { id: item.id, label: item.label, at: item.at, status: item.status, page: item.page, fields: item.fields };
}

/** A short Vietnamese label of the queued write, and the fields worth showing back to the user. */
function describe(path, body) {
  var p = new URLSearchParams(body);
  var fields = {};
  ["value", "evidenceNote", "summary", "concerns", "sponsorName", "amount"].forEach(function (k) {
    if (p.get(k)) fields[k] = p.get(k).slice(0, 200);
  });
  if (/indicators/.test(path)) return { label: "Giá trị chỉ tiêu", page: path.replace(/\/indicators\/(\d+)$/, "/checklist#ind-$1"), fields: fields };
  if (/visits$/.test(path)) return { label: "Chuyến thăm cơ sở", page: path, fields: fields };
  if (/receipts$/.test(path)) return { label: "Phiếu thu", page: path.replace(/\/receipts$/, ""), fields: fields };
  return { label: "Cam kết đóng góp", page: path, fields: fields };
}

function queueWrite(request, body) {
  var url = new URL(request.url);
  var headers = {};
  request.headers.forEach(function (v, k) {
    headers[k] = v;
  });
  var d = describe(url.pathname, body);
  // The same submission tapped twice offline waits once (its one-time key would make the second harmless anyway).
  return allItems()
    .then(function (items) {
      if (items.some(function (i) { return i.url === url.pathname && i.body === body && i.status === "pending"; })) return;
      return putItem({ url: url.pathname, body: body, headers: headers, at: new Date().toISOString(), status: "pending", label: d.label, page: d.page, fields: d.fields });
    })
    .then(function () {
      return broadcast();
    })
    .then(function () {
      return new Response("Chưa có mạng — đã lưu trên máy, sẽ gửi khi có mạng.", {
        status: 202,
        headers: { "Content-Type": "text/plain; charset=utf-8", "X-Queued": "1", "HX-Reswap": "none" },
      });
    });
}

/** Sends the queue in order; stops at the first network failure. `csrf`: the current session's token. */
var replaying = null;
function replay(csrf) {
  if (replaying) return replaying;
  var sent = 0;
  replaying = allItems()
    .then(function (items) {
      var chain = Promise.resolve(true);
      items
        .sort(function (a, b) {
          return a.id - b.id;
        })
        .forEach(function (item) {
          chain = chain.then(function (go) {
            if (!go || item.status === "conflict") return go;
            var body = item.body;
            var headers = Object.assign({}, item.headers);
            if (csrf) {
              headers["x-csrf-token"] = csrf;
              var p = new URLSearchParams(body);
              if (p.has("_csrf")) {
                p.set("_csrf", csrf);
                body = p.toString();
              }
            }
            return fetch(item.url, { method: "POST", body: body, headers: headers, credentials: "same-origin", redirect: "manual" })
              .then(function (res) {
                if (res.status === 409) {
                  item.status = "conflict";
                  return putItem(item).then(function () {
                    return true;
                  });
                }
                if (res.status === 401 || res.status === 403) {
                  item.status = "login";
                  return putItem(item).then(function () {
                    return false;
                  });
                }
                if (res.status === 422) {
                  item.status = "invalid";
                  return putItem(item).then(function () {
                    return true;
                  });
                }
                sent++;
                return dropItem(item.id).then(function () {
                  return true;
                });
              })
              .catch(function () {
                return false;
              });
          });
        });
      return chain;
    })
    .then(function () {
      replaying = null;
      return broadcast({ replayed: true, sent: sent });
    })
    .catch(function () {
      replaying = null;
    });
  return replaying;
}

self.addEventListener("message", function (event) {
  var m = event.data || {};
  if (m.type === "replay") event.waitUntil(replay(m.csrf));
  else if (m.type === "drop") event.waitUntil(dropItem(m.id).then(function () { return broadcast(); }));
  else if (m.type === "status") event.waitUntil(broadcast());
});

// ---- fetch ----
self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (url.pathname === "/logout") {
      event.respondWith(
        Promise.all([caches.delete(PAGES), clearItems()]).then(function () {
          return fetch(request);
        }),
      );
      return;
    }
    if (!QUEUEABLE.some(function (re) { return re.test(url.pathname); })) return;
    var copy = request.clone();
    event.respondWith(
      fetch(request).catch(function () {
        return copy.text().then(function (body) {
          return queueWrite(copy, body);
        });
      }),
    );
    return;
  }
  if (request.method !== "GET" || url.pathname.indexOf("/files/") === 0 || /\/export\//.test(url.pathname)) return;
  if (SHELL_FILES.indexOf(url.pathname) >= 0) {
    event.respondWith(
      caches.match(request, { ignoreSearch: true }).then(function (hit) {
        return hit || fetch(request);
      }),
    );
    return;
  }
  event.respondWith(networkFirst(request));
});

/** Pages and fragments: the network's answer (kept when it is a 200 page), else the kept copy marked with its time. */
function networkFirst(request) {
  var fragment = request.headers.get("HX-Request") === "true" && request.headers.get("HX-Boosted") !== "true";
  var key = new Request(request.url + (fragment ? (request.url.indexOf("?") >= 0 ? "&" : "?") + "_fragment=1" : ""));
  return fetch(request)
    .then(function (res) {
      var type = res.headers.get("Content-Type") || "";
      if (res.status === 200 && type.indexOf("text/html") === 0 && !res.redirected) {
        var stored = res.clone();
        res
          .clone()
          .text()
          .then(function (html) {
            var headers = new Headers(stored.headers);
            headers.set("X-Cached-At", new Date().toISOString());
            return caches.open(PAGES).then(function (c) {
              return c.put(key, new Response(html, { status: 200, headers: headers }));
            });
          });
      }
      return res;
    })
    .catch(function () {
      return caches.open(PAGES).then(function (c) {
        return c.match(key).then(function (hit) {
          if (!hit) {
            return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
          }
          var at = hit.headers.get("X-Cached-At") || "";
          return hit.text().then(function (html) {
            var marker = '<div id="ntm-cached" data-at="' + at + '" hidden></div>';
            var out = html.indexOf('<main id="main"') >= 0 ? html.replace('<main id="main"', marker + '<main id="main"') : marker + html;
            return new Response(out, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "X-Cached-At": at } });
          });
        });
      });
    });
}

var OFFLINE_PAGE =
  '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>Ngoại tuyến · Nông thôn mới</title><link rel="stylesheet" href="/app.css"></head><body><main id="main">' +
  "<h1>Ngoại tuyến</h1><p>Trang này chưa được mở khi có mạng nên chưa có trên máy. Các trang đã mở trước đó vẫn xem được.</p>" +
  '<p><a href="/">Về trang chủ</a></p></main></body></html>';
